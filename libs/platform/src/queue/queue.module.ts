import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig } from '../config/platform.config.js';

/**
 * Bull on the app's Redis. Jobs retry with exponential backoff and failed jobs are kept,
 * so an operator can see them. Libraries register their own queues with
 * BullModule.registerQueue; this only sets the connection and the defaults.
 */
@Module({})
export class QueueModule {
  static forApp(): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        // forRootAsync: forRoot would read its options when the file is imported.
        BullModule.forRootAsync({
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => ({
            url: config.REDIS_URL,
            prefix: config.QUEUE_PREFIX,
            defaultJobOptions: {
              attempts: 5,
              backoff: { type: 'exponential', delay: 1000 },
              removeOnComplete: 1000,
              removeOnFail: false,
            },
            settings: {
              lockDuration: config.JOB_LOCK_MS,
              stalledInterval: Math.max(1000, Math.floor(config.JOB_LOCK_MS / 2)),
              maxStalledCount: 3,
            },
          }),
        }),
      ],
      exports: [BullModule],
    };
  }
}
