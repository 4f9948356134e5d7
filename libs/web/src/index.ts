export * from './pages.js';
export * from './web.module.js';
export * from './i18n/translations.js';
export * from './i18n/page-locale.js';
export * from './i18n/page-query.dto.js';
export * from './error-pages.js';
export * from './page-chrome.js';
export * from './i18n/formatting.js';
