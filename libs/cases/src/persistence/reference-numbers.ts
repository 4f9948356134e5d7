import { Injectable } from '@nestjs/common';
import { currentTenant, TenantDatabase } from '@townhall/tenancy';

/**
 * Reference numbers per municipality and year: TRT-2026-000123. One UPSERT takes the next
 * number; its row lock orders concurrent submissions, so no number is given twice, and one
 * given by a transaction that rolls back is not reused (a gap, as in any register).
 */
@Injectable()
export class ReferenceNumbers {
  constructor(private readonly tenantDb: TenantDatabase) {}

  async next(prefix: string, at: Date): Promise<string> {
    const year = at.getUTCFullYear();
    const rows: { last_number: number }[] = await this.tenantDb.manager().query(
      `insert into reference_counters (tenant_id, year, last_number) values ($1, $2, 1)
       on conflict (tenant_id, year) do update set last_number = reference_counters.last_number + 1
       returning last_number`,
      [currentTenant().id, year],
    );
    return `${prefix}-${year}-${String(rows[0].last_number).padStart(6, '0')}`;
  }
}

/**
 * The letters a municipality's reference numbers start with: its own setting, else the
 * first letter of its slug and the next consonants (tartu: TRT, stara-zagora: STR).
 */
export function referencePrefix(slug: string): string {
  const letters = slug.toUpperCase().replace(/[^A-Z]/g, '');
  const consonants = letters.slice(1).replace(/[AEIOUY]/g, '');
  return (letters[0] + consonants + letters.slice(1)).slice(0, 3).padEnd(3, 'X');
}
