import { ClsServiceManager } from 'nestjs-cls';
import { ContextKey } from '@townhall/platform';

/** The tenant of the running request or job: what code may know of it. */
export interface TenantRef {
  id: string;
  slug: string;
}

// Defined by the platform, which writes it into every log line of the request or job.
export const TENANT_KEY = ContextKey.Tenant;

/**
 * The tenant of the current request or job. The only way code learns the tenant: never
 * from the request, a header or a parameter. Throws when there is none, so tenant work
 * outside a tenant context fails loudly instead of running for nobody (or everybody).
 */
export function currentTenant(): TenantRef {
  const tenant = tenantOrUndefined();
  if (!tenant) throw new Error('no tenant in context: tenant work must run inside a tenant request or job');
  return tenant;
}

export function tenantOrUndefined(): TenantRef | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? (cls.get(TENANT_KEY) as TenantRef | undefined) : undefined;
}
