// sdk/build.ts: the <script> bundle sets window.WidgetServiceSDK (with its error classes) and talks
// to a real server; the ESM build exports the same API; both are small and free of Node APIs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SdkBuildResult, buildSdk } from '../../sdk/build.js';
import type * as SdkModule from '../../sdk/src/index.js';
import { type RecordingServer, jsonResponse, startRecordingServer } from './support/recording-server.js';

let dir: string;
let built: SdkBuildResult;
let server: RecordingServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'conduit-sdk-build-'));
  built = await buildSdk({ outDir: path.join(dir, 'dist') });
  server = await startRecordingServer();
}, 120_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A browser-like global scope: only web APIs, `window` is the global object, no require/process. */
function browserScope(): vm.Context & { WidgetServiceSDK?: typeof SdkModule.WidgetServiceSDK } {
  const scope = vm.createContext({
    fetch,
    Headers,
    AbortController,
    AbortSignal,
    URLSearchParams,
    Blob,
    FormData,
    setTimeout,
    clearTimeout,
    document: { getElementById: (id: string) => (id === 'csrftoken' ? { tagName: 'INPUT', value: 'page-csrf' } : null) },
  });
  vm.runInContext('globalThis.window = globalThis;', scope);
  return scope;
}

describe('the IIFE bundle', () => {
  test('sets window.WidgetServiceSDK with the error classes on it', async () => {
    const scope = browserScope();
    vm.runInContext(await readFile(built.iifeFile, 'utf8'), scope, { filename: 'widget-sdk.iife.js' });
    const SDK = scope.WidgetServiceSDK!;
    expect(vm.runInContext('window.WidgetServiceSDK === WidgetServiceSDK', scope)).toBe(true);
    expect(SDK).toBeTypeOf('function');
    expect(SDK.ConnectorError).toBeTypeOf('function');
    expect(SDK.ConnectorBoundaryError).toBeTypeOf('function');
  });

  test('calls the runtime, reads #csrftoken, and rejects with WidgetServiceSDK.ConnectorError', async () => {
    const scope = browserScope();
    vm.runInContext(await readFile(built.iifeFile, 'utf8'), scope);
    const SDK = scope.WidgetServiceSDK!;
    const sdk = new SDK({ baseUrl: server.baseUrl, token: 'jwt' });

    server.respondWith(() => jsonResponse(200, { plants: ['monstera'] }));
    await expect(sdk.connectors.execute({ permalink: 'plants', method: 'GET', queryParams: { q: 'm' } })).resolves.toEqual({ plants: ['monstera'] });
    const request = server.requests.at(-1)!;
    expect(request.url).toBe('/api/connectors/plants?q=m');
    expect(request.headers['x-csrftoken']).toBe('page-csrf');
    expect(request.headers.authorization).toBe('Bearer jwt');

    server.respondWith(() => jsonResponse(502, { errors: { scope: "Composite step 'a' (index 0): Downstream (HTTP error)", message: 'HTTP 500' } }));
    const error = await sdk.connectors.composite.execute({ permalink: 'chain', payload: { a: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SDK.ConnectorError);
    expect(error).toMatchObject({ status: 502, scope: "Composite step 'a' (index 0): Downstream (HTTP error)", message: 'HTTP 500' });
  });

  test('throws WidgetServiceSDK.ConnectorBoundaryError synchronously', async () => {
    const scope = browserScope();
    vm.runInContext(await readFile(built.iifeFile, 'utf8'), scope);
    const SDK = scope.WidgetServiceSDK!;
    const sdk = new SDK({ baseUrl: server.baseUrl });
    const composite = sdk.connectors.composite as unknown as { execute(options: unknown): Promise<unknown> };
    expect(() => composite.execute({ permalink: 'chain', payload: 'not an object' })).toThrow(SDK.ConnectorBoundaryError);
  });

  test('is small and uses no Node APIs', async () => {
    const text = await readFile(built.iifeFile, 'utf8');
    expect(built.iifeBytes).toBe(Buffer.byteLength(text));
    expect(built.iifeBytes).toBeLessThan(16_000);
    expect(text).not.toMatch(/\brequire\(|\bprocess\.|node:/);
    expect(text).toMatch(/^"use strict";\(\(\)=>\{/);
  });
});

describe('the ESM build', () => {
  test('exports the SDK, its errors and constants, and works against a server', async () => {
    const sdkModule = (await import(pathToFileURL(built.esmFile).href)) as typeof SdkModule;
    expect(Object.keys(sdkModule).sort()).toEqual(['ConnectorBoundaryError', 'ConnectorError', 'HTTP_METHODS', 'SdkErrorScope', 'WidgetServiceSDK']);
    expect(sdkModule.WidgetServiceSDK.ConnectorError).toBe(sdkModule.ConnectorError);
    server.respondWith(() => ({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'pong' }));
    const sdk = new sdkModule.WidgetServiceSDK({ baseUrl: server.baseUrl });
    await expect(sdk.connectors.execute({ permalink: 'ping', method: 'GET' })).resolves.toBe('pong');
  });

  test('comes with declarations for ESM and for the script global', async () => {
    expect(await readFile(built.esmTypesFile, 'utf8')).toBe("export * from './types/index.js';\n");
    expect(await readFile(built.iifeTypesFile, 'utf8')).toContain('/// <reference path="./types/iife-entry.d.ts" />');
    const index = await readFile(path.join(path.dirname(built.esmFile), 'types/index.d.ts'), 'utf8');
    expect(index).toContain('WidgetServiceSDK');
    expect(await readFile(path.join(path.dirname(built.esmFile), 'types/iife-entry.d.ts'), 'utf8')).toMatch(/var WidgetServiceSDK: typeof SDK/);
  });
});
