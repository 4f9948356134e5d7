import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalDiskFileStorage, StoredFileMissingError } from './file-storage.js';

describe('LocalDiskFileStorage', () => {
  let root: string;
  let storage: LocalDiskFileStorage;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'townhall-files-'));
    storage = new LocalDiskFileStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('keeps bytes under a key, creating the folders, and gives them back', async () => {
    const bytes = Buffer.from('%PDF-1.7 õäöüšž Решение');
    await storage.put('tenant-a/decisions/TRT-2026-000123.pdf', bytes);
    expect(await storage.get('tenant-a/decisions/TRT-2026-000123.pdf')).toEqual(bytes);
    expect((await stat(path.join(root, 'tenant-a', 'decisions', 'TRT-2026-000123.pdf'))).size).toBe(bytes.length);
  });

  it('replaces a file whole and leaves no temporary file behind', async () => {
    await storage.put('a/b.bin', Buffer.from('first version, longer'));
    await storage.put('a/b.bin', Buffer.from('second'));
    expect((await storage.get('a/b.bin')).toString()).toBe('second');
    expect(await readdir(path.join(root, 'a'))).toEqual(['b.bin']);
  });

  it('leaves neither a half-written file nor its temporary file when the rename fails', async () => {
    await storage.put('a/b/c.txt', Buffer.from('c'));
    // 'a/b' is a folder: the temporary file is written beside it, then the rename is refused.
    await expect(storage.put('a/b', Buffer.from('would replace a folder'))).rejects.toThrow();
    expect(await readdir(path.join(root, 'a'))).toEqual(['b']);
    expect((await storage.get('a/b/c.txt')).toString()).toBe('c');
  });

  it('says StoredFileMissingError for a key that holds nothing', async () => {
    await expect(storage.get('nothing/here.pdf')).rejects.toBeInstanceOf(StoredFileMissingError);
    await storage.put('folder/file.txt', Buffer.from('x'));
    await expect(storage.get('folder')).rejects.toThrow('No stored file has the key "folder".');
    await expect(storage.get('folder/file.txt/deeper')).rejects.toBeInstanceOf(StoredFileMissingError);
  });

  it('deletes, and deleting again (or what never was) is no error', async () => {
    await storage.put('x/y.txt', Buffer.from('y'));
    await storage.delete('x/y.txt');
    await expect(storage.get('x/y.txt')).rejects.toBeInstanceOf(StoredFileMissingError);
    await expect(storage.delete('x/y.txt')).resolves.toBeUndefined();
    await expect(storage.delete('never/was.txt')).resolves.toBeUndefined();
  });

  it.each([
    '../outside.txt',
    'a/../../outside.txt',
    '/etc/passwd',
    'a//b',
    'a/',
    '',
    '.',
    'a/./b',
    'a\\b',
    'C:/x',
    'naïve.txt',
    'a b.txt',
    'a/b\u0000.txt',
  ])('refuses the key %j for every operation', async (key) => {
    await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow('is not a storage key');
    await expect(storage.get(key)).rejects.toThrow('is not a storage key');
    await expect(storage.delete(key)).rejects.toThrow('is not a storage key');
    expect(await readdir(root)).toEqual([]);
  });
});
