import { ApiHideProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

/** The office list's filter (a GET form). */
export class OfficeEntitlementsQueryDto {
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'code must be the code of a benefit' })
  code?: string;

  /** Set after an admin asked for a run: the page says it started. */
  @IsOptional()
  @IsIn(['1'], { message: 'started must be 1' })
  started?: string;

  @IsOptional()
  @IsIn(['et', 'en', 'bg', 'sv', 'fi'])
  lang?: string;
}

/** The "check the register now" button's form: its CSRF token only. */
export class RunNowRequestDto {
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}
