import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@townhall/audit';
import { CatalogueModule } from '@townhall/catalogue';
import { DocumentsModule } from '@townhall/documents';
import { CitizenIdentityModule, CitizensRepository, LoginModule, StaffModule } from '@townhall/identity';
import { NotificationsModule } from '@townhall/notifications';
import { PaymentsModule } from '@townhall/payments';
import { QueueName } from '@townhall/platform';
import { RegistersModule } from '@townhall/registers';
import { TranslationsModule } from '@townhall/web';
import { ApplicationEventEntity } from './domain/application-event.entity.js';
import { ApplicationEntity } from './domain/application.entity.js';
import { ApplicationFileEntity } from './domain/attachment.entity.js';
import { ReferenceCounterEntity } from './domain/reference-counter.entity.js';
import { CaseDeadlineJob } from './jobs/case-deadline.job.js';
import { CaseDeadlineScheduler } from './jobs/case-deadline.scheduler.js';
import { CaseDeadlineSweeper } from './jobs/case-deadline.sweeper.js';
import { ApplicationsApiController } from './http/applications-api.controller.js';
import { SubmissionLimit } from './http/submission-limit.js';
import { OfficeApplicationsApiController } from './http/office-applications-api.controller.js';
import { OfficeCasesController } from './http/office-cases.controller.js';
import { PortalApplicationsController } from './http/portal-applications.controller.js';
import { ApplicationEventsRepository } from './persistence/application-events.repository.js';
import { ApplicationFilesRepository } from './persistence/application-files.repository.js';
import { ApplicationsRepository } from './persistence/applications.repository.js';
import { ReferenceNumbers } from './persistence/reference-numbers.js';
import { FollowUpEntity } from './domain/follow-up.entity.js';
import { FollowUpsRepository } from './persistence/follow-ups.repository.js';
import { FormTargets } from './use-cases/form-target.js';
import { SubmitFollowUpUseCase } from './use-cases/submit-follow-up.use-case.js';
import { AddNoteUseCase } from './use-cases/add-note.use-case.js';
import { ApplicationLoader } from './use-cases/application-loader.js';
import { AssignCaseUseCase } from './use-cases/assign-case.use-case.js';
import { AttachFilesUseCase } from './use-cases/attach-files.use-case.js';
import { CaseNotifications } from './use-cases/case-notifications.js';
import { IssueDecision } from './use-cases/issue-decision.js';
import { ProvideInformationUseCase } from './use-cases/provide-information.use-case.js';
import { RegisterPrefill } from './use-cases/register-prefill.js';
import { SaveAnswersUseCase } from './use-cases/save-answers.use-case.js';
import { StartApplicationUseCase } from './use-cases/start-application.use-case.js';
import { SubmitApplicationUseCase } from './use-cases/submit-application.use-case.js';
import { TakeTransitionUseCase } from './use-cases/take-transition.use-case.js';
import { WithdrawApplicationUseCase } from './use-cases/withdraw-application.use-case.js';
import { PermitEntity } from './domain/permit.entity.js';
import { PermitCodes } from './domain/permit-codes.js';
import { PermitVerificationController } from './http/permit-verification.controller.js';
import { PermitsRepository } from './persistence/permits.repository.js';
import { ApplicationFeePurpose } from './use-cases/application-fee-purpose.js';
import { ApplicationFees, PayApplicationFeeUseCase } from './use-cases/application-fees.js';
import { IssuePermit } from './use-cases/issue-permit.js';
import { RevokePermitUseCase } from './use-cases/revoke-permit.use-case.js';

const useCases = [
  ApplicationLoader,
  StartApplicationUseCase,
  SaveAnswersUseCase,
  AttachFilesUseCase,
  SubmitApplicationUseCase,
  TakeTransitionUseCase,
  ProvideInformationUseCase,
  WithdrawApplicationUseCase,
  AssignCaseUseCase,
  AddNoteUseCase,
  IssueDecision,
  SubmitFollowUpUseCase,
  CaseNotifications,
  ApplicationFees,
  PayApplicationFeeUseCase,
  IssuePermit,
  RevokePermitUseCase,
];

/** Applications and their cases: the data and the use cases (the worker needs them too). */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ApplicationEntity,
      ApplicationEventEntity,
      ApplicationFileEntity,
      ReferenceCounterEntity,
      FollowUpEntity,
      PermitEntity,
    ]),
    CatalogueModule,
    AuditModule,
    DocumentsModule,
    StaffModule,
    TranslationsModule,
    NotificationsModule,
    RegistersModule,
    // Fees: payments asked for applications, and what cases hear of them (ApplicationFeePurpose).
    PaymentsModule,
    BullModule.registerQueue({ name: QueueName.Cases }),
  ],
  providers: [
    ApplicationsRepository,
    // The applicant's national id, for the registers (no login pages: the worker has this module too).
    CitizensRepository,
    RegisterPrefill,
    ApplicationEventsRepository,
    ApplicationFilesRepository,
    ReferenceNumbers,
    FollowUpsRepository,
    FormTargets,
    CaseDeadlineScheduler,
    PermitsRepository,
    PermitCodes,
    ApplicationFeePurpose,
    ...useCases,
  ],
  exports: [
    ApplicationsRepository,
    ApplicationEventsRepository,
    ApplicationFilesRepository,
    FollowUpsRepository,
    FormTargets,
    CaseDeadlineScheduler,
    PermitsRepository,
    PermitCodes,
    ...useCases,
  ],
})
export class CasesModule {}

/** For the worker: the deadline jobs of cases and the sweep that queues lost ones. */
@Module({
  imports: [CasesModule],
  providers: [CaseDeadlineJob, CaseDeadlineSweeper],
  exports: [CaseDeadlineSweeper],
})
export class CasesJobsModule {}

/** The portal's and the office's pages and JSON of applications, on the tenant host. */
@Module({
  imports: [
    CasesModule,
    CatalogueModule,
    AuditModule,
    DocumentsModule,
    StaffModule,
    LoginModule,
    CitizenIdentityModule,
  ],
  controllers: [
    PortalApplicationsController,
    OfficeCasesController,
    ApplicationsApiController,
    OfficeApplicationsApiController,
    PermitVerificationController,
  ],
  providers: [SubmissionLimit],
})
export class CasesHttpModule {}
