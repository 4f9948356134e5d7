import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { ServiceVersionEntity } from '../domain/service-version.entity.js';

/** The published, immutable versions of the municipality's services. */
@Injectable()
export class ServiceVersionsRepository extends TenantScopedRepository<ServiceVersionEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ServiceVersionEntity);
  }

  find(serviceId: string, version: number): Promise<ServiceVersionEntity | null> {
    return this.repository.findOne({ where: this.scoped({ serviceId, version }) });
  }

  /** Newest first. */
  history(serviceId: string): Promise<ServiceVersionEntity[]> {
    return this.repository.find({
      where: this.scoped({ serviceId }),
      order: { version: 'DESC' },
      select: { serviceId: true, version: true, templateCode: true, templateVersion: true, publishedAt: true, publishedBy: true },
    });
  }

  async latestNumber(serviceId: string): Promise<number> {
    const row = await this.repository.findOne({ where: this.scoped({ serviceId }), order: { version: 'DESC' }, select: { version: true } });
    return row?.version ?? 0;
  }

  async add(version: Omit<ServiceVersionEntity, 'tenantId' | 'publishedAt' | 'service' | 'template'>): Promise<void> {
    // (jsonb columns: TypeORM's deep-partial type cannot follow a JSON Schema's open records.)
    await this.repository.insert({ ...version, tenantId: this.tenantId } as never);
  }
}
