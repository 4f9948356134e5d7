// Load generation and its statistics: autocannon (programmatic) for HTTP, closed loops of
// async operations for in-process work, and a small HTTP client for the set-up requests.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/**
 * GETs `path` at 127.0.0.1:port with `connections` keep-alive connections: a warm-up (that,
 * with several hosts, first touches every host once, so per-host caches are warm), then
 * `duration` seconds measured. Requests cycle through `hosts` (Host headers), or through
 * `headerSets` (e.g. one per logged-in session: host, cookie, CSRF token). `method`, `body`
 * and `headers` are the same for every request (e.g. a POST of JSON).
 * Latencies are our own float milliseconds of the 2xx answers (autocannon's histogram is in
 * whole milliseconds, too coarse for p50s of a few ms); rps counts 2xx answers only;
 * `statuses` counts the measured answers by status code.
 * `meter` (cpu.mjs), if given, measures CPU per request over the measured run.
 */
export async function httpLoad({
  port,
  path = '/',
  method = 'GET',
  body,
  headers,
  hosts = [],
  headerSets = hosts.map((host) => ({ host })),
  connections,
  duration,
  warmup,
  meter,
}) {
  const options = {
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    timeout: 10,
    method,
    // Only when given: an undefined one would replace autocannon's defaults.
    ...(body === undefined ? {} : { body }),
    ...(headers === undefined ? {} : { headers }),
  };
  if (headerSets.length > connections) {
    await cannon({ ...options, ...headerCycle(headerSets), amount: headerSets.length + 2 * connections });
  }
  await cannon({ ...options, ...headerCycle(headerSets), duration: warmup });
  await meter?.start();
  const started = performance.now();
  const { result, latencies, statuses } = await cannon({ ...options, ...headerCycle(headerSets), duration });
  const seconds = (performance.now() - started) / 1000;
  await meter?.stop(result.requests.total);
  const ok = result['2xx'];
  return {
    ...summarize(latencies, seconds),
    rps: ok / seconds,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    hosts: Math.max(1, hosts.length),
    connections,
    autocannon: { rpsAverage: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 },
    cpuMsPerRequest: meter?.perUnit() ?? null,
    othersShare: meter?.othersShare() ?? null,
  };
}

/** Unmeasured traffic, e.g. to let a freshly started app's JIT settle before any figure. */
export async function warmUp({ port, path = '/', hosts = [], connections, seconds }) {
  await cannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    timeout: 10,
    ...headerCycle(hosts.map((host) => ({ host }))),
    duration: seconds,
  });
}

/**
 * One set of headers (a Host header, a session's cookie…) for all requests, or, for several,
 * each request takes the next set from a counter shared by all connections (so connections
 * do not march through the sets in step). Built per request either way, so 10 and 1,000
 * hosts cost the load generator the same.
 */
function headerCycle(headerSets) {
  if (headerSets.length === 0) return {};
  let next = 0;
  return {
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, ...headerSets[next++ % headerSets.length] },
        }),
      },
    ],
  };
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve({ result, latencies, statuses }),
    );
    instance.on('response', (_client, status, _bytes, milliseconds) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) latencies.push(milliseconds);
    });
  });
}

/**
 * Runs each of `variants` (name → async op) in `concurrency` closed loops (each loop awaits
 * its op before starting the next), the in-process counterpart of autocannon. After a
 * warm-up of each, the `duration` seconds of each variant are measured in `rounds` slices,
 * taken in turn (and in a rotating order): on a shared machine, load from other processes
 * then falls on every variant alike instead of skewing the one that happened to run during it.
 * `meter`, if given, makes a cpuMeter (cpu.mjs) per variant, run around each measured slice.
 */
export async function compareLoops(variants, { concurrency, duration, warmup, rounds = 5, meter }) {
  const names = Object.keys(variants);
  for (const name of names) await drive(variants[name], concurrency, warmup, null);
  const totals = Object.fromEntries(
    names.map((name) => [name, { latencies: [], seconds: 0, count: 0, meter: meter?.() }]),
  );
  for (let round = 0; round < rounds; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) {
      const total = totals[name];
      await total.meter?.start();
      const { seconds, count } = await drive(variants[name], concurrency, duration / rounds, total.latencies);
      await total.meter?.stop(count);
      total.seconds += seconds;
      total.count += count;
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const { latencies, seconds, count } = totals[name];
      const { meter: variantMeter } = totals[name];
      return [
        name,
        {
          ...summarize(latencies, seconds),
          ops: count / seconds,
          count,
          concurrency,
          rounds,
          cpuMsPerOp: variantMeter?.perUnit() ?? null,
          othersShare: variantMeter?.othersShare() ?? null,
        },
      ];
    }),
  );
}

async function drive(op, concurrency, seconds, sink) {
  const started = performance.now();
  const end = started + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const begun = performance.now();
        await op();
        sink?.push(performance.now() - begun);
        count += 1;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, count };
}

/** p50, p90, p99 and mean of latencies in ms (nearest-rank percentiles). */
export function summarize(latencies, seconds) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q) =>
    sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mean = sorted.length === 0 ? null : sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean, samples: sorted.length, seconds };
}

/** Runs `work` over `items` with at most `concurrency` at a time; keeps the order of results. */
export async function inParallel(items, concurrency, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * A JSON request over node:http (fetch may not set a Host header, which tenant routing needs).
 * @returns {Promise<{ status: number, body: any, ms: number }>}
 */
export function requestJson({ port, method = 'GET', path, host, headers = {}, body, agent }) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          accept: 'application/json',
          ...(host ? { host } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text for the error message
          }
          resolve({ status: res.statusCode, body: parsed, ms: performance.now() - started });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
