import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FileStorage } from '@townhall/documents';
import { Access, Public, type FieldError } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeHours, WEEKDAYS } from '../domain/bookable-hours.js';
import { timesOf } from '../domain/booking-time.js';
import type { InstitutionEntity } from '../domain/institution.entity.js';
import { OfficeResourcesException, OfficeResourcesExceptionCode } from '../domain/office-resources.exception.js';
import { PHOTO_MAX_BYTES, type ResourcePhotoEntity } from '../domain/resource-photo.entity.js';
import { RESOURCE_KINDS, type ResourceEntity } from '../domain/resource.entity.js';
import { localIso } from '../domain/zoned-time.js';
import { OfficeResourcesRepository } from '../persistence/office-resources.repository.js';
import { ManageResourcesUseCase } from '../use-cases/manage-resources.use-case.js';
import {
  OfficeBookingsQueryDto,
  OfficeInstitutionRequestDto,
  OfficeResourceRequestDto,
} from './dto/office-resource.request.dto.js';
import { resourceJson } from './resource-json.js';

const notFound = (what = 'resource') =>
  new OfficeResourcesException(`No such ${what}.`, OfficeResourcesExceptionCode.NotFound);
const uuid = (what = 'resource') => new ParseUUIDPipe({ exceptionFactory: () => notFound(what) });
/** The most bookings one read answers. */
const BOOKINGS_LIMIT = 1000;

type Form = Record<string, string | string[] | undefined>;

function textIn(texts: Record<string, string>, locale: string): string {
  return texts[locale] ?? texts[currentTenantSettings().defaultLocale] ?? Object.values(texts)[0] ?? '';
}

function photoJson(p: ResourcePhotoEntity) {
  return { id: p.id, alt: p.alt, mediaType: p.mediaType, url: `/resources/${p.resourceId}/photos/${p.id}` };
}

function institutionJson(i: InstitutionEntity) {
  return { id: i.id, name: i.name, address: i.address, contacts: i.contacts, managedBy: i.managedBy };
}

/** A resource as the office's JSON shows it: the public view, and what only the office sees. */
function officeResourceJson(r: ResourceEntity, photos: ResourcePhotoEntity[]) {
  return {
    ...resourceJson(r),
    enabled: r.enabled,
    managedBy: r.managedBy,
    photos: photos.filter((p) => p.resourceId === r.id).map(photoJson),
  };
}

/**
 * The office's management of institutions and bookable resources (issue 8): every official
 * sees the list; admins add and edit what the office manages, and add or remove photos of any
 * resource. What the tenant file sets is read-only here (it is applied again on each
 * provisioning). The same as JSON under /api/v1/office (reads also for city systems with an
 * API key holding bookings:read), and a read of bookings for them: reference, times, status,
 * resource, nothing about the booker.
 */
