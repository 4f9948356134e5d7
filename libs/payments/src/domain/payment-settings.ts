import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateNested,
  validate,
} from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { RequestValidationException, type FieldError } from '@townhall/platform';
import { GATEWAY_METHODS, PAYMENT_METHODS, type PaymentMethod } from './payment.entity.js';

/** Where the municipality's payment gateway is, and who it is there (its merchant account). */
export class PaymentGatewaySettingsDto {
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL, e.g. http://localhost:4000/payments' },
  )
  url: string;

  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'merchantId must be 1-64 letters, digits, ., _ or -' })
  merchantId: string;

  /** The name of the environment variable holding the merchant's signing secret (never the secret). */
  @Matches(/^[A-Z][A-Z0-9_]{1,100}$/, {
    message: 'secretRef must name an environment variable, e.g. TARTU_PAYMENTS_SECRET',
  })
  secretRef: string;
}

/** A tenant file's `payments:` section. */
export class PaymentSettingsDto {
  @IsArray({ message: 'methods must be a list of card, bank-link, invoice, at-office' })
  @ArrayNotEmpty({ message: 'methods must name at least one way to pay' })
  @ArrayUnique({ message: 'methods must not repeat a method' })
  @IsIn(PAYMENT_METHODS, { each: true, message: `each method must be one of ${PAYMENT_METHODS.join(', ')}` })
  methods: PaymentMethod[];

  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentGatewaySettingsDto)
  gateway?: PaymentGatewaySettingsDto;

  /** How long a payment (and its gateway session) stays open, in minutes (default 30). */
  @IsOptional()
  @Min(1, { message: 'sessionMinutes must be from 1 to 1440' })
  @Max(1440, { message: 'sessionMinutes must be from 1 to 1440' })
  @IsInt({ message: 'sessionMinutes must be a whole number of minutes' })
  sessionMinutes?: number;
}

/** What a municipality's payments run on, checked. */
export interface PaymentSettings {
  methods: PaymentMethod[];
  gateway?: { url: string; merchantId: string; secretRef: string };
  sessionMinutes: number;
}

export const DEFAULT_SESSION_MINUTES = 30;

/** Checks a tenant file's `payments:` section; problems are named by their path (payments.gateway.url). */
export async function parsePaymentSettings(
  plain: unknown,
): Promise<{ settings: PaymentSettings | null; problems: FieldError[] }> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { settings: null, problems: [{ field: 'payments', message: 'payments must be a mapping with methods' }] };
  }
  const dto = plainToInstance(PaymentSettingsDto, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  const problems = RequestValidationException.fromValidationErrors(errors, 'payments').fieldErrors;
  if (problems.length === 0 && !dto.gateway && dto.methods.some((m) => GATEWAY_METHODS.includes(m))) {
    problems.push({
      field: 'payments.gateway',
      message: 'card and bank-link payments need a gateway (url, merchantId, secretRef)',
    });
  }
  if (problems.length > 0) return { settings: null, problems };
  return {
    settings: {
      methods: [...dto.methods],
      ...(dto.gateway
        ? {
            gateway: {
              url: dto.gateway.url.replace(/\/$/, ''),
              merchantId: dto.gateway.merchantId,
              secretRef: dto.gateway.secretRef,
            },
          }
        : {}),
      sessionMinutes: dto.sessionMinutes ?? DEFAULT_SESSION_MINUTES,
    },
    problems,
  };
}
