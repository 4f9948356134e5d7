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
/** The verdicts of a message refused before it could change anything (answered 4xx). */
export const REFUSED_VERDICTS = ['bad-signature', 'amount-mismatch', 'wrong-tenant', 'unknown'] as const;
export type RefusedVerdict = (typeof REFUSED_VERDICTS)[number];
/**
 * callback: the gateway's server-to-server message; sweep: the expiry sweep; refund: a refund
 * made through the gateway; office: what the finance department recorded by hand (an invoice
 * or a payment at the desk received, such a payment's money given back).
 */
export const PAYMENT_EVENT_SOURCES = ['callback', 'sweep', 'refund', 'office'] as const;
export type PaymentEventSource = (typeof PAYMENT_EVENT_SOURCES)[number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** Which rows count repeats: a refusal's, one per payment and verdict, or per verdict when it named no payment of ours. */
export const REFUSAL_OF_PAYMENT = `payment_id IS NOT NULL AND verdict IN (${list(REFUSED_VERDICTS)})`;
export const REFUSAL_OF_NO_PAYMENT = `payment_id IS NULL AND verdict IN (${list(REFUSED_VERDICTS)})`;

/**
 * The audit of callbacks (and of the other changes of a payment): every copy taken (accepted,
 * duplicate, out of order) with its verdict and the SHA-256 of its body as it came. Refusals
 * are counted rather than each kept, so that whoever sends forged messages cannot fill the
 * table: one row per payment and verdict (one per verdict for those naming no payment of the
 * municipality) keeps the first copy and counts the repeats (`repeats`, `last_received_at`).
 * Append-only otherwise: the app role may insert and read rows, and update only those two
 * columns.
 */
@Entity({ name: 'payment_events' })
@Check('ck_payment_events_verdict', `verdict in (${list(PAYMENT_EVENT_VERDICTS)})`)
@Check('ck_payment_events_source', `source in (${list(PAYMENT_EVENT_SOURCES)})`)
@Index('ix_payment_events_payment', ['tenantId', 'paymentId'])
@Index('uq_payment_events_refusal', ['tenantId', 'paymentId', 'verdict'], { unique: true, where: REFUSAL_OF_PAYMENT })
@Index('uq_payment_events_refusal_unnamed', ['tenantId', 'verdict'], { unique: true, where: REFUSAL_OF_NO_PAYMENT })
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

  /** When the first copy came. */
  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  /** How many copies this row stands for: a refusal's repeats are counted here, not kept. */
  @Column({ type: 'integer', default: 1 })
  repeats: number;

  /** When the last of them came. */
  @Column({ name: 'last_received_at', type: 'timestamptz', default: () => 'now()' })
  lastReceivedAt: Date;
}
