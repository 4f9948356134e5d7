import { Expose, Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig, toInt } from '@townhall/platform';

export class AdminConfig extends PlatformConfig {
  @Expose()
  @Transform(toInt)
  @Min(1)
  @Max(65535)
  @IsInt({ message: 'ADMIN_PORT must be a port number' }) // last: checked first (see PlatformConfig)
  ADMIN_PORT: number = 3001;
}
