import type { Server } from 'node:http';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import {
  ProblemDetailsFilter,
  RequestValidationException,
  type ProblemPageRenderer,
} from '../errors/problem-details.filter.js';

export interface HttpAppOptions {
  /** Shown in the OpenAPI document. */
  title: string;
  description: string;
  version?: string;
  renderProblemPage?: ProblemPageRenderer;
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownLimitMs?: number;
}

/** The global ValidationPipe: unknown fields are refused, every bad field is named. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => RequestValidationException.fromValidationErrors(errors),
  });
}

/** Applies what every HTTP app of Townhall has: logging, validation, errors, OpenAPI, shutdown. */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // The tenant comes from the Host header only; never trust X-Forwarded-Host.
  express.set('trust proxy', false);
  // Graceful shutdown with keep-alive clients: Nest's close() stops listening and closes
  // idle connections, but a busy keep-alive connection would be reused by its client for
  // ever and keep the process alive. Once the server no longer listens, every response
  // closes its connection, so each one drains after the request in hand.
  const server = app.getHttpServer() as Server;
  express.use((_req: Request, res: Response, next: NextFunction) => {
    if (!server.listening) res.setHeader('Connection', 'close');
    next();
  });
  express.useBodyParser('json', { limit: '1mb' });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(options.renderProblemPage));
  // SIGTERM/SIGINT: close gracefully, then exit 0 (by default Nest re-raises the signal,
  // and the process ends "killed by SIGTERM" instead of exiting normally).
  app.enableShutdownHooks([], { useProcessExit: true });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion(options.version ?? '1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}

/** Creates, configures and starts an HTTP app; returns once it listens. */
export async function startHttpApp(
  rootModule: unknown,
  port: number,
  options: HttpAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule as never, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app, options);
  limitShutdown(options.shutdownLimitMs ?? 9_000);
  await app.listen(port);
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
