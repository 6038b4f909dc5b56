// A fleet that behaves as one: 3 runtime instances (separate processes) behind Debian's nginx,
// sharing a real redis-server, called by 30 concurrent callers.
//   - one token request per credential per token lifetime across the whole fleet;
//   - the response cache is shared: stored by one instance, served by the others, revalidated by any;
//   - Redis going away under load: every request still answers 200, each instance warns, and each
//     picks Redis up again when it is back.
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_SAFETY_MARGIN_SECONDS } from '../../runtime/auth/token-lifetime.js';
import { startNginx, type NginxServer } from '../support/nginx/nginx-server.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../support/oauth-server/oauth-token-server.js';
import { startRedis, type RedisServer } from '../support/redis/redis-server.js';
import { startUpstream, type Upstream } from '../support/upstream/index.js';
import { serveProcess, type ServedProcess } from '../runtime/cluster/served-process.js';
import { cacheOutcomes, versionedResource, type VersionedResource } from '../runtime/cache/helpers.js';

const MEMBER = fileURLToPath(new URL('../support/fleet/fleet-member.ts', import.meta.url));
const CLIENT_SECRET = 'fleet-client-secret-value';
/** Token lifetime: reused for 10 s after the fetch (its lifetime minus the runtime's safety margin), long enough for two rounds of load on a busy machine. */
const REUSE_SECONDS = 10;
const TOKEN_SECONDS = TOKEN_SAFETY_MARGIN_SECONDS + REUSE_SECONDS;
const CALLERS = 30;
const UPSTREAM_TIMEOUT_MS = 5000;
/** runtime/cache/open-caches.ts: a token request's limit plus a second. */
const LOCK_TTL_MS = UPSTREAM_TIMEOUT_MS + 1000;

let redis: RedisServer;
let tokens: OAuthTokenServer;
let upstream: Upstream;
let resource: VersionedResource;
let members: { served: ServedProcess; url: string }[] = [];
let lb: NginxServer;

beforeAll(async () => {
  redis = await startRedis();
  tokens = await startOAuthTokenServer({ clients: { 'fleet-app': CLIENT_SECRET, 'fleet-app-2': CLIENT_SECRET }, expiresIn: TOKEN_SECONDS });
  // Slow enough that the instances' misses overlap the one fetch.
  tokens.setTokenDelayMs(300);
  resource = versionedResource({ validators: 'etag', cacheControl: 'max-age=2' });
  upstream = await startUpstream({ routes: { '/cached': resource.behaviour } });
  members = await Promise.all([0, 1, 2].map(() => startMember()));
  lb = await startNginx({ backends: members.map((m) => new URL(m.url).host) });
}, 90_000);

/** A runtime instance in its own process. Token requests may take 5 s, so the fleet lock expires after 6 s. */
async function startMember(): Promise<{ served: ServedProcess; url: string }> {
  const served = serveProcess(['--import', 'tsx', MEMBER, '--port', '0', '--redis-url', redis.url, '--upstream-timeout-ms', String(UPSTREAM_TIMEOUT_MS)], {
    CONDUIT_ALLOW_INSECURE_UPSTREAMS: '1',
    FLEET_TOKEN_URL: tokens.tokenUrl,
    FLEET_RESOURCE_URL: tokens.resourceUrl,
    FLEET_CLIENT_ID: 'fleet-app',
    FLEET_SECOND_CLIENT_ID: 'fleet-app-2',
    FLEET_CLIENT_SECRET: CLIENT_SECRET,
    FLEET_CACHED_URL: upstream.url('/cached'),
  });
  return { served, url: await served.url };
}

afterAll(async () => {
  await lb?.close();
  for (const { served } of members) served.child.kill('SIGTERM');
  await Promise.all(members.map(({ served }) => served.exited));
  await upstream?.close();
  await tokens?.close();
  await redis?.close();
});

