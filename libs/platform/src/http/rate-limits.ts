import { Global, HttpException, HttpStatus, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlatformConfig } from '../config/platform.config.js';
import { RedisConnections } from '../redis/redis-connections.js';

export interface RateLimitRule {
  /** Requests allowed per window and key. */
  max: number;
  windowMs: number;
  /** What is counted: e.g. the tenant and the client's address. */
  key: (request: FastifyRequest) => string;
}

export type RateLimiter = (request: FastifyRequest) => Promise<void>;

/** Too many requests: says when to try again. */
export class TooManyRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${retryAfterSeconds} seconds.`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Rate limits counted in Redis (@fastify/rate-limit's store), so every process of the
 * deployment counts together. A library makes a limiter for what it protects (logins,
 * submissions) and calls it where the action starts.
 */
@Injectable()
export class RateLimits implements OnModuleInit {
  private fastify?: FastifyInstance;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly connections: RedisConnections,
    private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // not an HTTP app (the worker)
    this.fastify = fastify;
    void fastify.register(rateLimit, {
      global: false,
      redis: this.connections.open('rate-limits'),
      nameSpace: `${this.config.QUEUE_PREFIX}:rate:`,
      // Redis away: let requests through uncounted rather than fail them all; what needs
      // Redis to be safe (sessions) refuses by itself.
      skipOnError: true,
    });
  }

  limiter(name: string, rule: RateLimitRule): RateLimiter {
    let check: ReturnType<FastifyInstance['createRateLimit']> | undefined;
    return async (request) => {
      if (!this.fastify) throw new Error('rate limits need an HTTP app');
      check ??= this.fastify.createRateLimit({
        max: rule.max,
        timeWindow: rule.windowMs,
        keyGenerator: (req) => `${name}:${rule.key(req)}`,
      });
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) throw new TooManyRequestsException(result.ttlInSeconds);
    };
  }
}

@Global()
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitModule {}
