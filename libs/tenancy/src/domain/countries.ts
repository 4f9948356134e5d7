/**
 * The countries a municipality may be in (the EU, the EEA and Switzerland): ISO 3166-1
 * alpha-2, as settings name them, and alpha-3, as the EU's authority tables (and CPSV-AP) do.
 */
export const COUNTRIES = {
  AT: 'AUT',
  BE: 'BEL',
  BG: 'BGR',
  CH: 'CHE',
  CY: 'CYP',
  CZ: 'CZE',
  DE: 'DEU',
  DK: 'DNK',
  EE: 'EST',
  ES: 'ESP',
  FI: 'FIN',
  FR: 'FRA',
  GR: 'GRC',
  HR: 'HRV',
  HU: 'HUN',
  IE: 'IRL',
  IS: 'ISL',
  IT: 'ITA',
  LI: 'LIE',
  LT: 'LTU',
  LU: 'LUX',
  LV: 'LVA',
  MT: 'MLT',
  NL: 'NLD',
  NO: 'NOR',
  PL: 'POL',
  PT: 'PRT',
  RO: 'ROU',
  SE: 'SWE',
  SI: 'SVN',
  SK: 'SVK',
} as const;
export type Country = keyof typeof COUNTRIES;
export const SUPPORTED_COUNTRIES = Object.keys(COUNTRIES) as Country[];
