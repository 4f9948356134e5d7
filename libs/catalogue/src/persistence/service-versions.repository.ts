import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { ServiceVersionEntity } from '../domain/service-version.entity.js';

const KEPT_VERSIONS = 2000;
const publishedVersions = new Map<string, ServiceVersionEntity>();

/** The published, immutable versions of the municipality's services. */
@Injectable()
export class ServiceVersionsRepository extends TenantScopedRepository<ServiceVersionEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ServiceVersionEntity);
  }

  /**
   * A published version. Versions never change, so each is read once per process and kept
   * (keyed by tenant too: another tenant's id finds nothing here and nothing in PostgreSQL).
   * Applications read their version at every step; parsing a service's definition each time
   * cost more than the rest of a submission. Callers must not change what they get.
   */
  /** A version this process keeps, if it does (no transaction needed). */
  kept(serviceId: string, version: number): ServiceVersionEntity | undefined {
    return publishedVersions.get(`${this.tenantId}:${serviceId}:${version}`);
  }

  async find(serviceId: string, version: number): Promise<ServiceVersionEntity | null> {
    const key = `${this.tenantId}:${serviceId}:${version}`;
    const kept = publishedVersions.get(key);
    if (kept) return kept;
    const found = await this.repository.findOne({ where: this.scoped({ serviceId, version }) });
    if (found) {
      if (publishedVersions.size >= KEPT_VERSIONS) publishedVersions.delete(publishedVersions.keys().next().value!);
      publishedVersions.set(key, found);
    }
    return found;
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
