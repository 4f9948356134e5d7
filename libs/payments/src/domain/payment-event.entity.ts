import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import { PaymentEntity } from './payment.entity.js';

/**
 * What became of a message about a payment: accepted (it changed the payment), duplicate (the
 * payment was already so: a replay or a second copy), out-of-order (it would have taken a
 * settled payment back, e.g. failed after paid: ignored), bad-signature, amount-mismatch,
 * wrong-tenant (another municipality's merchant), unknown (no such payment here).
 */
export const PAYMENT_EVENT_VERDICTS = [
  'accepted',
  'duplicate',
  'out-of-order',
  'bad-signature',
  'amount-mismatch',
  'wrong-tenant',
  'unknown',
] as const;
export type PaymentEventVerdict = (typeof PAYMENT_EVENT_VERDICTS)[number];
/** callback: the gateway's server-to-server message; sweep: the expiry sweep; refund: a refund made. */
export const PAYMENT_EVENT_SOURCES = ['callback', 'sweep', 'refund'] as const;
export type PaymentEventSource = (typeof PAYMENT_EVENT_SOURCES)[number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The audit of callbacks (and of the other changes of a payment): every copy received, with
 * its verdict and the SHA-256 of its body as it came, whether it was taken or refused.
 * Append-only: the app role may not update or delete a row.
 */
@Entity({ name: 'payment_events' })
@Check('ck_payment_events_verdict', `verdict in (${list(PAYMENT_EVENT_VERDICTS)})`)
@Check('ck_payment_events_source', `source in (${list(PAYMENT_EVENT_SOURCES)})`)
@Index('ix_payment_events_payment', ['tenantId', 'paymentId'])
export class PaymentEventEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_payment_events_tenant' })
  tenant?: TenantEntity;

  /** The payment it was about, when it names one of this municipality's. */
  @Column({ name: 'payment_id', type: 'uuid', nullable: true })
  paymentId: string | null;

  @ManyToOne(() => PaymentEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_payment_events_payment' },
    { name: 'payment_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_payment_events_payment' },
  ])
  payment?: PaymentEntity;

  @Column({ type: 'text' })
  source: PaymentEventSource;

  @Column({ type: 'text' })
  verdict: PaymentEventVerdict;

  /** What the message said, as it said it (not trusted): merchant, session, status, amount, currency, event id. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  reported: Record<string, unknown>;

  @Column({ name: 'status_before', type: 'text', nullable: true })
  statusBefore: string | null;

  @Column({ name: 'status_after', type: 'text', nullable: true })
  statusAfter: string | null;

  /** SHA-256 (hex) of the body's bytes as received. */
  @Column({ name: 'body_sha256', type: 'text', nullable: true })
  bodySha256: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
