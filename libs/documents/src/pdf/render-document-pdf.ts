import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export interface PdfFact {
  label: string;
  value: string;
}

export interface PdfSection {
  heading?: string;
  paragraphs: string[];
}

export interface PdfDocumentInput {
  /** 'et' | 'en' | 'bg' | 'sv' | 'fi': the document's language (/Lang), read by screen readers. */
  locale: string;
  municipality: { name: string; primaryColour: string; address?: string };
  title: string;
  reference: string;
  /** Already formatted for the locale. */
  date: string;
  recipient?: { name: string; lines?: string[] };
  /** Shown as a two-column table of label and value. */
  facts: PdfFact[];
  sections: PdfSection[];
  /** E.g. appeal instructions, or "Issued by Townhall on behalf of …". */
  footer?: string;
  signedBy?: { name: string; role?: string };
  /**
   * A picture after the facts (a permit's QR code): PNG bytes, drawn `size` points wide and
   * high, tagged as a Figure with its text alternative (read by screen readers).
   */
  figure?: { png: Buffer; alt: string; size: number; caption?: string };
}

// The 14 standard PDF fonts know only WinAnsi (no Cyrillic, no š/ž), so a Unicode font is
// embedded (subset). It comes from an npm package, so every machine has the same one.
const require = createRequire(import.meta.url);
export const DOCUMENT_FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

const TEXT = '#1a1a1a';
const MUTED = '#555555';
const MARGIN = { top: 56, bottom: 64, left: 64, right: 64 };

// pdfkit reads these table options but its type definitions do not list them.
type Tagged = { structParent: PDFKit.PDFStructureElement };
type TableCell = PDFKit.Mixins.CellOptions & { scope?: 'Row' | 'Column' | 'Both' };

/**
 * A letter-like A4 PDF (decision, receipt): municipality header, title, reference and date,
 * recipient, a table of facts, sections, signature and footer. Tagged PDF 1.7 with the
 * document language, so assistive technology reads it in order and in the right language.
 */
export function renderDocumentPdf(input: PdfDocumentInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    tagged: true,
    lang: input.locale,
    displayTitle: true,
    bufferPages: true, // page numbers are written once the page count is known
    font: DOCUMENT_FONT_FILES.regular, // never loads Helvetica
    info: { Title: input.title, Author: input.municipality.name, Subject: input.reference, Creator: 'Townhall' },
  });
  doc.registerFont('regular', DOCUMENT_FONT_FILES.regular);
  doc.registerFont('bold', DOCUMENT_FONT_FILES.bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const colour = input.municipality.primaryColour;
  // Each block is a structure element around a closure, not text's own structParent option:
  // only this way does a paragraph that runs onto the next page stay one tagged element.
  const text = (value: string, type: string, options: PDFKit.Mixins.TextOptions = {}) =>
    root.add(doc.struct(type, {}, () => doc.text(value, MARGIN.left, undefined, { width, ...options })));

  // Header: who issues the document.
  doc.font('bold').fontSize(15).fillColor(colour);
  text(input.municipality.name, 'P', { paragraphGap: 2 });
  if (input.municipality.address) {
    doc.font('regular').fontSize(9).fillColor(MUTED);
    text(input.municipality.address, 'P');
  }
  doc.markContent('Artifact', { type: 'Layout' });
  doc
    .moveTo(MARGIN.left, doc.y + 8)
    .lineTo(MARGIN.left + width, doc.y + 8)
    .lineWidth(2)
    .strokeColor(colour)
    .stroke();
  doc.endMarkedContent();
  doc.moveDown(2);

  if (input.recipient) {
    doc.font('regular').fontSize(10).fillColor(TEXT);
    for (const line of [input.recipient.name, ...(input.recipient.lines ?? [])]) text(line, 'P');
    doc.moveDown(1);
  }

  doc.font('bold').fontSize(18).fillColor(TEXT);
  text(input.title, 'H1', { paragraphGap: 4 });
  doc.font('regular').fontSize(10).fillColor(MUTED);
  text(`${input.reference} · ${input.date}`, 'P', { paragraphGap: 14 });

  if (input.facts.length > 0) {
    doc.fontSize(10).fillColor(TEXT);
    const cell = (value: string, header: boolean): TableCell =>
      header ? { text: value, type: 'TH', scope: 'Row', font: { src: 'bold' } } : { text: value };
    doc.table({
      position: { x: MARGIN.left },
      maxWidth: width,
      columnStyles: [Math.round(width * 0.35), '*'],
      defaultStyle: { border: 0.5, borderColor: '#bbbbbb', padding: 4 },
      data: input.facts.map((fact) => [cell(fact.label, true), cell(fact.value, false)]),
      ...({ structParent: root } as Tagged),
    });
    doc.moveDown(1);
  }

  if (input.figure) {
    const { png, alt, size, caption } = input.figure;
    if (doc.y + size > doc.page.height - MARGIN.bottom - 24) doc.addPage();
    const top = doc.y;
    root.add(doc.struct('Figure', { alt }, () => doc.image(png, MARGIN.left, top, { width: size, height: size })));
    doc.y = top + size + 4;
    if (caption) {
      doc.font('regular').fontSize(9).fillColor(MUTED);
      text(caption, 'P', { paragraphGap: 8 });
    }
    doc.moveDown(1);
  }

  for (const section of input.sections) {
    if (section.heading) {
      // A heading is not left alone at the foot of a page: it goes with its first lines.
      if (doc.y > doc.page.height - MARGIN.bottom - 72) doc.addPage();
      doc.font('bold').fontSize(12).fillColor(TEXT);
      text(section.heading, 'H2', { paragraphGap: 4 });
    }
    doc.font('regular').fontSize(10.5).fillColor(TEXT);
    for (const paragraph of section.paragraphs) text(paragraph, 'P', { paragraphGap: 8, lineGap: 2 });
    doc.moveDown(0.5);
  }

  if (input.signedBy) {
    doc.moveDown(1).font('bold').fontSize(10.5).fillColor(TEXT);
    text(input.signedBy.name, 'P');
    if (input.signedBy.role) {
      doc.font('regular').fillColor(MUTED);
      text(input.signedBy.role, 'P');
    }
  }

  if (input.footer) {
    doc.moveDown(2).font('regular').fontSize(9).fillColor(MUTED);
    text(input.footer, 'P', { lineGap: 1 });
  }

  numberPages(doc, input.reference);
  doc.end();
  return done;
}

/** "TRT-2026-000123 · 2/3" at the foot of every page, marked as an artifact (not read aloud). */
function numberPages(doc: PDFKit.PDFDocument, reference: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('regular').fontSize(8).fillColor(MUTED);
    doc.text(`${reference} · ${i - start + 1}/${count}`, MARGIN.left, doc.page.height - bottom / 2 - 4, {
      width: doc.page.width - MARGIN.left - MARGIN.right,
      align: 'right',
      lineBreak: false,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
