import { Global, Inject, Injectable, type LoggerService, Module, type DynamicModule } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { pino, type Logger as Pino } from 'pino';
import { BaseConfig } from '../config/platform.config.js';
import { ContextKey } from '../context/request-context.module.js';

/** The app's root pino logger; request lines and Nest's own messages go through it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** What a log line says of the request or job it was written in, read from the request context. */
export function logContext(): Record<string, string> {
  const cls = ClsServiceManager.getClsService();
  if (!cls.isActive()) return {};
  const requestId = cls.get(ContextKey.RequestId) as string | undefined;
  const tenant = (cls.get(ContextKey.Tenant) as { slug?: string } | undefined)?.slug;
  return { ...(requestId ? { requestId } : {}), ...(tenant ? { tenant } : {}) };
}

export function createRootLogger(app: string, level: string): Pino {
  return pino({
    level,
    base: { app, pid: process.pid },
    redact: ['headers.authorization', 'headers.cookie', 'err.config.headers'],
  });
}

/**
 * Nest's LoggerService over pino: every message of the framework and of our code is one JSON
 * line with its context (the class that wrote it), and the request id and tenant when there is one.
 */
@Injectable()
export class PinoNestLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    if (!this.root.isLevelEnabled(level)) return;
    // Nest passes the context (a class name) last; Logger.error passes a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = { ...logContext(), ...(context ? { context } : {}) };
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      // Logger.error({ err, ... }, 'text'): the object's fields, the text as the message.
      const text = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
      this.root[level]({ ...fields, ...(message as object) }, text);
      return;
    }
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
      return;
    }
    if (rest.length > 0 && typeof rest[0] === 'string' && level === 'error') fields.stack = rest[0];
    this.root[level](fields, String(message));
  }
}

/** Structured JSON logs (pino) with the request id and the tenant of each request or job. */
@Global()
@Module({})
export class LoggingModule {
  static forApp(app: string): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        {
          provide: ROOT_LOGGER,
          inject: [BaseConfig],
          useFactory: (config: BaseConfig) => createRootLogger(app, config.LOG_LEVEL),
        },
        PinoNestLogger,
      ],
      exports: [ROOT_LOGGER, PinoNestLogger],
    };
  }
}
