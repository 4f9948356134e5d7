import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FileStorage, inspectUpload } from '@townhall/documents';
import { RequestValidationException, type FieldError, type FormUpload } from '@townhall/platform';
import { currentTenant, currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { parseInterval, WEEKDAYS, type BookableHours } from '../domain/bookable-hours.js';
import { OfficeResourcesException, OfficeResourcesExceptionCode } from '../domain/office-resources.exception.js';
import { PHOTO_MAX_BYTES, PHOTO_MEDIA_TYPES } from '../domain/resource-photo.entity.js';
import { OfficeInstitutionRequestDto, OfficeResourceRequestDto } from '../http/dto/office-resource.request.dto.js';
import { OfficeResourcesRepository, type ResourceValues } from '../persistence/office-resources.repository.js';

/** The languages of Townhall a text may be given in. */
const LOCALES = ['en', 'et', 'fi', 'sv', 'bg'];

const invalid = (errors: FieldError[]) =>
  new OfficeResourcesException(
    `Check ${errors.map((e) => e.field).join(', ')}: ${errors[0].message}.`,
    OfficeResourcesExceptionCode.Invalid,
    errors,
  );
const notFound = (what: string) =>
  new OfficeResourcesException(`No such ${what}.`, OfficeResourcesExceptionCode.NotFound);
const managedByFile = (what: string) =>
  new OfficeResourcesException(
    `This ${what} is set in the municipality's tenant file; change it there (the office cannot edit it).`,
    OfficeResourcesExceptionCode.ManagedByFile,
  );

/** Problems of texts per language: `{ en: '…' }`, at least one when required. */
export function textsProblems(field: string, value: unknown, max: number, required: boolean): FieldError[] {
  if (value === undefined || value === null) return required ? [{ field, message: `${field} is required` }] : [];
  if (typeof value !== 'object' || Array.isArray(value))
    return [{ field, message: `${field} must be texts per language, e.g. { "en": "…" }` }];
  const problems: FieldError[] = [];
  const given = Object.entries(value as Record<string, unknown>).filter(([, t]) => t !== '');
  for (const [locale, text] of given) {
    if (!LOCALES.includes(locale))
      problems.push({ field: `${field}.${locale}`, message: `${locale} is not a language of Townhall` });
    else if (typeof text !== 'string' || text.trim() === '' || text.length > max)
      problems.push({
        field: `${field}.${locale}`,
        message: `${field}.${locale} must be a text of 1 to ${max} characters`,
      });
  }
  if (required && given.length === 0)
    problems.push({ field, message: `${field} needs a text in at least one language` });
  return problems;
}

/** Problems of bookable hours: known weekdays, each a list of well-formed "HH:MM-HH:MM" that end after they start and do not overlap. */
export function hoursProblems(value: unknown): FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [
      {
        field: 'bookableHours',
        message: 'bookableHours must map weekdays to times, e.g. { "monday": ["17:00-21:00"] }',
      },
    ];
  const problems: FieldError[] = [];
  for (const [day, intervals] of Object.entries(value)) {
    const field = `bookableHours.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({ field, message: `${day} is not a weekday (${WEEKDAYS.join(', ')})` });
      continue;
    }
    if (!Array.isArray(intervals)) {
      problems.push({ field, message: `${field} must be a list of times like "17:00-21:00"` });
      continue;
    }
    const parsed = intervals.map((i) => (typeof i === 'string' ? parseInterval(i) : null));
    const bad = intervals.find((_, i) => parsed[i] === null);
    if (bad !== undefined) {
      problems.push({
        field,
        message: `${field}: "${String(bad)}" is not a time of day like 17:00-21:00 (HH:MM-HH:MM, starting before it ends)`,
      });
      continue;
    }
    const sorted = parsed.map((p) => p!).sort((a, b) => a.from - b.from);
    if (sorted.some((p, i) => i > 0 && p.from < sorted[i - 1].to))
      problems.push({ field, message: `${field}: the times overlap` });
  }
  return problems;
}

/**
 * The office's management of institutions and resources, and the photos of resources.
 * Institutions and resources of the tenant file are read-only here (the file is applied again
 * on every provisioning, so an office edit would not last); the office makes its own, which the
 * file never touches. Photos may be added to any resource. Everything is checked before
 * anything is saved; a refusal names the field.
 */
@Injectable()
export class ManageResourcesUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly repository: OfficeResourcesRepository,
    private readonly storage: FileStorage,
  ) {}

  /** Creates (id null) or updates an office institution; its id. */
  async saveInstitution(id: string | null, body: unknown): Promise<string> {
    const dto = plainToInstance(OfficeInstitutionRequestDto, body ?? {});
    const errors = [
      ...RequestValidationException.fromValidationErrors(
        await validate(dto, { whitelist: true, forbidNonWhitelisted: true }),
      ).fieldErrors,
      ...textsProblems('name', dto.name, 200, true),
    ];
    if (errors.length > 0) throw invalid(errors);
    const contacts = Object.fromEntries(
      Object.entries({ ...dto.contacts }).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
    );
    const values = { name: cleanTexts(dto.name), address: dto.address.trim(), contacts };
    return this.tenantDb.run(async () => {
      if (id === null) return this.repository.createInstitution(newCode(), values);
      const institution = await this.repository.institution(id);
      if (!institution) throw notFound('institution');
      if (institution.managedBy === 'file') throw managedByFile('institution');
      await this.repository.updateInstitution(id, values);
      return id;
    });
  }

  /** Creates (id null) or updates an office resource; its id. */
  async saveResource(id: string | null, body: unknown): Promise<string> {
    const dto = plainToInstance(OfficeResourceRequestDto, body ?? {});
    const errors = [
      ...RequestValidationException.fromValidationErrors(
        await validate(dto, { whitelist: true, forbidNonWhitelisted: true }),
      ).fieldErrors,
      ...textsProblems('name', dto.name, 120, true),
      ...textsProblems('description', dto.description, 2000, false),
      ...hoursProblems(dto.bookableHours),
    ];
    const slot = dto.slotMinutes ?? 30;
    const fine = (field: string) => !errors.some((e) => e.field === field);
    if (fine('minMinutes') && fine('maxMinutes') && dto.maxMinutes < dto.minMinutes)
      errors.push({ field: 'maxMinutes', message: 'maxMinutes must not be less than minMinutes' });
    for (const field of ['minMinutes', 'maxMinutes'] as const)
      if (fine(field) && fine('slotMinutes') && dto[field] % slot !== 0)
        errors.push({ field, message: `${field} must be a whole number of slots (${slot} minutes)` });
    if (errors.length > 0) throw invalid(errors);
    const values: ResourceValues = {
      institutionId: dto.institutionId,
      kind: dto.kind,
      name: cleanTexts(dto.name),
      description: cleanTexts(dto.description ?? {}),
      capacity: dto.capacity ?? null,
      areaM2: dto.areaM2 ?? null,
      equipment: (dto.equipment ?? []).map((e) => e.trim()).filter(Boolean),
      pricePerHour: dto.pricePerHour,
      bookableHours: Object.fromEntries(
        WEEKDAYS.filter((d) => (dto.bookableHours[d] ?? []).length > 0).map((d) => [d, dto.bookableHours[d]]),
      ) as BookableHours,
      slotMinutes: slot,
      minMinutes: dto.minMinutes,
      maxMinutes: dto.maxMinutes,
      leadMinutes: dto.leadMinutes ?? 0,
      needsApproval: dto.needsApproval ?? false,
      cancellationNoticeMinutes: dto.cancellationNoticeMinutes ?? 0,
      enabled: dto.enabled ?? true,
    };
    return this.tenantDb.run(async () => {
      if (!(await this.repository.institution(dto.institutionId)))
        throw invalid([{ field: 'institutionId', message: 'institutionId must be the id of an institution' }]);
      if (id === null) return this.repository.createResource(newCode(), currentTenantSettings().currency, values);
      const resource = await this.repository.resource(id);
      if (!resource) throw notFound('resource');
      if (resource.managedBy === 'file') throw managedByFile('resource');
      await this.repository.updateResource(id, values);
      return id;
    });
  }

  /**
   * Adds a photo to a resource: JPEG, PNG or WebP by its content (a file named .jpg that is
   * not one is refused as disguised), at most 5 MB, with its text alternative per language
   * (`{ en: '…', et: '…' }`, at least one; a page shows the one of its language, else the
   * default's). The bytes are stored first, then the row (a file stored for a failed transaction
   * is an orphan, never a row without its file).
   */
  async addPhoto(resourceId: string, upload: FormUpload | undefined, alt: Record<string, unknown>): Promise<string> {
    const errors: FieldError[] = [];
    if (!upload) errors.push({ field: 'photo', message: 'photo: choose a JPEG, PNG or WebP image' });
    const given = Object.fromEntries(
      Object.entries(alt).filter(([, t]) => !(typeof t === 'string' && t.trim() === '')),
    );
    errors.push(
      ...textsProblems('alt', given, 300, true).map((e) =>
        e.field === 'alt'
          ? { ...e, message: 'alt: describe what the photo shows (1 to 300 characters), in at least one language' }
          : e,
      ),
    );
    let mediaType = '';
    if (upload) {
      const inspection = await inspectUpload(upload, { accept: PHOTO_MEDIA_TYPES, maxBytes: PHOTO_MAX_BYTES });
      if (inspection.ok) mediaType = inspection.mediaType;
      else errors.push({ field: 'photo', message: `photo: ${inspection.message}` });
    }
    if (errors.length > 0)
      throw new OfficeResourcesException(
        errors.map((e) => e.message).join(' '),
        OfficeResourcesExceptionCode.InvalidPhoto,
        errors,
      );
    if (!(await this.tenantDb.read(() => this.repository.resource(resourceId)))) throw notFound('resource');
    const id = randomUUID();
    const storageKey = `${currentTenant().id}/resources/${resourceId}/${id}`;
    await this.storage.put(storageKey, upload!.bytes);
    await this.tenantDb.run(async () => {
      if (!(await this.repository.resource(resourceId))) throw notFound('resource');
      await this.repository.addPhoto({
        id,
        resourceId,
        alt: cleanTexts(given as Record<string, string>),
        mediaType,
        sizeBytes: upload!.bytes.length,
        storageKey,
      });
    });
    return id;
  }

  /** Removes a photo: the row, then its bytes. */
  async removePhoto(resourceId: string, photoId: string): Promise<void> {
    const photo = await this.tenantDb.run(async () => {
      const found = await this.repository.photo(resourceId, photoId);
      if (!found) throw notFound('photo');
      await this.repository.removePhoto(photoId);
      return found;
    });
    await this.storage.delete(photo.storageKey);
  }
}

function cleanTexts(texts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(texts)
      .filter(([, t]) => typeof t === 'string' && t.trim() !== '')
      .map(([l, t]) => [l, t.trim()]),
  );
}

/** A code for what the office makes: never one a tenant file would choose by accident. */
function newCode(): string {
  return `office-${randomBytes(5).toString('hex')}`;
}
