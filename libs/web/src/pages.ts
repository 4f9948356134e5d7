import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';

/** The folder of the project: where package.json is, above this file (source or dist/). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'libs'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('the project folder (with package.json and libs/) was not found');
    dir = parent;
  }
  return dir;
}

/** Every library's templates folder, the page layer's first: a library's page extends its layout. */
function templateFolders(): string[] {
  const libs = path.join(projectRoot(), 'libs');
  const web = path.join(libs, 'web', 'templates');
  const others = readdirSync(libs)
    .filter((lib) => lib !== 'web')
    .map((lib) => path.join(libs, lib, 'templates'))
    .filter((dir) => existsSync(dir));
  return [web, ...others];
}

/** What every page knows: set by the caller from the tenant and the session. */
export interface PageContext {
  title: string;
  tenant?: { name: string; branding: { primaryColor?: string; primaryTextColor?: string; logoUrl?: string } };
  /** The logged-in person's name, for the header. */
  signedInAs?: string;
  /** The session's CSRF token, for forms that change something. */
  csrfToken?: string;
  [key: string]: unknown;
}

/**
 * Renders server-side pages with Nunjucks (autoescaped, templates compiled once and kept).
 * Libraries keep their templates in libs/<name>/templates and name them by file.
 */
@Injectable()
export class Pages {
  private readonly env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(templateFolders(), { noCache: false, watch: false }),
    { autoescape: true, throwOnUndefined: false },
  );

  renderToString(template: string, context: PageContext): string {
    return this.env.render(template, context);
  }

  /** Sends the page as the reply (HTML, not cached by shared caches: pages may be personal). */
  send(reply: FastifyReply, template: string, context: PageContext, status = 200): FastifyReply {
    return reply
      .status(status)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(this.renderToString(template, context));
  }
}
