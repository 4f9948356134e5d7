import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntitlementEntity } from '../domain/entitlement.entity.js';
import { ProactiveOffers, textIn } from '../domain/proactive-offers.js';
import { EntitlementsRepository } from '../persistence/entitlements.repository.js';
import { MY_ENTITLEMENTS_PATH } from '../use-cases/grant-proactive-entitlements.use-case.js';
import { EntitlementResponseDto, MyEntitlementsResponseDto } from './dto/entitlement.response.dto.js';

/** A day (YYYY-MM-DD) as the pages' date filter takes it: noon UTC is that day in every time zone near Europe. */
const asDay = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * The citizen's benefits at the municipality, found by the national identifier their login
 * gave (granted without an application, perhaps before they ever logged in): a page, and the
 * same as JSON.
 */
@ApiTags('citizen: entitlements')
@Controller()
export class PortalEntitlementsController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly entitlements: EntitlementsRepository,
    private readonly offers: ProactiveOffers,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    chrome.addLink('portal', { href: MY_ENTITLEMENTS_PATH, text: 'entitlements.nav.mine' });
  }

  @Get('me/entitlements')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const { locale } = pageLocale(request, reply);
    const tenant = currentTenantSettings();
    const mine = await this.mine(request);
    return this.pages.send(request, reply, 'my-entitlements.njk', {
      ...(await this.chrome.portal(request)),
      title: 'entitlements.mine.title',
      tenant,
      noCode: !request.principal!.nationalId,
      entitlements: mine.map((e) => ({
        code: e.code,
        title: textIn(e.title, locale, tenant.defaultLocale) || e.code,
        description: textIn(e.description, locale, tenant.defaultLocale),
        validFrom: asDay(e.validFrom),
        grantedAt: e.grantedAt,
      })),
    });
  }

  @Get('api/v1/me/entitlements')
  @Access('citizen')
  @ApiOperation({ summary: 'The benefits the logged-in citizen holds at the municipality, the latest first' })
  @ApiOkResponse({ type: MyEntitlementsResponseDto })
  async json(@Req() request: FastifyRequest): Promise<MyEntitlementsResponseDto> {
    return { entitlements: await this.mine(request) };
  }

  private async mine(request: FastifyRequest): Promise<EntitlementResponseDto[]> {
    const nationalId = request.principal!.nationalId;
    // Without a personal code (a foreigner's login) nobody can be matched to a register's grant.
    if (!nationalId) return [];
    const [rows, { services }] = await Promise.all([
      this.tenantDb.read(() => this.entitlements.ofPerson(nationalId.country, nationalId.code)),
      this.offers.current(),
    ]);
    const byCode = new Map(services.map((s) => [s.code, s]));
    return rows.map((row: EntitlementEntity) => {
      const service = byCode.get(row.code);
      return EntitlementResponseDto.of(row, {
        title: service?.title as Record<string, string> | undefined,
        description: service?.description as Record<string, string> | undefined,
      });
    });
  }
}
