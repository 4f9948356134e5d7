import { Injectable } from '@nestjs/common';
import { TenantCache, TenantChanges, TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { MessageTemplateEntity } from '../domain/message-template.entity.js';
import type { MessageWording } from '../templates/message-texts.js';

/**
 * How long a process keeps a municipality's wordings for the messages it composes. A saved or
 * reset wording is announced (TenantChanges) and dropped at once in every process; the TTL
 * only bounds a missed announcement.
 */
const WORDINGS_TTL_MS = 5_000;

/** Municipalities' own wordings of messages. */
@Injectable()
export class MessageTemplatesRepository extends TenantScopedRepository<MessageTemplateEntity> {
  /** A tenant's own wordings by `event|locale`: composing a message reads no table. */
  private readonly cache: TenantCache<Map<string, MessageWording>>;

  constructor(
    tenantDb: TenantDatabase,
    private readonly changes: TenantChanges,
  ) {
    super(tenantDb, MessageTemplateEntity);
    this.cache = new TenantCache(changes, WORDINGS_TTL_MS);
  }

  all(): Promise<MessageTemplateEntity[]> {
    return this.repository.find({ where: this.scoped() });
  }

  find(event: string, locale: string): Promise<MessageTemplateEntity | null> {
    return this.repository.findOne({ where: this.scoped({ event, locale }) });
  }

  /** The municipality's own wording of an event in a language, as this process keeps it (see WORDINGS_TTL_MS). */
  async kept(event: string, locale: string): Promise<MessageWording | null> {
    const own =
      this.cache.peek(this.tenantId, 'wordings') ??
      (await this.cache.get(this.tenantId, 'wordings', async () => {
        const rows = await this.all();
        return new Map(rows.map((r) => [`${r.event}|${r.locale}`, { subject: r.subject, body: r.body, sms: r.sms }]));
      }));
    return own.get(`${event}|${locale}`) ?? null;
  }

  async save(event: string, locale: string, wording: MessageWording, updatedBy: string): Promise<void> {
    await this.repository.upsert(
      { tenantId: this.tenantId, event, locale, ...wording, updatedBy, updatedAt: new Date() },
      { conflictPaths: ['tenantId', 'event', 'locale'] },
    );
    this.announceAfterCommit();
  }

  async reset(event: string, locale: string): Promise<void> {
    await this.repository.delete(this.scoped({ event, locale }));
    this.announceAfterCommit();
  }

  /** Every process drops the wordings it keeps of the tenant once the change is committed. */
  private announceAfterCommit(): void {
    const tenantId = this.tenantId;
    this.tenantDb.afterCommit(() => void this.changes.published(tenantId));
  }
}
