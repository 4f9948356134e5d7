import { apiSecurityHeaders, securityHeaders } from './security-headers.js';

describe('security headers', () => {
  it("are helmet's for pages: a strict policy without inline script, no framing, no sniffing", () => {
    const headers = securityHeaders({ https: false, crossSiteFormRedirects: false });
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("form-action 'self'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toBeUndefined();
  });

  it('add HSTS and upgrade insecure requests under https; the sandbox may post forms elsewhere', () => {
    const https = securityHeaders({ https: true, crossSiteFormRedirects: true });
    expect(https['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(https['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(https['content-security-policy']).not.toContain('form-action');
  });

  it('are few for JSON answers, which are never rendered as documents', () => {
    expect(apiSecurityHeaders({ https: false })).toEqual({
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    });
    expect(apiSecurityHeaders({ https: true })['strict-transport-security']).toMatch(/max-age/);
  });
});
