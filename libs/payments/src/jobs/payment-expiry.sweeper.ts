import { Injectable } from '@nestjs/common';
import {
  TenantDatabase,
  TenantsRepository,
  TenantSweep,
  type DueTenantsProbe,
  type TenantRef,
} from '@townhall/tenancy';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { ExpirePaymentsUseCase } from '../use-cases/expire-payments.use-case.js';
import { RefundPaymentUseCase } from '../use-cases/refund-payment.use-case.js';

/**
 * The worker's sweep of payments, every 15 seconds, per municipality: a payment whose session
 * ran out unpaid becomes expired and its purpose is told (PaymentPurposeHandler.lapsed), so a
 * held booking is released; a refund owed (what was paid for is gone, a booking cancelled, an
 * application withdrawn or refused) and not yet made is made, until the gateway has made it.
 */
@Injectable()
export class PaymentExpirySweeper extends TenantSweep {
  constructor(
    tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly expire: ExpirePaymentsUseCase,
    private readonly refund: RefundPaymentUseCase,
  ) {
    super(tenants, 15_000, 'lapsed payments expired, owed refunds made');
  }

  /** Tenants with a lapsed open payment or a refund owed through the gateway (migration 1764004910000). */
  protected dueTenants(): DueTenantsProbe {
    return { name: 'payments_due_tenants' };
  }

  protected async sweepTenant(tenant: TenantRef): Promise<number> {
    const expired = await this.expire.execute(tenant);
    const owed = await this.tenantDb.readAs(tenant, () => this.payments.refundDueIds(50));
    let refunded = 0;
    for (const id of owed) {
      try {
        // The reason it was owed for is the payment's own; one owed before reasons were kept came too late.
        await this.tenantDb.withTenant(tenant, () => this.refund.execute(id, 'purpose-gone'));
        refunded++;
      } catch (error) {
        this.logger.warn({ err: error, payment: id, tenant: tenant.slug }, 'an owed refund failed; tried again later');
      }
    }
    return expired + refunded;
  }
}
