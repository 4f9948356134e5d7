import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { formStepView } from '@townhall/forms';
import { Access } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase, type Locale } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { customise } from '../customisation/customise-service.js';
import {
  EXTRA_FIELD_TYPES,
  type ExtraField,
  type ServiceCustomisation,
} from '../customisation/service-customisation.js';
import { templateChanges } from '../customisation/template-changes.js';
import { CatalogueException, CatalogueExceptionCode } from '../domain/catalogue.exception.js';
import type { ServiceEntity } from '../domain/service.entity.js';
import { ServiceTemplatesRepository } from '../persistence/service-templates.repository.js';
import { ServicesRepository } from '../persistence/services.repository.js';
import { SERVICE_CODE } from '../templates/service-template.schema.js';
import { PublishServiceUseCase } from '../use-cases/publish-service.use-case.js';

/**
 * Municipal admins customise the shared templates in the office: texts, extra and hidden
 * fields, fees, deadlines, department and persons in charge, enabling. A draft is checked
 * against its template on every save (a breaking change is refused, naming the field),
 * previewed as citizens will see it, and published as an immutable version. A newer template
 * version is shown with what it changes, and adopted when the admin chooses.
 * The same actions are offered as JSON under /api/v1/office/services.
 */
@ApiTags('office')
@Controller()
export class OfficeServicesController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly services: ServicesRepository,
    private readonly templates: ServiceTemplatesRepository,
    private readonly publish: PublishServiceUseCase,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {}

  // ---- JSON ----------------------------------------------------------------------------

  @Get('api/v1/office/services')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "The municipality's services with their draft, published and template versions" })
  async list() {
    const services = await this.tenantDb.read(() => this.services.listAll());
    return Promise.all(services.map((s) => this.summary(s)));
  }

  @Get('api/v1/office/services/:code')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "A service's draft customisation and whether it can be published" })
  async get(@Param('code') code: string) {
    const service = await this.find(code);
    const { problems } = await this.draft(service);
    return { ...(await this.summary(service)), customisation: service.customisation, problems };
  }

  @Put('api/v1/office/services/:code/customisation')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Replace the draft customisation (refused with field errors if it breaks the template)' })
  async saveCustomisation(@Param('code') code: string, @Body() body: unknown) {
    const service = await this.find(code);
    await this.saveDraft(service, body);
    return this.get(code);
  }

  @Post('api/v1/office/services/:code/publish')
  @HttpCode(200)
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Publish the draft as a new immutable version; applications in progress keep theirs' })
  async publishJson(@Param('code') code: string, @Req() request: FastifyRequest) {
    const version = await this.publishDraft(code, request);
    return { code, publishedVersion: version };
  }

  @Get('api/v1/office/services/:code/upgrade')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "What the template's newest version changes, and what of the customisation it breaks" })
  async upgradeJson(@Param('code') code: string) {
    return this.upgrade(await this.find(code));
  }

  @Post('api/v1/office/services/:code/upgrade')
  @HttpCode(200)
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "Adopt the template's newest version in the draft (then publish)" })
  async adoptJson(@Param('code') code: string) {
    await this.adopt(await this.find(code));
    return this.get(code);
  }

  // ---- pages ---------------------------------------------------------------------------

  @Get('office/services')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async listPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.send(request, reply, 'office-services.njk', {
      ...(await this.chrome.office(request)),
      title: 'catalogue.office.title',
      services: await this.list(),
    });
  }

  @Get('office/services/:code')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async editPage(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const service = await this.find(code);
    const query = request.query as Record<string, string | undefined>;
    return this.renderEdit(request, reply, service, service.customisation as ServiceCustomisation, [], {
      saved: query.saved === '1',
      published: query.published,
    });
  }

  @Post('office/services/:code')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async savePage(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const service = await this.find(code);
    const template = await this.templates.get(service.code, service.templateVersion ?? undefined);
    if (!template) throw new NotFoundException('No such service.');
    const form = (request.body ?? {}) as Record<string, unknown>;
    const customisation = customisationFromForm(
      form,
      service.customisation as ServiceCustomisation,
      template,
      currentTenantSettings().locales,
    );
    const { problems } = customise(template, customisation, currentTenantSettings().defaultLocale);
    if (problems.length > 0) {
      // Shown again as typed: the new field stays in its inputs, not among the saved ones.
      const previous = (service.customisation as ServiceCustomisation).extraFields ?? [];
      const shown = {
        ...customisation,
        extraFields: customisation.extraFields?.filter((f) => previous.some((p) => p.name === f.name)),
      };
      const typed = (key: string) => (typeof form[key] === 'string' ? form[key] : '');
      const newField = {
        name: typed('extra_name'),
        labels: Object.fromEntries(currentTenantSettings().locales.map((l) => [l, typed(`extra_label_${l}`)])),
        type: typed('extra_type'),
        step: typed('extra_step'),
        options: typed('extra_options'),
        required: form.extra_required === 'true',
      };
      return this.renderEdit(request, reply, service, shown, problems, {}, 422, newField);
    }
    await this.tenantDb.run(async () => {
      await this.services.saveDraft(service.id, { customisation: customisation as Record<string, unknown> });
      if (service.publishedVersion) await this.services.setEnabled(service.id, form.enabled === 'true');
    });
    return reply.redirect(`/office/services/${code}?saved=1`, 303);
  }

  @Get('office/services/:code/preview')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async previewPage(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const service = await this.find(code);
    const { definition, problems } = await this.draft(service);
    const { locale } = pageLocale(request, reply);
    return this.pages.send(request, reply, 'office-service-preview.njk', {
      ...(await this.chrome.office(request)),
      title: 'catalogue.office.preview',
      service: { code, title: definition.texts.title[locale], summary: definition.texts.summary[locale] },
      problems,
      steps: definition.form.ui.steps.map((_, i) => formStepView(definition.form, i, locale, {})),
    });
  }

  @Post('office/services/:code/publish')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async publishPage(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const version = await this.publishDraft(code, request);
    return reply.redirect(`/office/services/${code}?published=${version}`, 303);
  }

  @Post('office/services/:code/upgrade')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async adoptPage(@Param('code') code: string, @Res() reply: FastifyReply) {
    await this.adopt(await this.find(code));
    return reply.redirect(`/office/services/${code}?saved=1`, 303);
  }

  // ---- the work ------------------------------------------------------------------------

  private async find(code: string): Promise<ServiceEntity> {
    const service = SERVICE_CODE.test(code) ? await this.tenantDb.read(() => this.services.findByCode(code)) : null;
    if (!service) throw new CatalogueException('No such service.', CatalogueExceptionCode.ServiceNotFound);
    return service;
  }

  private draft(service: ServiceEntity) {
    return this.publish.draft(service, currentTenantSettings().defaultLocale);
  }

  private async summary(service: ServiceEntity) {
    const locale = currentTenantSettings().defaultLocale;
    return {
      code: service.code,
      title: service.title[locale] ?? service.code,
      enabled: service.enabled,
      templateVersion: service.templateVersion,
      latestTemplateVersion: (await this.templates.latestVersion(service.code)) ?? null,
      publishedVersion: service.publishedVersion,
    };
  }

  private async saveDraft(service: ServiceEntity, customisation: unknown): Promise<void> {
    const template = await this.templates.get(service.code, service.templateVersion ?? undefined);
    if (!template) throw new NotFoundException('No such service.');
    const { problems } = customise(template, customisation, currentTenantSettings().defaultLocale);
    if (problems.length > 0) {
      throw new CatalogueException(
        'The customisation would break the service.',
        CatalogueExceptionCode.InvalidCustomisation,
        problems.map((p) => ({ field: p.path, message: p.message })),
      );
    }
    await this.tenantDb.run(() =>
      this.services.saveDraft(service.id, { customisation: customisation as Record<string, unknown> }),
    );
  }

  private async publishDraft(code: string, request: FastifyRequest): Promise<number> {
    const by = `staff:${request.staffMember?.email ?? 'unknown'}`;
    return this.tenantDb.run(async () => {
      const service = await this.services.findByCode(code);
      if (!service || !SERVICE_CODE.test(code))
        throw new CatalogueException('No such service.', CatalogueExceptionCode.ServiceNotFound);
      const version = await this.publish.execute(service, by, currentTenantSettings().defaultLocale);
      if (!service.enabled && service.publishedVersion === null) await this.services.setEnabled(service.id, true);
      return version;
    });
  }

  private async upgrade(service: ServiceEntity) {
    const current = await this.templates.get(service.code, service.templateVersion ?? undefined);
    const latest = await this.templates.get(service.code);
    if (!current || !latest) throw new NotFoundException('No such service.');
    const conflicts = customise(latest, service.customisation, currentTenantSettings().defaultLocale).problems;
    return {
      from: current.version,
      to: latest.version,
      changes: latest.version === current.version ? [] : templateChanges(current, latest),
      conflicts: conflicts.map((p) => ({ field: p.path, message: p.message })),
    };
  }

  private async adopt(service: ServiceEntity): Promise<void> {
    const upgrade = await this.upgrade(service);
    if (upgrade.conflicts.length > 0) {
      throw new CatalogueException(
        `Your customisation does not fit version ${upgrade.to}; change it first.`,
        CatalogueExceptionCode.InvalidCustomisation,
        upgrade.conflicts,
      );
    }
    await this.tenantDb.run(() => this.services.saveDraft(service.id, { templateVersion: upgrade.to }));
  }

  private async renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    service: ServiceEntity,
    customisation: ServiceCustomisation,
    problems: { path: string; message: string }[],
    notices: { saved?: boolean; published?: string },
    status = 200,
    newField: Record<string, unknown> = {},
  ) {
    const tenant = currentTenantSettings();
    const template = await this.templates.get(service.code, service.templateVersion ?? undefined);
    if (!template) throw new NotFoundException('No such service.');
    const { locale } = pageLocale(request, reply);
    const required = new Set(template.form.schema.required ?? []);
    return this.pages.send(
      request,
      reply,
      'office-service.njk',
      {
        ...(await this.chrome.office(request)),
        title: 'catalogue.office.edit',
        tenant,
        service: await this.summary(service),
        notices,
        upgrade:
          (await this.templates.latestVersion(service.code)) !== service.templateVersion
            ? await this.upgrade(service)
            : null,
        errors: problems.map((p) => ({ field: fieldIdOf(p.path), text: `${p.path}: ${p.message}` })),
        locales: tenant.locales,
        // Every text of the service's page, in each of the municipality's languages.
        textKinds: TEXT_KINDS.map((key) => ({
          key,
          multiline: MULTILINE_TEXTS.has(key),
          values: tenant.locales.map((l) => ({
            locale: l,
            custom: customisation.texts?.[key]?.[l] ?? '',
            template: template.texts[key][l],
          })),
        })),
        department: customisation.department ?? '',
        personsInCharge: (customisation.personsInCharge ?? []).join(', '),
        states: template.workflow.states
          .filter((s) => s.kind !== 'closed')
          .map((s) => ({
            id: s.id,
            label: s.label[locale],
            days: customisation.deadlines?.[s.id] ?? '',
            template: s.deadlineDays ?? '',
          })),
        fees: (template.fees?.rules ?? [])
          .filter((r) => typeof r.amount === 'number')
          .map((r) => {
            const custom = customisation.fees?.[r.id];
            return {
              id: r.id,
              label: r.label[locale],
              amount: typeof custom === 'number' ? (custom / 100).toFixed(2) : '',
              template: r.amount as number,
            };
          }),
        optionalFields: Object.keys(template.form.schema.properties)
          .filter((name) => !required.has(name))
          .map((name) => ({
            name,
            label: template.form.ui.fields[name].label[locale],
            hidden: (customisation.hiddenFields ?? []).includes(name),
          })),
        extraFields: (customisation.extraFields ?? []).map((f) => ({
          name: f.name,
          type: f.type,
          label: f.label[tenant.defaultLocale] ?? Object.values(f.label)[0],
          labels: tenant.locales.map((l) => ({ locale: l, value: f.label[l] ?? '' })),
        })),
        fieldTypeOptions: EXTRA_FIELD_TYPES.map((type) => ({ value: type, label: type })),
        stepOptions: template.form.ui.steps.map((s) => ({ value: s.id, label: s.title[locale] })),
        enabled: service.enabled,
        newField,
      },
      status,
    );
  }
}

