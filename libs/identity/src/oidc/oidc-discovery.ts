import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/** What Townhall needs of a provider's discovery document. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  code_challenge_methods_supported?: string[];
  id_token_signing_alg_values_supported?: string[];
}

export interface DiscoveredProvider {
  metadata: ProviderMetadata;
  /** The provider's signing keys, fetched from jwks_uri, cached, fetched again on an unknown kid. */
  keys: JWTVerifyGetKey;
}

/** A provider that cannot be used: unreachable, or its document is wrong. */
export class ProviderUnavailableError extends Error {}

const METADATA_TTL_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5_000;

/**
 * Finds providers by their issuer, as OpenID Connect Discovery says: nothing about a
 * provider is configured but its issuer URL. The document must name exactly that issuer.
 */
@Injectable()
export class OidcDiscovery {
  private readonly known = new Map<string, { expiresAt: number; provider: Promise<DiscoveredProvider> }>();

  discover(issuer: string): Promise<DiscoveredProvider> {
    const entry = this.known.get(issuer);
    if (entry && entry.expiresAt > Date.now()) return entry.provider;
    const provider = this.fetchProvider(issuer);
    this.known.set(issuer, { expiresAt: Date.now() + METADATA_TTL_MS, provider });
    // A failure is not remembered: the next login asks again.
    provider.catch(() => this.known.delete(issuer));
    return provider;
  }

  /** Forgets a provider (its tenant's settings changed). */
  forget(issuer: string): void {
    this.known.delete(issuer);
  }

  private async fetchProvider(issuer: string): Promise<DiscoveredProvider> {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
    } catch (error) {
      throw new ProviderUnavailableError(
        `the identity provider ${issuer} did not answer (${(error as Error).message})`,
      );
    }
    if (!response.ok) {
      throw new ProviderUnavailableError(
        `the identity provider ${issuer} answered ${response.status} for its discovery document`,
      );
    }
    const metadata = (await response.json().catch(() => ({}))) as Partial<ProviderMetadata>;
    if (metadata.issuer !== issuer) {
      throw new ProviderUnavailableError(
        `the discovery document of ${issuer} names the issuer ${String(metadata.issuer)}; they must be equal`,
      );
    }
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof metadata[field] !== 'string' || !URL.canParse(metadata[field])) {
        throw new ProviderUnavailableError(`the discovery document of ${issuer} has no valid ${field}`);
      }
    }
    const complete = metadata as ProviderMetadata;
    return {
      metadata: complete,
      keys: createRemoteJWKSet(new URL(complete.jwks_uri), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60 * 1000,
      }),
    };
  }
}
