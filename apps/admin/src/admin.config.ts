import { Expose, Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig, toInt } from '@townhall/platform';

export class AdminConfig extends PlatformConfig {
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'ADMIN_PORT must be a port number' })
  @Min(1)
  @Max(65535)
  ADMIN_PORT: number = 3001;
}
