import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderDocumentPdf, type PdfDocumentInput } from './render-document-pdf.js';

interface ReadBack {
  /** The text of each page, whitespace collapsed. */
  pages: string[];
  lang: string | null;
  title: unknown;
  /** Marked text (not artifacts) that no structure element holds: a screen reader would skip it. */
  untagged: string[];
}

/** What a reader, or a screen reader, gets out of the PDF (pdf.js, as Firefox uses it). */
async function readPdf(pdf: Buffer): Promise<ReadBack> {
  const loaded = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    const untagged: string[] = [];
    for (let n = 1; n <= loaded.numPages; n++) {
      const page = await loaded.getPage(n);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('');
      pages.push(text.replace(/\s+/g, ' ').trim());

      const tagged = new Set<string>();
      const walk = (node: { type?: string; id?: string; children?: unknown[] }) => {
        if (node.type === 'content' && node.id) tagged.add(node.id);
        (node.children ?? []).forEach((child) => walk(child as typeof node));
      };
      walk((await page.getStructTree()) ?? {});
      for (const item of content.items) {
        // pdf.js's types leave out the tag its marked-content items carry.
        const marked = item as { type?: string; id?: string | null; tag?: string };
        if (marked.type === 'beginMarkedContentProps' && marked.tag !== 'Artifact' && !tagged.has(marked.id ?? ''))
          untagged.push(`page ${n}: ${marked.id}`);
      }
    }
    const info = (await loaded.getMetadata()).info as { Language?: string; Title?: string };
    return { pages, lang: info.Language ?? null, title: info.Title, untagged };
  } finally {
    await loaded.destroy();
  }
}

const base = (overrides: Partial<PdfDocumentInput>): PdfDocumentInput => ({
  locale: 'en',
  municipality: { name: 'Town of Example', primaryColour: '#0b5394', address: 'Main Street 1, 10111 Example' },
  title: 'Decision',
  reference: 'TRT-2026-000123',
  date: '3 November 2026',
  facts: [],
  sections: [],
  ...overrides,
});

describe('renderDocumentPdf', () => {
  it('renders a decision in Bulgarian whose Cyrillic text can be read back', async () => {
    const pdf = await renderDocumentPdf(
      base({
        locale: 'bg',
        municipality: { name: 'Община Пример', primaryColour: '#0b5394', address: 'ул. „Главна“ 1, София' },
        title: 'Решение',
        date: '3 ноември 2026 г.',
        recipient: { name: 'Иван Петров', lines: ['ул. „Цар Освободител“ 12', '1000 София'] },
        facts: [
          { label: 'Услуга', value: 'Разрешение за строеж' },
          { label: 'Подадено на', value: '28 октомври 2026 г.' },
        ],
        sections: [{ heading: 'Мотиви', paragraphs: ['Заявлението отговаря на изискванията на наредбата.'] }],
        footer: 'Решението може да бъде обжалвано в 14-дневен срок.',
        signedBy: { name: 'Мария Иванова', role: 'Главен архитект' },
      }),
    );

    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const { pages, lang, title, untagged } = await readPdf(pdf);
    const text = pages.join(' ');
    expect(untagged).toEqual([]);
    expect(title).toBe('Решение');
    expect(lang).toBe('bg');
    expect(text).toContain('TRT-2026-000123');
    expect(text).toContain('Решение');
    expect(text).toContain('Заявлението отговаря на изискванията на наредбата.');
    expect(text).toContain('Разрешение за строеж');
    expect(text).toContain('Мария Иванова');
    // The Unicode font is embedded (subset), not borrowed from the reader's machine.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
  });

  it('wraps a long Estonian text onto further pages, keeping õäöüšž', async () => {
    const paragraph =
      'Õueala täiendav ehitusõigus määratakse detailplaneeringuga; šahti ja žürii nõuded jäävad ' +
      'kehtima, sest ülejäänud tingimused ei muutu ning taotleja võib otsuse vaidlustada. ';
    const pdf = await renderDocumentPdf(
      base({
        locale: 'et',
        municipality: { name: 'Näidisvalla Vallavalitsus', primaryColour: '#0b5394' },
        title: 'Otsus',
        reference: 'TRT-2026-000456',
        date: '3. november 2026',
        facts: [{ label: 'Teenus', value: 'Ehitusluba' }],
        sections: Array.from({ length: 6 }, (_, i) => ({
          heading: `Põhjendus ${i + 1}`,
          paragraphs: Array.from({ length: 4 }, () => paragraph.repeat(3)),
        })),
        footer: 'Otsuse peale võib esitada vaide 30 päeva jooksul: õäöüšž.',
      }),
    );

    const { pages, lang, untagged } = await readPdf(pdf);
    expect(pages.length).toBeGreaterThan(1);
    // Paragraphs that run onto the next page stay in the tag tree there too.
    expect(untagged).toEqual([]);
    expect(lang).toBe('et');
    expect(pages[0]).toContain('Otsus');
    expect(pages[0]).toContain('TRT-2026-000456');
    expect(pages.at(-1)).toContain('õäöüšž');
    expect(pages.at(-1)).toContain(`TRT-2026-000456 · ${pages.length}/${pages.length}`);
  });
});
