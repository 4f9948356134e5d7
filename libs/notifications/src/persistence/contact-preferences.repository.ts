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
   * A citizen's name and contact choices (null when they made none), in one statement: what a
   * message to them needs. Null when there is no such citizen.
   */
  async citizenWithChoices(
    citizenId: string,
  ): Promise<{ givenName: string; familyName: string; choices: ContactChoices | null } | null> {
    const [row]: {
      givenName: string;
      familyName: string;
      chose: boolean;
      email: string | null;
      phone: string | null;
      postalAddress: string | null;
      channels: ContactChannel[] | null;
    }[] = await this.tenantDb.manager().query(
      `select c.given_name as "givenName", c.family_name as "familyName", p.citizen_id is not null as chose,
              p.email, p.phone, p.postal_address as "postalAddress", p.channels
         from citizens c
         left join contact_preferences p on p.tenant_id = c.tenant_id and p.citizen_id = c.id
        where c.tenant_id = $1 and c.id = $2`,
      [this.tenantId, citizenId],
    );
    if (!row) return null;
    const { givenName, familyName, chose, email, phone, postalAddress, channels } = row;
    return {
      givenName,
      familyName,
      choices: chose ? { email, phone, postalAddress, channels: channels ?? [] } : null,
    };
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
