import { type Address, type MunicipalityRef, readAddress, readMunicipality } from '../domain/address.js';
import { arrayAt, fieldOf, numberAt, objectAt, oneOfAt, stringAt } from '../domain/answer-reader.js';

export const PROPERTY_PURPOSES = ['residential', 'commercial', 'industrial', 'forest', 'agricultural'] as const;
export type PropertyPurpose = (typeof PROPERTY_PURPOSES)[number];

/** An owner of a cadastral unit: a person (personal code) or a company (registry code). */
export interface PropertyOwner {
  kind: 'person' | 'company';
  country: string;
  code: string;
  name: string;
  /** The owner's share as a fraction: "1/1", "1/2". */
  share: string;
}

/** A cadastral unit as the property register holds it. */
export interface PropertyUnit {
  cadastralId: string;
  address: Address;
  municipality: MunicipalityRef;
  areaM2: number;
  purpose: PropertyPurpose;
  owners: PropertyOwner[];
}

/** What a look-up of a unit reads, as the citizen is told it. */
export const UNIT_ATTRIBUTES = 'address, area, purpose and owners';

function readOwner(value: unknown, path: string): PropertyOwner {
  const o = objectAt(value, path);
  return {
    kind: oneOfAt(o.kind, fieldOf(path, 'kind'), ['person', 'company'] as const),
    country: stringAt(o.country, fieldOf(path, 'country')),
    code: stringAt(o.code, fieldOf(path, 'code')),
    name: stringAt(o.name, fieldOf(path, 'name')),
    share: stringAt(o.share, fieldOf(path, 'share')),
  };
}

export function readUnit(value: unknown, path = ''): PropertyUnit {
  const u = objectAt(value, path);
  return {
    cadastralId: stringAt(u.cadastralId, fieldOf(path, 'cadastralId')),
    address: readAddress(u.address, fieldOf(path, 'address')),
    municipality: readMunicipality(u.municipality, fieldOf(path, 'municipality')),
    areaM2: numberAt(u.areaM2, fieldOf(path, 'areaM2')),
    purpose: oneOfAt(u.purpose, fieldOf(path, 'purpose'), PROPERTY_PURPOSES),
    owners: arrayAt(u.owners, fieldOf(path, 'owners'), readOwner),
  };
}

export function readUnits(value: unknown): PropertyUnit[] {
  return arrayAt(objectAt(value, '').units, 'units', readUnit);
}
