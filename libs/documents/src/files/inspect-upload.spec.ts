import { createHash } from 'node:crypto';
import { formatBytes, inspectUpload, type UploadRules } from './inspect-upload.js';

// Small but real files: each starts the way the real format does.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
    'xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n',
  'latin1',
);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'), // IHDR 1×1 RGBA
]);
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const WINDOWS_EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);
const LINUX_EXE = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.alloc(57)]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
const HTML = Buffer.from('<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n');

const ATTACHMENTS: UploadRules = { accept: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 10 * 1024 * 1024 };
const TABLES: UploadRules = { accept: ['text/csv', 'text/plain'], maxBytes: 1024 * 1024 };

describe('inspectUpload', () => {
  it.each([
    ['plan.pdf', PDF, 'application/pdf'],
    ['photo.png', PNG, 'image/png'],
    ['photo.JPG', JPEG, 'image/jpeg'],
    ['scan-without-extension', PDF, 'application/pdf'],
  ])('accepts %s by its content', async (fileName, bytes, mediaType) => {
    const result = await inspectUpload({ fileName, bytes }, ATTACHMENTS);
    expect(result).toEqual({
      ok: true,
      mediaType,
      size: bytes.length,
      fileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('trusts the content over the name: a PNG named .pdf is a PNG', async () => {
    const result = await inspectUpload({ fileName: 'plan.pdf', bytes: PNG }, ATTACHMENTS);
    expect(result).toMatchObject({ ok: true, mediaType: 'image/png' });
  });

  it('returns the name trimmed and in NFC', async () => {
    const result = await inspectUpload({ fileName: '  Ta\u0308hti.pdf ', bytes: PDF }, ATTACHMENTS);
    expect(result).toMatchObject({ ok: true, fileName: 'Tähti.pdf' });
  });

  it.each([
    [
      'an executable',
      'plan.pdf',
      WINDOWS_EXE,
      '"plan.pdf" is named like a PDF document, but its content is a Windows program.',
    ],
    [
      'a Linux executable',
      'plan.pdf',
      LINUX_EXE,
      '"plan.pdf" is named like a PDF document, but its content is a Linux program.',
    ],
    ['a ZIP archive', 'photo.png', ZIP, '"photo.png" is named like a PNG image, but its content is a ZIP archive.'],
    [
      'a web page',
      'decision.pdf',
      HTML,
      '"decision.pdf" is named like a PDF document, but its content is a web page (HTML).',
    ],
  ])('refuses %s dressed as an accepted type as disguised', async (_what, fileName, bytes, message) => {
    expect(await inspectUpload({ fileName, bytes }, ATTACHMENTS)).toEqual({ ok: false, problem: 'disguised', message });
  });

  it('refuses a type the field does not accept, naming what it does accept', async () => {
    expect(await inspectUpload({ fileName: 'setup.exe', bytes: WINDOWS_EXE }, ATTACHMENTS)).toEqual({
      ok: false,
      problem: 'type-not-accepted',
      message:
        '"setup.exe" is a Windows program, which is not accepted here; send a PDF document, a JPEG image or a PNG image.',
    });
  });

  it('refuses text where only documents and images are accepted', async () => {
    const result = await inspectUpload({ fileName: 'notes.txt', bytes: Buffer.from('hello') }, ATTACHMENTS);
    expect(result).toMatchObject({ ok: false, problem: 'type-not-accepted' });
  });

  describe('text, which has no magic number', () => {
    const csv = Buffer.from('nimi;summa\nÕun;12,50\nЯбълка;3\n');

    it('accepts UTF-8 text as CSV or plain text when the field accepts them', async () => {
      expect(await inspectUpload({ fileName: 'fees.csv', bytes: csv }, TABLES)).toMatchObject({
        ok: true,
        mediaType: 'text/csv',
      });
      expect(await inspectUpload({ fileName: 'notes.txt', bytes: csv }, TABLES)).toMatchObject({
        ok: true,
        mediaType: 'text/plain',
      });
    });

    it('refuses bytes that are not UTF-8, or contain NUL', async () => {
      for (const bytes of [Buffer.from([0x41, 0xff, 0xfe, 0x42]), Buffer.from('a,b\u0000\n', 'utf8')]) {
        const result = await inspectUpload({ fileName: 'fees.csv', bytes }, TABLES);
        expect(result).toEqual({
          ok: false,
          problem: 'disguised',
          message: '"fees.csv" is named like a CSV table, but its content is data of an unknown kind.',
        });
      }
    });

    it('does not take a web page for text', async () => {
      const result = await inspectUpload({ fileName: 'notes.txt', bytes: HTML }, TABLES);
      expect(result).toMatchObject({ ok: false, problem: 'disguised' });
    });
  });

  it.each([
    ['../../etc/passwd.pdf', 'contains a folder path'],
    ['C:\\Users\\mari\\plan.pdf', 'contains a folder path'],
    ['..', 'contains a folder path'],
    ['plan\u0000.pdf', 'contains control characters'],
    ['plan\n.pdf', 'contains control characters'],
    ['invoice\u202Efdp.exe', 'contains control characters'],
    [`${'a'.repeat(197)}.pdf`, 'is longer than 200 characters'],
  ])('refuses the name %j', async (fileName, says) => {
    const result = await inspectUpload({ fileName, bytes: PDF }, ATTACHMENTS);
    expect(result).toMatchObject({ ok: false, problem: 'bad-name' });
    expect(result.ok || result.message).toContain(says);
  });

  it('shows control characters in a refused name escaped, not raw', async () => {
    const result = await inspectUpload({ fileName: 'plan\u0007.pdf', bytes: PDF }, ATTACHMENTS);
    expect(result).toEqual({
      ok: false,
      problem: 'bad-name',
      message: 'The file name "plan\\u0007.pdf" contains control characters; rename the file and send it again.',
    });
  });

  it('refuses a file without a name', async () => {
    expect(await inspectUpload({ fileName: '   ', bytes: PDF }, ATTACHMENTS)).toMatchObject({
      ok: false,
      problem: 'bad-name',
    });
  });

  it('refuses an empty file', async () => {
    expect(await inspectUpload({ fileName: 'plan.pdf', bytes: Buffer.alloc(0) }, ATTACHMENTS)).toEqual({
      ok: false,
      problem: 'empty',
      message: '"plan.pdf" is empty (0 bytes); choose the file again.',
    });
  });

  it('refuses a file over the limit, saying both sizes', async () => {
    const bytes = Buffer.concat([PDF, Buffer.alloc(Math.round(12.4 * 1024 * 1024) - PDF.length)]);
    expect(await inspectUpload({ fileName: 'plan.pdf', bytes }, ATTACHMENTS)).toEqual({
      ok: false,
      problem: 'too-large',
      message: '"plan.pdf" is 12.4 MB; the largest file accepted is 10 MB.',
    });
  });

  it('gives exact sizes when the rounded ones would read the same', async () => {
    const bytes = Buffer.concat([PDF, Buffer.alloc(ATTACHMENTS.maxBytes + 1 - PDF.length)]);
    const result = await inspectUpload({ fileName: 'plan.pdf', bytes }, ATTACHMENTS);
    expect(result.ok || result.message).toBe(
      '"plan.pdf" is 10 MB (10485761 bytes); the largest file accepted is 10 MB (10485760 bytes).',
    );
  });

  it('accepts a file of exactly the largest size', async () => {
    const bytes = Buffer.concat([PDF, Buffer.alloc(ATTACHMENTS.maxBytes - PDF.length)]);
    expect(await inspectUpload({ fileName: 'plan.pdf', bytes }, ATTACHMENTS)).toMatchObject({ ok: true });
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [2560, '2.5 KB'],
    [1024 * 1024 - 1, '1 MB'],
    [10 * 1024 * 1024, '10 MB'],
    [Math.round(12.4 * 1024 * 1024), '12.4 MB'],
    [3 * 1024 ** 3, '3 GB'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
