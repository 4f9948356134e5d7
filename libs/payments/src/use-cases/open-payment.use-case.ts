import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import type { PaymentEntity, PaymentLine, PaymentPurposeKind } from '../domain/payment.entity.js';
import { PaymentsException, PaymentsExceptionCode } from '../domain/payments.exception.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { PaymentConfiguration } from './payment-configuration.js';

export interface OpenPayment {
  purpose: { kind: PaymentPurposeKind; id: string };
  /** The citizen who pays. */
  payerId: string;
  /** What it is for, per language ("Room booking B-2026-7KQ3ZD"). */
  description: Record<string, string>;
  /** Computed on the server (computeFee, or a booking's price): the amount is their sum. */
  lines: PaymentLine[];
  /** A path of the portal to go on to once paid (/bookings/…, /applications/…). */
  returnPath?: string;
  /** How long the payment stays open (default: the municipality's sessionMinutes); a hold's time. */
  expiresAt?: Date;
}

/**
 * The seam for whoever asks for money (bookings, cases): opens a payment for a purpose, in the
 * municipality's currency, in the caller's transaction (TenantDatabase.run joins it), so that
 * the booking's hold and its payment exist together. The payer is then sent to
 * `/payments/<id>`, where they see what they pay and choose how. Opening again for a purpose
 * whose payment is still open gives that payment.
 */
@Injectable()
export class OpenPaymentUseCase {
  private readonly logger = new Logger(OpenPaymentUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly configuration: PaymentConfiguration,
  ) {}

  async execute(input: OpenPayment): Promise<PaymentEntity> {
    const amount = input.lines.reduce((sum, line) => sum + line.amount, 0);
    if (!input.lines.every((l) => Number.isSafeInteger(l.amount) && l.amount >= 0) || amount <= 0) {
      throw new PaymentsException(
        'A payment needs an amount of whole minor units above zero.',
        PaymentsExceptionCode.BadFee,
      );
    }
    if (input.returnPath !== undefined && !/^\/[A-Za-z0-9/_-]*$/.test(input.returnPath)) {
      throw new PaymentsException('returnPath must be a path of the portal.', PaymentsExceptionCode.BadFee);
    }
    const { settings, currency } = await this.configuration.current();
    if (!settings) {
      throw new PaymentsException(
        'Payments are not set up for this municipality.',
        PaymentsExceptionCode.NotConfigured,
      );
    }
    const expiresAt = input.expiresAt ?? new Date(Date.now() + settings.sessionMinutes * 60_000);
    return this.tenantDb.run(async () => {
      const open = await this.payments.openFor(input.purpose.kind, input.purpose.id);
      if (open) return open;
      const payment = await this.payments.insert({
        purposeKind: input.purpose.kind,
        purposeId: input.purpose.id,
        payerId: input.payerId,
        description: input.description,
        lines: input.lines,
        amount,
        currency,
        status: 'created',
        returnPath: input.returnPath ?? null,
        expiresAt,
      });
      this.logger.log({ payment: payment.id, purpose: input.purpose, amount, currency }, 'payment opened');
      return payment;
    });
  }
}
