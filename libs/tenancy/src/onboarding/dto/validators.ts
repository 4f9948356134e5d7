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

/** A text per locale: { "et": "…", "en": "…" } with supported locales and non-empty texts. */
export function IsLocalizedText(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalizedText',
      validator: {
        validate: (value) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length > 0 &&
          Object.entries(value).every(
            ([locale, text]) =>
              (SUPPORTED_LOCALES as readonly string[]).includes(locale) &&
              typeof text === 'string' &&
              text.trim().length > 0 &&
              PLAIN_TEXT.test(text) &&
              text.length <= maxLength,
          ),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must map locales (${SUPPORTED_LOCALES.join(', ')}) to non-empty texts of at most ${maxLength} characters, without control characters`,
      },
    },
    options,
  );
}
