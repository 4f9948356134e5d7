import { DomainException, type FieldError } from '@townhall/platform';

export enum OfficeResourcesExceptionCode {
  NotFound = 'bookings.office.not_found',
  Invalid = 'bookings.office.invalid',
  ManagedByFile = 'bookings.office.managed_by_file',
  InvalidPhoto = 'bookings.office.invalid_photo',
}

const STATUS: Record<OfficeResourcesExceptionCode, number> = {
  [OfficeResourcesExceptionCode.NotFound]: 404,
  [OfficeResourcesExceptionCode.Invalid]: 422,
  [OfficeResourcesExceptionCode.ManagedByFile]: 409,
  [OfficeResourcesExceptionCode.InvalidPhoto]: 422,
};

/** What the office's management of institutions and resources refuses. */
export class OfficeResourcesException extends DomainException {
  readonly status: number;

  constructor(message: string, code: OfficeResourcesExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
