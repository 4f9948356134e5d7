import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
  express.useBodyParser('json', { limit: '1mb' });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(options.renderProblemPage));
  app.enableShutdownHooks();

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
  await app.listen(port);
  return app;
}
