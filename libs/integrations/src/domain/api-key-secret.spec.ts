import { keyMatches, newApiKeySecret, prefixOf } from './api-key-secret.js';

describe('API key secrets', () => {
  it('makes keys that start with their public prefix and match only their own hash', () => {
    const one = newApiKeySecret();
    const other = newApiKeySecret();
    expect(one.key).toMatch(/^th_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(one.key.startsWith(`${one.prefix}_`)).toBe(true);
    expect(prefixOf(one.key)).toBe(one.prefix);
    expect(one.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(one.secretHash).not.toContain(one.key.slice(12));
    expect(keyMatches(one.key, one.secretHash)).toBe(true);
    expect(keyMatches(other.key, one.secretHash)).toBe(false);
    // The right prefix with another secret is not the key.
    expect(keyMatches(`${one.prefix}_${other.key.slice(12)}`, one.secretHash)).toBe(false);
    expect(one.key).not.toBe(other.key);
  });

  it('refuses what is not shaped like a key', () => {
    for (const bad of [
      '',
      'th_',
      'th_ABCDEFGH_x',
      'Bearer th_abcdefgh_',
      `th_abcdefgh_${'a'.repeat(42)}`,
      'sk_live_123',
    ]) {
      expect(prefixOf(bad)).toBeNull();
    }
    expect(keyMatches('anything', 'not-hex')).toBe(false);
  });
});
