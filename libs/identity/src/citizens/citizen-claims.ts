import type { CitizenIdentity } from './citizens.repository.js';

const TARA_SUBJECT = /^([A-Z]{2})([0-9A-Za-z-]{6,20})$/;

/**
 * What a national eID's ID token says of a person, in Townhall's terms. Providers name the
 * personal code differently: an explicit claim (personal_code with its country), or, as
 * Estonia's TARA does, the subject itself prefixed with the country (EE38001085718).
 */
export function citizenFromClaims(claims: Record<string, unknown>): CitizenIdentity {
  const text = (key: string): string | null =>
    typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string).slice(0, 200) : null;
  const subject = text('sub') ?? '';
  let nationalId = text('personal_code');
  let nationalIdCountry = text('personal_code_country');
  const prefixed = TARA_SUBJECT.exec(subject);
  if (!nationalId && prefixed) [, nationalIdCountry, nationalId] = prefixed;
  const name = text('name') ?? '';
  const birthdate = text('birthdate');
  return {
    issuer: text('iss') ?? '',
    subject,
    nationalId,
    nationalIdCountry: nationalId ? nationalIdCountry : null,
    givenName: text('given_name') ?? name.split(' ')[0] ?? '',
    familyName: text('family_name') ?? name.split(' ').slice(1).join(' '),
    birthdate: birthdate && /^\d{4}-\d{2}-\d{2}$/.test(birthdate) ? birthdate : null,
  };
}
