// scripts/provision-test-tools.sh (run by `npm test` before vitest and by .ci/run), driven with
// stand-in tools: a copy of the script runs in a temp checkout with a PATH of bare essentials and
// CONDUIT_TOOL_DIRS pointing at folders where the "Debian" tools are, or are not. A stand-in
// apt-get records its arguments and "installs" by creating the tools.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/provision-test-tools.sh', import.meta.url));
/** What the script itself needs from a system, nothing else. */
const ESSENTIALS = ['bash', 'sh', 'id', 'mkdir', 'rm', 'ln', 'dirname', 'cat', 'env', 'printf', 'chmod'];

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Sandbox {
  readonly root: string;
  /** PATH with the essentials only. */
  readonly basePath: string;
  /** Where the stand-in "Debian" tools go (the script's CONDUIT_TOOL_DIRS). */
  readonly system: string;
  readonly script: string;
}

function which(name: string): string {
  const run = spawnSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return run.stdout.trim();
}

function sandbox(): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'conduit-provision-'));
  temps.push(root);
  const essentials = path.join(root, 'essentials');
  const system = path.join(root, 'system');
  mkdirSync(essentials);
  mkdirSync(system);
  for (const name of ESSENTIALS) {
    const found = which(name);
    if (found !== '') symlinkSync(found, path.join(essentials, name));
  }
  mkdirSync(path.join(root, 'checkout', 'scripts'), { recursive: true });
  const script = path.join(root, 'checkout', 'scripts', 'provision-test-tools.sh');
  copyFileSync(SCRIPT, script);
  return { root, basePath: essentials, system, script };
}

function tool(dir: string, name: string, body: string): void {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

/** A python3 stand-in: `-c 'import jinja2'` succeeds only when `withJinja`. */
function python(dir: string, withJinja: boolean): void {
  tool(dir, 'python3', withJinja ? 'exit 0' : 'echo "ModuleNotFoundError: No module named jinja2" >&2; exit 1');
}

function allTools(dir: string): void {
  tool(dir, 'chromium', 'echo chromium');
  tool(dir, 'redis-server', 'echo redis-server');
  tool(dir, 'nginx', 'echo nginx');
  python(dir, true);
}

/** Runs the copied script with `command` after it; PATH starts with `pathFirst` when given. */
function run(box: Sandbox, command: readonly string[], pathFirst: string | null = null) {
  return spawnSync(path.join(box.basePath, 'bash'), [box.script, ...command], {
    encoding: 'utf8',
    env: { PATH: pathFirst === null ? box.basePath : `${pathFirst}:${box.basePath}`, CONDUIT_TOOL_DIRS: box.system, HOME: box.root },
  });
}

/** Prints where each tool resolves on the PATH the script hands to its command. */
const REPORT = ['sh', '-c', 'for t in chromium redis-server nginx python3; do printf "%s=%s\\n" "$t" "$(command -v $t)"; done; echo "CHROMIUM_PATH=$CHROMIUM_PATH"; python3 -c "import jinja2" && echo jinja=ok'];

describe('provision-test-tools.sh', () => {
  it('runs the command with every tool on PATH, reaching those installed off PATH through a shim', () => {
    const box = sandbox();
    allTools(box.system);
    const result = run(box, REPORT);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const shim = path.join(box.root, 'checkout', 'node_modules', '.cache', 'conduit-test-tools', 'bin');
    expect(result.stdout).toContain(`nginx=${shim}/nginx`);
    expect(result.stdout).toContain(`redis-server=${shim}/redis-server`);
    expect(result.stdout).toContain(`chromium=${shim}/chromium`);
    expect(result.stdout).toContain(`CHROMIUM_PATH=${box.system}/chromium`);
    expect(result.stdout).toContain('jinja=ok');
  });

  it('puts a python3 with Jinja2 before an earlier one without it', () => {
    const box = sandbox();
    allTools(box.system);
    const pyenv = path.join(box.root, 'pyenv');
    mkdirSync(pyenv);
    python(pyenv, false);
    const result = run(box, REPORT, pyenv);
    expect(result.status).toBe(0);
    const shim = path.join(box.root, 'checkout', 'node_modules', '.cache', 'conduit-test-tools', 'bin');
    expect(result.stdout).toContain(`python3=${shim}/python3`);
    expect(result.stdout).toContain('jinja=ok');
  });

  it('stops before the command with one line naming the exact install command when it cannot install', () => {
    const box = sandbox();
    tool(box.system, 'chromium', 'exit 0');
    python(box.system, true);
    // No apt-get anywhere: nothing can be installed.
    const result = run(box, ['sh', '-c', 'echo the-tests-ran']);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('the-tests-ran');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^provision-test-tools: missing redis-server nginx; run: (sudo )?apt-get update && (sudo )?apt-get install -y --no-install-recommends redis-server nginx$/);
  });

  it('installs what is missing with apt-get, one line per tool, then runs the command', () => {
    const box = sandbox();
    tool(box.system, 'chromium', 'exit 0');
    python(box.system, false);
    const log = path.join(box.root, 'apt.log');
    // The stand-in apt-get "installs" by creating the tools; a stand-in sudo lets a non-root run use it.
    tool(
      box.system,
      'apt-get',
      [
        `echo "$*" >> ${log}`,
        `[ "$1" = install ] || exit 0`,
        `printf '#!/bin/sh\\nexit 0\\n' > ${box.system}/redis-server; chmod +x ${box.system}/redis-server`,
        `printf '#!/bin/sh\\nexit 0\\n' > ${box.system}/nginx; chmod +x ${box.system}/nginx`,
        `printf '#!/bin/sh\\nexit 0\\n' > ${box.system}/python3; chmod +x ${box.system}/python3`,
      ].join('\n'),
    );
    tool(box.system, 'sudo', '[ "$1" = -n ] && shift; [ "$1" = true ] && exit 0; exec "$@"');
    const result = run(box, ['sh', '-c', 'echo the-tests-ran']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('the-tests-ran');
    expect(result.stderr.trim().split('\n')).toEqual([
      'provision-test-tools: installing redis-server with apt-get (no redis-server found)',
      'provision-test-tools: installing nginx with apt-get (no nginx found)',
      'provision-test-tools: installing python3 python3-jinja2 with apt-get (no python3-jinja2 found)',
    ]);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'update -qq',
      'install -y -qq --no-install-recommends --no-upgrade redis-server nginx python3 python3-jinja2',
    ]);
  });

  it('stops before the command when apt-get fails', () => {
    const box = sandbox();
    allTools(box.system);
    rmSync(path.join(box.system, 'nginx'));
    tool(box.system, 'apt-get', 'echo "E: Unable to locate package" >&2; exit 100');
    tool(box.system, 'sudo', '[ "$1" = -n ] && shift; [ "$1" = true ] && exit 0; exec "$@"');
    const result = run(box, ['sh', '-c', 'echo the-tests-ran']);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('the-tests-ran');
    expect(result.stderr).toContain('provision-test-tools: apt-get could not install nginx; run: apt-get update && apt-get install -y --no-install-recommends nginx');
    expect(existsSync(path.join(box.system, 'nginx'))).toBe(false);
  });
});
