import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { projectRoot } from '@townhall/platform';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

/** The OpenAPI document of the api app, as committed in libs/sdk. */
export const SDK_OPENAPI = 'libs/sdk/openapi.json';
/** The types openapi-typescript makes of it, which type the SDK's client. */
export const SDK_SCHEMA = 'libs/sdk/src/schema.d.ts';

const HEADER = `/**
 * Generated from ${SDK_OPENAPI} by openapi-typescript (\`npm run sdk:generate\`): do not edit.
 * The SDK's test fails when the API and these types part.
 */

`;

/**
 * The SDK's generated files for the api app's OpenAPI document, formatted as the project
 * formats files. The SDK covers the JSON API (/api/…), not the probes (/health, /ready).
 */
export async function sdkFiles(document: OpenAPIObject): Promise<Record<string, string>> {
  const paths = Object.fromEntries(Object.entries(document.paths).filter(([route]) => route.startsWith('/api/')));
  const json = JSON.stringify({ ...document, paths }, null, 2);
  // openapi-typescript is handed a copy: it may annotate what it reads.
  const types = astToString(await openapiTS(JSON.parse(json) as never, { silent: true }));
  return {
    [SDK_OPENAPI]: await format(json, SDK_OPENAPI),
    [SDK_SCHEMA]: await format(HEADER + types, SDK_SCHEMA),
  };
}

/** The committed files that differ from the given ones (missing ones too). */
export async function staleSdkFiles(files: Record<string, string>): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of Object.entries(files)) {
    const committed = await readFile(path.join(projectRoot(), file), 'utf8').catch(() => null);
    if (committed !== content) stale.push(file);
  }
  return stale;
}

/** Writes the files that changed; returns them. */
export async function writeSdkFiles(files: Record<string, string>): Promise<string[]> {
  const stale = await staleSdkFiles(files);
  for (const file of stale) await writeFile(path.join(projectRoot(), file), files[file]);
  return stale;
}

async function format(text: string, file: string): Promise<string> {
  const options = await prettier.resolveConfig(path.join(projectRoot(), file));
  return prettier.format(text, { ...options, filepath: file });
}
