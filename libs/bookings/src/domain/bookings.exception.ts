import { DomainException, type FieldError } from '@townhall/platform';

export enum BookingsExceptionCode {
  ResourceNotFound = 'bookings.resource_not_found',
  BookingNotFound = 'bookings.booking_not_found',
  SlotTaken = 'bookings.slot_taken',
  NotBookable = 'bookings.not_bookable',
  TooLateToCancel = 'bookings.too_late_to_cancel',
  NotCancellable = 'bookings.not_cancellable',
}

const STATUS: Record<BookingsExceptionCode, number> = {
  [BookingsExceptionCode.ResourceNotFound]: 404,
  [BookingsExceptionCode.BookingNotFound]: 404,
  [BookingsExceptionCode.SlotTaken]: 409,
  [BookingsExceptionCode.NotBookable]: 422,
  [BookingsExceptionCode.TooLateToCancel]: 409,
  [BookingsExceptionCode.NotCancellable]: 409,
};

export class BookingsException extends DomainException {
  readonly status: number;

  constructor(message: string, code: BookingsExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
