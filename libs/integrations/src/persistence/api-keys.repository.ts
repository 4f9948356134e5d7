import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { IsNull } from 'typeorm';
import { ApiKeyEntity } from '../domain/api-key.entity.js';
import type { ApiKeyScope } from '../domain/api-key-scopes.js';

/** How often at most a key's last use is written: reads through a key stay reads. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** A municipality's API keys (its rows only, through TenantDatabase). */
@Injectable()
export class ApiKeysRepository extends TenantScopedRepository<ApiKeyEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ApiKeyEntity);
  }

  /** Newest first, revoked ones too. */
  list(): Promise<ApiKeyEntity[]> {
    return this.repository.find({ where: this.scoped(), order: { createdAt: 'DESC', id: 'ASC' } });
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  findByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.repository.findOne({ where: this.scoped({ prefix }) });
  }

  async insert(key: {
    name: string;
    prefix: string;
    secretHash: string;
    scopes: ApiKeyScope[];
    createdBy: string;
  }): Promise<ApiKeyEntity> {
    const { identifiers } = await this.repository.insert({ ...key, tenantId: this.tenantId });
    return (await this.findById(String(identifiers[0].id)))!;
  }

  /** Revokes a key not yet revoked; false when there is none such (missing, or revoked before). */
  async revoke(id: string, revokedBy: string): Promise<boolean> {
    const { affected } = await this.repository.update(this.scoped({ id, revokedAt: IsNull() }), {
      revokedAt: () => 'now()',
      revokedBy,
    });
    return (affected ?? 0) > 0;
  }

  /** Notes a use of the key, unless one was noted within the last minute (by any process). */
  async touch(id: string): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('tenant_id = :tenantId and id = :id', { tenantId: this.tenantId, id })
      .andWhere(`(last_used_at is null or last_used_at < now() - make_interval(secs => :seconds))`, {
        seconds: LAST_USED_RESOLUTION_MS / 1000,
      })
      .execute();
  }
}
