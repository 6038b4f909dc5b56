// Debian's nginx as a load balancer for tests: a config generated into a temp folder, listening
// on a free loopback port, round-robin over the given `host:port` backends (HTTP/1.1 keep-alive
// to them, as deploy/nginx.conf does). Started in the foreground so the test owns the process.
//
//   const lb = await startNginx({ backends: ['127.0.0.1:4001', '127.0.0.1:4002'] });
//   await fetch(`${lb.url}/api/connectors/x`);
//   await lb.close();
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port.js';

/** scripts/provision-test-tools.sh puts nginx on PATH (Debian installs it in /usr/sbin). */
export const NGINX = process.env['NGINX'] ?? 'nginx';

export interface NginxOptions {
  /** `host:port` of each backend. */
  readonly backends: readonly string[];
}

export interface NginxServer {
  readonly url: string;
  readonly port: number;
  /** The master process (benchmarks read its CPU time). */
  readonly child: ChildProcess;
  /** nginx's error log so far (upstream failures show here). */
  errorLog(): Promise<string>;
  close(): Promise<void>;
}

function configFor(dir: string, port: number, backends: readonly string[]): string {
  // Running as root, nginx would hand its workers to `nobody`, who cannot use this temp folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream conduit {
${backends.map((b) => `    server ${b} max_fails=0;`).join('\n')}
    keepalive 64;
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://conduit;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_next_upstream error timeout;
    }
  }
}
`;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
  });
}

export async function startNginx(options: NginxOptions): Promise<NginxServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-nginx-'));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, configFor(dir, port, options.backends));
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const errorLog = () => readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      process.off('exit', killOnExit);
      const log = await errorLog();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nginx exited at start-up: ${stderr}${log}`);
    }
    if (await answers(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not listen on 127.0.0.1:${port}: ${stderr}${await errorLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    errorLog,
    async close() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        // SIGQUIT: graceful stop of the master and its worker.
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGQUIT');
        });
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
