import { loadConfig, PlatformConfig } from '@townhall/platform';
import { PermitCodes } from './permit-codes.js';

describe('PermitCodes', () => {
  const config = (key?: string) =>
    loadConfig(PlatformConfig, {
      DATABASE_URL: 'postgres://localhost/x',
      ...(key ? { SECRETS_ENCRYPTION_KEY: key } : {}),
    });
  const codes = new PermitCodes(config());
  const tenant = '0b6f3a52-6c1e-4a57-9a63-0d7b1b8c1f11';
  const permit = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';

  it('verifies the code it made, for the municipality it made it for only', () => {
    const code = codes.codeOf(tenant, permit);
    expect(code).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$/);
    expect(codes.verify(tenant, code)).toBe(permit);
    expect(codes.verify('1b6f3a52-6c1e-4a57-9a63-0d7b1b8c1f11', code)).toBeNull();
  });

  it('refuses a code changed in any character, cut short, or signed under another key', () => {
    const code = codes.codeOf(tenant, permit);
    for (let i = 0; i < code.length; i++) {
      if (code[i] === '.' || code[i] === '-') continue;
      const changed = code.slice(0, i) + (code[i] === 'a' ? 'b' : 'a') + code.slice(i + 1);
      expect({ i, verified: codes.verify(tenant, changed) }).toEqual({ i, verified: null });
    }
    expect(codes.verify(tenant, code.slice(0, -1))).toBeNull();
    expect(codes.verify(tenant, `${code}A`)).toBeNull();
    const other = new PermitCodes(config(Buffer.alloc(32, 7).toString('base64')));
    expect(other.verify(tenant, code)).toBeNull();
  });
});
