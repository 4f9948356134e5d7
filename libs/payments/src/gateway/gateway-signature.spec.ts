import { canonicalString, fieldsOf, sign, verify } from './gateway-signature.js';

describe('gateway signature (townhall-pay v1)', () => {
  const secret = 'sandbox-merchant-secret';
  const callback = {
    merchantId: 'tartu',
    sessionId: 'ses_1',
    reference: '3f1c',
    eventId: 'evt_1',
    status: 'paid',
    amount: 10000,
    currency: 'EUR',
    sentAt: '2026-03-01T10:00:00.000Z',
  };

  it('writes each field with its byte length, so no value can move a boundary', () => {
    expect(canonicalString('callback', ['a|b', 'ä'])).toBe('8:callback|3:a|b|2:ä');
    expect(canonicalString('x', ['a|1:b'])).not.toBe(canonicalString('x', ['a', 'b']));
  });

  it('verifies its own signature and refuses any change of a field, the secret or the message type', () => {
    const signature = sign(secret, 'callback', fieldsOf('callback', callback));
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verify(secret, 'callback', fieldsOf('callback', callback), signature)).toBe(true);
    expect(verify(secret, 'callback', fieldsOf('callback', { ...callback, amount: 1 }), signature)).toBe(false);
    expect(verify('another-secret', 'callback', fieldsOf('callback', callback), signature)).toBe(false);
    expect(verify(secret, 'return', fieldsOf('callback', callback), signature)).toBe(false);
  });

  it('refuses a missing or malformed signature without throwing', () => {
    expect(verify(secret, 'callback', fieldsOf('callback', callback), undefined)).toBe(false);
    expect(verify(secret, 'callback', fieldsOf('callback', callback), 'v1=zz')).toBe(false);
    expect(verify(secret, 'callback', fieldsOf('callback', callback), `v1=${'0'.repeat(64)}`)).toBe(false);
  });
});
