// A server process started the way operators start it (a command line), for the workers tests:
// its standard error announces the address, its standard output carries the JSON log lines,
// and its children are the cluster workers.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

export interface ServedProcess {
  readonly child: ChildProcess;
  /** Resolves with `http://host:port` once the server says it is serving (rejects if it exits first). */
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
  stderr(): string;
  /** Parsed JSON log lines written so far. */
  logs(): Record<string, unknown>[];
  /** pid and command line of each live child process. */
  children(): { pid: number; args: string }[];
  /** Waits until standard error matches `pattern` (rejects after `timeoutMs`). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function serveProcess(args: readonly string[], env: Readonly<Record<string, string>>, cwd?: string): ServedProcess {
  const child = spawn(process.execPath, [...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const watch of watchers) watch();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForStderr = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stderr);
        if (match === null) return;
        finish();
        resolve(match);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${pattern} on standard error within ${timeoutMs} ms:\n${stderr}`));
      }, timeoutMs);
      const onExit = () => {
        finish();
        reject(new Error(`the process exited before printing ${pattern}:\n${stderr}`));
      };
      const finish = () => {
        clearTimeout(timer);
        watchers.delete(check);
        child.off('exit', onExit);
      };
      watchers.add(check);
      child.once('exit', onExit);
      check();
    });

  const url = waitForStderr(/serving \d+ connectors on (http:\/\/\S+)/).then((m) => m[1]!);
  // A test about a process that never serves does not wait for this: no unhandled rejection.
  url.catch(() => undefined);
  return {
    child,
    url,
    exited,
    stderr: () => stderr,
    logs: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    children() {
      if (child.pid === undefined || child.exitCode !== null) return [];
      try {
        return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], { encoding: 'utf8' })
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '')
          .map((line) => {
            const space = line.indexOf(' ');
            return { pid: Number(line.slice(0, space)), args: line.slice(space + 1) };
          });
      } catch {
        return []; // ps exits 1 when there are none
      }
    },
    waitForStderr,
  };
}

/** A request on a connection of its own, so the cluster's round-robin hands it to the next worker. */
export async function freshConnectionGet(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { headers: { connection: 'close' } });
  return { status: res.status, body: await res.text() };
}
