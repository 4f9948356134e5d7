import 'reflect-metadata';
import { buildApiDocument } from '../api-document.js';
import { SDK_OPENAPI, SDK_SCHEMA, sdkFiles, writeSdkFiles } from './sdk-files.js';

/**
 * `npm run sdk:generate`: writes the api app's OpenAPI document to libs/sdk/openapi.json and
 * its TypeScript types to libs/sdk/src/schema.d.ts. Needs no database: the document is read
 * from the app's modules (see buildApiDocument).
 */
const written = await writeSdkFiles(await sdkFiles(await buildApiDocument()));
console.log(written.length > 0 ? `wrote ${written.join(', ')}` : `${SDK_OPENAPI} and ${SDK_SCHEMA} are up to date`);
