import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Thrown at start-up when a setting is missing or malformed; names every bad setting. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => `${e.property}: ${message}`));
}

/**
 * Builds a configuration object from the environment and validates it. This is the only
 * place in the code base that reads process.env (lint enforces it elsewhere).
 */
export function loadConfig<T extends object>(
  cls: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const config = plainToInstance(cls, env, { exposeDefaultValues: true, excludeExtraneousValues: true });
  const errors = validateSync(config, {
    skipMissingProperties: false,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) throw new ConfigurationError(describe(errors));
  return config;
}

/**
 * A secret a tenant's settings refer to by name (an identity provider's client secret:
 * clientSecretRef), read from the environment when it is needed: tenants are added while
 * the apps run, so their secrets cannot all be known at start-up. Undefined when unset.
 */
export function secretFromEnvironment(name: string): string | undefined {
  if (!/^[A-Z][A-Z0-9_]{0,100}$/.test(name)) return undefined;
  const value = process.env[name];
  return value === '' ? undefined : value;
}
