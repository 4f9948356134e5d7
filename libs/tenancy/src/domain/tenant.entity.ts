import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TenantLogo } from './tenant-logo.js';
import type { Country } from './countries.js';

export enum TenantStatus {
  Provisioning = 'provisioning',
  Active = 'active',
  Suspended = 'suspended',
}

export const SUPPORTED_LOCALES = ['et', 'en', 'bg', 'sv', 'fi'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const SUPPORTED_CURRENCIES = ['EUR', 'BGN', 'SEK'] as const;
export type Currency = (typeof SUPPORTED_CURRENCIES)[number];

export interface TenantBranding {
  /** Main colour of the header and buttons, #rrggbb. */
  primaryColor: string;
  /** Colour of text on the primary colour, #rrggbb. */
  primaryTextColor?: string;
  /** An https URL of a logo kept elsewhere. */
  logoUrl?: string;
  /** The logo kept here (tenants/<slug>/logo.svg, or the onboarding API's logoDataUrl), at /branding/logo. */
  logo?: TenantLogo;
}

/** How the municipality reaches one national register (an X-Road-like REST service). */
export interface RegisterSettings {
  /** The service's base URL, e.g. http://localhost:4000/registers/population. */
  url: string;
  /** The X-Road-Client the municipality is known as, e.g. EE/GOV/tartu/townhall (default from the slug). */
  client?: string;
  /** How long a look-up may take, retry included, 100..30000 ms (default 3000). */
  timeoutMs?: number;
}

/** The population register's settings, with the code it knows the municipality by. */
export interface PopulationRegisterSettings extends RegisterSettings {
  /** The municipality's national code in the register (EHAK 0793, kuntanumero 049…): whose residents are its own. */
  municipalityCode?: string;
}

/** The national registers a municipality consults, by URL, as it would the real ones (libs/registers). */
export interface TenantRegisters {
  /** People: name, address, date of birth, minors in their custody, residence municipality. */
  population?: PopulationRegisterSettings;
  /** Cadastral units: location, area, purpose, owners. */
  property?: RegisterSettings;
  /** Companies and who may represent them. */
  business?: RegisterSettings;
}

/**
 * A benefit the municipality grants without an application (libs/entitlements): its
 * residents who meet the rule, as the population register shows them, get it and are told.
 */
export interface ProactiveService {
  /** Lower-case letters, digits and -, unique within the municipality: sports-wristband-68. */
  code: string;
  /** Per language the municipality offers; at least its default language. */
  title: Partial<Record<Locale, string>>;
  description: Partial<Record<Locale, string>>;
  /** Who is entitled: residents from the day they reach `minimumAge`. */
  rule: { minimumAge: number };
}

/** Where the municipality's citizens and staff log in (OpenID Connect). */
export interface TenantIdentityProvider {
  citizen?: { issuer: string; clientId: string; clientSecretRef: string };
  staff?: { issuer: string; clientId: string; clientSecretRef: string };
}

/**
 * A municipality. A platform table (a reference table on Citus): it is read to resolve
 * a request's Host before any tenant is known, so it has no tenant_id and no RLS.
 */
@Entity({ name: 'tenants' })
@Check('ck_tenants_slug', `slug ~ '^[a-z][a-z0-9-]{1,62}$'`)
@Check('ck_tenants_status', `status in ('provisioning', 'active', 'suspended')`)
@Check('ck_tenants_default_locale', `default_locale = any (locales)`)
@Check('ck_tenants_managed_by', `managed_by in ('api', 'file')`)
@Check('ck_tenants_country', `country ~ '^[A-Z]{2}$'`)
// A GIN index for host look-ups; TypeORM cannot describe it, the migration makes it.
@Index('ix_tenants_domains', { synchronize: false })
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: TenantStatus.Provisioning })
  status: TenantStatus;

  /** Custom host names besides <slug>.<platform domain>; unique across tenants (trigger). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  domains: string[];

  @Column({ type: 'text', array: true })
  locales: Locale[];

  @Column({ name: 'default_locale', type: 'text' })
  defaultLocale: Locale;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ type: 'text', default: 'EUR' })
  currency: Currency;

  /** ISO 3166-1 alpha-2; null for a municipality onboarded before it was asked. */
  @Column({ type: 'text', nullable: true })
  country: Country | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  branding: TenantBranding;

  @Column({ name: 'identity_provider', type: 'jsonb', default: () => "'{}'" })
  identityProvider: TenantIdentityProvider;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  registers: TenantRegisters;

  /** Benefits granted without an application (libs/entitlements); none by default. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  proactive: ProactiveService[];

  /** What to set up when provisioning: the initial catalogue and the like. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  setup: TenantSetup;

  /** 'api' when an operator onboarded it, 'file' when tenants/<slug>/tenant.yaml manages it. */
  @Column({ name: 'managed_by', type: 'text', default: 'api' })
  managedBy: 'api' | 'file';

  @Column({ name: 'provisioning_progress', type: 'int', default: 0 })
  provisioningProgress: number;

  @Column({ name: 'provisioning_error', type: 'text', nullable: true })
  provisioningError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A service a municipality offers: a platform template, at a version (default: the latest
 * when first applied), with its customisation (checked by the catalogue library).
 */
export interface InitialService {
  template: string;
  templateVersion?: number;
  enabled?: boolean;
  customisation?: Record<string, unknown>;
}

/** Levels of assurance of eIDAS, lowest first: how surely a login identified the person. */
export const ASSURANCE_LEVELS = ['low', 'substantial', 'high'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

/** The roles of a municipality's staff, from most to least powerful. */
export const STAFF_ROLES = ['admin', 'owner', 'handler', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A member of staff a municipality starts with (its first admins), invited by e-mail. */
export interface InitialStaffMember {
  email: string;
  name: string;
  role: StaffRole;
}

export interface TenantSetup {
  services?: InitialService[];
  staff?: InitialStaffMember[];
  /** Institutions and bookable resources (libs/bookings checks and applies them). */
  bookings?: Record<string, unknown>;
  /** How citizens may pay and the merchant account at the gateway (libs/payments checks and reads it). */
  payments?: Record<string, unknown>;
}
