// A real redis-server for tests: loopback only, an ephemeral port, no persistence, its working
// directory a fresh temp folder. It can be stopped and started again on the same port, so a test
// can take Redis away under a running Conduit and bring it back.
//
//   const redis = await startRedis();
//   redis.url            // 'redis://127.0.0.1:PORT'
//   await redis.stop();  // SIGTERM, waits for exit (a Redis outage)
//   await redis.start(); // same port again
//   await redis.close(); // stop and remove the temp folder
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port.js';

export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? 'redis-server';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** True while a redis-server process runs. */
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one command and returns its raw RESP reply (e.g. `FLUSHALL`, `DBSIZE`). */
  command(...args: string[]): Promise<string>;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    const failed = (why: string) => reject(new Error(`redis-server did not start on port ${port}: ${why}\n${output}`));
    child.once('error', (err) => failed(err.message));
    child.once('exit', (code) => failed(`exited with ${code}`));
    const probe = () => {
      if (child.exitCode !== null) return;
      sendCommand(port, ['PING']).then(
        (reply) => (reply.startsWith('+PONG') ? resolve(child) : setTimeout(probe, 25)),
        () => (Date.now() > deadline ? failed('no answer to PING') : setTimeout(probe, 25)),
      );
    };
    probe();
  });
}

/** One command over a fresh connection (RESP array of bulk strings); resolves with the first reply chunk. */
function sendCommand(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const timer = setTimeout(() => socket.destroy(new Error('redis command timed out')), 2000);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      socket.end();
      resolve(chunk.toString());
    });
    socket.connect(port, '127.0.0.1', () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-redis-'));
  let child: ChildProcess | null = null;
  let port = 0;
  // The free port may be taken between the probe and redis binding it: try a few.
  for (let attempt = 0; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir);
    } catch (err) {
      if (attempt >= 2) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }

  // A test process that dies must not leave redis-server behind.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return child !== null && child.exitCode === null;
    },
    async start() {
      if (child !== null && child.exitCode === null) return;
      child = await launch(port, dir);
    },
    stop,
    command: (...args) => sendCommand(port, args),
    async close() {
      process.off('exit', killOnExit);
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
