import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import {
  currentTenantSettings,
  PublicResponses,
  sendPublicResponse,
  TenantDatabase,
  type Locale,
  type PublicResponse,
} from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages, PageQueryDto } from '@townhall/web';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceEntity } from '../domain/service.entity.js';
import { ServicesRepository } from '../persistence/services.repository.js';

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
    const all = (await this.tenantDb.read(() => this.services.listEnabled())).map((s) =>
      card(s, locale, tenant.defaultLocale),
    );
    const words = (query.q ?? '').toLocaleLowerCase(locale).split(/\s+/).filter(Boolean);
    const found =
      words.length === 0
        ? all
        : all.filter((s) => words.every((w) => `${s.title} ${s.summary}`.toLocaleLowerCase(locale).includes(w)));
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
    const service = /^[a-z][a-z0-9-]{1,62}$/.test(code)
      ? await this.tenantDb.read(() => this.services.findEnabledByCode(code))
      : null;
    if (!service) throw new NotFoundException('There is no such service here.');
    return this.pages.send(request, reply, 'service.njk', {
      ...(await this.chrome.portal(request)),
      title: 'catalogue.service.title',
      tenant,
      service: { ...card(service, locale, tenant.defaultLocale), assuranceLevel: service.assuranceLevel },
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

/** A rendered page as a public answer, with its language. */
function htmlResponse(html: string, reply: FastifyReply): PublicResponse {
  const language = reply.getHeader('content-language');
  return {
    body: html,
    etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
    contentType: 'text/html; charset=utf-8',
    headers: typeof language === 'string' ? { 'Content-Language': language } : {},
  };
}
