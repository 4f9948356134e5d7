import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { IsNull } from 'typeorm';
import { InboxMessageEntity } from '../domain/inbox-message.entity.js';

/** A citizen's portal inbox. */
@Injectable()
export class InboxRepository extends TenantScopedRepository<InboxMessageEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, InboxMessageEntity);
  }

  /** Newest first. */
  ofCitizen(citizenId: string, limit = 200): Promise<InboxMessageEntity[]> {
    return this.repository.find({ where: this.scoped({ citizenId }), order: { createdAt: 'DESC' }, take: limit });
  }

  unreadCount(citizenId: string): Promise<number> {
    return this.repository.count({ where: this.scoped({ citizenId, readAt: IsNull() }) });
  }

  /** The citizen's message (another's is answered as missing), marked read. */
  async open(id: string, citizenId: string): Promise<InboxMessageEntity | null> {
    const message = await this.repository.findOne({ where: this.scoped({ id, citizenId }) });
    if (message && !message.readAt) {
      message.readAt = new Date();
      await this.repository.update(this.scoped({ id, citizenId }), { readAt: message.readAt });
    }
    return message;
  }
}
