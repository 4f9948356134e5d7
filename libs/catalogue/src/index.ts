export * from './domain/service.entity.js';
export * from './domain/service-template.entity.js';
export * from './domain/service-version.entity.js';
export * from './templates/service-template.js';
export * from './templates/check-service-template.js';
export * from './templates/check-prefill.js';
export * from './templates/service-template.library.js';
export * from './customisation/service-customisation.js';
export * from './customisation/customise-service.js';
export * from './persistence/services.repository.js';
export * from './persistence/service-templates.repository.js';
export * from './persistence/service-versions.repository.js';
export * from './use-cases/publish-service.use-case.js';
export * from './catalogue.module.js';

import { ServiceEntity } from './domain/service.entity.js';
import { ServiceTemplateEntity } from './domain/service-template.entity.js';
import { ServiceVersionEntity } from './domain/service-version.entity.js';
import { CreateServices1764000100000 } from './persistence/migrations/1764000100000-CreateServices.js';
import { ServiceAssuranceLevel1764000700000 } from './persistence/migrations/1764000700000-ServiceAssuranceLevel.js';
import { ServiceTemplatesAndVersions1764000800000 } from './persistence/migrations/1764000800000-ServiceTemplatesAndVersions.js';
import { ServiceDefinitionsKeepOrder1764001100000 } from './persistence/migrations/1764001100000-ServiceDefinitionsKeepOrder.js';
export const catalogueMigrations = [
  CreateServices1764000100000,
  ServiceAssuranceLevel1764000700000,
  ServiceTemplatesAndVersions1764000800000,
  ServiceDefinitionsKeepOrder1764001100000,
];
export const catalogueEntities = [ServiceEntity, ServiceTemplateEntity, ServiceVersionEntity];
