import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantCaches, type TenantCache } from './tenant-cache.js';

/** An answer that is the same for everyone who asks the municipality for it. */
export interface PublicResponse {
  body: string;
  etag: string;
  contentType: string;
  /** Headers the answer carries besides those (Content-Language of a page). */
  headers?: Record<string, string>;
}

/** A public answer with its ETag (a hash of the body: the same body, the same tag). */
export function publicResponse(body: string, contentType: string, headers?: Record<string, string>): PublicResponse {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, etag, contentType, ...(headers ? { headers } : {}) };
}

/** Cookies that make a page someone's: a session shows the person in the header. */
const SESSION_COOKIE = /(^|;\s*)(__Host-)?townhall-(portal|office|admin)=/;
const LANGUAGE_COOKIE = /(^|;\s*)townhall-lang=([a-z]{2})/;

/**
 * Answers to public reads (the catalogue…) that are the same for everyone, kept by
 * municipality and exact address, and answered before Nest's request pipeline runs: for a
 * kept answer, that pipeline (routing, guards, pipes, the request context) costs twice the
 * rest of the request. Only an address a controller has answered successfully is kept, so
 * an address that fails validation never is. A change of the municipality empties its
 * answers in every process (TenantChanges); one minute bounds a missed message.
 */
@Injectable()
export class PublicResponses {
  private readonly responses: TenantCache<PublicResponse>;

  constructor(caches: TenantCaches) {
    this.responses = caches.create(60_000);
  }

  /**
   * The answer to this public GET: kept, or made by `make` (once for concurrent requests)
   * and kept unless the municipality changed meanwhile.
   */
  get(request: FastifyRequest, make: () => Promise<PublicResponse>): Promise<PublicResponse> {
    if (!request.tenant) throw new Error('public responses belong to a municipality');
    return this.responses.get(request.tenant.id, request.url, make);
  }

  /**
   * A public page as an anonymous visitor without a query sees it: kept by address and by
   * what decides its language (the language cookie, the browser's languages). A visitor with
   * a session, a search or a language choice in the address gets `make()`'s page, not kept.
   */
  page(request: FastifyRequest, make: () => Promise<PublicResponse>): Promise<PublicResponse> {
    const key = pageKey(request);
    if (!request.tenant || !key) return make();
    return this.responses.get(request.tenant.id, key, make);
  }

  /** Whether page() keeps this request's page (else it is someone's: send it as never kept). */
  keepsPage(request: FastifyRequest): boolean {
    return request.tenant !== null && request.tenant !== undefined && pageKey(request) !== undefined;
  }

  /** Answers the request from what is kept; false when nothing is (the request goes on to Nest). */
  answer(request: FastifyRequest, reply: FastifyReply): boolean {
    if (!request.tenant || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    let kept = this.responses.peek(request.tenant.id, request.url);
    if (!kept) {
      const key = pageKey(request);
      kept = key ? this.responses.peek(request.tenant.id, key) : undefined;
    }
    if (!kept) return false;
    void sendPublicResponse(request, reply, kept);
    return true;
  }
}

/** The key of an anonymous visitor's page; undefined when the page is not everyone's. */
function pageKey(request: FastifyRequest): string | undefined {
  if (request.url.includes('?')) return undefined;
  const cookies = request.headers.cookie ?? '';
  if (SESSION_COOKIE.test(cookies)) return undefined;
  const language = LANGUAGE_COOKIE.exec(cookies)?.[2] ?? '';
  return `page|${request.url}|${language}|${String(request.headers['accept-language'] ?? '').slice(0, 100)}`;
}

/** Sends a public answer, or 304 when the client holds it (If-None-Match). */
export function sendPublicResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  response: PublicResponse,
): FastifyReply {
  // Clients may keep it, but ask each time whether it changed (a 304 costs a few bytes).
  void reply.header('ETag', response.etag).header('Cache-Control', 'no-cache');
  if (response.headers) void reply.headers(response.headers);
  if (request.headers['if-none-match'] === response.etag) return reply.status(304).send();
  return reply.type(response.contentType).send(response.body);
}
