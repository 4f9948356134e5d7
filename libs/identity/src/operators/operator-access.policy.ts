import { type ExecutionContext, Injectable, type OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { AccessPolicies, type AccessPolicy } from '@townhall/platform';
import type { FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { OperatorSessions } from './operator-sessions.js';
import { OperatorsRepository } from './operators.repository.js';

export const OPERATOR_KEY = 'operator';

/** `@Access('operator')`: a live operator session token, of an operator not disabled. */
@Injectable()
export class OperatorAccessPolicy implements AccessPolicy, OnModuleInit {
  constructor(
    private readonly policies: AccessPolicies,
    private readonly sessions: OperatorSessions,
    private readonly operators: OperatorsRepository,
    private readonly cls: ClsService,
  ) {}

  onModuleInit(): void {
    this.policies.register('operator', this);
  }

  async admit(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const token = header?.match(/^Bearer ([A-Za-z0-9_-]{20,100})$/)?.[1];
    if (!token) throw new UnauthorizedException('Log in as an operator: send Authorization: Bearer <token>.');
    const operatorId = await this.sessions.operatorOf(token);
    const operator = operatorId ? await this.operators.findActive(operatorId) : null;
    if (!operator) throw new UnauthorizedException('The operator session has ended; log in again.');
    this.cls.set(OPERATOR_KEY, { id: operator.id, email: operator.email });
    return true;
  }
}
