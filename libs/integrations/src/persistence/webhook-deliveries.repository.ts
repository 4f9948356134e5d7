import { Injectable } from '@nestjs/common';
import type { OutboxEventEntity } from '@townhall/notifications';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { WebhookDeliveryEntity, type WebhookDeliveryStatus } from '../domain/webhook-delivery.entity.js';
import type { WebhookEvent } from '../domain/webhook-events.js';

/** How long a run may take to send one delivery before another run may take it over. */
export const WEBHOOK_LEASE_MS = 60_000;

/** A delivery claimed for sending, with what sending needs of its subscription. */
export interface ClaimedWebhook {
  id: string;
  subscriptionId: string;
  outboxId: string;
  event: WebhookEvent;
  body: string;
  attempts: number;
  url: string;
  secretSealed: string;
}

/** The last delivery of each subscription, for the list of subscriptions. */
export interface LastWebhookDelivery {
  subscriptionId: string;
  status: WebhookDeliveryStatus;
  createdAt: Date;
}

/** The webhooks' deliveries: planned once per (event, subscription), claimed, delivered or given up. */
@Injectable()
export class WebhookDeliveriesRepository extends TenantScopedRepository<WebhookDeliveryEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, WebhookDeliveryEntity);
  }

  /**
   * Plans and claims the event's webhook deliveries in one statement: a delivery per enabled
   * subscription that asks for the event and existed when it happened, written already
   * claimed (a lease, so two runs never send one); deliveries a run before this one wrote and
   * did not send (pending, retrying, or a lease that ran out) are claimed again. Returns those
   * to send now, and how many another run's live lease holds. The statement's snapshot is the
   * one before its own writes, so that count is only of other runs' leases.
   */
  async planAndClaim(event: OutboxEventEntity, body: string): Promise<{ claimed: ClaimedWebhook[]; waiting: number }> {
    const [row]: { claimed: ClaimedWebhook[] | null; waiting: number }[] = await this.tenantDb.manager().query(
      `with planned as (
         insert into webhook_deliveries
                (tenant_id, subscription_id, outbox_id, event, body, status, attempts, last_attempt_at, claimed_until)
         select s.tenant_id, s.id, $2, $3, $4, 'sending', 1, now(), now() + ($6 || ' milliseconds')::interval
           from webhook_subscriptions s
          where s.tenant_id = $1 and s.disabled_at is null and $3 = any (s.events) and s.created_at <= $5
         on conflict on constraint uq_webhook_deliveries_key do nothing
         returning id, subscription_id, outbox_id, event, body, attempts),
       reclaimed as (
         update webhook_deliveries d
            set status = 'sending', attempts = d.attempts + 1, last_attempt_at = now(),
                claimed_until = now() + ($6 || ' milliseconds')::interval
           from webhook_subscriptions s
          where d.tenant_id = $1 and d.outbox_id = $2
            and s.tenant_id = d.tenant_id and s.id = d.subscription_id and s.disabled_at is null
            and (d.status in ('pending', 'retrying') or (d.status = 'sending' and d.claimed_until < now()))
          returning d.id, d.subscription_id, d.outbox_id, d.event, d.body, d.attempts, s.url, s.secret_sealed),
       claimed as (
         select p.id, p.subscription_id as "subscriptionId", p.outbox_id as "outboxId", p.event, p.body, p.attempts,
                s.url, s.secret_sealed as "secretSealed"
           from planned p join webhook_subscriptions s on s.tenant_id = $1 and s.id = p.subscription_id
         union all
         select id, subscription_id, outbox_id, event, body, attempts, url, secret_sealed from reclaimed)
       select (select json_agg(claimed) from claimed) as claimed,
              (select count(*)::int from webhook_deliveries
                where tenant_id = $1 and outbox_id = $2 and status = 'sending' and claimed_until >= now()) as waiting`,
      [this.tenantId, event.id, event.event, body, event.createdAt, String(WEBHOOK_LEASE_MS)],
    );
    return { claimed: row.claimed ?? [], waiting: row.waiting };
  }

  /** The receiver took it (2xx). Counts even if the subscription was disabled meanwhile: it did arrive. */
  async delivered(id: string, httpStatus: number): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update()
      .set({
        status: 'delivered',
        deliveredAt: () => 'now()',
        claimedUntil: null,
        lastStatus: httpStatus,
        lastError: null,
      })
      .where('tenant_id = :tenantId and id = :id', { tenantId: this.tenantId, id })
      .execute();
  }

  /** An attempt that failed: retried later, or given up after the last; a cancelled one stays cancelled. */
  async failedAttempt(
    id: string,
    outcome: { httpStatus: number | null; error: string },
    lastAttempt: boolean,
  ): Promise<void> {
    await this.tenantDb.manager().query(
      `update webhook_deliveries
          set status = case when status = 'sending' then $3 else status end,
              claimed_until = null, last_status = $4, last_error = $5
        where tenant_id = $1 and id = $2`,
      [this.tenantId, id, lastAttempt ? 'failed' : 'retrying', outcome.httpStatus, outcome.error.slice(0, 500)],
    );
  }

  /** Whether the event still has a delivery to send to an enabled subscription (the event stays open). */
  async unfinished(outboxId: string): Promise<boolean> {
    const [row] = await this.tenantDb.manager().query(
      `select exists (
         select 1 from webhook_deliveries d join webhook_subscriptions s on s.tenant_id = d.tenant_id and s.id = d.subscription_id
          where d.tenant_id = $1 and d.outbox_id = $2 and d.status in ('pending', 'sending', 'retrying')
            and s.disabled_at is null) as unfinished`,
      [this.tenantId, outboxId],
    );
    return row.unfinished as boolean;
  }

  /** A subscription's deliveries, newest first. */
  ofSubscription(subscriptionId: string, limit: number): Promise<WebhookDeliveryEntity[]> {
    return this.repository.find({
      where: this.scoped({ subscriptionId }),
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
  }

  findOne(subscriptionId: string, id: string): Promise<WebhookDeliveryEntity | null> {
    return this.repository.findOne({ where: this.scoped({ subscriptionId, id }) });
  }

  /** An admin's "Send again": pending once more (same id, same body). Null when it is being sent right now. */
  async reopen(subscriptionId: string, id: string): Promise<WebhookDeliveryEntity | null> {
    const { affected } = await this.repository
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', claimedUntil: null })
      .where('tenant_id = :tenantId and subscription_id = :subscriptionId and id = :id', {
        tenantId: this.tenantId,
        subscriptionId,
        id,
      })
      .andWhere(`status not in ('pending', 'sending')`)
      .execute();
    return (affected ?? 0) > 0 ? this.findOne(subscriptionId, id) : null;
  }

  /**
   * Disabling a subscription: what it still had to send is cancelled (a resend can send it
   * later). One in flight stays cancelled unless the receiver takes it (then it is delivered).
   */
  async cancelOf(subscriptionId: string): Promise<number> {
    const { affected } = await this.repository
      .createQueryBuilder()
      .update()
      .set({ status: 'cancelled', claimedUntil: null })
      .where('tenant_id = :tenantId and subscription_id = :subscriptionId', { tenantId: this.tenantId, subscriptionId })
      .andWhere(`status in ('pending', 'sending', 'retrying')`)
      .execute();
    return affected ?? 0;
  }

  /** The newest delivery of each subscription. */
  async lastOfEach(): Promise<LastWebhookDelivery[]> {
    return this.tenantDb.manager().query(
      `select distinct on (subscription_id) subscription_id as "subscriptionId", status, created_at as "createdAt"
         from webhook_deliveries where tenant_id = $1 order by subscription_id, created_at desc`,
      [this.tenantId],
    );
  }
}
