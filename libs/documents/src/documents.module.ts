import path from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformConfig, projectRoot } from '@townhall/platform';
import { FileStorage, LocalDiskFileStorage } from './storage/file-storage.js';

/** FILE_STORAGE_DIR as a folder: a relative value is taken from the project folder, not the working directory. */
export function fileStorageDir(config: PlatformConfig): string {
  return path.resolve(projectRoot(), config.FILE_STORAGE_DIR);
}

/**
 * Provides FileStorage (local disk under FILE_STORAGE_DIR). Needs the app's config
 * (ConfigModule.forApp, global). PDF rendering and upload inspection are plain functions
 * and need no module.
 */
@Module({
  providers: [
    {
      provide: FileStorage,
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => new LocalDiskFileStorage(fileStorageDir(config)),
    },
  ],
  exports: [FileStorage],
})
export class DocumentsModule {}
