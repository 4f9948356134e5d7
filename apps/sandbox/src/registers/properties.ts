import { CITIZENS } from '../identity/personas.js';
import { initialCompanies } from './companies.js';
import { type Address, MUNICIPALITIES, type MunicipalitySlug } from './municipalities.js';

export interface Owner {
  kind: 'person' | 'company';
  country: string;
  /** A personal code or a company's registry code. */
  code: string;
  name: string;
  /** The owner's share, as a fraction: "1/1", "1/2". */
  share: string;
}

export interface PropertyUnit {
  cadastralId: string;
  address: Address;
  municipality: { code: string; name: string };
  areaM2: number;
  purpose: 'residential' | 'commercial' | 'industrial' | 'forest' | 'agricultural';
  owners: Owner[];
}

function person(key: string, share: string): Owner {
  const persona = CITIZENS.find((p) => p.key === key);
  if (!persona?.country || !persona.personalCode) throw new Error(`no persona ${key} with a personal code`);
  return {
    kind: 'person',
    country: persona.country,
    code: persona.personalCode,
    name: `${persona.givenName} ${persona.familyName}`,
    share,
  };
}

function company(registryCode: string, share: string): Owner {
  const found = initialCompanies().find((c) => c.registryCode === registryCode);
  if (!found) throw new Error(`no company ${registryCode}`);
  return { kind: 'company', country: found.country, code: found.registryCode, name: found.name, share };
}

function unit(
  cadastralId: string,
  municipality: MunicipalitySlug,
  street: string,
  postalCode: string,
  areaM2: number,
  purpose: PropertyUnit['purpose'],
  owners: Owner[],
): PropertyUnit {
  const m = MUNICIPALITIES[municipality];
  return {
    cadastralId,
    address: { street, postalCode, city: municipality === 'tartu' ? 'Tartu' : m.name, country: m.country },
    municipality: { code: m.code, name: m.name },
    areaM2,
    purpose,
    owners,
  };
}

/**
 * The sandbox's cadastral units: Mari Maasikas's home plot in Tartu (where she applies to fell
 * trees), a forest plot Jaan Tamm shares with a company, Aino Virtanen's plot in Espoo, Ivan
 * Petrov's house in Stara Zagora and his company's solar park.
 */
export function initialUnits(): PropertyUnit[] {
  return [
    unit('79507:035:0012', 'tartu', 'Tähe 87', '50107', 1462, 'residential', [person('mari-maasikas', '1/1')]),
    unit('79514:001:0240', 'tartu', 'Kvissentali tee 9', '50411', 52100, 'forest', [
      person('jaan-tamm', '1/2'),
      company('12345678', '1/2'),
    ]),
    unit('049-412-0007-0031', 'espoo', 'Nuuksiontie 120', '02820', 2300, 'residential', [
      person('aino-virtanen', '1/1'),
    ]),
    unit('68850.505.123', 'stara-zagora', 'ul. Tsar Simeon Veliki 101', '6000', 410, 'residential', [
      person('ivan-petrov', '1/1'),
    ]),
    unit('68850.12.45', 'stara-zagora', 'm. Bedechka', '6000', 84000, 'industrial', [company('204567891', '1/1')]),
  ];
}
