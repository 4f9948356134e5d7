import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access, PlatformConfig, RequestValidationException } from '@townhall/platform';
import { LOCALE_NAMES, PageChrome, PAGE_LOCALES, Pages, PageQueryDto } from '@townhall/web';
import { plainToInstance } from 'class-transformer';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenancyException } from '../domain/tenancy.exception.js';
import { SUPPORTED_COUNTRIES } from '../domain/countries.js';
import { logoDataUrl } from '../domain/tenant-logo.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import { CreateTenantUseCase } from './create-tenant.use-case.js';
import { TenantSpecRequestDto } from './dto/tenant-spec.request.dto.js';
import { OnboardingProgress } from './onboarding-progress.js';

const PAGE_SIZE = 20;
const SLUG = /^[a-z][a-z0-9-]{1,62}$/;

export class MunicipalitiesPageQueryDto extends PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;
}

/** Countries by name, in English (the admin app's operators read English or the code). */
const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The form's fields as the browser sends them (checkboxes: one value or several). */
interface OnboardingForm {
  slug?: string;
  name?: string;
  locales?: string | string[];
  defaultLocale?: string;
  timeZone?: string;
  country?: string;
  primaryColor?: string;
  primaryTextColor?: string;
  _csrf?: string;
}

/**
 * The admin app's pages for municipalities: the list, the onboarding form (the same rules as
 * POST /api/v1/tenants, errors shown on the form), and each one's provisioning progress.
 */
@ApiExcludeController()
@Controller('municipalities')
export class MunicipalityPagesController {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly createTenant: CreateTenantUseCase,
    private readonly progress: OnboardingProgress,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly config: PlatformConfig,
  ) {}

  @Get()
  @Access('operator')
  async list(@Query() query: MunicipalitiesPageQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { items, total } = await this.tenants.list(query.page, PAGE_SIZE);
    return this.pages.send(request, reply, 'municipalities.njk', {
      ...(await this.chrome.admin(request)),
      title: 'tenancy.list.title',
      municipalities: items.map((t) => ({
        slug: t.slug,
        name: t.name,
        status: t.status,
        host: `${t.slug}.${this.config.PLATFORM_DOMAIN}`,
        locales: t.locales.join(', '),
      })),
      page: query.page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      pageHref: (page: number) => `/municipalities?page=${page}`,
    });
  }

  @Get('new')
  @Access('operator')
  async form(@Query() _query: PageQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.showForm(request, reply, { locales: ['en'], defaultLocale: 'en', timeZone: 'Europe/Tallinn' }, []);
  }

  @Post()
  @Access('operator')
  async create(@Body() body: OnboardingForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // The logo is a file of the form; the settings take it as a data: URL, checked by content.
    const logo = request.uploads.find((u) => u.field === 'logo');
    const spec = plainToInstance(TenantSpecRequestDto, {
      slug: body.slug?.trim(),
      name: body.name?.trim(),
      locales: [body.locales ?? []].flat(),
      defaultLocale: body.defaultLocale,
      timeZone: body.timeZone?.trim(),
      ...(body.country ? { country: body.country } : {}),
      branding: {
        primaryColor: body.primaryColor,
        ...(body.primaryTextColor ? { primaryTextColor: body.primaryTextColor } : {}),
        ...(logo ? { logoDataUrl: logoDataUrl(logo.bytes) } : {}),
      },
    });
    const invalid = await validate(spec, { whitelist: true, forbidNonWhitelisted: true });
    if (invalid.length > 0) {
      return this.showForm(request, reply, body, RequestValidationException.fromValidationErrors(invalid).fieldErrors);
    }
    try {
      const tenant = await this.createTenant.execute(spec);
      return reply.redirect(`/municipalities/${tenant.slug}`, 303);
    } catch (error) {
      if (error instanceof TenancyException && error.errors.length > 0) {
        return this.showForm(request, reply, body, error.errors, error.status);
      }
      throw error;
    }
  }

  @Get(':slug')
  @Access('operator')
  async show(
    @Param('slug') slug: string,
    @Query() _query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const tenant = SLUG.test(slug) ? await this.tenants.findBySlug(slug) : null;
    if (!tenant) throw new NotFoundException(`No municipality ${slug}.`);
    const progress = await this.progress.of(tenant);
    return this.pages.send(request, reply, 'municipality.njk', {
      ...(await this.chrome.admin(request)),
      title: 'tenancy.show.title',
      municipality: {
        slug: tenant.slug,
        name: tenant.name,
        status: tenant.status,
        host: `${tenant.slug}.${this.config.PLATFORM_DOMAIN}`,
      },
      progress,
    });
  }

  private async showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: OnboardingForm,
    errors: { field: string; message: string }[],
    status = errors.length > 0 ? 400 : 200,
  ) {
    // Field paths of the spec (branding.primaryColor) are the form's ids without the object.
    const byField = Object.fromEntries(
      errors.map((e) => [
        e.field
          .replace(/^branding\./, '')
          .replace(/\.\d+$/, '')
          .replace(/^logoDataUrl$/, 'logo'),
        // The check names the setting; the form calls it the logo.
        e.message.replace(/^logoDataUrl /, 'The logo '),
      ]),
    );
    return this.pages.send(
      request,
      reply,
      'municipality-form.njk',
      {
        ...(await this.chrome.admin(request)),
        title: 'tenancy.form.title',
        values: { ...values, locales: [values.locales ?? []].flat() },
        errors: byField,
        errorList: Object.entries(byField).map(([field, text]) => ({ field, text })),
        localeOptions: PAGE_LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code] })),
        countryOptions: [
          { value: '', label: '' },
          ...SUPPORTED_COUNTRIES.map((code) => ({ value: code, label: countryNames.of(code) ?? code })),
        ],
      },
      status,
    );
  }
}
