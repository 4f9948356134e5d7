import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnModuleDestroy, Optional } from '@nestjs/common';
import {
  currentTenant,
  TenantCache,
  TenantChanges,
  TenantsRepository,
  type RegisterSettings,
  type TenantRef,
  type TenantRegisters,
} from '@townhall/tenancy';
import CircuitBreaker from 'opossum';
import { UnreadableAnswerError } from '../domain/answer-reader.js';
import { type RegisterName, RegisterUnavailableError } from '../domain/register-unavailable.error.js';
import { DEFAULT_REGISTER_OPTIONS, REGISTER_OPTIONS, type RegisterOptions } from './register-options.js';

/** One GET of a register's service. */
export interface RegisterRequest<T> {
  register: RegisterName;
  /** Below the register's base URL, e.g. /v1/persons/EE/38001085718 (segments already encoded). */
  path: string;
  query?: Record<string, string>;
  /** Reads the answer's JSON; throws UnreadableAnswerError on a wrong shape. */
  read: (body: unknown) => T;
  /** Keep the answer for a while (default true); false for answers that must be fresh each time. */
  cache?: boolean;
}

interface Call {
  tenant: TenantRef;
  register: RegisterName;
  settings: RegisterSettings;
  url: string;
  read: (body: unknown) => unknown;
}

/** The default X-Road-Client of a municipality whose settings name none. */
export function defaultXRoadClient(slug: string): string {
  return `EU/GOV/${slug}/townhall`;
}

/**
 * Talks to the national registers as the current municipality's settings say: a deadline
 * per look-up (AbortSignal.timeout, the retry included), one retry after a network error or
 * a 5xx, a circuit breaker per municipality and register (opossum), and a short cache per
 * municipality, register and query. Never shared between municipalities: every key starts
 * with the tenant.
 */
@Injectable()
export class RegisterClient implements OnModuleDestroy {
  private readonly logger = new Logger('Registers');
  private readonly options: RegisterOptions;
  private readonly settings: TenantCache<TenantRegisters>;
  private readonly answers: TenantCache<unknown>;
  private readonly breakers = new Map<string, CircuitBreaker<[Call], unknown>>();

  constructor(
    private readonly tenants: TenantsRepository,
    changes: TenantChanges,
    @Optional() @Inject(REGISTER_OPTIONS) options?: Partial<RegisterOptions>,
  ) {
    this.options = { ...DEFAULT_REGISTER_OPTIONS, ...options };
    this.settings = new TenantCache(changes, 60_000);
    this.answers = new TenantCache(changes, this.options.cacheTtlMs, this.options.cacheMaxEntries);
  }

