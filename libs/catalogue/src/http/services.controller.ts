import { createHash } from 'node:crypto';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@townhall/platform';
import {
  PublicResponses,
  TenantDatabase,
  currentTenantSettings,
  sendPublicResponse,
  type Locale,
  type PublicResponse,
  type ResolvedTenant,
} from '@townhall/tenancy';
import type { ServiceEntity } from '../domain/service.entity.js';
import { ServicesRepository } from '../persistence/services.repository.js';
import { CatalogueQueryDto, CatalogueResponseDto, ServiceSummaryResponseDto } from './dto/catalogue.dto.js';

/** The public catalogue of the municipality the request's host belongs to. */
@ApiTags('catalogue')
@Controller('api/v1/services')
export class ServicesController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly services: ServicesRepository,
    /**
     * The public catalogue is read far more often than it changes: each address's answer
     * is kept ready to send, with its ETag, and answered before Nest's pipeline next time;
     * a change of the tenant empties it.
     */
    private readonly publicResponses: PublicResponses,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The municipality's services" })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a catalogue the client holds' })
  @ApiOkResponse({ type: CatalogueResponseDto })
  @ApiResponse({ status: 304, description: 'The catalogue has not changed since the given ETag' })
  async list(
    @Query() query: CatalogueQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const tenant = currentTenantSettings();
    const locale = pickLocale(tenant, query.locale);
    const catalogue = await this.publicResponses.get(request, async () => {
      const services = await this.tenantDb.read(() => this.services.listEnabled());
      const body: CatalogueResponseDto = {
        municipality: tenant.slug,
        locale,
        items: services.map((s) => present(s, locale, tenant.defaultLocale)),
      };
      return render(body);
    });
    await sendPublicResponse(request, reply, catalogue);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One service of the municipality' })
  async get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query() query: CatalogueQueryDto,
  ): Promise<ServiceSummaryResponseDto> {
    const tenant = currentTenantSettings();
    const service = await this.tenantDb.read(() => this.services.findEnabled(id));
    // Another municipality's service and a missing one get the same answer.
    if (!service) throw new NotFoundException('No such service.');
    return present(service, pickLocale(tenant, query.locale), tenant.defaultLocale);
  }
}

function render(body: CatalogueResponseDto): PublicResponse {
  const json = JSON.stringify(body);
  return {
    body: json,
    etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`,
    contentType: 'application/json; charset=utf-8',
  };
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
    assuranceLevel: service.assuranceLevel,
  };
}
