import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Global,
  Injectable,
  Logger,
  Module,
  SetMetadata,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';

/**
 * Every route states who may call it. A route without a decision is refused (deny by
 * default), so a forgotten decorator closes a door instead of opening one.
 */
export const ACCESS_METADATA = 'townhall:access';

export interface AccessRule {
  /** The name of a policy registered in AccessPolicies, or 'public'. */
  policy: string;
  /** What the policy needs to know, e.g. the roles allowed. */
  options?: Record<string, unknown>;
}

/** Anyone may call this route. */
export const Public = () => SetMetadata(ACCESS_METADATA, { policy: 'public' } satisfies AccessRule);

/** Only callers the named policy admits. */
export const Access = (policy: string, options?: Record<string, unknown>) =>
  SetMetadata(ACCESS_METADATA, { policy, options } satisfies AccessRule);

export interface AccessPolicy {
  /** Returns true to admit; throws an HttpException (401, 403, 404) to refuse with a reason. */
  admit(context: ExecutionContext, rule: AccessRule): boolean | Promise<boolean>;
}

/** The policies the libraries register (identity registers citizen, staff, operator…). */
@Injectable()
export class AccessPolicies {
  private readonly policies = new Map<string, AccessPolicy>();

  register(name: string, policy: AccessPolicy): void {
    if (this.policies.has(name)) throw new Error(`access policy ${name} registered twice`);
    this.policies.set(name, policy);
  }

  get(name: string): AccessPolicy | undefined {
    return this.policies.get(name);
  }
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly policies: AccessPolicies,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} has no access decision`);
      throw new ForbiddenException('This route is closed.');
    }
    if (rule.policy === 'public') return true;
    const policy = this.policies.get(rule.policy);
    if (!policy) {
      this.logger.error(`access policy ${rule.policy} is not registered in this app`);
      throw new ForbiddenException('This route is closed.');
    }
    return this.admit(policy, context, rule);
  }

  private async admit(policy: AccessPolicy, context: ExecutionContext, rule: AccessRule): Promise<boolean> {
    const admitted = await policy.admit(context, rule);
    if (!admitted) throw new ForbiddenException('You may not do this.');
    return true;
  }
}

/** Installs the deny-by-default guard on every route of the app. */
@Global()
@Module({
  providers: [AccessPolicies, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccessPolicies],
})
export class AccessModule {}