/** The service page's texts the office edits, per language; the longer ones in a text area. */
const TEXT_KINDS = ['title', 'summary', 'description', 'whoCanApply', 'duration'] as const;
const MULTILINE_TEXTS = new Set<string>(['summary', 'description', 'whoCanApply']);

/** The edit form's field of a problem's path, for the error summary's link. */
function fieldIdOf(path: string): string {
  const [head, second] = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (head === 'texts') return `texts-${second}`;
  if (head === 'deadlines') return `deadline-${second}`;
  if (head === 'fees') return `fee-${second}`;
  if (head === 'hiddenFields') return 'hide';
  if (head === 'extraFields') return 'extra-name';
  if (head === 'personsInCharge') return 'personsInCharge';
  return head.replace(/[^a-zA-Z0-9-]/g, '') || 'customisation';
}

/**
 * The customisation the edit form describes. Parts the form does not show (extra
 * transitions, texts of other parts, delivery…) are kept as they were.
 */
function customisationFromForm(
  form: Record<string, unknown>,
  previous: ServiceCustomisation,
  template: { workflow: { states: { id: string }[] }; fees?: { rules: { id: string }[] } },
  locales: Locale[],
): ServiceCustomisation {
  const text = (key: string) => {
    const value = form[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  const list = (key: string) => {
    const value = form[key];
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).filter(Boolean);
  };
  const result: ServiceCustomisation = { ...previous };
  const texts: NonNullable<ServiceCustomisation['texts']> = { ...previous.texts };
  for (const key of TEXT_KINDS) {
    const given = Object.fromEntries(locales.map((l) => [l, text(`${key}_${l}`)]).filter(([, v]) => v));
    if (Object.keys(given).length > 0) texts[key] = given;
    else delete texts[key];
  }
  result.texts = texts;
  if (Object.keys(texts).length === 0) delete result.texts;
  const department = text('department');
  if (department) result.department = department;
  else delete result.department;
  const persons = text('personsInCharge')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (persons.length > 0) result.personsInCharge = persons;
  else delete result.personsInCharge;

  const deadlines: Record<string, number> = {};
  for (const state of template.workflow.states) {
    const value = text(`deadline_${state.id}`);
    if (value) deadlines[state.id] = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  }
  if (Object.keys(deadlines).length > 0) result.deadlines = deadlines;
  else delete result.deadlines;

  const fees: Record<string, number> = {};
  for (const rule of template.fees?.rules ?? []) {
    const value = text(`fee_${rule.id}`).replace(',', '.');
    if (value) fees[rule.id] = /^\d+(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 100) : Number.NaN;
  }
  const otherFees = Object.fromEntries(Object.entries(previous.fees ?? {}).filter(([, v]) => typeof v !== 'number'));
  if (Object.keys(fees).length + Object.keys(otherFees).length > 0) result.fees = { ...otherFees, ...fees };
  else delete result.fees;

  const hidden = list('hide');
  if (hidden.length > 0) result.hiddenFields = hidden;
  else delete result.hiddenFields;

  const removed = new Set(list('removeExtra'));
  // A saved field's labels as the form gives them; a language left empty falls back to another.
  const labelsOf = (prefix: string, fallback: ExtraField['label'] = {}) => {
    const given = Object.fromEntries(locales.map((l) => [l, text(`${prefix}_${l}`)]).filter(([, v]) => v));
    return Object.keys(given).length > 0 || locales.some((l) => `${prefix}_${l}` in form) ? given : fallback;
  };
  const extra: ExtraField[] = (previous.extraFields ?? [])
    .filter((f) => !removed.has(f.name))
    .map((f) => ({ ...f, label: { ...labelsOf(`extralabel_${f.name}`, f.label) } }));
  const name = text('extra_name');
  if (name) {
    extra.push({
      name,
      type: text('extra_type') as ExtraField['type'],
      label: labelsOf('extra_label'),
      ...(form.extra_required === 'true' ? { required: true } : {}),
      ...(text('extra_step') ? { step: text('extra_step') } : {}),
      ...(text('extra_options')
        ? {
            options: text('extra_options')
              .split(/\r?\n/)
              .map((line) => line.trim())
              .filter(Boolean)
              .map((line) => ({ value: slug(line), label: { [locales[0]]: line } })),
          }
        : {}),
    });
  }
  if (extra.length > 0) result.extraFields = extra;
  else delete result.extraFields;
  return result;
}

function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(s) && s.length >= 2 ? s.slice(0, 60) : `o-${s || 'x'}`.slice(0, 60);
}
