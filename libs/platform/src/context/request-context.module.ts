import { Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';

/**
 * An AsyncLocalStorage context per request (and per job, entered by the job runner),
 * where the tenant and the open tenant transaction live.
 */
@Module({
  imports: [ClsModule.forRoot({ global: true, middleware: { mount: true, generateId: false } })],
})
export class RequestContextModule {}
