import type { QueryRunner } from 'typeorm';

/** The role the tenant host (api) connects as (or a member of it); it owns nothing. */
export const APP_ROLE = 'townhall_app';

/**
 * The role of the admin app, the worker and the CLI: a member of the app role (tenant tables,
 * under the same RLS) that may also write the platform tables (tenants, operators).
 */
export const PLATFORM_ROLE = 'townhall_platform';

/** The expression of the current tenant: '' (no context) becomes null, so zero rows match. */
export const CURRENT_TENANT_SQL = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * The default of tenant_id: the tenant of the transaction, and an error (not a row of
 * nobody) when there is none.
 */
export const TENANT_ID_DEFAULT_SQL = `current_setting('app.tenant_id')::uuid`;

/** The same default for an entity, as TypeORM reads it back (casts stripped), for the drift check. */
export const TENANT_ID_DEFAULT = () => `(current_setting('app.tenant_id'))`;

/**
 * Makes a freshly created tenant-owned table safe: tenant_id defaults to the current
 * tenant, RLS enabled and forced (the owner too is bound), one policy that both filters reads and checks writes, and the app role's
 * grants. Every migration that creates a tenant-owned table calls it.
 */
export async function protectTenantTable(
  queryRunner: QueryRunner,
  table: string,
  grants: ('select' | 'insert' | 'update' | 'delete')[] = ['select', 'insert', 'update', 'delete'],
): Promise<void> {
  // A row inserted without tenant_id belongs to the tenant of the transaction.
  await queryRunner.query(`alter table ${table} alter column tenant_id set default ${TENANT_ID_DEFAULT_SQL}`);
  await queryRunner.query(`alter table ${table} enable row level security`);
  await queryRunner.query(`alter table ${table} force row level security`);
  await queryRunner.query(
    `create policy tenant_isolation on ${table} using (tenant_id = ${CURRENT_TENANT_SQL}) with check (tenant_id = ${CURRENT_TENANT_SQL})`,
  );
  await queryRunner.query(`grant ${grants.join(', ')} on ${table} to ${APP_ROLE}`);
}
