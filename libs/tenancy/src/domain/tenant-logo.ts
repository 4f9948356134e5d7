import { createHash } from 'node:crypto';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** A municipality's logo, kept with its settings and served from its own host (/branding/logo). */
export interface TenantLogo {
  mediaType: 'image/svg+xml' | 'image/png';
  base64: string;
  /** Of the bytes, hex: the page's address carries its start, so a new logo is fetched at once. */
  sha256: string;
}

/** A logo is a small picture in the header; 50 kB is plenty for an SVG or a PNG of it. */
export const LOGO_MAX_BYTES = 50_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_URL = /^data:(image\/svg\+xml|image\/png);base64,([A-Za-z0-9+/]+={0,2})$/;

/**
 * What an SVG must not hold: it is served from the municipality's own origin, so anything that
 * runs (scripts, event handlers, javascript: links, embedded HTML) or reaches out (external
 * references, entities) is refused rather than cleaned.
 */
const SVG_REFUSED: [RegExp, string][] = [
  // With or without a namespace prefix (<svg:script>).
  [/<([\w.-]+:)?script/i, 'a script'],
  [/<([\w.-]+:)?foreignObject/i, 'embedded HTML (foreignObject)'],
  // A character reference could spell any of what is refused here (&#106;avascript:).
  [/&#/, 'a character reference (&#…;)'],
  [/\son[a-z]+\s*=/i, 'an event handler attribute (on…=)'],
  [/javascript:/i, 'a javascript: link'],
  [/<!(DOCTYPE|ENTITY)/i, 'a DOCTYPE or entity'],
  [/(href|src)\s*=\s*["']\s*(https?:|\/\/|data:)/i, 'a reference to another file or address'],
  [/@import|url\(\s*["']?\s*(https?:|\/\/)/i, 'a style that loads from another address'],
];

/** Why these bytes are no logo, or null when they are a PNG or a harmless SVG within the size. */
export function logoProblem(bytes: Buffer, mediaType?: TenantLogo['mediaType']): string | null {
  if (bytes.length === 0) return 'is empty';
  if (bytes.length > LOGO_MAX_BYTES) return `is ${bytes.length} bytes; a logo may be at most ${LOGO_MAX_BYTES}`;
  const kind = kindOf(bytes);
  if (!kind) return 'must be an SVG or PNG image';
  if (mediaType && kind !== mediaType) return `is declared ${mediaType} but its content is ${kind}`;
  if (kind === 'image/svg+xml') {
    const text = bytes.toString('utf8');
    const refused = SVG_REFUSED.find(([pattern]) => pattern.test(text));
    if (refused) return `is an SVG with ${refused[1]}, which a logo may not have`;
  }
  return null;
}

/** The logo of these bytes (check logoProblem first). */
export function logoOf(bytes: Buffer): TenantLogo {
  return {
    mediaType: kindOf(bytes) ?? 'image/png',
    base64: bytes.toString('base64'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** A data: URL of the bytes, as the onboarding API takes a logo. */
export function logoDataUrl(bytes: Buffer): string {
  return `data:${kindOf(bytes) ?? 'application/octet-stream'};base64,${bytes.toString('base64')}`;
}

/** The bytes and declared type of a logo's data: URL, or null when it is not one. */
export function parseLogoDataUrl(value: string): { bytes: Buffer; mediaType: TenantLogo['mediaType'] } | null {
  const match = DATA_URL.exec(value);
  return match ? { bytes: Buffer.from(match[2], 'base64'), mediaType: match[1] as TenantLogo['mediaType'] } : null;
}

function kindOf(bytes: Buffer): TenantLogo['mediaType'] | null {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  // An SVG: optional BOM, XML declaration, DOCTYPE (refused later, by name) and comments, then <svg.
  const head = bytes
    .subarray(0, 4000)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const rest = head.replace(/^\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>)\s*)*/i, '');
  return /^<svg[\s>]/.test(rest) ? 'image/svg+xml' : null;
}

/** A data: URL (image/svg+xml or image/png, base64) holding an acceptable logo. */
export function IsLogoDataUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLogoDataUrl',
      validator: {
        validate: (value) => {
          if (typeof value !== 'string') return false;
          const parsed = parseLogoDataUrl(value);
          return parsed !== null && logoProblem(parsed.bytes, parsed.mediaType) === null;
        },
        defaultMessage: (args?: ValidationArguments) => {
          const parsed = typeof args?.value === 'string' ? parseLogoDataUrl(args.value) : null;
          if (!parsed) return `${args?.property} must be a data: URL of an SVG or PNG image (base64)`;
          return `${args?.property} ${logoProblem(parsed.bytes, parsed.mediaType)}`;
        },
      },
    },
    options,
  );
}
