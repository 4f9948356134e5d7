import { DomainException } from '@townhall/platform';

/** The national registers a municipality consults. */
export const REGISTER_NAMES = ['population', 'property', 'business'] as const;
export type RegisterName = (typeof REGISTER_NAMES)[number];

/** Why a register gave no answer. */
export const REGISTER_UNAVAILABLE_REASONS = [
  'not configured',
  'timed out',
  'unreachable',
  'answered 5xx',
  'refused the query',
  'unreadable answer',
  'circuit open',
] as const;
export type RegisterUnavailableReason = (typeof REGISTER_UNAVAILABLE_REASONS)[number];

export enum RegistersExceptionCode {
  Unavailable = 'registers.unavailable',
}

/**
 * A register gave no usable answer: not configured for the municipality, too slow, not
 * reachable, failing (5xx), refusing the query (4xx other than 404), answering something
 * unreadable, or not asked at all because its circuit breaker is open. Callers that can go
 * on without the register catch it (a form falls back to what the person types, marked as
 * unverified); left alone, it is a 503 naming the register.
 */
export class RegisterUnavailableError extends DomainException {
  readonly status = 503;

  constructor(
    readonly register: RegisterName,
    readonly reason: RegisterUnavailableReason,
    /** What happened, for the message and the logs: "answered 503", "after 3000 ms"… */
    readonly detail?: string,
  ) {
    super(
      reason === 'not configured'
        ? `The municipality has no ${register} register configured.`
        : `The ${register} register did not answer (${reason}${detail ? `: ${detail}` : ''}). Please try again in a moment.`,
      RegistersExceptionCode.Unavailable,
    );
  }
}
