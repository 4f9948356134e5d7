import { CITIZENS, type CitizenPersona } from '../identity/personas.js';
import { bulgarianCode, estonianCode, finnishCode, swedishCode } from '../identity/national-ids.js';
import { type Address, MUNICIPALITIES, type Municipality, type MunicipalitySlug } from './municipalities.js';

/** A person as the sandbox's population register holds them. */
export interface Resident {
  country: 'EE' | 'FI' | 'SE' | 'BG';
  personalCode: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  address: Address;
  municipality: MunicipalitySlug;
  /** Personal codes of the children in the person's custody (listed while they are minors). */
  guardianOf: string[];
}

/** Where each persona lives. A persona added later without an entry lives in its country's seed municipality. */
const HOMES: Record<string, { municipality: MunicipalitySlug; street: string; postalCode: string }> = {
  'mari-maasikas': { municipality: 'tartu', street: 'Tähe 87', postalCode: '50107' },
  'maarja-kask': { municipality: 'tartu', street: 'Kalevi 22-5', postalCode: '51010' },
  'jaan-tamm': { municipality: 'tartu', street: 'Vanemuise 41-2', postalCode: '51003' },
  'peeter-saar': { municipality: 'tartu', street: 'Riia 130', postalCode: '50411' },
  'aino-virtanen': { municipality: 'espoo', street: 'Tapiolantie 11 B 8', postalCode: '02100' },
  'seija-makinen': { municipality: 'espoo', street: 'Kirkkojärventie 4 A 2', postalCode: '02770' },
  'kalevi-lahtinen': { municipality: 'espoo', street: 'Itätuulenkuja 7 C 15', postalCode: '02100' },
  'erik-johansson': { municipality: 'stockholm', street: 'Hornsgatan 45', postalCode: '118 49' },
  'sara-holm': { municipality: 'stockholm', street: 'Ringvägen 101', postalCode: '116 61' },
  'ivan-petrov': { municipality: 'stara-zagora', street: 'ul. Tsar Simeon Veliki 101', postalCode: '6000' },
  'elena-dimitrova': { municipality: 'stara-zagora', street: 'bul. Ruski 32', postalCode: '6000' },
};

const BY_COUNTRY: Record<Resident['country'], MunicipalitySlug> = {
  EE: 'tartu',
  FI: 'espoo',
  SE: 'stockholm',
  BG: 'stara-zagora',
};

/** The personas' minor children, by the parent persona: given names, in the order of `children`. */
const CHILDREN_NAMES: Record<string, { givenName: string }[]> = {
  'maarja-kask': [{ givenName: 'Mia' }, { givenName: 'Oskar' }],
  'sara-holm': [{ givenName: 'Elsa' }, { givenName: 'Nils' }],
};

function addressIn(municipality: MunicipalitySlug, street: string, postalCode: string): Address {
  const m: Municipality = MUNICIPALITIES[municipality];
  const city = municipality === 'tartu' ? 'Tartu' : m.name;
  return { street, postalCode, city, country: m.country };
}

/** The date of birth an Estonian isikukood carries (GYYMMDD…). */
function estonianBirthDate(code: string): string {
  const century = 1800 + Math.floor((Number(code[0]) - 1) / 2) * 100;
  return `${century + Number(code.slice(1, 3))}-${code.slice(3, 5)}-${code.slice(5, 7)}`;
}

