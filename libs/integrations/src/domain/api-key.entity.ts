import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { StaffMemberEntity } from '@townhall/identity';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import { API_KEY_SCOPES, type ApiKeyScope } from './api-key-scopes.js';

/** The scopes a row may hold, as SQL (the table's check, and the migration's). */
export const API_KEY_SCOPES_CHECK = `cardinality(scopes) > 0 and scopes <@ array[${API_KEY_SCOPES.map((s) => `'${s}'`).join(', ')}]::text[]`;

/**
 * A municipality's API key for one of its systems. Only its hash is kept; the whole key was
 * shown once to the admin who made it. Never deleted: a revoked key stays, with who revoked it.
 */
@Entity({ name: 'api_keys' })
@Unique('uq_api_keys_prefix', ['tenantId', 'prefix'])
@Check('ck_api_keys_scopes', API_KEY_SCOPES_CHECK)
@Check('ck_api_keys_name', 'char_length(name) between 1 and 80')
@Check('ck_api_keys_revoked', '(revoked_at is null) = (revoked_by is null)')
export class ApiKeyEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_api_keys_tenant' })
  tenant?: TenantEntity;

  /** What the key is for, as the admin named it ("Document register"). */
  @Column({ type: 'text' })
  name: string;

  /** `th_` and 8 characters: the key's public part, shown in lists and logs. */
  @Column({ type: 'text' })
  prefix: string;

  /** SHA-256 of the whole key (hex). */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash: string;

  @Column({ type: 'text', array: true })
  scopes: ApiKeyScope[];

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => StaffMemberEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_api_keys_created_by' },
    { name: 'created_by', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_api_keys_created_by' },
  ])
  creator?: StaffMemberEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the key was last used, to the minute (written at most once a minute). */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @ManyToOne(() => StaffMemberEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_api_keys_revoked_by' },
    { name: 'revoked_by', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_api_keys_revoked_by' },
  ])
  revoker?: StaffMemberEntity;
}
