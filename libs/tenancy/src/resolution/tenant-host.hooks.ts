import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ClsService, ClsServiceManager } from 'nestjs-cls';
import { TENANT_KEY, type TenantRef } from '../context/tenant-context.js';
import { TenancyException, TenancyExceptionCode } from '../domain/tenancy.exception.js';
import { TenantStatus } from '../domain/tenant.entity.js';
import { PublicResponses } from './public-responses.js';
import { TenantResolver, type ResolvedTenant } from './tenant-resolver.js';

/** Not 'tenant.settings': nestjs-cls reads dotted keys as paths into the TenantRef. */
export const TENANT_SETTINGS_KEY = 'tenantSettings';

/** Routes of the deployment itself, answered whatever the host. */
const PLATFORM_ROUTES = /^\/(health|ready)$|^\/api\/docs(\/|$)/;

declare module 'fastify' {
  interface FastifyRequest {
    tenant: ResolvedTenant | null;
  }
}

/**
 * Resolves the tenant of every request from its Host header, before anything else runs
 * (before the body is read): an unknown host is a 404, a suspended tenant a 503. Once the
 * request context exists, the tenant is put into it for currentTenant() and the door.
 */
@Injectable()
export class TenantHostHooks implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly resolver: TenantResolver,
    private readonly cls: ClsService,
    private readonly publicResponses: PublicResponses,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.decorateRequest('tenant', null);
    fastify.addHook('onRequest', (request, reply, done) =>
      this.resolve(request, (error) => {
        // A public answer kept for this address is sent now; Nest's pipeline never runs.
        if (error || !this.publicResponses.answer(request, reply)) done(error);
      }),
    );
    fastify.addHook('preHandler', (request, _reply, done) => {
      const tenant = request.tenant;
      if (tenant) {
        this.cls.set(TENANT_KEY, { id: tenant.id, slug: tenant.slug } satisfies TenantRef);
        this.cls.set(TENANT_SETTINGS_KEY, tenant);
      }
      done();
    });
  }

  /** From the cache without a promise when it can (most requests), else from the database. */
  private resolve(request: FastifyRequest, done: HookHandlerDoneFunction): void {
    const path = request.url.split('?', 1)[0];
    if (PLATFORM_ROUTES.test(path)) return done();
    const known = this.resolver.cached(request.headers.host);
    if (known !== undefined) return this.admit(request, known, done);
    this.resolver.resolve(request.headers.host).then(
      (tenant) => this.admit(request, tenant, done),
      (error: Error) => done(error),
    );
  }

  private admit(request: FastifyRequest, tenant: ResolvedTenant | null, done: HookHandlerDoneFunction): void {
    try {
      this.assertServing(tenant);
    } catch (error) {
      return done(error as Error);
    }
    request.tenant = tenant;
    request.tenantSlug = tenant.slug;
    done();
  }

  private assertServing(tenant: ResolvedTenant | null): asserts tenant is ResolvedTenant {
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
  }
}

/**
 * The settings of the current request's tenant (name, locales, branding…), beside
 * currentTenant(); throws outside a tenant request.
 */
/** The settings of the request's tenant, or undefined outside a tenant request (a job). */
export function tenantSettingsOfRequest(): ResolvedTenant | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? (cls.get(TENANT_SETTINGS_KEY) as ResolvedTenant | undefined) : undefined;
}

export function currentTenantSettings(): ResolvedTenant {
  const cls = ClsServiceManager.getClsService();
  const settings = cls.isActive() ? (cls.get(TENANT_SETTINGS_KEY) as ResolvedTenant | undefined) : undefined;
  if (!settings) throw new Error('no tenant in context: tenant settings exist only in a tenant request');
  return settings;
}
