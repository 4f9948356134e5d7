import { IsIn, IsOptional } from 'class-validator';
import { PAGE_LOCALES, type PageLocale } from './translations.js';

/** Every page's query may carry the language switcher's choice. */
export class PageQueryDto {
  @IsOptional()
  @IsIn(PAGE_LOCALES, { message: `lang must be one of ${PAGE_LOCALES.join(', ')}` })
  lang?: PageLocale;
}
