import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@townhall/tenancy';

const CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** "a, b c" from a text field → ['a', 'b', 'c']; an array stays one. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/)).filter((v) => v !== '');

class StaffScopeDto {
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role: StaffRole;

  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: 'departments must be codes of lower-case letters, digits and -' })
  departments: string[] = [];

  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(200)
  @Matches(CODE, { each: true, message: 'services must be service codes of lower-case letters, digits and -' })
  services: string[] = [];

  /** The form's CSRF token (checked by the access policy). */
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class InviteStaffRequestDto extends StaffScopeDto {
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200)
  email: string;

  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name: string;
}

export class ChangeStaffRequestDto extends StaffScopeDto {
  @IsIn(['active', 'disabled', 'invited'], { message: 'status must be active, disabled or invited' })
  status: 'active' | 'disabled' | 'invited';
}