@ApiTags('office')
@Controller()
export class OfficeResourcesController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly repository: OfficeResourcesRepository,
    private readonly manage: ManageResourcesUseCase,
    private readonly storage: FileStorage,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    chrome.addLink('office', { href: '/office/resources', text: 'bookings.office.nav' });
  }

  // ---- JSON ----------------------------------------------------------------------------

  @Get('api/v1/office/resources')
  @Access('staff-or-api-key', { scope: 'bookings:read' })
  @ApiOperation({ summary: "The municipality's institutions and resources, enabled or not, with their photos" })
  async list() {
    return this.tenantDb.read(async () => {
      const photos = await this.repository.photos();
      return {
        currency: currentTenantSettings().currency,
        timeZone: currentTenantSettings().timeZone,
        institutions: (await this.repository.institutions()).map(institutionJson),
        resources: (await this.repository.resources()).map((r) => officeResourceJson(r, photos)),
      };
    });
  }

  @Get('api/v1/office/resources/:id')
  @Access('staff-or-api-key', { scope: 'bookings:read' })
  @ApiOperation({ summary: 'A resource, enabled or not, with its photos' })
  async get(@Param('id', uuid()) id: string) {
    return this.tenantDb.read(async () => {
      const resource = await this.repository.resource(id);
      if (!resource) throw notFound();
      return officeResourceJson(resource, await this.repository.photos([id]));
    });
  }

  @Post('api/v1/office/institutions')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Add an institution (managed in the office)' })
  async createInstitutionJson(@Body() body: OfficeInstitutionRequestDto) {
    const id = await this.manage.saveInstitution(null, body);
    return this.institutionById(id);
  }

  @Put('api/v1/office/institutions/:id')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "Change an institution the office manages (the tenant file's: 409)" })
  async updateInstitutionJson(@Param('id', uuid('institution')) id: string, @Body() body: OfficeInstitutionRequestDto) {
    await this.manage.saveInstitution(id, body);
    return this.institutionById(id);
  }

  @Post('api/v1/office/resources')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Add a resource (managed in the office); bookable at once when enabled' })
  async createResourceJson(@Body() body: OfficeResourceRequestDto) {
    return this.get(await this.manage.saveResource(null, body));
  }

  @Put('api/v1/office/resources/:id')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "Change a resource the office manages (the tenant file's: 409)" })
  async updateResourceJson(@Param('id', uuid()) id: string, @Body() body: OfficeResourceRequestDto) {
    await this.manage.saveResource(id, body);
    return this.get(id);
  }

  @Post('api/v1/office/resources/:id/photos')
  @Access('staff', { roles: ['admin'] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['photo', 'alt'],
      properties: {
        photo: { type: 'string', format: 'binary' },
        alt: { type: 'string', description: "The text alternative in the municipality's default language" },
        alt_en: {
          type: 'string',
          description: 'The text alternative in a language: alt_en, alt_et, alt_fi, alt_sv, alt_bg',
        },
      },
    },
  })
  @ApiOperation({
    summary: 'Add a photo (JPEG, PNG or WebP by content, at most 5 MB) with its text alternative per language',
  })
  async addPhotoJson(@Param('id', uuid()) id: string, @Req() request: FastifyRequest) {
    const body = (request.body ?? {}) as Form;
    await this.manage.addPhoto(id, photoUpload(request), altTexts(body));
    return this.get(id);
  }

  @Delete('api/v1/office/resources/:id/photos/:photoId')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Remove a photo' })
  async removePhotoJson(@Param('id', uuid()) id: string, @Param('photoId', uuid('photo')) photoId: string) {
    await this.manage.removePhoto(id, photoId);
    return this.get(id);
  }

  @Get('api/v1/office/bookings')
  @Access('staff-or-api-key', { scope: 'bookings:read' })
  @ApiOperation({
    summary:
      'Bookings overlapping from–to, of a resource and a status if given (requested: waiting for approval): id, reference, times, status, resource',
  })
  async bookingsJson(@Query() query: OfficeBookingsQueryDto) {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from)
      throw new OfficeResourcesException('to must be after from.', OfficeResourcesExceptionCode.Invalid, [
        { field: 'to', message: 'to must be after from' },
      ]);
    const { timeZone } = currentTenantSettings();
    const rows = await this.tenantDb.read(() =>
      this.repository.bookings({ resourceId: query.resource, from, to, status: query.status, limit: BOOKINGS_LIMIT }),
    );
    return {
      timeZone,
      bookings: rows.map((b) => {
        const { start, end } = timesOf(b);
        return {
          id: b.id,
          reference: b.reference,
          resourceId: b.resourceId,
          status: b.status,
          start: localIso(start, timeZone),
          end: localIso(end, timeZone),
        };
      }),
    };
  }

  // ---- public: the photos ----------------------------------------------------------------

  @Get('resources/:id/photos/:photoId')
  @ApiExcludeEndpoint()
  @Public()
  async photoFile(
    @Param('id', uuid()) id: string,
    @Param('photoId', uuid('photo')) photoId: string,
    @Res() reply: FastifyReply,
  ) {
    const photo = await this.tenantDb.read(async () => {
      const resource = await this.repository.resource(id);
      return resource?.enabled ? this.repository.photo(id, photoId) : null;
    });
    if (!photo) throw notFound('photo');
    const bytes = await this.storage.get(photo.storageKey);
    return reply
      .header('Content-Type', photo.mediaType)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'public, max-age=300')
      .header('Content-Disposition', 'inline')
      .send(bytes);
  }

  // ---- pages ---------------------------------------------------------------------------

  @Get('office/resources')
  @ApiExcludeEndpoint()
  @Access('staff')
  async listPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = pageLocale(request, reply);
    const { institutions, resources } = await this.list();
    const query = request.query as Record<string, string | undefined>;
    return this.pages.send(request, reply, 'office-resources.njk', {
      ...(await this.chrome.office(request)),
      title: 'bookings.office.title',
      tenant: currentTenantSettings(),
      isAdmin: request.staffMember?.role === 'admin',
      saved: query.saved === '1',
      institutions: institutions.map((i) => ({
        ...i,
        displayName: textIn(i.name, locale),
        resources: resources
          .filter((r) => r.institutionId === i.id)
          .map((r) => ({ ...r, displayName: textIn(r.name, locale), hours: describeHours(r.bookableHours, locale) })),
      })),
    });
  }

  @Get('office/institutions/new')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async newInstitutionPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderInstitution(request, reply, null, {}, []);
  }

  @Post('office/institutions')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async createInstitutionPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.saveInstitutionPage(null, request, reply);
  }

  @Get('office/institutions/:id')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async institutionPage(
    @Param('id', uuid('institution')) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const institution = await this.institutionEntity(id);
    return this.renderInstitution(request, reply, institution, institutionForm(institution), [], {
      saved: (request.query as Record<string, string | undefined>).saved === '1',
    });
  }

  @Post('office/institutions/:id')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async updateInstitutionPage(
    @Param('id', uuid('institution')) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.saveInstitutionPage(id, request, reply);
  }

  @Get('office/resources/new')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async newResourcePage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const query = request.query as Record<string, string | undefined>;
    return this.renderResource(request, reply, null, {
      institutionId: query.institution,
      slotMinutes: '30',
      minMinutes: '60',
      maxMinutes: '240',
      leadMinutes: '0',
      cancellationNoticeMinutes: '0',
      price: '0.00',
      enabled: 'true',
    });
  }

  @Post('office/resources')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async createResourcePage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.saveResourcePage(null, request, reply);
  }

  @Get('office/resources/:id')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async resourcePage(@Param('id', uuid()) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const resource = await this.resourceEntity(id);
    const query = request.query as Record<string, string | undefined>;
    return this.renderResource(request, reply, resource, resourceForm(resource), [], 200, {
      saved: query.saved === '1',
      photoAdded: query.photo === 'added',
      photoRemoved: query.photo === 'removed',
    });
  }

  @Post('office/resources/:id')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async updateResourcePage(
    @Param('id', uuid()) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.saveResourcePage(id, request, reply);
  }

  @Post('office/resources/:id/photos')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async addPhotoPage(@Param('id', uuid()) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const body = (request.body ?? {}) as Form;
    try {
      await this.manage.addPhoto(id, photoUpload(request), altTexts(body));
    } catch (error) {
      if (!(error instanceof OfficeResourcesException) || error.code !== OfficeResourcesExceptionCode.InvalidPhoto)
        throw error;
      const resource = await this.resourceEntity(id);
      return this.renderResource(request, reply, resource, resourceForm(resource), error.errors, 422, {
        alt: altTexts(body),
      });
    }
    return reply.redirect(`/office/resources/${id}?photo=added#photos`, 303);
  }

  @Post('office/resources/:id/photos/:photoId/remove')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async removePhotoPage(
    @Param('id', uuid()) id: string,
    @Param('photoId', uuid('photo')) photoId: string,
    @Res() reply: FastifyReply,
  ) {
    await this.manage.removePhoto(id, photoId);
    return reply.redirect(`/office/resources/${id}?photo=removed#photos`, 303);
  }

  // ---- the work ------------------------------------------------------------------------

  private async institutionById(id: string) {
    return institutionJson(await this.institutionEntity(id));
  }

  private async institutionEntity(id: string): Promise<InstitutionEntity> {
    const institution = await this.tenantDb.read(() => this.repository.institution(id));
    if (!institution) throw notFound('institution');
    return institution;
  }

  private async resourceEntity(id: string): Promise<ResourceEntity> {
    const resource = await this.tenantDb.read(() => this.repository.resource(id));
    if (!resource) throw notFound();
    return resource;
  }

  private async saveInstitutionPage(id: string | null, request: FastifyRequest, reply: FastifyReply) {
    const form = (request.body ?? {}) as Form;
    const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
    const body = {
      name: Object.fromEntries(currentTenantSettings().locales.map((l) => [l, text(`name_${l}`)])),
      address: text('address'),
      contacts: {
        ...(text('email') ? { email: text('email') } : {}),
        ...(text('phone') ? { phone: text('phone') } : {}),
        ...(text('person') ? { person: text('person') } : {}),
      },
    };
    try {
      const saved = await this.manage.saveInstitution(id, body);
      return reply.redirect(`/office/institutions/${saved}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof OfficeResourcesException) || error.code !== OfficeResourcesExceptionCode.Invalid)
        throw error;
      const institution = id ? await this.institutionEntity(id) : null;
      return this.renderInstitution(request, reply, institution, form, error.errors, {}, 422);
    }
  }

  private async saveResourcePage(id: string | null, request: FastifyRequest, reply: FastifyReply) {
    const form = (request.body ?? {}) as Form;
    const body = resourceBody(form);
    try {
      const saved = await this.manage.saveResource(id, body);
      return reply.redirect(`/office/resources/${saved}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof OfficeResourcesException) || error.code !== OfficeResourcesExceptionCode.Invalid)
        throw error;
      const resource = id ? await this.resourceEntity(id) : null;
      // The form takes an amount, not minor units.
      const problems = error.errors.map((e) =>
        e.field === 'pricePerHour' && typeof body.pricePerHour !== 'number'
          ? { ...e, message: 'price per hour must be an amount like 50.00' }
          : e,
      );
      return this.renderResource(request, reply, resource, form, problems, 422);
    }
  }

  private async renderInstitution(
    request: FastifyRequest,
    reply: FastifyReply,
    institution: InstitutionEntity | null,
    form: Form,
    problems: FieldError[],
    notices: { saved?: boolean } = {},
    status = 200,
  ) {
    const tenant = currentTenantSettings();
    const { locale } = pageLocale(request, reply);
    return this.pages.send(
      request,
      reply,
      'office-institution.njk',
      {
        ...(await this.chrome.office(request)),
        title: institution ? 'bookings.office.editInstitution' : 'bookings.office.newInstitution',
        tenant,
        institution: institution && { ...institution, displayName: textIn(institution.name, locale) },
        readOnly: institution?.managedBy === 'file',
        notices,
        form,
        locales: tenant.locales,
        ...errorsView(problems, tenant.locales[0]),
      },
      status,
    );
  }

  private async renderResource(
    request: FastifyRequest,
    reply: FastifyReply,
    resource: ResourceEntity | null,
    form: Form,
    problems: FieldError[] = [],
    status = 200,
    notices: Record<string, unknown> = {},
  ) {
    const tenant = currentTenantSettings();
    const { locale } = pageLocale(request, reply);
    const { institutions, photos } = await this.tenantDb.read(async () => ({
      institutions: await this.repository.institutions(),
      photos: resource ? await this.repository.photos([resource.id]) : [],
    }));
    return this.pages.send(
      request,
      reply,
      'office-resource.njk',
      {
        ...(await this.chrome.office(request)),
        title: resource ? 'bookings.office.editResource' : 'bookings.office.newResource',
        tenant,
        resource: resource && { ...resource, displayName: textIn(resource.name, locale) },
        readOnly: resource?.managedBy === 'file',
        notices,
        form,
        locales: tenant.locales,
        weekdays: WEEKDAYS,
        institutionOptions: institutions.map((i) => ({ value: i.id, label: textIn(i.name, locale) })),
        kindOptions: RESOURCE_KINDS.map((k) => ({ value: k, label: k })),
        photos: photos.map((p) => ({ ...photoJson(p), altText: textIn(p.alt, locale) })),
        photoLimitMb: PHOTO_MAX_BYTES / 1024 / 1024,
        ...errorsView(problems, tenant.locales[0]),
      },
      status,
    );
  }
}

