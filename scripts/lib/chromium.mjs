// The browser tests drive Debian's Chromium through playwright-core.
import { existsSync } from 'node:fs';
import { LauncherError, findOnPath, log, run } from './proc.mjs';

const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium package with apt-get when /usr/bin/chromium is missing. */
export async function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0 || !findOnPath('apt-get')) {
    throw new LauncherError(
      `${CHROMIUM} is missing and the browser tests need it: install it (sudo apt-get install chromium)`,
    );
  }
  log(`${CHROMIUM} is missing: installing chromium with apt-get (takes about half a minute)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const code = await run('apt-get', args, { env });
    if (code !== 0) throw new LauncherError(`apt-get ${args.join(' ')} failed (exit code ${code})`);
  }
}
