import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import {
  currentTenantSettings,
  PublicResponses,
  publicResponse,
  sendPublicResponse,
  TenantDatabase,
  type Locale,
  type PublicResponse,
} from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages, PageQueryDto } from '@townhall/web';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceEntity } from '../domain/service.entity.js';
import { ServicesRepository } from '../persistence/services.repository.js';
import { ServiceVersionsRepository } from '../persistence/service-versions.repository.js';
import type { ServiceCustomisation } from '../customisation/service-customisation.js';
import type { ServiceTemplate } from '../templates/service-template.js';
import { SERVICE_CODE } from '../templates/service-template.schema.js';

export class HomeQueryDto extends PageQueryDto {
  /** Words to find in the services' names and summaries. */
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;
}

interface ServiceCard {
  code: string;
  title: string;
  summary: string;
  category: string;
}

/**
 * The portal's public pages: the municipality's services by category, with a search that
 * works without JavaScript (a GET form), and a page per service.
 */
@ApiExcludeController()
@Controller()
export class CataloguePagesController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly services: ServicesRepository,
    private readonly versions: ServiceVersionsRepository,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly publicResponses: PublicResponses,
  ) {}

  @Get()
  @Public()
  async home(@Query() query: HomeQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.publicResponses.keepsPage(request)) {
      // Someone's page (their name in the header), a search or a language choice: never kept.
      return reply.type('text/html; charset=utf-8').send(await this.renderHome(query, request, reply));
    }
    // An anonymous visitor's front page is everyone's: kept, and answered before Nest next time.
    const page = await this.publicResponses.page(request, async () => {
      const html = await this.renderHome(query, request, reply);
      return htmlResponse(html, reply);
    });
    return sendPublicResponse(request, reply, page);
  }

  private async renderHome(query: HomeQueryDto, request: FastifyRequest, reply: FastifyReply): Promise<string> {
    const tenant = currentTenantSettings();
    const { locale } = pageLocale(request, reply);
    // Without words, the whole catalogue; with them, PostgreSQL's text search in the page's language.
    const words = (query.q ?? '').toLocaleLowerCase(locale).split(/\s+/).filter(Boolean);
    const found = (
      await this.tenantDb.read(() =>
        words.length === 0 ? this.services.listEnabled() : this.services.search(words, locale),
      )
    ).map((s) => card(s, locale, tenant.defaultLocale));
    const categories = [...new Set(found.map((s) => s.category))].map((category) => ({
      category,
      services: found.filter((s) => s.category === category),
    }));
    return this.pages.render(request, reply, 'home.njk', {
      ...(await this.chrome.portal(request)),
      title: 'catalogue.home.title',
      tenant,
      query: query.q ?? '',
      searched: words.length > 0,
      count: found.length,
      categories,
    });
  }

  @Get('services/:code')
  @Public()
  async service(
    @Param('code') code: string,
    @Query() _query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const tenant = currentTenantSettings();
    const { locale } = pageLocale(request, reply);
    const service = SERVICE_CODE.test(code)
      ? await this.tenantDb.read(() => this.services.findEnabledByCode(code))
      : null;
    const version = service?.publishedVersion
      ? await this.tenantDb.read(() => this.versions.find(service.id, service.publishedVersion!))
      : null;
    if (!service || !version) throw new NotFoundException('There is no such service here.');
    return this.pages.send(request, reply, 'service.njk', {
      ...(await this.chrome.portal(request)),
      title: 'catalogue.service.title',
      tenant,
      service: servicePage(version.definition, version.customisation, locale),
    });
  }
}

function card(service: ServiceEntity, locale: Locale, fallback: Locale): ServiceCard {
  return {
    code: service.code,
    category: service.category,
    title: service.title[locale] ?? service.title[fallback] ?? service.code,
    summary: service.summary[locale] ?? service.summary[fallback] ?? '',
  };
}

/** What the service page tells a citizen before they start, from the published version. */
function servicePage(d: ServiceTemplate, customisation: Record<string, unknown>, locale: Locale) {
  const custom = customisation as ServiceCustomisation;
  return {
    code: d.code,
    kind: d.kind,
    title: d.texts.title[locale],
    summary: d.texts.summary[locale],
    description: d.texts.description[locale],
    whoCanApply: d.texts.whoCanApply[locale],
    duration: d.texts.duration[locale],
    applicants: d.applicants,
    assuranceLevel: d.assuranceLevel,
    delivery: d.delivery,
    department: custom.department,
    fees: (d.fees?.rules ?? []).map((rule) => ({
      label: rule.label[locale],
      // An amount that depends on the answers is worked out on the form.
      amount: typeof rule.amount === 'number' ? rule.amount : null,
      conditional: rule.when !== undefined,
    })),
    feeDue: d.fees?.due,
    followUps: (d.followUps ?? []).map((f) => f.title[locale]),
  };
}

/** A rendered page as a public answer, with its language. */
function htmlResponse(html: string, reply: FastifyReply): PublicResponse {
  const language = reply.getHeader('content-language');
  return publicResponse(
    html,
    'text/html; charset=utf-8',
    typeof language === 'string' ? { 'Content-Language': language } : {},
  );
}
