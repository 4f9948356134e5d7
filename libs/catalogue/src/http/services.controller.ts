import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@townhall/platform';
import {
  COUNTRIES,
  PublicResponses,
  publicResponse,
  TenantDatabase,
  currentTenantSettings,
  sendPublicResponse,
  type Locale,
  type PublicResponse,
  type ResolvedTenant,
} from '@townhall/tenancy';
import type { ServiceEntity } from '../domain/service.entity.js';
import { ServicesRepository } from '../persistence/services.repository.js';
import { ServiceVersionsRepository } from '../persistence/service-versions.repository.js';
import type { ServiceVersionEntity } from '../domain/service-version.entity.js';
import { toCpsvAp, type CpsvCatalogueInput } from '../cpsv/cpsv-ap.export.js';
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
      const words = (query.q ?? '').toLocaleLowerCase(locale).split(/\s+/).filter(Boolean);
      const services = await this.tenantDb.read(() =>
        words.length === 0 ? this.services.listEnabled() : this.services.search(words, locale),
      );
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

/** The same catalogue in the EU's vocabulary for public services (CPSV-AP 3.2.0). */
@ApiTags('catalogue')
@Controller('api/v1/services.jsonld')
export class CpsvApController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly versions: ServiceVersionsRepository,
    private readonly publicResponses: PublicResponses,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The catalogue as CPSV-AP 3.2.0 (JSON-LD), for EU and national catalogues to harvest' })
  @ApiOkResponse({ description: 'A JSON-LD document (application/ld+json)' })
  async cpsvAp(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = currentTenantSettings();
    const document = await this.publicResponses.get(request, async () => {
      const versions = await this.tenantDb.read(() => this.versions.publishedOfEnabled());
      const json = JSON.stringify(toCpsvAp(cpsvInput(tenant, `${request.protocol}://${request.host}`, versions)));
      return publicResponse(json, 'application/ld+json; charset=utf-8');
    });
    await sendPublicResponse(request, reply, document);
  }
}

function render(body: CatalogueResponseDto): PublicResponse {
  return publicResponse(JSON.stringify(body), 'application/json; charset=utf-8');
}

/** The country of a municipality onboarded before its country was asked, by its time zone. */
const COUNTRY_BY_TIME_ZONE: Record<string, string> = {
  'Europe/Tallinn': 'EST',
  'Europe/Sofia': 'BGR',
  'Europe/Stockholm': 'SWE',
  'Europe/Helsinki': 'FIN',
};

function cpsvInput(tenant: ResolvedTenant, origin: string, versions: ServiceVersionEntity[]): CpsvCatalogueInput {
  return {
    origin,
    authority: {
      slug: tenant.slug,
      name: tenant.name,
      locales: [tenant.defaultLocale, ...tenant.locales.filter((l) => l !== tenant.defaultLocale)],
      country: tenant.country ? COUNTRIES[tenant.country] : (COUNTRY_BY_TIME_ZONE[tenant.timeZone] ?? 'EST'),
    },
    currency: tenant.currency,
    services: versions.map(({ definition: d }) => {
      const only = <T>(texts: Record<Locale, T>) =>
        Object.fromEntries(tenant.locales.map((l) => [l, texts[l]])) as Partial<Record<Locale, T>>;
      return {
        code: d.code,
        title: only(d.texts.title),
        description: only(d.texts.description),
        keywords: only(d.cpsv.keywords),
        processingTime: `P${d.cpsv.processingDays}D`,
        // An amount worked out from the answers is a cost without a fixed value.
        costs: (d.fees?.rules ?? []).map((r) => ({
          id: r.id,
          label: only(r.label),
          ...(typeof r.amount === 'number' ? { amountMinor: r.amount } : {}),
        })),
        channels: d.cpsv.channels,
        outputs: d.cpsv.outputs.map((o) => ({ id: o.id, title: only(o.title) })),
        applicants: d.applicants,
      };
    }),
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
