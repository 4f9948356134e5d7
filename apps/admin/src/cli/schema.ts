import { auditEntities, auditMigrations } from '@townhall/audit';
import { casesEntities, casesMigrations } from '@townhall/cases';
import { catalogueEntities, catalogueMigrations } from '@townhall/catalogue';
import { identityEntities, identityMigrations } from '@townhall/identity';
import { integrationsEntities, integrationsMigrations } from '@townhall/integrations';
import { notificationsEntities, notificationsMigrations } from '@townhall/notifications';
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
];
