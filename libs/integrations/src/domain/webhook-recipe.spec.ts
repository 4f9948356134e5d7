import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@townhall/platform';
import { webhookSignature } from './webhook-signature.js';

/**
 * The verification recipe a city's developer copies from libs/integrations/README.md works
 * on what Townhall sends: run as written (plain Node, its own process) on deliveries signed
 * by the sender's code, it takes a good one and tells a replay, an altered body and an old
 * timestamp apart.
 */
describe("the README's verification recipe", () => {
  it('verifies what the sender signs, and refuses replayed, altered and stale copies', () => {
    const readme = readFileSync(path.join(projectRoot(), 'libs', 'integrations', 'README.md'), 'utf8');
    const snippet = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toContain('export function verifyTownhallWebhook');
    const secret = 'whsec_recipe-test-secret';
    const body = '{"id":"e1","type":"application.submitted","data":{"reference":"TAR-2026-000001"}}';
    const now = Math.floor(Date.now() / 1000);
    const signed = (timestamp: number, id = 'w1') => ({
      'townhall-webhook-id': id,
      'townhall-webhook-timestamp': String(timestamp),
      'townhall-webhook-signature': webhookSignature(secret, timestamp, body),
    });
    const cases = [
      { headers: signed(now), body },
      { headers: signed(now), body },
      { headers: signed(now, 'w2'), body: body.replace('000001', '000002') },
      { headers: signed(now - 600, 'w3'), body },
      { headers: { ...signed(now, 'w4'), 'townhall-webhook-signature': 'v1=00' }, body },
      { headers: signed(now + 1), body },
    ];
    const program = `${snippet!.replace(/^export /gm, '')}
const cases = ${JSON.stringify(cases)};
console.log(JSON.stringify(cases.map((c) => verifyTownhallWebhook(${JSON.stringify(secret)}, c.headers, Buffer.from(c.body, 'utf8')))));`;
    const verdicts = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' }),
    );
    expect(verdicts).toEqual(['valid', 'replayed', 'bad-signature', 'stale', 'bad-signature', 'valid']);
  });
});
