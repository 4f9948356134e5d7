import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import type { FastifyReply } from 'fastify';
import { projectRoot } from '@townhall/platform';

/** The page layer's scripts (libs/web/assets), read once at start-up: they only enhance pages. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly files = new Map(
    readdirSync(path.join(projectRoot(), 'libs', 'web', 'assets')).map((name) => [
      name,
      readFileSync(path.join(projectRoot(), 'libs', 'web', 'assets', name), 'utf8'),
    ]),
  );

  @Get(':file')
  @Public()
  file(@Param('file') name: string, @Res() reply: FastifyReply): FastifyReply {
    const content = this.files.get(name);
    if (!content || !name.endsWith('.js')) throw new NotFoundException('There is nothing at this address.');
    return reply.header('Cache-Control', 'public, max-age=300').type('text/javascript; charset=utf-8').send(content);
  }
}
