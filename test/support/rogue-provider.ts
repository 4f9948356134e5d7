import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/** How the next ID token is made wrong (or 'good', the control that must be accepted). */
export type RogueMode =
  | 'good'
  | 'other-issuer'
  | 'other-audience'
  | 'bad-signature'
  | 'alg-none'
  | 'wrong-nonce'
  | 'expired'
  | 'unknown-key'
  | 'low-level';

/**
 * An OpenID Connect provider that misbehaves on purpose, for the negative tests of login: a
 * real HTTP server with discovery, JWKS, an authorization endpoint that sends the browser
 * straight back with a code, and a token endpoint whose ID token is wrong in the way the
 * test asks. The relying party under test talks to it exactly as to a real provider.
 */
export class RogueProvider {
  mode: RogueMode = 'good';
  private server?: Server;
  private key!: CryptoKey;
  private otherKey!: CryptoKey;
  private kid = randomUUID();
  private publicJwk!: Record<string, unknown>;
  private readonly nonces = new Map<string, { nonce: string; clientId: string }>();
  base = '';

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    this.key = pair.privateKey;
    this.otherKey = (await generateKeyPair('RS256')).privateKey;
    this.publicJwk = { ...(await exportJWK(pair.publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => {
      void this.handle(req.method ?? 'GET', new URL(req.url ?? '/', this.base), req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://localhost:${(this.server.address() as AddressInfo).port}/rogue`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(
    method: string,
    url: URL,
    req: NodeJS.ReadableStream,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const json = (body: unknown) => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    switch (url.pathname) {
      case '/rogue/.well-known/openid-configuration':
        return json({
          issuer: this.base,
          authorization_endpoint: `${this.base}/auth`,
          token_endpoint: `${this.base}/token`,
          jwks_uri: `${this.base}/jwks`,
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      case '/rogue/jwks':
        return json({ keys: [this.publicJwk] });
      case '/rogue/auth': {
        const code = randomBytes(16).toString('hex');
        this.nonces.set(code, {
          nonce: url.searchParams.get('nonce') ?? '',
          clientId: url.searchParams.get('client_id') ?? '',
        });
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        return { status: 302, headers: { Location: back.toString() }, body: '' };
      }
      case '/rogue/token': {
        if (method !== 'POST') return { status: 405, headers: {}, body: '' };
        let raw = '';
        for await (const chunk of req) raw += String(chunk);
        const code = new URLSearchParams(raw).get('code') ?? '';
        const login = this.nonces.get(code);
        this.nonces.delete(code);
        if (!login)
          return { status: 400, headers: { 'Content-Type': 'application/json' }, body: '{"error":"invalid_grant"}' };
        return json({ access_token: 'opaque', token_type: 'Bearer', id_token: await this.idToken(login) });
      }
      default:
        return { status: 404, headers: {}, body: '' };
    }
  }

  private async idToken(login: { nonce: string; clientId: string }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'EE38001085718',
      given_name: 'Rogue',
      family_name: 'Tester',
      acr: this.mode === 'low-level' ? 'substantial' : 'high',
      nonce: this.mode === 'wrong-nonce' ? 'not-the-nonce' : login.nonce,
    };
    if (this.mode === 'alg-none') {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const payload = { ...claims, iss: this.base, aud: login.clientId, iat: now, exp: now + 300 };
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
    }
    const signed = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.mode === 'unknown-key' ? randomUUID() : this.kid })
      .setIssuer(this.mode === 'other-issuer' ? 'http://localhost:1/another-issuer' : this.base)
      .setAudience(this.mode === 'other-audience' ? 'another-municipality-portal' : login.clientId)
      // Expired: issued an hour ago, expired 50 minutes ago, past any allowed clock skew.
      .setIssuedAt(this.mode === 'expired' ? now - 3600 : now)
      .setExpirationTime(this.mode === 'expired' ? now - 3000 : now + 300);
    return signed.sign(this.mode === 'bad-signature' || this.mode === 'unknown-key' ? this.otherKey : this.key);
  }
}
