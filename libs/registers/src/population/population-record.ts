import { type Address, type MunicipalityRef, readAddress, readMunicipality } from '../domain/address.js';
import { arrayAt, dateAt, fieldOf, objectAt, stringAt } from '../domain/answer-reader.js';

/** A minor in a person's custody, as the population register lists them. */
export interface ChildRecord {
  country: string;
  personalCode: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
}

/** A person as the population register holds them. */
export interface PopulationRecord extends ChildRecord {
  address: Address;
  /** Where the person is registered as living. */
  residenceMunicipality: MunicipalityRef;
  /** The minors in the person's custody. */
  children: ChildRecord[];
}

/** What a look-up of a person reads, as the citizen is told it. */
export const PERSON_ATTRIBUTES = 'name, date of birth, address, residence municipality, minor children';

/** The person's age in whole years on a day (default today, UTC). */
export function ageOn(dateOfBirth: string, day: Date = new Date()): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const beforeBirthday = day.getUTCMonth() + 1 < m || (day.getUTCMonth() + 1 === m && day.getUTCDate() < d);
  return day.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

function readChild(value: unknown, path: string): ChildRecord {
  const c = objectAt(value, path);
  return {
    country: stringAt(c.country, fieldOf(path, 'country')),
    personalCode: stringAt(c.personalCode, fieldOf(path, 'personalCode')),
    givenName: stringAt(c.givenName, fieldOf(path, 'givenName')),
    familyName: stringAt(c.familyName, fieldOf(path, 'familyName')),
    dateOfBirth: dateAt(c.dateOfBirth, fieldOf(path, 'dateOfBirth')),
  };
}

export function readPerson(value: unknown, path = ''): PopulationRecord {
  const p = objectAt(value, path);
  return {
    ...readChild(p, path),
    address: readAddress(p.address, fieldOf(path, 'address')),
    residenceMunicipality: readMunicipality(p.residenceMunicipality, fieldOf(path, 'residenceMunicipality')),
    children: arrayAt(p.children, fieldOf(path, 'children'), readChild),
  };
}

export function readPersons(value: unknown): PopulationRecord[] {
  return arrayAt(objectAt(value, '').persons, 'persons', readPerson);
}
