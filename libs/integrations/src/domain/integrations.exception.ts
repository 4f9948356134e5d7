import { DomainException, type FieldError } from '@townhall/platform';

export enum IntegrationsExceptionCode {
  ApiKeyNotFound = 'integrations.api_key_not_found',
}

const STATUS: Record<IntegrationsExceptionCode, number> = {
  [IntegrationsExceptionCode.ApiKeyNotFound]: 404,
};

export class IntegrationsException extends DomainException {
  readonly status: number;

  constructor(message: string, code: IntegrationsExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
