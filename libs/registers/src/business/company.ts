import { arrayAt, fieldOf, objectAt, oneOfAt, stringAt } from '../domain/answer-reader.js';

/** Someone the business register lists as entitled to act for a company. */
export interface CompanyRepresentative {
  country: string;
  personalCode: string;
  name: string;
  role: 'board-member' | 'procurator';
}

/** A company as the business register holds it. */
export interface Company {
  registryCode: string;
  country: string;
  name: string;
  status: 'registered' | 'liquidated';
  representatives: CompanyRepresentative[];
}

/** A company a person may represent (what a citizen may act for). */
export interface CompanyRepresentation {
  registryCode: string;
  country: string;
  name: string;
}

function readRepresentative(value: unknown, path: string): CompanyRepresentative {
  const r = objectAt(value, path);
  return {
    country: stringAt(r.country, fieldOf(path, 'country')),
    personalCode: stringAt(r.personalCode, fieldOf(path, 'personalCode')),
    name: stringAt(r.name, fieldOf(path, 'name')),
    role: oneOfAt(r.role, fieldOf(path, 'role'), ['board-member', 'procurator'] as const),
  };
}

export function readCompany(value: unknown): Company {
  const c = objectAt(value, '');
  return {
    registryCode: stringAt(c.registryCode, 'registryCode'),
    country: stringAt(c.country, 'country'),
    name: stringAt(c.name, 'name'),
    status: oneOfAt(c.status, 'status', ['registered', 'liquidated'] as const),
    representatives: arrayAt(c.representatives, 'representatives', readRepresentative),
  };
}

/** The representations answer; `country` defaults to the person's when the register leaves it out. */
export function readRepresentations(value: unknown, country: string): CompanyRepresentation[] {
  return arrayAt(objectAt(value, '').companies, 'companies', (item, path) => {
    const c = objectAt(item, path);
    return {
      registryCode: stringAt(c.registryCode, fieldOf(path, 'registryCode')),
      country: c.country === undefined ? country : stringAt(c.country, fieldOf(path, 'country')),
      name: stringAt(c.name, fieldOf(path, 'name')),
    };
  });
}
