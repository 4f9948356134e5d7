import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { In } from 'typeorm';
import { ApplicationFileEntity } from '../domain/attachment.entity.js';

@Injectable()
export class ApplicationFilesRepository extends TenantScopedRepository<ApplicationFileEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ApplicationFileEntity);
  }

  async insert(file: Omit<ApplicationFileEntity, 'tenantId' | 'createdAt' | 'application'>): Promise<void> {
    await this.repository.insert({ ...file, tenantId: this.tenantId });
  }

  ofApplication(applicationId: string): Promise<ApplicationFileEntity[]> {
    return this.repository.find({ where: this.scoped({ applicationId }), order: { createdAt: 'ASC' } });
  }

  find(applicationId: string, id: string): Promise<ApplicationFileEntity | null> {
    return this.repository.findOne({ where: this.scoped({ applicationId, id }) });
  }

  async remove(applicationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.repository.delete(this.scoped({ applicationId, id: In(ids) }));
  }
}
