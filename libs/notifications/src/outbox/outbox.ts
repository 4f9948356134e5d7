import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { PlatformConfig, QueueName, queuedWithin } from '@townhall/platform';
import { currentTenant, TenantDatabase } from '@townhall/tenancy';
import type { Queue } from 'bull';
import type { NewNotification } from '../domain/notification-event.js';
import { OutboxEventEntity } from '../domain/outbox-event.entity.js';
import { DELIVER_EVENT_JOB, deliverJobOptions, type DeliverEventData } from '../jobs/deliver-event.data.js';

/**
 * The one way to notify someone: `add` writes the notification into the open tenant
 * transaction, so it exists if and only if the change that caused it commits. After the
 * commit it is handed to the worker's queue at once; if Redis is down then, or the process
 * dies right after COMMIT, the worker's sweep finds the row and queues it (the job id is the
 * row's id, so queuing twice runs once).
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger(Outbox.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue<DeliverEventData>,
    private readonly config: PlatformConfig,
  ) {}

  /** Inside TenantDatabase.run(): the notifications are written with the change. */
  async add(...notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    const tenantId = currentTenant().id;
    const rows = outboxRows(tenantId, notifications);
    await this.tenantDb.manager().getRepository(OutboxEventEntity).insert(rows);
    this.queueAfterCommit(tenantId, rows);
  }

  /**
   * Inside TenantDatabase.run(), for a caller that writes its change in one statement of its
   * own: the INSERT of the notifications, for the caller to run as a part of that statement
   * (`with ... , outbox as (<sql>) ...`: a statement and a round trip less than add()), with
   * its parameters, numbered from `firstParameter` (`$<firstParameter>` is the first). The rows
   * are queued after the commit, as add() queues them: the caller must run the INSERT in the
   * same transaction.
   */
  inStatement(notifications: NewNotification[], firstParameter: number): { sql: string; parameters: unknown[] } {
    if (notifications.length === 0) throw new Error('Outbox.inStatement() needs a notification');
    const tenantId = currentTenant().id;
    const rows = outboxRows(tenantId, notifications);
    const parameters: unknown[] = [];
    const values = rows.map((row) => {
      const at = firstParameter + parameters.length;
      parameters.push(
        row.tenantId,
        row.id,
        row.event,
        row.recipientKind,
        row.recipientId,
        row.recipientCountry,
        row.recipientCode,
        JSON.stringify(row.payload),
      );
      return `($${at}::uuid, $${at + 1}::uuid, $${at + 2}::text, $${at + 3}::text, $${at + 4}::uuid, $${at + 5}::text, $${at + 6}::text, $${at + 7}::jsonb)`;
    });
    this.queueAfterCommit(tenantId, rows);
    return {
      sql: `insert into outbox (tenant_id, id, event, recipient_kind, recipient_id, recipient_country, recipient_code, payload)
         values ${values.join(', ')}`,
      parameters,
    };
  }

  private queueAfterCommit(tenantId: string, rows: { id: string }[]): void {
    this.tenantDb.afterCommit(
      () =>
        void this.queueNow(
          tenantId,
          rows.map((r) => r.id),
        ),
    );
  }

  /**
   * Inside TenantDatabase.run(): an event some of whose deliveries are to go again (another
   * library's resend) is opened again, and handed to the worker after the commit.
   */
  async reopen(outboxId: string): Promise<void> {
    const tenantId = currentTenant().id;
    await this.tenantDb
      .manager()
      .getRepository(OutboxEventEntity)
      .update({ tenantId, id: outboxId }, { processedAt: null });
    this.tenantDb.afterCommit(() => void this.queueNow(tenantId, [outboxId]));
  }

  /** Hands outbox rows to the worker (the sweep's path too). Never throws: the sweep is the fallback. */
  async queueNow(tenantId: string, outboxIds: string[]): Promise<boolean> {
    const queued = this.queue.addBulk(
      outboxIds.map((outboxId) => ({
        name: DELIVER_EVENT_JOB,
        data: { tenantId, outboxId, correlationId: randomUUID() },
        opts: deliverJobOptions(outboxId, this.config.NOTIFICATION_ATTEMPTS),
      })),
    );
    try {
      await queuedWithin(queued);
      return true;
    } catch (error) {
      this.logger.warn({ err: error, outboxIds }, 'notifications not queued; the sweep will');
      return false;
    }
  }
}

/** The outbox rows of notifications, each with its id (the job's id once queued). */
function outboxRows(tenantId: string, notifications: NewNotification[]) {
  return notifications.map((n) => ({
    id: randomUUID(),
    tenantId,
    event: n.event,
    recipientKind: n.recipient.kind,
    recipientId: n.recipient.kind === 'person' ? null : n.recipient.id,
    recipientCountry: n.recipient.kind === 'person' ? n.recipient.country : null,
    recipientCode: n.recipient.kind === 'person' ? n.recipient.personalCode : null,
    payload: n.payload,
  }));
}
