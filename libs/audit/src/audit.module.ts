import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataAccessEntity } from './domain/data-access.entity.js';
import { DataAccessLog } from './persistence/data-access-log.js';

/** Who saw what: the citizens' data-access log. */
@Module({
  imports: [TypeOrmModule.forFeature([DataAccessEntity])],
  providers: [DataAccessLog],
  exports: [DataAccessLog],
})
export class AuditModule {}
