// Installs and builds before anything else runs. Node built-ins only (plus proc.mjs, which is
// built-ins only too): this module is imported before node_modules exists.
import { existsSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { LauncherError, ROOT, log, run } from './proc.mjs';

// npm writes this "hidden lockfile" on every install that changes node_modules.
const INSTALL_MARKER = path.join(ROOT, 'node_modules', '.package-lock.json');

/** Runs `npm install` when node_modules is missing or older than package(-lock).json. */
export async function ensureInstalled() {
  const reason = installReason();
  if (!reason) return;
  log(`${reason}: running npm install`);
  // `npm install`, never `npm ci`: the lockfile made here lacks other platforms' optional
  // native packages, which npm ci refuses (see STACK-NOTES.md).
  const code = await run('npm', ['install', '--no-audit', '--no-fund']);
  if (code !== 0) throw new LauncherError(`npm install failed (exit code ${code})`);
  // npm leaves the marker alone when nothing changed (e.g. only a script in package.json
  // was edited); touch it so the same install is not repeated on every run.
  if (existsSync(INSTALL_MARKER)) {
    const now = new Date();
    utimesSync(INSTALL_MARKER, now, now);
  }
}

/** Why an install is needed, or null when node_modules is up to date. */
function installReason() {
  if (!existsSync(INSTALL_MARKER)) return 'node_modules is missing';
  const installedAt = modifiedAt(INSTALL_MARKER);
  if (modifiedAt(path.join(ROOT, 'package-lock.json')) > installedAt) {
    return 'package-lock.json is newer than node_modules';
  }
  if (modifiedAt(path.join(ROOT, 'package.json')) > installedAt) {
    return 'package.json is newer than node_modules';
  }
  return null;
}

function modifiedAt(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

/** Runs `npm run build` (incremental tsc: quick when nothing changed). */
export async function ensureBuilt() {
  log('building (npm run build)');
  const code = await run('npm', ['run', 'build']);
  if (code !== 0) throw new LauncherError(`npm run build failed (exit code ${code})`);
}
