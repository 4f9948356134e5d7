import { Expose } from 'class-transformer';
import { IsString, IsUrl, Matches } from 'class-validator';
import { BaseConfig, PortSetting } from '@townhall/platform';

export class SandboxConfig extends BaseConfig {
  @PortSetting('SANDBOX_PORT')
  SANDBOX_PORT: number = 4000;

  /** Where browsers and apps reach the sandbox: its providers' issuers are under it. */
  @Expose()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'SANDBOX_PUBLIC_URL must be an http(s) URL' })
  SANDBOX_PUBLIC_URL: string = 'http://localhost:4000'; // development default

  /** The port of the sandbox's SMTP server, where the apps send e-mail in development and tests. */
  @PortSetting('SANDBOX_SMTP_PORT')
  SANDBOX_SMTP_PORT: number = 2525;

  /** The address the SMTP server listens on: loopback, unless the apps reach it from elsewhere (containers). */
  @Expose()
  @IsString()
  @Matches(/^[A-Za-z0-9.:-]{1,253}$/, { message: 'SANDBOX_SMTP_HOST must be an IP address or a host name' })
  SANDBOX_SMTP_HOST: string = '127.0.0.1'; // development default

  /**
   * DEVELOPMENT DEFAULT: the bearer token the SMS provider stand-in accepts (sensitive where
   * it is set: it stands for a provider's API key); any other token is refused with a 401.
   */
  @Expose()
  @IsString()
  @Matches(/^[\x21-\x7e]{8,200}$/, {
    message: 'SANDBOX_SMS_TOKEN must be 8 to 200 printable characters without spaces',
  })
  SANDBOX_SMS_TOKEN: string = 'sandbox-sms-token';
}
