// Runs the bundled runtime the way it is deployed, `node dist/server.mjs [flags]`, as a child
// process; learns its URL from its start-up line; stops it with SIGTERM (SIGKILL if it hangs).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RuntimeProcessOptions {
  readonly serverFile: string;
  /** Runtime flags (the demo's own settings); they are shown to the user, so no secret goes here. */
  readonly args: readonly string[];
  /** Settings that must not show up in `ps` (the user-token secret), as CONDUIT_* variables. */
  readonly secretEnv: Readonly<Record<string, string>>;
  /** Every line the runtime writes (JSON log lines on stdout, messages on stderr). */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How long start-up may take. Default 20 s. */
  readonly startTimeoutMs?: number;
}

export interface RuntimeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RuntimeProcess {
  /** `http://127.0.0.1:PORT`, from the runtime's "serving N connectors on URL" line. */
  readonly url: string;
  readonly pid: number;
  /** Settles when the process has exited, for whatever reason. */
  readonly exited: Promise<RuntimeExit>;
  /** SIGTERM (graceful: in-flight requests finish), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<RuntimeExit>;
}

export class RuntimeStartError extends Error {
  override readonly name = 'RuntimeStartError';
}

const SERVING_LINE = /^conduit: serving \d+ connectors on (http:\/\/\S+)$/;

/** The parent's environment without CONDUIT_* settings, so only the demo's flags configure the runtime. */
function cleanEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('CONDUIT_')) env[key] = value;
  return { ...env, ...extra };
}

function exitOf(child: ChildProcess): Promise<RuntimeExit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // A process that could not be spawned never exits.
      child.once('error', () => {
        if (child.pid === undefined) resolve({ code: null, signal: null });
      });
    }
  });
}

export async function startRuntimeProcess(options: RuntimeProcessOptions): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, [options.serverFile, ...options.args], {
    env: cleanEnv(options.secretEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a terminal's Ctrl-C reaches the demo, which stops the runtime in order.
    detached: true,
  });
  const exited = exitOf(child);
  const stderrLines: string[] = [];
  let onServing: ((url: string) => void) | null = null;
  createInterface({ input: child.stdout! }).on('line', (line) => options.onLine?.(line, 'stdout'));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    const serving = SERVING_LINE.exec(line);
    if (serving !== null && onServing !== null) {
      onServing(serving[1]!);
      onServing = null;
      return;
    }
    stderrLines.push(line);
    options.onLine?.(line, 'stderr');
  });

  const stop = async (graceMs = 5_000): Promise<RuntimeExit> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };

  const timeoutMs = options.startTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await Promise.race([
      new Promise<string>((resolve) => (onServing = resolve)),
      exited.then((exit) => {
        const why = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
        throw new RuntimeStartError(`the runtime ${why} while starting${stderrLines.length > 0 ? `:\n${stderrLines.join('\n')}` : ''}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RuntimeStartError(`the runtime did not start within ${timeoutMs} ms`)), timeoutMs);
      }),
      // A spawn failure (no such executable) ends up here too.
      new Promise<never>((_, reject) => child.once('error', (err) => reject(new RuntimeStartError(`cannot start the runtime: ${err.message}`)))),
    ]);
    return { url, pid: child.pid!, exited, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
