export * from './domain/notification-event.js';
export * from './domain/outbox-event.entity.js';
export * from './domain/delivery.entity.js';
export * from './domain/inbox-message.entity.js';
export * from './domain/contact-preferences.entity.js';
export * from './domain/message-template.entity.js';
export * from './outbox/outbox.js';
export * from './outbox/outbox-channels.js';
export * from './jobs/outbox.sweeper.js';
export * from './persistence/inbox.repository.js';
export * from './persistence/contact-preferences.repository.js';
export * from './persistence/deliveries.repository.js';
export * from './templates/message-texts.js';
export * from './notifications.module.js';

import { ContactPreferencesEntity } from './domain/contact-preferences.entity.js';
import { DeliveryEntity } from './domain/delivery.entity.js';
import { InboxMessageEntity } from './domain/inbox-message.entity.js';
import { MessageTemplateEntity } from './domain/message-template.entity.js';
import { OutboxEventEntity } from './domain/outbox-event.entity.js';
import { CreateOutboxAndMessages1764001700000 } from './persistence/migrations/1764001700000-CreateOutboxAndMessages.js';
import { PersonRecipients1764003720000 } from './persistence/migrations/1764003720000-PersonRecipients.js';
import { OutboxDueTenants1764004900000 } from './persistence/migrations/1764004900000-OutboxDueTenants.js';
export const notificationsMigrations = [
  CreateOutboxAndMessages1764001700000,
  PersonRecipients1764003720000,
  OutboxDueTenants1764004900000,
];
export const notificationsEntities = [
  OutboxEventEntity,
  DeliveryEntity,
  InboxMessageEntity,
  ContactPreferencesEntity,
  MessageTemplateEntity,
];
