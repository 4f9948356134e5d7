// Tenants for the bench, made through the product's own door: an operator logs in at the
// admin app and onboards municipalities with POST /api/v1/tenants; the worker provisions them.
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { LauncherError, sleep } from '../lib/proc.mjs';
import { inParallel, requestJson, summarize } from './load.mjs';

/** The platform's service templates (one folder each), the services a municipality can offer. */
const TEMPLATES = readdirSync(new URL('../../libs/catalogue/service-templates/', import.meta.url)).sort();

/** A municipality with `serviceCount` services, each a template titled after the municipality. */
export function tenantSpec(slug, serviceCount) {
  if (serviceCount > TEMPLATES.length) {
    throw new LauncherError(`a municipality offers at most ${TEMPLATES.length} services (one per template)`);
  }
  return {
    slug,
    name: `Bench municipality ${slug}`,
    locales: ['et', 'en'],
    defaultLocale: 'et',
    timeZone: 'Europe/Tallinn',
    currency: 'EUR',
    branding: { primaryColor: '#00558c' },
    services: TEMPLATES.slice(0, serviceCount).map((template, i) => ({
      template,
      customisation: { texts: { title: { et: `Teenus ${i + 1}`, en: `Service ${i + 1} of ${slug}` } } },
    })),
  };
}

/**
 * The municipality of figures 7 and 8: it offers the project grant (23 required answers, no
 * required file), logs citizens and staff in at the sandbox's providers with Tartu's clients
 * (the sandbox registers clients per seed municipality, and accepts any *.localhost
 * callback), and has the owner whose staff persona (tartu-owner) works the queue.
 * @param {Record<'citizen' | 'staff', { ref: string, clientId: string }>} clients
 */
export function casesTenantSpec(slug, sandboxBase, clients) {
  const provider = (kind, path) => ({
    issuer: `${sandboxBase}/${path}`,
    clientId: clients[kind].clientId,
    clientSecretRef: clients[kind].ref,
  });
  return {
    ...tenantSpec(slug, 0),
    identityProvider: { citizen: provider('citizen', 'eid'), staff: provider('staff', 'staff') },
    staff: [{ email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' }],
    services: [{ template: 'project-grant' }],
  };
}

/** POST /api/v1/operator-sessions; returns the bearer token. */
export async function login(adminPort, email, password) {
  const { status, body } = await requestJson({
    port: adminPort,
    method: 'POST',
    path: '/api/v1/operator-sessions',
    body: { email, password },
  });
  if (status !== 201 && status !== 200)
    throw new LauncherError(`operator login answered ${status}: ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * POSTs every spec with at most `concurrency` requests in flight on keep-alive connections.
 * Returns the latencies of the POSTs and when the last answer came.
 */
export async function postTenants({ adminPort, token, specs, concurrency }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const failures = [];
  const started = performance.now();
  try {
    const answers = await inParallel(specs, concurrency, async (spec) => {
      const answer = await requestJson({
        port: adminPort,
        method: 'POST',
        path: '/api/v1/tenants',
        headers: { authorization: `Bearer ${token}` },
        body: spec,
        agent,
      });
      if (answer.status !== 201) failures.push({ slug: spec.slug, status: answer.status, body: answer.body });
      return answer.ms;
    });
    const seconds = (performance.now() - started) / 1000;
    if (failures.length > 0) {
      const first = failures[0];
      throw new LauncherError(
        `${failures.length} of ${specs.length} onboardings failed; first: ${first.slug} → ${first.status} ${JSON.stringify(first.body)}`,
      );
    }
    return { started, posts: { ...summarize(answers, seconds), rps: specs.length / seconds } };
  } finally {
    agent.destroy();
  }
}

/**
 * Polls the tenants table (every 50 ms, one cheap count) until `expected` tenants are active.
 * A provisioning error alone is not fatal (Bull retries the job); no progress for `stallMs`
 * with errors recorded, or `timeoutMs` overall, is.
 * @returns {Promise<number>} performance.now() when the last one was seen active
 */
export async function waitUntilActive(db, expected, { timeoutMs = 300_000, stallMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastActive = -1;
  let lastProgressAt = Date.now();
  for (;;) {
    const { rows } = await db.query(
      `select count(*) filter (where status = 'active')::int as active,
              count(*) filter (where provisioning_error is not null)::int as failed,
              min(provisioning_error) as error
         from tenants`,
    );
    const [{ active, failed, error }] = rows;
    if (active >= expected) return performance.now();
    if (active !== lastActive) [lastActive, lastProgressAt] = [active, Date.now()];
    if (failed > 0 && Date.now() - lastProgressAt > stallMs) {
      throw new LauncherError(
        `provisioning stalled at ${active} of ${expected} active; ${failed} with errors, e.g. ${error}`,
      );
    }
    if (Date.now() > deadline) {
      throw new LauncherError(`only ${active} of ${expected} tenants active after ${timeoutMs / 1000} s`);
    }
    await sleep(50);
  }
}

/** The catalogue of a tenant as the public API serves it (a sanity check before loading it). */
export async function checkCatalogue(apiPort, host, expectedItems) {
  const { status, body } = await requestJson({ port: apiPort, path: '/api/v1/services', host });
  if (status !== 200 || body?.items?.length !== expectedItems) {
    throw new LauncherError(
      `GET /api/v1/services at ${host} answered ${status} with ${body?.items?.length} items (expected ${expectedItems}): ${JSON.stringify(body).slice(0, 300)}`,
    );
  }
}
