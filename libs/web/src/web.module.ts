import { Global, Module } from '@nestjs/common';
import { Translations } from './i18n/translations.js';
import { AssetsController } from './assets.controller.js';
import { ErrorPages } from './error-pages.js';
import { PageChrome } from './page-chrome.js';
import { Pages } from './pages.js';

@Global()
@Module({
  controllers: [AssetsController],
  providers: [Pages, Translations, ErrorPages, PageChrome],
  exports: [Pages, Translations, PageChrome],
})
export class WebModule {}
