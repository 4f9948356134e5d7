import { Module } from '@nestjs/common';
import { WebhookReceiverController } from './webhook-receiver.controller.js';
import { WebhookReceivers } from './webhook-receivers.js';

/**
 * A city system's webhook receiver (/webhooks/v1): it verifies Townhall's deliveries as the
 * integrations README tells a city's developer to, records each with its verdict, and fails
 * or hangs on purpose for tests of retries.
 */
@Module({
  controllers: [WebhookReceiverController],
  providers: [WebhookReceivers],
})
export class SandboxWebhooksModule {}
