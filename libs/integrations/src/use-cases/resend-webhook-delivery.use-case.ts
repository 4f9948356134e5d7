import { Injectable, Logger } from '@nestjs/common';
import { Outbox } from '@townhall/notifications';
import { TenantDatabase } from '@townhall/tenancy';
import { IntegrationsException, IntegrationsExceptionCode } from '../domain/integrations.exception.js';
import type { WebhookDeliveryEntity } from '../domain/webhook-delivery.entity.js';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository.js';
import { WebhookSubscriptionsRepository } from '../persistence/webhook-subscriptions.repository.js';
import { noSuchWebhook } from './manage-webhook-subscription.use-case.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An admin's "Send again" of one delivery, whatever became of it (delivered, failed,
 * cancelled): a new attempt with the same webhook id and body, a new timestamp and signature,
 * retried like the first if it fails. The delivery is pending again and its outbox event open
 * again; the worker gets the event after the commit (or from the outbox sweep).
 */
@Injectable()
export class ResendWebhookDeliveryUseCase {
  private readonly logger = new Logger(ResendWebhookDeliveryUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: { subscriptionId: string; deliveryId: string; by: string }): Promise<WebhookDeliveryEntity> {
    const delivery = await this.tenantDb.run(async () => {
      const subscription = UUID.test(input.subscriptionId)
        ? await this.subscriptions.findById(input.subscriptionId)
        : null;
      if (!subscription) throw noSuchWebhook();
      const found = UUID.test(input.deliveryId)
        ? await this.deliveries.findOne(input.subscriptionId, input.deliveryId)
        : null;
      if (!found) {
        throw new IntegrationsException(
          'There is no such delivery of this webhook.',
          IntegrationsExceptionCode.WebhookDeliveryNotFound,
        );
      }
      if (subscription.disabledAt) {
        throw new IntegrationsException(
          'This webhook is disabled: enable it before sending a delivery again.',
          IntegrationsExceptionCode.WebhookDisabled,
        );
      }
      const reopened = await this.deliveries.reopen(input.subscriptionId, input.deliveryId);
      if (!reopened) {
        throw new IntegrationsException(
          'This delivery is on its way already.',
          IntegrationsExceptionCode.WebhookDeliveryUnderway,
        );
      }
      await this.outbox.reopen(reopened.outboxId);
      return reopened;
    });
    this.logger.log(
      { webhook: input.subscriptionId, webhookId: delivery.id, event: delivery.event, by: input.by },
      'webhook delivery to be sent again',
    );
    return delivery;
  }
}
