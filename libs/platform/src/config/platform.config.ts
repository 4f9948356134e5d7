import { applyDecorators } from '@nestjs/common';
import { Expose, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  type ValidationArguments,
  ValidateBy,
} from 'class-validator';

/**
 * For numeric settings. loadConfig reports one problem per setting, the first validator
 * that fails, and validators run bottom-up: keep @IsInt last (just above the property),
 * so "abc" reads "must be a port number", not "must not be greater than 65535".
 */
export const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/**
 * DEVELOPMENT DEFAULT of SECRETS_ENCRYPTION_KEY (base64 of "townhall-development-secrets-key"):
 * refused when NODE_ENV is production.
 */
export const DEVELOPMENT_SECRETS_ENCRYPTION_KEY = Buffer.from('townhall-development-secrets-key').toString('base64');

/** A setting whose development default may not be used in production (checked at start-up). */
function NotTheDevelopmentDefaultInProduction(name: string, developmentDefault: string): PropertyDecorator {
  return ValidateBy({
    name: 'notTheDevelopmentDefaultInProduction',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        (args?.object as { NODE_ENV?: string } | undefined)?.NODE_ENV !== 'production' || value !== developmentDefault,
      defaultMessage: () => `${name} is the development default; set a key of your own in production`,
    },
  });
}

/** Settings every app has, including those without a database (the sandbox). */
export class BaseConfig {
  @Expose()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Expose()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Tenants answer at <slug>.<PLATFORM_DOMAIN>; the sandbox redirects only to its hosts. */
  @Expose()
  @IsString()
  @Matches(/^[a-z0-9.-]+$/, { message: 'PLATFORM_DOMAIN must be a lower-case host name' })
  PLATFORM_DOMAIN: string = 'localhost'; // development default
}

/**
 * Settings shared by every app that touches PostgreSQL and Redis. Each app's own config
 * class extends it with its port. Defaults are development values and are marked so.
 */
export class PlatformConfig extends BaseConfig {
  /** The app role's connection: not superuser, no BYPASSRLS, owns no table. */
  @Expose()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /** Connections per process in the pool. */
  @Expose()
  @Transform(toInt)
  @Min(1)
  @Max(200)
  @IsInt()
  DATABASE_POOL_SIZE: number = 10;

  @Expose()
  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379'; // development default

