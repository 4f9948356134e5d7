import { ConfigurationError, loadConfig } from '../config/load-config.js';
import { DEVELOPMENT_SECRETS_ENCRYPTION_KEY, PlatformConfig } from '../config/platform.config.js';
import { SecretBox } from './secret-box.js';

const valid = { DATABASE_URL: 'postgres://townhall_app@db/townhall' };
const otherKey = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(PlatformConfig, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('SecretBox', () => {
  const box = new SecretBox(loadConfig(PlatformConfig, valid));

  it('seals a secret so that only its own context opens it, and never shows it', () => {
    const sealed = box.seal('whsec_topsecret', 'webhook:t1:s1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('topsecret');
    expect(box.open(sealed, 'webhook:t1:s1')).toBe('whsec_topsecret');
    // A fresh IV each time: the same secret never seals the same twice.
    expect(box.seal('whsec_topsecret', 'webhook:t1:s1')).not.toBe(sealed);
    // Copied to another row, or altered: refused.
    expect(() => box.open(sealed, 'webhook:t2:s1')).toThrow(/does not open/);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('x'.repeat(15)).toString('base64url');
    expect(() => box.open(parts.join('.'), 'webhook:t1:s1')).toThrow(/does not open/);
    expect(() => box.open('plain', 'webhook:t1:s1')).toThrow(/not a sealed secret/);
  });

  it('names a value sealed under another key', () => {
    const other = new SecretBox(loadConfig(PlatformConfig, { ...valid, SECRETS_ENCRYPTION_KEY: otherKey }));
    expect(() => other.open(box.seal('s', 'c'), 'c')).toThrow(/another SECRETS_ENCRYPTION_KEY/);
  });

  it('takes a 32-byte base64 key, and refuses the development default in production', () => {
    expect(problemsOf({ ...valid, SECRETS_ENCRYPTION_KEY: 'short' })).toEqual([
      'SECRETS_ENCRYPTION_KEY: SECRETS_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
    ]);
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).toEqual([
      'SECRETS_ENCRYPTION_KEY: SECRETS_ENCRYPTION_KEY is the development default; set a key of your own in production',
    ]);
    expect(problemsOf({ ...valid, NODE_ENV: 'production', SECRETS_ENCRYPTION_KEY: otherKey })).toEqual([]);
    expect(loadConfig(PlatformConfig, valid).SECRETS_ENCRYPTION_KEY).toBe(DEVELOPMENT_SECRETS_ENCRYPTION_KEY);
  });
});
