import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TenantProvisioningSteps, type TenantProvisioningStep, type TenantSetup } from '@townhall/tenancy';
import { StaffRepository } from './staff.repository.js';

/**
 * A municipality's first staff (its file's `staff`): invited once per e-mail. Applying the
 * file again changes nobody: later changes are made by the municipality's admins.
 */
@Injectable()
export class StaffProvisioningStep implements TenantProvisioningStep, OnModuleInit {
  readonly name = 'staff';

  constructor(
    private readonly steps: TenantProvisioningSteps,
    private readonly staff: StaffRepository,
  ) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async apply(_manager: unknown, _tenant: unknown, setup: TenantSetup): Promise<void> {
    for (const member of setup.staff ?? []) {
      await this.staff.invite({ ...member, departments: [], services: [] }, null);
    }
  }
}
