import { Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';

/**
 * Keys of the request context. No dots: nestjs-cls reads 'a.b' as a path into the value of 'a'.
 */
export enum ContextKey {
  /** The request's id (X-Request-Id), or the job's correlation id. */
  RequestId = 'requestId',
  /** The tenant ({ id, slug }) of the request or job; set only by the tenancy library. */
  Tenant = 'tenant',
}

/**
 * An AsyncLocalStorage context per request (entered by the HTTP hooks of configureHttpApp,
 * after the body is read) and per job (entered by the job runner), where the request id,
 * the tenant and the open tenant transaction live.
 */
@Module({
  imports: [ClsModule.forRoot({ global: true })],
})
export class RequestContextModule {}
