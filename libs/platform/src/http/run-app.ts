import { ConfigurationError } from '../config/load-config.js';

/**
 * Runs an app's start-up. A configuration problem (a missing or malformed setting, an
 * unsafe database role, an evicting Redis) stops the app with its message, not a stack.
 */
export function runApp(start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    const cause = (error as { cause?: unknown })?.cause;
    const configError = error instanceof ConfigurationError ? error : cause instanceof ConfigurationError ? cause : null;
    if (configError) {
      console.error(configError.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
