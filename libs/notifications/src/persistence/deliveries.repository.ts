import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { In } from 'typeorm';
import { DeliveryEntity } from '../domain/delivery.entity.js';
import { OutboxEventEntity } from '../domain/outbox-event.entity.js';
import type { ComposedMessage } from '../jobs/message-composer.js';

/** How long a run may take to send one delivery before another run may take it over. */
export const SEND_LEASE_MS = 60_000;

/** The outbox's deliveries: planned once per (event, channel), claimed, sent or given up. */
@Injectable()
export class DeliveriesRepository extends TenantScopedRepository<DeliveryEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, DeliveryEntity);
  }

  /**
   * The outbox event, and whether its messages were written already (a run before this one),
   * in one statement: the first thing each delivery run reads. The row is locked for the run's
   * transaction: a second run of the same event (a stalled job run again) waits for the first
   * to commit, so that its later statements see what the first claimed and it never closes
   * the event while the first still has a delivery to send.
   */
  async outboxEvent(id: string): Promise<{ event: OutboxEventEntity; planned: boolean } | null> {
    const [row]: (Omit<OutboxEventEntity, 'tenant'> & { planned: boolean })[] = await this.tenantDb.manager().query(
      `select o.tenant_id as "tenantId", o.id, o.event, o.recipient_kind as "recipientKind",
              o.recipient_id as "recipientId", o.recipient_country as "recipientCountry",
              o.recipient_code as "recipientCode", o.payload, o.created_at as "createdAt",
              o.processed_at as "processedAt",
              exists (select 1 from deliveries where tenant_id = $1 and outbox_id = $2)
                or exists (select 1 from inbox_messages where tenant_id = $1 and outbox_id = $2) as planned
         from outbox o where o.tenant_id = $1 and o.id = $2
          for update of o`,
      [this.tenantId, id],
    );
    if (!row) return null;
    const { planned, ...event } = row;
    return { event: event as OutboxEventEntity, planned };
  }

  /**
   * The inbox message and a delivery per channel; what exists already stays as it is (the
   * delivery key). `finish`: nothing is left to send (no channel): the event is processed
   * in the same statement as its inbox message.
   */
  async plan(event: OutboxEventEntity, message: ComposedMessage, { finish = false } = {}): Promise<void> {
    const manager = this.tenantDb.manager();
    if (message.inboxFor) {
      const owner = message.inboxFor;
      await manager.query(
        `with inbox as (
           insert into inbox_messages
                  (tenant_id, citizen_id, person_country, person_code, outbox_id, application_id, link_path, subject, body)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           on conflict do nothing)
         update outbox set processed_at = now() where $10 and tenant_id = $1 and id = $5 and processed_at is null`,
        [
          this.tenantId,
          'citizenId' in owner ? owner.citizenId : null,
          'person' in owner ? owner.person.country : null,
          'person' in owner ? owner.person.code : null,
          event.id,
          event.payload.applicationId ?? null,
          message.linkPath,
          message.subject,
          message.body,
          finish,
        ],
      );
    } else if (finish) {
      await this.finishIfDone(event.id);
    }
    if (message.channels.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(DeliveryEntity)
      .values(
        message.channels.map(({ channel, address }) => ({
          tenantId: this.tenantId,
          outboxId: event.id,
          channel,
          address,
          subject: message.subject,
          body: channel === 'sms' ? message.sms : message.body,
          status: channel === 'post' ? ('to-post' as const) : ('pending' as const),
        })),
      )
      .orIgnore()
      .execute();
  }

  /**
   * Takes the event's deliveries that are due to be sent: not sent yet, and not held by
   * another run's live lease. Returns them, and how many another run holds.
   */
  async claim(outboxId: string): Promise<{ claimed: DeliveryEntity[]; waiting: number }> {
    // One statement: the count reads the rows as they were before the claim, so it counts
    // only the leases of other runs (a row claimed here was not 'sending' with a live lease).
    const [row]: { claimed: DeliveryEntity[] | null; waiting: number }[] = await this.tenantDb.manager().query(
      `with claimed as (
         update deliveries set status = 'sending', attempts = attempts + 1,
                claimed_until = now() + ($3 || ' milliseconds')::interval
          where tenant_id = $1 and outbox_id = $2
            and (status in ('pending', 'retrying') or (status = 'sending' and claimed_until < now()))
          returning id, outbox_id as "outboxId", channel, address, subject, body, status, attempts)
       select (select json_agg(claimed) from claimed) as claimed,
              (select count(*)::int from deliveries
                where tenant_id = $1 and outbox_id = $2 and status = 'sending' and claimed_until >= now()) as waiting`,
      [this.tenantId, outboxId, String(SEND_LEASE_MS)],
    );
    return { claimed: row.claimed ?? [], waiting: row.waiting };
  }

  async sent(id: string): Promise<void> {
    await this.repository.update(this.scoped({ id }), {
      status: 'sent',
      sentAt: new Date(),
      claimedUntil: null,
      lastError: null,
    });
  }

  async failedAttempt(id: string, error: string, lastAttempt: boolean): Promise<void> {
    await this.repository.update(this.scoped({ id }), {
      status: lastAttempt ? 'failed' : 'retrying',
      claimedUntil: null,
      lastError: error.slice(0, 500),
    });
    // The job closes the event after its last attempt (DeliverEventJob.finishIfDone), once
    // every channel's deliveries of this run have ended, other libraries' channels included.
  }

  /** The event is processed once none of its deliveries is still to be sent (other libraries' channels: the job asks them). */
  async finishIfDone(outboxId: string): Promise<void> {
    await this.tenantDb.manager().query(
      `update outbox set processed_at = now()
        where tenant_id = $1 and id = $2 and processed_at is null
          and not exists (select 1 from deliveries where tenant_id = $1 and outbox_id = $2
                            and status in ('pending', 'sending', 'retrying'))`,
      [this.tenantId, outboxId],
    );
  }

  /** Outbox events still to process, oldest first, written before `olderThan` (the sweep). */
  async unprocessed(olderThan: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.tenantDb.manager().query(
      `select id from outbox where tenant_id = $1 and processed_at is null and created_at < $2
        order by created_at limit $3`,
      [this.tenantId, olderThan, limit],
    );
    return rows.map((r) => r.id);
  }

  /** What the municipality's admins see: deliveries given up, newest first. */
  failed(limit = 200): Promise<DeliveryEntity[]> {
    return this.repository.find({
      where: this.scoped({ status: 'failed' }),
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /** Letters an official is to print and post. */
  toPost(limit = 200): Promise<DeliveryEntity[]> {
    return this.repository.find({
      where: this.scoped({ status: 'to-post' }),
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  findById(id: string): Promise<DeliveryEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  /** An admin's retry: the delivery and its event are open again. Returns the event's id, or null if not failed. */
  async reopen(id: string): Promise<string | null> {
    const delivery = await this.repository.findOne({ where: this.scoped({ id, status: 'failed' }) });
    if (!delivery) return null;
    await this.repository.update(this.scoped({ id, status: 'failed' }), { status: 'retrying', lastError: null });
    await this.tenantDb
      .manager()
      .getRepository(OutboxEventEntity)
      .update({ tenantId: this.tenantId, id: delivery.outboxId }, { processedAt: null });
    return delivery.outboxId;
  }

  async markPosted(id: string): Promise<boolean> {
    const result = await this.repository.update(this.scoped({ id, status: 'to-post' }), {
      status: 'posted',
      sentAt: new Date(),
    });
    return (result.affected ?? 0) > 0;
  }

  ofEvents(outboxIds: string[]): Promise<DeliveryEntity[]> {
    return this.repository.find({ where: this.scoped({ outboxId: In(outboxIds) }) });
  }
}
