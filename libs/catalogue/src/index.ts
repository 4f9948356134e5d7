export * from './domain/service.entity.js';
export * from './persistence/services.repository.js';
export * from './catalogue.module.js';

import { ServiceEntity } from './domain/service.entity.js';
import { CreateServices1764000100000 } from './persistence/migrations/1764000100000-CreateServices.js';
export const catalogueMigrations = [CreateServices1764000100000];
export const catalogueEntities = [ServiceEntity];
