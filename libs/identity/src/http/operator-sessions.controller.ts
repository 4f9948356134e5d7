import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  HttpCode,
  Inject,
  Ip,
  Post,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Public } from '@townhall/platform';
import type { FastifyRequest } from 'fastify';
import { LoginAttempts } from '../operators/login-attempts.js';
import { OPERATOR_PASSWORD_LOGIN } from '../operators/operator-access.policy.js';
import { OperatorSessions } from '../operators/operator-sessions.js';
import { OperatorsRepository } from '../operators/operators.repository.js';
import { hashPassword, verifyPassword } from '../operators/password-hasher.js';
import { OperatorLoginRequestDto, OperatorSessionResponseDto } from './dto/operator-login.request.dto.js';

/** Verifying against a real hash when the e-mail is unknown keeps the timing the same. */
const decoyHash = hashPassword('decoy password for unknown operators');

/** Bootstrap login of operators made by the CLI: a fallback until the platform's provider is set up (OPERATOR_PASSWORD_LOGIN). */
@ApiTags('operators')
@Controller('api/v1/operator-sessions')
export class OperatorSessionsController {
  constructor(
    private readonly operators: OperatorsRepository,
    private readonly sessions: OperatorSessions,
    private readonly attempts: LoginAttempts,
    @Inject(OPERATOR_PASSWORD_LOGIN) private readonly passwordLogin: boolean,
  ) {}

  @Post()
  @Public()
  @ApiOperation({
    summary: 'Log in as an operator; returns a bearer token (10 failures per account, 30 per client, in 15 minutes)',
  })
  async login(@Body() body: OperatorLoginRequestDto, @Ip() client: string): Promise<OperatorSessionResponseDto> {
    if (!this.passwordLogin) {
      throw new ForbiddenException(
        'Password login of operators is closed; log in through the platform’s provider at /login.',
      );
    }
    await this.attempts.check(body.email, client);
    const operator = await this.operators.findActiveByEmail(body.email);
    const valid = await verifyPassword(body.password, operator?.passwordHash ?? (await decoyHash));
    if (!operator || !valid) {
      await this.attempts.failed(body.email, client);
      throw new UnauthorizedException('The e-mail or the password is wrong.');
    }
    await this.attempts.succeeded(body.email);
    await this.operators.touchLogin(operator.id);
    const session = await this.sessions.open(operator.id);
    return { token: session.token, expiresAt: session.expiresAt.toISOString() };
  }

  @Delete('current')
  @HttpCode(204)
  @Access('operator')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Log out: the token stops working at once' })
  async logout(@Req() req: FastifyRequest): Promise<void> {
    const token = req.headers.authorization?.slice('Bearer '.length);
    if (token) await this.sessions.close(token);
  }
}
