import { DomainException, type FieldError } from '@townhall/platform';

export enum TenancyExceptionCode {
  UnknownHost = 'tenancy.unknown_host',
  Suspended = 'tenancy.suspended',
  Provisioning = 'tenancy.provisioning',
  NotFound = 'tenancy.not_found',
  SlugTaken = 'tenancy.slug_taken',
  DomainTaken = 'tenancy.domain_taken',
  InvalidTenant = 'tenancy.invalid',
  InvalidStatusChange = 'tenancy.invalid_status_change',
}

const STATUS: Record<TenancyExceptionCode, number> = {
  [TenancyExceptionCode.UnknownHost]: 404,
  [TenancyExceptionCode.Suspended]: 503,
  [TenancyExceptionCode.Provisioning]: 503,
  [TenancyExceptionCode.NotFound]: 404,
  [TenancyExceptionCode.SlugTaken]: 409,
  [TenancyExceptionCode.DomainTaken]: 409,
  [TenancyExceptionCode.InvalidTenant]: 400,
  [TenancyExceptionCode.InvalidStatusChange]: 409,
};

export class TenancyException extends DomainException {
  readonly status: number;

  constructor(message: string, code: TenancyExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
