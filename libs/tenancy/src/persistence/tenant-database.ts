import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource, type EntityManager } from 'typeorm';
import { currentTenant, TENANT_KEY, type TenantRef } from '../context/tenant-context.js';

// No dot in CLS keys: nestjs-cls reads 'a.b' as a path, which would hang the manager on the
// TenantRef object itself (store.tenant.manager), where a later runAs with the same ref finds it.
const MANAGER_KEY = 'tenantManager';

/**
 * The one door to tenant data. Work runs in a transaction that first sets
 * app.tenant_id transaction-locally (set_config(..., true), parameterised), so the
 * PostgreSQL policies admit only the current tenant's rows and a pooled connection
 * forgets the tenant when the transaction ends.
 */
@Injectable()
export class TenantDatabase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cls: ClsService,
  ) {}

  /** Runs work for the current tenant; a nested call joins the open transaction. */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const open = this.cls.isActive() ? (this.cls.get(MANAGER_KEY) as EntityManager | undefined) : undefined;
    if (open) return work(open);
    const tenant = currentTenant();
    return this.dataSource.transaction((manager) =>
      this.cls.run({ ifNested: 'inherit' }, async () => {
        await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
        this.cls.set(MANAGER_KEY, manager);
        return work(manager);
      }),
    );
  }

  /** Runs work as the given tenant (jobs, provisioning, tenants:apply). */
  async runAs<T>(tenant: TenantRef, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set(TENANT_KEY, tenant);
      return this.run(work);
    });
  }

  /**
   * Joins an open transaction of the caller (e.g. the platform transaction that creates a
   * tenant) and scopes it to the tenant for the rest of that transaction.
   */
  async joinAs<T>(manager: EntityManager, tenant: TenantRef, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('joinAs needs an open transaction');
    return this.cls.run({ ifNested: 'override' }, async () => {
      this.cls.set(TENANT_KEY, tenant);
      await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
      this.cls.set(MANAGER_KEY, manager);
      return work(manager);
    });
  }

  /** The manager of the open tenant transaction; throws outside one. */
  manager(): EntityManager {
    const manager = this.cls.isActive() ? (this.cls.get(MANAGER_KEY) as EntityManager | undefined) : undefined;
    if (!manager) throw new Error('tenant data may only be touched inside TenantDatabase.run()');
    return manager;
  }
}
