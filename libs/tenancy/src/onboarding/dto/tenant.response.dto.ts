import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TenantEntity } from '../../domain/tenant.entity.js';

export class ProvisioningResponseDto {
  @ApiProperty({ example: 60, description: 'Percent done' })
  progress: number;

  @ApiProperty({
    example: 'active',
    description: 'State of the provisioning job: waiting, active, completed, failed, delayed, missing',
  })
  state: string;

  @ApiProperty()
  attempts: number;

  @ApiPropertyOptional({ nullable: true })
  error: string | null;
}

export class TenantResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['provisioning', 'active', 'suspended'] }) status: string;
  @ApiProperty() domains: string[];
  @ApiProperty() hosts: string[];
  @ApiProperty() locales: string[];
  @ApiProperty() defaultLocale: string;
  @ApiProperty() timeZone: string;
  @ApiProperty() currency: string;
  @ApiProperty() branding: object;
  @ApiProperty() managedBy: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: ProvisioningResponseDto }) provisioning?: ProvisioningResponseDto;

  static from(tenant: TenantEntity, platformDomain: string, provisioning?: ProvisioningResponseDto): TenantResponseDto {
    return {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      status: tenant.status,
      domains: tenant.domains,
      hosts: [`${tenant.slug}.${platformDomain}`, ...tenant.domains],
      locales: tenant.locales,
      defaultLocale: tenant.defaultLocale,
      timeZone: tenant.timeZone,
      currency: tenant.currency,
      branding: tenant.branding,
      managedBy: tenant.managedBy,
      createdAt: tenant.createdAt.toISOString(),
      ...(provisioning ? { provisioning } : {}),
    };
  }
}

export class TenantPageResponseDto {
  @ApiProperty({ type: [TenantResponseDto] }) items: TenantResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
