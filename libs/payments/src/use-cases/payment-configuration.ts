import { Injectable } from '@nestjs/common';
import { secretFromEnvironment } from '@townhall/platform';
import { currentTenant, TenantDatabase, TenantEntity, TenantsRepository, type Currency } from '@townhall/tenancy';
import { parsePaymentSettings, type PaymentSettings } from '../domain/payment-settings.js';
import { PaymentsException, PaymentsExceptionCode } from '../domain/payments.exception.js';
import type { Merchant } from '../gateway/payment-provider.js';

interface Known {
  updatedAt: number;
  settings: PaymentSettings | null;
  currency: Currency;
  timeZone: string;
  name: string;
}

/**
 * The current municipality's payment settings, from its tenant file's `payments:` section
 * (kept in the tenant's setup; checked when the file is applied), and its merchant account
 * with the secret read from the environment variable the file names.
 */
@Injectable()
export class PaymentConfiguration {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
  ) {}

  /**
   * Inside an open tenant transaction (a booking that opens its payment) the tenant is read
   * through that transaction's connection: taking a second one from the pool while holding
   * one would let concurrent requests (200 for one slot, queued on the winner's row) exhaust
   * the pool and wait on each other.
   */
  async current(): Promise<Known> {
    const id = currentTenant().id;
    const tenant = this.tenantDb.inTransaction()
      ? await this.tenantDb.manager().getRepository(TenantEntity).findOne({ where: { id } })
      : await this.tenants.findById(id);
    if (!tenant) throw new PaymentsException('No such municipality.', PaymentsExceptionCode.NotConfigured);
    const kept = this.known.get(tenant.id);
    if (kept && kept.updatedAt === tenant.updatedAt.getTime()) return kept;
    const section = (tenant.setup as { payments?: unknown }).payments;
    const settings = section === undefined ? null : (await parsePaymentSettings(section)).settings;
    const known: Known = {
      updatedAt: tenant.updatedAt.getTime(),
      settings,
      currency: tenant.currency,
      timeZone: tenant.timeZone,
      name: tenant.name,
    };
    this.known.set(tenant.id, known);
    return known;
  }

  /** The merchant account; a clear 503 when payments are not set up or the secret is missing. */
  async merchant(): Promise<Merchant> {
    const gateway = (await this.current()).settings?.gateway;
    if (!gateway) {
      throw new PaymentsException(
        'Paying online is not set up for this municipality.',
        PaymentsExceptionCode.NotConfigured,
      );
    }
    const secret = secretFromEnvironment(gateway.secretRef);
    if (!secret) {
      throw new PaymentsException(
        `Paying online is not available at the moment (the gateway secret ${gateway.secretRef} is not set).`,
        PaymentsExceptionCode.NotConfigured,
      );
    }
    return { url: gateway.url, merchantId: gateway.merchantId, secret };
  }

  /** The merchant when configured, else null (the callback's check). */
  async merchantOrNull(): Promise<Merchant | null> {
    try {
      return await this.merchant();
    } catch (error) {
      if (error instanceof PaymentsException) return null;
      throw error;
    }
  }
}
