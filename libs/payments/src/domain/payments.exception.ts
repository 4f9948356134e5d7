import { DomainException, type FieldError } from '@townhall/platform';

export enum PaymentsExceptionCode {
  PaymentNotFound = 'payments.payment_not_found',
  MethodNotOffered = 'payments.method_not_offered',
  NotPayable = 'payments.not_payable',
  NotRefundable = 'payments.not_refundable',
  NotConfigured = 'payments.not_configured',
  GatewayUnavailable = 'payments.gateway_unavailable',
  BadReturn = 'payments.bad_return',
  BadFee = 'payments.bad_fee',
}

const STATUS: Record<PaymentsExceptionCode, number> = {
  [PaymentsExceptionCode.PaymentNotFound]: 404,
  [PaymentsExceptionCode.MethodNotOffered]: 400,
  [PaymentsExceptionCode.NotPayable]: 409,
  [PaymentsExceptionCode.NotRefundable]: 409,
  [PaymentsExceptionCode.NotConfigured]: 503,
  [PaymentsExceptionCode.GatewayUnavailable]: 503,
  [PaymentsExceptionCode.BadReturn]: 400,
  [PaymentsExceptionCode.BadFee]: 400,
};

export class PaymentsException extends DomainException {
  readonly status: number;

  constructor(message: string, code: PaymentsExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
