import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TenantDatabase, tenantOrUndefined } from '@townhall/tenancy';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { SessionRealm } from '../sessions/session.types.js';
import { AuthEventEntity, PlatformAuthEventEntity } from './auth-event.entity.js';

export interface AuthEvent {
  realm: SessionRealm;
  event: string;
  outcome: 'ok' | 'refused';
  reason?: string;
  principalId?: string;
  sessionRef?: string;
  detail?: Record<string, unknown>;
}

/**
 * The audit trail of authentication, as an eID provider (TARA) asks of its clients: every
 * login request, the provider's redirect back, every ID token, every login, logout and
 * refused session. A municipality's events are its own rows (RLS); the admin app's are
 * platform rows. A refusal is recorded before the refusal is answered.
 */
@Injectable()
export class AuthAudit {
  private readonly logger = new Logger(AuthAudit.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async record(request: FastifyRequest, event: AuthEvent): Promise<void> {
    const row = {
      realm: event.realm,
      event: event.event,
      outcome: event.outcome,
      reason: event.reason ?? null,
      principalId: event.principalId ?? null,
      sessionRef: event.sessionRef ?? null,
      clientIp: request.ip,
      requestId: request.id,
      // jsonb: TypeORM's insert types do not model free-form objects.
      detail: (event.detail ?? {}) as never,
    };
    this.logger.log({ auth: { ...row, detail: undefined } }, `auth ${event.event} ${event.outcome}`);
    if (tenantOrUndefined()) {
      await this.tenantDb.run((manager) => manager.insert(AuthEventEntity, row));
    } else {
      await this.dataSource.getRepository(PlatformAuthEventEntity).insert(row);
    }
  }
}
