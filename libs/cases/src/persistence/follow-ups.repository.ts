import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { FollowUpEntity } from '../domain/follow-up.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';

@Injectable()
export class FollowUpsRepository extends TenantScopedRepository<FollowUpEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, FollowUpEntity);
  }

  async insert(followUp: Pick<FollowUpEntity, 'applicationId' | 'followUpKey' | 'dueAt'>): Promise<void> {
    await this.repository.insert({ ...followUp, tenantId: this.tenantId });
  }

  ofApplication(applicationId: string): Promise<FollowUpEntity[]> {
    return this.repository.find({ where: this.scoped({ applicationId }), order: { dueAt: 'ASC' } });
  }

  find(applicationId: string, followUpKey: string): Promise<FollowUpEntity | null> {
    return this.repository.findOne({ where: this.scoped({ applicationId, followUpKey }) });
  }

  /** Changes it if nobody did since `expectedVersion` (as applications). */
  async change(
    id: string,
    expectedVersion: number,
    change: Partial<Pick<FollowUpEntity, 'answers' | 'stepsDone' | 'submittedAt'>>,
  ): Promise<void> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ ...change, version: () => 'version + 1' } as never)
      .where('tenant_id = :tenantId and id = :id and version = :expectedVersion', {
        tenantId: this.tenantId,
        id,
        expectedVersion,
      })
      .execute();
    if (result.affected !== 1) {
      throw new CaseException(
        'This was changed meanwhile (in another window?). Reload it, then try again.',
        CaseExceptionCode.ChangedMeanwhile,
      );
    }
  }
}
