import { wcagContrast } from 'culori';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { SUPPORTED_LOCALES } from '../../domain/tenant.entity.js';

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
TIME_ZONES.add('UTC');

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value) => typeof value === 'string' && TIME_ZONES.has(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an IANA time zone such as Europe/Tallinn`,
      },
    },
    options,
  );
}

/** The value must be one of the values of a sibling array property. */
export function IsOneOfProperty(property: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOneOfProperty',
      constraints: [property],
      validator: {
        validate: (value, args) => {
          const list = (args?.object as Record<string, unknown>)[property];
          return Array.isArray(list) && list.includes(value);
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must be one of ${property}`,
      },
    },
    options,
  );
}

/** Printable text: no control characters (PostgreSQL refuses NUL; none belongs in a name). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const PLAIN_TEXT = /^[^\u0000-\u001f\u007f]*$/;

/** WCAG 2.1 AA: normal text needs a contrast of 4.5:1 with its background. */
export const MINIMUM_TEXT_CONTRAST = 4.5;

/**
 * A colour that text of `textProperty` (or white when it is not given) is written on: the
 * pair must reach 4.5:1, else pages in the municipality's colours would fail WCAG 2.1 AA.
 */
export function HasTextContrastWith(textProperty: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasTextContrastWith',
      constraints: [textProperty],
      validator: {
        validate: (value, args) => {
          const text = (args?.object as Record<string, unknown>)[textProperty] ?? '#ffffff';
          if (typeof value !== 'string' || typeof text !== 'string') return true; // the format check names it
          const ratio = wcagContrast(value, text);
          return Number.isFinite(ratio) && ratio >= MINIMUM_TEXT_CONTRAST;
        },
        defaultMessage: (args?: ValidationArguments) => {
          const text = ((args?.object as Record<string, unknown>)[textProperty] as string | undefined) ?? '#ffffff';
          const ratio = wcagContrast(String(args?.value), text);
          return `${args?.property} ${String(args?.value)} and ${textProperty} ${text} have a contrast of ${ratio.toFixed(2)}:1; text needs at least ${MINIMUM_TEXT_CONTRAST}:1 (WCAG 2.1 AA)`;
        },
      },
    },
    options,
  );
}

/** What is wrong with a text given per language ({ fi: …, en: … }), or null. */
function textPerLocaleProblem(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ' must map languages to texts, e.g. { fi: …, en: … }';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return ' must have a text in at least one language';
  for (const [locale, text] of entries) {
    if (!(SUPPORTED_LOCALES as readonly string[]).includes(locale)) {
      return ` has ${locale}, which is not one of ${SUPPORTED_LOCALES.join(', ')}`;
    }
    if (typeof text !== 'string' || text.trim() === '') return `.${locale} must be a text`;
    if (text.length > maxLength) return `.${locale} must be at most ${maxLength} characters`;
    // eslint-disable-next-line no-control-regex -- line breaks are allowed, other control characters not
    if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) return `.${locale} must not contain control characters`;
  }
  return null;
}

/** A text per language the platform knows ({ fi: …, sv: …, en: … }), each at most `maxLength` long. */
export function IsTextPerLocale(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTextPerLocale',
      constraints: [maxLength],
      validator: {
        validate: (value) => textPerLocaleProblem(value, maxLength) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property}${textPerLocaleProblem(args?.value, maxLength) ?? ' is not valid'}`,
      },
    },
    options,
  );
}
