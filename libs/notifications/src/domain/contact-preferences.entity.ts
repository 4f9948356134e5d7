import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';

/** Channels a citizen may choose on top of the portal inbox, which they always have. */
export const CONTACT_CHANNELS = ['email', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** How a citizen wants to be told: their e-mail address, phone, and the channels they chose. */
@Entity({ name: 'contact_preferences' })
export class ContactPreferencesEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryColumn({ name: 'citizen_id', type: 'uuid' })
  citizenId: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_contact_preferences_tenant' })
  tenant?: TenantEntity;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** Where letters go (a decision sent by post), as the citizen wrote it. */
  @Column({ name: 'postal_address', type: 'text', nullable: true })
  postalAddress: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  channels: ContactChannel[];

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
