import { ApiProperty } from '@nestjs/swagger';
import {
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookDeliveryEntity,
  type WebhookDeliveryStatus,
} from '../../domain/webhook-delivery.entity.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../domain/webhook-events.js';
import type { WebhookSubscriptionEntity } from '../../domain/webhook-subscription.entity.js';

/** A webhook subscription as lists show it: never its secret. */
export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://records.example.eu/townhall/webhooks' })
  url: string;

  @ApiProperty({ example: 'Records system' })
  description: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  events: WebhookEvent[];

  @ApiProperty({ description: 'Whether it is sent events (false: disabled)' })
  enabled: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'uuid', description: 'The admin who made it' })
  createdBy: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the secret was last replaced' })
  secretRotatedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  disabledAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The admin who disabled it' })
  disabledBy: string | null;

  static of(subscription: WebhookSubscriptionEntity): WebhookResponseDto {
    return {
      id: subscription.id,
      url: subscription.url,
      description: subscription.description,
      events: subscription.events,
      enabled: subscription.disabledAt === null,
      createdAt: subscription.createdAt.toISOString(),
      createdBy: subscription.createdBy,
      secretRotatedAt: subscription.secretRotatedAt?.toISOString() ?? null,
      disabledAt: subscription.disabledAt?.toISOString() ?? null,
      disabledBy: subscription.disabledBy,
    };
  }
}

/** A subscription just made, or its secret just replaced: the only answers that hold the secret. */
export class WebhookWithSecretResponseDto extends WebhookResponseDto {
  @ApiProperty({
    description:
      'The signing secret (whsec_…): HMAC-SHA256 key of the Townhall-Webhook-Signature header. Shown this once.',
    example: 'whsec_…',
  })
  secret: string;
}

/** One delivery of a subscription, as its log shows it. */
export class WebhookDeliveryResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The webhook id (Townhall-Webhook-Id), the same on every attempt' })
  id: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS })
  event: WebhookEvent;

  @ApiProperty({ format: 'uuid', description: "The event's id (the body's id)" })
  eventId: string;

  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES })
  status: WebhookDeliveryStatus;

  @ApiProperty({ description: 'Attempts so far, resends included' })
  attempts: number;

  @ApiProperty({ nullable: true, type: Number, description: 'The HTTP status of the last answer' })
  lastStatus: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'What went wrong on the last attempt' })
  lastError: string | null;

  @ApiProperty({ format: 'date-time', description: 'When it was planned (the event was handled)' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastAttemptAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  deliveredAt: string | null;

  static of(delivery: WebhookDeliveryEntity): WebhookDeliveryResponseDto {
    return {
      id: delivery.id,
      event: delivery.event,
      eventId: delivery.outboxId,
      status: delivery.status,
      attempts: delivery.attempts,
      lastStatus: delivery.lastStatus,
      lastError: delivery.lastError,
      createdAt: delivery.createdAt.toISOString(),
      lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    };
  }
}
