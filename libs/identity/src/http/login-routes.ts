import { Get, Post, Query, Req, Res } from '@nestjs/common';
import { Access, Public } from '@townhall/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginPageQueryDto, LoginQueryDto } from './dto/login.query.dto.js';
import type { LoginFlow, LoginRealm } from './login-flow.js';

/**
 * The routes every login realm has — its login page, the start of a login, the logout —
 * for a controller to extend; the controller adds the callback, where the realm decides
 * who the person is. `policy` is the access policy of the realm's logged-in people.
 */
export function LoginRoutes(realm: LoginRealm, policy: string) {
  abstract class Routes {
    constructor(protected readonly flow: LoginFlow) {}

    @Get('login')
    @Public()
    loginPage(
      @Query() query: LoginPageQueryDto,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): FastifyReply {
      return this.flow.page(realm, query, request, reply);
    }

    @Get('auth/login')
    @Public()
    start(@Query() query: LoginQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
      return this.flow.start(realm, query, request, reply);
    }

    @Post('logout')
    @Access(policy)
    logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
      return this.flow.logout(realm, request, reply);
    }
  }
  return Routes;
}
