import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { Not, In } from 'typeorm';
import { ResourceEntity } from '../domain/resource.entity.js';

/** A municipality's bookable resources (its rows only, through TenantDatabase). */
@Injectable()
export class ResourcesRepository extends TenantScopedRepository<ResourceEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ResourceEntity);
  }

  /** The enabled ones, by institution and code. */
  list(): Promise<ResourceEntity[]> {
    return this.repository.find({
      where: this.scoped({ enabled: true }),
      order: { institutionId: 'ASC', code: 'ASC' },
    });
  }

  /** An enabled resource; null when missing, disabled or another tenant's. */
  findById(id: string): Promise<ResourceEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id, enabled: true }) });
  }

  /** A resource, enabled or not (a booking made before it was disabled still names it). */
  findAnyById(id: string): Promise<ResourceEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  /** Creates or updates the resource of a code (tenant files); its id. */
  async upsert(
    values: Omit<ResourceEntity, 'tenantId' | 'id' | 'createdAt' | 'tenant' | 'institution'>,
  ): Promise<string> {
    await this.repository.upsert({ ...values, tenantId: this.tenantId }, ['tenantId', 'code']);
    return (await this.repository.findOneOrFail({ where: this.scoped({ code: values.code }) })).id;
  }

  /** Disables the resources whose codes a tenant file no longer lists. */
  async disableAllBut(codes: string[]): Promise<void> {
    await this.repository.update(this.scoped({ code: Not(In(codes)) }), { enabled: false });
  }
}
