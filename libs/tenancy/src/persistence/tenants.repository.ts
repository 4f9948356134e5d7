import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TenancyException, TenancyExceptionCode } from '../domain/tenancy.exception.js';
import { TenantEntity, TenantStatus, type TenantBranding } from '../domain/tenant.entity.js';
import type { TenantSpecRequestDto } from '../onboarding/dto/tenant-spec.request.dto.js';
import { logoOf, parseLogoDataUrl } from '../domain/tenant-logo.js';
import type { TenantRef } from '../context/tenant-context.js';

/** A sweep's probe function (created by its library's migration with createDueTenantsProbe) and its arguments. */
export interface DueTenantsProbe {
  name: string;
  args?: unknown[];
}

/** PostgreSQL's answer when a unique constraint or our domains trigger refuses a row. */
function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === '23505' ? (e.driverError?.constraint ?? e.constraint ?? 'unique') : undefined;
}

/** The platform table of tenants. Not tenant data: read before a tenant is known. */
@Injectable()
export class TenantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts or (for a file-managed tenant) updates from a spec; names the field that clashes. */
  async save(
    manager: EntityManager,
    spec: TenantSpecRequestDto,
    managedBy: 'api' | 'file',
    status: TenantStatus,
  ): Promise<TenantEntity> {
    const values = {
      slug: spec.slug,
      name: spec.name,
      domains: spec.domains ?? [],
      locales: spec.locales,
      defaultLocale: spec.defaultLocale,
      timeZone: spec.timeZone,
      currency: spec.currency ?? 'EUR',
      country: spec.country ?? null,
      branding: brandingOf(spec.branding),
      identityProvider: JSON.parse(JSON.stringify(spec.identityProvider ?? {})),
      registers: JSON.parse(JSON.stringify(spec.registers ?? {})),
      proactive: JSON.parse(JSON.stringify(spec.proactive ?? [])),
      setup: {
        services: (spec.services ?? []).map((s) => ({ ...s })),
        staff: (spec.staff ?? []).map((m) => ({ email: m.email.toLowerCase(), name: m.name, role: m.role })),
        ...(spec.bookings === undefined ? {} : { bookings: JSON.parse(JSON.stringify(spec.bookings)) }),
        ...(spec.payments === undefined ? {} : { payments: JSON.parse(JSON.stringify(spec.payments)) }),
      },
      managedBy,
    };
    try {
      await manager.query('savepoint tenant_save');
      const existing = await manager.findOne(TenantEntity, {
        where: { slug: spec.slug },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing && managedBy === 'file' && existing.managedBy === 'api') {
        throw new TenancyException(
          `${spec.slug} was onboarded through the admin API; a tenant file cannot take it over.`,
          TenancyExceptionCode.SlugTaken,
          [{ field: 'slug', message: `${spec.slug} is managed through the admin API` }],
        );
      }
      if (existing && managedBy === 'api') {
        throw new TenancyException(
          `A municipality with slug ${spec.slug} exists already.`,
          TenancyExceptionCode.SlugTaken,
          [{ field: 'slug', message: `${spec.slug} is taken` }],
        );
      }
      const tenant = existing
        ? manager.merge(TenantEntity, existing, values)
        : manager.create(TenantEntity, { ...values, status });
      const saved = await manager.save(TenantEntity, tenant);
      await manager.query('release savepoint tenant_save');
      return saved;
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (!constraint) throw error;
      await manager.query('rollback to savepoint tenant_save');
      if (constraint === 'uq_tenants_domains') {
        throw new TenancyException('A domain belongs to another municipality.', TenancyExceptionCode.DomainTaken, [
          { field: 'domains', message: 'one of these domains belongs to another municipality' },
        ]);
      }
      throw new TenancyException(
        `A municipality with slug ${spec.slug} exists already.`,
        TenancyExceptionCode.SlugTaken,
        [{ field: 'slug', message: `${spec.slug} is taken` }],
      );
    }
  }

  findBySlug(slug: string): Promise<TenantEntity | null> {
    return this.dataSource.getRepository(TenantEntity).findOne({ where: { slug } });
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.dataSource.getRepository(TenantEntity).findOne({ where: { id } });
  }

  async list(page: number, pageSize: number, status?: TenantStatus): Promise<{ items: TenantEntity[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(TenantEntity).findAndCount({
      where: status ? { status } : {},
      order: { slug: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  /** Every active tenant, as a reference (the daily proactive sweep visits each; TenantSweep asks withDueWork). */
  async activeRefs(): Promise<{ id: string; slug: string }[]> {
    return this.dataSource
      .getRepository(TenantEntity)
      .find({ where: { status: TenantStatus.Active }, select: { id: true, slug: true }, order: { slug: 'ASC' } });
  }

  /**
   * The active tenants a sweep's probe function finds due work for, by slug: one statement on a
   * connection of the pool, outside any tenant transaction, so the app.tenant_id the probe sets
   * (transaction-local) ends with the statement. See createDueTenantsProbe.
   */
  async withDueWork(probe: DueTenantsProbe): Promise<TenantRef[]> {
    if (!/^[a-z][a-z0-9_]*$/.test(probe.name)) throw new Error(`not a probe function's name: ${probe.name}`);
    const args = probe.args ?? [];
    const rows: TenantRef[] = await this.dataSource.query(
      `select t.id, t.slug from tenants t
        where t.status = 'active' and t.id in (select due.id from ${probe.name}(${args.map((_, i) => `$${i + 1}`).join(', ')}) due(id))
        order by t.slug`,
      args,
    );
    return rows.map((r) => ({ id: r.id, slug: r.slug }));
  }

  /** Tenants still waiting for provisioning, oldest first (to re-enqueue lost jobs). */
  waitingForProvisioning(limit: number): Promise<TenantEntity[]> {
    return this.dataSource
      .getRepository(TenantEntity)
      .find({ where: { status: TenantStatus.Provisioning }, order: { createdAt: 'ASC' }, take: limit });
  }

  /** Changes status only from the expected one; false when the tenant was not in it. */
  async changeStatus(id: string, from: TenantStatus, to: TenantStatus): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(TenantEntity)
      .set({ status: to })
      .where('id = :id and status = :from', { id, from })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async recordProvisioningError(id: string, message: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(TenantEntity)
      .set({ provisioningError: message.slice(0, 2000) })
      .where('id = :id and status = :status', { id, status: TenantStatus.Provisioning })
      .execute();
  }
}

/** The settings' branding: a logo sent as a data: URL (validated already) is kept as its bytes. */
function brandingOf(spec: TenantSpecRequestDto['branding']): TenantBranding {
  const { logoDataUrl, ...branding } = spec;
  const parsed = logoDataUrl ? parseLogoDataUrl(logoDataUrl) : null;
  return { ...branding, ...(parsed ? { logo: logoOf(parsed.bytes) } : {}) };
}
