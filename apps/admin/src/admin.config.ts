import { Expose } from 'class-transformer';
import { IsIn, IsString, IsUrl, Matches } from 'class-validator';
import { PlatformConfig, PortSetting } from '@townhall/platform';

export class AdminConfig extends PlatformConfig {
  @PortSetting('ADMIN_PORT')
  ADMIN_PORT: number = 3001;

  /** The platform's own identity provider, through which operators log in (with a second factor). */
  @Expose()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'OPERATOR_OIDC_ISSUER must be an http(s) URL' },
  )
  OPERATOR_OIDC_ISSUER: string = 'http://localhost:4000/operators'; // development default: the sandbox

  @Expose()
  @IsString()
  @Matches(/^[\w.:-]{1,200}$/, { message: 'OPERATOR_OIDC_CLIENT_ID must be a client id' })
  OPERATOR_OIDC_CLIENT_ID: string = 'townhall-admin';

  /** DEVELOPMENT DEFAULT: the sandbox's secret for townhall-admin; set the real one in production. */
  @Expose()
  @IsString()
  @Matches(/^.{8,500}$/, { message: 'OPERATOR_OIDC_CLIENT_SECRET must be 8 to 500 characters' })
  OPERATOR_OIDC_CLIENT_SECRET: string = 'sandbox-secret-townhall-admin';

  /**
   * The CLI-made accounts' e-mail and password login (POST /api/v1/operator-sessions): the
   * bootstrap fallback until the provider is set up. Turn it off once it is.
   */
  @Expose()
  @IsIn(['enabled', 'disabled'], { message: 'OPERATOR_PASSWORD_LOGIN must be enabled or disabled' })
  OPERATOR_PASSWORD_LOGIN: 'enabled' | 'disabled' = 'enabled';
}
