import { PlatformConfig, PortSetting } from '@townhall/platform';

export class WorkerConfig extends PlatformConfig {
  /** The worker serves only /health and /ready. */
  @PortSetting('WORKER_PORT')
  WORKER_PORT: number = 3002;
}
