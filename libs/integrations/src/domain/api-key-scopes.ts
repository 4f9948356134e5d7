/**
 * What an API key may be used for, one scope per kind of data and access. A route names the
 * scope it needs (`@Access('staff-or-api-key', { scope: 'cases:read' })`); a key without it
 * is refused with a 403 naming it. Scopes whose routes are still to come are kept so that a
 * key can be made for them now.
 */
export const API_KEY_SCOPES = [
  'applications:read',
  'cases:read',
  'cases:write',
  'decisions:read',
  'documents:read',
  'bookings:read',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && (API_KEY_SCOPES as readonly string[]).includes(value);
}
