import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository, type InitialService } from '@townhall/tenancy';
import { Not, In } from 'typeorm';
import { ServiceEntity } from '../domain/service.entity.js';

@Injectable()
export class ServicesRepository extends TenantScopedRepository<ServiceEntity> {
  /** Read on every miss of the catalogue's cache, the hottest read of the tenant host. */
  private readonly enabledServices = this.fixedFind({
    where: { enabled: true },
    order: { category: 'ASC', position: 'ASC', code: 'ASC' },
  });

  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ServiceEntity);
  }

  listEnabled(): Promise<ServiceEntity[]> {
    return this.enabledServices();
  }

  findEnabledByCode(code: string): Promise<ServiceEntity | null> {
    return this.repository.findOne({ where: this.scoped({ code, enabled: true }) });
  }

  findEnabled(id: string): Promise<ServiceEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id, enabled: true }) });
  }

  /** Makes the catalogue what the municipality's setup lists: upserts those, disables others. */
  async replaceWith(services: InitialService[]): Promise<void> {
    const tenantId = this.tenantId;
    const rows = services.map((s, position) => ({
      tenantId,
      code: s.code,
      category: s.category,
      assuranceLevel: s.assuranceLevel ?? 'substantial',
      title: s.title,
      summary: s.summary,
      enabled: true,
      position,
    }));
    if (rows.length > 0) {
      await this.repository.upsert(rows, { conflictPaths: ['tenantId', 'code'], skipUpdateIfNoValuesChanged: true });
    }
    const others = services.length > 0 ? { code: Not(In(services.map((s) => s.code))) } : {};
    await this.repository.update(this.scoped({ ...others, enabled: true }), { enabled: false });
  }
}
