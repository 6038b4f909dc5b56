// Runs the real CLI (`node bin/conduit.mjs ...`) as a subprocess, as users and CI do.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env['CONDUIT_ALLOW_INSECURE_UPSTREAMS'];
  if (options.env?.['CONDUIT_ALLOW_INSECURE_UPSTREAMS'] !== undefined) env['CONDUIT_ALLOW_INSECURE_UPSTREAMS'] = options.env['CONDUIT_ALLOW_INSECURE_UPSTREAMS'];
  return new Promise((resolve) => {
    execFile(process.execPath, [`${REPO_ROOT}bin/conduit.mjs`, ...args], { cwd: options.cwd ?? REPO_ROOT, env }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}
