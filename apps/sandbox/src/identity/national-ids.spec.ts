import {
  bulgarianCode,
  estonianCode,
  finnishCode,
  isBulgarianCode,
  isEstonianCode,
  isFinnishCode,
  isSwedishCode,
  swedishCode,
} from './national-ids.js';

describe('national identification codes of the sandbox personas', () => {
  it('match codes published as examples by the issuing countries', () => {
    // Examples from the registers' own documentation.
    expect(estonianCode('1980-01-08', 'male', 571)).toBe('38001085718');
    expect(finnishCode('1952-10-13', 'female', 154)).toBe('131052-308T');
    expect(swedishCode('1981-12-18', 'male', 493)).toBe('198112189876');
    expect(bulgarianCode('1975-01-02', 'female', 0)).toBe('7501020018');
    for (const [code, valid] of [
      ['38001085718', isEstonianCode],
      ['131052-308T', isFinnishCode],
      ['198112189876', isSwedishCode],
      ['7501020018', isBulgarianCode],
    ] as const)
      expect(valid(code)).toBe(true);
  });

  it('generate codes their validators accept, and the validators refuse a changed digit', () => {
    const codes: [string, (c: string) => boolean][] = [
      [estonianCode('2015-06-30', 'female', 12), isEstonianCode],
      [finnishCode('2012-02-29', 'female', 40), isFinnishCode],
      [swedishCode('1956-03-14', 'male', 77), isSwedishCode],
      [bulgarianCode('2008-11-05', 'female', 101), isBulgarianCode],
    ];
    for (const [code, valid] of codes) {
      expect(valid(code)).toBe(true);
      const last = code.at(-1)!;
      const changed = code.slice(0, -1) + (last === '1' ? '2' : '1');
      expect(valid(changed)).toBe(false);
    }
  });
});
