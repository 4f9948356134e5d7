import { Global, Module } from '@nestjs/common';
import { RedisConnections } from './redis-connections.js';

/** Redis connections (the apps add RedisPolicyCheck through PlatformModule; the CLI does without). */
@Global()
@Module({ providers: [RedisConnections], exports: [RedisConnections] })
export class RedisModule {}
