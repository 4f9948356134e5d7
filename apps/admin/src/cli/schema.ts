import { auditEntities, auditMigrations } from '@townhall/audit';
import { bookingsEntities, bookingsMigrations } from '@townhall/bookings';
import { casesEntities, casesMigrations } from '@townhall/cases';
import { catalogueEntities, catalogueMigrations } from '@townhall/catalogue';
import { entitlementsEntities, entitlementsMigrations } from '@townhall/entitlements';
import { identityEntities, identityMigrations } from '@townhall/identity';
import { integrationsEntities, integrationsMigrations } from '@townhall/integrations';
import { notificationsEntities, notificationsMigrations } from '@townhall/notifications';
import { paymentsEntities, paymentsMigrations } from '@townhall/payments';
import { tenancyEntities, tenancyMigrations } from '@townhall/tenancy';

/** Every library's migrations, in the order of their timestamps. */
export const allMigrations = [
  ...tenancyMigrations,
  ...catalogueMigrations,
  ...identityMigrations,
  ...auditMigrations,
  ...casesMigrations,
  ...notificationsMigrations,
  ...integrationsMigrations,
  ...bookingsMigrations,
  ...entitlementsMigrations,
  ...paymentsMigrations,
].sort((a, b) => a.name.replace(/\D/g, '').localeCompare(b.name.replace(/\D/g, '')));

/** Every entity, for the drift check. */
export const allEntities = [
  ...tenancyEntities,
  ...catalogueEntities,
  ...identityEntities,
  ...auditEntities,
  ...casesEntities,
  ...notificationsEntities,
  ...integrationsEntities,
  ...bookingsEntities,
  ...entitlementsEntities,
  ...paymentsEntities,
];
