import { Global, Module } from '@nestjs/common';
import { Translations } from './i18n/translations.js';
import { ErrorPages } from './error-pages.js';
import { Pages } from './pages.js';

@Global()
@Module({ providers: [Pages, Translations, ErrorPages], exports: [Pages, Translations] })
export class WebModule {}
