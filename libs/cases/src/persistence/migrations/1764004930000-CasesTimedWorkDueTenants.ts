import { createDueTenantsProbe } from '@townhall/tenancy';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case deadline sweep's probe: which active municipalities have a case whose next timed
 * work (reminder, escalation, timed step) is due within the given time or overdue
 * (ApplicationsRepository.needingTimedWork's condition, served by ix_applications_timed), so
 * that the sweep visits only those.
 */
export class CasesTimedWorkDueTenants1764004930000 implements MigrationInterface {
  name = 'CasesTimedWorkDueTenants1764004930000';

  async up(q: QueryRunner): Promise<void> {
    await createDueTenantsProbe(q, {
      name: 'cases_timed_work_due_tenants',
      parameters: 'within interval',
      parameterTypes: 'interval',
      due: `exists (select 1 from applications where tenant_id = t and next_timed_at < now() + within)`,
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function cases_timed_work_due_tenants(interval)`);
  }
}
