import type { FastifyRequest } from 'fastify';
import type { ApiKeyScope } from '../domain/api-key-scopes.js';

/** A municipality's system calling with one of its API keys, as the request knows it. */
export interface ApiClient {
  keyId: string;
  /** The key's name, as the admin gave it. */
  name: string;
  /** The key's public prefix (th_…). */
  prefix: string;
  scopes: ApiKeyScope[];
  /** How the system appears where people see who acted: a case's history, a data-access log. */
  actorName: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `api-key` policy (and `staff-or-api-key` when a key was sent). */
    apiClient?: ApiClient;
  }
}

/** The system whose API key admitted the request; undefined when a person did (or nobody). */
export function apiClientOf(request: FastifyRequest): ApiClient | undefined {
  return request.apiClient;
}

export function apiKeyActorName(key: { name: string; prefix: string }): string {
  return `${key.name} (API key ${key.prefix})`;
}
