import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { parseInterval, WEEKDAYS } from '../domain/bookable-hours.js';
import { RESOURCE_KINDS, type ResourceKind } from '../domain/resource.entity.js';

const CODE = /^[a-z][a-z0-9-]{1,62}$/;
const LOCALES = ['en', 'et', 'fi', 'sv', 'bg'];

function textsProblem(value: unknown, max: number): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ' must be texts per language, e.g. { en: "…" }';
  const entries = Object.entries(value);
  if (entries.length === 0) return ' needs a text in at least one language';
  for (const [locale, text] of entries) {
    if (!LOCALES.includes(locale)) return `.${locale}: ${locale} is not a language of Townhall (${LOCALES.join(', ')})`;
    if (typeof text !== 'string' || text.trim() === '' || text.length > max)
      return `.${locale} must be a text of 1 to ${max} characters`;
  }
  return null;
}

/** Texts per language: `{ et: '…', en: '…' }`. */
function IsTexts(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isTexts',
    validator: {
      validate: (value) => textsProblem(value, max) === null,
      defaultMessage: (args?: ValidationArguments) => `${args?.property}${textsProblem(args?.value, max)}`,
    },
  });
}

function hoursProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ' must map weekdays to times, e.g. { monday: ["17:00-21:00"] }';
  for (const [day, intervals] of Object.entries(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) return `.${day}: the days are ${WEEKDAYS.join(', ')}`;
    if (!Array.isArray(intervals)) return `.${day} must be a list of times like "17:00-21:00"`;
    for (const [i, interval] of intervals.entries()) {
      if (typeof interval !== 'string' || !parseInterval(interval))
        return `.${day}.${i} must be a time of day like "17:00-21:00" (HH:MM-HH:MM, ending after it starts)`;
    }
  }
  return null;
}

function IsBookableHours(): PropertyDecorator {
  return ValidateBy({
    name: 'isBookableHours',
    validator: {
      validate: (value) => hoursProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) => `${args?.property}${hoursProblem(args?.value)}`,
    },
  });
}

const minutes = (field: string, min: number, max: number) => [
  IsInt({ message: `${field} must be a whole number of minutes` }),
  Min(min, { message: `${field} must be ${min} or more` }),
  Max(max, { message: `${field} must be ${max} or less` }),
];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class ContactsDto {
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;

  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'phone must be a phone number, e.g. +372 736 1000' })
  phone?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  person?: string;
}

/** A bookable resource of an institution, in a tenant file. */
export class ResourceSetupDto {
  @Matches(CODE, { message: 'code must be lower-case letters, digits and -, starting with a letter' })
  code: string;

  @IsIn(RESOURCE_KINDS, { message: `kind must be one of ${RESOURCE_KINDS.join(', ')}` })
  kind: ResourceKind;

  @IsTexts(200)
  name: Record<string, string>;

  @IsOptional()
  @IsTexts(4000)
  description?: Record<string, string>;

  @IsOptional()
  @apply(
    IsInt({ message: 'capacity must be a whole number of people' }),
    Min(1, { message: 'capacity must be 1 or more' }),
  )
  capacity?: number;

  @IsOptional()
  @apply(
    IsInt({ message: 'areaM2 must be a whole number of square metres' }),
    Min(1, { message: 'areaM2 must be 1 or more' }),
  )
  areaM2?: number;

  @IsOptional()
  @IsArray({ message: 'equipment must be a list' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  equipment?: string[];

  @IsOptional()
  @apply(
    IsInt({ message: 'pricePerHour must be a whole number of minor units (cents): 5000 is 50.00' }),
    Min(0, { message: 'pricePerHour must be 0 (free) or more' }),
    Max(100_000_000, { message: 'pricePerHour must be 100000000 or less' }),
  )
  pricePerHour?: number;

  @IsBookableHours()
  bookableHours: Record<string, string[]>;

  @IsOptional()
  @apply(...minutes('slotMinutes', 5, 1440))
  slotMinutes?: number;

  @apply(...minutes('minMinutes', 5, 1440))
  minMinutes: number;

  @apply(...minutes('maxMinutes', 5, 1440))
  maxMinutes: number;

  @IsOptional()
  @apply(...minutes('leadMinutes', 0, 525_600))
  leadMinutes?: number;

  @IsOptional()
  @IsBoolean({ message: 'needsApproval must be true or false' })
  needsApproval?: boolean;

  @IsOptional()
  @apply(...minutes('cancellationNoticeMinutes', 0, 525_600))
  cancellationNoticeMinutes?: number;
}

export class InstitutionSetupDto {
  @Matches(CODE, { message: 'code must be lower-case letters, digits and -, starting with a letter' })
  code: string;

  @IsTexts(200)
  name: Record<string, string>;

  @IsString({ message: 'address must be a text' })
  @Length(1, 300, { message: 'address must be 1 to 300 characters' })
  address: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ContactsDto)
  contacts?: ContactsDto;

  @IsArray({ message: 'resources must be a list' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ResourceSetupDto)
  resources: ResourceSetupDto[];
}

/** The `bookings:` section of tenants/<slug>/tenant.yaml. */
export class BookingsSetupDto {
  @IsArray({ message: 'institutions must be a list' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InstitutionSetupDto)
  institutions: InstitutionSetupDto[];
}
