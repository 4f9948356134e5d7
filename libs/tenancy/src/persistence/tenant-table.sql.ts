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

/**
 * Runs a data migration's statement once per municipality (every status), each time with
 * app.tenant_id set to it for the migration's transaction, the way the apps reach tenant rows:
 * row-level security stays forced and applies to the owner too, so a migration never lifts it
 * to touch every municipality's rows. The statement takes no parameters; app.tenant_id is left
 * empty afterwards.
 */
export async function inEachTenant(queryRunner: QueryRunner, statement: string): Promise<void> {
  if (statement.includes('$each_statement$')) throw new Error('the statement may not contain $each_statement$');
  await queryRunner.query(`
    do $each$
    declare
      t uuid;
    begin
      for t in select id from tenants order by id loop
        perform set_config('app.tenant_id', t::text, true);
        execute $each_statement$${statement}$each_statement$;
      end loop;
      perform set_config('app.tenant_id', '', true);
    end $each$`);
}

/** What a sweep's probe function is made of (see createDueTenantsProbe). */
export interface DueTenantsProbeDefinition {
  /** The function's name, e.g. `outbox_due_tenants`. */
  name: string;
  /** Its parameters as declared, e.g. `written_before timestamptz` (none: ''). */
  parameters: string;
  /** Their types alone, for the grants, e.g. `timestamptz`. */
  parameterTypes: string;
  /**
   * Whether tenant `t` has due work: static SQL (PL/pgSQL plans it once per connection) that
   * filters by `tenant_id = t` and otherwise says exactly what the sweep's own queries say, e.g.
   * `exists (select 1 from outbox where tenant_id = t and processed_at is null and created_at < written_before)`.
   */
  due: string;
}

/**
 * Creates a sweep's probe: a function that answers, in one statement, which active tenants have
 * due work, so that a worker's periodic pass opens no transaction for an idle municipality.
 * SECURITY INVOKER: it sees no more than its caller, through the tables' own row-level security;
 * it sets app.tenant_id (transaction-local) to each active tenant in turn, asks `due`, answers
 * only the ids of those that have some (never data), and leaves app.tenant_id empty. Called in
 * a tenant transaction it refuses (it would end that transaction's tenant). Only the platform
 * role (the worker's) may execute it.
 */
export async function createDueTenantsProbe(queryRunner: QueryRunner, probe: DueTenantsProbeDefinition): Promise<void> {
  await queryRunner.query(`
    create function ${probe.name}(${probe.parameters}) returns setof uuid
    language plpgsql volatile security invoker as $$
    declare
      t uuid;
    begin
      if coalesce(current_setting('app.tenant_id', true), '') <> '' then
        raise exception '${probe.name}() asks every municipality: call it outside a tenant transaction';
      end if;
      for t in select id from tenants where status = 'active' order by id loop
        perform set_config('app.tenant_id', t::text, true);
        if ${probe.due} then
          return next t;
        end if;
      end loop;
      perform set_config('app.tenant_id', '', true);
    end $$`);
  await queryRunner.query(`revoke all on function ${probe.name}(${probe.parameterTypes}) from public`);
  await queryRunner.query(`grant execute on function ${probe.name}(${probe.parameterTypes}) to ${PLATFORM_ROLE}`);
}
