import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  STAFF_ROLES,
  SUPPORTED_CURRENCIES,
  SUPPORTED_LOCALES,
  type Currency,
  type Locale,
  type StaffRole,
} from '../../domain/tenant.entity.js';
import { HasTextContrastWith, IsOneOfProperty, IsTextPerLocale, IsTimeZone, PLAIN_TEXT } from './validators.js';
import { IsLogoDataUrl } from '../../domain/tenant-logo.js';
import { SUPPORTED_COUNTRIES, type Country } from '../../domain/countries.js';

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const CODE = /^[a-z][a-z0-9-]{1,62}$/;

export class BrandingDto {
  @ApiProperty({ example: '#00558c', description: 'Main colour, #rrggbb; primaryTextColor is written on it' })
  @HasTextContrastWith('primaryTextColor')
  @Matches(HEX_COLOUR, { message: 'primaryColor must be a colour like #00558c' })
  primaryColor: string;

  @ApiPropertyOptional({ example: '#ffffff', description: 'The colour of text on primaryColor (default white)' })
  @IsOptional()
  @Matches(HEX_COLOUR, { message: 'primaryTextColor must be a colour like #ffffff' })
  primaryTextColor?: string;

  @ApiPropertyOptional({ example: 'https://www.tartu.ee/logo.svg', description: 'A logo kept elsewhere' })
  @IsOptional()
  @Matches(/^https:\/\/\S{1,2000}$/, { message: 'logoUrl must be an https URL' })
  logoUrl?: string;

  /**
   * The logo itself, kept with the settings and served from the municipality's host. A tenant
   * file names a file beside it instead (`logo: logo.svg`), which is read into this.
   */
  @ApiPropertyOptional({
    example: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0i…',
    description: 'An SVG or PNG of at most 50 kB as a data: URL; an SVG may not run or load anything',
  })
  @IsOptional()
  @IsLogoDataUrl()
  logoDataUrl?: string;
}

export class OidcClientDto {
  @ApiProperty({ example: 'http://localhost:4000/eid' })
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'issuer must be an http(s) URL' },
  )
  issuer: string;

  @ApiProperty({ example: 'tartu-portal' })
  @IsString()
  @Length(1, 200)
  @Matches(PLAIN_TEXT, { message: 'clientId must not contain control characters' })
  clientId: string;

  @ApiProperty({
    example: 'TARTU_EID_CLIENT_SECRET',
    description: 'Name of the environment variable holding the secret',
  })
  @Matches(/^[A-Z][A-Z0-9_]{1,100}$/, {
    message: 'clientSecretRef must name an environment variable, e.g. TARTU_EID_CLIENT_SECRET',
  })
  clientSecretRef: string;
}

/** instance/member class/member code/subsystem, as X-Road names a consumer. */
const X_ROAD_CLIENT = /^[A-Za-z0-9-]{2,20}\/[A-Z]{2,10}\/[A-Za-z0-9.-]{1,64}\/[A-Za-z0-9.-]{1,64}$/;

export class RegisterDto {
  @ApiProperty({
    example: 'http://localhost:4000/registers/population',
    description: "The register service's base URL",
  })
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL' },
  )
  url: string;

  @ApiPropertyOptional({
    example: 'EE/GOV/tartu/townhall',
    description: 'The X-Road-Client the municipality is known as (default EU/GOV/<slug>/townhall)',
  })
  @IsOptional()
  @Matches(X_ROAD_CLIENT, {
    message: 'client must be an X-Road client as instance/class/member/subsystem, e.g. EE/GOV/tartu/townhall',
  })
  client?: string;

  @ApiPropertyOptional({ example: 3000, description: 'How long a look-up may take, retry included (ms, default 3000)' })
  @IsOptional()
  @IsInt({ message: 'timeoutMs must be a whole number of milliseconds' })
  @Min(100, { message: 'timeoutMs must be 100 or more' })
  @Max(30_000, { message: 'timeoutMs must be 30000 or less' })
  timeoutMs?: number;
}

export class PopulationRegisterDto extends RegisterDto {
  @ApiPropertyOptional({
    example: '049',
    description:
      "The municipality's code in the population register (EHAK, kuntanumero, kommunkod, EKATTE): whose residents are its own; needed for proactive services",
  })
  @IsOptional()
  @Matches(/^[0-9A-Z]{2,10}$/, {
    message: "municipalityCode must be the municipality's code in the population register, e.g. 049 or 0793",
  })
  municipalityCode?: string;
}

