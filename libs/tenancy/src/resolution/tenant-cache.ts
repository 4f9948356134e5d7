import { Injectable } from '@nestjs/common';
import { TenantChanges } from './tenant-changes.js';

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * A per-process cache of data that belongs to one tenant (its public catalogue…). Whatever
 * announces a tenant change (TenantChanges, after its transaction committed) empties that
 * tenant's entries in every process; the TTL only bounds a missed message.
 */
export class TenantCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly pending = new Map<string, Promise<T>>();
  private generation = 0;

  constructor(
    changes: TenantChanges,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {
    changes.onChange((tenantId) => this.forget(tenantId));
  }

  /** The cached value of the tenant's key, or undefined: lets a hot path skip a promise. */
  peek(tenantId: string, key: string): T | undefined {
    const entry = this.entries.get(`${tenantId}|${key}`);
    return entry && entry.expiresAt > Date.now() ? entry.value : undefined;
  }

  /** The cached value of the tenant's key, or what `load` reads (once, for concurrent callers). */
  async get(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
    const id = `${tenantId}|${key}`;
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
    let inFlight = this.pending.get(id);
    if (!inFlight) {
      const generation = this.generation;
      inFlight = load()
        .then((value) => {
          // A change announced while we were reading makes this value stale: do not keep it.
          if (generation === this.generation) {
            if (this.entries.size >= this.maxEntries) this.entries.clear();
            this.entries.set(id, { value, expiresAt: Date.now() + this.ttlMs });
          }
          return value;
        })
        .finally(() => {
          if (this.pending.get(id) === inFlight) this.pending.delete(id);
        });
      this.pending.set(id, inFlight);
    }
    return inFlight;
  }

  forget(tenantId: string): void {
    this.generation++;
    if (tenantId === '*') {
      this.entries.clear();
      this.pending.clear();
      return;
    }
    for (const id of this.entries.keys()) if (id.startsWith(`${tenantId}|`)) this.entries.delete(id);
    for (const id of this.pending.keys()) if (id.startsWith(`${tenantId}|`)) this.pending.delete(id);
  }
}

/** Makes TenantCaches for the libraries. */
@Injectable()
export class TenantCaches {
  constructor(private readonly changes: TenantChanges) {}

  create<T>(ttlMs: number): TenantCache<T> {
    return new TenantCache<T>(this.changes, ttlMs);
  }
}
