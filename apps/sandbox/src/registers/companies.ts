import { CITIZENS } from '../identity/personas.js';

export interface Representative {
  country: string;
  personalCode: string;
  name: string;
  role: 'board-member' | 'procurator';
}

export interface Company {
  registryCode: string;
  country: 'EE' | 'BG' | 'FI' | 'SE';
  name: string;
  status: 'registered' | 'liquidated';
  representatives: Representative[];
}

const NAMES: Record<string, { name: string; country: Company['country'] }> = {
  '12345678': { name: 'Tartu Puit OÜ', country: 'EE' },
  '204567891': { name: 'Zagora Solar EOOD', country: 'BG' },
};

/** The sandbox's companies, with the personas who sit on their boards as representatives. */
export function initialCompanies(): Company[] {
  return Object.entries(NAMES).map(([registryCode, { name, country }]) => ({
    registryCode,
    country,
    name,
    status: 'registered',
    representatives: CITIZENS.filter((p) => p.boardOf?.includes(registryCode) && p.personalCode && p.country).map(
      (p) => ({
        country: p.country!,
        personalCode: p.personalCode!,
        name: `${p.givenName} ${p.familyName}`,
        role: 'board-member' as const,
      }),
    ),
  }));
}
