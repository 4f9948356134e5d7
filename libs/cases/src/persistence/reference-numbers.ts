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

  /**
   * Takes the next number in a transaction of its own, committed without waiting for the
   * disk: the counter's row is locked for microseconds, not across the submission's COMMIT
   * (which waits for the disk; a municipality's submissions would queue behind each other's).
   * Safe: the submission that uses the number commits later, and its COMMIT flushes the log
   * up to and including this one. A number taken for a submission that then fails is a gap.
   * Call it outside any open transaction.
   */
  async take(prefix: string, at: Date): Promise<string> {
    // Inside a caller's transaction run() would join it, and its COMMIT would stop waiting for the disk.
    if (this.tenantDb.inTransaction()) throw new Error('ReferenceNumbers.take() runs outside any transaction');
    const year = at.getUTCFullYear();
    // One statement, sent with BEGIN, the tenant's setting and COMMIT (one round trip): the
    // upsert itself makes the commit's setting (set_config(..., true) is SET LOCAL).
    const rows = await this.tenantDb.runStatement<{ last_number: number }>(() => ({
      sql: `insert into reference_counters (tenant_id, year, last_number)
            select $1::uuid, $2::int, 1 where set_config('synchronous_commit', 'off', true) = 'off'
            on conflict (tenant_id, year) do update set last_number = reference_counters.last_number + 1
            returning last_number`,
      parameters: [currentTenant().id, year],
    }));
    return `${prefix}-${year}-${String(rows[0].last_number).padStart(6, '0')}`;
  }

  /**
   * Gives the application its number, as the last statement before COMMIT: the counter's row
   * stays locked until the transaction ends, so the less comes after it, the more
   * submissions a municipality takes per second.
   */
  async assign(applicationId: string, prefix: string, at: Date): Promise<string> {
    const year = at.getUTCFullYear();
    const raw: unknown[] = await this.tenantDb.manager().query(
      `with counter as (
         insert into reference_counters (tenant_id, year, last_number) values ($1, $2, 1)
         on conflict (tenant_id, year) do update set last_number = reference_counters.last_number + 1
         returning last_number)
       update applications a
          set reference = $3 || '-' || $2::text || '-' || lpad(counter.last_number::text, 6, '0')
         from counter
        where a.tenant_id = $1 and a.id = $4
       returning a.reference`,
      [currentTenant().id, year, prefix, applicationId],
    );
    // TypeORM answers an UPDATE with [rows, count].
    const rows = (Array.isArray(raw[0]) ? raw[0] : raw) as { reference: string }[];
    return rows[0].reference;
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
