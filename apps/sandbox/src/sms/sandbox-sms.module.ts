import { Module } from '@nestjs/common';
import { SmsClientAccessPolicy } from './sms-client-access.policy.js';
import { SmsOutbox } from './sms-outbox.js';
import { SmsPagesController } from './sms-pages.controller.js';
import { SmsProviderController } from './sms-provider.controller.js';

/**
 * The SMS provider the sandbox stands in for: its REST API at /sms/v1 (bearer token
 * SANDBOX_SMS_TOKEN), what it accepted at /sms, and a switch that makes it fail on purpose.
 */
@Module({
  controllers: [SmsProviderController, SmsPagesController],
  providers: [SmsOutbox, SmsClientAccessPolicy],
  exports: [SmsOutbox],
})
export class SandboxSmsModule {}
