import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Array.isArray(value) ? value : [value];

/** The work queue's filters (a GET form on the page, a query on the API). */
export class QueueQueryDto {
  @ApiPropertyOptional({ description: 'Only cases of this service (its code)', example: 'felling-permit' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'service must be a service code' })
  service?: string;

  @ApiPropertyOptional({ description: "Only cases in this state of the service's workflow", example: 'submitted' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'state must be a state id' })
  state?: string;

  /** me, none, or a staff member's id. */
  @ApiPropertyOptional({
    description: "Only cases of this official (a staff id), none for unassigned ones, me for the official's own",
    example: 'none',
  })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f-]{36})$/i, { message: 'assignee must be me, none or a staff id' })
  assignee?: string;

  @ApiPropertyOptional({
    enum: ['overdue', 'soon'],
    description: 'Only cases past, or within 3 days of, their due date',
  })
  @IsOptional()
  @IsIn(['overdue', 'soon'], { message: 'due must be overdue or soon' })
  due?: 'overdue' | 'soon';

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, description: 'Pages of 50 cases, from 1' })
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(10000)
  @IsInt({ message: 'page must be a whole number' })
  page?: number;

  @ApiHideProperty()
  @IsOptional()
  @IsIn(['et', 'en', 'bg', 'sv', 'fi'])
  lang?: string;
}

/** A step of the workflow taken on a case. */
export class TransitionRequestDto {
  @ApiProperty({ description: "The id of a transition of the service's workflow", example: 'start-review' })
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'transition must be a transition id' })
  transition: string;

  /** The version of the case the official saw. */
  @ApiProperty({ minimum: 1, description: 'The version of the case you saw: a change made meanwhile is a 409' })
  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'version must be the version of the case you saw' })
  version: number;

  /** The reasons of a decision, or what information is needed. */
  @ApiPropertyOptional({ maxLength: 20000, description: 'The reasons of a decision, or what information is needed' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  text?: string;

  /** A request for information: working days the applicant has to answer. */
  @ApiPropertyOptional({ minimum: 1, maximum: 90, description: 'A request for information: working days to answer' })
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(90)
  @IsInt({ message: 'dueDays must be 1 to 90 working days' })
  dueDays?: number;

  /** A request for information: the fields the applicant is asked to correct. */
  @ApiPropertyOptional({ type: [String], description: 'A request for information: the fields to correct' })
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { each: true, message: 'fields must be field names' })
  fields?: string[];

  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class RevokePermitRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class NoteRequestDto {
  @IsString()
  @MaxLength(20000)
  text: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class AssignRequestDto {
  /** me, or a staff member's id. */
  @Matches(/^(me|[0-9a-f-]{36})$/i, { message: 'assignee must be me or a staff id' })
  assignee: string;

  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'version must be the version of the case you saw' })
  version: number;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class CaseIdDto {
  @IsUUID('all', { message: 'id must be an application id' })
  id: string;
}

/** Why an official opens a person's data outside a case they are in charge of. */
export class PersonQueryDto {
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'reason must say in at least 10 characters why you open this person’s data' })
  @MaxLength(500)
  reason?: string;

  /** The case the official came from (a link back). */
  @IsOptional()
  @IsUUID('all', { message: 'case must be an application id' })
  case?: string;

  @IsOptional()
  @IsIn(['et', 'en', 'bg', 'sv', 'fi'])
  lang?: string;
}
