export * from './domain/entitlement.entity.js';
export * from './domain/grant-window.js';
export * from './domain/proactive-offers.js';
export * from './persistence/entitlements.repository.js';
export * from './use-cases/grant-proactive-entitlements.use-case.js';
export * from './jobs/proactive-runs.js';
export * from './jobs/proactive-sweep.job.js';
export * from './http/dto/entitlement.response.dto.js';
export * from './entitlements.module.js';

import { EntitlementEntity } from './domain/entitlement.entity.js';
import { CreateEntitlements1764003730000 } from './persistence/migrations/1764003730000-CreateEntitlements.js';
export const entitlementsMigrations = [CreateEntitlements1764003730000];
export const entitlementsEntities = [EntitlementEntity];
