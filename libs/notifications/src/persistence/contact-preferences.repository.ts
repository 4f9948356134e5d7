import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { type ContactChannel, ContactPreferencesEntity } from '../domain/contact-preferences.entity.js';

export interface ContactChoices {
  email: string | null;
  phone: string | null;
  postalAddress: string | null;
  channels: ContactChannel[];
}

@Injectable()
export class ContactPreferencesRepository extends TenantScopedRepository<ContactPreferencesEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ContactPreferencesEntity);
  }

  of(citizenId: string): Promise<ContactPreferencesEntity | null> {
    return this.repository.findOne({ where: this.scoped({ citizenId }) });
  }

  async save(citizenId: string, choices: ContactChoices): Promise<void> {
    await this.repository.upsert(
      { tenantId: this.tenantId, citizenId, ...choices, updatedAt: new Date() },
      { conflictPaths: ['tenantId', 'citizenId'] },
    );
  }
}
