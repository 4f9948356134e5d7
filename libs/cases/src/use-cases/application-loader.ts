import { Injectable } from '@nestjs/common';
import { ServiceVersionsRepository, type ServiceTemplate } from '@townhall/catalogue';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';

/** An application with the service version it was made under. */
export interface LoadedApplication {
  application: ApplicationEntity;
  service: ServiceTemplate;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Loads an application inside the tenant transaction: for its applicant (another citizen's
 * is missing), or for the office. A malformed id, another tenant's and a missing one get the
 * same 404.
 */
@Injectable()
export class ApplicationLoader {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly versions: ServiceVersionsRepository,
  ) {}

  async forApplicant(id: string, applicantId: string): Promise<LoadedApplication> {
    const application = UUID.test(id) ? await this.applications.findOfApplicant(id, applicantId) : null;
    return this.withService(application);
  }

  async forOffice(id: string): Promise<LoadedApplication> {
    const application = UUID.test(id) ? await this.applications.findById(id) : null;
    // A draft is the citizen's own until submitted: the office does not see it.
    return this.withService(application?.stateKind === 'draft' ? null : application);
  }

  /** The service version an application (already read) was made under; versions are kept per process. */
  async serviceOf(application: ApplicationEntity): Promise<ServiceTemplate> {
    const version = await this.versions.find(application.serviceId, application.serviceVersion);
    if (!version) throw new CaseException('There is no such application.', CaseExceptionCode.ApplicationNotFound);
    return version.definition;
  }

  private async withService(application: ApplicationEntity | null): Promise<LoadedApplication> {
    if (!application) {
      throw new CaseException('There is no such application.', CaseExceptionCode.ApplicationNotFound);
    }
    return { application, service: await this.serviceOf(application) };
  }
}
