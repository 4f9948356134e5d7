import type { FieldError } from '@townhall/platform';
import type { EntityManager } from 'typeorm';
import type { Locale, TenantEntity, TenantSetup } from '../domain/tenant.entity.js';

/**
 * A library's part in setting up a municipality (the catalogue enables its services…).
 * Steps run in one transaction, scoped to the new tenant, and must be idempotent: they
 * run again when a municipality's file is applied again.
 */
export interface TenantProvisioningStep {
  readonly name: string;
  apply(manager: EntityManager, tenant: TenantEntity, setup: TenantSetup): Promise<void>;
  /**
   * What is wrong with a municipality's setup for this step (a service's customisation that
   * breaks its template…), checked before anything is written; fields named by their path.
   */
  check?(setup: TenantSetup, tenant: { defaultLocale: Locale }): Promise<FieldError[]>;
}

/** Where libraries register their steps (in onModuleInit). Order of registration is kept. */
export class TenantProvisioningSteps {
  private readonly steps: TenantProvisioningStep[] = [];

  register(step: TenantProvisioningStep): void {
    this.steps.push(step);
  }

  all(): readonly TenantProvisioningStep[] {
    return this.steps;
  }

  async check(setup: TenantSetup, tenant: { defaultLocale: Locale }): Promise<FieldError[]> {
    const problems: FieldError[] = [];
    for (const step of this.steps) problems.push(...((await step.check?.(setup, tenant)) ?? []));
    return problems;
  }
}
