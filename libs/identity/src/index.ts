export * from './operators/operator.entity.js';
export * from './operators/password-hasher.js';
export * from './operators/create-operator.use-case.js';
export * from './identity.module.js';

import { OperatorEntity } from './operators/operator.entity.js';
import { CreateOperators1764000200000 } from './operators/migrations/1764000200000-CreateOperators.js';
export const identityMigrations = [CreateOperators1764000200000];
export const identityEntities = [OperatorEntity];
