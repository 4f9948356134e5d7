import { PlatformConfig, PortSetting } from '@townhall/platform';

export class ApiConfig extends PlatformConfig {
  @PortSetting('API_PORT')
  API_PORT: number = 3000;
}
