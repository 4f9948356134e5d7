import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import path from 'node:path';
import { PlatformConfig, projectRoot } from '@townhall/platform';
import { DataSource } from 'typeorm';
import { ServiceTemplateEntity } from '../domain/service-template.entity.js';
import { readServiceTemplates } from '../templates/service-template.library.js';
import type { ServiceTemplate } from '../templates/service-template.js';

export class ServiceTemplateChangedError extends Error {}

/**
 * The platform's published templates (a platform table, not tenant data). Publishing reads
 * the template files and inserts the versions not yet published; a published version whose
 * file has since changed is refused (publish a new version instead), so that a service
 * never changes under the municipalities that adopted it. Kept in memory once read: a
 * version never changes, and new versions arrive only with a new release.
 */
@Injectable()
export class ServiceTemplatesRepository {
  private readonly logger = new Logger(ServiceTemplatesRepository.name);
  private published?: Promise<void>;
  private loaded?: Promise<Map<string, ServiceTemplate[]>>;
  private files?: ServiceTemplate[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: PlatformConfig,
  ) {}

  /** Publishes the template files (once per process; the platform role only). */
  publishFromFiles(): Promise<void> {
    this.published ??= this.publish(this.fromFiles()).catch((error: unknown) => {
      this.published = undefined;
      throw error;
    });
    return this.published;
  }

  private async publish(templates: ServiceTemplate[]): Promise<void> {
    const repository = this.dataSource.getRepository(ServiceTemplateEntity);
    const result = await repository
      .createQueryBuilder()
      .insert()
      .values(templates.map((t) => ({ code: t.code, version: t.version, definition: t })) as never)
      .orIgnore()
      .returning(['code', 'version'])
      .execute();
    const inserted = result.raw as { code: string; version: number }[];
    if (inserted.length > 0) {
      this.logger.log(`published templates: ${inserted.map((r) => `${r.code} v${r.version}`).join(', ')}`);
    }
    const stored = await repository.find();
    const changed = templates.filter((t) => {
      const row = stored.find((s) => s.code === t.code && s.version === t.version);
      return row && !isDeepStrictEqual(row.definition, JSON.parse(JSON.stringify(t)));
    });
    if (changed.length > 0) {
      throw new ServiceTemplateChangedError(
        `published template versions were changed: ${changed.map((t) => `${t.code} v${t.version}`).join(', ')}; ` +
          'a published version never changes: publish the change as a new version file',
      );
    }
    this.loaded = undefined;
  }

  /**
   * Every version, by code, oldest first: the published ones, and those of this release's
   * files not yet published (a municipality's setup is checked against them before the
   * provisioning that publishes them).
   */
  all(): Promise<Map<string, ServiceTemplate[]>> {
    this.loaded ??= this.dataSource
      .getRepository(ServiceTemplateEntity)
      .find({ order: { code: 'ASC', version: 'ASC' } })
      .then((rows) => {
        const byCode = new Map<string, ServiceTemplate[]>();
        const add = (t: ServiceTemplate) => {
          const versions = byCode.get(t.code) ?? [];
          if (!versions.some((v) => v.version === t.version)) byCode.set(t.code, [...versions, t]);
        };
        rows.forEach((row) => add(row.definition));
        this.fromFiles().forEach(add);
        for (const versions of byCode.values()) versions.sort((a, b) => a.version - b.version);
        return byCode;
      })
      .catch((error: unknown) => {
        this.loaded = undefined;
        throw error;
      });
    return this.loaded;
  }

  /** This release's template files (and those of the extra folder, if set), read and checked once per process. */
  private fromFiles(): ServiceTemplate[] {
    const extra = this.config.SERVICE_TEMPLATES_EXTRA_DIR;
    this.files ??= [
      ...readServiceTemplates(),
      ...(extra ? readServiceTemplates(path.resolve(projectRoot(), extra)) : []),
    ];
    return this.files;
  }

  async get(code: string, version?: number): Promise<ServiceTemplate | undefined> {
    const versions = (await this.all()).get(code) ?? [];
    return version === undefined ? versions.at(-1) : versions.find((t) => t.version === version);
  }

  async latestVersion(code: string): Promise<number | undefined> {
    return (await this.all()).get(code)?.at(-1)?.version;
  }
}
