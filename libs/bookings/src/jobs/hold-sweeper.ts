import { Injectable } from '@nestjs/common';
import {
  TenantDatabase,
  TenantsRepository,
  TenantSweep,
  type DueTenantsProbe,
  type TenantRef,
} from '@townhall/tenancy';
import { BookingsRepository } from '../persistence/bookings.repository.js';

/**
 * Releases unpaid holds whose time ran out (status held → expired), every half minute, per
 * municipality, so that the slot is free again. The exclusion constraint cannot look at now(),
 * so an expired hold keeps its slot until released here (or by the next booking of the same
 * resource, which releases the resource's expired holds first).
 */
@Injectable()
export class HoldSweeper extends TenantSweep {
  constructor(
    tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
  ) {
    super(tenants, 30_000, 'expired booking holds released');
  }

  /** Tenants with a hold whose time ran out (migration 1764004920000). */
  protected dueTenants(): DueTenantsProbe {
    return { name: 'booking_holds_due_tenants' };
  }

  protected sweepTenant(tenant: TenantRef): Promise<number> {
    return this.tenantDb.runAs(tenant, () => this.bookings.expireHolds());
  }
}
