import { Expose, Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig, toInt } from '@townhall/platform';

export class WorkerConfig extends PlatformConfig {
  /** The worker serves only /health and /ready. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'WORKER_PORT must be a port number' })
  @Min(1)
  @Max(65535)
  WORKER_PORT: number = 3002;
}
