import { ApiProperty } from '@nestjs/swagger';
import {
  ENTITLEMENT_SOURCES,
  type EntitlementEntity,
  type EntitlementSource,
} from '../../domain/entitlement.entity.js';

const TEXTS = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** A benefit the logged-in person holds, with its texts in the municipality's languages. */
export class EntitlementResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'sports-wristband-68', description: "The benefit's code in the municipality's settings" })
  code: string;

  @ApiProperty({
    ...TEXTS,
    example: { fi: '+68-liikuntaranneke', sv: '+68-motionsarmband', en: '+68 sports wristband' },
    description: 'Per language; empty when the municipality no longer offers the benefit',
  })
  title: Record<string, string>;

  @ApiProperty({ ...TEXTS, description: 'What it gives, per language' })
  description: Record<string, string>;

  @ApiProperty({ format: 'date', example: '2026-05-03', description: 'The day it holds from' })
  validFrom: string;

  @ApiProperty({ format: 'date-time' })
  grantedAt: string;

  @ApiProperty({ enum: ENTITLEMENT_SOURCES, description: 'proactive: granted without an application' })
  source: EntitlementSource;

  static of(
    entitlement: EntitlementEntity,
    texts: { title?: Record<string, string>; description?: Record<string, string> } = {},
  ): EntitlementResponseDto {
    return {
      id: entitlement.id,
      code: entitlement.code,
      title: { ...(texts.title ?? {}) },
      description: { ...(texts.description ?? {}) },
      validFrom: entitlement.validFrom,
      grantedAt: entitlement.grantedAt.toISOString(),
      source: entitlement.source,
    };
  }
}

export class MyEntitlementsResponseDto {
  @ApiProperty({ type: [EntitlementResponseDto], description: 'The latest first' })
  entitlements: EntitlementResponseDto[];
}
