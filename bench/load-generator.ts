// The benchmark's side of the load generator: starts ./load-generator-process.ts (autocannon in
// its own process) once and asks it for one closed-loop sample at a time, while this process only
// reads /proc for the CPU the server and its helpers used meanwhile. Nothing here competes with
// the servers for the CPU during a sample.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { processCpuMs, type ChildServer, type LoadRequest, type Sample } from './closed-loop.js';
import type { LoadAnswer, LoadCommand } from './load-generator-process.js';

export class LoadGenerator {
  private readonly lines: AsyncIterator<string>;

  private constructor(
    private readonly child: ChildProcess,
    lines: Interface,
  ) {
    this.lines = lines[Symbol.asyncIterator]();
  }

  static async start(): Promise<LoadGenerator> {
    const entry = fileURLToPath(new URL('./load-generator-process.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { stdio: ['pipe', 'pipe', 'inherit'] });
    const generator = new LoadGenerator(child, createInterface({ input: child.stdout! }));
    await generator.nextLine('start');
    return generator;
  }

  private async nextLine(what: string): Promise<string> {
    const next = await this.lines.next();
    if (next.done === true) throw new Error(`the load generator exited during ${what}`);
    return next.value;
  }

  /**
   * `connections` closed loops of `request` against `server` for `durationS`.
   * @param helpers other processes the exchange keeps busy (the upstream), counted in totalCpuMs
   */
  async sample(server: ChildServer, request: LoadRequest, connections: number, durationS: number, helpers: readonly ChildServer[] = []): Promise<Sample> {
    const command: LoadCommand = {
      url: `http://127.0.0.1:${server.port}${request.path}`,
      method: request.method,
      ...(request.headers === undefined ? {} : { headers: request.headers }),
      ...(request.body === undefined ? {} : { body: request.body }),
      expectBody: request.expectBody,
      connections,
      durationS,
    };
    const serverBefore = processCpuMs(server.child.pid);
    const helpersBefore = helpers.map((h) => processCpuMs(h.child.pid));
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    const answer = JSON.parse(await this.nextLine('a sample')) as LoadAnswer | { error: string };
    if ('error' in answer) throw new Error(`load generator: ${answer.error}`);
    const serverAfter = processCpuMs(server.child.pid);
    const helpersAfter = helpers.map((h) => processCpuMs(h.child.pid));
    const serverCpuMs = serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore;
    let totalCpuMs: number | null = serverCpuMs === null ? null : serverCpuMs + answer.cpuMs;
    helpers.forEach((_, i) => {
      const before = helpersBefore[i];
      const after = helpersAfter[i];
      totalCpuMs = totalCpuMs === null || before === null || after === null || before === undefined || after === undefined ? null : totalCpuMs + after - before;
    });
    return {
      errors: answer.errors,
      elapsedS: answer.elapsedS,
      latencies: answer.latenciesUs.map((us) => us / 1000),
      serverCpuMs,
      totalCpuMs,
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.stdin!.end();
      this.child.kill('SIGTERM');
    });
  }
}
