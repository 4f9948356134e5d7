export * from './domain/application.entity.js';
export * from './domain/application-event.entity.js';
export * from './domain/attachment.entity.js';
export * from './domain/case.exception.js';
export * from './domain/workflow.js';
export * from './domain/working-days.js';
export * from './persistence/applications.repository.js';
export * from './persistence/reference-numbers.js';
export * from './use-cases/start-application.use-case.js';
export * from './use-cases/register-prefill.js';
export * from './use-cases/save-answers.use-case.js';
export * from './use-cases/submit-application.use-case.js';
export * from './use-cases/take-transition.use-case.js';
export * from './cases.module.js';
export * from './jobs/case-deadlines.js';
export * from './jobs/case-deadline.sweeper.js';
export * from './domain/permit.entity.js';
export * from './domain/permits.js';
export * from './domain/permit-codes.js';
export * from './use-cases/application-fees.js';
export * from './use-cases/application-fee-purpose.js';

import { ApplicationEventEntity } from './domain/application-event.entity.js';
import { ApplicationEntity } from './domain/application.entity.js';
import { ApplicationFileEntity } from './domain/attachment.entity.js';
import { ReferenceCounterEntity } from './domain/reference-counter.entity.js';
import { CreateApplications1764001000000 } from './persistence/migrations/1764001000000-CreateApplications.js';
import { CaseDeadlineMarks1764001200000 } from './persistence/migrations/1764001200000-CaseDeadlineMarks.js';
import { CreateFollowUps1764001300000 } from './persistence/migrations/1764001300000-CreateFollowUps.js';
import { CaseNextTimedWork1764001400000 } from './persistence/migrations/1764001400000-CaseNextTimedWork.js';
import { RegisterVerifiedAnswers1764002600000 } from './persistence/migrations/1764002600000-RegisterVerifiedAnswers.js';
import { ApplicationsFeedIndex1764003100000 } from './persistence/migrations/1764003100000-ApplicationsFeedIndex.js';
import { ApplicationsChangeXid1764004100000 } from './persistence/migrations/1764004100000-ApplicationsChangeXid.js';
import { FollowUpEntity } from './domain/follow-up.entity.js';
import { PermitEntity } from './domain/permit.entity.js';
import { CreatePermits1764004200000 } from './persistence/migrations/1764004200000-CreatePermits.js';
import { CasesTimedWorkDueTenants1764004930000 } from './persistence/migrations/1764004930000-CasesTimedWorkDueTenants.js';
export const casesMigrations = [
  CreateApplications1764001000000,
  CaseDeadlineMarks1764001200000,
  CreateFollowUps1764001300000,
  CaseNextTimedWork1764001400000,
  RegisterVerifiedAnswers1764002600000,
  ApplicationsFeedIndex1764003100000,
  ApplicationsChangeXid1764004100000,
  CreatePermits1764004200000,
  CasesTimedWorkDueTenants1764004930000,
];
export const casesEntities = [
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationFileEntity,
  ReferenceCounterEntity,
  FollowUpEntity,
  PermitEntity,
];
