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

  /**
   * The choices of a person known by national identifier, if they have logged in and made
   * any: those saved last, of any of their logins (one per identity provider).
   */
  async ofPerson(national: { country: string; code: string }): Promise<ContactPreferencesEntity | null> {
    const [row]: { citizen_id: string }[] = await this.tenantDb.manager().query(
      `select p.citizen_id from contact_preferences p
         join citizens c on c.tenant_id = p.tenant_id and c.id = p.citizen_id
        where p.tenant_id = $1 and c.national_id_country = $2 and c.national_id = $3
        order by p.updated_at desc limit 1`,
      [this.tenantId, national.country, national.code],
    );
    return row ? this.of(row.citizen_id) : null;
  }

  async save(citizenId: string, choices: ContactChoices): Promise<void> {
    await this.repository.upsert(
      { tenantId: this.tenantId, citizenId, ...choices, updatedAt: new Date() },
      { conflictPaths: ['tenantId', 'citizenId'] },
    );
  }
}
