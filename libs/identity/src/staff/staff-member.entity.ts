import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type StaffRole, type TenantOwned } from '@townhall/tenancy';

export type StaffStatus = 'invited' | 'active' | 'disabled';

/**
 * An official or admin of a municipality. Invited by e-mail; their first login through the
 * municipality's staff provider binds them to (issuer, subject). The role may be limited to
 * departments or services (empty: all).
 */
@Entity({ name: 'staff_members' })
@Unique('uq_staff_members_email', ['tenantId', 'email'])
@Unique('uq_staff_members_identity', ['tenantId', 'issuer', 'subject'])
@Check('ck_staff_members_role', `role in ('admin', 'owner', 'handler', 'viewer')`)
@Check('ck_staff_members_status', `status in ('invited', 'active', 'disabled')`)
@Check('ck_staff_members_email', 'email = lower(email)')
export class StaffMemberEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_staff_members_tenant' })
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: StaffRole;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  departments: string[];

  /** Service codes the role is limited to. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  services: string[];

  @Column({ type: 'text', default: 'invited' })
  status: StaffStatus;

  @Column({ type: 'text', nullable: true })
  issuer: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Who changed whom, how: every invitation, role or scope change and disabling (append-only). */
@Entity({ name: 'staff_changes' })
@Index('ix_staff_changes_member', ['tenantId', 'staffMemberId'])
export class StaffChangeEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_staff_changes_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'staff_member_id', type: 'uuid' })
  staffMemberId: string;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_staff_changes_member' },
    { name: 'staff_member_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_staff_changes_member' },
  ])
  staffMember?: StaffMemberEntity;

  /** The staff member who made the change; null for the municipality's file (tenants/). */
  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  /** invited, role-changed, scope-changed, disabled, enabled */
  @Column({ type: 'text' })
  change: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  after: Record<string, unknown>;
}
