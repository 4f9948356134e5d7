import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../domain/api-key-scopes.js';
import type { ApiKeyEntity } from '../../domain/api-key.entity.js';

/** An API key as lists show it: never its secret. */
export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Document register' })
  name: string;

  @ApiProperty({ description: "The key's public part, the start of the key", example: 'th_k3x9q2ab' })
  prefix: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  scopes: ApiKeyScope[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'uuid', description: 'The admin who made it' })
  createdBy: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'To the minute' })
  lastUsedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The admin who revoked it' })
  revokedBy: string | null;

  static of(key: ApiKeyEntity): ApiKeyResponseDto {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      createdAt: key.createdAt.toISOString(),
      createdBy: key.createdBy,
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      revokedBy: key.revokedBy,
    };
  }
}

/** A key just made: the only answer that holds the whole key. */
export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({
    description: 'The whole key, to send as Authorization: Bearer <key>. Shown this once: only its hash is kept.',
    example: 'th_k3x9q2ab_…',
  })
  key: string;
}
