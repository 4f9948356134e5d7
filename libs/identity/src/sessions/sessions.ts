import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import Tokens from '@fastify/csrf';
import { PlatformConfig, RedisConnections } from '@townhall/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Principal, PendingLogin, Representation, SessionRealm } from './session.types.js';

/** What Redis keeps of a session. The cookie holds only the id; Redis only its SHA-256. */
export interface SessionData {
  realm: SessionRealm;
  /** The municipality the session belongs to; null in the admin app. */
  tenantId: string | null;
  createdAt: number;
  lastSeenAt: number;
  csrfSecret: string;
  principal?: Principal;
  pendingLogin?: PendingLogin;
  /** The organisation the citizen acts for; checked with the register at every action. */
  actingFor?: Representation;
}

/** A session that was presented but cannot be used, and why (for the message and the audit). */
export type SessionRefusal = 'idle' | 'absolute' | 'logged-out' | 'unknown' | 'other-tenant';

export interface LiveSession {
  id: string;
  data: SessionData;
}

export type SessionLookup = { session: LiveSession } | { session: null; refusal?: SessionRefusal };

interface Tombstone {
  ended: 'logout';
}

/** After logout the id is remembered this long, so a reuse is named as such. */
const TOMBSTONE_SECONDS = 60 * 60;
/** lastSeenAt is written back at most this often (or a quarter of the idle time, if shorter). */
const TOUCH_EVERY_MS = 5_000;
const COOKIE_ID = /^[A-Za-z0-9_-]{43}$/;

const tokens = Tokens();

/**
 * Browser sessions of the portal, the office and the admin app, in Redis. A session is
 * bound to the host it was made at (host-only cookie) and to its municipality (checked
 * here, so a cookie carried to another municipality is worthless). It ends after
 * SESSION_IDLE_SECONDS without use and SESSION_ABSOLUTE_SECONDS after it began; login
 * always starts a new one (no fixation). Each session has its own CSRF secret.
 */
/** The session store (Redis) did not answer: nobody can be recognised, so nobody is let in. */
export class SessionStoreUnavailableException extends ServiceUnavailableException {
  constructor() {
    super(
      'Logging in and logged-in pages are unavailable at the moment (our session store does not answer). Please try again in a few minutes.',
    );
  }
}

@Injectable()
export class Sessions implements OnModuleInit {
  private readonly logger = new Logger(Sessions.name);
  private redis: Redis;
  private readonly prefix: string;
  private readonly secure: boolean;
  private readonly looked = new WeakMap<FastifyRequest, Map<SessionRealm, Promise<SessionLookup>>>();

