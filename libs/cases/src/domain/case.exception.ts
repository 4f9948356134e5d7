import type { AnswerError } from '@townhall/forms';
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

  constructor(
    message: string,
    code: CaseExceptionCode,
    errors: FieldError[] = [],
    /** Answers that fail their form, with what failed: pages word each as its step does (the API keeps `errors`). */
    readonly answerErrors: AnswerError[] = [],
  ) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}

/**
 * Answers that fail their form (422): the JSON API names each by its path and message; a
 * page words each by the failure it carries, as the step it is asked on does.
 */
export function incompleteAnswers(message: string, errors: AnswerError[]): CaseException {
  return new CaseException(
    `${message}: ${errors.map((e) => e.message).join('; ')}.`,
    CaseExceptionCode.InvalidAnswers,
    errors.map((e) => ({ field: e.field, message: e.message })),
    errors,
  );
}
