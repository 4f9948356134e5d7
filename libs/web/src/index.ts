export * from './pages.js';
export * from './web.module.js';
