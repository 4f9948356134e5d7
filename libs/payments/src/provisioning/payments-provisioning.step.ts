import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { FieldError } from '@townhall/platform';
import { TenantProvisioningSteps, type TenantProvisioningStep, type TenantSetup } from '@townhall/tenancy';
import { parsePaymentSettings } from '../domain/payment-settings.js';

/**
 * Checks a tenant file's `payments:` section (methods, gateway URL, merchant id, the name of
 * the secret's environment variable, session minutes) before anything of the file is applied,
 * naming each bad field by its path. Nothing to write: the section is kept in the tenant's
 * setup and read by PaymentConfiguration.
 */
@Injectable()
export class PaymentsProvisioningStep implements TenantProvisioningStep, OnModuleInit {
  readonly name = 'payments';

  constructor(private readonly steps: TenantProvisioningSteps) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async check(setup: TenantSetup): Promise<FieldError[]> {
    const section = (setup as { payments?: unknown }).payments;
    if (section === undefined) return [];
    return (await parsePaymentSettings(section)).problems;
  }

  async apply(): Promise<void> {}
}
