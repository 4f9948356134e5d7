import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SECURITY_SCHEME } from '@townhall/integrations';
import { createHttpAdapter, loadConfig, openApiDocument, type OpenApiOptions } from '@townhall/platform';
import { ApiConfig } from './api.config.js';
import { ApiModule } from './api.module.js';

/** What /api/docs says of the tenant host. */
export const API_DOCUMENT: OpenApiOptions = {
  title: 'Townhall API',
  description: "A municipality's e-services, served at its own host (e.g. tartu.localhost:3000).",
  securitySchemes: { apiKey: API_KEY_SECURITY_SCHEME },
};

/**
 * The api app's OpenAPI document without starting it: its modules are read in Nest's preview
 * mode, which makes no provider, so nothing connects (the settings below are never used).
 */
export async function buildApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig(ApiConfig, {
    DATABASE_URL: 'postgres://openapi.invalid/none',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(ApiModule.forRoot(config), createHttpAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return openApiDocument(app, API_DOCUMENT);
  } finally {
    await app.close();
  }
}
