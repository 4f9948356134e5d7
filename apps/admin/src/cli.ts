import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { CreateOperatorUseCase, OperatorInputError } from '@townhall/identity';
import { loadConfig, runApp } from '@townhall/platform';
import { ApplyTenantFilesUseCase, TenancyException } from '@townhall/tenancy';
import { CliConfig } from './cli/cli.config.js';
import { CliModule } from './cli/cli.module.js';
import { migrate } from './cli/migrate.command.js';

const USAGE = `usage: cli <command>
  migrate                                  run pending migrations (DATABASE_OWNER_URL)
  tenants-apply [folder]                   apply tenants/<slug>/tenant.yaml (default folder: tenants)
  operator-create --email E --name N       create an operator; the password is read from
                                           standard input, or generated and printed once`;

async function withContext<T>(
  config: CliConfig,
  work: (get: <S>(type: new (...args: never[]) => S) => S) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** Expected failures (bad input) print their message and exit 1 without a stack. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

runApp(async () => {
  const [command, ...rest] = process.argv.slice(2);
  const config = loadConfig(CliConfig);
  switch (command) {
    case 'migrate': {
      if (!config.DATABASE_OWNER_URL) fail('DATABASE_OWNER_URL: must be set to run migrations (the owner role)');
      await migrate(config.DATABASE_OWNER_URL);
      return;
    }
    case 'tenants-apply': {
      const folder = rest[0] ?? config.TENANTS_DIR ?? 'tenants';
      await withContext(config, async (get) => {
        try {
          const { applied } = await get(ApplyTenantFilesUseCase).execute(folder);
          console.log(`applied ${applied.length} municipalities: ${applied.join(', ')}`);
        } catch (error) {
          if (error instanceof TenancyException) fail(error.message);
          throw error;
        }
      });
      return;
    }
    case 'operator-create': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } } });
      if (!values.email || !values.name) fail(`--email and --name are required\n${USAGE}`);
      const given = await readStdin();
      const password = given || randomBytes(18).toString('base64url');
      await withContext(config, async (get) => {
        try {
          const { created } = await get(CreateOperatorUseCase).execute({
            email: values.email!,
            displayName: values.name!,
            password,
          });
          console.log(`${created ? 'created' : 'updated'} operator ${values.email}`);
          if (!given) console.log(`password (shown once): ${password}`);
        } catch (error) {
          if (error instanceof OperatorInputError) fail(error.message);
          throw error;
        }
      });
      return;
    }
    default:
      fail(USAGE);
  }
});
