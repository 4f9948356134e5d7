import type { ApplicationEntity } from '../domain/application.entity.js';

/** The fields an applicant may change now: all in a draft, those asked for in a request for information. */
export function editableFields(application: ApplicationEntity, fields: string[]): Set<string> {
  if (application.stateKind === 'draft') return new Set(fields);
  if (
    application.stateKind === 'waiting-applicant' &&
    application.informationRequest &&
    !application.informationRequest.followUp
  ) {
    const asked = application.informationRequest.fields;
    return new Set(asked.length > 0 ? fields.filter((f) => asked.includes(f)) : fields);
  }
  return new Set();
}
