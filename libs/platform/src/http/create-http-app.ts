import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { type ArgumentMetadata, type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cookie from '@fastify/cookie';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import type { Logger as Pino } from 'pino';
import { BaseConfig, type PlatformConfig } from '../config/platform.config.js';
import { ContextKey } from '../context/request-context.module.js';
import { ProblemDetailsFilter, RequestValidationException, ProblemPages } from '../errors/problem-details.filter.js';
import { PinoNestLogger, ROOT_LOGGER } from '../logging/logging.module.js';
import { apiSecurityHeaders, securityHeaders } from './security-headers.js';
import { acceptUploads } from './uploads.js';

type SecuritySchemeObject = Parameters<DocumentBuilder['addSecurity']>[1];

/** What the OpenAPI document at /api/docs says of the app. */
export interface OpenApiOptions {
  title: string;
  description: string;
  version?: string;
  /** Security schemes besides the operators' bearer token, by name (the api app's `apiKey`). */
  securitySchemes?: Record<string, SecuritySchemeObject>;
}

export interface HttpAppOptions extends OpenApiOptions {
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownLimitMs?: number;
  /** Serve the Swagger UI page beside the OpenAPI document (off in tests: it loads its assets). */
  swaggerUi?: boolean;
  /** Browsers reach the app over https: security headers say so (HSTS). Default: PUBLIC_PROTOCOL. */
  https?: boolean;
  /**
   * Let forms of this app end in a redirect to another site (CSP form-action). Only the
   * sandbox's identity providers need it: their login form returns to the relying party.
   */
  crossSiteFormRedirects?: boolean;
  /**
   * Keep each JSON or form body's bytes as they came (`request.rawBody`), besides the parsed
   * body. Only the sandbox's webhook receiver needs it: a signature is over the bytes.
   */
  rawBody?: boolean;
}

/** What the tenancy library notes on a request, for the request's log line. */
declare module 'fastify' {
  interface FastifyRequest {
    tenantSlug: string | null;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** The JSON API; its OpenAPI page (/api/docs) is a page. */
const JSON_API = /^\/api\/(?!docs(\/|$|\?))/;
/** Probes are not logged: an orchestrator calls them every few seconds. */
const QUIET_ROUTES = new Set(['/health', '/ready']);
export const BODY_LIMIT_BYTES = 1_048_576;

/**
 * Keeps a caller's X-Request-Id when it is sane, so a request can be followed across apps;
 * otherwise a new one.
 */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify, not Express: Nest on Express answers a few thousand requests a second on this
 * hardware, on Fastify several times more (docs/adr/0004-fastify.md).
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    // The tenant comes from the Host header only; never trust X-Forwarded-Host.
    trustProxy: false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    logger: false,
    // During a graceful shutdown, requests on open keep-alive connections are still served
    // (with Connection: close), not refused with a 503.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  });
}

/**
 * The global ValidationPipe: unknown fields are refused, every bad field is named.
 * Most reads carry no query at all, and validating an empty object costs a third of a cached
 * read: whether `{}` is valid for a DTO class is learnt once, by validating it.
 */
class TownhallValidationPipe extends ValidationPipe {
  private readonly emptyIsValid = new WeakMap<object, boolean>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype as (new () => object) | undefined;
    if (!type || !isEmptyPlainObject(value) || !this.toValidate(metadata)) return super.transform(value, metadata);
    if (this.emptyIsValid.get(type)) return new type();
    const result: unknown = await super.transform(value, metadata); // throws when {} is invalid
    this.emptyIsValid.set(type, true);
    return result;
  }
}

function isEmptyPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const _ in value) return false;
  return true;
}

export function validationPipe(): ValidationPipe {
  return new TownhallValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => RequestValidationException.fromValidationErrors(errors),
  });
}

