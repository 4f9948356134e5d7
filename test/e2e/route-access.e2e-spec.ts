import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { CreateOperatorUseCase } from '@townhall/identity';
import { API_KEY_SCOPES } from '@townhall/integrations';
import { ACCESS_METADATA, type AccessRule } from '@townhall/platform';
import { seedTenants, startAdmin, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Walks every route of the apps, as the apps themselves list them, and calls each as
 * everyone there is: nobody, a citizen, a case handler, a municipal admin, an operator, and
 * a city system with an API key of the municipality holding every scope.
 * It fails when a route admits someone its role should keep out (or keeps out someone it
 * should admit), and when a route appears whose access nobody has written down below:
 * a new route's rule is a decision to review, not an accident.
 */

/** Who should get through, for every route of every app. */
const EXPECTED: Record<string, string> = {
  // api: public
  'api GET /': 'public',
  'api GET /assets/:file': 'public',
  'api GET /branding/logo': 'public',
  'api GET /services/:code': 'public',
  'api GET /api/v1/services': 'public',
  'api GET /api/v1/services.jsonld': 'public',
  'api GET /api/v1/services/:id': 'public',
  'api GET /institutions': 'public',
  'api GET /institutions/:id': 'public',
  'api GET /institutions/:id/calendar.ics': 'public',
  'api GET /resources/:id': 'public',
  'api GET /resources/:id/calendar.ics': 'public',
  'api GET /api/v1/resources': 'public',
  'api GET /api/v1/resources/:id/availability': 'public',
  'api GET /resources/:id/photos/:photoId': 'public',
  'api GET /login': 'public',
  'api GET /auth/login': 'public',
  'api GET /auth/callback': 'public',
  'api GET /office/login': 'public',
  'api GET /office/auth/login': 'public',
  'api GET /office/auth/callback': 'public',
  'api GET /health': 'public',
  'api GET /ready': 'public',
  'api POST /api/v1/payments/callback': 'public',
  'api GET /payments/:id/return': 'public',
  'api GET /verify/permits/:code': 'public',
  // api: citizens
  'api GET /my': 'citizen',
  'api POST /logout': 'citizen',
  'api GET /my/organisations': 'citizen',
  'api POST /my/acting-for': 'citizen',
  'api POST /services/:code/apply': 'citizen',
  'api GET /applications': 'citizen',
  'api GET /applications/:id': 'citizen',
  'api GET /applications/:id/steps/:step': 'citizen',
  'api POST /applications/:id/steps/:step': 'citizen',
  'api GET /applications/:id/review': 'citizen',
  'api POST /applications/:id/submit': 'citizen',
  'api GET /applications/:id/answer': 'citizen',
  'api POST /applications/:id/answer': 'citizen',
  'api POST /applications/:id/withdraw': 'citizen',
  'api GET /applications/:id/transitions/:transitionId': 'citizen',
  'api POST /applications/:id/transitions/:transitionId': 'citizen',
  'api GET /applications/:id/files/:file': 'citizen',
  'api GET /me/data-access': 'citizen',
  'api GET /inbox': 'citizen',
  'api GET /inbox/:id': 'citizen',
  'api GET /me/contact': 'citizen',
  'api POST /me/contact': 'citizen',
  'api GET /api/v1/me/contact-preferences': 'citizen',
  'api PUT /api/v1/me/contact-preferences': 'citizen',
  'api GET /api/v1/me/inbox': 'citizen',
  'api GET /me/entitlements': 'citizen',
  'api GET /api/v1/me/entitlements': 'citizen',
  'api GET /payments/:id': 'citizen',
  'api POST /payments/:id/start': 'citizen',
  'api GET /payments/:id/receipt.pdf': 'citizen',
  'api GET /api/v1/me/payments/:id': 'citizen',
  'api POST /resources/:id/book': 'citizen',
  'api GET /me/bookings': 'citizen',
  'api POST /me/bookings/:id/cancel': 'citizen',
  'api GET /me/bookings/:id/booking.ics': 'citizen',
  'api POST /api/v1/bookings': 'citizen',
  'api GET /api/v1/me/bookings': 'citizen',
  'api POST /api/v1/bookings/:id/cancel': 'citizen',
  'api GET /applications/:id/receipt.pdf': 'citizen',
  'api POST /applications/:id/pay': 'citizen',
  'api POST /applications/:id/appeal': 'citizen',
  'api GET /applications/:id/follow-ups/:key/steps/:step': 'citizen',
  'api POST /applications/:id/follow-ups/:key/steps/:step': 'citizen',
  'api GET /applications/:id/follow-ups/:key/review': 'citizen',
  'api POST /applications/:id/follow-ups/:key/submit': 'citizen',
  'api POST /api/v1/applications': 'citizen',
  'api GET /api/v1/applications': 'citizen',
  'api GET /api/v1/applications/:id': 'citizen',
  'api POST /api/v1/applications/:id/transitions/:transitionId': 'citizen',
  // api: office
  'api GET /office': 'staff',
  'api POST /office/logout': 'staff',
  'api GET /office/cases': 'staff',
  'api GET /office/people/:id': 'staff',
  'api GET /office/messages': 'staff:admin,owner,handler',
  'api GET /office/entitlements': 'staff:admin,owner',
  'api GET /office/payments': 'staff:admin',
  'api GET /office/payments.csv': 'staff:admin',
  'api POST /office/payments/:id/refund': 'staff:admin',
  'api POST /office/payments/:id/received': 'staff:admin',
  'api POST /office/payments/:id/refund-given': 'staff:admin',
  'api POST /office/cases/:id/permit/revoke': 'staff:admin,owner',
  'api POST /office/entitlements/run': 'staff:admin',
  'api POST /office/messages/:id/retry': 'staff:admin',
  'api POST /office/messages/:id/posted': 'staff:admin,owner,handler',
  'api GET /office/settings/messages': 'staff:admin',
  'api GET /office/settings/messages/:event/:locale': 'staff:admin',
  'api POST /office/settings/messages/:event/:locale': 'staff:admin',
  'api POST /office/settings/messages/:event/:locale/reset': 'staff:admin',
  'api GET /office/cases/:id': 'staff',
  'api POST /office/cases/:id/transitions': 'staff',
  'api POST /office/cases/:id/notes': 'staff',
  'api POST /office/cases/:id/assign': 'staff',
  'api GET /office/cases/:id/files/:file': 'staff',
  'api GET /api/v1/office/cases': 'staff-or-api-key:cases:read',
  'api GET /api/v1/office/cases/:id': 'staff-or-api-key:cases:read',
  'api POST /api/v1/office/cases/:id/transitions': 'staff-or-api-key:cases:write',
  'api GET /api/v1/office/cases/:id/decision': 'staff-or-api-key:decisions:read',
  'api GET /api/v1/office/applications': 'staff-or-api-key:admin:applications:read',
  'api GET /api/v1/office/applications/:id/documents': 'staff-or-api-key:admin:documents:read',
  'api GET /api/v1/office/applications/:id/documents/:documentId': 'staff-or-api-key:admin:documents:read',
  'api GET /office/staff': 'staff:admin',
  'api POST /office/staff': 'staff:admin',
  'api POST /office/staff/:id': 'staff:admin',
  'api GET /office/settings/api-keys': 'staff:admin',
  'api POST /office/settings/api-keys': 'staff:admin',
  'api POST /office/settings/api-keys/:id/revoke': 'staff:admin',
  'api GET /api/v1/office/api-keys': 'staff:admin',
  'api POST /api/v1/office/api-keys': 'staff:admin',
  'api POST /api/v1/office/api-keys/:id/revoke': 'staff:admin',
  'api GET /office/settings/webhooks': 'staff:admin',
  'api POST /office/settings/webhooks': 'staff:admin',
  'api GET /office/settings/webhooks/:id': 'staff:admin',
  'api POST /office/settings/webhooks/:id/disable': 'staff:admin',
  'api POST /office/settings/webhooks/:id/enable': 'staff:admin',
  'api POST /office/settings/webhooks/:id/rotate-secret': 'staff:admin',
  'api POST /office/settings/webhooks/:id/delete': 'staff:admin',
  'api POST /office/settings/webhooks/:id/deliveries/:deliveryId/resend': 'staff:admin',
  'api GET /api/v1/office/webhooks': 'staff:admin',
  'api POST /api/v1/office/webhooks': 'staff:admin',
  'api GET /api/v1/office/webhooks/:id': 'staff:admin',
  'api DELETE /api/v1/office/webhooks/:id': 'staff:admin',
  'api POST /api/v1/office/webhooks/:id/disable': 'staff:admin',
  'api POST /api/v1/office/webhooks/:id/enable': 'staff:admin',
  'api POST /api/v1/office/webhooks/:id/rotate-secret': 'staff:admin',
  'api GET /api/v1/office/webhooks/:id/deliveries': 'staff:admin',
  'api POST /api/v1/office/webhooks/:id/deliveries/:deliveryId/resend': 'staff:admin',
  'api GET /office/services': 'staff:admin',
  'api GET /office/services/:code': 'staff:admin',
  'api POST /office/services/:code': 'staff:admin',
  'api GET /office/services/:code/preview': 'staff:admin',
  'api POST /office/services/:code/publish': 'staff:admin',
  'api POST /office/services/:code/upgrade': 'staff:admin',
  'api GET /api/v1/office/services': 'staff:admin',
  'api GET /api/v1/office/services/:code': 'staff:admin',
  'api PUT /api/v1/office/services/:code/customisation': 'staff:admin',
  'api POST /api/v1/office/services/:code/publish': 'staff:admin',
  'api GET /api/v1/office/services/:code/upgrade': 'staff:admin',
  'api POST /api/v1/office/services/:code/upgrade': 'staff:admin',
  'api GET /office/resources': 'staff',
  'api GET /office/institutions/new': 'staff:admin',
  'api POST /office/institutions': 'staff:admin',
  'api GET /office/institutions/:id': 'staff:admin',
  'api POST /office/institutions/:id': 'staff:admin',
  'api GET /office/resources/new': 'staff:admin',
  'api POST /office/resources': 'staff:admin',
  'api GET /office/resources/:id': 'staff:admin',
  'api POST /office/resources/:id': 'staff:admin',
  'api POST /office/resources/:id/photos': 'staff:admin',
  'api POST /office/resources/:id/photos/:photoId/remove': 'staff:admin',
  'api GET /api/v1/office/resources': 'staff-or-api-key:bookings:read',
  'api GET /api/v1/office/resources/:id': 'staff-or-api-key:bookings:read',
  'api POST /api/v1/office/institutions': 'staff:admin',
  'api PUT /api/v1/office/institutions/:id': 'staff:admin',
  'api POST /api/v1/office/resources': 'staff:admin',
  'api PUT /api/v1/office/resources/:id': 'staff:admin',
  'api POST /api/v1/office/resources/:id/photos': 'staff:admin',
  'api DELETE /api/v1/office/resources/:id/photos/:photoId': 'staff:admin',
  'api GET /api/v1/office/bookings': 'staff-or-api-key:bookings:read',
  'api GET /office/bookings': 'staff',
  'api GET /office/bookings/:id': 'staff',
  'api POST /office/bookings/:id/approve': 'staff:admin',
  'api POST /office/bookings/:id/reject': 'staff:admin',
  'api POST /api/v1/office/bookings/:id/approve': 'staff:admin',
  'api POST /api/v1/office/bookings/:id/reject': 'staff:admin',
  // admin app
  'admin GET /health': 'public',
  'admin GET /assets/:file': 'public',
  'admin GET /ready': 'public',
  'admin GET /login': 'public',
  'admin GET /auth/login': 'public',
  'admin GET /auth/callback': 'public',
  'admin POST /api/v1/operator-sessions': 'public',
  'admin DELETE /api/v1/operator-sessions/current': 'operator',
  'admin GET /': 'operator',
  'admin POST /logout': 'operator',
  'admin POST /api/v1/tenants': 'operator',
  'admin GET /api/v1/tenants': 'operator',
  'admin GET /api/v1/tenants/:slug': 'operator',
  'admin POST /api/v1/tenants/:slug/suspend': 'operator',
  'admin POST /api/v1/tenants/:slug/resume': 'operator',
  'admin POST /api/v1/tenants/:slug/provision': 'operator',
  'admin GET /api/v1/queues': 'operator',
  'admin GET /municipalities': 'operator',
  'admin GET /municipalities/new': 'operator',
  'admin POST /municipalities': 'operator',
  'admin GET /municipalities/:slug': 'operator',
  'admin GET /api/v1/queues/:name/failed': 'operator',
  // worker
  'worker GET /health': 'public',
  'worker GET /ready': 'public',
};

interface Route {
  key: string;
  method: string;
  path: string;
  rule: AccessRule | undefined;
}

/** The routes of an app, from its controllers' metadata: what Nest registers. */
function routesOf(appName: string, app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      // Handlers a controller inherits (the login routes every realm shares) count too.
      const names = new Set<string>();
      for (
        let proto = controller.prototype as object | null;
        proto && proto !== Object.prototype;
        proto = Object.getPrototypeOf(proto) as object | null
      ) {
        for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
      }
      for (const name of names) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const path = `/${[base, sub]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        const rule = (Reflect.getMetadata(ACCESS_METADATA, handler) ??
          Reflect.getMetadata(ACCESS_METADATA, controller)) as AccessRule | undefined;
        routes.push({ key: `${appName} ${method} ${path}`, method, path, rule });
      }
    }
  }
  return routes;
}

function describeRule(rule: AccessRule | undefined): string {
  if (!rule) return 'none';
  const roles = rule.options?.roles as string[] | undefined;
  const scope = rule.options?.scope as string | undefined;
  return [rule.policy, roles?.join(','), scope].filter(Boolean).join(':');
}

/** A city system is a caller with an API key of the municipality holding every scope. */
type Caller = 'nobody' | 'citizen' | 'handler' | 'admin' | 'operator' | 'city-system';

/** Whether a caller should get through a rule. */
function admits(rule: string, caller: Caller): boolean {
  if (rule === 'public') return true;
  if (rule === 'citizen') return caller === 'citizen';
  if (rule === 'staff') return caller === 'handler' || caller === 'admin';
  if (rule === 'staff:admin') return caller === 'admin';
  if (rule === 'staff:admin,owner') return caller === 'admin';
  if (rule === 'staff:admin,owner,handler') return caller === 'handler' || caller === 'admin';
  if (rule === 'operator') return caller === 'operator';
  if (rule.startsWith('staff-or-api-key:')) {
    // staff-or-api-key[:roles]:scope, the scope itself being two parts (cases:read).
    const parts = rule.split(':').slice(1);
    const roles = parts.length === 3 ? parts[0].split(',') : null;
    if (caller === 'city-system') return true;
    return (caller === 'handler' || caller === 'admin') && (roles === null || roles.includes(caller));
  }
  throw new Error(`no expectation for rule ${rule}`);
}

describe('route access', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let apps: Record<'api' | 'admin' | 'worker', INestApplication>;
  const browsers = new Map<Caller, HttpBrowser>();
  const csrf = new Map<Caller, string>();
  let apiKey: string;
  const origin = (app: INestApplication, host: string) =>
    `http://${host}:${(app.getHttpServer().address() as AddressInfo).port}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db, { OPERATOR_OIDC_ISSUER: `${started.base}/operators` });
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base),
        staff: [
          { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
          { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
        ],
      } as never),
    ]);
    const [api, admin, worker] = await Promise.all([startApi(env), startAdmin(env), startWorker(env)]);
    apps = { api, admin, worker };
    await admin
      .get(CreateOperatorUseCase)
      .execute({ email: 'olga@platform.example.eu', displayName: 'Olga Operator', password: 'correct horse battery' });

    const tartu = origin(api, 'tartu.localhost');
    const logins: [Caller, string, Record<string, string>, string][] = [
      ['citizen', `${tartu}/auth/login`, { persona: 'mari-maasikas', level: 'high' }, `${tartu}/my`],
      ['handler', `${tartu}/office/auth/login`, { persona: 'tartu-handler', level: 'substantial' }, `${tartu}/office`],
      ['admin', `${tartu}/office/auth/login`, { persona: 'tartu-admin', level: 'substantial' }, `${tartu}/office`],
      [
        'operator',
        `${origin(admin, 'localhost')}/auth/login`,
        { persona: 'olga-operator' },
        `${origin(admin, 'localhost')}/`,
      ],
    ];
    browsers.set('nobody', new HttpBrowser());
    for (const [caller, start, form, home] of logins) {
      const browser = new HttpBrowser();
      const { callback } = await pickPersona(browser, start, form);
      expect((await browser.request(callback)).status).toBe(303);
      const page = await browser.request(home);
      expect(page.status).toBe(200);
      csrf.set(caller, hiddenField(page.body, '_csrf')!);
      browsers.set(caller, browser);
    }
    // The admin makes a key with every scope for the municipality's system.
    const made = await browsers.get('admin')!.request(`${tartu}/api/v1/office/api-keys`, {
      json: { name: 'City system', scopes: [...API_KEY_SCOPES] },
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf.get('admin')! },
    });
    expect(made.status).toBe(201);
    apiKey = (JSON.parse(made.body) as { key: string }).key;
    browsers.set('city-system', new HttpBrowser());
  });

  afterAll(async () => {
    await Promise.all(Object.values(apps ?? {}).map((app) => app.close()));
    await sandbox?.close();
    await db?.drop();
  });

  it('has an access decision written down for every route, and each route declares that one', () => {
    const found = Object.entries(apps).flatMap(([name, app]) => routesOf(name, app));
    const declared = Object.fromEntries(found.map((r) => [r.key, describeRule(r.rule)]));
    // Framework routes (health) are controllers too; the OpenAPI document is not a controller.
    expect(declared).toEqual(EXPECTED);
  });

  it('lets each caller through exactly the routes their role allows', async () => {
    const hosts = { api: 'tartu.localhost', admin: 'localhost', worker: 'localhost' } as const;
    const wrong: string[] = [];
    for (const [name, app] of Object.entries(apps) as [keyof typeof apps, INestApplication][]) {
      // Logging out last: the walk needs the sessions to the end.
      const routes = routesOf(name, app).sort(
        (a, b) => Number(a.path.includes('logout')) - Number(b.path.includes('logout')),
      );
      for (const route of routes) {
        const rule = EXPECTED[route.key];
        if (rule === 'public') continue;
        const path = route.path
          .replace(/:id\b/g, randomUUID())
          .replace(/:deliveryId\b/g, randomUUID())
          .replace(/:slug\b/g, 'nowhere')
          .replace(/:name\b/g, 'provisioning')
          .replace(/:code\b/g, 'no-such-service')
          .replace(/:step\b/g, '1')
          .replace(/:key\b/g, 'event-report')
          .replace(/:file\b/g, randomUUID())
          .replace(/:event\b/g, 'application.submitted')
          .replace(/:locale\b/g, 'en');
        for (const caller of ['nobody', 'citizen', 'handler', 'admin', 'operator', 'city-system'] as Caller[]) {
          const response = await browsers.get(caller)!.request(`${origin(app, hosts[name])}${path}`, {
            method: route.method,
            // A caller's own valid CSRF token: the role, not the token, is what is under test.
            headers: {
              Accept: 'application/json',
              ...(csrf.has(caller) ? { 'X-CSRF-Token': csrf.get(caller)! } : {}),
              ...(caller === 'city-system' ? { Authorization: `Bearer ${apiKey}` } : {}),
            },
          });
          const refused = response.status === 401 || response.status === 403;
          if (refused === admits(rule, caller)) {
            wrong.push(`${route.key} as ${caller}: ${response.status} (${rule})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
