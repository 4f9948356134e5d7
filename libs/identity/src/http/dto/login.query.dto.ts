import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@townhall/web';
import { ASSURANCE_LEVELS, type AssuranceLevel } from '../../sessions/session.types.js';
import type { SessionRefusal } from '../../sessions/sessions.js';

/** A path of this app, never another site ('//evil.example', '/\\evil', 'https://…'). */
const LOCAL_PATH = /^\/(?![/\\])[^\s\\]*$/;

export class LoginQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(LOCAL_PATH, { message: 'returnTo must be a path of this site, starting with a single /' })
  returnTo?: string;

  @IsOptional()
  @IsIn(ASSURANCE_LEVELS, { message: `level must be one of ${ASSURANCE_LEVELS.join(', ')}` })
  level?: AssuranceLevel;
}

const ENDINGS = ['idle', 'absolute', 'logged-out', 'unknown', 'other-tenant'] as const;

export class LoginPageQueryDto extends LoginQueryDto {
  @IsOptional()
  @IsIn(ENDINGS, { message: `ended must be one of ${ENDINGS.join(', ')}` })
  ended?: SessionRefusal;
}

/** Why the login page is shown again (a message key). */
export function loginNotice(ended: SessionRefusal | undefined): string | undefined {
  switch (ended) {
    case 'idle':
      return 'identity.ended.idle';
    case 'absolute':
      return 'identity.ended.absolute';
    case 'logged-out':
      return 'identity.ended.loggedOut';
    case 'unknown':
    case 'other-tenant':
      return 'identity.ended.invalid';
    default:
      return undefined;
  }
}
