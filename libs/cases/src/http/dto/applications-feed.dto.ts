import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { STATE_KINDS, type ApplicationStateKind } from '../../domain/application.entity.js';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
/** The kinds a city system sees: every kind but the applicant's own drafts. */
const FEED_KINDS = STATE_KINDS.filter((kind) => kind !== 'draft');

/** The applications feed's filters and position. */
export class ApplicationsFeedQueryDto {
  @ApiPropertyOptional({ description: 'Only applications of this service (its code)', example: 'felling-permit' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'service must be a service code' })
  service?: string;

  @ApiPropertyOptional({ enum: FEED_KINDS, description: 'Only applications of this kind of state' })
  @IsOptional()
  @IsIn(FEED_KINDS, { message: `stateKind must be one of ${FEED_KINDS.join(', ')}` })
  stateKind?: ApplicationStateKind;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only applications changed at or after this time (the first call of a sync)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'updatedSince must be a date and time in ISO 8601' })
  updatedSince?: string;

  @ApiPropertyOptional({ description: 'The `next` of the previous page: go on after it' })
  @IsOptional()
  @Matches(/^\d{1,18}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'after must be the next of a previous page',
  })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be 1 to 500' })
  @Max(500, { message: 'limit must be 1 to 500' })
  limit?: number;
}

/** An application as a city system syncs it: where it is, no personal data. */
export class ApplicationFeedItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'TRT-2026-000001' })
  reference: string | null;

  @ApiProperty({ description: 'The service code', example: 'felling-permit' })
  service: string;

  @ApiProperty({ description: "The state of the service's workflow", example: 'decided' })
  state: string;

  @ApiProperty({ enum: FEED_KINDS })
  stateKind: ApplicationStateKind;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: Date | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['approved', 'partly-approved', 'rejected', 'issued'],
    description: 'The outcome, once decided',
  })
  outcome: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ format: 'date-time', description: 'When it last changed' })
  updatedAt: Date;

  @ApiProperty({ description: 'Its version: it grows with each change' })
  version: number;
}

export class ApplicationsFeedResponseDto {
  @ApiProperty({ type: [ApplicationFeedItemDto], description: 'Oldest change first' })
  items: ApplicationFeedItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; also the place to resume the next sync from',
  })
  next: string | null;
}
