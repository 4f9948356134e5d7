import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { CitizenEntity } from './citizen.entity.js';

export interface CitizenIdentity {
  issuer: string;
  subject: string;
  nationalId: string | null;
  nationalIdCountry: string | null;
  givenName: string;
  familyName: string;
  birthdate: string | null;
}

@Injectable()
export class CitizensRepository extends TenantScopedRepository<CitizenEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, CitizenEntity);
  }

  /** The citizen of (issuer, subject), created at first login, names refreshed at each. */
  async recordLogin(identity: CitizenIdentity): Promise<CitizenEntity> {
    const now = new Date();
    await this.repository.upsert(
      { ...identity, tenantId: this.tenantId, lastLoginAt: now },
      { conflictPaths: ['tenantId', 'issuer', 'subject'] },
    );
    return this.repository.findOneOrFail({
      where: this.scoped({ issuer: identity.issuer, subject: identity.subject }),
    });
  }

  findById(id: string): Promise<CitizenEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  /** The citizens who logged in with a national identifier (one per identity provider that gave it). */
  withNationalId(country: string, code: string): Promise<CitizenEntity[]> {
    return this.repository.find({ where: this.scoped({ nationalIdCountry: country, nationalId: code }) });
  }
}
