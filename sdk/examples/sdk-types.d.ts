// Example of the file `conduit build` writes to generated/sdk-types.d.ts (see sdk/README.md).
// The SDK needs exactly this: an interface with `regular` and `composite` maps keyed by permalink.
// Regular entries: `method` (the configured method), `pathParams` (union of the names the URL reads
// as pathParams.NAME, `never` for none), `queryParams` (union of the keys the caller may set,
// `never` for none, `string` for any). Composite entries: `queryParams` (keys templates read as
// request.query_parameters.NAME; `string` when a template reads the whole mapping).
// Entries must be object type literals (not named interfaces) or the SDK cannot index them.

export interface RegistryConnectors {
  regular: {
    'weather-api': { method: 'GET'; pathParams: never; queryParams: 'q' | 'units' };
    'user-posts': { method: 'GET'; pathParams: 'user_id'; queryParams: never };
    'crm-contacts': { method: 'POST'; pathParams: never; queryParams: never };
  };
  composite: {
    'auth-and-fetch-user': { queryParams: 'include' };
    'sync-everything': { queryParams: string };
  };
}

export type RegularPermalink = keyof RegistryConnectors['regular'];
export type CompositePermalink = keyof RegistryConnectors['composite'];
