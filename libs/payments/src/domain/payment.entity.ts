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
  UpdateDateColumn,
} from 'typeorm';
import { CitizenEntity } from '@townhall/identity';
import {
  SUPPORTED_CURRENCIES,
  TENANT_ID_DEFAULT,
  TenantEntity,
  type Currency,
  type TenantOwned,
} from '@townhall/tenancy';

/** What a payment pays for: the seam to the libraries that ask for money. */
export const PAYMENT_PURPOSE_KINDS = ['booking', 'application-fee'] as const;
export type PaymentPurposeKind = (typeof PAYMENT_PURPOSE_KINDS)[number];

/** How a payer may pay; each municipality offers some of them (tenant file, `payments.methods`). */
export const PAYMENT_METHODS = ['card', 'bank-link', 'invoice', 'at-office'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** The methods paid through the gateway's page (redirect, signed return, signed callback). */
export const GATEWAY_METHODS: readonly PaymentMethod[] = ['card', 'bank-link'];
/** The methods the finance department records by hand: the money comes, and goes back, outside the gateway. */
export const OFFICE_METHODS: readonly PaymentMethod[] = ['invoice', 'at-office'];

/**
 * created: opened, no method chosen yet; pending: a gateway session is open (or an invoice /
 * payment at the office is awaited); paid; failed (the payer cancelled, or the gateway refused);
 * expired (not paid before expires_at); refunded (paid, then given back).
 */
export const PAYMENT_STATUSES = ['created', 'pending', 'paid', 'failed', 'expired', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
export const PAYMENT_STATUS_CHECK = `status in (${list(PAYMENT_STATUSES)})`;
export const PAYMENT_METHOD_CHECK = `method is null or method in (${list(PAYMENT_METHODS)})`;
export const PAYMENT_PURPOSE_CHECK = `purpose_kind in (${list(PAYMENT_PURPOSE_KINDS)})`;
export const PAYMENT_CURRENCY_CHECK = `currency in (${list(SUPPORTED_CURRENCIES)})`;
/**
 * Why a payment's money is owed back or was given back: the payer cancelled the booking, or
 * withdrew the application where its fee rules allow a refund; the application was refused
 * where its fee rules refund a refusal; it was cancelled by a step that gives the fee back (a
 * wedding ceremony cancelled, by the couple or the city); the payment came when what it paid
 * for was gone (a hold that lapsed, an application that no longer waited for its fee); or the
 * office refunded it.
 */
export const REFUND_REASONS = [
  'booking-cancelled',
  'application-withdrawn',
  'application-rejected',
  'application-cancelled',
  'purpose-gone',
  'office',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
export const PAYMENT_REFUND_REASON_CHECK = `refund_reason is null or refund_reason in (${list(REFUND_REASONS)})`;
/** Paid (or refunded after paying) exactly when it has a time of payment and a receipt number. */
export const PAYMENT_PAID_CHECK = `(status in ('paid', 'refunded')) = (paid_at is not null and receipt_number is not null)`;

/** One line of what is paid, as computed on the server (fee rules, or a booking's hours). */
export interface PaymentLine {
  id: string;
  /** Per language. */
  label: Record<string, string>;
  /** Minor units of the payment's currency. */
  amount: number;
}

/**
 * A payment asked of someone for one purpose (a booking, an application's fee), in the
 * municipality's currency, in integer minor units. Its status changes only by conditional
 * UPDATEs (PaymentsRepository), so concurrent callbacks change it once.
 */
@Entity({ name: 'payments' })
@Unique('uq_payments_provider_ref', ['tenantId', 'providerRef'])
@Unique('uq_payments_receipt_number', ['tenantId', 'receiptNumber'])
@Check('ck_payments_status', PAYMENT_STATUS_CHECK)
@Check('ck_payments_method', PAYMENT_METHOD_CHECK)
@Check('ck_payments_purpose', PAYMENT_PURPOSE_CHECK)
@Check('ck_payments_currency', PAYMENT_CURRENCY_CHECK)
@Check('ck_payments_amount', 'amount > 0')
@Check('ck_payments_paid', PAYMENT_PAID_CHECK)
@Check('ck_payments_refund_reason', PAYMENT_REFUND_REASON_CHECK)
@Index('ix_payments_purpose', ['tenantId', 'purposeKind', 'purposeId'])
@Index('ix_payments_created', ['tenantId', 'createdAt'])
@Index('ix_payments_open', ['tenantId', 'expiresAt'], { where: `status in ('created', 'pending')` })
@Index('ix_payments_refund_due', ['tenantId', 'refundDueAt'], { where: 'refund_due_at IS NOT NULL' })
export class PaymentEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_payments_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'purpose_kind', type: 'text' })
  purposeKind: PaymentPurposeKind;

  /** The booking's or the application's id. */
  @Column({ name: 'purpose_id', type: 'uuid' })
  purposeId: string;

  /** What the payer sees it is for, per language ("Room booking B-2026-7KQ3ZD"). */
  @Column({ type: 'jsonb' })
  description: Record<string, string>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  lines: PaymentLine[];

  /** The citizen who pays (and may see the payment and its receipt). */
  @Column({ name: 'payer_id', type: 'uuid' })
  payerId: string;

  @ManyToOne(() => CitizenEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_payments_payer' },
    { name: 'payer_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_payments_payer' },
  ])
  payer?: CitizenEntity;

  /** Integer minor units (cents, öre, stotinki). */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ type: 'text' })
  currency: Currency;

  @Column({ type: 'text', nullable: true })
  method: PaymentMethod | null;

  @Column({ type: 'text', default: 'created' })
  status: PaymentStatus;

  /** The gateway's session id. */
  @Column({ name: 'provider_ref', type: 'text', nullable: true })
  providerRef: string | null;

  /** The gateway's page the payer is sent to. */
  @Column({ name: 'redirect_url', type: 'text', nullable: true })
  redirectUrl: string | null;

  /** A path of the portal where the payer continues once paid (the booking, the application). */
  @Column({ name: 'return_path', type: 'text', nullable: true })
  returnPath: string | null;

  /** Not paid by then, the payment (and its gateway session) expires. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  /** <year>-<number>, without gaps per municipality and year. */
  @Column({ name: 'receipt_number', type: 'text', nullable: true })
  receiptNumber: string | null;

  @Column({ name: 'refunded_at', type: 'timestamptz', nullable: true })
  refundedAt: Date | null;

  /**
   * Set when the money is owed back (what was paid for is gone, cancelled or withdrawn), in the
   * transaction that makes it owed; cleared by the refund. The sweep refunds until it is.
   */
  @Column({ name: 'refund_due_at', type: 'timestamptz', nullable: true })
  refundDueAt: Date | null;

  /** Why the money is owed or was given back (REFUND_REASONS); kept after the refund, for the payer. */
  @Column({ name: 'refund_reason', type: 'text', nullable: true })
  refundReason: RefundReason | null;

  /** The gateway's id of the refund. */
  @Column({ name: 'refund_ref', type: 'text', nullable: true })
  refundRef: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
