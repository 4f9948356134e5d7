import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import {
  PaymentEventEntity,
  REFUSAL_OF_NO_PAYMENT,
  REFUSAL_OF_PAYMENT,
  type PaymentEventSource,
  type RefusedVerdict,
} from '../domain/payment-event.entity.js';

/** The audit of a municipality's payment callbacks (append-only; refusals counted). */
@Injectable()
export class PaymentEventsRepository extends TenantScopedRepository<PaymentEventEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, PaymentEventEntity);
  }

  async add(
    event: Omit<
      Partial<PaymentEventEntity>,
      'tenantId' | 'id' | 'receivedAt' | 'tenant' | 'payment' | 'repeats' | 'lastReceivedAt'
    >,
  ): Promise<void> {
    await this.repository.insert({ ...event, tenantId: this.tenantId } as never);
  }

  /**
   * Records a refused message, bounded: the first of a payment and verdict (or of a verdict,
   * when it named no payment of the municipality) is a row as it came; each one after only adds
   * to that row's `repeats` and moves its `last_received_at`. One statement, so concurrent
   * copies count exactly. Answers how many there were so far.
   */
  async refused(event: {
    paymentId: string | null;
    source: PaymentEventSource;
    verdict: RefusedVerdict;
    reported: Record<string, unknown>;
    bodySha256: string | null;
  }): Promise<number> {
    const [target, predicate] =
      event.paymentId === null
        ? ['(tenant_id, verdict)', REFUSAL_OF_NO_PAYMENT]
        : ['(tenant_id, payment_id, verdict)', REFUSAL_OF_PAYMENT];
    const rows = (await this.tenantDb.manager().query(
      `insert into payment_events (tenant_id, payment_id, source, verdict, reported, body_sha256)
       values ($1, $2, $3, $4, $5, $6)
       on conflict ${target} where ${predicate}
       do update set repeats = payment_events.repeats + 1, last_received_at = now()
       returning repeats`,
      [this.tenantId, event.paymentId, event.source, event.verdict, JSON.stringify(event.reported), event.bodySha256],
    )) as { repeats: number }[];
    return rows[0].repeats;
  }

  ofPayment(paymentId: string): Promise<PaymentEventEntity[]> {
    return this.repository.find({ where: this.scoped({ paymentId }), order: { receivedAt: 'ASC', id: 'ASC' } });
  }
}
