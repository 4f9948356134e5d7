export * from './operators/operator.entity.js';
export * from './operators/password-hasher.js';
export * from './operators/create-operator.use-case.js';
export * from './identity.module.js';

export * from './sessions/session.types.js';
export * from './sessions/sessions.js';
export * from './sessions/session-access.policy.js';
export * from './citizens/citizen.entity.js';
export * from './citizens/citizens.repository.js';
export * from './audit/auth-event.entity.js';
export * from './audit/auth-audit.js';
export * from './oidc/oidc-login.js';
export * from './representation/representation.js';
export * from './staff/staff-member.entity.js';
export * from './staff/staff.repository.js';

import { AuthEventEntity, PlatformAuthEventEntity } from './audit/auth-event.entity.js';
import { CitizenEntity } from './citizens/citizen.entity.js';
import { CreateCitizensAndAuthEvents1764000300000 } from './migrations/1764000300000-CreateCitizensAndAuthEvents.js';
import { CreateStaff1764000400000 } from './migrations/1764000400000-CreateStaff.js';
import { StaffChangeEntity, StaffMemberEntity } from './staff/staff-member.entity.js';
import { OperatorEntity } from './operators/operator.entity.js';
import { CreateOperators1764000200000 } from './operators/migrations/1764000200000-CreateOperators.js';
import { OperatorIdentities1764000500000 } from './operators/migrations/1764000500000-OperatorIdentities.js';
export const identityMigrations = [
  CreateOperators1764000200000,
  CreateCitizensAndAuthEvents1764000300000,
  CreateStaff1764000400000,
  OperatorIdentities1764000500000,
];
export const identityEntities = [
  OperatorEntity,
  CitizenEntity,
  AuthEventEntity,
  PlatformAuthEventEntity,
  StaffMemberEntity,
  StaffChangeEntity,
];
