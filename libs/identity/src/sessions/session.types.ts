/** Each app area has its own session and cookie: being a citizen does not make one an official. */
export type SessionRealm = 'portal' | 'office' | 'admin';

import { ASSURANCE_LEVELS, type AssuranceLevel } from '@townhall/tenancy';

export { ASSURANCE_LEVELS, type AssuranceLevel };

export function isAssuranceLevel(value: unknown): value is AssuranceLevel {
  return (ASSURANCE_LEVELS as readonly unknown[]).includes(value);
}

/** Whether `held` is at least `required`. */
export function meetsLevel(held: AssuranceLevel, required: AssuranceLevel): boolean {
  return ASSURANCE_LEVELS.indexOf(held) >= ASSURANCE_LEVELS.indexOf(required);
}

/** Who is logged in to a session. */
export interface Principal {
  kind: 'citizen' | 'staff' | 'operator';
  /** The person's id in Townhall (citizens, staff_members or operators). */
  id: string;
  issuer: string;
  subject: string;
  name: string;
  acr: AssuranceLevel;
  authenticatedAt: number;
  /** Sent back to the provider at logout (id_token_hint), so it ends its own session too. */
  idToken: string;
  /** A citizen's national identifier, for register look-ups (business register…). */
  nationalId?: { country: string; code: string };
}

/** The organisation a citizen acts for, as the business register lists them its representative. */
export interface Representation {
  registryCode: string;
  country: string;
  name: string;
}

/** A login that left for the provider and has not come back yet. */
export interface PendingLogin {
  /** The `state` sent to the provider. */
  handle: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after login: a path of this app. */
  returnTo: string;
  acr: AssuranceLevel;
  startedAt: number;
}
