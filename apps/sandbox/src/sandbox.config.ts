import { BaseConfig, PortSetting } from '@townhall/platform';

export class SandboxConfig extends BaseConfig {
  @PortSetting('SANDBOX_PORT')
  SANDBOX_PORT: number = 4000;
}