/** A photo's text alternative per language from a form: `alt_<locale>`, and `alt` as the default language's. */
function altTexts(body: Form): Record<string, unknown> {
  const { locales, defaultLocale } = currentTenantSettings();
  const texts: Record<string, unknown> = {};
  if (body.alt !== undefined) texts[defaultLocale] = body.alt;
  for (const locale of locales) if (body[`alt_${locale}`] !== undefined) texts[locale] = body[`alt_${locale}`];
  return texts;
}

/** The uploaded photo of a form (its `photo` field). */
function photoUpload(request: FastifyRequest) {
  return (request.uploads ?? []).find((u) => u.field === 'photo');
}

/**
 * The form's field of a problem: `name.en` → name-en, `bookableHours.monday` → hours-monday,
 * `contacts.email` → email; the others by their own name.
 */
function fieldIdOf(field: string, firstLocale: string): string {
  const [head, second] = field.split('.');
  if (head === 'name' || head === 'description' || head === 'alt') return `${head}-${second ?? firstLocale}`;
  if (head === 'bookableHours')
    return `hours-${second && (WEEKDAYS as readonly string[]).includes(second) ? second : 'monday'}`;
  if (head === 'contacts') return second ?? 'email';
  return head.replace(/[^a-zA-Z0-9-]/g, '') || 'form';
}

