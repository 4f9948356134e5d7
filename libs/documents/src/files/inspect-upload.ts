import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

/** What a file field accepts (FieldUi.accept and maxBytes of libs/forms). */
export interface UploadRules {
  /** Media types, e.g. ['application/pdf', 'image/png']. */
  accept: string[];
  maxBytes: number;
}

export type UploadProblem = 'empty' | 'too-large' | 'type-not-accepted' | 'disguised' | 'bad-name';

export type UploadInspection =
  | { ok: true; mediaType: string; sha256: string; size: number; fileName: string }
  | { ok: false; problem: UploadProblem; message: string };

const MAX_NAME_LENGTH = 200;
// C0 and C1 controls, and the bidirectional overrides that make "exe.pdf" out of "fdp.exe".
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** What each media type is called in a message. */
const TYPE_NAMES = new Map<string, string>(
  Object.entries({
    'application/pdf': 'a PDF document',
    'image/png': 'a PNG image',
    'image/jpeg': 'a JPEG image',
    'image/gif': 'a GIF image',
    'image/webp': 'a WebP image',
    'image/tiff': 'a TIFF image',
    'image/heic': 'a HEIC image',
    'text/plain': 'plain text',
    'text/csv': 'a CSV table',
    'text/html': 'a web page (HTML)',
    'image/svg+xml': 'an SVG image',
    'application/xml': 'an XML document',
    'application/zip': 'a ZIP archive',
    'application/x-msdownload': 'a Windows program',
    'application/x-elf': 'a Linux program',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel workbook',
    'application/vnd.oasis.opendocument.text': 'an OpenDocument text',
    'application/vnd.oasis.opendocument.spreadsheet': 'an OpenDocument spreadsheet',
    'application/octet-stream': 'data of an unknown kind',
  }),
);

/** The type a file name's extension claims; only used to tell a disguised file from a wrong one. */
const EXTENSION_TYPES = new Map<string, string>(
  Object.entries({
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    tif: 'image/tiff',
    tiff: 'image/tiff',
    heic: 'image/heic',
    txt: 'text/plain',
    csv: 'text/csv',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    odt: 'application/vnd.oasis.opendocument.text',
    ods: 'application/vnd.oasis.opendocument.spreadsheet',
  }),
);

const typeName = (mediaType: string) => TYPE_NAMES.get(mediaType) ?? `a file of type ${mediaType}`;

/** "512 bytes", "2.5 KB", "12.4 MB": binary units, as the forms' maxBytes are (10485760 is 10 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (Number(value.toFixed(1)) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}

/**
 * Decides whether an uploaded file may be kept: by its name (no paths, no control
 * characters), its size and its CONTENT (magic numbers, via file-type) — never by the name's
 * extension, which anyone can change. Returns the content's type and SHA-256 when it may.
 * Asynchronous because file-type's detection is.
 */
export async function inspectUpload(file: UploadedFile, rules: UploadRules): Promise<UploadInspection> {
  const fileName = file.fileName.normalize('NFC').trim();
  const shown = quote(fileName);
  const refuse = (problem: UploadProblem, message: string): UploadInspection => ({ ok: false, problem, message });

  // Refused rather than cleaned: a path in a name is a mistake or an attack, not something to guess at.
  if (fileName === '') return refuse('bad-name', 'The file has no name; send it with its file name.');
  if (/[/\\]/.test(fileName) || fileName === '.' || fileName === '..')
    return refuse('bad-name', `The file name ${shown} contains a folder path; send the file under its own name only.`);
  if (CONTROL.test(fileName))
    return refuse('bad-name', `The file name ${shown} contains control characters; rename the file and send it again.`);
  if ([...fileName].length > MAX_NAME_LENGTH)
    return refuse('bad-name', `The file name ${shown} is longer than ${MAX_NAME_LENGTH} characters; shorten it.`);

  const size = file.bytes.length;
  if (size === 0) return refuse('empty', `${shown} is empty (0 bytes); choose the file again.`);
  if (size > rules.maxBytes) {
    let [have, max] = [formatBytes(size), formatBytes(rules.maxBytes)];
    if (have === max) [have, max] = [`${have} (${size} bytes)`, `${max} (${rules.maxBytes} bytes)`];
    return refuse('too-large', `${shown} is ${have}; the largest file accepted is ${max}.`);
  }

  const mediaType = await detectMediaType(file.bytes, fileName, rules.accept);
  if (!rules.accept.includes(mediaType)) {
    const dot = fileName.lastIndexOf('.');
    const claimed = dot > 0 ? EXTENSION_TYPES.get(fileName.slice(dot + 1).toLowerCase()) : undefined;
    if (claimed && claimed !== mediaType && rules.accept.includes(claimed))
      return refuse(
        'disguised',
        `${shown} is named like ${typeName(claimed)}, but its content is ${typeName(mediaType)}.`,
      );
    const accepted = rules.accept.map(typeName);
    const list = accepted.length > 1 ? `${accepted.slice(0, -1).join(', ')} or ${accepted.at(-1)}` : accepted[0];
    return refuse('type-not-accepted', `${shown} is ${typeName(mediaType)}, which is not accepted here; send ${list}.`);
  }
  return { ok: true, mediaType, sha256: createHash('sha256').update(file.bytes).digest('hex'), size, fileName };
}

/** The media type the bytes show. Text has no magic number: it is valid UTF-8 without NUL. */
async function detectMediaType(bytes: Buffer, fileName: string, accept: string[]): Promise<string> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return detected.mime;
  if (!isUtf8(bytes) || bytes.includes(0)) return 'application/octet-stream';
  // A browser would run a page's or an SVG's scripts: such markup is never plain text.
  const start = bytes.subarray(0, 1024).toString('utf8');
  if (/^\uFEFF?\s*<svg\b/i.test(start)) return 'image/svg+xml';
  if (/^\uFEFF?\s*<(!doctype\s+html|html|head|body|script|iframe|!--)/i.test(start)) return 'text/html';
  // Content cannot tell CSV from other text; both are inert, so the name may choose between them.
  const wantsCsv = fileName.toLowerCase().endsWith('.csv') || !accept.includes('text/plain');
  return wantsCsv && accept.includes('text/csv') ? 'text/csv' : 'text/plain';
}

const CONTROL_ALL = new RegExp(CONTROL.source, 'gu');

/** The name as shown in a message: quoted, control characters escaped, long names shortened. */
function quote(name: string): string {
  const short = [...name].length > 80 ? `${[...name].slice(0, 77).join('')}…` : name;
  return JSON.stringify(short).replace(CONTROL_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
