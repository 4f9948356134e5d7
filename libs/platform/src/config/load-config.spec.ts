import { ConfigurationError, loadConfig } from './load-config.js';
import { PlatformConfig } from './platform.config.js';

const valid = { DATABASE_URL: 'postgres://townhall_app@db/townhall' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(PlatformConfig, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('fills development defaults around the required settings', () => {
    const config = loadConfig(PlatformConfig, valid);
    expect(config).toMatchObject({
      DATABASE_POOL_SIZE: 10,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PLATFORM_DOMAIN: 'localhost',
    });
  });

  it('names a missing setting', () => {
    expect(problemsOf({})).toEqual(['DATABASE_URL: DATABASE_URL must be a postgres:// URL']);
  });

  it('names every malformed setting at once', () => {
    const problems = problemsOf({ ...valid, REDIS_URL: 'http://x', DATABASE_POOL_SIZE: 'many', NODE_ENV: 'staging' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_POOL_SIZE', 'NODE_ENV', 'REDIS_URL']);
  });

  it('ignores unrelated environment variables', () => {
    expect(problemsOf({ ...valid, HOME: '/root', PATH: '/usr/bin' })).toEqual([]);
  });
});
