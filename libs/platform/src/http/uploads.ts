import multipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A file sent with a form (multipart/form-data), read whole: its size is bounded below. */
export interface FormUpload {
  field: string;
  fileName: string;
  bytes: Buffer;
}

declare module 'fastify' {
  interface FastifyRequest {
    uploads: FormUpload[];
  }
}

/** The largest file any form accepts; a field's own limit (usually smaller) is checked by the library. */
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

/**
 * Forms with files (multipart/form-data) reach handlers like any form: the body holds the
 * fields by name (a repeated one as an array), the files are in `request.uploads`. So the
 * session's CSRF check and the handlers read one shape, whatever the encoding.
 */
export function acceptUploads(fastify: FastifyInstance): void {
  fastify.decorateRequest('uploads', null as unknown as FormUpload[]);
  void fastify.register(multipart, {
    attachFieldsToBody: true,
    // The name as sent, path and all: a name with a path is refused by the library that checks files, not silently cut.
    preservePath: true,
    limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 10, fields: 1000, parts: 1010, fieldNameSize: 200 },
  });
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    request.uploads = [];
    if (!request.isMultipart?.() || !request.body || typeof request.body !== 'object') return;
    const flat: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.body as Record<string, unknown>)) {
      for (const part of (Array.isArray(value) ? value : [value]) as (MultipartFile | MultipartValue)[]) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          // A file input left empty sends a part with no name and no bytes: nothing was chosen.
          if (part.filename || bytes.length > 0) request.uploads.push({ field: name, fileName: part.filename, bytes });
        } else {
          const text = String(part.value);
          const had = flat[name];
          flat[name] = had === undefined ? text : [...(Array.isArray(had) ? had : [had]), text];
        }
      }
    }
    request.body = flat;
  });
}
