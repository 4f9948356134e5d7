/** An address as the registers give it. */
export interface Address {
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface Municipality {
  /** The national code: EHAK (EE), kuntanumero (FI), kommunkod (SE), EKATTE (BG). */
  code: string;
  name: string;
  country: 'EE' | 'FI' | 'SE' | 'BG';
}

/** The seed municipalities of tenants/, by slug, with their national codes. */
export const MUNICIPALITIES = {
  tartu: { code: '0793', name: 'Tartu linn', country: 'EE' },
  espoo: { code: '049', name: 'Espoo', country: 'FI' },
  stockholm: { code: '0180', name: 'Stockholm', country: 'SE' },
  'stara-zagora': { code: '68850', name: 'Stara Zagora', country: 'BG' },
} as const satisfies Record<string, Municipality>;

export type MunicipalitySlug = keyof typeof MUNICIPALITIES;

export const COUNTRIES = ['EE', 'FI', 'SE', 'BG'] as const;

/** A personal code or registry code of the seed countries (digits, capitals, + and -). */
export const NATIONAL_CODE = /^[0-9A-Z+-]{6,20}$/;
