import 'reflect-metadata';
import { loadConfig, runApp, startHttpApp } from '@townhall/platform';
import { AdminConfig } from './admin.config.js';
import { AdminModule } from './admin.module.js';

runApp(async () => {
  const config = loadConfig(AdminConfig);
  await startHttpApp(AdminModule.forRoot(config), config.ADMIN_PORT, {
    title: 'Townhall admin API',
    description: 'Platform operators: onboard, suspend and resume municipalities.',
  });
});
