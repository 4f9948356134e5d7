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
  private readonly sources = new Map<'portal' | 'office' | 'admin', ChromeSource>();

  use(source: ChromeSource, area: 'portal' | 'office' | 'admin' = 'portal'): void {
    this.sources.set(area, source);
  }

  async portal(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.sources.get('portal')?.(request) ?? {};
  }

  /** The office's header on a page only staff reach: the official, the logout form, the CSRF token. */
  async office(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.sources.get('office')?.(request) ?? {};
  }

  /** The admin app's header: the operator, the logout form. */
  async admin(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.sources.get('admin')?.(request) ?? {};
  }
}
