import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '@townhall/platform';
import { currentTenant, currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProactiveOffers, textIn } from '../domain/proactive-offers.js';
import { ProactiveRuns } from '../jobs/proactive-runs.js';
import { EntitlementsRepository } from '../persistence/entitlements.repository.js';
import { OfficeEntitlementsQueryDto, RunNowRequestDto } from './dto/office-entitlements.request.dto.js';

const PAGE = '/office/entitlements';
/** Holders' names and national identifiers: for those who answer for the benefits, not every official. */
const HOLDERS_READERS = ['admin', 'owner'];
/** Rows the page lists; the counts are of all. */
const LIMIT = 500;

/**
 * The office's view of benefits granted without an application: what the municipality
 * offers, how many hold each, and who (the newest first, filtered by benefit). Admins may
 * ask for a run now instead of waiting for the worker's daily one.
 */
@ApiExcludeController()
@Controller('office')
export class OfficeEntitlementsController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly entitlements: EntitlementsRepository,
    private readonly offers: ProactiveOffers,
    private readonly runs: ProactiveRuns,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    chrome.addLink('office', { href: PAGE, text: 'entitlements.nav.office', roles: HOLDERS_READERS });
  }

  @Get('entitlements')
  @Access('staff', { roles: HOLDERS_READERS })
  async list(
    @Query() query: OfficeEntitlementsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { locale } = pageLocale(request, reply);
    const tenant = currentTenantSettings();
    const [{ services }, { items, total, counts }] = await Promise.all([
      this.offers.current(),
      this.tenantDb.read(async () => ({
        ...(await this.entitlements.list(query.code, LIMIT)),
        counts: await this.entitlements.countsByCode(),
      })),
    ]);
    const titleOf = new Map(
      services.map((s) => [s.code, textIn(s.title as Record<string, string>, locale, tenant.defaultLocale)]),
    );
    // Benefits no longer offered still have their holders: they are listed by code.
    const codes = [...new Set([...services.map((s) => s.code), ...counts.keys()])];
    return this.pages.send(request, reply, 'office-entitlements.njk', {
      ...(await this.chrome.office(request)),
      title: 'entitlements.office.title',
      tenant,
      benefits: codes.map((code) => {
        const service = services.find((s) => s.code === code);
        return {
          code,
          title: titleOf.get(code) || code,
          minimumAge: service?.rule.minimumAge ?? null,
          count: counts.get(code) ?? 0,
        };
      }),
      query: { code: query.code ?? '' },
      rows: items.map((e) => ({
        name: e.name,
        personalCode: `${e.personCountry} ${e.personCode}`,
        benefit: titleOf.get(e.code) || e.code,
        validFrom: new Date(`${e.validFrom}T12:00:00Z`),
        grantedAt: e.grantedAt,
      })),
      total,
      shown: items.length,
      offersAny: services.length > 0,
      isAdmin: request.staffMember?.role === 'admin',
      started: query.started === '1',
    });
  }

  @Post('entitlements/run')
  @Access('staff', { roles: ['admin'] })
  async runNow(@Body() _body: RunNowRequestDto, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const { services } = await this.offers.current();
    // Nothing to grant: nothing queued, and the page says so as before.
    if (services.length === 0) return reply.redirect(PAGE, 303);
    await this.runs.now(currentTenant());
    return reply.redirect(`${PAGE}?started=1`, 303);
  }
}
