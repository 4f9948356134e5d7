import 'reflect-metadata';
import { loadConfig, runApp, startHttpApp } from '@townhall/platform';
import { API_DOCUMENT } from './api-document.js';
import { ApiConfig } from './api.config.js';
import { ApiModule } from './api.module.js';

runApp(async () => {
  const config = loadConfig(ApiConfig);
  await startHttpApp(ApiModule.forRoot(config), config.API_PORT, API_DOCUMENT);
});
