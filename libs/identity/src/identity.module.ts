import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegistersModule } from '@townhall/registers';
import { AuthAudit } from './audit/auth-audit.js';
import { AuthEventEntity, PlatformAuthEventEntity } from './audit/auth-event.entity.js';
import { CitizenEntity } from './citizens/citizen.entity.js';
import { CitizensRepository } from './citizens/citizens.repository.js';
import { LoginFlow } from './http/login-flow.js';
import { OfficeLoginController } from './http/office-login.controller.js';
import { PortalLoginController } from './http/portal-login.controller.js';
import { RepresentationController } from './http/representation.controller.js';
import { RepresentationService } from './representation/representation.js';
import { StaffAdminController } from './http/staff-admin.controller.js';
import { StaffAccessPolicy } from './staff/staff-access.policy.js';
import { StaffChangeEntity, StaffMemberEntity } from './staff/staff-member.entity.js';
import { StaffProvisioningStep } from './staff/staff-provisioning.step.js';
import { StaffRepository } from './staff/staff.repository.js';
import { OidcDiscovery } from './oidc/oidc-discovery.js';
import { OidcLogin, PLATFORM_PROVIDER, type PlatformProviderSettings } from './oidc/oidc-login.js';
import { OperatorLoginController } from './http/operator-login.controller.js';
import { SessionAccessPolicy } from './sessions/session-access.policy.js';
import { Sessions } from './sessions/sessions.js';
import { OperatorSessionsController } from './http/operator-sessions.controller.js';
import { CreateOperatorUseCase } from './operators/create-operator.use-case.js';
import { LoginAttempts } from './operators/login-attempts.js';
import { OPERATOR_PASSWORD_LOGIN, OperatorAccessPolicy } from './operators/operator-access.policy.js';
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

export interface OperatorAccessOptions {
  /** The platform's provider, through which operators log in. */
  provider: PlatformProviderSettings;
  /** Whether the CLI-made accounts may still log in with a password (bootstrap fallback). */
  passwordLogin: boolean;
}

/** For the admin app: operators' login (the platform's provider; passwords as a fallback) and the 'operator' policy. */
@Module({})
export class OperatorAccessModule {
  static forApp(options: OperatorAccessOptions): DynamicModule {
    return {
      module: OperatorAccessModule,
      // Global: the login module's OidcLogin finds the platform's provider here.
      global: true,
      imports: [OperatorsModule, LoginModule],
      controllers: [OperatorSessionsController, OperatorLoginController],
      providers: [
        OperatorSessions,
        OperatorAccessPolicy,
        LoginAttempts,
        { provide: PLATFORM_PROVIDER, useValue: options.provider },
        { provide: OPERATOR_PASSWORD_LOGIN, useValue: options.passwordLogin },
      ],
      exports: [PLATFORM_PROVIDER],
    };
  }
}

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
  imports: [LoginModule, TypeOrmModule.forFeature([CitizenEntity]), RegistersModule],
  controllers: [PortalLoginController, RepresentationController],
  providers: [CitizensRepository, RepresentationService],
  exports: [CitizensRepository],
})
export class CitizenIdentityModule {}
