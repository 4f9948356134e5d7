/** How the registers library treats every register; per-municipality settings are in the tenant's `registers`. */
export interface RegisterOptions {
  /** How long an answer is kept, per municipality, register and query. */
  cacheTtlMs: number;
  /** Answers kept per process at most (all municipalities); when full, the cache starts again empty. */
  cacheMaxEntries: number;
  /** How long a look-up may take, retry included, when the municipality's settings do not say. */
  defaultTimeoutMs: number;
  /** The wait before the one retry after a network error or a 5xx (plus up to half of it, at random). */
  retryBackoffMs: number;
  /** Look-ups within the rolling window before the circuit breaker may open. */
  failureThreshold: number;
  /** The share of failed look-ups in the window above which the breaker opens. */
  errorThresholdPercentage: number;
  /** The breaker's rolling window. */
  rollingWindowMs: number;
  /** How long an open breaker fails fast before it lets one look-up through to try the register again. */
  resetTimeoutMs: number;
}

export const DEFAULT_REGISTER_OPTIONS: RegisterOptions = {
  cacheTtlMs: 60_000,
  cacheMaxEntries: 10_000,
  defaultTimeoutMs: 3_000,
  retryBackoffMs: 200,
  failureThreshold: 5,
  errorThresholdPercentage: 50,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 30_000,
};

/** Injection token of the options (RegistersModule.forRoot); defaults when none is provided. */
export const REGISTER_OPTIONS = 'REGISTER_OPTIONS';
