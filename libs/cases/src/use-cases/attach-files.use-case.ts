import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FileStorage, inspectUpload } from '@townhall/documents';
import type { FormUpload } from '@townhall/platform';
import { currentTenant, TenantDatabase } from '@townhall/tenancy';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { ApplicationFilesRepository } from '../persistence/application-files.repository.js';
import { ApplicationLoader } from './application-loader.js';
import { FormTargets } from './form-target.js';

/** Files of one field no larger than this, when the template names no limit. */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Attaches uploaded files to file fields of an application the applicant may change. Each
 * file is checked by its content (type, size, name) before anything is kept; one bad file
 * refuses them all, so a form never ends half-saved. The bytes go to the file storage, then
 * the row and the answer in one transaction (a file stored for a failed transaction is an
 * orphan to sweep, never a row without its file).
 */
@Injectable()
export class AttachFilesUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly targets: FormTargets,
    private readonly files: ApplicationFilesRepository,
    private readonly storage: FileStorage,
  ) {}

  async execute(input: {
    applicationId: string;
    applicantId: string;
    uploads: FormUpload[];
    remove?: string[];
    followUpKey?: string;
  }) {
    if (input.uploads.length === 0 && !input.remove?.length) return;
    const { application, form, editable, fileFields } = await this.tenantDb.read(async () => {
      const loaded = await this.loader.forApplicant(input.applicationId, input.applicantId);
      const target = await this.targets.of(loaded, input.followUpKey);
      const fileFields = Object.entries(target.form.ui.fields)
        .filter(([, ui]) => ui.widget === 'file')
        .map(([n]) => n);
      return { application: loaded.application, form: target.form, editable: target.editable(fileFields), fileFields };
    });
    const accepted: { field: string; fileName: string; bytes: Buffer; mediaType: string; sha256: string }[] = [];
    for (const upload of input.uploads) {
      const ui = form.ui.fields[upload.field];
      if (!ui || ui.widget !== 'file' || !editable.has(upload.field)) {
        throw new CaseException(`"${upload.field}" takes no file now.`, CaseExceptionCode.InvalidFile, [
          { field: upload.field, message: `${upload.field} takes no file now` },
        ]);
      }
      const inspection = await inspectUpload(upload, {
        accept: ui.accept ?? [],
        maxBytes: ui.maxBytes ?? DEFAULT_MAX_BYTES,
      });
      if (!inspection.ok) {
        throw new CaseException(inspection.message, CaseExceptionCode.InvalidFile, [
          { field: upload.field, message: inspection.message },
        ]);
      }
      accepted.push({
        ...upload,
        fileName: inspection.fileName,
        mediaType: inspection.mediaType,
        sha256: inspection.sha256,
      });
    }
    const stored = await Promise.all(
      accepted.map(async (file) => {
        const id = randomUUID();
        const storageKey = `${currentTenant().id}/${application.id}/${id}`;
        await this.storage.put(storageKey, file.bytes);
        return { ...file, id, storageKey };
      }),
    );
    await this.tenantDb.run(async () => {
      const current = await this.targets.of(
        await this.loader.forApplicant(input.applicationId, input.applicantId),
        input.followUpKey,
      );
      const answers = { ...current.answers };
      const removed = new Set(input.remove ?? []);
      for (const field of fileFields) {
        if (!editable.has(field) || !Array.isArray(answers[field])) continue;
        answers[field] = (answers[field] as string[]).filter((id) => !removed.has(id));
      }
      for (const file of stored) {
        await this.files.insert({
          id: file.id,
          applicationId: application.id,
          kind: 'attachment',
          field: file.field,
          fileName: file.fileName,
          mediaType: file.mediaType,
          sizeBytes: file.bytes.length,
          sha256: file.sha256,
          storageKey: file.storageKey,
        });
        answers[file.field] = [...((answers[file.field] as string[] | undefined) ?? []), file.id];
      }
      const schema = form.schema.properties;
      for (const field of fileFields) {
        const max = Number(schema[field]?.maxItems ?? Infinity);
        if (Array.isArray(answers[field]) && (answers[field] as string[]).length > max) {
          throw new CaseException(`"${field}" takes at most ${max} files.`, CaseExceptionCode.InvalidFile, [
            { field, message: `${field} takes at most ${max} files` },
          ]);
        }
        if (Array.isArray(answers[field]) && (answers[field] as string[]).length === 0) delete answers[field];
      }
      await current.save({ answers });
      // A draft's removed files go; after submission they stay on record, only out of the answers.
      if (application.stateKind === 'draft' && !input.followUpKey)
        await this.files.remove(application.id, [...removed]);
    });
  }
}
