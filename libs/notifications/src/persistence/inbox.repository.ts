import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { type FindOptionsWhere, IsNull } from 'typeorm';
import { InboxMessageEntity } from '../domain/inbox-message.entity.js';

/**
 * Who reads an inbox: the logged-in citizen, and (when their login gave one) their national
 * identifier, under which messages to a person who had not logged in yet are kept.
 */
export interface InboxReader {
  citizenId: string;
  nationalId?: { country: string; code: string } | null;
}

/** A citizen's portal inbox. */
@Injectable()
export class InboxRepository extends TenantScopedRepository<InboxMessageEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, InboxMessageEntity);
  }

  /** Newest first. */
  ofCitizen(reader: InboxReader, limit = 200): Promise<InboxMessageEntity[]> {
    return this.repository.find({ where: this.whose(reader), order: { createdAt: 'DESC' }, take: limit });
  }

  unreadCount(reader: InboxReader): Promise<number> {
    return this.repository.count({ where: this.whose(reader, { readAt: IsNull() }) });
  }

  /** The reader's message (another's is answered as missing), marked read. */
  async open(id: string, reader: InboxReader): Promise<InboxMessageEntity | null> {
    const message = await this.repository.findOne({ where: this.whose(reader, { id }) });
    if (message && !message.readAt) {
      message.readAt = new Date();
      await this.repository.update(this.scoped({ id }), { readAt: message.readAt });
    }
    return message;
  }

  /** The reader's messages: theirs by user id, or by their national identifier. */
  private whose(
    reader: InboxReader,
    where: FindOptionsWhere<InboxMessageEntity> = {},
  ): FindOptionsWhere<InboxMessageEntity>[] {
    const mine = [this.scoped({ ...where, citizenId: reader.citizenId })];
    if (reader.nationalId) {
      mine.push(
        this.scoped({ ...where, personCountry: reader.nationalId.country, personCode: reader.nationalId.code }),
      );
    }
    return mine;
  }
}
