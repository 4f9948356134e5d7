import { Expose, Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig, toInt } from '@townhall/platform';

export class WorkerConfig extends PlatformConfig {
  /** The worker serves only /health and /ready. */
  @Expose()
  @Transform(toInt)
  @Min(1)
  @Max(65535)
  @IsInt({ message: 'WORKER_PORT must be a port number' }) // last: checked first (see PlatformConfig)
  WORKER_PORT: number = 3002;
}
