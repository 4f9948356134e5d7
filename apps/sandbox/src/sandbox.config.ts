import { Expose, Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseConfig, toInt } from '@townhall/platform';

export class SandboxConfig extends BaseConfig {
  @Expose()
  @Transform(toInt)
  @Min(1)
  @Max(65535)
  @IsInt({ message: 'SANDBOX_PORT must be a port number' }) // last: checked first (see PlatformConfig)
  SANDBOX_PORT: number = 4000;
}
