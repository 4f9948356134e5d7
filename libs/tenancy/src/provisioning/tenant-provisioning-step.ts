import type { EntityManager } from 'typeorm';
import type { TenantEntity, TenantSetup } from '../domain/tenant.entity.js';

/**
 * A library's part in setting up a municipality (the catalogue enables its services…).
 * Steps run in one transaction, scoped to the new tenant, and must be idempotent: they
 * run again when a municipality's file is applied again.
 */
export interface TenantProvisioningStep {
  readonly name: string;
  apply(manager: EntityManager, tenant: TenantEntity, setup: TenantSetup): Promise<void>;
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
}
