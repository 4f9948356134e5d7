import { DomainException, type FieldError } from '@townhall/platform';

export enum BookingsExceptionCode {
  ResourceNotFound = 'bookings.resource_not_found',
  InstitutionNotFound = 'bookings.institution_not_found',
  BookingNotFound = 'bookings.booking_not_found',
  SlotTaken = 'bookings.slot_taken',
  NotBookable = 'bookings.not_bookable',
  TooLateToCancel = 'bookings.too_late_to_cancel',
  NotCancellable = 'bookings.not_cancellable',
  /** Another official decided the request first, or the booker withdrew it. */
  AlreadyDecided = 'bookings.already_decided',
  /** A requested time that has begun can only be rejected. */
  TooLateToApprove = 'bookings.too_late_to_approve',
  /** A rejection without its reason. */
  DecisionInvalid = 'bookings.decision_invalid',
}

const STATUS: Record<BookingsExceptionCode, number> = {
  [BookingsExceptionCode.ResourceNotFound]: 404,
  [BookingsExceptionCode.InstitutionNotFound]: 404,
  [BookingsExceptionCode.BookingNotFound]: 404,
  [BookingsExceptionCode.SlotTaken]: 409,
  [BookingsExceptionCode.NotBookable]: 422,
  [BookingsExceptionCode.TooLateToCancel]: 409,
  [BookingsExceptionCode.NotCancellable]: 409,
  [BookingsExceptionCode.AlreadyDecided]: 409,
  [BookingsExceptionCode.TooLateToApprove]: 409,
  [BookingsExceptionCode.DecisionInvalid]: 422,
};

export class BookingsException extends DomainException {
  readonly status: number;

  constructor(message: string, code: BookingsExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
