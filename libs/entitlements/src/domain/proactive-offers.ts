import { Injectable } from '@nestjs/common';
import { currentTenant, type ProactiveService, TenantsRepository } from '@townhall/tenancy';

/** A text given per language, in the reader's language, else the municipality's default, else any. */
export function textIn(texts: Partial<Record<string, string>> | undefined, locale: string, fallback: string): string {
  return texts?.[locale] ?? texts?.[fallback] ?? Object.values(texts ?? {}).find(Boolean) ?? '';
}

/**
 * What the current municipality offers without an application, as its settings (tenant file)
 * say now. A benefit once granted stays granted if the municipality later drops it: its rows
 * then show their code.
 */
@Injectable()
export class ProactiveOffers {
  constructor(private readonly tenants: TenantsRepository) {}

  async current(): Promise<{ services: ProactiveService[]; defaultLocale: string }> {
    const tenant = await this.tenants.findById(currentTenant().id);
    return { services: tenant?.proactive ?? [], defaultLocale: tenant?.defaultLocale ?? 'en' };
  }
}