interface Answer {
  readonly status: number;
  readonly cache: string | undefined;
}

async function call(base: string, permalink: string): Promise<Answer> {
  const res = await fetch(`${base}/api/connectors/${permalink}`);
  await res.arrayBuffer();
  return { status: res.status, cache: res.status === 200 ? cacheOutcomes(res)[0] : undefined };
}

/** `CALLERS` concurrent callers through nginx, `rounds` requests each. */
async function load(permalink: string, rounds = 1): Promise<Answer[]> {
  const callers = Array.from({ length: CALLERS }, async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < rounds; i++) answers.push(await call(lb.url, permalink));
    return answers;
  });
  return (await Promise.all(callers)).flat();
}

/** with-token calls an instance has answered, from its /metrics. */
async function tokenCallsServed(m: { url: string }): Promise<number> {
  const metrics = await (await fetch(`${m.url}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('conduit_connector_requests_total{') && l.includes('connector="with-token"'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
const logged = (m: { served: ServedProcess }, prefix: string) => m.served.logs().filter((l) => String(l['msg']).startsWith(prefix)).length;

describe('3 instances behind nginx sharing Redis', () => {
  it('fetch one token per lifetime across the fleet for 30 concurrent callers', async () => {
    const before = await Promise.all(members.map(tokenCallsServed));
    const first = await load('with-token');
    // The token was fetched before this: it is reused for at most REUSE_SECONDS from now.
    const fetchedBy = Date.now();
    expect(first.map((a) => a.status)).toEqual(Array(CALLERS).fill(200));
    expect(tokens.tokenRequests).toHaveLength(1);
    // nginx spread the callers over every instance: each had to get the token somehow.
    const served = (await Promise.all(members.map(tokenCallsServed))).map((n, i) => n - before[i]!);
    expect(served.reduce((x, y) => x + y)).toBe(CALLERS);
    for (const count of served) expect(count).toBeGreaterThan(0);

    // Later calls within the lifetime reuse it everywhere.
    await load('with-token');
    expect(tokens.tokenRequests).toHaveLength(1);

    // Once the lifetime is over: exactly one more fetch for the whole fleet.
    await sleep(Math.max(0, fetchedBy + REUSE_SECONDS * 1000 + 300 - Date.now()));
    const second = await load('with-token');
    expect(second.map((a) => a.status)).toEqual(Array(CALLERS).fill(200));
    expect(tokens.tokenRequests).toHaveLength(2);
    expect(new Set(tokens.issuedTokens).size).toBe(2);
  }, 60_000);

  it('share the response cache: stored by one, served by the others, revalidated by any', async () => {
    const [a, b, c] = members;
    expect(await call(a!.url, 'cached')).toEqual({ status: 200, cache: 'miss' });
    expect(await call(b!.url, 'cached')).toEqual({ status: 200, cache: 'hit' });
    expect(await call(c!.url, 'cached')).toEqual({ status: 200, cache: 'hit' });
    expect(resource.fullAnswers).toBe(1);

    await sleep(2200); // max-age=2 is over: the entry is stale
    expect(await call(c!.url, 'cached')).toEqual({ status: 200, cache: 'revalidated' });
    expect(resource.notModifiedAnswers).toBe(1);
    // The entry C refreshed is fresh for A and B.
    expect(await call(a!.url, 'cached')).toEqual({ status: 200, cache: 'hit' });
    expect(await call(b!.url, 'cached')).toEqual({ status: 200, cache: 'hit' });
    expect(resource.fullAnswers).toBe(1);
  }, 30_000);

  it('keep answering while Redis goes away under load, warn, and pick Redis up again when it is back', async () => {
    const warnedBefore = members.map((m) => logged(m, 'redis unavailable'));
    const backBefore = members.map((m) => logged(m, 'redis available again'));
    let loading = true;
    const statuses: number[] = [];
    const failures: string[] = [];
    const callers = Array.from({ length: CALLERS }, async (_, i) => {
      while (loading) {
        const res = await fetch(`${lb.url}/api/connectors/${i % 2 === 0 ? 'with-token' : 'cached'}`);
        const body = await res.text();
        statuses.push(res.status);
        if (res.status !== 200) failures.push(`${res.status} ${body.slice(0, 200)}`);
      }
    });

    await sleep(700);
    await redis.stop();
    await sleep(1500);
    await redis.start();
    // ioredis retries at most every 2 s: every instance is back within a few seconds.
    const deadline = Date.now() + 15_000;
    while (members.some((m, i) => logged(m, 'redis available again') === backBefore[i]) && Date.now() < deadline) await sleep(100);
    await sleep(300);
    loading = false;
    await Promise.all(callers);

    expect(statuses.length).toBeGreaterThan(CALLERS * 3);
    expect(failures).toEqual([]);
    members.forEach((m, i) => {
      expect(logged(m, 'redis unavailable')).toBeGreaterThan(warnedBefore[i]!);
      expect(logged(m, 'redis available again')).toBeGreaterThan(backBefore[i]!);
    });

    // Redis came back empty (no persistence): the shared cache fills again and serves the fleet.
    await sleep(2100); // let any entry an instance kept in flight go stale
    const fullBefore = resource.fullAnswers;
    const notModifiedBefore = resource.notModifiedAnswers;
    const [a, b] = members;
    expect((await call(a!.url, 'cached')).status).toBe(200);
    expect(await call(b!.url, 'cached')).toEqual({ status: 200, cache: 'hit' });
    expect(resource.fullAnswers + resource.notModifiedAnswers).toBe(fullBefore + notModifiedBefore + 1);
    expect(Number((await redis.command('DBSIZE')).slice(1))).toBeGreaterThan(0);
  }, 60_000);

  it('are blocked no longer than the lock expiry by an instance killed while it holds the token lock', async () => {
    const victim = await startMember();
    tokens.setTokenDelayMs(1500);
    const before = tokens.tokenRequests.length;
    try {
      const doomed = call(victim.url, 'with-second-token').catch(() => null);
      // The victim has taken the fleet-wide lock and is waiting for the token endpoint.
      const deadline = Date.now() + 10_000;
      while (!(await redis.command('KEYS', 'conduit:token:*:lock')).includes(':lock')) {
        if (Date.now() > deadline) throw new Error('the victim never took the lock');
        await sleep(20);
      }
      await sleep(300); // its token request is at the token server (which answers after 1.5 s)
      victim.served.child.kill('SIGKILL');
      const killed = Date.now();
      await victim.served.exited;
      await doomed;
      // A survivor waits for the lock, not for ever: it fetches once the lock has expired.
      const answer = await call(members[1]!.url, 'with-second-token');
      const waited = Date.now() - killed;
      expect(answer.status).toBe(200);
      expect(waited).toBeLessThan(LOCK_TTL_MS + 1500);
      expect(waited).toBeGreaterThan(1000);
      // The victim's request (when it got out before the kill) and the survivor's; then no other.
      const fetched = tokens.tokenRequests.length - before;
      expect(fetched).toBeGreaterThanOrEqual(1);
      expect(fetched).toBeLessThanOrEqual(2);
      expect(await load('with-second-token')).toEqual(Array(CALLERS).fill({ status: 200, cache: 'miss' }));
      expect(tokens.tokenRequests.length - before).toBe(fetched);
    } finally {
      tokens.setTokenDelayMs(300);
      victim.served.child.kill('SIGKILL');
    }
  }, 60_000);

  it('never write the client secret to a log line', () => {
    for (const { served } of members) {
      expect(served.logs().length).toBeGreaterThan(0);
      expect(JSON.stringify(served.logs())).not.toContain(CLIENT_SECRET);
      expect(served.stderr()).not.toContain(CLIENT_SECRET);
    }
  });
});
