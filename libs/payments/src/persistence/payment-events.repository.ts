import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { PaymentEventEntity } from '../domain/payment-event.entity.js';

/** The audit of a municipality's payment callbacks (append-only). */
@Injectable()
export class PaymentEventsRepository extends TenantScopedRepository<PaymentEventEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, PaymentEventEntity);
  }

  async add(
    event: Omit<Partial<PaymentEventEntity>, 'tenantId' | 'id' | 'receivedAt' | 'tenant' | 'payment'>,
  ): Promise<void> {
    await this.repository.insert({ ...event, tenantId: this.tenantId } as never);
  }

  ofPayment(paymentId: string): Promise<PaymentEventEntity[]> {
    return this.repository.find({ where: this.scoped({ paymentId }), order: { receivedAt: 'ASC', id: 'ASC' } });
  }
}