/** The error summary's entries and each field's message, by the form field's id. */
function errorsView(problems: FieldError[], firstLocale: string) {
  const fieldErrors: Record<string, string> = {};
  const errors = problems.map((p) => {
    const id = fieldIdOf(p.field, firstLocale);
    fieldErrors[id] ??= p.message;
    return { field: id, text: p.message };
  });
  return { errors, fieldErrors };
}

function institutionForm(i: InstitutionEntity): Form {
  return {
    ...Object.fromEntries(Object.entries(i.name).map(([l, t]) => [`name_${l}`, t])),
    address: i.address,
    email: i.contacts.email ?? '',
    phone: i.contacts.phone ?? '',
    person: i.contacts.person ?? '',
  };
}

function resourceForm(r: ResourceEntity): Form {
  return {
    institutionId: r.institutionId,
    kind: r.kind,
    ...Object.fromEntries(Object.entries(r.name).map(([l, t]) => [`name_${l}`, t])),
    ...Object.fromEntries(Object.entries(r.description).map(([l, t]) => [`description_${l}`, t])),
    capacity: r.capacity === null ? '' : String(r.capacity),
    areaM2: r.areaM2 === null ? '' : String(r.areaM2),
    equipment: r.equipment.join('\n'),
    price: (r.pricePerHour / 100).toFixed(2),
    ...Object.fromEntries(WEEKDAYS.map((d) => [`hours_${d}`, (r.bookableHours[d] ?? []).join(', ')])),
    slotMinutes: String(r.slotMinutes),
    minMinutes: String(r.minMinutes),
    maxMinutes: String(r.maxMinutes),
    leadMinutes: String(r.leadMinutes),
    cancellationNoticeMinutes: String(r.cancellationNoticeMinutes),
    needsApproval: r.needsApproval ? 'true' : '',
    enabled: r.enabled ? 'true' : '',
  };
}

