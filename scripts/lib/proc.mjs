// Process plumbing shared by the launcher scripts (npm start, npm test, npm run migrate, ...).
// Node built-ins only: deps.mjs imports this module before node_modules exists.
// Importing it has no side effects (no signal handlers), so jest setup code may import
// modules that use it.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is scripts/lib/proc.mjs). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function log(message) {
  console.log(`[townhall] ${message}`);
}

/** An expected failure: main() prints its message as one line, without a stack trace. */
export class LauncherError extends Error {}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The URL with its password replaced by ***, for log lines. */
export function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** The full path of an executable on PATH, or null. */
export function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** The exit status a shell reports for a process killed by `signal` (SIGINT: 130). */
export function signalExitStatus(signal) {
  return 128 + (os.constants.signals[signal] ?? 0);
}

/** "exit code 1", "signal SIGKILL" or "could not start: ..." for a child's exit result. */
export function describeExit({ code, signal, error }) {
  if (error) return `could not start: ${error.message}`;
  if (signal) return `signal ${signal}`;
  return `exit code ${code}`;
}

// --- Child processes --------------------------------------------------------------------
//
// A handle is { name, child, detached, exited }, where `exited` resolves to
// { code, signal, error? } once the child is gone and its output is flushed.

/** Children stopped first on shutdown: the apps and the step currently running. */
const children = new Set();
/** Everything we spawned, for the last-resort SIGTERM when the launcher itself exits. */
const spawned = new Set();
/** Stops of services we started (database, Redis), run after the children are gone. */
const cleanups = [];
let stopping = false;
let exitHookInstalled = false;

export function isStopping() {
  return stopping;
}

/** Registers an async function that stops something we started; run in reverse order. */
export function onCleanup(stop) {
  cleanups.push(stop);
}

function spawnChild(name, command, args, { env = process.env, detached = false, stdio = 'inherit' }) {
  const child = spawn(command, args, { cwd: ROOT, env, detached, stdio });
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const handle = { name, child, detached, exited };
  spawned.add(handle);
  exited.then(() => spawned.delete(handle));
  installExitHook();
  return handle;
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Normally everything is stopped before we exit; this only matters when the launcher
  // crashes, so nothing is left running in the background.
  process.on('exit', () => {
    for (const handle of spawned) signalHandle(handle, 'SIGTERM');
  });
}

function signalHandle(handle, signal) {
  const { child, detached } = handle;
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // A detached child leads its own process group: signal the group, so that anything it
    // started stops as well.
    if (detached) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // it is already gone
  }
}

/** SIGTERM, then SIGKILL when the child has not exited after `timeoutMs`. */
export async function stopHandle(handle, timeoutMs = 15_000) {
  signalHandle(handle, 'SIGTERM');
  const timer = setTimeout(() => {
    log(`${handle.name} did not stop within ${timeoutMs / 1000} s: killing it`);
    signalHandle(handle, 'SIGKILL');
  }, timeoutMs);
  await handle.exited;
  clearTimeout(timer);
}

/**
 * Runs a command in the foreground with the terminal's stdio (npm install, jest, the admin
 * CLI) and returns its exit status. Ctrl-C in a terminal reaches it directly.
 */
export async function run(command, args, { env = process.env } = {}) {
  const handle = spawnChild(command, command, args, { env });
  children.add(handle);
  const result = await handle.exited;
  children.delete(handle);
  if (result.error) throw new LauncherError(`could not run ${command}: ${result.error.message}`);
  return result.code ?? signalExitStatus(result.signal);
}

/**
 * Starts a long-running child whose output lines are prefixed with [name]. It runs in its
 * own process group, so Ctrl-C in the terminal does not reach it: the launcher sends it one
 * SIGTERM on shutdown (a second signal would cut a graceful shutdown short).
 */
export function startService(name, command, args, { env = process.env } = {}) {
  const handle = spawnChild(name, command, args, {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(handle.child.stdout, `[${name}]`, process.stdout);
  prefixLines(handle.child.stderr, `[${name}]`, process.stderr);
  children.add(handle);
  handle.exited.then(() => children.delete(handle));
  return handle;
}

/**
 * Starts a background server (redis-server) in its own process group. Unlike services it is
 * not stopped with the children: its owner stops it in a cleanup, after the apps are gone.
 */
export function startBackground(name, command, args, { env = process.env } = {}) {
  return spawnChild(name, command, args, { env, detached: true, stdio: 'ignore' });
}

function prefixLines(stream, prefix, target) {
  readline
    .createInterface({ input: stream, crlfDelay: Infinity })
    .on('line', (line) => target.write(`${prefix} ${line}\n`));
}

async function stopChildren() {
  await Promise.all([...children].map((handle) => stopHandle(handle)));
}

// --- Entry point ------------------------------------------------------------------------

/**
 * Runs a launcher script: `body` returns the exit code. Afterwards (or on Ctrl-C, SIGTERM,
 * SIGHUP, or an error) it stops the children, runs the cleanups and exits.
 * `exitCodeOnSignal(signal)` gives the exit code after a signal (default 0).
 */
export async function main(body, { exitCodeOnSignal = () => 0 } = {}) {
  let signalsSeen = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      signalsSeen += 1;
      if (signalsSeen === 1) {
        log(`${signal} received: stopping`);
        shutdown(exitCodeOnSignal(signal));
      } else {
        // Impatient second Ctrl-C: kill the children; the database and Redis still stop cleanly.
        log('second signal: killing the remaining processes');
        for (const handle of children) signalHandle(handle, 'SIGKILL');
      }
    });
  }

  let code;
  try {
    code = await body();
  } catch (error) {
    // While stopping, a step failing because we killed it is expected, not news.
    if (stopping) return;
    reportError(error);
    code = 1;
  }
  await shutdown(code ?? 0);
}

function reportError(error) {
  if (error instanceof LauncherError) log(error.message);
  else console.error('[townhall] unexpected error:', error);
}

async function shutdown(code) {
  // Only the first call does the work; it ends the process, so later callers just wait.
  if (stopping) return new Promise(() => {});
  stopping = true;
  await stopChildren();
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log(`while stopping: ${error?.message ?? error}`);
    }
  }
  process.exit(code);
}
