import { createDueTenantsProbe } from '@townhall/tenancy';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payments sweep's probe: which active municipalities have an open payment whose time ran
 * out (PaymentsRepository.expiredIds, served by ix_payments_open) or a refund owed through the
 * gateway (refundDueIds, served by ix_payments_refund_due), so that the sweep visits only those.
 * The gateway's methods are written out, as GATEWAY_METHODS says today.
 */
export class PaymentsDueTenants1764004910000 implements MigrationInterface {
  name = 'PaymentsDueTenants1764004910000';

  async up(q: QueryRunner): Promise<void> {
    await createDueTenantsProbe(q, {
      name: 'payments_due_tenants',
      parameters: '',
      parameterTypes: '',
      due: `(exists (select 1 from payments
                       where tenant_id = t and status in ('created', 'pending') and expires_at <= now())
             or exists (select 1 from payments
                         where tenant_id = t and refund_due_at is not null and status = 'paid'
                           and method in ('card', 'bank-link') and provider_ref is not null))`,
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function payments_due_tenants()`);
  }
}
