import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  Global,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  Module,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainException, type FieldError } from './domain.exception.js';

/** Thrown by the global ValidationPipe; carries every field that failed. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }

  static fromValidationErrors(errors: ValidationError[], parent = ''): RequestValidationException {
    const flatten = (list: ValidationError[], prefix: string): FieldError[] =>
      list.flatMap((e) => {
        const field = prefix ? `${prefix}.${e.property}` : e.property;
        const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
        return [...own, ...flatten(e.children ?? [], field)];
      });
    return new RequestValidationException(flatten(errors, parent));
  }
}

/**
 * The caller must log in (again, or at a higher level of assurance). Browsers are sent to
 * the login address; API clients get a 401 problem naming it.
 */
export class LoginRequiredException extends HttpException {
  constructor(
    message: string,
    readonly loginUrl: string,
  ) {
    super(message, HttpStatus.UNAUTHORIZED);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
  requestId?: string;
  loginUrl?: string;
}

/** Renders a problem as a page; the page layer (libs/web) installs one in ProblemPages. */
export type ProblemPageRenderer = (problem: Problem, req: FastifyRequest, reply: FastifyReply) => string;

const plainPage: ProblemPageRenderer = (p) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${p.title}</title></head>` +
  `<body><main><h1>${p.title}</h1><p>${escapeHtml(p.detail)}</p></main></body></html>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Where the page layer installs its error page (in the layout, in the person's language);
 * until it does (apps without pages), a plain page.
 */
@Injectable()
export class ProblemPages {
  renderer?: ProblemPageRenderer;

  use(renderer: ProblemPageRenderer): void {
    this.renderer = renderer;
  }
}

@Global()
@Module({ providers: [ProblemPages], exports: [ProblemPages] })
export class ProblemPagesModule {}

/**
 * Every error leaves as RFC 9457 problem+json (API clients) or an HTML page (browsers).
 * A user's mistake is a 4xx naming what is wrong; only our own faults are 500s.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly pages?: ProblemPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    problem.requestId = req.id;
    if (problem.status >= 500) this.logger.error({ err: exception, requestId: req.id }, 'request failed');
    if (reply.sent) return;

    if (exception instanceof LoginRequiredException) {
      problem.loginUrl = exception.loginUrl;
      if (wantsPage(req)) {
        reply.redirect(exception.loginUrl, 303);
        return;
      }
    }
    reply.status(problem.status);
    if (problem.status === 503) reply.header('Retry-After', '300');
    const retryAfter = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (problem.status === 429 && typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
    if (wantsPage(req)) {
      reply.type('text/html; charset=utf-8').send((this.pages?.renderer ?? plainPage)(problem, req, reply));
    } else {
      reply.type('application/problem+json').send(JSON.stringify(problem));
    }
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof RequestValidationException) {
      return {
        type: 'about:blank',
        title: 'Invalid request',
        status: 400,
        detail: exception.message,
        code: 'invalid_request',
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof DomainException) {
      return {
        type: 'about:blank',
        title: titleOf(exception.status),
        status: exception.status,
        detail: exception.message,
        code: exception.code,
        ...(exception.errors.length > 0 ? { errors: exception.errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string'
          ? body
          : Array.isArray((body as { message?: unknown }).message)
            ? (body as { message: string[] }).message.join('; ')
            : String((body as { message?: unknown }).message ?? exception.message);
      // The router's own "Cannot GET /x" says more about the framework than about the page.
      if (status === 404 && /^Cannot [A-Z]+ \//.test(detail)) {
        return { type: 'about:blank', title: titleOf(status), status, detail: 'There is nothing at this address.' };
      }
      return { type: 'about:blank', title: titleOf(status), status, detail };
    }
    // Fastify's own errors (malformed JSON, a body too large, an unknown content type) carry
    // a status of their own.
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { type: 'about:blank', title: titleOf(status), status, detail: (exception as Error).message };
    }
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side. It has been logged; please try again later.',
    };
  }
}

/** Browsers get a page; API clients (and anything under /api/) problem+json. */
function wantsPage(req: FastifyRequest): boolean {
  if (req.url.startsWith('/api/')) return false;
  const accept = req.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  const json = Math.max(accept.indexOf('application/json'), accept.indexOf('+json'));
  return html !== -1 && (json === -1 || html < json);
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  return name ? name.charAt(0) + name.slice(1).toLowerCase().replace(/_/g, ' ') : 'Error';
}
