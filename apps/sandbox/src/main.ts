import 'reflect-metadata';
import { loadConfig, runApp, startHttpApp } from '@townhall/platform';
import { SandboxConfig } from './sandbox.config.js';
import { SandboxModule } from './sandbox.module.js';

runApp(async () => {
  const config = loadConfig(SandboxConfig);
  await startHttpApp(SandboxModule.forRoot(config), config.SANDBOX_PORT, {
    title: 'Townhall sandbox',
    description: 'Stand-ins for national services in development and tests.',
    crossSiteFormRedirects: true,
    rawBody: true,
  });
});
