import { type ExecutionContext, Inject, Injectable, type OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { AccessPolicies, type AccessPolicy, type AccessRule } from '@townhall/platform';
import type { FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { SessionAccessPolicy } from '../sessions/session-access.policy.js';
import { OperatorSessions } from './operator-sessions.js';
import { OperatorsRepository } from './operators.repository.js';

export const OPERATOR_KEY = 'operator';

/** Whether the CLI-made accounts' password login (bearer tokens) is still open. */
export const OPERATOR_PASSWORD_LOGIN = Symbol('OPERATOR_PASSWORD_LOGIN');

/**
 * `@Access('operator')`: an operator logged in to the admin app through the platform's
 * provider (a session, with the CSRF token on every change), or, while the bootstrap
 * fallback is open, a bearer token of a CLI-made account. The account must not be disabled.
 */
@Injectable()
export class OperatorAccessPolicy implements AccessPolicy, OnModuleInit {
  private readonly session: AccessPolicy;

  constructor(
    private readonly policies: AccessPolicies,
    private readonly sessions: OperatorSessions,
    private readonly operators: OperatorsRepository,
    private readonly cls: ClsService,
    sessionPolicy: SessionAccessPolicy,
    @Inject(OPERATOR_PASSWORD_LOGIN) private readonly passwordLogin: boolean,
  ) {
    this.session = sessionPolicy.policyFor('admin', 'operator');
  }

  onModuleInit(): void {
    this.policies.register('operator', this);
  }

  async admit(context: ExecutionContext, rule: AccessRule): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    let operatorId: string | null;
    if (header !== undefined) {
      if (!this.passwordLogin) {
        throw new UnauthorizedException(
          'Password login of operators is closed; log in through the platform’s provider.',
        );
      }
      const token = header.match(/^Bearer ([A-Za-z0-9_-]{20,100})$/)?.[1];
      if (!token) throw new UnauthorizedException('Log in as an operator: send Authorization: Bearer <token>.');
      operatorId = await this.sessions.operatorOf(token);
    } else {
      await this.session.admit(context, rule);
      operatorId = request.principal!.id;
    }
    const operator = operatorId ? await this.operators.findActive(operatorId) : null;
    if (!operator) throw new UnauthorizedException('The operator session has ended; log in again.');
    this.cls.set(OPERATOR_KEY, { id: operator.id, email: operator.email });
    return true;
  }
}
