import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { PermitEntity } from '../domain/permit.entity.js';

/** A municipality's permits (its rows only, through TenantDatabase). */
@Injectable()
export class PermitsRepository extends TenantScopedRepository<PermitEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, PermitEntity);
  }

  async insert(
    permit: Omit<PermitEntity, 'tenantId' | 'id' | 'issuedAt' | 'revokedAt' | 'application'>,
  ): Promise<PermitEntity> {
    const { identifiers } = await this.repository.insert({ ...permit, tenantId: this.tenantId });
    return (await this.findById(String(identifiers[0].id)))!;
  }

  findById(id: string): Promise<PermitEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  ofApplication(applicationId: string): Promise<PermitEntity | null> {
    return this.repository.findOne({ where: this.scoped({ applicationId }) });
  }

  /** Revokes it, once: true when this call did. */
  async revoke(id: string): Promise<boolean> {
    const { affected } = await this.repository
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('tenant_id = :tenantId and id = :id and revoked_at is null', { tenantId: this.tenantId, id })
      .execute();
    return (affected ?? 0) === 1;
  }
}
