import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the project: where package.json and libs/ are, above this file (source or dist/). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'libs'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('the project folder (with package.json and libs/) was not found');
    dir = parent;
  }
  return dir;
}
