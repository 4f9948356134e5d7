import { IsOptional, IsString, Length, Matches } from 'class-validator';

const NO_CONTROL = /^[^\p{Cc}]*$/u;
/** Lines of text: no control characters but line breaks and tabs. */
const TEXT = /^(?:[^\p{Cc}]|[\n\r\t])*$/u;

/** A municipality's wording of one message in one language. */
export class MessageWordingRequestDto {
  @IsString()
  @Length(1, 200, { message: 'subject must be 1 to 200 characters' })
  @Matches(NO_CONTROL, { message: 'subject must be one line of text' })
  subject: string;

  @IsString()
  @Length(1, 5000, { message: 'body must be 1 to 5000 characters' })
  @Matches(TEXT, { message: 'body must be plain text' })
  body: string;

  @IsString()
  @Length(1, 480, { message: 'sms must be 1 to 480 characters' })
  @Matches(NO_CONTROL, { message: 'sms must be one line of text' })
  sms: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class CsrfOnlyRequestDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}
