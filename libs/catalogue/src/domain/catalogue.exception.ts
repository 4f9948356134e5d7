import { DomainException, type FieldError } from '@townhall/platform';

export enum CatalogueExceptionCode {
  ServiceNotFound = 'catalogue.service_not_found',
  TemplateNotFound = 'catalogue.template_not_found',
  InvalidCustomisation = 'catalogue.invalid_customisation',
  NothingToPublish = 'catalogue.nothing_to_publish',
}

const STATUS: Record<CatalogueExceptionCode, number> = {
  [CatalogueExceptionCode.ServiceNotFound]: 404,
  [CatalogueExceptionCode.TemplateNotFound]: 400,
  [CatalogueExceptionCode.InvalidCustomisation]: 422,
  [CatalogueExceptionCode.NothingToPublish]: 409,
};

export class CatalogueException extends DomainException {
  readonly status: number;

  constructor(message: string, code: CatalogueExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
