import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ProblemPages } from '@townhall/platform';
import { Pages } from './pages.js';

/** Statuses with a title and an explanation of their own; others use the nearest class. */
const KNOWN = new Set([400, 401, 403, 404, 409, 413, 429, 500, 502, 503]);

/**
 * Error pages in the layout, in the person's language and the municipality's colours (when
 * the address names one): what went wrong, what to do, and the reference to quote.
 */
@Injectable()
export class ErrorPages implements OnModuleInit {
  constructor(
    private readonly problemPages: ProblemPages,
    private readonly pages: Pages,
  ) {}

  onModuleInit(): void {
    this.problemPages.use((problem, request, reply) => {
      const status = KNOWN.has(problem.status) ? problem.status : problem.status >= 500 ? 500 : 400;
      const kind = problem.code === 'tenancy.unknown_host' ? 'unknownHost' : String(status);
      return this.pages.render(request, reply, 'error.njk', {
        title: `web.error.${kind}.title`,
        tenant: request.tenant ?? undefined,
        kind,
        problem,
      });
    });
  }
}
