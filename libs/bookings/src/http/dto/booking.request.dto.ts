import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@townhall/web';

/** Whole minutes (slots are): seconds, if given, are zero. */
const INSTANT = /^\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d(:00(\.0+)?)?(Z|[+-]\d\d:\d\d)$/;

/** POST /api/v1/bookings: a resource and a time, as instants with their offset. */
export class BookingRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'resourceId must be the id of a resource' })
  resourceId: string;

  @ApiProperty({ example: '2025-03-04T18:00:00+02:00', description: 'ISO 8601 with its offset (or Z)' })
  @Matches(INSTANT, {
    message: 'start must be a date and time in whole minutes with its offset, e.g. 2025-03-04T18:00:00+02:00',
  })
  @IsISO8601({ strict: true }, { message: 'start must be a day of the calendar and a time' })
  start: string;

  @ApiProperty({ example: '2025-03-04T20:00:00+02:00', description: 'ISO 8601 with its offset (or Z); not included' })
  @Matches(INSTANT, {
    message: 'end must be a date and time in whole minutes with its offset, e.g. 2025-03-04T20:00:00+02:00',
  })
  @IsISO8601({ strict: true }, { message: 'end must be a day of the calendar and a time' })
  end: string;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The booking form of a resource's page: a day and the time of day, in the municipality's time zone. */
export class BookingFormDto {
  @Matches(DATE, { message: 'date must be a day like 2025-03-04' })
  @IsISO8601({ strict: true }, { message: 'date must be a day of the calendar' })
  date: string;

  @Matches(TIME, { message: 'from must be a time like 18:00' })
  from: string;

  @Matches(TIME, { message: 'to must be a time like 20:00' })
  to: string;

  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** The week a resource's page shows: the Monday of it (default this week). */
export class ResourcePageQueryDto extends PageQueryDto {
  @IsOptional()
  @Matches(DATE, { message: 'week must be a day like 2025-03-03' })
  week?: string;

  @IsOptional()
  @Matches(/^[A-Z0-9-]{1,20}$/, { message: 'booked must be a booking reference' })
  booked?: string;

  /** "My bookings" after a cancellation: the booking's reference. */
  @IsOptional()
  @Matches(/^[A-Z0-9-]{1,20}$/, { message: 'cancelled must be a booking reference' })
  cancelled?: string;
}

/** GET /api/v1/resources/:id/availability?from&to: local days, from included, to not. */
export class AvailabilityQueryDto {
  @ApiPropertyOptional({ example: '2025-03-03', description: 'First day (local), default today' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a day like 2025-03-03' })
  @Matches(DATE, { message: 'from must be a day like 2025-03-03' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-03-10', description: 'Day after the last (local), default a week after from' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a day like 2025-03-10' })
  @Matches(DATE, { message: 'to must be a day like 2025-03-10' })
  to?: string;
}