  onModuleDestroy(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  /** Whether the current municipality has the register configured. */
  async configured(register: RegisterName): Promise<boolean> {
    return (await this.registersOf(currentTenant().id))[register] !== undefined;
  }

  /**
   * The register's answer for the current municipality; null when the register answers 404
   * (it knows no such person, unit or company). Throws RegisterUnavailableError otherwise.
   */
  async get<T>(request: RegisterRequest<T>): Promise<T | null> {
    const tenant = currentTenant();
    const settings = (await this.registersOf(tenant.id))[request.register];
    if (!settings) throw new RegisterUnavailableError(request.register, 'not configured');
    const url = new URL(`${settings.url.replace(/\/+$/, '')}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const call: Call = { tenant, register: request.register, settings, url: url.toString(), read: request.read };
    const answer =
      request.cache === false
        ? await this.throughBreaker(call)
        : await this.answers.get(tenant.id, `${request.register} ${call.url}`, () => this.throughBreaker(call));
    // Callers get their own copy: a cached answer is never changed by one of them.
    return answer === null ? null : (structuredClone(answer) as T);
  }

  private async throughBreaker(call: Call): Promise<unknown> {
    try {
      return await this.breakerOf(call.tenant, call.register).fire(call);
    } catch (error) {
      if (error instanceof RegisterUnavailableError) throw error;
      const code = (error as { code?: unknown }).code;
      if (code === 'EOPENBREAKER' || code === 'ESHUTDOWN') {
        throw new RegisterUnavailableError(call.register, 'circuit open', 'failing fast after repeated failures');
      }
      throw error;
    }
  }

  private breakerOf(tenant: TenantRef, register: RegisterName): CircuitBreaker<[Call], unknown> {
    const key = `${tenant.id} ${register}`;
    let breaker = this.breakers.get(key);
    if (breaker) return breaker;
    breaker = new CircuitBreaker((call: Call) => this.fetchAnswer(call), {
      name: `${tenant.slug}/${register}`,
      // Each look-up has its own deadline (the municipality's timeoutMs).
      timeout: false,
      resetTimeout: this.options.resetTimeoutMs,
      volumeThreshold: this.options.failureThreshold,
      errorThresholdPercentage: this.options.errorThresholdPercentage,
      rollingCountTimeout: this.options.rollingWindowMs,
      enableSnapshots: false,
      // A query the register refuses (4xx) says nothing about its health.
      errorFilter: (error: unknown) =>
        error instanceof RegisterUnavailableError && error.reason === 'refused the query',
    });
    const context = { tenant: tenant.slug, register };
    breaker.on('open', () => this.logger.warn(context, 'register circuit open: look-ups fail fast'));
    breaker.on('halfOpen', () => this.logger.log(context, 'register circuit half-open: trying the register again'));
    breaker.on('close', () => this.logger.log(context, 'register circuit closed: the register answers again'));
    this.breakers.set(key, breaker);
    return breaker;
  }

  /** One look-up: the first attempt, and one retry after a network error or a 5xx while time is left. */
  private async fetchAnswer(call: Call): Promise<unknown> {
    const timeoutMs = call.settings.timeoutMs ?? this.options.defaultTimeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const headers = {
      Accept: 'application/json',
      'X-Road-Client': call.settings.client ?? defaultXRoadClient(call.tenant.slug),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(call, headers, deadline, timeoutMs);
      } catch (error) {
        const retriable =
          error instanceof RegisterUnavailableError &&
          (error.reason === 'unreachable' || error.reason === 'answered 5xx');
        if (!retriable || attempt >= 2) {
          this.logger.warn(
            { tenant: call.tenant.slug, register: call.register, url: call.url, err: error, attempts: attempt },
            'register look-up failed',
          );
          throw error;
        }
        const backoff = this.options.retryBackoffMs * (1 + Math.random() / 2);
        await sleep(backoff, undefined, { signal: deadline }).catch(() => {
          throw new RegisterUnavailableError(call.register, 'timed out', `after ${timeoutMs} ms`);
        });
      }
    }
  }

  private async attempt(
    call: Call,
    headers: Record<string, string>,
    deadline: AbortSignal,
    timeoutMs: number,
  ): Promise<unknown> {
    const timedOut = () => new RegisterUnavailableError(call.register, 'timed out', `after ${timeoutMs} ms`);
    let response: Response;
    try {
      response = await fetch(call.url, { headers, signal: deadline });
    } catch (error) {
      if (deadline.aborted) throw timedOut();
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new RegisterUnavailableError(call.register, 'unreachable', cause);
    }
    const xRoadId = response.headers.get('x-road-id');
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      // The service's own "not found" carries its X-Road-Id; a 404 without one is a wrong URL.
      if (response.status === 404 && xRoadId) return null;
      if (response.status >= 500) {
        throw new RegisterUnavailableError(call.register, 'answered 5xx', `answered ${response.status}`);
      }
      throw new RegisterUnavailableError(call.register, 'refused the query', `answered ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (deadline.aborted) throw timedOut();
      throw new RegisterUnavailableError(call.register, 'unreadable answer', 'not JSON');
    }
    try {
      const answer = call.read(body);
      this.logger.debug({ tenant: call.tenant.slug, register: call.register, xRoadId }, 'register answered');
      return answer;
    } catch (error) {
      if (error instanceof UnreadableAnswerError) {
        throw new RegisterUnavailableError(call.register, 'unreadable answer', error.message);
      }
      throw error;
    }
  }

  private registersOf(tenantId: string): Promise<TenantRegisters> {
    return this.settings.get(
      tenantId,
      'registers',
      async () => (await this.tenants.findById(tenantId))?.registers ?? {},
    );
  }
}
