// The Content-Type of a rendered request_body: JSON or text as Conduit judges the rendered text,
// unless the step configures a Content-Type header, which is then the only one sent.
import { describe, expect, it } from 'vitest';
import { header, tpl } from '../../support/runtime/connectors.js';
import { buildFirstStep, connectorWithUrl } from './helpers.js';

const origin = 'https://api.example.com';
const url = tpl('https://api.example.com/items', () => `${origin}/items`);

async function contentTypes(body: string, configured: string | null): Promise<string[]> {
  const connector = connectorWithUrl(url, origin, {
    method: 'POST',
    requestBody: tpl('{{ body }}', () => body),
    headers: configured === null ? [] : [header('Content-Type', configured)],
  });
  const built = await buildFirstStep(connector);
  expect(built.request.body).toBe(body);
  return built.request.headers.filter(([name]) => name.toLowerCase() === 'content-type').map(([, value]) => value);
}

describe('the Content-Type of a rendered request body', () => {
  it('is JSON for a JSON document and text otherwise when none is configured', async () => {
    expect(await contentTypes('{"a": 1}', null)).toEqual(['application/json']);
    expect(await contentTypes('{"a": 1', null)).toEqual(['text/plain; charset=utf-8']);
  });

  it('is only the configured one when the step sets it, whatever the body looks like', async () => {
    expect(await contentTypes('{"a": 1}', 'application/vnd.custom+json')).toEqual(['application/vnd.custom+json']);
    expect(await contentTypes('a=1', 'application/x-www-form-urlencoded')).toEqual(['application/x-www-form-urlencoded']);
  });
});
