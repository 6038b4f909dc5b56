// deploy/ (Dockerfile, compose.yaml, nginx.conf, Kubernetes manifests) checked against the
// runtime's real options so they cannot drift: every flag and CONDUIT_* variable they use is one
// `conduit serve --help` lists, ports agree from the image to the load balancer and the Service,
// probe paths are ones the runtime answers 200 on, and nginx accepts the config (`nginx -t`).
// Static otherwise: no Docker engine or cluster runs here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SERVER_NODE_FLAGS } from '../../runtime/server/server-node-flags.js';
import { registryOf } from '../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime/start-runtime.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPLOY = path.join(ROOT, 'deploy');
const read = (file: string) => readFileSync(path.join(DEPLOY, file), 'utf8');

type Doc = Record<string, any>;
const yamlDocs = (file: string): Doc[] => parseAllDocuments(read(file)).map((d) => d.toJS() as Doc);
const yamlDoc = (file: string): Doc => yamlDocs(file)[0]!;

/** Flags and variables from the real `conduit serve --help`. */
let flags: Set<string>;
let variables: Set<string>;
let runtime: TestRuntime;

beforeAll(async () => {
  const help = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'conduit.mjs'), 'serve', '--help'], { encoding: 'utf8' });
  flags = new Set([...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1]!));
  variables = new Set([...help.matchAll(/\(env (CONDUIT_[A-Z_]+)\)/g)].map((m) => m[1]!));
  runtime = await startTestRuntime(registryOf());
}, 120_000);

afterAll(async () => {
  await runtime?.close();
});

function expectKnownVariables(names: readonly string[], where: string): void {
  expect(names.length, where).toBeGreaterThan(0);
  for (const name of names) expect(variables.has(name), `${where}: ${name} is not in conduit serve --help`).toBe(true);
}

function expectKnownFlags(args: readonly string[], where: string): void {
  for (const arg of args.filter((a) => a.startsWith('--'))) {
    const flag = arg.split('=')[0]!;
    expect(flags.has(flag), `${where}: ${flag} is not in conduit serve --help`).toBe(true);
  }
}

/** What the runtime answers on `probePath` (the paths the deploy files probe). */
async function probeStatus(probePath: string): Promise<number> {
  return (await runtime.call(probePath)).status;
}

/** ENV lines of the Dockerfile's last stage, as name -> value. */
function runtimeStageEnv(dockerfile: string): Map<string, string> {
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env = new Map<string, string>();
  const joined = lastStage.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const m of line.slice(4).matchAll(/([A-Z_]+)=(\S+)/g)) env.set(m[1]!, m[2]!);
  }
  return env;
}

describe('deploy/Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('is multi-stage: the build stage compiles the registry, the runtime stage copies only the bundle', () => {
    const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN node bin\/conduit\.mjs build --registry registry --out generated --server-file dist\/server\.mjs$/m);
    expect(dockerfile).toMatch(new RegExp(`^COPY --from=${stages[0]![2]} /src/dist/server\\.mjs /app/dist/server\\.mjs$`, 'm'));
    // The copied file is what the CMD starts, relative to WORKDIR.
    expect(dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/server\.mjs"\]$/m);
    // Every Node version the stages use is one package.json's engines allow (>= 20).
    for (const [, image] of stages) expect(image).toMatch(/^node:(2\d)-/);
  });

  it('runs as a non-root user', () => {
    const users = [...dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')).matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('sets only CONDUIT_* variables the runtime knows, and listens where it exposes and health-checks', async () => {
    const env = runtimeStageEnv(dockerfile);
    expectKnownVariables([...env.keys()].filter((k) => k.startsWith('CONDUIT_')), 'Dockerfile ENV');
    expect(env.get('CONDUIT_HOST')).toBe('0.0.0.0');
    const port = env.get('CONDUIT_PORT');
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    const healthcheck = /^HEALTHCHECK [\s\S]*?CMD (\[.*\])$/m.exec(dockerfile);
    expect(healthcheck).not.toBeNull();
    expect(healthcheck![1]).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(await probeStatus('/healthz')).toBe(200);
  });

  it("runs node with the server's V8 flags (NODE_OPTIONS), which the Kubernetes command inherits", () => {
    expect(runtimeStageEnv(dockerfile).get('NODE_OPTIONS')?.split(' ')).toEqual(SERVER_NODE_FLAGS);
    const container = yamlDoc('kubernetes/deployment.yaml')['spec']['template']['spec']['containers'][0] as Doc;
    expect(container['env']?.some((e: Doc) => e['name'] === 'NODE_OPTIONS') ?? false).toBe(false);
  });

  it('has a .dockerignore that keeps node_modules and dist out of the build context', () => {
    const ignored = read('Dockerfile.dockerignore').split('\n');
    expect(ignored).toContain('node_modules');
    expect(ignored).toContain('dist');
  });
});

