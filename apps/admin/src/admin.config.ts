import { PlatformConfig, PortSetting } from '@townhall/platform';

export class AdminConfig extends PlatformConfig {
  @PortSetting('ADMIN_PORT')
  ADMIN_PORT: number = 3001;
}
