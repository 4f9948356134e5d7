import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';

/** Columns shared by the municipalities' and the platform's audit trails of authentication. */
abstract class AuthEventColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** portal, office or admin. */
  @Column({ type: 'text' })
  realm: string;

  /** What happened: login-started, id-token, login-succeeded, logout, session-refused… */
  @Column({ type: 'text' })
  event: string;

  @Column({ type: 'text' })
  outcome: 'ok' | 'refused';

  /** Why it was refused, in words a reviewer understands. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'principal_id', type: 'uuid', nullable: true })
  principalId: string | null;

  /** A hash prefix of the session id, never the id. */
  @Column({ name: 'session_ref', type: 'text', nullable: true })
  sessionRef: string | null;

  @Column({ name: 'client_ip', type: 'text', nullable: true })
  clientIp: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  /** The login request's parameters, the redirect, the ID token's header and claims… */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail: Record<string, unknown>;
}

/** A municipality's audit trail of logins, logouts and refused sessions (append-only). */
@Entity({ name: 'auth_events' })
@Check('ck_auth_events_outcome', `outcome in ('ok', 'refused')`)
@Index('ix_auth_events_time', ['tenantId', 'occurredAt'])
export class AuthEventEntity extends AuthEventColumns implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_auth_events_tenant' })
  tenant?: TenantEntity;
}

/** The admin app's audit trail: operators belong to no municipality. */
@Entity({ name: 'platform_auth_events' })
@Check('ck_platform_auth_events_outcome', `outcome in ('ok', 'refused')`)
export class PlatformAuthEventEntity extends AuthEventColumns {}
