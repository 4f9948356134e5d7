import { Controller, Get, Headers, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import type { FastifyReply } from 'fastify';
import { currentTenantSettings } from '../resolution/tenant-host.hooks.js';

/**
 * The municipality's logo, from its own host: kept with its settings (validated when applied),
 * so a deployment needs no shared folder or bucket for it. Pages link it with the start of its
 * hash, so it may be kept a year; a changed logo has a new address.
 */
@ApiExcludeController()
@Controller('branding')
export class BrandingController {
  @Get('logo')
  @Public()
  logo(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    const logo = currentTenantSettings().branding.logo;
    if (!logo) throw new NotFoundException('This municipality has no logo here.');
    const etag = `"${logo.sha256.slice(0, 32)}"`;
    reply
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .header('ETag', etag)
      // An SVG opened on its own is a document of this origin: it may run nothing and load nothing.
      .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .header('X-Content-Type-Options', 'nosniff');
    if (ifNoneMatch === etag) return reply.status(304).send();
    return reply.type(logo.mediaType).send(Buffer.from(logo.base64, 'base64'));
  }
}
