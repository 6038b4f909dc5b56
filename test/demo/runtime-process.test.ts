// Running the bundled runtime as a child process: its URL comes from its start-up line, and every
// way a start or a stop can go wrong ends with the process gone and a message that says why.
// Small stand-in scripts play the runtime, so these tests need no build.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RuntimeStartError, startRuntimeProcess } from '../../demo/runtime-process.js';
import { descendantsOf, isRunning } from './support/demo-process.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-runtime-process-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, source: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, source);
  return file;
}

/** Processes of this test run whose command line mentions `file`. */
function childrenRunning(file: string): number[] {
  return descendantsOf(process.pid).filter((pid) => {
    try {
      return isRunning(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(file);
    } catch {
      return false;
    }
  });
}

/** Prints what the real runtime prints once it listens, then runs until told to stop. */
const SERVING = `
process.stderr.write('conduit: serving 3 connectors on http://127.0.0.1:4321\\n');
process.stdout.write(JSON.stringify({ level: 30, msg: 'request', args: process.argv.slice(2), secret: process.env.CONDUIT_USER_TOKEN_SECRET ?? null, debug: process.env.CONDUIT_DEBUG ?? null }) + '\\n');
const keepAlive = setInterval(() => {}, 1000);
process.on('SIGTERM', () => { clearInterval(keepAlive); });
`;

describe('startRuntimeProcess', () => {
  test('learns the URL from the start-up line, passes flags and the secret environment, and stops on SIGTERM', async () => {
    const lines: string[] = [];
    process.env['CONDUIT_DEBUG'] = '1';
    let runtime;
    try {
      runtime = await startRuntimeProcess({
        serverFile: await script('serving.mjs', SERVING),
        args: ['--port', '0'],
        secretEnv: { CONDUIT_USER_TOKEN_SECRET: 's3cret' },
        onLine: (line) => lines.push(line),
      });
    } finally {
      delete process.env['CONDUIT_DEBUG'];
    }
    expect(runtime.url).toBe('http://127.0.0.1:4321');
    expect(isRunning(runtime.pid)).toBe(true);
    await expect.poll(() => lines.length).toBe(1);
    // The demo's own settings reach it; a CONDUIT_* variable of the parent's shell does not.
    expect(JSON.parse(lines[0]!)).toEqual({ level: 30, msg: 'request', args: ['--port', '0'], secret: 's3cret', debug: null });
    expect(await runtime.stop()).toEqual({ code: 0, signal: null });
    expect(isRunning(runtime.pid)).toBe(false);
    // Stopping again is harmless.
    expect(await runtime.stop()).toEqual({ code: 0, signal: null });
  });

  test('a runtime that ignores SIGTERM is killed after the grace period', async () => {
    // Ignores SIGTERM from before it says it is serving.
    const stubborn = await script(
      'stubborn.mjs',
      "process.on('SIGTERM', () => {});\nprocess.stderr.write('conduit: serving 1 connectors on http://127.0.0.1:4321\\n');\nsetInterval(() => {}, 1000);\n",
    );
    const runtime = await startRuntimeProcess({ serverFile: stubborn, args: [], secretEnv: {} });
    const started = performance.now();
    expect(await runtime.stop(300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  test('a runtime that exits while starting is an error carrying what it wrote', async () => {
    const failing = await script('failing.mjs', `process.stderr.write('conduit: cannot read the secrets file /x: ENOENT\\n'); process.exit(1);\n`);
    const error = await startRuntimeProcess({ serverFile: failing, args: [], secretEnv: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeStartError);
    expect((error as Error).message).toBe('the runtime exited with code 1 while starting:\nconduit: cannot read the secrets file /x: ENOENT');
  });

  test('a runtime that never says it is serving is stopped after the start timeout', async () => {
    const silent = await script('silent.mjs', 'setInterval(() => {}, 1000);\n');
    const error = await startRuntimeProcess({ serverFile: silent, args: [], secretEnv: {}, startTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeStartError);
    expect((error as Error).message).toBe('the runtime did not start within 300 ms');
    // It was stopped, not left running.
    expect(childrenRunning('silent.mjs')).toEqual([]);
  });

  test('a missing server file is an error (node exits at once)', async () => {
    const error = await startRuntimeProcess({ serverFile: path.join(dir, 'missing.mjs'), args: [], secretEnv: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeStartError);
    expect((error as Error).message).toMatch(/^the runtime exited with code 1 while starting:\n[\s\S]*Cannot find module/);
  });

  test('exited settles when the runtime dies on its own', async () => {
    const runtime = await startRuntimeProcess({ serverFile: await script('serving2.mjs', SERVING), args: [], secretEnv: {} });
    process.kill(runtime.pid, 'SIGKILL');
    expect(await runtime.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });
});
