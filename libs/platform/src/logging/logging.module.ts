import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { BaseConfig } from '../config/platform.config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Keeps a caller's X-Request-Id when it is sane, so a request can be followed across apps,
 * and answers with it, so a user can quote it when reporting a problem.
 */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Structured JSON logs (pino) with the request id and the tenant of each request. */
@Module({})
export class LoggingModule {
  static forApp(app: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [BaseConfig],
          useFactory: (config: BaseConfig) => ({
            pinoHttp: {
              level: config.LOG_LEVEL,
              base: { app, pid: process.pid },
              genReqId: requestId,
              customProps: () => {
                const cls = ClsServiceManager.getClsService();
                const tenant = cls.isActive() ? (cls.get('tenant') as { slug: string } | undefined) : undefined;
                return tenant ? { tenant: tenant.slug } : {};
              },
              autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
              redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              serializers: {
                req: (req: { id: string; method: string; url: string; headers: Record<string, string> }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                  host: req.headers?.host,
                }),
              },
            },
          }),
        }),
      ],
    };
  }
}
