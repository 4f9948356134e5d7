import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * A JSON Schema 2020-12 validator with the standard formats (date, email, uri…), reporting
 * every error. `strict`: unknown keywords are errors (for schemas people write: a typo like
 * `minLenght` must not pass silently); off for the platform's own schemas of definitions.
 */
export function createAjv(strict: boolean): Ajv2020 {
  const ajv = strict
    ? new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false })
    : new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}
