import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { type EntitlementSource, EntitlementEntity } from '../domain/entitlement.entity.js';

export interface NewEntitlement {
  code: string;
  personCountry: string;
  personCode: string;
  name: string;
  /** YYYY-MM-DD. */
  validFrom: string;
  source: EntitlementSource;
}

/** Rows a statement may insert at once (seven parameters' worth of arrays, whatever the count). */
const CHUNK = 1000;

interface EntitlementRow {
  id: string;
  code: string;
  person_country: string;
  person_code: string;
  name: string;
  granted_at: Date;
  valid_from: string;
  source: EntitlementSource;
}

function toEntity(row: EntitlementRow, tenantId: string): EntitlementEntity {
  return Object.assign(new EntitlementEntity(), {
    tenantId,
    id: row.id,
    code: row.code,
    personCountry: row.person_country,
    personCode: row.person_code,
    name: row.name,
    grantedAt: row.granted_at,
    validFrom: row.valid_from,
    source: row.source,
  });
}

/** The municipality's entitlements. Inside TenantDatabase.run()/read(). */
@Injectable()
export class EntitlementsRepository extends TenantScopedRepository<EntitlementEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, EntitlementEntity);
  }

  /**
   * Grants what is not granted yet: one INSERT … ON CONFLICT DO NOTHING per thousand, keyed
   * (tenant, code, person). Returns only the rows this call inserted: those, and only those,
   * are to be told. Two runs at once cannot both insert a row; the second waits and skips it.
   */
  async grant(rows: NewEntitlement[]): Promise<EntitlementEntity[]> {
    const inserted: EntitlementEntity[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const column = <K extends keyof NewEntitlement>(key: K) => chunk.map((r) => r[key]);
      const returned: EntitlementRow[] = await this.tenantDb.manager().query(
        `insert into entitlements (tenant_id, code, person_country, person_code, name, valid_from, source)
         select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[])
         on conflict (tenant_id, code, person_country, person_code) do nothing
         returning id, code, person_country, person_code, name, granted_at, valid_from::text, source`,
        [
          this.tenantId,
          column('code'),
          column('personCountry'),
          column('personCode'),
          column('name'),
          column('validFrom'),
          column('source'),
        ],
      );
      inserted.push(...returned.map((row) => toEntity(row, this.tenantId)));
    }
    return inserted;
  }

  /** A person's entitlements, by national identifier; the latest first. */
  ofPerson(country: string, code: string): Promise<EntitlementEntity[]> {
    return this.repository.find({
      where: this.scoped({ personCountry: country, personCode: code }),
      order: { validFrom: 'DESC', code: 'ASC' },
    });
  }

  /** The newest granted (of one benefit, or all), at most `limit`, and how many there are in all. */
  async list(code: string | undefined, limit: number): Promise<{ items: EntitlementEntity[]; total: number }> {
    const [items, total] = await this.repository.findAndCount({
      where: this.scoped(code ? { code } : {}),
      order: { grantedAt: 'DESC', name: 'ASC' },
      take: limit,
    });
    return { items, total };
  }

  /** How many have been granted of each benefit. */
  async countsByCode(): Promise<Map<string, number>> {
    const rows: { code: string; count: number }[] = await this.tenantDb
      .manager()
      .query(`select code, count(*)::int as count from entitlements where tenant_id = $1 group by code`, [
        this.tenantId,
      ]);
    return new Map(rows.map((r) => [r.code, r.count]));
  }
}
