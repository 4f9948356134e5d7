import { Injectable } from '@nestjs/common';
import { PlatformConfig, RateLimits, type RateLimiter } from '@townhall/platform';
import type { FastifyRequest } from 'fastify';

/**
 * Applying is cheap for a person and costs the municipality work: so many starts and
 * submissions per hour, person and municipality (SUBMISSIONS_PER_HOUR), pages and API together.
 */
@Injectable()
export class SubmissionLimit {
  readonly check: RateLimiter;

  constructor(rateLimits: RateLimits, config: PlatformConfig) {
    this.check = rateLimits.limiter('submission', {
      max: config.SUBMISSIONS_PER_HOUR,
      windowMs: 60 * 60 * 1000,
      key: (request: FastifyRequest) => `${request.tenant?.id ?? ''}:${request.principal?.id ?? request.ip}`,
    });
  }
}