/**
 * The resource the form describes, in the JSON API's shape: the price typed as 50.00 becomes
 * 5000 minor units; a number that is not one stays text, so that the check names its field.
 */
export function resourceBody(form: Form): Record<string, unknown> {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
  const number = (key: string) => {
    const value = text(key);
    return value === '' ? undefined : /^-?\d+$/.test(value) ? Number(value) : value;
  };
  const texts = (prefix: string) =>
    Object.fromEntries(
      currentTenantSettings()
        .locales.map((l) => [l, text(`${prefix}_${l}`)])
        .filter(([, v]) => v),
    );
  const price = text('price').replace(',', '.');
  return {
    institutionId: text('institutionId'),
    kind: text('kind'),
    name: texts('name'),
    description: texts('description'),
    capacity: number('capacity'),
    areaM2: number('areaM2'),
    equipment: text('equipment')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    pricePerHour: /^\d{1,7}(\.\d{1,2})?$/.test(price) ? Math.round(Number(price) * 100) : price || undefined,
    bookableHours: Object.fromEntries(
      WEEKDAYS.map((d) => [
        d,
        text(`hours_${d}`)
          .replace(/\s*[-–]\s*/g, '-')
          .split(/[\s,;]+/)
          .filter(Boolean),
      ]).filter(([, intervals]) => intervals.length > 0),
    ),
    slotMinutes: number('slotMinutes'),
    minMinutes: number('minMinutes'),
    maxMinutes: number('maxMinutes'),
    leadMinutes: number('leadMinutes'),
    cancellationNoticeMinutes: number('cancellationNoticeMinutes'),
    needsApproval: form.needsApproval === 'true',
    enabled: form.enabled === 'true',
  };
}
