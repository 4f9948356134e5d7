import { Injectable } from '@nestjs/common';
import type { Locale } from '@townhall/tenancy';
import { CatalogueException, CatalogueExceptionCode } from '../domain/catalogue.exception.js';
import type { ServiceEntity } from '../domain/service.entity.js';
import { customise } from '../customisation/customise-service.js';
import { ServiceTemplatesRepository } from '../persistence/service-templates.repository.js';
import { ServiceVersionsRepository } from '../persistence/service-versions.repository.js';
import { ServicesRepository } from '../persistence/services.repository.js';
import type { ServiceTemplate } from '../templates/service-template.js';

/**
 * Makes a service's draft what citizens get: the template version it adopted with its
 * customisation applied, checked, written as a new immutable version; the catalogue row
 * takes the version's title, summary, category, level and search words. Runs inside the
 * caller's tenant transaction. Applications started before keep the version they pinned.
 */
@Injectable()
export class PublishServiceUseCase {
  constructor(
    private readonly templates: ServiceTemplatesRepository,
    private readonly services: ServicesRepository,
    private readonly versions: ServiceVersionsRepository,
  ) {}

  /** The service the draft would make, with the problems that stop it (for previews). */
  async draft(
    service: ServiceEntity,
    defaultLocale: Locale,
  ): Promise<{ definition: ServiceTemplate; problems: { field: string; message: string }[] }> {
    const template = await this.templates.get(service.code, service.templateVersion ?? undefined);
    if (!template) {
      throw new CatalogueException(
        `There is no template ${service.code} v${service.templateVersion ?? '?'}.`,
        CatalogueExceptionCode.TemplateNotFound,
      );
    }
    const { definition, problems } = customise(template, service.customisation, defaultLocale);
    return { definition, problems: problems.map((p) => ({ field: p.path, message: p.message })) };
  }

  /** `defaultLocale`: the municipality's, which fills the languages its own texts lack. */
  async execute(service: ServiceEntity, publishedBy: string, defaultLocale: Locale): Promise<number> {
    const { definition, problems } = await this.draft(service, defaultLocale);
    if (problems.length > 0) {
      throw new CatalogueException(
        `The customisation of ${service.code} cannot be published: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        CatalogueExceptionCode.InvalidCustomisation,
        problems,
      );
    }
    const version = (await this.versions.latestNumber(service.id)) + 1;
    await this.versions.add({
      serviceId: service.id,
      version,
      templateCode: definition.code,
      templateVersion: definition.version,
      customisation: service.customisation,
      definition,
      publishedBy,
    });
    await this.services.markPublished(service.id, version, definition);
    return version;
  }
}
