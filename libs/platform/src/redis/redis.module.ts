import { Global, Module } from '@nestjs/common';
import { RedisConnections } from './redis-connections.js';
import { RedisPolicyCheck } from './redis-policy.check.js';

/** Redis connections, and the refusal to run on a Redis that evicts keys. */
@Global()
@Module({ providers: [RedisConnections, RedisPolicyCheck], exports: [RedisConnections] })
export class RedisModule {}