  /** Key prefix of every queue; lets several deployments (or test runs) share one Redis. */
  @Expose()
  @IsString()
  @Matches(/^[a-z0-9_-]{1,40}$/i, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, - or _' })
  QUEUE_PREFIX: string = 'townhall';

  /** How long a job may run before Bull thinks its worker died (ms). */
  @Expose()
  @Transform(toInt)
  @Min(1000)
  @IsInt()
  JOB_LOCK_MS: number = 30000;

  @Expose()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  APP_INSTANCE?: string;

  /**
   * How browsers reach the apps. 'https' makes cookies Secure (and __Host- prefixed) and
   * callback addresses https; 'http' is for development on localhost only.
   */
  @Expose()
  @IsIn(['http', 'https'], { message: 'PUBLIC_PROTOCOL must be http or https' })
  PUBLIC_PROTOCOL: 'http' | 'https' = 'http'; // development default

  /** A logged-in session ends after this many seconds without a request. */
  @Expose()
  @Transform(toInt)
  @Min(1)
  @IsInt()
  SESSION_IDLE_SECONDS: number = 30 * 60;

  /** A logged-in session ends this many seconds after login, however busy. */
  @Expose()
  @Transform(toInt)
  @Min(1)
  @IsInt()
  SESSION_ABSOLUTE_SECONDS: number = 12 * 60 * 60;

  /**
   * Where uploaded files and issued documents are kept (local disk; object storage comes by a
   * later setting). A relative path is taken from the project folder.
   */
  @Expose()
  @IsString()
  @IsNotEmpty()
  FILE_STORAGE_DIR: string = '.data/files'; // development default

  /**
   * A folder of service template files read besides the platform's own (a deployment's own
   * templates, or a release's next versions under test); same layout: <code>/v<n>.yaml.
   */
  @Expose()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SERVICE_TEMPLATES_EXTRA_DIR?: string;

  /** Applications a person may start and submit per hour at one municipality (abuse guard). */
  @Expose()
  @Transform(toInt)
  @Min(1)
  @IsInt()
  SUBMISSIONS_PER_HOUR: number = 60;

  /**
   * The mail server messages leave through (smtp:// or smtps://, credentials in the URL).
   * The default is the sandbox's mail server.
   */
  @Expose()
  @IsString()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL: string = 'smtp://127.0.0.1:2525'; // development default (the sandbox)

  /**
   * How often a message is tried before it is given up and shown to the municipality's admins
   * (with a retry button). Waits double from 1 s: 10 tries span about 17 minutes.
   */
  @Expose()
  @Transform(toInt)
  @Min(1)
  @Max(20)
  @IsInt()
  NOTIFICATION_ATTEMPTS: number = 10;

  /** The sender address of every mail; the display name is the municipality's. */
  @Expose()
  @IsString()
  @Matches(/^[^\s@<>]+@[^\s@<>]+$/, { message: 'MAIL_FROM must be an e-mail address' })
  MAIL_FROM: string = 'no-reply@townhall.localhost'; // development default

  /** The SMS provider's send endpoint (REST, JSON, bearer token). */
  @Expose()
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'SMS_API_URL must be an http(s) URL' })
  SMS_API_URL: string = 'http://localhost:4000/sms/v1/messages'; // development default (the sandbox)

  @Expose()
  @IsString()
  @IsNotEmpty()
  SMS_API_TOKEN: string = 'sandbox-sms-token'; // development default (the sandbox's)

  /**
   * A municipality's portal address in messages, with {slug} for the municipality, e.g.
   * https://{slug}.townhall.example; links in mails and SMS start with it.
   */
  @Expose()
  @IsString()
  @Matches(/^https?:\/\/[^\s]*\{slug\}[^\s]*$/, { message: 'PORTAL_URL must be an http(s) URL containing {slug}' })
  PORTAL_URL: string = 'http://{slug}.localhost:3000'; // development default

  /**
   * SENSITIVE. The key (32 random bytes, base64: `openssl rand -base64 32`) that encrypts
   * secrets the platform must keep readable in the database (AES-256-GCM): the webhook
   * signing secrets. The api and the worker need the same key; changing it makes the secrets
   * kept so far unreadable (their webhooks fail until an admin rotates each secret).
   * The default is for development only and is refused in production.
   */
  @Expose()
  @NotTheDevelopmentDefaultInProduction('SECRETS_ENCRYPTION_KEY', DEVELOPMENT_SECRETS_ENCRYPTION_KEY)
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'SECRETS_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
  })
  SECRETS_ENCRYPTION_KEY: string = DEVELOPMENT_SECRETS_ENCRYPTION_KEY; // development default

  /** How long a webhook's receiver may take to answer one delivery before it counts as failed (ms). */
  @Expose()
  @Transform(toInt)
  @Min(100)
  // Well under the 60 s lease a claimed webhook delivery holds: a send never outlives its claim.
  @Max(30_000)
  @IsInt()
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /**
   * When the worker grants proactive benefits (libs/entitlements): a cron expression of five
   * fields (minute hour day month weekday), in UTC. Daily at 06:00 by default.
   */
  @Expose()
  @IsString()
  @Matches(/^\s*[0-9*,/-]+(\s+[0-9*,/-]+){4}\s*$/, {
    message: 'PROACTIVE_CRON must be a cron expression of five fields, e.g. 0 6 * * *',
  })
  PROACTIVE_CRON: string = '0 6 * * *';

  /**
   * How far back a grant of proactive benefits looks: residents who became entitled (e.g.
   * turned 68) within this many days up to today are granted, so runs missed while the
   * worker or the register was down are caught up. Never granted twice.
   */
  @Expose()
  @Transform(toInt)
  @Min(1)
  @Max(366)
  @IsInt()
  PROACTIVE_LOOKBACK_DAYS: number = 30;
}

/** A TCP port setting (API_PORT…): a number from 1 to 65535, with a message naming it. */
export function PortSetting(name: string): PropertyDecorator {
  // applyDecorators registers in this order and loadConfig stops at the first failure:
  // @IsInt first, so "abc" reads "must be a port number".
  return applyDecorators(
    IsInt({ message: `${name} must be a port number` }),
    Min(1),
    Max(65535),
    Transform(toInt),
    Expose(),
  ) as PropertyDecorator;
}
