import { Expose } from 'class-transformer';
import { IsUrl } from 'class-validator';
import { BaseConfig, PortSetting } from '@townhall/platform';

export class SandboxConfig extends BaseConfig {
  @PortSetting('SANDBOX_PORT')
  SANDBOX_PORT: number = 4000;

  /** Where browsers and apps reach the sandbox: its providers' issuers are under it. */
  @Expose()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'SANDBOX_PUBLIC_URL must be an http(s) URL' })
  SANDBOX_PUBLIC_URL: string = 'http://localhost:4000'; // development default
}
