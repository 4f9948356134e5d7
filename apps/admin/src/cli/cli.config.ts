import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { PlatformConfig } from '@townhall/platform';

export class CliConfig extends PlatformConfig {
  /** The owner role's connection: only migrations use it. */
  @Expose()
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_OWNER_URL must be a postgres:// URL' })
  DATABASE_OWNER_URL?: string;

  @Expose()
  @IsOptional()
  TENANTS_DIR?: string;
}
