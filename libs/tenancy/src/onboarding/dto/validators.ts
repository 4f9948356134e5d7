import { wcagContrast } from 'culori';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

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
