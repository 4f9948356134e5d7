import { Injectable, type OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RequestValidationException, type FieldError } from '@townhall/platform';
import {
  TenantProvisioningSteps,
  type TenantEntity,
  type TenantProvisioningStep,
  type TenantSetup,
} from '@townhall/tenancy';
import { InstitutionsRepository } from '../persistence/institutions.repository.js';
import { OfficeResourcesRepository } from '../persistence/office-resources.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';
import { BookingsSetupDto } from './bookings-setup.dto.js';

/**
 * A municipality's institutions and bookable resources from its file's `bookings:` section:
 * checked first (a bad field named by its path, e.g. bookings.institutions.0.resources.1.minMinutes),
 * then created or updated by code. A resource the file no longer lists is disabled, never
 * deleted (its bookings stay).
 */
@Injectable()
export class BookingsProvisioningStep implements TenantProvisioningStep, OnModuleInit {
  readonly name = 'bookings';

  constructor(
    private readonly steps: TenantProvisioningSteps,
    private readonly institutions: InstitutionsRepository,
    private readonly resources: ResourcesRepository,
    private readonly officeResources: OfficeResourcesRepository,
  ) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async check(setup: TenantSetup): Promise<FieldError[]> {
    if (setup.bookings === undefined) return [];
    return (await parseBookingsSetup(setup.bookings)).problems;
  }

  async apply(_manager: unknown, tenant: TenantEntity, setup: TenantSetup): Promise<void> {
    if (setup.bookings === undefined) return;
    const { spec, problems } = await parseBookingsSetup(setup.bookings);
    if (problems.length > 0) throw new Error(`bookings: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    const codes: string[] = [];
    for (const institution of spec.institutions) {
      const institutionId = await this.institutions.upsert({
        code: institution.code,
        name: institution.name,
        address: institution.address,
        contacts: { ...institution.contacts },
        managedBy: 'file',
      });
      for (const r of institution.resources) {
        codes.push(r.code);
        await this.resources.upsert({
          institutionId,
          code: r.code,
          kind: r.kind,
          name: r.name,
          description: r.description ?? {},
          capacity: r.capacity ?? null,
          areaM2: r.areaM2 ?? null,
          equipment: r.equipment ?? [],
          pricePerHour: r.pricePerHour ?? 0,
          currency: tenant.currency,
          bookableHours: r.bookableHours,
          slotMinutes: r.slotMinutes ?? 30,
          minMinutes: r.minMinutes,
          maxMinutes: r.maxMinutes,
          leadMinutes: r.leadMinutes ?? 0,
          needsApproval: r.needsApproval ?? false,
          cancellationNoticeMinutes: r.cancellationNoticeMinutes ?? 0,
          enabled: true,
          managedBy: 'file',
        });
      }
    }
    // Resources made in the office are not the file's to disable.
    await this.officeResources.disableFileManagedBut(codes);
  }
}

export async function parseBookingsSetup(plain: unknown): Promise<{ spec: BookingsSetupDto; problems: FieldError[] }> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain))
    return {
      spec: new BookingsSetupDto(),
      problems: [{ field: 'bookings', message: 'bookings must be a mapping with institutions' }],
    };
  const spec = plainToInstance(BookingsSetupDto, plain);
  const errors = await validate(spec, { whitelist: true, forbidNonWhitelisted: true });
  const problems = RequestValidationException.fromValidationErrors(errors, 'bookings').fieldErrors;
  const codes = new Set<string>();
  const institutionCodes = new Set<string>();
  (spec.institutions ?? []).forEach((institution, i) => {
    if (institutionCodes.has(institution.code))
      problems.push({ field: `bookings.institutions.${i}.code`, message: `${institution.code} is listed twice` });
    institutionCodes.add(institution.code);
    (institution.resources ?? []).forEach((r, j) => {
      const at = `bookings.institutions.${i}.resources.${j}`;
      if (codes.has(r.code)) problems.push({ field: `${at}.code`, message: `${r.code} is listed twice` });
      codes.add(r.code);
      if (typeof r.minMinutes === 'number' && typeof r.maxMinutes === 'number' && r.maxMinutes < r.minMinutes)
        problems.push({ field: `${at}.maxMinutes`, message: 'maxMinutes must not be less than minMinutes' });
      const slot = r.slotMinutes ?? 30;
      if (typeof r.minMinutes === 'number' && r.minMinutes % slot !== 0)
        problems.push({
          field: `${at}.minMinutes`,
          message: `minMinutes must be a whole number of slots (${slot} minutes)`,
        });
    });
  });
  return { spec, problems };
}
