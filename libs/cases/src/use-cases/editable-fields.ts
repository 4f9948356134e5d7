import type { ApplicationEntity } from '../domain/application.entity.js';
import { registerGroupOf } from './register-items.js';

/**
 * The fields an applicant may change now: all in a draft, those asked for in a request for
 * information; never an answer a national register gave (verified at the start). A group
 * filled from a register's list is: the applicant chooses among its items and completes
 * them (what the register gave of each stays as it gave it: register-items.ts).
 */
export function editableFields(application: ApplicationEntity, fields: string[]): Set<string> {
  const verified = application.verified ?? {};
  return new Set(
    [...changeableFields(application, fields)].filter((f) => !(f in verified) || registerGroupOf(verified[f])),
  );
}

/** The fields the application lets the applicant at now, verified ones included (a step of only those still opens). */
export function changeableFields(application: ApplicationEntity, fields: string[]): Set<string> {
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
