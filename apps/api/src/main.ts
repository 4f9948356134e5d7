import 'reflect-metadata';
import { loadConfig, runApp, startHttpApp } from '@townhall/platform';
import { ApiConfig } from './api.config.js';
import { ApiModule } from './api.module.js';

runApp(async () => {
  const config = loadConfig(ApiConfig);
  await startHttpApp(ApiModule.forRoot(config), config.API_PORT, {
    title: 'Townhall API',
    description: "A municipality's e-services, served at its own host (e.g. tartu.localhost:3000).",
  });
});
