import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ClsService, ClsServiceManager } from 'nestjs-cls';
import { TENANT_KEY, type TenantRef } from '../context/tenant-context.js';
import { TenancyException, TenancyExceptionCode } from '../domain/tenancy.exception.js';
import { TenantStatus } from '../domain/tenant.entity.js';
import { TenantResolver, type ResolvedTenant } from './tenant-resolver.js';

/** Not 'tenant.settings': nestjs-cls reads dotted keys as paths into the TenantRef. */
export const TENANT_SETTINGS_KEY = 'tenantSettings';

/** Routes of the deployment itself, answered whatever the host. */
const PLATFORM_ROUTES = /^\/(health|ready)$|^\/api\/docs(\/|$)/;

/**
 * Resolves the tenant of every request from its Host header, before anything else runs:
 * an unknown host is a 404, a suspended tenant a 503.
 */
@Injectable()
export class TenantHostMiddleware implements NestMiddleware {
  constructor(
    private readonly resolver: TenantResolver,
    private readonly cls: ClsService,
  ) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    // Mounted with app.use('/{*path}'), Express strips the matched path: req.path is '/'.
    if (PLATFORM_ROUTES.test(req.originalUrl.split('?')[0])) return next();
    const tenant = await this.resolver.resolve(req.headers.host);
    if (!tenant) {
      throw new TenancyException('No municipality answers at this address.', TenancyExceptionCode.UnknownHost);
    }
    if (tenant.status === TenantStatus.Suspended) {
      throw new TenancyException(
        `The e-services of ${tenant.name} are not available at the moment.`,
        TenancyExceptionCode.Suspended,
      );
    }
    if (tenant.status === TenantStatus.Provisioning) {
      throw new TenancyException(
        `The e-services of ${tenant.name} are being set up. Please try again in a moment.`,
        TenancyExceptionCode.Provisioning,
      );
    }
    this.cls.set(TENANT_KEY, { id: tenant.id, slug: tenant.slug } satisfies TenantRef);
    this.cls.set(TENANT_SETTINGS_KEY, tenant);
    next();
  }
}

/**
 * The settings of the current request's tenant (name, locales, branding…), beside
 * currentTenant(); throws outside a tenant request.
 */
export function currentTenantSettings(): ResolvedTenant {
  const cls = ClsServiceManager.getClsService();
  const settings = cls.isActive() ? (cls.get(TENANT_SETTINGS_KEY) as ResolvedTenant | undefined) : undefined;
  if (!settings) throw new Error('no tenant in context: tenant settings exist only in a tenant request');
  return settings;
}
