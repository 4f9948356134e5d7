export * from './domain/data-access.entity.js';
export * from './persistence/data-access-log.js';
export * from './audit.module.js';

import { DataAccessEntity } from './domain/data-access.entity.js';
import { CreateDataAccessLog1764000900000 } from './persistence/migrations/1764000900000-CreateDataAccessLog.js';
export const auditMigrations = [CreateDataAccessLog1764000900000];
export const auditEntities = [DataAccessEntity];
