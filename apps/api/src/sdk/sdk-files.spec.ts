import { buildApiDocument } from '../api-document.js';
import { SDK_OPENAPI, sdkFiles, staleSdkFiles } from './sdk-files.js';

/**
 * The SDK (libs/sdk) is typed by the OpenAPI document of the api app as committed. A change
 * of a route, a DTO or a decorator without `npm run sdk:generate` fails here: the SDK cannot
 * drift from the API.
 */
describe('the SDK', () => {
  it('is generated from the API as it is now (else: npm run sdk:generate)', async () => {
    const document = await buildApiDocument();
    expect(document.components?.securitySchemes?.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.paths)).toContain('/api/v1/office/cases/{id}');
    expect(await staleSdkFiles(await sdkFiles(document))).toEqual([]);
  }, 60_000);

  it('notices a change of the API', async () => {
    const document = await buildApiDocument();
    document.paths['/api/v1/office/cases']!.get!.summary = 'Changed';
    expect(await staleSdkFiles(await sdkFiles(document))).toContain(SDK_OPENAPI);
  }, 60_000);
});
