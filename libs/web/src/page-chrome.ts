import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PageContext } from './pages.js';

type Area = 'portal' | 'office' | 'admin';

/** A link of the header: a path and the key of its text. */
export interface NavLink {
  href: string;
  text: string;
  /** A number shown with the link (unread messages), asked for on each page. */
  count?: (request: FastifyRequest) => Promise<number>;
}

/** What the header shows of the person on a page (their name, the logout form). */
export type ChromeSource = (request: FastifyRequest) => Promise<Partial<PageContext>>;

/**
 * The part of every portal page that depends on who is looking: the identity library says
 * who is logged in, pages of other libraries ask here without knowing about sessions.
 */
@Injectable()
export class PageChrome {
  private readonly sources = new Map<Area, ChromeSource>();
  private readonly links = new Map<Area, NavLink[]>();

  use(source: ChromeSource, area: Area = 'portal'): void {
    this.sources.set(area, source);
  }

  /** A link of the header's navigation for people logged in to the area (my applications, the work queue). */
  addLink(area: Area, link: NavLink): void {
    this.links.set(area, [...(this.links.get(area) ?? []), link]);
  }

  async portal(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.withLinks('portal', (await this.sources.get('portal')?.(request)) ?? {}, request);
  }

  /** The office's header on a page only staff reach: the official, the logout form, the CSRF token. */
  async office(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.withLinks('office', (await this.sources.get('office')?.(request)) ?? {}, request);
  }

  private async withLinks(
    area: Area,
    context: Partial<PageContext>,
    request: FastifyRequest,
  ): Promise<Partial<PageContext>> {
    if (!context.signedInAs) return context;
    const navLinks = await Promise.all(
      (this.links.get(area) ?? []).map(async ({ href, text, count }) => ({
        href,
        text,
        count: count ? await count(request).catch(() => undefined) : undefined,
      })),
    );
    return { ...context, navLinks };
  }

  /** The admin app's header: the operator, the logout form. */
  async admin(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.sources.get('admin')?.(request) ?? {};
  }
}
