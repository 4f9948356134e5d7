import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { OperatorEntity } from './operator.entity.js';

@Injectable()
export class OperatorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(OperatorEntity);
  }

  findActiveByEmail(email: string): Promise<OperatorEntity | null> {
    return this.repository.findOne({ where: { email: email.toLowerCase(), disabledAt: IsNull() } });
  }

  findActive(id: string): Promise<OperatorEntity | null> {
    return this.repository.findOne({ where: { id, disabledAt: IsNull() } });
  }

  findByEmail(email: string): Promise<OperatorEntity | null> {
    return this.repository.findOne({ where: { email: email.toLowerCase() } });
  }

  async save(operator: Partial<OperatorEntity>): Promise<OperatorEntity> {
    return this.repository.save(this.repository.create(operator));
  }

  findActiveByIdentity(issuer: string, subject: string): Promise<OperatorEntity | null> {
    return this.repository.findOne({ where: { issuer, subject, disabledAt: IsNull() } });
  }

  /** Binds the account to the provider's identity (first login through it) and notes the login. */
  async bindIdentity(id: string, issuer: string, subject: string): Promise<void> {
    await this.repository.update({ id }, { issuer, subject, lastLoginAt: new Date() });
  }

  async touchLogin(id: string): Promise<void> {
    await this.repository.update({ id }, { lastLoginAt: new Date() });
  }
}
