import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import {
  currentTenant,
  TenantCaches,
  TenantsRepository,
  type TenantCache,
  type TenantRegisters,
} from '@townhall/tenancy';
import type { Representation } from '../sessions/session.types.js';

/** The register could not answer: the right to represent cannot be confirmed, so it is not assumed. */
export class RegisterUnavailableException extends HttpException {
  constructor(detail: string) {
    super(
      `The business register did not answer (${detail}). Please try again in a moment.`,
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

const TIMEOUT_MS = 3_000;

/**
 * The municipality's national business register, over HTTP as its settings name it: which
 * registered companies a person may represent.
 */
@Injectable()
export class BusinessRegister {
  private readonly logger = new Logger(BusinessRegister.name);
  private readonly settings: TenantCache<TenantRegisters>;

  constructor(
    private readonly tenants: TenantsRepository,
    caches: TenantCaches,
  ) {
    this.settings = caches.create(60_000);
  }

  /** Whether the municipality has a business register configured. */
  async available(): Promise<boolean> {
    return (await this.registers()).business !== undefined;
  }

  /** The companies the person may represent now. */
  async representationsOf(country: string, personalCode: string): Promise<Representation[]> {
    const register = (await this.registers()).business;
    if (!register) return [];
    const url = new URL(`${register.url.replace(/\/$/, '')}/v1/representations`);
    url.searchParams.set('country', country);
    url.searchParams.set('personalCode', personalCode);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Accept: 'application/json' } });
    } catch (error) {
      this.logger.warn({ err: error, register: register.url }, 'business register unreachable');
      throw new RegisterUnavailableException((error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable');
    }
    if (!response.ok) throw new RegisterUnavailableException(`answered ${response.status}`);
    const body = (await response.json().catch(() => null)) as { companies?: unknown } | null;
    if (!body || !Array.isArray(body.companies)) throw new RegisterUnavailableException('an unreadable answer');
    return body.companies
      .filter(
        (c): c is Representation =>
          typeof c === 'object' &&
          c !== null &&
          typeof (c as Representation).registryCode === 'string' &&
          typeof (c as Representation).name === 'string',
      )
      .map((c) => ({ registryCode: c.registryCode, country: String(c.country ?? country), name: c.name }));
  }

  private registers(): Promise<TenantRegisters> {
    const tenantId = currentTenant().id;
    return this.settings.get(
      tenantId,
      'registers',
      async () => (await this.tenants.findById(tenantId))?.registers ?? {},
    );
  }
}
