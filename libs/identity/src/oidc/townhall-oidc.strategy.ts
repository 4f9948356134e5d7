import { createHash, randomBytes } from 'node:crypto';
import OpenIDConnectStrategy from 'passport-openidconnect';
import type { PendingLogin, AssuranceLevel } from '../sessions/session.types.js';
import type { DiscoveredProvider } from './oidc-discovery.js';
import { IdTokenRejected, verifyIdToken } from './id-token.js';

/** What a successful login hands back: the verified claims and the raw token. */
export interface VerifiedLogin {
  claims: Record<string, unknown>;
  idToken: string;
  header: Record<string, unknown>;
}

/**
 * The request passport's strategy sees: the callback's query, the login waiting in this
 * browser's session, and (out) the login it starts. Not the HTTP request itself: the
 * strategy reads only these.
 */
export interface StrategyRequest {
  query: Record<string, unknown>;
  /** In: the login this browser's session is waiting for (callback). */
  pendingLogin?: PendingLogin;
  /** Out: the login just started, to be kept in the session until the callback. */
  startedLogin?: PendingLogin;
  headers: Record<string, unknown>;
}

/** The application state passport carries from the start of a login to its store. */
interface LoginState {
  returnTo: string;
  acr: AssuranceLevel;
  codeVerifier: string;
}

type Done = (error: Error | null, login?: VerifiedLogin | false, info?: { message: string }) => void;

/**
 * passport-openidconnect's strategy, with what a national eID asks of a client and the
 * package does not do itself: PKCE (S256) where the provider supports it, the requested
 * level of assurance (acr_values), and a full check of the ID token's signature against
 * the provider's published keys. The login's state, nonce and code verifier wait in the
 * browser's own session, so a callback from another browser finds nothing to finish.
 */
export class TownhallOidcStrategy extends OpenIDConnectStrategy {
  constructor(
    /** Its name in passport: oidc:<tenant id>:<provider>. */
    readonly passportName: string,
    readonly clientId: string,
    private readonly provider: DiscoveredProvider,
    clientSecret: string,
    uiLocales: string,
  ) {
    super(
      {
        issuer: provider.metadata.issuer,
        authorizationURL: provider.metadata.authorization_endpoint,
        tokenURL: provider.metadata.token_endpoint,
        clientID: clientId,
        clientSecret,
        callbackURL: '', // per request: a municipality may answer at several hosts
        userInfoURL: '',
        scope: 'profile email',
        nonce: 'true',
        // Every login authenticates anew at the provider, as eIDs do: no silent single
        // sign-on, and a login for a higher level really is one.
        prompt: 'login',
        uiLocales,
        passReqToCallback: true,
        skipUserProfile: true,
        store: pendingLoginStore as never,
      },
      // passport-openidconnect calls this as a method of (its copy of) the strategy.
      function (
        this: TownhallOidcStrategy,
        req: StrategyRequest,
        _issuer: string,
        _profile: unknown,
        _context: unknown,
        idToken: string,
        _accessToken: unknown,
        _refreshToken: unknown,
        _params: unknown,
        done: Done,
      ) {
        void this.verifyToken(req, idToken, done);
      } as never,
    );
  }

  get supportsPkce(): boolean {
    return this.provider.metadata.code_challenge_methods_supported?.includes('S256') ?? false;
  }

  get endSessionEndpoint(): string | undefined {
    return this.provider.metadata.end_session_endpoint;
  }

  /** Adds PKCE and the level of assurance to the authorization request. */
  override authorizationParams(options: { state: LoginState }): object {
    const params: Record<string, string> = { acr_values: options.state.acr };
    if (this.supportsPkce) {
      params.code_challenge = createHash('sha256').update(options.state.codeVerifier).digest('base64url');
      params.code_challenge_method = 'S256';
    }
    return params;
  }

  /**
   * Sends the code verifier with the code. `this` is passport's per-request copy of the
   * strategy, so the token client wrapped here serves this request only.
   */
  override authenticate(req: StrategyRequest, options?: object): void {
    const verifier = req.pendingLogin?.codeVerifier;
    if (req.query.code && verifier && this.supportsPkce) {
      const shared = this._oauth2;
      const own = Object.create(shared) as typeof shared;
      own.getOAuthAccessToken = ((code: string, params: object, callback: never) =>
        shared.getOAuthAccessToken(
          code,
          { ...params, code_verifier: verifier },
          callback,
        )) as typeof own.getOAuthAccessToken;
      this._oauth2 = own;
    }
    super.authenticate(req as never, options);
  }

  private async verifyToken(req: StrategyRequest, idToken: string, done: Done): Promise<void> {
    try {
      const claims = await verifyIdToken(idToken, {
        issuer: this.provider.metadata.issuer,
        clientId: this.clientId,
        nonce: req.pendingLogin?.nonce ?? '',
        keys: this.provider.keys,
        providerAlgorithms: this.provider.metadata.id_token_signing_alg_values_supported,
      });
      const header = JSON.parse(Buffer.from(idToken.split('.')[0], 'base64url').toString()) as Record<string, unknown>;
      done(null, { claims: claims as Record<string, unknown>, idToken, header });
    } catch (error) {
      if (error instanceof IdTokenRejected) return done(null, false, { message: error.message });
      done(error as Error);
    }
  }
}

/** A new login's secrets: the code verifier (PKCE); state and nonce are made by the strategy. */
export function newLoginState(returnTo: string, acr: AssuranceLevel): LoginState {
  return { returnTo, acr, codeVerifier: randomBytes(32).toString('base64url') };
}

/**
 * passport-openidconnect's state store, over the browser's session: the login started is
 * handed out on the request (the caller saves it in the session), the callback's state is
 * compared with the login the session waits for.
 */
const pendingLoginStore = {
  store(
    req: StrategyRequest,
    ctx: { nonce?: string },
    state: LoginState,
    _meta: unknown,
    callback: (error: Error | null, handle?: string) => void,
  ): void {
    const handle = randomBytes(24).toString('base64url');
    req.startedLogin = {
      handle,
      nonce: ctx.nonce ?? '',
      codeVerifier: state.codeVerifier,
      returnTo: state.returnTo,
      acr: state.acr,
      startedAt: Date.now(),
    };
    callback(null, handle);
  },

  verify(
    req: StrategyRequest,
    handle: unknown,
    callback: (error: Error | null, ctx?: false | { nonce: string }, state?: unknown) => void,
  ): void {
    const pending = req.pendingLogin;
    if (!pending) {
      return callback(null, false, {
        message: 'No login was started in this browser session (missing or foreign state). Start the login again.',
      });
    }
    if (typeof handle !== 'string' || handle !== pending.handle) {
      return callback(null, false, {
        message: 'The state returned by the identity provider is not the one this browser session sent.',
      });
    }
    callback(null, { nonce: pending.nonce }, pending);
  },
};
