import { Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';

/**
 * An AsyncLocalStorage context per request (and per job, entered by the job runner),
 * where the tenant and the open tenant transaction live.
 */
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      // Only the context itself: no ids, proxy providers or plugins to set up per request.
      middleware: { mount: true, generateId: false, resolveProxyProviders: false, initializePlugins: false },
    }),
  ],
})
export class RequestContextModule {}
