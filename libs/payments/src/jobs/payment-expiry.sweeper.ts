import { Injectable } from '@nestjs/common';
import { TenantsRepository, TenantSweep, type TenantRef } from '@townhall/tenancy';
import { ExpirePaymentsUseCase } from '../use-cases/expire-payments.use-case.js';

/**
 * The worker's sweep of payments whose session ran out unpaid, every 15 seconds, per
 * municipality: each becomes expired and its purpose is told (PaymentPurposeHandler.lapsed),
 * so a held booking is released.
 */
@Injectable()
export class PaymentExpirySweeper extends TenantSweep {
  constructor(
    tenants: TenantsRepository,
    private readonly expire: ExpirePaymentsUseCase,
  ) {
    super(tenants, 15_000, 'lapsed payments expired');
  }

  protected sweepTenant(tenant: TenantRef): Promise<number> {
    return this.expire.execute(tenant);
  }
}
