import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import {
  TenantCaches,
  TenantDatabase,
  currentTenantSettings,
  type Locale,
  type ResolvedTenant,
  type TenantCache,
} from '@townhall/tenancy';
import type { ServiceEntity } from '../domain/service.entity.js';
import { ServicesRepository } from '../persistence/services.repository.js';
import { CatalogueQueryDto, CatalogueResponseDto, ServiceSummaryResponseDto } from './dto/catalogue.dto.js';

/** The public catalogue of the municipality the request's host belongs to. */
@ApiTags('catalogue')
@Controller('api/v1/services')
export class ServicesController {
  /** The public catalogue is read far more often than it changes; a change empties it. */
  private readonly enabledServices: TenantCache<ServiceEntity[]>;

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly services: ServicesRepository,
    caches: TenantCaches,
  ) {
    this.enabledServices = caches.create(60_000);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: "The municipality's services" })
  async list(@Query() query: CatalogueQueryDto): Promise<CatalogueResponseDto> {
    const tenant = currentTenantSettings();
    const locale = pickLocale(tenant, query.locale);
    const services = await this.enabledServices.get(tenant.id, 'enabled', () =>
      this.tenantDb.run(() => this.services.listEnabled()),
    );
    return { municipality: tenant.slug, locale, items: services.map((s) => present(s, locale, tenant.defaultLocale)) };
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One service of the municipality' })
  async get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query() query: CatalogueQueryDto,
  ): Promise<ServiceSummaryResponseDto> {
    const tenant = currentTenantSettings();
    const service = await this.tenantDb.run(() => this.services.findEnabled(id));
    // Another municipality's service and a missing one get the same answer.
    if (!service) throw new NotFoundException('No such service.');
    return present(service, pickLocale(tenant, query.locale), tenant.defaultLocale);
  }
}

function pickLocale(tenant: ResolvedTenant, wanted?: Locale): Locale {
  return wanted && tenant.locales.includes(wanted) ? wanted : tenant.defaultLocale;
}

function present(service: ServiceEntity, locale: Locale, fallback: Locale): ServiceSummaryResponseDto {
  return {
    id: service.id,
    code: service.code,
    category: service.category,
    title: service.title[locale] ?? service.title[fallback] ?? service.code,
    summary: service.summary[locale] ?? service.summary[fallback] ?? '',
  };
}
