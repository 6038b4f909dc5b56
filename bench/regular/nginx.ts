// nginx as the C limit of the regular-connector benchmark: Debian's nginx, one process
// (`master_process off`, so it is one process like every other server and its CPU is readable
// from /proc), `proxy_pass` to the upstream through a keep-alive pool, the header and query
// string fixed in the config. The config is generated into a temp folder, nginx listens on
// 127.0.0.1 only, writes no access log, and is stopped (and the folder removed) by stopNginx.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChildServer } from '../closed-loop.js';
import { API_VERSION, API_VERSION_HEADER, QUERY, UPSTREAM_PATH } from './scenario.js';
import { freePort } from '../../test/support/free-port.js';

export interface NginxServer extends ChildServer {
  readonly dir: string;
}

/** The nginx binary, or null when it is not installed (Debian: `apt-get install -y nginx`). */
export function nginxBinary(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

/** The config for one process proxying `route` to the upstream on 127.0.0.1:upstreamPort. */
export function nginxConfig(dir: string, port: number, upstreamPort: number, route: string): string {
  const at = (name: string) => `${dir}/${name}`;
  return `daemon off;
master_process off;
worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${at('client-body')};
  proxy_temp_path ${at('proxy')};
  fastcgi_temp_path ${at('fastcgi')};
  uwsgi_temp_path ${at('uwsgi')};
  scgi_temp_path ${at('scgi')};
  upstream bench_upstream {
    server 127.0.0.1:${upstreamPort};
    keepalive 128;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    location = ${route} {
      proxy_pass http://bench_upstream${UPSTREAM_PATH}?${QUERY};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header ${API_VERSION_HEADER} "${API_VERSION}";
    }
  }
}
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx serving `route` and waits (at most 10 s) until it accepts connections. */
export async function startNginx(binary: string, upstreamPort: number, route: string): Promise<NginxServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-nginx-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, upstreamPort, route));
  const child = spawn(binary, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 200 && !exited; attempt++) {
    if (await accepts(port)) return { child, port, dir };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
  throw new Error(exited ? `nginx exited with ${child.exitCode} before it listened` : 'nginx did not listen within 10 s');
}

export async function stopNginx(server: NginxServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    // SIGQUIT: nginx's graceful shutdown.
    await new Promise<void>((resolve) => {
      server.child.once('exit', () => resolve());
      server.child.kill('SIGQUIT');
      setTimeout(() => server.child.kill('SIGKILL'), 5_000).unref();
    });
  }
  await rm(server.dir, { recursive: true, force: true });
}

