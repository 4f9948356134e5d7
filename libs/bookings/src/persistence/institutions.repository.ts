import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { InstitutionEntity } from '../domain/institution.entity.js';

/** A municipality's institutions (its rows only, through TenantDatabase). */
@Injectable()
export class InstitutionsRepository extends TenantScopedRepository<InstitutionEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, InstitutionEntity);
  }

  list(): Promise<InstitutionEntity[]> {
    return this.repository.find({ where: this.scoped(), order: { code: 'ASC' } });
  }

  findById(id: string): Promise<InstitutionEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  /** Creates or updates the institution of a code (tenant files); its id. */
  async upsert(
    values: Pick<InstitutionEntity, 'code' | 'name' | 'address' | 'contacts' | 'managedBy'>,
  ): Promise<string> {
    await this.repository.upsert({ ...values, tenantId: this.tenantId }, ['tenantId', 'code']);
    return (await this.repository.findOneOrFail({ where: this.scoped({ code: values.code }) })).id;
  }
}
