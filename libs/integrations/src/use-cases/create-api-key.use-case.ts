import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { QueryFailedError } from 'typeorm';
import type { ApiKeyEntity } from '../domain/api-key.entity.js';
import type { ApiKeyScope } from '../domain/api-key-scopes.js';
import { newApiKeySecret } from '../domain/api-key-secret.js';
import { ApiKeysRepository } from '../persistence/api-keys.repository.js';

export interface CreateApiKey {
  name: string;
  scopes: ApiKeyScope[];
  /** The admin making it. */
  createdBy: string;
}

/**
 * Makes an API key of the current municipality. The whole key is returned once, to be shown
 * to the admin; only its hash is stored.
 */
@Injectable()
export class CreateApiKeyUseCase {
  private readonly logger = new Logger(CreateApiKeyUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly keys: ApiKeysRepository,
  ) {}

  async execute(input: CreateApiKey): Promise<{ apiKey: ApiKeyEntity; key: string }> {
    const scopes = [...new Set(input.scopes)];
    // Two keys drawing the same 8-character prefix in one municipality is unlikely; draw again then.
    for (let attempt = 1; ; attempt++) {
      const secret = newApiKeySecret();
      try {
        const apiKey = await this.tenantDb.run(() =>
          this.keys.insert({
            name: input.name,
            prefix: secret.prefix,
            secretHash: secret.secretHash,
            scopes,
            createdBy: input.createdBy,
          }),
        );
        this.logger.log({ apiKey: apiKey.prefix, scopes, createdBy: input.createdBy }, 'API key created');
        return { apiKey, key: secret.key };
      } catch (error) {
        const duplicate = error instanceof QueryFailedError && (error as { code?: string }).code === '23505';
        if (!duplicate || attempt >= 3) throw error;
      }
    }
  }
}