  constructor(
    private readonly connections: RedisConnections,
    private readonly config: PlatformConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:session:`;
    this.secure = config.PUBLIC_PROTOCOL === 'https';
  }

  onModuleInit(): void {
    this.redis = this.connections.open('sessions');
  }

  /** The cookie's name: __Host- makes browsers refuse it unless Secure, host-only and Path=/. */
  cookieName(realm: SessionRealm): string {
    return this.secure ? `__Host-townhall-${realm}` : `townhall-${realm}`;
  }

  /** The request's session of the realm, looked up once per request. */
  lookup(request: FastifyRequest, realm: SessionRealm): Promise<SessionLookup> {
    let byRealm = this.looked.get(request);
    if (!byRealm) this.looked.set(request, (byRealm = new Map()));
    let found = byRealm.get(realm);
    if (!found) byRealm.set(realm, (found = this.find(request, realm)));
    return found;
  }

  private async find(request: FastifyRequest, realm: SessionRealm): Promise<SessionLookup> {
    const id = request.cookies[this.cookieName(realm)];
    if (!id) return { session: null };
    if (!COOKIE_ID.test(id)) return { session: null, refusal: 'unknown' };
    const key = this.key(id);
    const raw = await this.store(() => this.redis.get(key));
    if (!raw) return { session: null, refusal: 'unknown' };
    const stored = JSON.parse(raw) as SessionData | Tombstone;
    if ('ended' in stored) return { session: null, refusal: 'logged-out' };
    if (stored.realm !== realm || stored.tenantId !== (request.tenant?.id ?? null)) {
      return { session: null, refusal: 'other-tenant' };
    }
    const now = Date.now();
    if (now - stored.createdAt >= this.config.SESSION_ABSOLUTE_SECONDS * 1000) {
      await this.store(() => this.redis.del(key));
      return { session: null, refusal: 'absolute' };
    }
    if (now - stored.lastSeenAt >= this.config.SESSION_IDLE_SECONDS * 1000) {
      await this.store(() => this.redis.del(key));
      return { session: null, refusal: 'idle' };
    }
    const session = { id, data: stored };
    if (now - stored.lastSeenAt >= Math.min(TOUCH_EVERY_MS, this.config.SESSION_IDLE_SECONDS * 250)) {
      stored.lastSeenAt = now;
      await this.write(session);
    }
    return { session };
  }

  /** The request's live session of the realm, or null. */
  async current(request: FastifyRequest, realm: SessionRealm): Promise<LiveSession | null> {
    return (await this.lookup(request, realm)).session;
  }

  /** The live session, or a new anonymous one (a login about to start needs somewhere to wait). */
  async currentOrNew(request: FastifyRequest, reply: FastifyReply, realm: SessionRealm): Promise<LiveSession> {
    return (await this.current(request, realm)) ?? this.begin(request, reply, realm, {});
  }

  /**
   * Starts a new session (a new id, a new CSRF secret) with the given contents, ending the
   * request's old one: called at login, so an id known before login is worthless after it.
   */
  async begin(
    request: FastifyRequest,
    reply: FastifyReply,
    realm: SessionRealm,
    contents: Pick<SessionData, 'principal' | 'pendingLogin'>,
  ): Promise<LiveSession> {
    const old = request.cookies[this.cookieName(realm)];
    if (old && COOKIE_ID.test(old)) await this.store(() => this.redis.del(this.key(old)));
    const now = Date.now();
    const session: LiveSession = {
      id: randomBytes(32).toString('base64url'),
      data: {
        realm,
        tenantId: request.tenant?.id ?? null,
        createdAt: now,
        lastSeenAt: now,
        csrfSecret: tokens.secretSync(),
        ...contents,
      },
    };
    await this.write(session);
    reply.setCookie(this.cookieName(realm), session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      // A browser-session cookie: the server decides when the session ends.
    });
    this.looked.get(request)?.delete(realm);
    return session;
  }

  /** Saves changed contents (a pending login, a consumed one). */
  async save(session: LiveSession): Promise<void> {
    await this.write(session);
  }

  /** Ends the session: its id is refused from now on (and named as logged out for an hour). */
  async end(reply: FastifyReply, session: LiveSession): Promise<void> {
    const tombstone: Tombstone = { ended: 'logout' };
    await this.store(() => this.redis.set(this.key(session.id), JSON.stringify(tombstone), 'EX', TOMBSTONE_SECONDS));
    reply.clearCookie(this.cookieName(session.data.realm), { path: '/' });
  }

  /** The CSRF token forms of this session carry. */
  csrfToken(session: LiveSession): string {
    return tokens.create(session.data.csrfSecret);
  }

  csrfValid(session: LiveSession, token: unknown): boolean {
    return typeof token === 'string' && token.length < 200 && tokens.verify(session.data.csrfSecret, token);
  }

  /** A short, non-reversible reference to a session id for audit entries. */
  reference(id: string): string {
    return createHash('sha256').update(id).digest('hex').slice(0, 16);
  }

  private async write(session: LiveSession): Promise<void> {
    const { createdAt } = session.data;
    const remaining = Math.ceil((createdAt + this.config.SESSION_ABSOLUTE_SECONDS * 1000 - Date.now()) / 1000);
    // Redis forgets an idle session a little after it is refused, so the refusal can be named.
    const ttl = Math.max(1, Math.min(remaining, this.config.SESSION_IDLE_SECONDS) + 60);
    await this.store(() => this.redis.set(this.key(session.id), JSON.stringify(session.data), 'EX', ttl));
  }

  /** A call to Redis; while Redis is away, a 503 that says so (never a 500, never a guess). */
  private async store<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.logger.error({ err: error }, 'session store unavailable');
      throw new SessionStoreUnavailableException();
    }
  }

  private key(id: string): string {
    return this.prefix + createHash('sha256').update(id).digest('hex');
  }
}
