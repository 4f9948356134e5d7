/**
 * Personal identification codes in the formats of the seed countries, with their check
 * digits, so that test personas look like real people to validators (and never are: the
 * sandbox's codes are made up).
 */

/** Estonian isikukood: GYYMMDDSSSC, G = century and sex, C = two-weight-set modulo 11. */
export function estonianCode(birth: string, sex: 'female' | 'male', serial: number): string {
  const [yyyy, mm, dd] = birth.split('-');
  const century = Math.floor(Number(yyyy) / 100);
  const first = (century - 18) * 2 + (sex === 'male' ? 1 : 2);
  const base = `${first}${yyyy.slice(2)}${mm}${dd}${String(serial).padStart(3, '0')}`;
  return base + estonianCheck(base);
}

function estonianCheck(base: string): number {
  const digits = [...base].map(Number);
  const weighted = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
  const first = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 1]);
  if (first < 10) return first;
  const second = weighted([3, 4, 5, 6, 7, 8, 9, 1, 2, 3]);
  return second < 10 ? second : 0;
}

export function isEstonianCode(code: string): boolean {
  return /^[1-6]\d{10}$/.test(code) && Number(code[10]) === estonianCheck(code.slice(0, 10));
}

const FINNISH_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Finnish henkilötunnus: DDMMYY, century sign, NNN (odd for men), check character (mod 31). */
export function finnishCode(birth: string, sex: 'female' | 'male', serial: number): string {
  const [yyyy, mm, dd] = birth.split('-');
  const sign = Number(yyyy) >= 2000 ? 'A' : '-';
  const individual = serial * 2 + (sex === 'male' ? 1 : 0);
  const nnn = String(individual).padStart(3, '0');
  const check = FINNISH_CHECK[Number(`${dd}${mm}${yyyy.slice(2)}${nnn}`) % 31];
  return `${dd}${mm}${yyyy.slice(2)}${sign}${nnn}${check}`;
}

export function isFinnishCode(code: string): boolean {
  const m = /^(\d{6})[-+A-FYXWVU](\d{3})([0-9A-Y])$/.exec(code);
  return m !== null && FINNISH_CHECK[Number(m[1] + m[2]) % 31] === m[3];
}

/** Swedish personnummer (12 digits, YYYYMMDDNNNC), Luhn check over the last ten. */
export function swedishCode(birth: string, sex: 'female' | 'male', serial: number): string {
  const digits = birth.replaceAll('-', '');
  const individual = serial * 2 + (sex === 'male' ? 1 : 0);
  const base = `${digits.slice(2)}${String(individual).padStart(3, '0')}`;
  return `${digits.slice(0, 2)}${base}${luhn(base)}`;
}

function luhn(digits: string): number {
  const sum = [...digits].reduce((total, d, i) => {
    const doubled = Number(d) * (i % 2 === 0 ? 2 : 1);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return (10 - (sum % 10)) % 10;
}

export function isSwedishCode(code: string): boolean {
  return /^\d{12}$/.test(code) && Number(code[11]) === luhn(code.slice(2, 11));
}

const BULGARIAN_WEIGHTS = [2, 4, 8, 5, 10, 9, 7, 3, 6];

/** Bulgarian ЕГН: YYMMDD (month + 40 after 2000), three digits (even for men), check digit. */
export function bulgarianCode(birth: string, sex: 'female' | 'male', serial: number): string {
  const [yyyy, mm, dd] = birth.split('-');
  const month = Number(yyyy) >= 2000 ? Number(mm) + 40 : Number(mm);
  const region = serial * 2 + (sex === 'male' ? 0 : 1);
  const base = `${yyyy.slice(2)}${String(month).padStart(2, '0')}${dd}${String(region).padStart(3, '0')}`;
  return base + bulgarianCheck(base);
}

function bulgarianCheck(base: string): number {
  const sum = [...base].reduce((total, d, i) => total + Number(d) * BULGARIAN_WEIGHTS[i], 0) % 11;
  return sum === 10 ? 0 : sum;
}

export function isBulgarianCode(code: string): boolean {
  return /^\d{10}$/.test(code) && Number(code[9]) === bulgarianCheck(code.slice(0, 9));
}
