import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CitizenEntity, CitizensRepository } from '@townhall/identity';
import { NotificationsModule } from '@townhall/notifications';
import { PaymentEventEntity } from './domain/payment-event.entity.js';
import { PaymentPurposes } from './domain/payment-purposes.js';
import { PaymentEntity } from './domain/payment.entity.js';
import { ReceiptCounterEntity } from './domain/receipt-counter.entity.js';
import { PaymentProvider } from './gateway/payment-provider.js';
import { SandboxPayProvider } from './gateway/sandbox-pay.provider.js';
import { CallbackBodyDigest } from './http/callback-body-digest.js';
import { OfficePaymentsController } from './http/office-payments.controller.js';
import { PaymentCallbackController } from './http/payment-callback.controller.js';
import { PortalPaymentsController } from './http/portal-payments.controller.js';
import { PaymentExpirySweeper } from './jobs/payment-expiry.sweeper.js';
import { PaymentEventsRepository } from './persistence/payment-events.repository.js';
import { PaymentsRepository } from './persistence/payments.repository.js';
import { ReceiptNumbers } from './persistence/receipt-numbers.js';
import { PaymentsProvisioningStep } from './provisioning/payments-provisioning.step.js';
import { ExpirePaymentsUseCase } from './use-cases/expire-payments.use-case.js';
import { HandleCallbackUseCase } from './use-cases/handle-callback.use-case.js';
import { OpenPaymentUseCase } from './use-cases/open-payment.use-case.js';
import { PaymentConfiguration } from './use-cases/payment-configuration.js';
import { PaymentReceipt } from './use-cases/payment-receipt.js';
import { PaymentTransitions } from './use-cases/payment-transitions.js';
import { OwedRefunds } from './use-cases/owed-refunds.js';
import { RecordOfficePaymentUseCase } from './use-cases/record-office-payment.use-case.js';
import { RefundPaymentUseCase } from './use-cases/refund-payment.use-case.js';
import { StartPaymentUseCase } from './use-cases/start-payment.use-case.js';

const exported = [
  PaymentPurposes,
  PaymentsRepository,
  PaymentEventsRepository,
  PaymentConfiguration,
  OpenPaymentUseCase,
  StartPaymentUseCase,
  HandleCallbackUseCase,
  RefundPaymentUseCase,
  RecordOfficePaymentUseCase,
  OwedRefunds,
  ExpirePaymentsUseCase,
  PaymentTransitions,
];

/**
 * Payments: the data, the use cases (open, start, callback, refund, expire, the office's records of invoices and desk payments), the gateway
 * provider, the purpose seam (PaymentPurposes) and the check of a tenant file's `payments:`
 * section (import it wherever tenants are applied).
 */
@Module({
  imports: [TypeOrmModule.forFeature([PaymentEntity, PaymentEventEntity, ReceiptCounterEntity]), NotificationsModule],
  providers: [
    ...exported,
    ReceiptNumbers,
    SandboxPayProvider,
    { provide: PaymentProvider, useExisting: SandboxPayProvider },
  ],
  exports: [...exported, PaymentProvider],
})
export class PaymentsModule {}

/**
 * The check of a tenant file's `payments:` section, for the apps that apply tenant files and
 * onboard municipalities (admin, CLI): no queues, no tables.
 */
@Module({ providers: [PaymentsProvisioningStep] })
export class PaymentsSetupModule {}

/** For the tenant host: the payer's pages and receipt, the gateway's callback, the finance department's report. */
@Module({
  imports: [PaymentsModule, TypeOrmModule.forFeature([CitizenEntity])],
  controllers: [PortalPaymentsController, PaymentCallbackController, OfficePaymentsController],
  providers: [CallbackBodyDigest, PaymentReceipt, CitizensRepository],
})
export class PaymentsHttpModule {}

/** For the worker: the sweep of payments whose session ran out. */
@Module({
  imports: [PaymentsModule],
  providers: [PaymentExpirySweeper],
  exports: [PaymentExpirySweeper],
})
export class PaymentsJobsModule {}
