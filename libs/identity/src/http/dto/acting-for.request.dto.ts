import { IsOptional, IsString, Matches } from 'class-validator';

export class ActingForRequestDto {
  /** The company's registry code; empty to act for oneself again. */
  @Matches(/^([0-9A-Z]{6,20})?$/, {
    message: 'registryCode must be a registry code of 6-20 digits or capitals, or empty',
  })
  registryCode: string = '';

  @IsOptional()
  @IsString()
  _csrf?: string;
}
