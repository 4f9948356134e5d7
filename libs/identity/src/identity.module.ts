import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthAudit } from './audit/auth-audit.js';
import { AuthEventEntity, PlatformAuthEventEntity } from './audit/auth-event.entity.js';
import { CitizenEntity } from './citizens/citizen.entity.js';
import { CitizensRepository } from './citizens/citizens.repository.js';
import { LoginFlow } from './http/login-flow.js';
import { OfficeLoginController } from './http/office-login.controller.js';
import { PortalLoginController } from './http/portal-login.controller.js';
import { StaffAdminController } from './http/staff-admin.controller.js';
import { StaffAccessPolicy } from './staff/staff-access.policy.js';
import { StaffChangeEntity, StaffMemberEntity } from './staff/staff-member.entity.js';
import { StaffProvisioningStep } from './staff/staff-provisioning.step.js';
import { StaffRepository } from './staff/staff.repository.js';
import { OidcDiscovery } from './oidc/oidc-discovery.js';
import { OidcLogin } from './oidc/oidc-login.js';
import { SessionAccessPolicy } from './sessions/session-access.policy.js';
import { Sessions } from './sessions/sessions.js';
import { OperatorSessionsController } from './http/operator-sessions.controller.js';
import { CreateOperatorUseCase } from './operators/create-operator.use-case.js';
import { LoginAttempts } from './operators/login-attempts.js';
import { OperatorAccessPolicy } from './operators/operator-access.policy.js';
import { OperatorEntity } from './operators/operator.entity.js';
import { OperatorSessions } from './operators/operator-sessions.js';
import { OperatorsRepository } from './operators/operators.repository.js';

/** Operators' accounts (used by the CLI). */
@Module({
  imports: [TypeOrmModule.forFeature([OperatorEntity])],
  providers: [OperatorsRepository, CreateOperatorUseCase],
  exports: [OperatorsRepository, CreateOperatorUseCase],
})
export class OperatorsModule {}

/** For the admin app: operator login and the 'operator' access policy. */
@Module({
  imports: [OperatorsModule],
  controllers: [OperatorSessionsController],
  providers: [OperatorSessions, OperatorAccessPolicy, LoginAttempts],
})
export class OperatorAccessModule {}

/** Sessions, OpenID Connect login and its audit trail: what every app with logins has. */
@Module({
  imports: [TypeOrmModule.forFeature([AuthEventEntity, PlatformAuthEventEntity])],
  providers: [Sessions, OidcDiscovery, OidcLogin, AuthAudit, SessionAccessPolicy, LoginFlow],
  exports: [Sessions, OidcDiscovery, OidcLogin, AuthAudit, SessionAccessPolicy, LoginFlow],
})
export class LoginModule {}

/** A municipality's staff: for the office, and for provisioning (its first admins). */
@Module({
  imports: [TypeOrmModule.forFeature([StaffMemberEntity, StaffChangeEntity])],
  providers: [StaffRepository, StaffProvisioningStep],
  exports: [StaffRepository],
})
export class StaffModule {}

/** For the tenant host: officials and admins log in to the office; admins manage the staff. */
@Module({
  imports: [LoginModule, StaffModule],
  controllers: [OfficeLoginController, StaffAdminController],
  providers: [StaffAccessPolicy],
})
export class OfficeIdentityModule {}

/** For the tenant host: citizens log in to their municipality's portal with its national eID. */
@Module({
  imports: [LoginModule, TypeOrmModule.forFeature([CitizenEntity])],
  controllers: [PortalLoginController],
  providers: [CitizensRepository],
  exports: [CitizensRepository],
})
export class CitizenIdentityModule {}
