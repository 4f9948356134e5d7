import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import {
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  type PaymentMethod,
  type PaymentStatus,
} from '../../domain/payment.entity.js';

/** The gateway's server-to-server callback (townhall-pay v1); signed in `X-Signature`. */
export class PaymentCallbackRequestDto {
  @ApiProperty({ example: 'tartu', description: "The merchant: the municipality's account at the gateway" })
  @IsString()
  @Length(1, 64)
  merchantId: string;

  @ApiProperty({ example: 'ses_8f3a…', description: "The gateway's session id" })
  @IsString()
  @Length(1, 200)
  sessionId: string;

  @ApiProperty({ description: "The payment's id, as sent when the session was opened" })
  @IsString()
  @Length(1, 200)
  reference: string;

  @ApiProperty({ description: 'The id of this event at the gateway: every copy of one callback has the same' })
  @IsString()
  @Length(1, 200)
  eventId: string;

  @ApiProperty({ enum: ['paid', 'failed', 'cancelled'] })
  @IsIn(['paid', 'failed', 'cancelled'], { message: 'status must be paid, failed or cancelled' })
  status: 'paid' | 'failed' | 'cancelled';

  @ApiProperty({ example: 10000, description: 'Integer minor units (checked against the payment, never taken)' })
  @IsInt({ message: 'amount must be a whole number of minor units' })
  @Min(0)
  @Max(2_147_483_647)
  amount: number;

  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code like EUR' })
  currency: string;

  @ApiProperty({ example: '2026-03-01T10:00:00.000Z' })
  @IsString()
  @Length(1, 40)
  sentAt: string;
}

/** The payer's choice of how to pay. */
export class StartPaymentRequestDto {
  @IsIn(PAYMENT_METHODS, { message: `method must be one of ${PAYMENT_METHODS.join(', ')}` })
  method: PaymentMethod;

  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** A button's form (the CSRF token only). */
export class PaymentActionRequestDto {
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** The finance department records an invoice or a desk payment as received. */
export class PaymentReceivedRequestDto {
  /** What the official wants kept with it (the bank statement's line, the desk's receipt). */
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @Length(0, 200, { message: 'note must be at most 200 characters' })
  note?: string;

  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** The finance department records the money of an invoice or a desk payment as given back. */
export class RefundGivenRequestDto {
  /** How it went back: the bank transfer's reference, or the desk's receipt for the cash. */
  @IsString({ message: "reference must say how the money went back, e.g. the bank transfer's reference" })
  @Matches(/\S/, { message: "reference must say how the money went back, e.g. the bank transfer's reference" })
  @Length(1, 200, { message: 'reference must be at most 200 characters' })
  reference: string;

  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A filter left empty in the form (from=&status=) is no filter. */
const EmptyIsAbsent = () => Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/** The finance department's report's filter. */
export class PaymentReportQueryDto {
  @EmptyIsAbsent()
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day like 2026-03-01' })
  @IsISO8601({ strict: true }, { message: 'from must be a day of the calendar, like 2026-03-01' })
  from?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day like 2026-03-31' })
  @IsISO8601({ strict: true }, { message: 'to must be a day of the calendar, like 2026-03-31' })
  to?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsIn(PAYMENT_STATUSES, { message: `status must be one of ${PAYMENT_STATUSES.join(', ')}` })
  status?: PaymentStatus;

  @EmptyIsAbsent()
  @IsOptional()
  @IsIn(PAYMENT_METHODS, { message: `method must be one of ${PAYMENT_METHODS.join(', ')}` })
  method?: PaymentMethod;

  /** Only the paid payments whose money is owed back and not yet given. */
  @EmptyIsAbsent()
  @IsOptional()
  @IsIn(['yes'], { message: 'owed must be yes, or left out' })
  owed?: 'yes';

  /** After an action, the receipt number it was done to (for the page's banner; any other text shows none). */
  @IsOptional()
  @IsString()
  refunded?: string;

  @IsOptional()
  @IsString()
  received?: string;

  @IsOptional()
  @IsString()
  refundGiven?: string;

  @IsOptional()
  @IsString()
  lang?: string;
}
