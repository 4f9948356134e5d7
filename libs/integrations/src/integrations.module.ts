import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffModule } from '@townhall/identity';
import { ApiKeyAccessPolicy } from './access/api-key-access.policy.js';
import { ApiKeyEntity } from './domain/api-key.entity.js';
import { ApiKeysController } from './http/api-keys.controller.js';
import { ApiKeysRepository } from './persistence/api-keys.repository.js';
import { CreateApiKeyUseCase } from './use-cases/create-api-key.use-case.js';
import { RevokeApiKeyUseCase } from './use-cases/revoke-api-key.use-case.js';

/** API keys: the data and the use cases. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  providers: [ApiKeysRepository, CreateApiKeyUseCase, RevokeApiKeyUseCase],
  exports: [ApiKeysRepository, CreateApiKeyUseCase, RevokeApiKeyUseCase],
})
export class IntegrationsModule {}

/**
 * For the tenant host: the `api-key` and `staff-or-api-key` access policies, and the admins'
 * page and JSON of API keys.
 */
@Module({
  imports: [IntegrationsModule, StaffModule],
  controllers: [ApiKeysController],
  providers: [ApiKeyAccessPolicy],
})
export class IntegrationsHttpModule {}
