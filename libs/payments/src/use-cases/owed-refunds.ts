import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import type { PaymentEntity, PaymentPurposeKind, RefundReason } from '../domain/payment.entity.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { RefundPaymentUseCase } from './refund-payment.use-case.js';

/**
 * A refund owed because of what the payer did (a booking cancelled, an application withdrawn
 * where its fee rules allow it), made so that nothing can lose it and nothing can refuse the
 * payer's change because a gateway is down:
 *
 * 1. `owe(...)`, inside the caller's transaction, with the change that makes the money owed:
 *    the paid payment is marked `refund_due_at` with the reason; both commit or neither does;
 * 2. `tryNow(payment)`, after COMMIT: the gateway's refund at once, best effort: a gateway that
 *    fails (or a process that dies before) leaves it owed, and the payments sweep makes it;
 * 3. the payer is told when the money has gone back (`payment.refunded`, written with the
 *    refund, once).
 */
@Injectable()
export class OwedRefunds {
  private readonly logger = new Logger(OwedRefunds.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly refund: RefundPaymentUseCase,
  ) {}

  /**
   * Inside TenantDatabase.run(): the paid payments of a purpose become owed back, for the
   * reason given. Answers them (none when nothing was paid, or it was refunded already).
   */
  async owe(purposeKind: PaymentPurposeKind, purposeId: string, reason: RefundReason): Promise<PaymentEntity[]> {
    const owed: PaymentEntity[] = [];
    for (const payment of await this.payments.paidFor(purposeKind, purposeId)) {
      if (await this.payments.markRefundDue(payment.id, reason)) owed.push((await this.payments.findById(payment.id))!);
    }
    return owed;
  }

  /**
   * After COMMIT: refunds an owed payment now if the gateway can. Never throws: answers the
   * payment as it is then (refunded, or still paid and owed: the sweep makes it).
   */
  async tryNow(payment: PaymentEntity): Promise<PaymentEntity> {
    try {
      return await this.refund.execute(payment.id, payment.refundReason ?? 'office');
    } catch (error) {
      this.logger.warn(
        { err: error, payment: payment.id, reason: payment.refundReason },
        'an owed refund failed now; the payments sweep makes it',
      );
      return (await this.tenantDb.read(() => this.payments.findById(payment.id))) ?? payment;
    }
  }
}
