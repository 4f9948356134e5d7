import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';

/** get() of a key that holds nothing (never written, or deleted). */
export class StoredFileMissingError extends Error {
  constructor(readonly key: string) {
    super(`No stored file has the key "${key}".`);
    this.name = 'StoredFileMissingError';
  }
}

/**
 * Where uploaded files and issued documents are kept, by key. Abstract so that it is the
 * Nest injection token: local disk now, object storage later, callers unchanged. Keys are
 * relative paths of safe segments (`[A-Za-z0-9._-]`, separated by `/`), e.g.
 * `<tenantId>/attachments/<uuid>`; never a user's file name.
 */
export abstract class FileStorage {
  abstract put(key: string, bytes: Buffer): Promise<void>;
  /** @throws StoredFileMissingError when nothing is stored under the key. */
  abstract get(key: string): Promise<Buffer>;
  /** Deleting what is not there is no error, so a retried clean-up succeeds. */
  abstract delete(key: string): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** The key's segments, or an Error: a key must never reach outside the storage's folder. */
export function checkStorageKey(key: string): string[] {
  const segments = key.split('/');
  const bad = segments.find((s) => !SEGMENT.test(s) || s === '.' || s === '..');
  if (bad !== undefined || key.length > 1024)
    throw new Error(`"${key}" is not a storage key (relative path of [A-Za-z0-9._-] segments joined by /)`);
  return segments;
}

/** Files on a local disk under rootDir; for development, tests and single-machine deployments. */
export class LocalDiskFileStorage extends FileStorage {
  constructor(readonly rootDir: string) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written beside the target and renamed (atomic on one file system): a reader sees the
    // old file or the whole new one, never half. A temp name starts with '.' plus the
    // target's name, and a crash leaves at most that behind.
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync(); // on disk before it takes the real name
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) throw new StoredFileMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  private pathOf(key: string): string {
    return path.join(path.resolve(this.rootDir), ...checkStorageKey(key));
  }
}

// Not `instanceof Error`: errors of node:fs may come from another realm (jest's VM modules).
const isMissing = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(String((error as { code?: unknown }).code));