/**
 * Applies what every HTTP app of Townhall has: request ids, the request context, one log
 * line per request, validation, errors, OpenAPI, shutdown. Fastify hooks rather than Nest
 * middleware: middleware runs through a compatibility layer that costs more than the rest
 * of a cached read.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const server = app.getHttpServer() as Server;
  const cls = app.get(ClsService);
  const https = options.https ?? publicProtocolOf(app) === 'https';
  const logger = app.get<Pino>(ROOT_LOGGER);

  // Cookies (sessions), and security headers on every response: helmet's for pages (which
  // use no inline script), a few for JSON answers.
  void fastify.register(cookie);
  acceptUploads(fastify);
  const pageSecurity = securityHeaders({ https, crossSiteFormRedirects: options.crossSiteFormRedirects ?? false });
  const apiSecurity = apiSecurityHeaders({ https });
  fastify.decorateRequest('tenantSlug', null);
  fastify.addHook('onRequest', (request, reply, done) => {
    // The request id goes back, so a user can quote it when reporting a problem.
    reply.headers(JSON_API.test(request.url) ? apiSecurity : pageSecurity);
    reply.header('X-Request-Id', request.id);
    // A stopping server still answers keep-alive clients, but closes each connection after
    // the request in hand, so busy connections drain instead of keeping the process alive.
    if (!server.listening) reply.header('Connection', 'close');
    done();
  });
  // The request context is entered once the body is read: the body arrives in events of
  // the socket, outside any context entered before. Handlers, guards and pipes run inside it.
  fastify.addHook('preHandler', (request, _reply, done) => {
    cls.run(() => {
      cls.set(ContextKey.RequestId, request.id);
      done();
    });
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (logger.isLevelEnabled('info') && !QUIET_ROUTES.has(request.url))
      logger.info(requestLine(request, reply.statusCode, reply.elapsedTime));
    done();
  });

  app.useLogger(app.get(PinoNestLogger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(app.get(ProblemPages)));
  // SIGTERM/SIGINT: close gracefully, then exit 0 (by default Nest re-raises the signal,
  // and the process ends "killed by SIGTERM" instead of exiting normally).
  app.enableShutdownHooks([], { useProcessExit: true });

  SwaggerModule.setup('api/docs', app, openApiDocument(app, options), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    swaggerUiEnabled: options.swaggerUi ?? true,
  });
}

/**
 * The app's OpenAPI document, from its controllers' metadata. Needs no instances: an app
 * created in preview mode (nothing connected) gives the same document (libs/sdk is made so).
 */
export function openApiDocument(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1')
    .addBearerAuth();
  for (const [name, scheme] of Object.entries(options.securitySchemes ?? {})) builder.addSecurity(name, scheme);
  return SwaggerModule.createDocument(app, builder.build());
}

/** The app's PUBLIC_PROTOCOL; apps without a PlatformConfig (the sandbox) have none. */
function publicProtocolOf(app: INestApplication): string | undefined {
  // Every app has a BaseConfig; asking Nest for a missing provider would end the process.
  const config: Partial<PlatformConfig> = app.get(BaseConfig);
  return config.PUBLIC_PROTOCOL;
}

function requestLine(request: FastifyRequest, status: number, elapsedMs: number): Record<string, unknown> {
  return {
    requestId: request.id,
    ...(request.tenantSlug ? { tenant: request.tenantSlug } : {}),
    req: { method: request.method, url: request.url, host: request.headers.host },
    res: { statusCode: status },
    responseTimeMs: Math.round(elapsedMs * 10) / 10,
    msg: 'request completed',
  };
}

/** Creates and configures an HTTP app (not yet listening). */
export async function createHttpApp(
  rootModule: unknown,
  options: HttpAppOptions & { logger?: false },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, createHttpAdapter(), {
    bufferLogs: options.logger !== false,
    rawBody: options.rawBody ?? false,
    ...(options.logger === false ? { logger: false, abortOnError: false } : {}),
  });
  configureHttpApp(app, options);
  return app;
}

/** Creates, configures and starts an HTTP app; returns once it listens. */
export async function startHttpApp(
  rootModule: unknown,
  port: number,
  options: HttpAppOptions,
): Promise<INestApplication> {
  const app = await createHttpApp(rootModule, options);
  limitShutdown(options.shutdownLimitMs ?? 9_000);
  // All interfaces (IPv6 and IPv4), as Node listens by default; IPv4 alone where IPv6 is off.
  await app.listen(port, '::').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EAFNOSUPPORT') throw error;
    return app.listen(port, '0.0.0.0');
  });
  return app;
}

/**
 * A request or a job that never finishes must not hold a stopping process for ever: after
 * the limit, exit anyway (Bull gives an unfinished job to another worker).
 */
function limitShutdown(limitMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`shutdown took longer than ${limitMs} ms; exiting`);
        process.exit(1);
      }, limitMs).unref();
    });
  }
}
