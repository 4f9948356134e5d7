import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentsModule } from '@townhall/documents';
import { CitizenEntity, CitizensRepository, StaffModule } from '@townhall/identity';
import { QueueName } from '@townhall/platform';
import { MailSender } from './channels/mail-sender.js';
import { SmsSender } from './channels/sms-sender.js';
import { ContactPreferencesEntity } from './domain/contact-preferences.entity.js';
import { DeliveryEntity } from './domain/delivery.entity.js';
import { InboxMessageEntity } from './domain/inbox-message.entity.js';
import { MessageTemplateEntity } from './domain/message-template.entity.js';
import { OutboxEventEntity } from './domain/outbox-event.entity.js';
import { DeliverEventJob } from './jobs/deliver-event.job.js';
import { MessageComposer } from './jobs/message-composer.js';
import { OutboxSweeper } from './jobs/outbox.sweeper.js';
import { OfficeMessagesController } from './http/office-messages.controller.js';
import { PortalMessagesController } from './http/portal-messages.controller.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxChannels } from './outbox/outbox-channels.js';
import { ContactPreferencesRepository } from './persistence/contact-preferences.repository.js';
import { DeliveriesRepository } from './persistence/deliveries.repository.js';
import { InboxRepository } from './persistence/inbox.repository.js';
import { MessageTemplatesRepository } from './persistence/message-templates.repository.js';
import { MessageTexts } from './templates/message-texts.js';

const repositories = [DeliveriesRepository, InboxRepository, ContactPreferencesRepository, MessageTemplatesRepository];

/** The outbox (for every library that notifies) and the notifications' tables. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      OutboxEventEntity,
      DeliveryEntity,
      InboxMessageEntity,
      ContactPreferencesEntity,
      MessageTemplateEntity,
    ]),
    BullModule.registerQueue({ name: QueueName.Notifications }),
  ],
  providers: [Outbox, OutboxChannels, MessageTexts, ...repositories],
  exports: [Outbox, OutboxChannels, MessageTexts, ...repositories],
})
export class NotificationsModule {}

/** For the worker: the delivery of outbox events over the channels, and the sweep. */
@Module({
  imports: [NotificationsModule, DocumentsModule, StaffModule, TypeOrmModule.forFeature([CitizenEntity])],
  providers: [DeliverEventJob, MessageComposer, MailSender, SmsSender, OutboxSweeper, CitizensRepository],
  exports: [OutboxSweeper],
})
export class NotificationsJobsModule {}

/** The portal's inbox and contact choices, and the office's messages, letters and wordings. */
@Module({
  imports: [NotificationsModule],
  controllers: [PortalMessagesController, OfficeMessagesController],
})
export class NotificationsHttpModule {}
