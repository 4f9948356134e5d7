import 'reflect-metadata';
import { loadConfig, runApp, startHttpApp } from '@townhall/platform';
import { WorkerConfig } from './worker.config.js';
import { WorkerModule } from './worker.module.js';

runApp(async () => {
  const config = loadConfig(WorkerConfig);
  // SIGTERM: Nest closes the queues, and Bull waits for the jobs in hand to finish.
  await startHttpApp(WorkerModule.forRoot(config), config.WORKER_PORT, {
    title: 'Townhall worker',
    description: 'Background jobs; this app serves only its health.',
    // Jobs in hand may take longer than a request; the orchestrator's grace period is 60 s.
    shutdownLimitMs: 55_000,
  });
});
