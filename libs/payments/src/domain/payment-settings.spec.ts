import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@townhall/platform';
import { parse } from 'yaml';
import { parsePaymentSettings } from './payment-settings.js';

describe("a tenant file's payments section", () => {
  it('accepts every seed municipality’s section', async () => {
    const folder = path.join(projectRoot(), 'tenants');
    const slugs = readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(slugs.length).toBeGreaterThan(0);
    for (const { name } of slugs) {
      const file = parse(readFileSync(path.join(folder, name, 'tenant.yaml'), 'utf8')) as { payments?: unknown };
      const { settings, problems } = await parsePaymentSettings(file.payments);
      expect({ name, problems }).toEqual({ name, problems: [] });
      expect(settings?.gateway?.merchantId).toBe(name);
    }
  });

  it('names each bad field by its path', async () => {
    const { settings, problems } = await parsePaymentSettings({
      methods: ['card', 'cash'],
      gateway: { url: 'ftp://pay', merchantId: 'a b', secretRef: 'the-secret' },
      sessionMinutes: 0,
    });
    expect(settings).toBeNull();
    expect(problems.map((p) => p.field).sort()).toEqual([
      'payments.gateway.merchantId',
      'payments.gateway.secretRef',
      'payments.gateway.url',
      'payments.methods',
      'payments.sessionMinutes',
    ]);
  });

  it('needs a gateway for card and bank link, not for invoice or paying at the office', async () => {
    expect((await parsePaymentSettings({ methods: ['card'] })).problems).toEqual([
      { field: 'payments.gateway', message: 'card and bank-link payments need a gateway (url, merchantId, secretRef)' },
    ]);
    expect(await parsePaymentSettings({ methods: ['invoice', 'at-office'] })).toEqual({
      settings: { methods: ['invoice', 'at-office'], sessionMinutes: 30 },
      problems: [],
    });
    expect((await parsePaymentSettings(['card'])).problems[0].field).toBe('payments');
  });
});
