import { newWebhookSecret, webhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('are v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the whole secret (as openssl computes it)', () => {
    // printf '%s' '1767225600.{"id":"e1","type":"application.submitted"}' | openssl dgst -sha256 -hmac 'whsec_test-secret'
    expect(webhookSignature('whsec_test-secret', 1767225600, '{"id":"e1","type":"application.submitted"}')).toBe(
      'v1=bc2da7c2571b766ff7bb2573f8fb29ab73b3e251986baf04a15a4ead98670335',
    );
  });

  it('change with the body, the timestamp and the secret', () => {
    const base = webhookSignature('whsec_a', 1, '{}');
    expect(webhookSignature('whsec_a', 1, '{ }')).not.toBe(base);
    expect(webhookSignature('whsec_a', 2, '{}')).not.toBe(base);
    expect(webhookSignature('whsec_b', 1, '{}')).not.toBe(base);
  });

  it('are made with secrets of 256 random bits', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
