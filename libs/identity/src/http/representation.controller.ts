import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '@townhall/platform';
import { Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RepresentationService } from '../representation/representation.js';
import { ActingForRequestDto } from './dto/acting-for.request.dto.js';
import { LoginFlow } from './login-flow.js';
import { PORTAL } from './portal-login.controller.js';

/** A citizen chooses whether they act for themselves or for an organisation they represent. */
@ApiExcludeController()
@Controller('my')
export class RepresentationController {
  constructor(
    private readonly representation: RepresentationService,
    private readonly flow: LoginFlow,
    private readonly pages: Pages,
  ) {}

  @Get('organisations')
  @Access('citizen')
  async organisations(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const organisations = await this.representation.choices(request);
    return this.pages.send(request, reply, 'organisations.njk', {
      ...this.flow.chrome(PORTAL, request),
      title: 'identity.orgs.title',
      organisations,
      actingFor: request.liveSession!.data.actingFor ?? null,
    });
  }

  @Post('acting-for')
  @Access('citizen')
  async actFor(
    @Body() body: ActingForRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.representation.actFor(request, body.registryCode || null);
    return reply.redirect('/my', 303);
  }
}
