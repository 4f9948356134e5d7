import { Expose, Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig, toInt } from '@townhall/platform';

export class ApiConfig extends PlatformConfig {
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'API_PORT must be a port number' })
  @Min(1)
  @Max(65535)
  API_PORT: number = 3000;
}
