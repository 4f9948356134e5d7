import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ServicesRepository,
  ServiceVersionsRepository,
  type ServiceCustomisation,
  type ServiceTemplate,
} from '@townhall/catalogue';
import type { Representation } from '@townhall/identity';
import { TenantDatabase, type Locale } from '@townhall/tenancy';
import { Translations, type PageLocale } from '@townhall/web';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { checkRegisterItems, withRegisterAnswers } from './register-items.js';
import { RegisterPrefill, type RegisterPrefillResult } from './register-prefill.js';

/** A service as it is published now: what a new application pins. */
export interface PublishedService {
  serviceId: string;
  version: number;
  definition: ServiceTemplate;
  department: string | null;
}

export interface StartApplication {
  serviceCode: string;
  applicant: Extract<CaseActor, { kind: 'citizen' }>;
  organisation: Representation | null;
  locale: Locale;
  /** Answers given at once (the JSON API), over the prefilled ones. */
  answers?: Record<string, unknown>;
  /** The client's key of a submission (Idempotency-Key). */
  idempotencyKey?: string;
}

/**
 * Starts a draft from the service's published version, which the application keeps: a
 * later version changes nothing for it. Prefilled with what Townhall knows of the
 * applicant (the organisation they act for) and with what the national registers hold
 * (the template's `prefill`): those answers are verified, and the applicant cannot change
 * them; a register that does not answer leaves its fields to the applicant, marked unverified.
 */
@Injectable()
export class StartApplicationUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly services: ServicesRepository,
    private readonly versions: ServiceVersionsRepository,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly registers: RegisterPrefill,
    private readonly translations: Translations,
  ) {}

  /** The service as it is published now, to check the level before starting. */
  async published(serviceCode: string): Promise<PublishedService> {
    // Both are usually kept by this process: then no transaction at all.
    const keptService = this.services.keptPublishedVersionOf(serviceCode);
    const keptVersion = keptService ? this.versions.kept(keptService.id, keptService.publishedVersion) : undefined;
    const { service, version } = keptVersion
      ? { service: keptService, version: keptVersion }
      : await this.tenantDb.read(async () => {
          const service = await this.services.publishedVersionOf(serviceCode);
          return { service, version: service ? await this.versions.find(service.id, service.publishedVersion) : null };
        });
    if (!service || !version || version.definition.kind === 'proactive') {
      throw new CaseException('There is no such service to apply for here.', CaseExceptionCode.ServiceNotAvailable);
    }
    const department = (version.customisation as ServiceCustomisation).department ?? null;
    return { serviceId: service.id, version: version.version, definition: version.definition, department };
  }

  /**
   * @param asked what the registers gave, when the caller asked them already (before its
   *   transaction), with the id the application is to have.
   */
  async execute(
    input: StartApplication,
    asked?: { id: string; registered: RegisterPrefillResult },
  ): Promise<ApplicationEntity> {
    const { serviceId, version, definition, department } = await this.published(input.serviceCode);
    checkApplicant(definition, input.organisation);
    const id = asked?.id ?? randomUUID();
    const registered = asked?.registered ?? (await this.fromRegisters(definition, input, id));
    // What a register gave wins: the applicant cannot change a verified answer, at the start neither.
    const answers = withRegisterAnswers({ ...prefill(definition, input.organisation), ...input.answers }, registered);
    checkRegisterItems(registered.verified, answers);
    return this.tenantDb.run(async () => {
      const application = await this.applications.insert({
        id,
        serviceId,
        serviceVersion: version,
        serviceCode: definition.code,
        applicantId: input.applicant.id,
        organisation: input.organisation,
        state: 'draft',
        stateKind: 'draft',
        answers,
        verified: registered.verified,
        unverified: registered.unverified,
        idempotencyKey: input.idempotencyKey ?? null,
        locale: input.locale,
        department,
      });
      await this.events.append(application.id, input.applicant, { kind: 'started' });
      return application;
    });
  }

  /**
   * What the national registers give the application that will have the id (asked before
   * any transaction is open: the look-ups are HTTP, each written to the data-access log).
   */
  fromRegisters(
    definition: ServiceTemplate,
    input: StartApplication,
    applicationId: string,
  ): Promise<RegisterPrefillResult> {
    return this.registers.fill({
      definition,
      applicantId: input.applicant.id,
      organisation: input.organisation,
      applicationId,
      // Worded only when a register is asked.
      reason: () =>
        this.translations.t(input.locale as PageLocale)('cases.prefill.reason', {
          service: definition.texts.title[input.locale],
        }),
    });
  }
}

/** A person applies for a service for persons, an organisation's representative for one for organisations. */
export function checkApplicant(definition: ServiceTemplate, organisation: Representation | null): void {
  const as = organisation ? 'organisation' : 'person';
  if (!definition.applicants.includes(as)) {
    throw new CaseException(
      as === 'organisation'
        ? 'This service is for private persons: stop acting for the organisation to apply.'
        : 'This service is for organisations: choose the organisation you act for, then apply.',
      CaseExceptionCode.ApplicantNotAllowed,
    );
  }
}

/** What the form can be given from the applicant's login: the organisation they act for. */
export function prefill(definition: ServiceTemplate, organisation: Representation | null): Record<string, unknown> {
  const fields = definition.form.schema.properties;
  const answers: Record<string, unknown> = {};
  if (organisation) {
    if (fields.applicantType) answers.applicantType = 'organisation';
    if (fields.organisationName) answers.organisationName = organisation.name;
    if (fields.registryCode) answers.registryCode = organisation.registryCode;
  }
  return answers;
}