export class RegistersDto {
  @ApiPropertyOptional({
    type: PopulationRegisterDto,
    description: 'The population register: name, address, date of birth, minors in custody, residence',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PopulationRegisterDto)
  population?: PopulationRegisterDto;

  @ApiPropertyOptional({ type: RegisterDto, description: 'The property register: cadastral units and their owners' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegisterDto)
  property?: RegisterDto;

  @ApiPropertyOptional({ type: RegisterDto, description: 'The business register: who may represent which company' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegisterDto)
  business?: RegisterDto;
}

export class IdentityProviderDto {
  @ApiPropertyOptional({ type: OidcClientDto, description: "Citizens' national eID" })
  @IsOptional()
  @ValidateNested()
  @Type(() => OidcClientDto)
  citizen?: OidcClientDto;

  @ApiPropertyOptional({ type: OidcClientDto, description: "The municipality's staff identity provider" })
  @IsOptional()
  @ValidateNested()
  @Type(() => OidcClientDto)
  staff?: OidcClientDto;
}

export class InitialServiceDto {
  @ApiProperty({ example: 'felling-permit', description: 'The code of a platform service template' })
  @Matches(CODE, { message: 'template must be lower-case letters, digits and -' })
  template: string;

  @ApiPropertyOptional({ example: 1, description: 'The template version adopted (default: the latest)' })
  @IsOptional()
  @IsInt({ message: 'templateVersion must be a whole number' })
  @Min(1, { message: 'templateVersion must be 1 or more' })
  templateVersion?: number;

  @ApiPropertyOptional({ example: true, description: 'Offered to citizens (default true)' })
  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({
    description: "The municipality's changes to the template (docs/service-templates.md), checked against it",
    example: { texts: { title: { et: 'Raieluba Tartus' } }, deadlines: { 'in-review': 10 } },
  })
  @IsOptional()
  @IsObject({ message: 'customisation must be a mapping' })
  customisation?: Record<string, unknown>;
}

export class ProactiveRuleDto {
  @ApiProperty({ example: 68, description: 'Residents are entitled from the day they reach this age' })
  @Min(1, { message: 'minimumAge must be 1 or more' })
  @Max(120, { message: 'minimumAge must be 120 or less' })
  // Last, so that it is checked (and reported) first: "sixty-eight" is not a number at all.
  @IsInt({ message: 'minimumAge must be a whole number of years' })
  minimumAge: number;
}

/** A benefit granted without an application: who gets it, and what they are told it is. */
export class ProactiveServiceDto {
  @ApiProperty({ example: 'sports-wristband-68', description: 'Lower-case letters, digits and -, unique here' })
  @Matches(CODE, { message: 'code must be lower-case letters, digits and -, starting with a letter' })
  code: string;

  @ApiProperty({
    example: { fi: '+68-liikuntaranneke', sv: '+68-motionsarmband', en: '+68 sports wristband' },
    description: "Per language; at least the municipality's default language",
  })
  @IsTextPerLocale(200)
  title: Record<string, string>;

  @ApiProperty({
    example: { en: 'Free entry to the swimming halls and gyms of the city.' },
    description: 'What the benefit gives, per language',
  })
  @IsTextPerLocale(2000)
  description: Record<string, string>;

  @ApiProperty({ type: ProactiveRuleDto })
  @ValidateNested()
  @Type(() => ProactiveRuleDto)
  rule: ProactiveRuleDto;
}

export class InitialStaffMemberDto {
  @ApiProperty({ example: 'admin@tartu.ee', description: 'The e-mail their staff identity provider vouches for' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200)
  email: string;

  @ApiProperty({ example: 'Anna Admin' })
  @IsString()
  @Length(1, 200)
  @Matches(PLAIN_TEXT, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ enum: STAFF_ROLES, example: 'admin' })
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role: StaffRole;
}

/**
 * A municipality as an operator describes it: the body of POST /api/v1/tenants and the
 * content of tenants/<slug>/tenant.yaml, validated by the same rules.
 */
export class TenantSpecRequestDto {
  @ApiProperty({ example: 'tartu', description: 'Subdomain: lower-case letters, digits and -' })
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, {
    message: 'slug must be 2-63 lower-case letters, digits or -, starting with a letter',
  })
  slug: string;

  @ApiProperty({ example: 'Tartu linn' })
  @IsString()
  @Length(2, 200)
  @Matches(PLAIN_TEXT, { message: 'name must not contain control characters' })
  name: string;

  @ApiPropertyOptional({ example: ['e-teenused.tartu.ee'], description: 'Custom host names' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(HOSTNAME, { each: true, message: 'each domain must be a lower-case host name like e-services.tartu.ee' })
  domains?: string[];

  @ApiProperty({ example: ['et', 'en'], enum: SUPPORTED_LOCALES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SUPPORTED_LOCALES, { each: true, message: `each locale must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  locales: Locale[];

  @ApiProperty({ example: 'et' })
  @IsOneOfProperty('locales')
  defaultLocale: Locale;

  @ApiProperty({ example: 'Europe/Tallinn' })
  @IsTimeZone()
  timeZone: string;

  @ApiPropertyOptional({ example: 'EUR', enum: SUPPORTED_CURRENCIES })
  @IsOptional()
  @IsIn(SUPPORTED_CURRENCIES, { message: `currency must be one of ${SUPPORTED_CURRENCIES.join(', ')}` })
  currency?: Currency;

  @ApiPropertyOptional({ example: 'EE', description: 'The country, ISO 3166-1 alpha-2 (EU, EEA, Switzerland)' })
  @IsOptional()
  @IsIn(SUPPORTED_COUNTRIES, {
    message: 'country must be a country code of the EU, the EEA or Switzerland, such as EE',
  })
  country?: Country;

  @ApiProperty({ type: BrandingDto })
  @ValidateNested()
  @Type(() => BrandingDto)
  branding: BrandingDto;

  @ApiPropertyOptional({ type: IdentityProviderDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IdentityProviderDto)
  identityProvider?: IdentityProviderDto;

  @ApiPropertyOptional({ type: RegistersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegistersDto)
  registers?: RegistersDto;

  @ApiPropertyOptional({
    type: [InitialStaffMemberDto],
    description: 'Staff invited from the start (the first admins); later ones are invited in the office',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InitialStaffMemberDto)
  staff?: InitialStaffMemberDto[];

  @ApiPropertyOptional({ type: [InitialServiceDto], description: 'Services offered from the start' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InitialServiceDto)
  services?: InitialServiceDto[];

  @ApiPropertyOptional({
    description:
      'Institutions and their bookable resources (rooms, halls, sports facilities, wedding slots); checked by libs/bookings, see tenants/README.md',
    example: {
      institutions: [
        { code: 'treffner', name: { et: 'Hugo Treffneri Gümnaasium' }, address: 'Munga 12, Tartu', resources: [] },
      ],
    },
  })
  @IsOptional()
  @IsObject({ message: 'bookings must be a mapping with institutions' })
  bookings?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'How citizens may pay (methods: card, bank-link, invoice, at-office) and the merchant account at the payment gateway (url, merchantId, secretRef naming the environment variable of the signing secret), sessionMinutes; checked by libs/payments, see tenants/README.md',
    example: {
      methods: ['card', 'bank-link', 'at-office'],
      gateway: { url: 'http://localhost:4000/payments', merchantId: 'tartu', secretRef: 'TARTU_PAYMENTS_SECRET' },
    },
  })
  @IsOptional()
  @IsObject({ message: 'payments must be a mapping with methods' })
  payments?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: [ProactiveServiceDto],
    description:
      'Benefits granted without an application to the residents the population register shows entitled (needs registers.population.municipalityCode)',
  })
  @IsOptional()
  @IsArray({ message: 'proactive must be a list of benefits' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProactiveServiceDto)
  proactive?: ProactiveServiceDto[];
}

/** Subdomains the platform keeps for itself. */
const RESERVED_SLUGS = new Set([
  'www',
  'admin',
  'api',
  'app',
  'auth',
  'docs',
  'mail',
  'static',
  'assets',
  'status',
  'sandbox',
]);

/**
 * Rules across fields that decorators cannot express: every service is described at least
 * in the municipality's default language, and only in languages it offers.
 */
export function crossFieldProblems(
  spec: TenantSpecRequestDto,
  platformDomain: string,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (RESERVED_SLUGS.has(spec.slug)) {
    problems.push({ field: 'slug', message: `${spec.slug} is reserved for the platform` });
  }
  (spec.domains ?? []).forEach((domain, i) => {
    // <x>.<platform domain> is answered as the tenant x: such a domain could never reach this one.
    if (domain === platformDomain || domain.endsWith(`.${platformDomain}`)) {
      problems.push({
        field: `domains.${i}`,
        message: `${domain} is under the platform's own domain ${platformDomain}`,
      });
    }
  });
  const templates = new Set<string>();
  (spec.services ?? []).forEach((service, i) => {
    if (templates.has(service.template)) {
      problems.push({ field: `services.${i}.template`, message: `${service.template} is listed twice` });
    }
    templates.add(service.template);
  });
  problems.push(...proactiveProblems(spec));
  return problems;
}

/**
 * Proactive services: codes unique, texts in the default language and only in offered ones,
 * and a population register that knows the municipality by its code (it finds the residents).
 */
function proactiveProblems(spec: TenantSpecRequestDto): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const codes = new Set<string>();
  (spec.proactive ?? []).forEach((service, i) => {
    if (codes.has(service.code)) {
      problems.push({ field: `proactive.${i}.code`, message: `${service.code} is listed twice` });
    }
    codes.add(service.code);
    for (const field of ['title', 'description'] as const) {
      const texts = service[field] ?? {};
      if (!texts[spec.defaultLocale]) {
        problems.push({
          field: `proactive.${i}.${field}`,
          message: `${field} needs a text in the default language (${spec.defaultLocale})`,
        });
      }
      for (const locale of Object.keys(texts).filter((l) => !(spec.locales as string[]).includes(l))) {
        problems.push({
          field: `proactive.${i}.${field}.${locale}`,
          message: `${locale} is not one of the municipality's locales (${spec.locales.join(', ')})`,
        });
      }
    }
  });
  if ((spec.proactive ?? []).length > 0 && !spec.registers?.population?.municipalityCode) {
    problems.push({
      field: 'registers.population.municipalityCode',
      message: "proactive services need the population register and the municipality's code in it",
    });
  }
  return problems;
}
