import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { FieldError } from '@townhall/platform';
import {
  TenantProvisioningSteps,
  type InitialService,
  type Locale,
  type TenantEntity,
  type TenantProvisioningStep,
  type TenantSetup,
} from '@townhall/tenancy';
import { canonicalJson } from '../customisation/canonical-json.js';
import { customise } from '../customisation/customise-service.js';
import { ServiceTemplatesRepository } from '../persistence/service-templates.repository.js';
import { ServicesRepository } from '../persistence/services.repository.js';
import { PublishServiceUseCase } from '../use-cases/publish-service.use-case.js';

/**
 * Provisioning offers the services a municipality's setup lists: each a template version
 * with the municipality's customisation, published as the service's first version. Applied
 * again, a service is republished only when its entry in the setup changed, so changes made
 * since in the office stand until the file says otherwise. A service no longer listed is
 * disabled, never deleted.
 */
@Injectable()
export class CatalogueProvisioningStep implements TenantProvisioningStep, OnModuleInit {
  readonly name = 'catalogue';

  constructor(
    private readonly steps: TenantProvisioningSteps,
    private readonly templates: ServiceTemplatesRepository,
    private readonly services: ServicesRepository,
    private readonly publish: PublishServiceUseCase,
  ) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async check(setup: TenantSetup, tenant: { defaultLocale: Locale }): Promise<FieldError[]> {
    const entries = setup.services ?? [];
    if (entries.length === 0) return [];
    const problems: FieldError[] = [];
    for (const [i, entry] of entries.entries()) {
      const template = await this.templates.get(entry.template, entry.templateVersion);
      if (!template) {
        const known = [...(await this.templates.all()).keys()].join(', ');
        problems.push({
          field: `services.${i}.${entry.templateVersion ? 'templateVersion' : 'template'}`,
          message: entry.templateVersion
            ? `${entry.template} has no version ${entry.templateVersion}`
            : `there is no template ${entry.template} (there are: ${known})`,
        });
        continue;
      }
      for (const p of customise(template, entry.customisation ?? {}, tenant.defaultLocale).problems) {
        problems.push({ field: `services.${i}.customisation.${p.path}`, message: p.message });
      }
    }
    return problems;
  }

  async apply(_manager: unknown, tenant: TenantEntity, setup: TenantSetup): Promise<void> {
    const entries = setup.services ?? [];
    if (entries.length > 0) await this.templates.publishFromFiles();
    for (const [position, entry] of entries.entries()) {
      const fileHash = hashOf(entry);
      let service = await this.services.findByCode(entry.template);
      const templateVersion = entry.templateVersion ?? (await this.templates.latestVersion(entry.template));
      const template = await this.templates.get(entry.template, templateVersion);
      if (!template)
        throw new Error(`services.${position}: there is no template ${entry.template} v${templateVersion}`);
      if (!service) {
        service = await this.services.create({
          code: template.code,
          category: template.category,
          title: template.texts.title,
          summary: template.texts.summary,
          assuranceLevel: template.assuranceLevel,
          templateVersion: template.version,
          customisation: entry.customisation ?? {},
          position,
          fileHash,
        });
      } else if (service.fileHash !== fileHash) {
        service.templateVersion = template.version;
        service.customisation = entry.customisation ?? {};
        await this.services.saveDraft(service.id, {
          templateVersion: template.version,
          customisation: service.customisation,
          fileHash,
        });
      } else {
        // The file's entry is as it was: what the office changed since stands, and nothing is written.
        const enabled = entry.enabled ?? service.enabled;
        if (enabled !== service.enabled || position !== service.position) {
          await this.services.setEnabled(service.id, enabled, { position });
        }
        continue;
      }
      await this.publish.execute(service, `file:tenants/${tenant.slug}/tenant.yaml`, tenant.defaultLocale);
      await this.services.setEnabled(service.id, entry.enabled ?? true, { position });
    }
    await this.services.disableAllBut(entries.map((e) => e.template));
  }
}

/** The same entry gives the same hash, whatever the order of its keys (jsonb reorders them). */
function hashOf(entry: InitialService): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('base64url');
}
