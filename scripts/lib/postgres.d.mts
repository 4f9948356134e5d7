// Types for the TypeScript test setup, which reuses the launcher's database preparation.
export declare const OWNER_ROLE: string;
export declare const APP_ROLE: string;
export declare const PLATFORM_ROLE: string;
export declare function ensureDatabase(
  serverUrl: string,
  dbName: string,
  options?: { fresh?: boolean },
): Promise<{ ownerUrl: string; appUrl: string; platformUrl: string; serverUrl: string }>;
