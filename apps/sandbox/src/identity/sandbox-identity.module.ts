import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SandboxConfig } from '../sandbox.config.js';
import { createSandboxProviders } from './sandbox-providers.js';

/**
 * The identity providers the sandbox stands in for, at /eid (national eID for citizens),
 * /staff (the municipalities' staff directory) and /operators (the platform's, with a second
 * factor): real OpenID Connect providers (oidc-provider), with persona pickers for login.
 */
@Module({})
export class SandboxIdentityModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SandboxConfig) private readonly config: SandboxConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { handle } = await createSandboxProviders(
      this.config.SANDBOX_PUBLIC_URL.replace(/\/$/, ''),
      this.config.PLATFORM_DOMAIN,
    );
    // As Express-style middleware (Fastify runs it before reading the body, which the
    // providers read themselves).
    this.adapterHost.httpAdapter.use(handle);
  }
}
