import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OperatorSessionsController } from './http/operator-sessions.controller.js';
import { CreateOperatorUseCase } from './operators/create-operator.use-case.js';
import { LoginAttempts } from './operators/login-attempts.js';
import { OperatorAccessPolicy } from './operators/operator-access.policy.js';
import { OperatorEntity } from './operators/operator.entity.js';
import { OperatorSessions } from './operators/operator-sessions.js';
import { OperatorsRepository } from './operators/operators.repository.js';

/** Operators' accounts (used by the CLI). */
@Module({
  imports: [TypeOrmModule.forFeature([OperatorEntity])],
  providers: [OperatorsRepository, CreateOperatorUseCase],
  exports: [OperatorsRepository, CreateOperatorUseCase],
})
export class OperatorsModule {}

/** For the admin app: operator login and the 'operator' access policy. */
@Module({
  imports: [OperatorsModule],
  controllers: [OperatorSessionsController],
  providers: [OperatorSessions, OperatorAccessPolicy, LoginAttempts],
})
export class OperatorAccessModule {}
