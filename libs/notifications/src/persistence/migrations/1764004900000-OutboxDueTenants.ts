import { createDueTenantsProbe } from '@townhall/tenancy';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox sweep's probe: which active municipalities have outbox events still to process,
 * written before the given time (DeliveriesRepository.unprocessed's condition, served by
 * ix_outbox_pending), so that the sweep visits only those.
 */
export class OutboxDueTenants1764004900000 implements MigrationInterface {
  name = 'OutboxDueTenants1764004900000';

  async up(q: QueryRunner): Promise<void> {
    await createDueTenantsProbe(q, {
      name: 'outbox_due_tenants',
      parameters: 'written_before timestamptz',
      parameterTypes: 'timestamptz',
      due: `exists (select 1 from outbox where tenant_id = t and processed_at is null and created_at < written_before)`,
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function outbox_due_tenants(timestamptz)`);
  }
}
