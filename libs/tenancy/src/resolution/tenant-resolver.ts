import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PlatformConfig } from '@townhall/platform';
import { DataSource } from 'typeorm';
import type { Currency, Locale, TenantBranding, TenantStatus } from '../domain/tenant.entity.js';
import { parseHost } from './parse-host.js';
import { TenantChanges } from './tenant-changes.js';
import type { Country } from '../domain/countries.js';

/** What a request needs to know of its tenant; cached per host. */
export interface ResolvedTenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  locales: Locale[];
  defaultLocale: Locale;
  timeZone: string;
  currency: Currency;
  country: Country | null;
  branding: TenantBranding;
}

interface CacheEntry {
  tenant: ResolvedTenant | null;
  expiresAt: number;
}

const FOUND_TTL_MS = 60_000;
/** Unknown hosts are remembered briefly, so a flood of them does not reach the database. */
const UNKNOWN_TTL_MS = 1_000;
const MAX_ENTRIES = 50_000;

/**
 * Resolves a Host header to its tenant. A change to any tenant (TenantChanges) empties the
 * cache in every process, so a new tenant answers at once and a suspension takes effect
 * at once; the TTL only bounds how long a missed message could matter.
 */
@Injectable()
export class TenantResolver {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly pending = new Map<string, Promise<ResolvedTenant | null>>();
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: PlatformConfig,
    changes: TenantChanges,
  ) {
    changes.onChange((tenantId) => this.forget(tenantId));
  }

  /**
   * The tenant of a host from the cache alone: undefined when the cache does not know
   * (then call resolve()). Most requests end here, without a promise.
   */
  cached(hostHeader: string | undefined): ResolvedTenant | null | undefined {
    const lookup = parseHost(hostHeader, this.config.PLATFORM_DOMAIN);
    return lookup ? this.hit(cacheKey(lookup)) : null;
  }

  async resolve(hostHeader: string | undefined): Promise<ResolvedTenant | null> {
    const lookup = parseHost(hostHeader, this.config.PLATFORM_DOMAIN);
    if (!lookup) return null;
    const key = cacheKey(lookup);
    const cached = this.hit(key);
    if (cached !== undefined) return cached;

    let inFlight = this.pending.get(key);
    if (!inFlight) {
      const generation = this.generation;
      inFlight = this.load(lookup.kind === 'subdomain' ? 'slug = $1' : 'domains @> array[$1]', [
        lookup.kind === 'subdomain' ? lookup.slug : lookup.hostname,
      ])
        .then((tenant) => {
          // A change announced while we were reading makes this answer stale: do not keep it.
          if (generation === this.generation) this.remember(key, tenant);
          return tenant;
        })
        .finally(() => {
          if (this.pending.get(key) === inFlight) this.pending.delete(key);
        });
      this.pending.set(key, inFlight);
    }
    return inFlight;
  }

  /** A tenant's settings by id, for work outside a request (a job issuing a decision). */
  byId(id: string): Promise<ResolvedTenant | null> {
    return this.load('id = $1', [id]);
  }

  /**
   * Forgets what a change may have made wrong: the changed tenant's hosts, and every host
   * remembered as unknown (the change may be a new tenant or a new domain). '*' is all.
   */
  forget(tenantId = '*'): void {
    this.generation++;
    this.pending.clear();
    if (tenantId === '*') return this.cache.clear();
    for (const [key, entry] of this.cache) {
      if (!entry.tenant || entry.tenant.id === tenantId) this.cache.delete(key);
    }
  }

  private hit(key: string): ResolvedTenant | null | undefined {
    const entry = this.cache.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.tenant : undefined;
  }

  private remember(key: string, tenant: ResolvedTenant | null): void {
    if (this.cache.size >= MAX_ENTRIES) {
      // A flood of made-up hosts must not push the real tenants out: drop unknown ones first.
      for (const [k, entry] of this.cache) if (!entry.tenant) this.cache.delete(k);
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    }
    this.cache.set(key, { tenant, expiresAt: Date.now() + (tenant ? FOUND_TTL_MS : UNKNOWN_TTL_MS) });
  }

  private async load(condition: string, params: string[]): Promise<ResolvedTenant | null> {
    const rows: ResolvedTenant[] = await this.dataSource.query(
      `select id, slug, name, status, locales, default_locale as "defaultLocale", time_zone as "timeZone",
              currency, country, branding
         from tenants where ${condition} limit 1`,
      params,
    );
    return rows[0] ?? null;
  }
}

function cacheKey(lookup: NonNullable<ReturnType<typeof parseHost>>): string {
  return lookup.kind === 'subdomain' ? `s:${lookup.slug}` : `d:${lookup.hostname}`;
}
