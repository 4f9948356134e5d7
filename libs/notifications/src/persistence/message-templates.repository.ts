import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { MessageTemplateEntity } from '../domain/message-template.entity.js';
import type { MessageWording } from '../templates/message-texts.js';

/** Municipalities' own wordings of messages. */
@Injectable()
export class MessageTemplatesRepository extends TenantScopedRepository<MessageTemplateEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, MessageTemplateEntity);
  }

  all(): Promise<MessageTemplateEntity[]> {
    return this.repository.find({ where: this.scoped() });
  }

  find(event: string, locale: string): Promise<MessageTemplateEntity | null> {
    return this.repository.findOne({ where: this.scoped({ event, locale }) });
  }

  async save(event: string, locale: string, wording: MessageWording, updatedBy: string): Promise<void> {
    await this.repository.upsert(
      { tenantId: this.tenantId, event, locale, ...wording, updatedBy, updatedAt: new Date() },
      { conflictPaths: ['tenantId', 'event', 'locale'] },
    );
  }

  async reset(event: string, locale: string): Promise<void> {
    await this.repository.delete(this.scoped({ event, locale }));
  }
}
