import { Injectable } from '@nestjs/common';
import {
  ServicesRepository,
  ServiceVersionsRepository,
  type ServiceCustomisation,
  type ServiceTemplate,
} from '@townhall/catalogue';
import type { Representation } from '@townhall/identity';
import { TenantDatabase, type Locale } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';

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
 * applicant (the organisation they act for); register prefill comes with the registers.
 */
@Injectable()
export class StartApplicationUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly services: ServicesRepository,
    private readonly versions: ServiceVersionsRepository,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
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

  async execute(input: StartApplication): Promise<ApplicationEntity> {
    const { serviceId, version, definition, department } = await this.published(input.serviceCode);
    checkApplicant(definition, input.organisation);
    return this.tenantDb.run(async () => {
      const application = await this.applications.insert({
        serviceId,
        serviceVersion: version,
        serviceCode: definition.code,
        applicantId: input.applicant.id,
        organisation: input.organisation,
        state: 'draft',
        stateKind: 'draft',
        answers: { ...prefill(definition, input.organisation), ...input.answers },
        idempotencyKey: input.idempotencyKey ?? null,
        locale: input.locale,
        department,
      });
      await this.events.append(application.id, input.applicant, { kind: 'started' });
      return application;
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
