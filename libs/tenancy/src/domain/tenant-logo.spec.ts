import { readFileSync } from 'node:fs';
import { logoDataUrl, logoOf, logoProblem, parseLogoDataUrl } from './tenant-logo.js';

const svg = (body: string) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`);

describe('tenant logo', () => {
  it("takes the seed municipalities' logos and a PNG", () => {
    for (const slug of ['tartu', 'espoo', 'stockholm', 'stara-zagora']) {
      const bytes = readFileSync(new URL(`../../../../tenants/${slug}/logo.svg`, import.meta.url));
      expect(logoProblem(bytes)).toBeNull();
      expect(logoOf(bytes)).toMatchObject({
        mediaType: 'image/svg+xml',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]);
    expect(logoProblem(png)).toBeNull();
    expect(parseLogoDataUrl(logoDataUrl(png))).toEqual({ bytes: png, mediaType: 'image/png' });
    expect(logoProblem(Buffer.from(`<?xml version="1.0"?>\n<!-- a comment -->\n${svg('<rect/>')}`))).toBeNull();
  });

  it('refuses what is no picture, too big, or an SVG that could run or reach out', () => {
    expect(logoProblem(Buffer.from('GIF89a…'))).toBe('must be an SVG or PNG image');
    expect(logoProblem(Buffer.from('<html><svg></svg></html>'))).toBe('must be an SVG or PNG image');
    expect(logoProblem(Buffer.alloc(0))).toBe('is empty');
    expect(logoProblem(svg(' '.repeat(60_000)))).toMatch(/at most 50000/);
    expect(logoProblem(svg('<script>alert(1)</script>'))).toMatch(/a script/);
    expect(logoProblem(svg('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>'))).toMatch(/a script/);
    expect(logoProblem(svg('<x:foreignObject/>'))).toMatch(/foreignObject/);
    expect(logoProblem(svg('<a href="&#106;avascript:alert(1)"><rect/></a>'))).toMatch(/character reference/);
    expect(logoProblem(svg('<rect onload="alert(1)"/>'))).toMatch(/event handler/);
    expect(logoProblem(svg('<a href="javascript:alert(1)"><rect/></a>'))).toMatch(/javascript:/);
    expect(logoProblem(svg('<image href="https://tracker.example/x.png"/>'))).toMatch(/another file/);
    expect(logoProblem(svg('<foreignObject><div/></foreignObject>'))).toMatch(/foreignObject/);
    expect(logoProblem(Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>'))).toMatch(/DOCTYPE or entity/);
    expect(logoProblem(svg('<rect/>'), 'image/png')).toMatch(/declared image\/png but its content is image\/svg\+xml/);
    expect(parseLogoDataUrl('https://example.eu/logo.svg')).toBeNull();
  });
});
