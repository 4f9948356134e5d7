import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import { currentTenant, currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PermitCodes } from '../domain/permit-codes.js';
import { dayIn, permitStatus } from '../domain/permits.js';
import { PermitsRepository } from '../persistence/permits.repository.js';

/** A date-only value as a moment in its day, whatever the zone it is shown in. */
const middayOf = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * The page a permit's QR code opens, on the municipality's host, for a parking inspector:
 * valid, not yet valid, expired or revoked, with the least that lets them match it to the
 * car (registration, zone, period) and never the holder's name. A code this municipality
 * did not sign (changed, made up, another municipality's) is "not valid" (404), without a
 * look-up.
 */
@ApiExcludeController()
@Controller()
export class PermitVerificationController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly permits: PermitsRepository,
    private readonly codes: PermitCodes,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {}

  @Get('verify/permits/:code')
  @Public()
  async verify(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = pageLocale(request, reply);
    const tenant = currentTenantSettings();
    const id = this.codes.verify(currentTenant().id, code);
    const permit = id ? await this.tenantDb.read(() => this.permits.findById(id)) : null;
    const now = new Date();
    const status = permit ? permitStatus(permit, dayIn(now, tenant.timeZone)) : 'not-valid';
    // What an inspector saw a moment ago may have changed (revoked): never kept by a cache.
    reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');
    return this.pages.send(
      request,
      reply,
      'permit-verification.njk',
      {
        ...(await this.chrome.portal(request)),
        title: 'cases.verify.title',
        tenant,
        status,
        checkedAt: now,
        permit: permit
          ? {
              registration: permit.registration,
              zone: permit.zoneLabel[locale] ?? permit.zoneLabel[tenant.defaultLocale] ?? permit.zone,
              validFrom: middayOf(permit.validFrom),
              validUntil: middayOf(permit.validUntil),
            }
          : null,
      },
      permit ? 200 : 404,
    );
  }
}
