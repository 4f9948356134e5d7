import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** A client of one municipality's JSON API, typed by its OpenAPI document (libs/sdk/openapi.json). */
export type TownhallClient = Client<paths>;

export interface TownhallClientOptions {
  /** An API key of the municipality whose host `baseUrl` names (th_…), from its office. */
  apiKey: string;
  /** A fetch of one's own (a proxy's, a test's); the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request (an X-Request-Id, say). */
  headers?: Record<string, string>;
}

/**
 * A typed client of the municipality at `baseUrl` (its own host: https://tartu.example.eu),
 * sending the API key with every request. Built on openapi-fetch: `client.GET(path, { params })`
 * answers `{ data, error, response }`, `error` being the problem+json of a refusal.
 *
 *   const townhall = createTownhallClient('https://tartu.example.eu', { apiKey });
 *   const { data: cases } = await townhall.GET('/api/v1/office/cases', { params: { query: { state: 'submitted' } } });
 */
export function createTownhallClient(baseUrl: string, options: TownhallClientOptions): TownhallClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
  });
}

/** An error as the API answers it (problem+json). */
export type Problem = components['schemas']['ProblemResponseDto'];
/** A case in the work queue. */
export type CaseSummary = components['schemas']['CaseSummaryResponseDto'];
/** A case with its answers, history and files. */
export type Case = components['schemas']['CaseResponseDto'];
