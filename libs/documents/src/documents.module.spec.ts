import path from 'node:path';
import { Test } from '@nestjs/testing';
import { ConfigModule, PlatformConfig, projectRoot } from '@townhall/platform';
import { DocumentsModule } from './documents.module.js';
import { FileStorage, LocalDiskFileStorage } from './storage/file-storage.js';

async function storageFor(FILE_STORAGE_DIR?: string): Promise<FileStorage> {
  const config = Object.assign(new PlatformConfig(), { DATABASE_URL: 'postgres://unused' });
  if (FILE_STORAGE_DIR) config.FILE_STORAGE_DIR = FILE_STORAGE_DIR;
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forApp(PlatformConfig, config), DocumentsModule],
  }).compile();
  return moduleRef.get(FileStorage);
}

describe('DocumentsModule', () => {
  it('provides FileStorage on local disk, a relative FILE_STORAGE_DIR taken from the project folder', async () => {
    const storage = await storageFor();
    expect(storage).toBeInstanceOf(LocalDiskFileStorage);
    expect((storage as LocalDiskFileStorage).rootDir).toBe(path.join(projectRoot(), '.data', 'files'));
  });

  it('keeps an absolute FILE_STORAGE_DIR as it is', async () => {
    const storage = (await storageFor('/srv/townhall/files')) as LocalDiskFileStorage;
    expect(storage.rootDir).toBe('/srv/townhall/files');
  });
});
