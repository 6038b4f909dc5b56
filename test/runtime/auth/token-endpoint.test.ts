import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokenResponse, requestToken } from '../../../runtime/auth/token-endpoint.js';
import { AuthError } from '../../../runtime/auth/types.js';
import type { UpstreamResponse } from '../../../runtime/http/types.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../../support/oauth-server/oauth-token-server.js';
import { createUpstreamClient } from '../../../runtime/http/client.js';
import { createLocalUpstreamClient } from './helpers/local-upstream-client.js';

const response = (status: number, body: string, contentType = 'application/json'): UpstreamResponse => ({
  status,
  headers: { 'content-type': contentType },
  body: Buffer.from(body),
});

async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  expect((err as AuthError).kind).toBe('token-request');
  return err as AuthError;
}

describe('parseTokenResponse', () => {
  it('reads access_token and expires_in (number or numeric string)', () => {
    expect(parseTokenResponse(response(200, '{"access_token":"abc","expires_in":120}'))).toEqual({ accessToken: 'abc', expiresInSeconds: 120 });
    expect(parseTokenResponse(response(200, '{"access_token":"abc","expires_in":"90"}'))).toEqual({ accessToken: 'abc', expiresInSeconds: 90 });
  });
  it('reports no lifetime when expires_in is absent or unusable (the strategy picks its default)', () => {
    expect(parseTokenResponse(response(200, '{"access_token":"abc"}')).expiresInSeconds).toBeNull();
    expect(parseTokenResponse(response(200, '{"access_token":"abc","expires_in":"soon"}')).expiresInSeconds).toBeNull();
    expect(parseTokenResponse(response(200, '{"access_token":"abc","expires_in":null}')).expiresInSeconds).toBeNull();
  });
  it('accepts a form-encoded answer from older providers', () => {
    expect(parseTokenResponse(response(200, 'access_token=xyz&expires_in=30', 'application/x-www-form-urlencoded'))).toEqual({
      accessToken: 'xyz',
      expiresInSeconds: 30,
    });
  });
  it('names the status of a non-2xx answer but never its body', () => {
    let caught: unknown;
    try {
      parseTokenResponse(response(401, '{"error":"invalid_client","detail":"body-detail-xyz"}'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect((caught as AuthError).message).toBe('token endpoint answered HTTP 401');
  });
  it.each([
    ['not JSON', response(200, '<html>oops</html>', 'text/html'), /not a JSON object/],
    ['a JSON array', response(200, '[1]'), /not a JSON object/],
    ['no access_token', response(200, '{"token_type":"Bearer"}'), /no access_token/],
    ['an empty access_token', response(200, '{"access_token":""}'), /no access_token/],
    ['a non-string access_token', response(200, '{"access_token":42}'), /no access_token/],
    ['a token with a line break', response(200, '{"access_token":"a\\r\\nX-Evil: 1"}'), /cannot be sent in a header/],
  ])('rejects %s', (_label, res, message) => {
    expect(() => parseTokenResponse(res)).toThrow(message);
    try {
      parseTokenResponse(res);
    } catch (e) {
      expect((e as AuthError).kind).toBe('token-request');
    }
  });
});

describe('requestToken over HTTP', () => {
  let server: OAuthTokenServer;
  let slow: Server;
  let slowUrl: string;
  const http = createLocalUpstreamClient();

  beforeAll(async () => {
    server = await startOAuthTokenServer({ clients: { 'app-1': 'secret-1' }, expiresIn: 45 });
    slow = createServer((_req, res) => setTimeout(() => res.end('{"access_token":"late"}'), 2000));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/token`;
  });
  afterAll(async () => {
    await server.close();
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
    await http.close();
  });

  it('POSTs a form with content type and accept headers and returns the grant', async () => {
    const grant = await requestToken(http, {
      tokenUrl: server.tokenUrl,
      form: 'grant_type=client_credentials&client_id=app-1&client_secret=secret-1',
    });
    expect(grant.accessToken).toBe(server.issuedTokens.at(-1));
    expect(grant.expiresInSeconds).toBe(45);
    expect(server.tokenRequests.at(-1)).toMatchObject({ grantType: 'client_credentials', clientAuth: 'body', status: 200 });
  });

  it('maps a 500 to token-request naming the status, not the body', async () => {
    server.setMode('server-error');
    try {
      const err = await authErrorOf(requestToken(http, { tokenUrl: server.tokenUrl, form: 'grant_type=client_credentials' }));
      expect(err.message).toBe('token endpoint answered HTTP 500');
      expect(err.message).not.toContain('token-server-internal-detail');
    } finally {
      server.setMode('ok');
    }
  });

  it('maps refused connections and timeouts to token-request', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect((await authErrorOf(requestToken(http, { tokenUrl: `http://127.0.0.1:${port}/token`, form: '' }))).message).toMatch(/could not be reached/);

    const impatient = createLocalUpstreamClient({ timeoutMs: 200 });
    try {
      expect((await authErrorOf(requestToken(impatient, { tokenUrl: slowUrl, form: '' }))).message).toMatch(/did not answer in time/);
    } finally {
      await impatient.close();
    }
  });

  it('goes through the SSRF guard: a private token endpoint is refused without the insecure flag', async () => {
    const guarded = createUpstreamClient();
    try {
      const before = server.tokenRequests.length;
      expect((await authErrorOf(requestToken(guarded, { tokenUrl: server.tokenUrl, form: '' }))).message).toBe(
        'the token endpoint address is not allowed',
      );
      expect(server.tokenRequests.length).toBe(before);
    } finally {
      await guarded.close();
    }
  });

  it('rejects a token_url that is not an http(s) URL before sending anything', async () => {
    const before = server.tokenRequests.length;
    expect((await authErrorOf(requestToken(http, { tokenUrl: 'not a url', form: '' }))).message).toMatch(/not a valid URL/);
    expect((await authErrorOf(requestToken(http, { tokenUrl: 'ftp://idp.example/token', form: '' }))).message).toMatch(/https/);
    expect(server.tokenRequests.length).toBe(before);
  });
});
