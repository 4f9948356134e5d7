import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../domain/api-key-scopes.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A form's checkboxes send one value as a string, several as a list. */
const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

export class CreateApiKeyRequestDto {
  @ApiProperty({ description: 'What the key is for', minLength: 1, maxLength: 80, example: 'Document register' })
  @Transform(trimmed)
  @IsString({ message: 'name must be text' })
  @Length(1, 80, { message: 'name must be 1 to 80 characters' })
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ description: 'What the key may be used for', enum: API_KEY_SCOPES, isArray: true })
  @Transform(toList)
  @IsArray({ message: 'scopes must be a list of scopes' })
  @ArrayMinSize(1, { message: 'scopes must name at least one scope' })
  @ArrayMaxSize(API_KEY_SCOPES.length, { message: 'scopes must name each scope once' })
  @IsIn(API_KEY_SCOPES, { each: true, message: `scopes must be some of ${API_KEY_SCOPES.join(', ')}` })
  scopes: ApiKeyScope[];

  /** The form's CSRF token (checked by the access policy). */
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** The revoke button's form. */
export class RevokeApiKeyRequestDto {
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}
