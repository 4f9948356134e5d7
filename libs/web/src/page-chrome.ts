import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PageContext } from './pages.js';

/** What the header shows of the person on a page (their name, the logout form). */
export type ChromeSource = (request: FastifyRequest) => Promise<Partial<PageContext>>;

/**
 * The part of every portal page that depends on who is looking: the identity library says
 * who is logged in, pages of other libraries ask here without knowing about sessions.
 */
@Injectable()
export class PageChrome {
  private source?: ChromeSource;

  use(source: ChromeSource): void {
    this.source = source;
  }

  async portal(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.source ? this.source(request) : {};
  }
}
