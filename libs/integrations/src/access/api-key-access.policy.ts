import {
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  type OnModuleInit,
  UnauthorizedException,
} from '@nestjs/common';
import { AccessPolicies, type AccessRule, LoginRequiredException } from '@townhall/platform';
import { TenantDatabase } from '@townhall/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiKeyScope } from '../domain/api-key-scopes.js';
import { keyMatches, prefixOf } from '../domain/api-key-secret.js';
import { ApiKeysRepository, LAST_USED_RESOLUTION_MS } from '../persistence/api-keys.repository.js';
import { apiKeyActorName } from './api-client.js';

/** The challenge of a 401: how to authenticate here. */
export const API_KEY_CHALLENGE = 'Bearer realm="townhall", charset="UTF-8"';

const BEARER = /^Bearer\s+(\S*)\s*$/i;

/**
 * `@Access('api-key', { scope: 'cases:read' })`: a system of the municipality with one of its
 * API keys (`Authorization: Bearer th_…`), not revoked, holding the scope the route names.
 * `@Access('staff-or-api-key', { roles, scope })`: the same when a key is sent, otherwise an
 * official logged in to the office (the `staff` policy, with its roles and CSRF check).
 *
 * The key is looked up in the municipality of the Host only: another municipality's key is
 * not found (401, like a wrong one). Keys are read on every request and never kept, so a
 * revocation counts at once on every process. A use is logged (the key's prefix, never the
 * secret) and noted as the key's last use at most once a minute.
 */
@Injectable()
export class ApiKeyAccessPolicy implements OnModuleInit {
  private readonly logger = new Logger(ApiKeyAccessPolicy.name);

  constructor(
    private readonly policies: AccessPolicies,
    private readonly tenantDb: TenantDatabase,
    private readonly keys: ApiKeysRepository,
  ) {}

  onModuleInit(): void {
    this.policies.register('api-key', { admit: (context, rule) => this.admitKey(context, rule) });
    this.policies.register('staff-or-api-key', { admit: (context, rule) => this.admitEither(context, rule) });
  }

  private async admitEither(context: ExecutionContext, rule: AccessRule): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (bearerOf(request) !== undefined) return this.admitKey(context, rule);
    const staff = this.policies.get('staff');
    if (!staff) {
      this.logger.error('access policy staff is not registered in this app');
      throw new ForbiddenException('This route is closed.');
    }
    try {
      return await staff.admit(context, rule);
    } catch (error) {
      // Nobody logged in: say that a key would do too.
      if (error instanceof LoginRequiredException) challenge(context);
      throw error;
    }
  }

  private async admitKey(context: ExecutionContext, rule: AccessRule): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const scope = rule.options?.scope;
    if (!isApiKeyScope(scope)) {
      this.logger.error({ route }, 'a route admitting API keys names no scope of API_KEY_SCOPES');
      throw new ForbiddenException('This route is closed.');
    }
    const presented = bearerOf(request);
    if (presented === undefined) {
      challenge(context);
      throw new UnauthorizedException('Send an API key of this municipality: Authorization: Bearer th_…');
    }
    const prefix = prefixOf(presented);
    const key = prefix ? await this.tenantDb.read(() => this.keys.findByPrefix(prefix)) : null;
    if (!key || !keyMatches(presented, key.secretHash)) {
      this.logger.warn({ apiKey: prefix ?? 'malformed', route, refused: 'unknown' }, 'API key refused');
      challenge(context, 'invalid_token');
      throw new UnauthorizedException('This API key is not valid here.');
    }
    if (key.revokedAt) {
      this.logger.warn({ apiKey: key.prefix, route, refused: 'revoked' }, 'API key refused');
      challenge(context, 'invalid_token');
      throw new UnauthorizedException(`This API key (${key.prefix}) has been revoked.`);
    }
    if (!key.scopes.includes(scope)) {
      this.logger.warn({ apiKey: key.prefix, route, refused: `scope ${scope}` }, 'API key refused');
      throw new ForbiddenException(
        `This API key (${key.prefix}) lacks the scope ${scope}, which ${route} needs; it has ${key.scopes.join(', ')}.`,
      );
    }
    request.apiClient = {
      keyId: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      actorName: apiKeyActorName(key),
    };
    this.logger.log({ apiKey: key.prefix, apiKeyName: key.name, scope, route }, 'API key used');
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // The use stands even when it cannot be noted.
      await this.tenantDb
        .run(() => this.keys.touch(key.id))
        .catch((error: unknown) => this.logger.warn({ apiKey: key.prefix, err: error }, 'last use not noted'));
    }
    return true;
  }
}

/** The bearer token of the request: undefined without an Authorization: Bearer header. */
function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

/** A 401's WWW-Authenticate header (RFC 6750). */
function challenge(context: ExecutionContext, error?: 'invalid_token'): void {
  const reply = context.switchToHttp().getResponse<FastifyReply>();
  void reply.header('WWW-Authenticate', error ? `${API_KEY_CHALLENGE}, error="${error}"` : API_KEY_CHALLENGE);
}
