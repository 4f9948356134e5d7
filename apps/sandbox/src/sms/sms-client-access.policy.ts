import { timingSafeEqual } from 'node:crypto';
import { type ExecutionContext, Inject, Injectable, type OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { AccessPolicies, type AccessPolicy } from '@townhall/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SandboxConfig } from '../sandbox.config.js';

/** `@Access(SMS_CLIENT)`: a client of the SMS provider stand-in, with its API token. */
export const SMS_CLIENT = 'sandbox-sms-client';

/**
 * Admits a request carrying `Authorization: Bearer <SANDBOX_SMS_TOKEN>`, as a provider's API
 * admits its customers' keys; refuses anything else with a 401 (RFC 6750).
 */
@Injectable()
export class SmsClientAccessPolicy implements AccessPolicy, OnModuleInit {
  private readonly token: Buffer;

  constructor(
    private readonly policies: AccessPolicies,
    @Inject(SandboxConfig) config: SandboxConfig,
  ) {
    this.token = Buffer.from(config.SANDBOX_SMS_TOKEN);
  }

  onModuleInit(): void {
    this.policies.register(SMS_CLIENT, this);
  }

  admit(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const header = http.getRequest<FastifyRequest>().headers.authorization;
    const given = header?.match(/^Bearer (\S+)$/i)?.[1];
    if (given === undefined) {
      http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer realm="sandbox-sms"');
      throw new UnauthorizedException('Send the API token: Authorization: Bearer <token>.');
    }
    const candidate = Buffer.from(given);
    if (candidate.length !== this.token.length || !timingSafeEqual(candidate, this.token)) {
      http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer realm="sandbox-sms", error="invalid_token"');
      throw new UnauthorizedException('The API token is not valid.');
    }
    return true;
  }
}
