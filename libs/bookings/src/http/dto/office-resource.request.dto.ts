import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { BOOKING_STATUSES, type BookingStatus } from '../../domain/booking.entity.js';
import type { BookableHours } from '../../domain/bookable-hours.js';
import { RESOURCE_KINDS, type ResourceKind } from '../../domain/resource.entity.js';

const TEXTS = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { en: 'Auditorium', et: 'Aula' },
} as const;

export class InstitutionContactsDto {
  @ApiPropertyOptional({ example: 'info@school.example.eu' })
  @IsOptional()
  @IsEmail({}, { message: 'contacts.email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ example: '+372 744 7140' })
  @IsOptional()
  @IsString()
  @Length(3, 40, { message: 'contacts.phone must be 3 to 40 characters' })
  phone?: string;

  @ApiPropertyOptional({ example: 'Mari Maasikas' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'contacts.person must be 1 to 100 characters' })
  person?: string;
}

/** An institution as the office saves it (POST/PUT /api/v1/office/institutions). */
export class OfficeInstitutionRequestDto {
  @ApiProperty({ ...TEXTS, description: 'Per language (en, et, fi, sv, bg); at least one' })
  @IsObject({ message: 'name must be texts per language, e.g. { "en": "…" }' })
  name: Record<string, string>;

  @ApiProperty({ example: 'Munga 14, Tartu' })
  @IsString({ message: 'address must be a text' })
  @Length(1, 200, { message: 'address must be 1 to 200 characters' })
  address: string;

  @ApiPropertyOptional({ type: InstitutionContactsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => InstitutionContactsDto)
  contacts?: InstitutionContactsDto;
}

const minutes = (name: string, min: number, max: number) =>
  [
    IsInt({ message: `${name} must be a whole number of minutes` }),
    Min(min, { message: `${name} must be ${min} or more` }),
    Max(max, { message: `${name} must be ${max} or less` }),
  ] as PropertyDecorator[];
const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

/** A resource as the office saves it (POST/PUT /api/v1/office/resources). */
export class OfficeResourceRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'institutionId must be the id of an institution' })
  institutionId: string;

  @ApiProperty({ enum: RESOURCE_KINDS })
  @IsIn(RESOURCE_KINDS, { message: `kind must be one of ${RESOURCE_KINDS.join(', ')}` })
  kind: ResourceKind;

  @ApiProperty({ ...TEXTS, description: 'Per language; at least one' })
  @IsObject({ message: 'name must be texts per language, e.g. { "en": "…" }' })
  name: Record<string, string>;

  @ApiPropertyOptional({ ...TEXTS, description: 'Per language' })
  @IsOptional()
  @IsObject({ message: 'description must be texts per language' })
  description?: Record<string, string>;

  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'People it holds' })
  @IsOptional()
  @IsInt({ message: 'capacity must be a whole number of people' })
  @Min(1, { message: 'capacity must be 1 or more' })
  @Max(100_000, { message: 'capacity must be 100000 or less' })
  capacity?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'm²' })
  @IsOptional()
  @IsInt({ message: 'areaM2 must be a whole number of square metres' })
  @Min(1, { message: 'areaM2 must be 1 or more' })
  @Max(1_000_000, { message: 'areaM2 must be 1000000 or less' })
  areaM2?: number | null;

  @ApiPropertyOptional({ type: [String], example: ['projector', 'piano'] })
  @IsOptional()
  @IsArray({ message: 'equipment must be a list of texts' })
  @ArrayMaxSize(30, { message: 'equipment may list at most 30 things' })
  @IsString({ each: true, message: 'equipment must be a list of texts' })
  @Length(1, 80, { each: true, message: 'each equipment item must be 1 to 80 characters' })
  equipment?: string[];

  @ApiProperty({ type: 'integer', description: "Minor units of the municipality's currency per hour; 0 is free" })
  @IsInt({ message: 'pricePerHour must be a whole number of minor units (cents), e.g. 5000 for 50.00' })
  @Min(0, { message: 'pricePerHour must be 0 or more' })
  @Max(10_000_000, { message: 'pricePerHour must be 10000000 or less' })
  pricePerHour: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { monday: ['17:00-21:00'] },
    description: 'Local wall-clock times per weekday (monday … sunday); a missing day is not bookable',
  })
  @IsObject({ message: 'bookableHours must map weekdays to times, e.g. { "monday": ["17:00-21:00"] }' })
  bookableHours: BookableHours;

  @ApiPropertyOptional({ type: 'integer', default: 30 })
  @IsOptional()
  @all(...minutes('slotMinutes', 5, 1440))
  slotMinutes?: number;

  @ApiProperty({ type: 'integer' })
  @all(...minutes('minMinutes', 1, 10_080))
  minMinutes: number;

  @ApiProperty({ type: 'integer' })
  @all(...minutes('maxMinutes', 1, 10_080))
  maxMinutes: number;

  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @all(...minutes('leadMinutes', 0, 525_600))
  leadMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @all(...minutes('cancellationNoticeMinutes', 0, 525_600))
  cancellationNoticeMinutes?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean({ message: 'needsApproval must be true or false' })
  needsApproval?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}

/** GET /api/v1/office/bookings: what a city system reads of bookings. */
export class OfficeBookingsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'resource must be the id of a resource' })
  resource?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+02:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date or a date and time, e.g. 2026-12-01T00:00:00+02:00' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00+02:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date or a date and time, e.g. 2026-12-31T00:00:00+02:00' })
  to?: string;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES, { message: `status must be one of ${BOOKING_STATUSES.join(', ')}` })
  status?: BookingStatus;
}

/** POST /api/v1/office/bookings/:id/reject: why, as the booker is told it. */
export class RejectBookingRequestDto {
  @ApiProperty({ example: 'The hall is closed for repairs that week.', description: '1 to 1000 characters' })
  @IsOptional()
  @IsString({ message: 'reason must be a text' })
  reason?: string;
}