describe('deploy/compose.yaml', () => {
  const compose = yamlDoc('compose.yaml');
  const { conduit, redis, nginx } = compose['services'] as Record<string, Doc>;

  it('runs several runtime replicas built from deploy/Dockerfile, Redis and nginx', () => {
    expect(conduit!['deploy']['replicas']).toBeGreaterThanOrEqual(2);
    expect(path.join(DEPLOY, conduit!['build']['context'], conduit!['build']['dockerfile'])).toBe(path.join(DEPLOY, 'Dockerfile'));
    expect(redis!['image']).toMatch(/^redis:/);
    expect(nginx!['image']).toMatch(/^nginx:/);
  });

  it('configures the runtime only with variables it knows, pointing at the Redis service', () => {
    const env = conduit!['environment'] as Record<string, string>;
    expectKnownVariables(Object.keys(env), 'compose.yaml conduit.environment');
    expect(new URL(env['CONDUIT_REDIS_URL']!).hostname).toBe('redis');
    // The files the variables name are what the secret and the config are mounted as.
    expect(env['CONDUIT_SECRETS_FILE']).toBe(`/run/secrets/${conduit!['secrets'][0]}`);
    expect(env['CONDUIT_VARIABLES_FILE']).toBe(conduit!['configs'][0]['target']);
  });

  it('mounts deploy/nginx.conf into nginx, which proxies to the runtime port', () => {
    const env = conduit!['environment'] as Record<string, string>;
    const mount = (nginx!['volumes'] as string[]).find((v) => v.endsWith(':/etc/nginx/nginx.conf:ro'));
    expect(mount).toBe('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(read('nginx.conf')).toMatch(new RegExp(`server conduit:${env['CONDUIT_PORT']}[ ;]`));
    const listen = /^\s*listen (\d+);/m.exec(read('nginx.conf'))![1];
    expect(nginx!['ports']).toContain(`${listen}:${listen}`);
  });

  it('refers only to files that exist', () => {
    const files = [
      ...Object.values(compose['secrets'] as Record<string, Doc>).map((s) => s['file'] as string),
      ...Object.values(compose['configs'] as Record<string, Doc>).map((c) => c['file'] as string),
    ].map((file) => file.replace(/^\$\{[A-Z_]+:-(.*)\}$/, '$1'));
    for (const file of files) expect(existsSync(path.join(DEPLOY, file)), file).toBe(true);
    for (const file of files.filter((f) => f.endsWith('.json'))) expect(() => JSON.parse(read(file))).not.toThrow();
  });
});

describe('deploy/nginx.conf', () => {
  it('is a configuration nginx accepts (nginx -t, the service name mapped to loopback)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'conduit-nginx-t-'));
    try {
      const conf = read('nginx.conf').replace(/server conduit:/g, 'server 127.0.0.1:');
      writeFileSync(path.join(dir, 'nginx.conf'), conf);
      const run = spawnSync(process.env['NGINX'] ?? 'nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', `pid ${dir}/nginx.pid;`], {
        encoding: 'utf8',
      });
      expect(run.error).toBeUndefined();
      expect(run.stderr).toContain('test is successful');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/kubernetes', () => {
  const kustomization = yamlDoc('kubernetes/kustomization.yaml');
  const docs = (kustomization['resources'] as string[]).flatMap((file) => yamlDocs(`kubernetes/${file}`));
  const byKind = (kind: string) => docs.filter((d) => d['kind'] === kind);
  const deployment = byKind('Deployment')[0]!;
  const container = deployment['spec']['template']['spec']['containers'][0] as Doc;
  const configMap = byKind('ConfigMap')[0]!;
  const secret = byKind('Secret')[0]!;

  it('has a Deployment, Service, HorizontalPodAutoscaler, Secret and ConfigMap', () => {
    expect(docs.map((d) => d['kind']).sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Secret', 'Service']);
  });

  it('starts the bundle as a non-root user, with only flags and variables the runtime knows', () => {
    expect(container['command']).toEqual(['node', 'dist/server.mjs']);
    expectKnownFlags(container['args'] ?? [], 'Deployment args');
    const podSecurity = deployment['spec']['template']['spec']['securityContext'];
    expect(podSecurity['runAsNonRoot']).toBe(true);
    expect(podSecurity['runAsUser']).not.toBe(0);
    const fromConfigMap = Object.keys(configMap['data']).filter((k) => /^[A-Z_]+$/.test(k));
    const fromSecret = Object.keys(secret['stringData']).filter((k) => /^[A-Z_]+$/.test(k));
    const direct = (container['env'] as Doc[]).map((e) => e['name'] as string);
    expectKnownVariables([...fromConfigMap, ...fromSecret, ...direct], 'Kubernetes environment');
    // Whatever the container reads from the Secret and the ConfigMap exists there.
    for (const e of container['env'] as Doc[]) {
      const ref = e['valueFrom']?.['secretKeyRef'];
      if (ref !== undefined) {
        expect(ref['name']).toBe(secret['metadata']['name']);
        expect(Object.keys(secret['stringData'])).toContain(ref['key']);
      }
    }
    expect(container['envFrom'][0]['configMapRef']['name']).toBe(configMap['metadata']['name']);
  });

  it('mounts the secrets and variables files where CONDUIT_SECRETS_FILE and CONDUIT_VARIABLES_FILE say', () => {
    const volumes = deployment['spec']['template']['spec']['volumes'] as Doc[];
    const mounted = (name: string, source: Doc): string[] => {
      const volume = volumes.find((v) => (v['secret']?.['secretName'] ?? v['configMap']?.['name']) === source['metadata']['name'])!;
      const mount = (container['volumeMounts'] as Doc[]).find((m) => m['name'] === volume['name'])!;
      const items = (volume['secret'] ?? volume['configMap'])['items'] as Doc[];
      void name;
      return items.map((item) => `${mount['mountPath']}/${item['path']}`);
    };
    expect(mounted('secrets', secret)).toContain(configMap['data']['CONDUIT_SECRETS_FILE']);
    expect(mounted('config', configMap)).toContain(configMap['data']['CONDUIT_VARIABLES_FILE']);
    expect(() => JSON.parse(secret['stringData']['secrets.json'])).not.toThrow();
    expect(() => JSON.parse(configMap['data']['variables.json'])).not.toThrow();
  });

  it('probes readiness on /readyz and liveness on /healthz at the port the runtime listens on', async () => {
    const port = container['ports'].find((p: Doc) => p['name'] === 'http');
    expect(String(port['containerPort'])).toBe(configMap['data']['CONDUIT_PORT']);
    expect(configMap['data']['CONDUIT_HOST']).toBe('0.0.0.0');
    expect(container['readinessProbe']['httpGet']).toEqual({ path: '/readyz', port: 'http' });
    expect(container['livenessProbe']['httpGet']).toEqual({ path: '/healthz', port: 'http' });
    expect(await probeStatus('/readyz')).toBe(200);
    expect(await probeStatus('/healthz')).toBe(200);
    // The drain time fits the grace period (the preStop pause comes first).
    const graceMs = deployment['spec']['template']['spec']['terminationGracePeriodSeconds'] * 1000;
    expect(Number(configMap['data']['CONDUIT_SHUTDOWN_TIMEOUT_MS']) + 5000).toBeLessThanOrEqual(graceMs);
  });

  it('exposes the pods through the Service and scales the Deployment with the autoscaler', () => {
    const service = byKind('Service')[0]!;
    expect(service['spec']['selector']).toEqual(deployment['spec']['template']['metadata']['labels']);
    expect(service['spec']['ports'][0]['targetPort']).toBe('http');
    const hpa = byKind('HorizontalPodAutoscaler')[0]!;
    expect(hpa['spec']['scaleTargetRef']).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment['metadata']['name'] });
    expect(hpa['spec']['minReplicas']).toBeGreaterThanOrEqual(2);
    expect(hpa['spec']['maxReplicas']).toBeGreaterThan(hpa['spec']['minReplicas']);
    // CPU utilisation needs a CPU request to be computed.
    expect(container['resources']['requests']['cpu']).toBeDefined();
  });
});
