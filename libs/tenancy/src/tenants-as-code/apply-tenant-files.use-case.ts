import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { PlatformConfig, RequestValidationException } from '@townhall/platform';
import { parseDocument } from 'yaml';
import { TenancyException, TenancyExceptionCode } from '../domain/tenancy.exception.js';
import { logoDataUrl, logoProblem } from '../domain/tenant-logo.js';
import { TenantEntity, TenantStatus } from '../domain/tenant.entity.js';
import { crossFieldProblems, TenantSpecRequestDto } from '../onboarding/dto/tenant-spec.request.dto.js';
import { TenantProvisioningSteps } from '../provisioning/tenant-provisioning-step.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import { ProvisionTenantUseCase } from '../provisioning/provision-tenant.use-case.js';
import { TenantChanges } from '../resolution/tenant-changes.js';

interface TenantFile {
  path: string;
  spec: TenantSpecRequestDto;
}

/**
 * Applies tenants/<slug>/tenant.yaml: every file is read and validated first; one bad file
 * (named with its field) means nothing is applied. Then all are applied in one transaction,
 * idempotently: applying the same files twice changes nothing.
 */
@Injectable()
export class ApplyTenantFilesUseCase {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly provision: ProvisionTenantUseCase,
    private readonly changes: TenantChanges,
    private readonly config: PlatformConfig,
    private readonly steps: TenantProvisioningSteps,
  ) {}

  async execute(directory: string): Promise<{ applied: string[] }> {
    const files = await this.read(directory);
    const applied = await this.applySpecs(
      files.map((f) => f.spec),
      files.map((f) => f.path),
    );
    return { applied: applied.map((t) => t.slug) };
  }

  /**
   * Applies validated specs in one transaction; then tells every process. A clash with the
   * database (a domain or slug of another tenant) names the file it came from.
   */
  async applySpecs(specs: TenantSpecRequestDto[], sources: string[] = []): Promise<TenantEntity[]> {
    const applied = await this.tenants.transaction(async (manager) => {
      const saved: TenantEntity[] = [];
      for (const [index, spec] of specs.entries()) {
        const source = sources[index] ?? spec.slug;
        const tenant = await this.tenants.save(manager, spec, 'file', TenantStatus.Active).catch((error: unknown) => {
          if (!(error instanceof TenancyException)) throw error;
          throw new TenancyException(
            `Tenant files are invalid; nothing was applied:\n  ${source}: ${error.message}`,
            error.code as TenancyExceptionCode,
            error.errors.map((e) => ({ field: `${source}: ${e.field}`, message: e.message })),
          );
        });
        await this.provision.applySteps(manager, tenant);
        if (tenant.status === TenantStatus.Provisioning) {
          tenant.status = TenantStatus.Active;
          tenant.provisioningProgress = 100;
          await manager.save(TenantEntity, tenant);
        }
        saved.push(tenant);
      }
      return saved;
    });
    for (const tenant of applied) await this.changes.published(tenant.id);
    return applied;
  }

  /** Reads and validates every file; throws one exception naming every problem. */
  async read(directory: string): Promise<TenantFile[]> {
    const problems: { field: string; message: string }[] = [];
    const files: TenantFile[] = [];
    const entries = (await readdir(directory, { withFileTypes: true })).filter((e) => e.isDirectory());
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(directory, entry.name, 'tenant.yaml');
      const shown = relative(process.cwd(), path) || path;
      if (!(await stat(path).catch(() => null))) continue;
      const document = parseDocument(await readFile(path, 'utf8'), { prettyErrors: true, uniqueKeys: true });
      if (document.errors.length > 0) {
        problems.push(...document.errors.map((e) => ({ field: shown, message: e.message.split('\n')[0] })));
        continue;
      }
      const plain: unknown = document.toJS();
      if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
        problems.push({ field: shown, message: 'must be a mapping of settings' });
        continue;
      }
      const logo = await readLogo(plain as Record<string, unknown>, join(directory, entry.name));
      if (logo) {
        problems.push({ field: `${shown}: branding.logo`, message: logo });
        continue;
      }
      const spec = plainToInstance(TenantSpecRequestDto, plain);
      const errors = await validate(spec, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) {
        for (const e of RequestValidationException.fromValidationErrors(errors).fieldErrors) {
          problems.push({ field: `${shown}: ${e.field}`, message: e.message });
        }
        continue;
      }
      const crossField = crossFieldProblems(spec, this.config.PLATFORM_DOMAIN);
      if (crossField.length > 0) {
        problems.push(...crossField.map((p) => ({ field: `${shown}: ${p.field}`, message: p.message })));
        continue;
      }
      const stepProblems = await this.steps.check(spec, spec);
      if (stepProblems.length > 0) {
        problems.push(...stepProblems.map((p) => ({ field: `${shown}: ${p.field}`, message: p.message })));
        continue;
      }
      if (spec.slug !== entry.name) {
        problems.push({ field: `${shown}: slug`, message: `slug must be the folder's name (${entry.name})` });
        continue;
      }
      files.push({ path: shown, spec });
    }
    problems.push(...this.clashes(files));
    if (problems.length > 0) {
      throw new TenancyException(
        `Tenant files are invalid; nothing was applied:\n${problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`,
        TenancyExceptionCode.InvalidTenant,
        problems,
      );
    }
    return files;
  }

  private clashes(files: TenantFile[]): { field: string; message: string }[] {
    const owner = new Map<string, string>();
    const problems: { field: string; message: string }[] = [];
    for (const file of files) {
      for (const domain of file.spec.domains ?? []) {
        const other = owner.get(domain);
        if (other) problems.push({ field: `${file.path}: domains`, message: `${domain} is also claimed by ${other}` });
        owner.set(domain, file.path);
      }
    }
    return problems;
  }
}

/**
 * A tenant file names its logo as a file beside it (`branding.logo: logo.svg`); it is read and
 * checked here and goes on as the settings' logoDataUrl. Returns what is wrong, or null.
 */
async function readLogo(plain: Record<string, unknown>, folder: string): Promise<string | null> {
  const branding = plain.branding;
  if (typeof branding !== 'object' || branding === null || !('logo' in branding)) return null;
  const { logo: name, ...rest } = branding as Record<string, unknown>;
  if (typeof name !== 'string' || !/^[\w-][\w.-]{0,99}\.(svg|png)$/i.test(name)) {
    return 'must name an .svg or .png file beside tenant.yaml, e.g. logo.svg';
  }
  if ('logoDataUrl' in rest) return 'give the logo as a file or as logoDataUrl, not both';
  const bytes = await readFile(join(folder, name)).catch(() => null);
  if (!bytes) return `there is no file ${name} beside tenant.yaml`;
  const problem = logoProblem(bytes);
  if (problem) return `${name} ${problem}`;
  plain.branding = { ...rest, logoDataUrl: logoDataUrl(bytes) };
  return null;
}
