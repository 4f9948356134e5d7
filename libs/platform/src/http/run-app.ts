import { ConfigurationError } from '../config/load-config.js';

/** PostgreSQL and network errors that mean "the database named in DATABASE_URL is not usable". */
const DATABASE_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address',
  ENOTFOUND: 'the host name does not resolve',
  ETIMEDOUT: 'the connection timed out',
  '3D000': 'the database does not exist',
  '28P01': 'the password was refused',
  '28000': 'the role may not log in',
};

function databaseProblem(error: unknown): string | null {
  const code = (error as { code?: string })?.code;
  return code && DATABASE_ERRORS[code] ? `DATABASE_URL: cannot connect: ${DATABASE_ERRORS[code]}` : null;
}

/**
 * Runs an app's start-up. A configuration problem (a missing or malformed setting, an
 * unsafe database role, an evicting Redis) stops the app with its message, not a stack.
 */
export function runApp(start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    const cause = (error as { cause?: unknown })?.cause;
    const configError =
      error instanceof ConfigurationError ? error : cause instanceof ConfigurationError ? cause : null;
    const database = databaseProblem(error) ?? databaseProblem(cause);
    if (configError) {
      console.error(configError.message);
    } else if (database) {
      console.error(`Invalid configuration:\n  - ${database}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
