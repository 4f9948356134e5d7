import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import type { ApiKeyEntity } from '../domain/api-key.entity.js';
import { IntegrationsException, IntegrationsExceptionCode } from '../domain/integrations.exception.js';
import { ApiKeysRepository } from '../persistence/api-keys.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes an API key: the next request with it is refused, on every process (keys are read
 * on every request, never kept). Who revoked it and when is recorded; revoking a revoked key
 * changes nothing.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  private readonly logger = new Logger(RevokeApiKeyUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly keys: ApiKeysRepository,
  ) {}

  async execute(input: { id: string; revokedBy: string }): Promise<ApiKeyEntity> {
    return this.tenantDb.run(async () => {
      const revoked = UUID.test(input.id) && (await this.keys.revoke(input.id, input.revokedBy));
      const apiKey = UUID.test(input.id) ? await this.keys.findById(input.id) : null;
      if (!apiKey) {
        throw new IntegrationsException('There is no such API key.', IntegrationsExceptionCode.ApiKeyNotFound);
      }
      if (revoked) this.logger.log({ apiKey: apiKey.prefix, revokedBy: input.revokedBy }, 'API key revoked');
      return apiKey;
    });
  }
}
