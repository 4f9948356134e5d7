import { Global, Module } from '@nestjs/common';
import { Translations } from './i18n/translations.js';
import { AssetsController } from './assets.controller.js';
import { ErrorPages } from './error-pages.js';
import { PageChrome } from './page-chrome.js';
import { Pages } from './pages.js';

/** The texts in five languages, for apps without pages that still write (the worker's documents). */
@Module({ providers: [Translations], exports: [Translations] })
export class TranslationsModule {}

@Global()
@Module({
  imports: [TranslationsModule],
  controllers: [AssetsController],
  providers: [Pages, ErrorPages, PageChrome],
  exports: [Pages, TranslationsModule, PageChrome],
})
export class WebModule {}
