import { fieldOf, objectAt, stringAt } from './answer-reader.js';

/** An address as the registers give it. */
export interface Address {
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** A municipality by its national code (EHAK, kuntanumero, kommunkod, EKATTE). */
export interface MunicipalityRef {
  code: string;
  name: string;
}

/** One line, as a form field or a letter shows it: "Tähe 87, 50107 Tartu". */
export function formatAddress(address: Address): string {
  return `${address.street}, ${address.postalCode} ${address.city}`;
}

export function readAddress(value: unknown, path: string): Address {
  const a = objectAt(value, path);
  return {
    street: stringAt(a.street, fieldOf(path, 'street')),
    postalCode: stringAt(a.postalCode, fieldOf(path, 'postalCode')),
    city: stringAt(a.city, fieldOf(path, 'city')),
    country: stringAt(a.country, fieldOf(path, 'country')),
  };
}

export function readMunicipality(value: unknown, path: string): MunicipalityRef {
  const m = objectAt(value, path);
  return { code: stringAt(m.code, fieldOf(path, 'code')), name: stringAt(m.name, fieldOf(path, 'name')) };
}
