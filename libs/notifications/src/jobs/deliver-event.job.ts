import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { FileStorage } from '@townhall/documents';
import { QueueName } from '@townhall/platform';
import { type TenantEntity, TenantDatabase, TenantJobBatches, TenantJobRunner } from '@townhall/tenancy';
import type { Job } from 'bull';
import { MailSender } from '../channels/mail-sender.js';
import { SmsSender } from '../channels/sms-sender.js';
import type { DeliveryEntity } from '../domain/delivery.entity.js';
import type { OutboxEventEntity } from '../domain/outbox-event.entity.js';
import { OutboxChannels } from '../outbox/outbox-channels.js';
import { DeliveriesRepository } from '../persistence/deliveries.repository.js';
import { DELIVER_EVENT_JOB, type DeliverEventData } from './deliver-event.data.js';
import { type MailAttachment, MessageComposer } from './message-composer.js';

/**
 * Turns one outbox event into its messages, idempotently:
 * 1. in one tenant transaction, the inbox message and a delivery row per channel are written
 *    if they are not there yet (the delivery key (outbox_id, channel) is unique), and the
 *    deliveries still to send are claimed for a while (a lease, so two runs never send one);
 * 2. each claimed delivery is sent (SMTP, the SMS provider), outside any transaction;
 * 3. each outcome is recorded at once: sent, or back to retrying with the error.
 * A run that finds everything sent does nothing; Bull retries a run that failed to send.
 *
 * Other libraries' channels (the integrations' webhooks, see OutboxChannel) ride along: they
 * plan and claim their deliveries in the same transaction (1), send theirs after the
 * e-mail and SMS and record each outcome themselves (2, 3), and keep the event open while
 * one of theirs is still to send. This library knows only the interface, not the webhooks.
 */
@Processor(QueueName.Notifications)
export class DeliverEventJob {
  private readonly logger = new Logger(DeliverEventJob.name);
  /** Step 1 of a busy worker's events of one municipality, in one transaction. */
  private readonly batches: TenantJobBatches<DeliverEventData, Awaited<ReturnType<DeliverEventJob['planEvent']>>>;

  constructor(
    runner: TenantJobRunner,
    private readonly tenantDb: TenantDatabase,
    private readonly deliveries: DeliveriesRepository,
    private readonly composer: MessageComposer,
    private readonly mail: MailSender,
    private readonly sms: SmsSender,
    private readonly storage: FileStorage,
    private readonly channels: OutboxChannels,
  ) {
    this.batches = new TenantJobBatches(runner, (data: DeliverEventData, _manager, tenant) =>
      this.planEvent(data, tenant),
    );
  }

  @Process({ name: DELIVER_EVENT_JOB, concurrency: 16 })
  async handle(job: Job<DeliverEventData>): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const plan = await this.batches.run(job);
    if (!plan) return 'no such event';
    if (plan.event.processedAt) return 'done before';
    if (plan.done) return 'sent 0';

