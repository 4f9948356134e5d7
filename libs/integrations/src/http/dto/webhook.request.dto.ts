import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../domain/webhook-events.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A form's checkboxes send one value as a string, several as a list. */
const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

const URL_MESSAGE = 'url must be an absolute http(s) URL, e.g. https://records.example.eu/townhall/webhooks';

export class CreateWebhookRequestDto {
  @ApiProperty({
    description:
      'Where deliveries are posted: https (http only to localhost, in development); in production not to a private network',
    maxLength: 2000,
    example: 'https://records.example.eu/townhall/webhooks',
  })
  @Transform(trimmed)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true },
    { message: URL_MESSAGE },
  )
  @MaxLength(2000, { message: 'url must be at most 2000 characters' })
  @IsString({ message: URL_MESSAGE })
  url: string;

  @ApiProperty({ description: 'What the receiving system is', minLength: 1, maxLength: 200, example: 'Records system' })
  @Transform(trimmed)
  @IsString({ message: 'description must be text' })
  @Length(1, 200, { message: 'description must be 1 to 200 characters' })
  @Matches(/^[^\p{Cc}]*$/u, { message: 'description must not contain control characters' })
  description: string;

  @ApiProperty({ description: 'The events it is sent', enum: WEBHOOK_EVENTS, isArray: true })
  @Transform(toList)
  @IsArray({ message: 'events must be a list of events' })
  @ArrayMinSize(1, { message: 'events must name at least one event' })
  @ArrayMaxSize(WEBHOOK_EVENTS.length, { message: 'events must name each event once' })
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events must be some of ${WEBHOOK_EVENTS.join(', ')}` })
  events: WebhookEvent[];

  /** The form's CSRF token (checked by the access policy). */
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** A button's form: only the CSRF token. */
export class WebhookActionRequestDto {
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class WebhookDeliveriesQueryDto {
  @ApiProperty({ required: false, minimum: 1, maximum: 200, default: 50, description: 'How many, newest first' })
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? 50 : Number(value)))
  @Min(1, { message: 'limit must be from 1 to 200' })
  @Max(200, { message: 'limit must be from 1 to 200' })
  @IsInt({ message: 'limit must be a whole number' })
  limit: number = 50;
}
