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
  /** The key of the count's words, given `count` ("{{count}} waiting"); default "{{count}} unread". */
  countText?: string;
  /**
   * Shown only to those with one of these roles (the page's own access rule), so nobody is
   * offered a link that answers 403. Without it, shown to everyone logged in to the area.
   */
  roles?: readonly string[];
}

/** What the header shows of the person on a page (their name, the logout form). */
export type ChromeSource = (request: FastifyRequest) => Promise<Partial<PageContext>>;

/** The role of the person on a page, for links shown to some roles only. */
export type RoleSource = (request: FastifyRequest) => string | undefined;

/**
 * The part of every portal page that depends on who is looking: the identity library says
 * who is logged in, pages of other libraries ask here without knowing about sessions.
 */
@Injectable()
export class PageChrome {
  private readonly sources = new Map<Area, ChromeSource>();
  private readonly links = new Map<Area, NavLink[]>();
  private readonly roles = new Map<Area, RoleSource>();

  use(source: ChromeSource, area: Area = 'portal', roleOf?: RoleSource): void {
    this.sources.set(area, source);
    if (roleOf) this.roles.set(area, roleOf);
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
    const role = this.roles.get(area)?.(request);
    const shown = (this.links.get(area) ?? []).filter(
      (link) => !link.roles || (role !== undefined && link.roles.includes(role)),
    );
    const navLinks = await Promise.all(
      shown.map(async ({ href, text, count, countText }) => ({
        href,
        text,
        count: count ? await count(request).catch(() => undefined) : undefined,
        countText: countText ?? 'web.unread',
      })),
    );
    return { ...context, navLinks };
  }

  /** The admin app's header: the operator, the logout form. */
  async admin(request: FastifyRequest): Promise<Partial<PageContext>> {
    return this.sources.get('admin')?.(request) ?? {};
  }
}
