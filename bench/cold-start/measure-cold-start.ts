// Starts a bundled server (`node dist/server.mjs`) and measures what a deployment feels: the
// time from spawning the process to the first successful answer of a real connector request,
// and the process's resident memory once it is up and idle (from /proc/<pid>/status).
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROBE_HOST_VARIABLE, PROBE_PERMALINK } from './probe-connector.js';
import { freePort } from '../../test/support/free-port.js';

export interface ColdStartRun {
  /** Spawn to the first 200 answer of the probe connector. */
  readonly firstResponseMs: number;
  /** CPU time the server's threads used until that answer (less sensitive to a busy machine than wall time). */
  readonly cpuMs: number;
  /** VmRSS right after that answer. */
  readonly rssAtFirstResponseMb: number;
  /** VmRSS after `idleMs` without requests. */
  readonly idleRssMb: number;
  /** VmHWM: the highest resident size the process reached. */
  readonly peakRssMb: number;
}

export interface ColdStartOptions {
  readonly bundle: string;
  /** host:port of the upstream the probe connector calls. */
  readonly probeHost: string;
  /** Give up after this long (default 30 s). */
  readonly timeoutMs?: number;
  /** How long the server idles before its RSS is read (default 1000 ms). */
  readonly idleMs?: number;
}

/** One GET without keep-alive: the status, or null when nothing listens yet. */
function probe(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/api/connectors/${PROBE_PERMALINK}`, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(null));
  });
}

async function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  if (kb === null) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}

/** Nanoseconds on CPU of every thread of the process (/proc/<pid>/task/<tid>/schedstat). */
async function cpuMsOf(pid: number): Promise<number> {
  let ns = 0;
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0');
    ns += Number(stat.split(' ')[0]);
  }
  return ns / 1e6;
}

export async function measureColdStart(options: ColdStartOptions): Promise<ColdStartRun> {
  const port = await freePort();
  const timeoutMs = options.timeoutMs ?? 30_000;
  // The measuring side's own HTTP code is loaded before the clock starts.
  await probe(port);
  let stderr = '';
  const started = performance.now();
  const child = spawn(process.execPath, [options.bundle, '--host', '127.0.0.1', '--port', String(port), '--allow-insecure-upstreams'], {
    env: { ...process.env, [`CONDUIT_VAR_${PROBE_HOST_VARIABLE}`]: options.probeHost },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    for (;;) {
      const status = await probe(port);
      if (status === 200) break;
      if (status !== null) throw new Error(`the probe connector answered ${status}`);
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - started > timeoutMs) throw new Error(`no answer within ${timeoutMs} ms: ${stderr}`);
      await sleep(1);
    }
    const firstResponseMs = performance.now() - started;
    const pid = child.pid!;
    const cpuMs = await cpuMsOf(pid);
    const rssAtFirstResponseMb = await statusMb(pid, 'VmRSS');
    await sleep(options.idleMs ?? 1000);
    return { firstResponseMs, cpuMs, rssAtFirstResponseMb, idleRssMb: await statusMb(pid, 'VmRSS'), peakRssMb: await statusMb(pid, 'VmHWM') };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
