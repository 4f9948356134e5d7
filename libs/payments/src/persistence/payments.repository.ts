import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import {
  GATEWAY_METHODS,
  PaymentEntity,
  type PaymentMethod,
  type PaymentStatus,
  type RefundReason,
} from '../domain/payment.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the finance department's report lists. */
export interface PaymentFilter {
  /** Days (YYYY-MM-DD), in the municipality's time zone, both included; by when the payment was opened. */
  from?: string;
  to?: string;
  timeZone: string;
  status?: PaymentStatus;
  method?: PaymentMethod;
  /** Only the paid payments whose money is owed back. */
  owed?: boolean;
}

/** A municipality's payments (its rows only, through TenantDatabase). */
@Injectable()
export class PaymentsRepository extends TenantScopedRepository<PaymentEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, PaymentEntity);
  }

  /** A payment by id; null for an id that is not a UUID, or another municipality's. */
  findById(id: string): Promise<PaymentEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  /** The payment, locked until the transaction ends: concurrent changes of it queue here. */
  lock(id: string): Promise<PaymentEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.repository.findOne({ where: this.scoped({ id }), lock: { mode: 'pessimistic_write' } });
  }

  /** The payment of a purpose still open (created or pending), if any. */
  openFor(purposeKind: string, purposeId: string): Promise<PaymentEntity | null> {
    return this.repository
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId and p.purpose_kind = :purposeKind and p.purpose_id = :purposeId', {
        tenantId: this.tenantId,
        purposeKind,
        purposeId,
      })
      .andWhere(`p.status in ('created', 'pending') and p.expires_at > now()`)
      .getOne();
  }

  /**
   * The latest payment of each of a purpose kind's ids (opened last), e.g. for a citizen's
   * bookings: where to pay a hold, whether a booking was paid.
   */
  async latestFor(purposeKind: string, purposeIds: string[]): Promise<Map<string, PaymentEntity>> {
    const ids = purposeIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return new Map();
    const rows = await this.repository
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId and p.purpose_kind = :purposeKind and p.purpose_id in (:...ids)', {
        tenantId: this.tenantId,
        purposeKind,
        ids,
      })
      .orderBy('p.created_at', 'ASC')
      .getMany();
    return new Map(rows.map((p) => [p.purposeId, p]));
  }

  /** A purpose's paid payments (not refunded), oldest first: normally one. */
  paidFor(purposeKind: string, purposeId: string): Promise<PaymentEntity[]> {
    if (!UUID.test(purposeId)) return Promise.resolve([]);
    return this.repository
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId and p.purpose_kind = :purposeKind and p.purpose_id = :purposeId', {
        tenantId: this.tenantId,
        purposeKind,
        purposeId,
      })
      .andWhere(`p.status = 'paid'`)
      .orderBy('p.created_at', 'ASC')
      .getMany();
  }

  async insert(payment: Omit<Partial<PaymentEntity>, 'tenantId' | 'tenant' | 'payer'>): Promise<PaymentEntity> {
    const { identifiers } = await this.repository.insert({ ...payment, tenantId: this.tenantId });
    return (await this.findById(String(identifiers[0].id)))!;
  }

  /**
   * Moves a payment from one of `from` to `to`, with the columns given, in one conditional
   * UPDATE: true when it moved. Whoever loses a race finds it moved already.
   */
  async transition(
    id: string,
    from: readonly PaymentStatus[],
    to: PaymentStatus,
    set: Partial<
      Pick<PaymentEntity, 'method' | 'providerRef' | 'redirectUrl' | 'receiptNumber' | 'refundRef' | 'refundReason'>
    > & {
      paidNow?: boolean;
      refundedNow?: boolean;
    } = {},
  ): Promise<boolean> {
    const { paidNow, refundedNow, ...columns } = set;
    const { affected } = await this.repository
      .createQueryBuilder()
      .update()
      .set({
        ...columns,
        status: to,
        ...(paidNow ? { paidAt: () => 'now()' } : {}),
        ...(refundedNow ? { refundedAt: () => 'now()', refundDueAt: null } : {}),
      })
      .where('tenant_id = :tenantId and id = :id and status in (:...from)', { tenantId: this.tenantId, id, from })
      .execute();
    return (affected ?? 0) === 1;
  }

  /**
   * Records, in the open transaction, that a paid payment's money is owed back, and why: true
   * when it is paid (and so owed now). Owed already, it keeps when and why it first was.
   */
  async markRefundDue(id: string, reason: RefundReason): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const { affected } = await this.repository
      .createQueryBuilder()
      .update()
      .set({
        refundDueAt: () => 'coalesce(refund_due_at, now())',
        refundReason: () => 'coalesce(refund_reason, :reason)',
      })
      .where(`tenant_id = :tenantId and id = :id and status = 'paid'`, { tenantId: this.tenantId, id })
      .setParameter('reason', reason)
      .execute();
    return (affected ?? 0) === 1;
  }

  /**
   * Paid payments whose money is owed back and was not refunded yet, oldest first: those paid
   * through the gateway, which the sweep can refund (money taken at the office goes back there).
   */
  async refundDueIds(limit: number): Promise<string[]> {
    const rows = await this.repository
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where(`p.tenant_id = :tenantId and p.refund_due_at IS NOT NULL and p.status = 'paid'`, {
        tenantId: this.tenantId,
      })
      .andWhere('p.method in (:...gateway) and p.provider_ref is not null', { gateway: [...GATEWAY_METHODS] })
      .orderBy('p.refund_due_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Open payments whose time ran out, oldest first. */
  async expiredIds(limit: number): Promise<string[]> {
    const rows = await this.repository
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where(`p.tenant_id = :tenantId and p.status in ('created', 'pending') and p.expires_at <= now()`, {
        tenantId: this.tenantId,
      })
      .orderBy('p.expires_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** The report: newest first. */
  list(filter: PaymentFilter, limit = 5000): Promise<PaymentEntity[]> {
    const query = this.repository
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId', { tenantId: this.tenantId })
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit);
    if (filter.from) {
      query.andWhere(`p.created_at >= (cast(:from as date)::timestamp at time zone :tz)`, {
        from: filter.from,
        tz: filter.timeZone,
      });
    }
    if (filter.to) {
      query.andWhere(`p.created_at < ((cast(:to as date) + 1)::timestamp at time zone :tz)`, {
        to: filter.to,
        tz: filter.timeZone,
      });
    }
    if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.method) query.andWhere('p.method = :method', { method: filter.method });
    if (filter.owed) query.andWhere(`p.refund_due_at IS NOT NULL and p.status = 'paid'`);
    return query.getMany();
  }
}
