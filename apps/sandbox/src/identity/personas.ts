import { bulgarianCode, estonianCode, finnishCode, swedishCode } from './national-ids.js';

/**
 * The people a tester can log in as. Made up: names, codes and relations exist only here.
 * The registers of the sandbox (population, business) describe the same people by the same
 * codes, so a login can be followed by a register look-up.
 */
export interface CitizenPersona {
  /** Stable handle for tests and the picker. */
  key: string;
  givenName: string;
  familyName: string;
  birthdate: string;
  /** ISO 3166-1 alpha-2 of the issuing country; null for a foreigner without a code. */
  country: 'EE' | 'FI' | 'SE' | 'BG' | null;
  personalCode: string | null;
  /** What the persona is for, shown on the picker. */
  description: string;
  /** Personal codes of minor children (the population register lists them). */
  children?: string[];
  /** Registry codes of companies whose board the persona sits on (the business register lists them). */
  boardOf?: string[];
}

export interface StaffPersona {
  key: string;
  name: string;
  email: string;
  /** The municipality whose staff directory lists the persona. */
  municipality: string;
  description: string;
}

export interface OperatorPersona {
  key: string;
  name: string;
  email: string;
}

const MAARJA_CHILDREN = [estonianCode('2015-06-30', 'female', 12), estonianCode('2018-02-11', 'male', 221)];
const SARA_CHILDREN = [swedishCode('2023-04-15', 'female', 123), swedishCode('2025-02-03', 'male', 58)];

/**
 * The date of birth of someone who turned `years` old `daysAgo` days before today (UTC, when
 * the sandbox starts): personas of a proactive service stay "recently 68" whenever it runs.
 */
export function bornYearsAndDaysAgo(years: number, daysAgo: number, today = new Date()): string {
  return new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() - daysAgo))
    .toISOString()
    .slice(0, 10);
}

const SEIJA_BORN = bornYearsAndDaysAgo(68, 3);
const KALEVI_BORN = bornYearsAndDaysAgo(68, 10);

export const CITIZENS: readonly CitizenPersona[] = [
  {
    key: 'mari-maasikas',
    givenName: 'Mari',
    familyName: 'Maasikas',
    birthdate: '1980-01-08',
    country: 'EE',
    personalCode: estonianCode('1980-01-08', 'female', 571),
    description: 'Tartu resident, adult, no special situation',
  },
  {
    key: 'maarja-kask',
    givenName: 'Maarja',
    familyName: 'Kask',
    birthdate: '1986-09-14',
    country: 'EE',
    personalCode: estonianCode('1986-09-14', 'female', 42),
    description: 'Parent with two minor children (hobby support, pre-school places)',
    children: MAARJA_CHILDREN,
  },
  {
    key: 'jaan-tamm',
    givenName: 'Jaan',
    familyName: 'Tamm',
    birthdate: '1951-03-02',
    country: 'EE',
    personalCode: estonianCode('1951-03-02', 'male', 88),
    description: 'Aged 68 or more (senior discounts, transport support)',
  },
  {
    key: 'peeter-saar',
    givenName: 'Peeter',
    familyName: 'Saar',
    birthdate: '1975-11-21',
    country: 'EE',
    personalCode: estonianCode('1975-11-21', 'male', 310),
    description: 'Board member of a company (acts for the organisation)',
    boardOf: ['12345678'],
  },
  {
    key: 'aino-virtanen',
    givenName: 'Aino',
    familyName: 'Virtanen',
    birthdate: '1990-04-17',
    country: 'FI',
    personalCode: finnishCode('1990-04-17', 'female', 123),
    description: 'Espoo resident (Suomi.fi format)',
  },
  {
    key: 'seija-makinen',
    givenName: 'Seija',
    familyName: 'Mäkinen',
    birthdate: SEIJA_BORN,
    country: 'FI',
    personalCode: finnishCode(SEIJA_BORN, 'female', 241),
    description: 'Espoo resident who turned 68 three days ago, new to the portal (the +68 sports wristband)',
  },
  {
    key: 'kalevi-lahtinen',
    givenName: 'Kalevi',
    familyName: 'Lahtinen',
    birthdate: KALEVI_BORN,
    country: 'FI',
    personalCode: finnishCode(KALEVI_BORN, 'male', 158),
    description: 'Espoo resident who turned 68 ten days ago and uses the portal (messages by e-mail)',
  },
  {
    key: 'erik-johansson',
    givenName: 'Erik',
    familyName: 'Johansson',
    birthdate: '1956-03-14',
    country: 'SE',
    personalCode: swedishCode('1956-03-14', 'male', 77),
    description: 'Stockholm resident aged 68 or more (BankID format)',
  },
  {
    key: 'sara-holm',
    givenName: 'Sara',
    familyName: 'Holm',
    birthdate: '1990-11-02',
    country: 'SE',
    personalCode: swedishCode('1990-11-02', 'female', 311),
    description: 'Stockholm parent with two children under school age (pre-school places)',
    children: SARA_CHILDREN,
  },
  {
    key: 'ivan-petrov',
    givenName: 'Ivan',
    familyName: 'Petrov',
    birthdate: '1979-07-23',
    country: 'BG',
    personalCode: bulgarianCode('1979-07-23', 'male', 215),
    description: 'Stara Zagora resident (eAuth format), board member of a company',
    boardOf: ['204567891'],
  },
  {
    key: 'elena-dimitrova',
    givenName: 'Elena',
    familyName: 'Dimitrova',
    birthdate: '2001-12-05',
    country: 'BG',
    personalCode: bulgarianCode('2001-12-05', 'female', 40),
    description: 'Young adult in Stara Zagora (born after 2000: month + 40)',
  },
  {
    key: 'lucas-martin',
    givenName: 'Lucas',
    familyName: 'Martin',
    birthdate: '1993-05-28',
    country: null,
    personalCode: null,
    description: 'Foreigner without a personal code (eIDAS login)',
  },
];

/** The municipalities of tenants/: their staff and their clients are registered in the sandbox. */
export const SEED_MUNICIPALITIES = ['tartu', 'stara-zagora', 'stockholm', 'espoo'] as const;

const STAFF_NAMES = { admin: 'Anna Admin', owner: 'Otto Owner', handler: 'Hanna Handler', viewer: 'Villu Viewer' };
const STAFF_ROLE_TEXT = {
  admin: 'municipal admin',
  owner: 'service owner',
  handler: 'case handler',
  viewer: 'viewer',
};

/** Per seed municipality: an admin, a service owner, a case handler and a viewer. */
export const STAFF: readonly StaffPersona[] = SEED_MUNICIPALITIES.flatMap((municipality) =>
  (['admin', 'owner', 'handler', 'viewer'] as const).map((role) => ({
    key: `${municipality}-${role}`,
    name: `${STAFF_NAMES[role]} (${municipality})`,
    email: `${role}@${municipality}.example.eu`,
    municipality,
    description: `Intended as ${STAFF_ROLE_TEXT[role]} of ${municipality}`,
  })),
);

export const OPERATORS: readonly OperatorPersona[] = [
  { key: 'olga-operator', name: 'Olga Operator', email: 'olga@platform.example.eu' },
  { key: 'oskar-operator', name: 'Oskar Operator', email: 'oskar@platform.example.eu' },
];