/** The date of birth a Swedish personnummer carries (YYYYMMDD…). */
function swedishBirthDate(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 6)}-${code.slice(6, 8)}`;
}

/** A child's date of birth, read from its code where the code carries it whole (else the parent's, a stand-in). */
function childBirthDate(country: Resident['country'], code: string, fallback: string): string {
  if (country === 'EE') return estonianBirthDate(code);
  if (country === 'SE') return swedishBirthDate(code);
  return fallback;
}

function personaResidents(persona: CitizenPersona): Resident[] {
  if (!persona.country || !persona.personalCode) return [];
  const home = HOMES[persona.key] ?? {
    municipality: BY_COUNTRY[persona.country],
    street: 'Central Square 1',
    postalCode: '00000',
  };
  const address = addressIn(home.municipality, home.street, home.postalCode);
  const children = (persona.children ?? []).map((code, i) => ({
    country: persona.country!,
    personalCode: code,
    givenName: CHILDREN_NAMES[persona.key]?.[i]?.givenName ?? `Child ${i + 1}`,
    familyName: persona.familyName,
    dateOfBirth: childBirthDate(persona.country!, code, persona.birthdate),
    address,
    municipality: home.municipality,
    guardianOf: [],
  }));
  return [
    {
      country: persona.country,
      personalCode: persona.personalCode,
      givenName: persona.givenName,
      familyName: persona.familyName,
      dateOfBirth: persona.birthdate,
      address,
      municipality: home.municipality,
      guardianOf: children.map((c) => c.personalCode),
    },
    ...children,
  ];
}

/** The date `days` from `today`, 68 years earlier: someone born then turns 68 in `days` days. */
function turning68In(days: number, today: Date): string {
  const date = new Date(Date.UTC(today.getUTCFullYear() - 68, today.getUTCMonth(), today.getUTCDate() + days));
  return date.toISOString().slice(0, 10);
}

const CODE_OF = { EE: estonianCode, FI: finnishCode, SE: swedishCode, BG: bulgarianCode } as const;

interface Neighbour {
  municipality: MunicipalitySlug;
  name: [given: string, family: string];
  sex: 'female' | 'male';
  serial: number;
  /** A date of birth, or the number of days until the person turns 68 (negative: since they did). */
  born: string | { turns68InDays: number };
  home: [street: string, postalCode: string];
}

/**
 * Residents who are not personas: in each seed municipality, people who turn 68 within the
 * next weeks (counted from the day the sandbox starts), for a proactive "+68" service, and a
 * younger neighbour who does not. Espoo, which grants its +68 wristband without an
 * application, also has people who turned 68 today and 20 days ago (within a 30-day catch-up
 * window), 45 days ago (before it) and long ago.
 */
const NEIGHBOURS: Neighbour[] = [
  {
    municipality: 'tartu',
    name: ['Ants', 'Kuusk'],
    sex: 'male',
    serial: 402,
    born: { turns68InDays: 20 },
    home: ['Jaama 15-4', '50109'],
  },
  {
    municipality: 'tartu',
    name: ['Kadri', 'Lepp'],
    sex: 'female',
    serial: 115,
    born: '1991-08-03',
    home: ['Ülikooli 6', '51003'],
  },
  {
    municipality: 'espoo',
    name: ['Pekka', 'Korhonen'],
    sex: 'male',
    serial: 211,
    born: { turns68InDays: 12 },
    home: ['Leppävaarankatu 3', '02600'],
  },
  {
    municipality: 'espoo',
    name: ['Liisa', 'Nieminen'],
    sex: 'female',
    serial: 87,
    born: { turns68InDays: 40 },
    home: ['Kauppamiehentie 6', '02100'],
  },
  {
    municipality: 'espoo',
    name: ['Mikko', 'Laine'],
    sex: 'male',
    serial: 302,
    born: '1988-02-19',
    home: ['Otaniementie 9', '02150'],
  },
  {
    municipality: 'espoo',
    name: ['Raili', 'Heikkinen'],
    sex: 'female',
    serial: 133,
    born: { turns68InDays: 0 },
    home: ['Kivenlahdentie 10 B 4', '02320'],
  },
  {
    municipality: 'espoo',
    name: ['Tapio', 'Salonen'],
    sex: 'male',
    serial: 276,
    born: { turns68InDays: -20 },
    home: ['Siltakatu 2 A 9', '02770'],
  },
  {
    municipality: 'espoo',
    name: ['Eino', 'Koskinen'],
    sex: 'male',
    serial: 149,
    born: { turns68InDays: -45 },
    home: ['Matinkatu 14 D 30', '02230'],
  },
  {
    municipality: 'espoo',
    name: ['Helvi', 'Rantanen'],
    sex: 'female',
    serial: 58,
    born: '1949-06-12',
    home: ['Ulappakatu 1 A 5', '02320'],
  },
  {
    municipality: 'stockholm',
    name: ['Karin', 'Lindqvist'],
    sex: 'female',
    serial: 64,
    born: { turns68InDays: 30 },
    home: ['Götgatan 12', '118 46'],
  },
  {
    municipality: 'stockholm',
    name: ['Anders', 'Berg'],
    sex: 'male',
    serial: 233,
    born: '1984-10-02',
    home: ['Sveavägen 80', '113 59'],
  },
  {
    municipality: 'stara-zagora',
    name: ['Georgi', 'Ivanov'],
    sex: 'male',
    serial: 118,
    born: { turns68InDays: 15 },
    home: ['ul. Hadzhi Dimitar 8', '6000'],
  },
  {
    municipality: 'stara-zagora',
    name: ['Maria', 'Georgieva'],
    sex: 'female',
    serial: 207,
    born: '1995-04-11',
    home: ['ul. Ruen 4', '6000'],
  },
];

function neighbourResident(n: Neighbour, today: Date): Resident {
  const country = MUNICIPALITIES[n.municipality].country;
  const dateOfBirth = typeof n.born === 'string' ? n.born : turning68In(n.born.turns68InDays, today);
  return {
    country,
    personalCode: CODE_OF[country](dateOfBirth, n.sex, n.serial),
    givenName: n.name[0],
    familyName: n.name[1],
    dateOfBirth,
    address: addressIn(n.municipality, ...n.home),
    municipality: n.municipality,
    guardianOf: [],
  };
}

/** Everyone the sandbox's population register knows: the personas, their children, other residents. */
export function initialResidents(today = new Date()): Resident[] {
  return [...CITIZENS.flatMap(personaResidents), ...NEIGHBOURS.map((n) => neighbourResident(n, today))];
}

/** Whether someone born on `dateOfBirth` is under 18 on `today`. */
export function isMinor(dateOfBirth: string, today = new Date()): boolean {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const eighteenth = Date.UTC(y + 18, m - 1, d);
  return eighteenth > Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
}
