import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CONTACT_CHANNELS, type ContactChannel } from '../../domain/contact-preferences.entity.js';

const blankToNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value;
/** A form sends one checkbox as a string, several as an array, none as nothing. */
const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

/** How a citizen wants to be told, from the portal's form or the JSON API. */
export class ContactPreferencesRequestDto {
  @ApiProperty({ required: false, nullable: true, example: 'mari@example.ee' })
  @IsOptional()
  @Transform(blankToNull)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200, { message: 'email must be at most 200 characters' })
  email: string | null = null;

  @ApiProperty({ required: false, nullable: true, example: '+37251234567' })
  @IsOptional()
  @Transform(blankToNull)
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phone must be an international number such as +37251234567' })
  phone: string | null = null;

  @ApiProperty({ required: false, nullable: true, example: 'Rüütli 1, 51007 Tartu' })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(300, { message: 'postalAddress must be at most 300 characters' })
  @Matches(/^[^\p{Cc}]*$|^[^\p{Cc}]*(\r?\n[^\p{Cc}]*){0,5}$/u, { message: 'postalAddress must be plain text' })
  postalAddress: string | null = null;

  @ApiProperty({ required: false, isArray: true, enum: CONTACT_CHANNELS })
  @Transform(toList)
  @ArrayMaxSize(CONTACT_CHANNELS.length)
  @IsIn(CONTACT_CHANNELS, { each: true, message: `channels must be among ${CONTACT_CHANNELS.join(', ')}` })
  channels: ContactChannel[] = [];

  /** The form's CSRF token (checked by the access policy). */
  @IsOptional()
  @IsString()
  _csrf?: string;
}
