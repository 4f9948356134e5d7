export * from './domain/service.entity.js';
export * from './persistence/services.repository.js';
export * from './catalogue.module.js';

import { ServiceEntity } from './domain/service.entity.js';
import { CreateServices1764000100000 } from './persistence/migrations/1764000100000-CreateServices.js';
import { ServiceAssuranceLevel1764000700000 } from './persistence/migrations/1764000700000-ServiceAssuranceLevel.js';
export const catalogueMigrations = [CreateServices1764000100000, ServiceAssuranceLevel1764000700000];
export const catalogueEntities = [ServiceEntity];
