import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TenantProvisioningSteps, type TenantProvisioningStep, type TenantSetup } from '@townhall/tenancy';
import { ServicesRepository } from '../persistence/services.repository.js';

/** Provisioning enables the services the municipality starts with. */
@Injectable()
export class CatalogueProvisioningStep implements TenantProvisioningStep, OnModuleInit {
  readonly name = 'catalogue';

  constructor(
    private readonly steps: TenantProvisioningSteps,
    private readonly services: ServicesRepository,
  ) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async apply(_manager: unknown, _tenant: unknown, setup: TenantSetup): Promise<void> {
    await this.services.replaceWith(setup.services ?? []);
  }
}
