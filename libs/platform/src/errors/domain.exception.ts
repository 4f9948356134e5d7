/**
 * Base of every library's exceptions (`new TenancyException(message, TenancyExceptionCode.X)`).
 * The code is part of the API; the problem-details filter maps it to a status.
 */
export abstract class DomainException extends Error {
  abstract readonly status: number;

  constructor(
    message: string,
    readonly code: string,
    /** Field-level errors, named by their path in the request body. */
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldError {
  field: string;
  message: string;
}