    const ref = { id: job.data.tenantId, slug: plan.tenantSlug };
    const failures: string[] = [];
    for (const delivery of plan.claimed) {
      try {
        await this.send(delivery, plan.event.payload.document ?? null, plan.calendar, plan.tenantName);
      } catch (error) {
        const message = (error as Error).message ?? String(error);
        failures.push(`${delivery.channel}: ${message}`);
        await this.record(ref, () => this.deliveries.failedAttempt(delivery.id, message, lastAttempt));
        continue;
      }
      // Sent: only recording it is left. A failure here must not count as a failed send (that
      // would send it again), so the record is tried again in place; if the database stays
      // away, the lease keeps other runs off the delivery meanwhile.
      await this.recordSent(ref, delivery.id);
    }
    failures.push(...(await this.channels.deliver(plan.others, ref, lastAttempt)));
    if (failures.length > 0) {
      if (lastAttempt) {
        // Every delivery of this run ended (sent or given up): the event is processed unless another run holds one.
        await this.record(ref, () => this.finishIfDone(plan.event.id));
        this.logger.warn({ outboxId: plan.event.id, failures }, 'delivery given up; admins see it');
      }
      throw new Error(`not delivered: ${failures.join('; ')}`);
    }
    // Another run holds a lease on a delivery (a worker that died mid-send): try again after it runs out.
    if (plan.waiting > 0) throw new Error(`${plan.waiting} deliveries are being sent by another run`);
    await this.record(ref, () => this.finishIfDone(plan.event.id));
    return `sent ${plan.claimed.length + plan.others.length}`;
  }

  /**
   * Step 1 for one event, inside the tenant transaction (shared with other events of the
   * municipality when the worker is busy: TenantJobBatches): the inbox message and the
   * deliveries written if they are not yet, those due claimed. Null when there is no such event.
   */
  private async planEvent(data: DeliverEventData, tenant: TenantEntity) {
    const found = await this.deliveries.outboxEvent(data.outboxId);
    if (!found) return null;
    const { event } = found;
    if (event.processedAt) return { ...this.nothingToSend(event), tenantName: '', tenantSlug: '' };
    const others = await this.channels.claim(event, { id: tenant.id, slug: tenant.slug, name: tenant.name });
    let claimed: DeliveryEntity[] = [];
    let waiting = others.waiting;
    let toClaim = true;
    if (!found.planned) {
      // The runner's own read of the tenant: a read here from the pool, while this transaction
      // holds a connection, deadlocked a busy worker (16 jobs at once, 10 connections).
      const message = await this.composer.compose(event, tenant);
      toClaim = (message?.channels.length ?? 0) > 0;
      // Nothing to send by any channel (the inbox alone): the message and the event's end in
      // one statement.
      const alone = !toClaim && others.claimed.length === 0 && others.waiting === 0;
      if (message) await this.deliveries.plan(event, message, { finish: alone });
      else if (alone) await this.deliveries.finishIfDone(event.id);
      if (alone) return { ...this.nothingToSend(event), tenantName: tenant.name, tenantSlug: tenant.slug };
    }
    if (toClaim) {
      const mine = await this.deliveries.claim(event.id);
      claimed = mine.claimed;
      waiting += mine.waiting;
    }
    // Nothing of it left to send by any channel (every delivery ended, none held by another
    // run): the event is processed in this same transaction, not in one more.
    const done = claimed.length === 0 && others.claimed.length === 0 && waiting === 0;
    if (done) await this.deliveries.finishIfDone(event.id);
    return {
      event,
      claimed,
      others: others.claimed,
      waiting,
      tenantName: tenant.name,
      tenantSlug: tenant.slug,
      // Made from the payload for each run (nothing stored): the same file every time.
      calendar: claimed.some((d) => d.channel === 'email') ? this.composer.calendarFile(event.payload, tenant) : null,
      done,
    };
  }

  private nothingToSend(event: OutboxEventEntity) {
    return { event, claimed: [] as DeliveryEntity[], others: [], waiting: 0, calendar: null, done: true };
  }

  /** The event is processed once no channel, this library's or another's, has a delivery of it still to send. */
  private async finishIfDone(outboxId: string): Promise<void> {
    if (await this.channels.unfinished(outboxId)) return;
    await this.deliveries.finishIfDone(outboxId);
  }

  private async send(
    delivery: DeliveryEntity,
    document: { storageKey: string; fileName: string; mediaType: string } | null,
    calendar: MailAttachment | null,
    fromName: string,
  ): Promise<void> {
    const key = `${delivery.outboxId}/${delivery.channel}`;
    if (delivery.channel === 'email') {
      // The decision's PDF (stored), and the event's .ics (made from the payload).
      const attachments: MailAttachment[] = [];
      if (document) {
        attachments.push({
          filename: document.fileName,
          content: await this.storage.get(document.storageKey),
          contentType: document.mediaType,
        });
      }
      if (calendar) attachments.push(calendar);
      await this.mail.send({
        to: delivery.address,
        fromName,
        subject: delivery.subject,
        text: delivery.body,
        deliveryKey: key,
        attachments: attachments.length > 0 ? attachments : undefined,
      });
    } else if (delivery.channel === 'sms') {
      await this.sms.send({ to: delivery.address, text: delivery.body, sender: fromName, reference: key });
    }
  }

  private async recordSent(ref: { id: string; slug: string }, deliveryId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.record(ref, () => this.deliveries.sent(deliveryId));
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        this.logger.warn({ err: error, deliveryId, attempt }, 'recording a sent delivery failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  /** Each outcome in a transaction of its own, right after the send: a crash loses at most the one in hand. */
  private record(tenant: { id: string; slug: string }, work: () => Promise<void>): Promise<void> {
    return this.tenantDb.runAs(tenant, work);
  }
}
