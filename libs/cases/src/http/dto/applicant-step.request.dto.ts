import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** A step of the workflow the applicant takes on their own application (cancel a booking, withdraw an appeal). */
export class ApplicantStepRequestDto {
  /** The version of the application the applicant saw. */
  @ApiProperty({ minimum: 1, description: 'The version of the application you saw: a change made meanwhile is a 409' })
  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'version must be the version of the application you saw' })
  version: number;

  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}
