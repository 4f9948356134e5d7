export * from './domain/payment.entity.js';
export * from './domain/payment-event.entity.js';
export * from './domain/payments.exception.js';
export * from './domain/payment-purposes.js';
export * from './domain/payment-settings.js';
export * from './domain/fees.js';
export * from './gateway/payment-provider.js';
export * from './gateway/gateway-signature.js';
export * from './persistence/payments.repository.js';
export * from './use-cases/open-payment.use-case.js';
export * from './use-cases/refund-payment.use-case.js';
export * from './use-cases/record-office-payment.use-case.js';
export * from './use-cases/owed-refunds.js';
export * from './use-cases/expire-payments.use-case.js';
export * from './use-cases/payment-transitions.js';
export * from './jobs/payment-expiry.sweeper.js';
export * from './payments.module.js';

import { PaymentEventEntity } from './domain/payment-event.entity.js';
import { PaymentEntity } from './domain/payment.entity.js';
import { ReceiptCounterEntity } from './domain/receipt-counter.entity.js';
import { CreatePayments1764003900000 } from './persistence/migrations/1764003900000-CreatePayments.js';
import { PaymentRefundDue1764004500000 } from './persistence/migrations/1764004500000-PaymentRefundDue.js';
import { RefundReasonsAndCountedRefusals1764004700000 } from './persistence/migrations/1764004700000-RefundReasonsAndCountedRefusals.js';
import { RefundOnCancellation1764004800000 } from './persistence/migrations/1764004800000-RefundOnCancellation.js';
import { PaymentsDueTenants1764004910000 } from './persistence/migrations/1764004910000-PaymentsDueTenants.js';
import { OfficeRecordedPayments1764005000000 } from './persistence/migrations/1764005000000-OfficeRecordedPayments.js';

export const paymentsMigrations = [
  CreatePayments1764003900000,
  PaymentRefundDue1764004500000,
  RefundReasonsAndCountedRefusals1764004700000,
  RefundOnCancellation1764004800000,
  PaymentsDueTenants1764004910000,
  OfficeRecordedPayments1764005000000,
];
export const paymentsEntities = [PaymentEntity, PaymentEventEntity, ReceiptCounterEntity];
