// Example of a typed widget: with the generated registry types as the SDK's type parameter, a
// misspelt permalink, a wrong method or a missing path parameter is a compile error.
// (A real widget imports the SDK from sdk/dist/widget-sdk.mjs, or uses window.WidgetServiceSDK
// with sdk/dist/widget-sdk.iife.d.ts; test/sdk/typed-permalinks.test.ts checks this file.)
import { ConnectorError, WidgetServiceSDK } from '../src/index.js';
import type { RegistryConnectors } from './sdk-types.js';

export async function loadWidget(): Promise<void> {
  const sdk = new WidgetServiceSDK<RegistryConnectors>({ timeout: 10_000 });
  try {
    const weather = await sdk.connectors.execute({ permalink: 'weather-api', method: 'GET', queryParams: { q: 'Warsaw' } });
    const posts = await sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: { user_id: 42 } });
    await sdk.connectors.execute({ permalink: 'crm-contacts', method: 'POST', payload: { firstName: 'Jane' } });
    const user = await sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', payload: { id: 7 }, queryParams: { include: 'teams' } });
    console.log(weather, posts, user);
  } catch (error) {
    if (error instanceof ConnectorError) console.error(error.status, error.scope, error.message, error.timing?.total_ms);
    else throw error;
  }
}
