// startDemoStack when a part cannot start: it rejects with the reason and closes what it had
// already started (their ports are free again). The happy path runs in test/browser and npm-start.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemoStack } from '../../demo/demo-stack.js';
import { takenPorts } from '../../demo/port-check.js';
import { RuntimeStartError } from '../../demo/runtime-process.js';
import { isPortFree } from './support/demo-process.js';
import { freePort } from '../support/free-port.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-demo-stack-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** A port that was free a moment ago. */

describe('startDemoStack failures', () => {
  test('a taken page port rejects with EADDRINUSE and closes the upstream it started', async () => {
    const blocker = await listen();
    const upstreamPort = await freePort();
    try {
      const error = await startDemoStack({
        serverFile: path.join(dir, 'never-started.mjs'),
        sdkDir: dir,
        pagePort: portOf(blocker),
        runtimePort: 0,
        upstreamPort,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EADDRINUSE', port: portOf(blocker) });
      expect(await isPortFree(upstreamPort)).toBe(true);
    } finally {
      await close(blocker);
    }
  });

  test('a runtime that cannot start rejects with its message and closes the page and the upstream', async () => {
    const [pagePort, upstreamPort] = [await freePort(), await freePort()];
    const error = await startDemoStack({ serverFile: path.join(dir, 'missing-server.mjs'), sdkDir: dir, pagePort, runtimePort: 0, upstreamPort }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeStartError);
    expect((error as Error).message).toContain('missing-server.mjs');
    expect(await isPortFree(pagePort)).toBe(true);
    expect(await isPortFree(upstreamPort)).toBe(true);
  });
});

describe('takenPorts', () => {
  test('names the fixed ports something listens on; 0 is never taken', async () => {
    const blocker = await listen();
    try {
      const free = await freePort();
      expect(await takenPorts([0, portOf(blocker), free, portOf(blocker)])).toEqual([portOf(blocker)]);
    } finally {
      await close(blocker);
    }
  });
});
