import { Module } from '@nestjs/common';
import { PayGatewayController } from './pay-gateway.controller.js';
import { PaySessions } from './pay-sessions.js';

/** Sandbox Pay (/payments): a card and bank-link gateway speaking townhall-pay v1. */
@Module({
  controllers: [PayGatewayController],
  providers: [PaySessions],
})
export class SandboxPaymentsModule {}
