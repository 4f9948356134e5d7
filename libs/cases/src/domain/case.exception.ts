import { DomainException, type FieldError } from '@townhall/platform';

export enum CaseExceptionCode {
  ApplicationNotFound = 'cases.application_not_found',
  ServiceNotAvailable = 'cases.service_not_available',
  ApplicantNotAllowed = 'cases.applicant_not_allowed',
  InvalidAnswers = 'cases.invalid_answers',
  NotEditable = 'cases.not_editable',
  TransitionNotAllowed = 'cases.transition_not_allowed',
  ChangedMeanwhile = 'cases.changed_meanwhile',
  ReasonRequired = 'cases.reason_required',
  InvalidFile = 'cases.invalid_file',
  StaffNotFound = 'cases.staff_not_found',
}

const STATUS: Record<CaseExceptionCode, number> = {
  [CaseExceptionCode.ApplicationNotFound]: 404,
  [CaseExceptionCode.ServiceNotAvailable]: 404,
  [CaseExceptionCode.ApplicantNotAllowed]: 403,
  [CaseExceptionCode.InvalidAnswers]: 422,
  [CaseExceptionCode.NotEditable]: 409,
  [CaseExceptionCode.TransitionNotAllowed]: 409,
  [CaseExceptionCode.ChangedMeanwhile]: 409,
  [CaseExceptionCode.ReasonRequired]: 422,
  [CaseExceptionCode.InvalidFile]: 422,
  [CaseExceptionCode.StaffNotFound]: 422,
};

export class CaseException extends DomainException {
  readonly status: number;

  constructor(message: string, code: CaseExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
