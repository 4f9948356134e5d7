import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { IsNull, Not } from 'typeorm';
import type { WebhookEvent } from '../domain/webhook-events.js';
import { WebhookSubscriptionEntity } from '../domain/webhook-subscription.entity.js';

/** A municipality's webhook subscriptions (its rows only, through TenantDatabase). */
@Injectable()
export class WebhookSubscriptionsRepository extends TenantScopedRepository<WebhookSubscriptionEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, WebhookSubscriptionEntity);
  }

  /** Newest first, disabled ones too. */
  list(): Promise<WebhookSubscriptionEntity[]> {
    return this.repository.find({ where: this.scoped(), order: { createdAt: 'DESC', id: 'ASC' } });
  }

  findById(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  async insert(subscription: {
    id: string;
    url: string;
    description: string;
    events: WebhookEvent[];
    secretSealed: string;
    createdBy: string;
  }): Promise<WebhookSubscriptionEntity> {
    await this.repository.insert({ ...subscription, tenantId: this.tenantId });
    return (await this.findById(subscription.id))!;
  }

  /** Disables an enabled one (by `by`) or enables a disabled one (`by` null); false when it was so already. */
  async setDisabled(id: string, by: string | null): Promise<boolean> {
    const { affected } = await this.repository.update(
      this.scoped({ id, disabledAt: by ? IsNull() : Not(IsNull()) }),
      by ? { disabledAt: () => 'now()', disabledBy: by } : { disabledAt: null, disabledBy: null },
    );
    return (affected ?? 0) > 0;
  }

  async replaceSecret(id: string, secretSealed: string): Promise<void> {
    await this.repository.update(this.scoped({ id }), { secretSealed, secretRotatedAt: () => 'now()' });
  }

  /** Deletes it and (the foreign key's cascade) its deliveries; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const { affected } = await this.repository.delete(this.scoped({ id }));
    return (affected ?? 0) > 0;
  }
}
