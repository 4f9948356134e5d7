import type { EntityTarget, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { currentTenant } from '../context/tenant-context.js';
import { FixedFind, type FixedFindOptions } from './fixed-find.js';
import type { TenantDatabase } from './tenant-database.js';

/** Every tenant-owned entity has this column, first in its primary key. */
export interface TenantOwned {
  tenantId: string;
}

/**
 * Base of every repository of tenant-owned rows. It works only inside
 * TenantDatabase.run() and adds `tenant_id = <current tenant>` to every query itself
 * (so the index is used and Citus can route it); no method takes a tenant argument.
 */
export abstract class TenantScopedRepository<E extends TenantOwned & ObjectLiteral> {
  protected constructor(
    protected readonly tenantDb: TenantDatabase,
    private readonly target: EntityTarget<E>,
  ) {}

  protected get repository(): Repository<E> {
    return this.tenantDb.manager().getRepository(this.target);
  }

  /** The current tenant's id, for rows this repository writes. */
  protected get tenantId(): string {
    return currentTenant().id;
  }

  /**
   * A find() of the current tenant's rows with options that never change, for the hottest
   * reads: its SQL is built once and its rows become entities without find()'s general
   * machinery (see FixedFind). Made once per repository, at construction.
   */
  protected fixedFind(options: FixedFindOptions<E>): () => Promise<E[]> {
    let find: FixedFind<E> | undefined;
    return () => {
      const manager = this.tenantDb.manager();
      find ??= FixedFind.compile(manager, this.target, options);
      return find.run(manager, this.tenantId);
    };
  }

  /** Narrows a where clause to the current tenant. */
  protected scoped(where: FindOptionsWhere<E> = {}): FindOptionsWhere<E> {
    return { ...where, tenantId: currentTenant().id } as FindOptionsWhere<E>;
  }
}
