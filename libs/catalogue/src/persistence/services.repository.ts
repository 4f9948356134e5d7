import { Injectable } from '@nestjs/common';
import { SUPPORTED_LOCALES, TenantDatabase, TenantScopedRepository, type Locale } from '@townhall/tenancy';
import { Not, In } from 'typeorm';
import { ServiceEntity } from '../domain/service.entity.js';
import type { ServiceTemplate } from '../templates/service-template.js';

const KEEP_CODES_MS = 2000;
const KEPT_CODES = 10_000;
const publishedByCode = new Map<string, { value: { id: string; publishedVersion: number } | null; until: number }>();

@Injectable()
export class ServicesRepository extends TenantScopedRepository<ServiceEntity> {
  /** Read on every miss of the catalogue's cache, the hottest read of the tenant host. */
  private readonly enabledServices = this.fixedFind({
    where: { enabled: true },
    order: { category: 'ASC', position: 'ASC', code: 'ASC' },
  });

  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ServiceEntity);
  }

  listEnabled(): Promise<ServiceEntity[]> {
    return this.enabledServices();
  }

  /**
   * The published version of an enabled service, by code: read per submission, so kept for
   * two seconds per process. A change made by this process forgets the municipality's entries
   * at once; one made by another process (a CLI apply, another api) counts within two seconds.
   */
  async publishedVersionOf(code: string): Promise<{ id: string; publishedVersion: number } | null> {
    const key = `${this.tenantId}:${code}`;
    const kept = publishedByCode.get(key);
    if (kept && kept.until > Date.now()) return kept.value;
    const value = await this.readPublishedVersionOf(code);
    if (publishedByCode.size >= KEPT_CODES) publishedByCode.clear();
    publishedByCode.set(key, { value, until: Date.now() + KEEP_CODES_MS });
    return value;
  }

  /** What publishedVersionOf keeps for the code, if it does (no transaction needed). */
  keptPublishedVersionOf(code: string): { id: string; publishedVersion: number } | null | undefined {
    const kept = publishedByCode.get(`${this.tenantId}:${code}`);
    return kept && kept.until > Date.now() ? kept.value : undefined;
  }

  /** Forgets what this process kept of the municipality's services (after any change to them). */
  private forgetKept(): void {
    const prefix = `${this.tenantId}:`;
    for (const key of publishedByCode.keys()) if (key.startsWith(prefix)) publishedByCode.delete(key);
  }

  private async readPublishedVersionOf(code: string): Promise<{ id: string; publishedVersion: number } | null> {
    const rows: { id: string; published_version: number | null }[] = await this.tenantDb
      .manager()
      .query(`select id, published_version from services where tenant_id = $1 and code = $2 and enabled`, [
        this.tenantId,
        code,
      ]);
    const row = rows[0];
    return row?.published_version ? { id: row.id, publishedVersion: row.published_version } : null;
  }

  findEnabledByCode(code: string): Promise<ServiceEntity | null> {
    return this.repository.findOne({ where: this.scoped({ code, enabled: true }) });
  }

  findEnabled(id: string): Promise<ServiceEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id, enabled: true }) });
  }

  findByCode(code: string): Promise<ServiceEntity | null> {
    return this.repository.findOne({ where: this.scoped({ code }) });
  }

  /** Every service of the municipality, enabled or not (the office's list). */
  listAll(): Promise<ServiceEntity[]> {
    return this.repository.find({ where: this.scoped(), order: { category: 'ASC', position: 'ASC', code: 'ASC' } });
  }

  /** A new service from a template: not offered until its first version is published. */
  async create(
    values: Pick<
      ServiceEntity,
      'code' | 'category' | 'title' | 'summary' | 'assuranceLevel' | 'templateVersion' | 'customisation' | 'position'
    > & { fileHash?: string | null },
  ): Promise<ServiceEntity> {
    this.forgetKept();
    return this.repository.save(this.repository.create({ ...values, tenantId: this.tenantId, enabled: false }));
  }

  async saveDraft(
    id: string,
    draft: { templateVersion?: number; customisation?: Record<string, unknown>; fileHash?: string | null },
  ): Promise<void> {
    this.forgetKept();
    await this.repository.update(this.scoped({ id }), draft as never);
  }

  async setEnabled(id: string, enabled: boolean, extra: { position?: number } = {}): Promise<void> {
    this.forgetKept();
    await this.repository.update(this.scoped({ id }), { enabled, ...extra });
  }

  /** Services a municipality's file no longer lists are disabled, never deleted (applications keep them). */
  async disableAllBut(codes: string[]): Promise<void> {
    const others = codes.length > 0 ? { code: Not(In(codes)) } : {};
    this.forgetKept();
    await this.repository.update(this.scoped({ ...others, enabled: true }), { enabled: false, fileHash: null });
  }

  /**
   * The catalogue row takes the published version's title, summary, category and level, and
   * its words in every language for search: each language stemmed by its own dictionary
   * where PostgreSQL has one, and every word also kept whole ('simple') for prefix search.
   */
  async markPublished(id: string, version: number, d: ServiceTemplate): Promise<void> {
    const parts: string[] = [];
    const params: unknown[] = [
      version,
      d.texts.title,
      d.texts.summary,
      d.category,
      d.assuranceLevel,
      this.tenantId,
      id,
    ];
    for (const locale of SUPPORTED_LOCALES) {
      const config = SEARCH_CONFIGS[locale];
      const title = `${d.texts.title[locale]} ${(d.cpsv.keywords[locale] ?? []).join(' ')}`;
      params.push(title, d.texts.summary[locale], d.texts.description[locale]);
      const [t, s, x] = [params.length - 2, params.length - 1, params.length];
      parts.push(
        `setweight(to_tsvector('${config}', $${t}), 'A')`,
        `setweight(to_tsvector('${config}', $${s}), 'B')`,
        `setweight(to_tsvector('${config}', $${x}), 'C')`,
      );
      if (config !== 'simple') parts.push(`setweight(to_tsvector('simple', $${t}), 'A')`);
    }
    this.forgetKept();
    await this.tenantDb.manager().query(
      `update services set published_version = $1, title = $2, summary = $3, category = $4, assurance_level = $5,
              search = ${parts.join(' || ')}, updated_at = now()
        where tenant_id = $6 and id = $7`,
      params,
    );
  }

  /**
   * Enabled services whose words match every word searched, as a prefix ("raie" finds
   * "raieluba"), stemmed in the searcher's language and whole: best matches first.
   */
  async search(words: string[], locale: Locale): Promise<ServiceEntity[]> {
    const terms = words
      .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
      .filter(Boolean)
      .slice(0, 10);
    if (terms.length === 0) return [];
    const query = terms.map((t) => `${t}:*`).join(' & ');
    const config = SEARCH_CONFIGS[locale];
    return this.repository
      .createQueryBuilder('s')
      .where('s.tenant_id = :tenantId', { tenantId: this.tenantId })
      .andWhere('s.enabled')
      .andWhere(`(s.search @@ to_tsquery('${config}', :query) or s.search @@ to_tsquery('simple', :query))`, { query })
      .orderBy(`ts_rank(s.search, to_tsquery('${config}', :query) || to_tsquery('simple', :query))`, 'DESC')
      .addOrderBy('s.position', 'ASC')
      .getMany();
  }
}

/**
 * PostgreSQL's text search dictionaries per language: Estonian and Bulgarian have none in
 * PostgreSQL, so their words are matched whole or by prefix, unstemmed.
 */
const SEARCH_CONFIGS: Record<Locale, string> = {
  et: 'simple',
  en: 'english',
  bg: 'simple',
  sv: 'swedish',
  fi: 'finnish',
};
