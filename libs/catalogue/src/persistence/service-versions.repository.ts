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
      select: {
        serviceId: true,
        version: true,
        templateCode: true,
        templateVersion: true,
        publishedAt: true,
        publishedBy: true,
      },
    });
  }

  async latestNumber(serviceId: string): Promise<number> {
    const row = await this.repository.findOne({
      where: this.scoped({ serviceId }),
      order: { version: 'DESC' },
      select: { version: true },
    });
    return row?.version ?? 0;
  }

  /** The published version of every enabled service, in catalogue order (the CPSV-AP export). */
  publishedOfEnabled(): Promise<ServiceVersionEntity[]> {
    return this.repository
      .createQueryBuilder('v')
      .innerJoin(
        'services',
        's',
        's.tenant_id = v.tenant_id and s.id = v.service_id and s.published_version = v.version and s.enabled',
      )
      .where('v.tenant_id = :tenantId', { tenantId: this.tenantId })
      .orderBy('s.category')
      .addOrderBy('s.position')
      .getMany();
  }

  async add(version: Omit<ServiceVersionEntity, 'tenantId' | 'publishedAt' | 'service' | 'template'>): Promise<void> {
    // (jsonb columns: TypeORM's deep-partial type cannot follow a JSON Schema's open records.)
    await this.repository.insert({ ...version, tenantId: this.tenantId } as never);
  }
}
