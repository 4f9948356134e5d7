import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

export const CALLBACK_PATH = '/api/v1/payments/callback';

declare module 'fastify' {
  interface FastifyRequest {
    /** SHA-256 (hex) of a payment callback's body as it came, before it was parsed. */
    bodySha256?: string;
  }
}

/**
 * Hashes a payment callback's body bytes as they stream in (a Fastify preParsing hook on that
 * one route), for the audit of callbacks: no other request's body is touched or kept.
 */
@Injectable()
export class CallbackBodyDigest implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('preParsing', (request, _reply, payload, done) => {
      if (request.method !== 'POST' || request.url.split('?', 1)[0] !== CALLBACK_PATH) return done(null, payload);
      const hash = createHash('sha256');
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, next) {
          hash.update(chunk);
          next(null, chunk);
        },
        flush(next) {
          request.bodySha256 = hash.digest('hex');
          next();
        },
      });
      payload.on('error', (error) => tap.destroy(error));
      done(null, payload.pipe(tap));
    });
  }
}
