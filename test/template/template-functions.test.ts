// Conduit's template functions (SPEC §2): get_secret (missing → the expression text, reported by
// name), get_variable, now() from env.now(), and jwt_encode signing through runtime/auth.
import { importSPKI, jwtVerify, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../runtime/auth/types.js';
import { TemplateRenderError, type TemplateEnv } from '../../runtime/template/types.js';
import { parseJsonValue } from '../../runtime/template/values.js';
import { privateKeyPem, publicKeyPem } from '../fixtures/keys/test-keys.js';
import { compileToFunction } from './harness.js';

function envWith(overrides: Partial<TemplateEnv> = {}): TemplateEnv & { missing: string[] } {
  const missing: string[] = [];
  return {
    getSecret: (name) => ({ api_key: 'sk-123', pem: privateKeyPem('rsa') })[name],
    getVariable: (name) => ({ region: 'eu' })[name],
    now: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
    onMissingSecret: (name) => missing.push(name),
    missing,
    ...overrides,
  };
}

function render(template: string, env: TemplateEnv = envWith(), context = '{}'): string {
  return compileToFunction(template)(parseJsonValue(context) as Map<string, unknown>, env);
}

describe('get_secret', () => {
  it('returns the secret for the current tenant', () => {
    expect(render("Key {{ get_secret('api_key') }}")).toBe('Key sk-123');
  });

  it('leaves the expression text when the secret is missing and reports the name only', () => {
    const env = envWith();
    expect(render("Bearer {{ get_secret('nope') }} / {{ get_secret('other') | length }}", env)).toBe("Bearer {{ get_secret('nope') }} / 25");
    expect(env.missing).toEqual(['nope', 'other']);
  });

  it('needs a name', () => {
    expect(() => render('{{ get_secret(1) }}')).toThrow(TemplateRenderError);
    expect(() => render('{{ get_secret() }}')).toThrow(TemplateRenderError);
  });

  it('is shadowed by a context variable of the same name, as Jinja2 globals are', () => {
    expect(() => render("{{ get_secret('api_key') }}", envWith(), '{"get_secret": "not callable"}')).toThrow(TemplateRenderError);
  });
});

describe('get_variable', () => {
  it('returns the value; unset, it prints its expression text but is undefined, so default() applies', () => {
    expect(render("{{ get_variable('region') }}|{{ get_variable('zone') }}|{{ get_variable('zone') | default('z1') }}|{{ get_variable('zone') is defined }}")).toBe(
      "eu|{{ get_variable('zone') }}|z1|False",
    );
    expect(render("https://{{ get_variable('zone') | default('api.example.com', true) }}/v1")).toBe('https://api.example.com/v1');
  });
});

describe('now()', () => {
  it('is the Unix time in whole seconds plus an optional offset, an int usable in JSON and arithmetic', () => {
    expect(render('{{ now() }}|{{ now(300) }}|{{ now(offset=-4) }}|{{ now() + 3600 }}|{{ now() is integer }}|{"iat": {{ now() }}}')).toBe(
      '1704164645|1704164945|1704164641|1704168245|True|{"iat": 1704164645}',
    );
    expect(render('{{ now(1.5) }}')).toBe('1704164646.5');
  });

  it('asks env.now() on each call, so callers control the clock', () => {
    let t = 0;
    const env = envWith({ now: () => new Date((t += 1000)) });
    expect(render('{{ now() }} {{ now() }}', env)).toBe('1 2');
  });

  it('refuses an offset that is not a number', () => {
    expect(() => render('{{ now("soon") }}')).toThrow(TemplateRenderError);
    expect(() => render('{{ now(1, 2) }}')).toThrow(TemplateRenderError);
  });
});

describe('jwt_encode', () => {
  it('signs HS256 claims built in the template', async () => {
    const token = render("{{ jwt_encode({'sub': 'u-1', 'n': 2, 'ok': true}, 'shared-secret', 'HS256') }}");
    const { payload } = await jwtVerify(token, new TextEncoder().encode('shared-secret'));
    expect(payload).toEqual({ sub: 'u-1', n: 2, ok: true });
  });

  it('signs RS256 with a PEM key from a secret and passes header fields', async () => {
    const token = render("{{ jwt_encode({'sub': 'u-2'}, get_secret('pem'), 'RS256', headers={'kid': 'k1'}) }}");
    const { payload } = await jwtVerify(token, await importSPKI(publicKeyPem('rsa'), 'RS256'));
    expect(payload).toEqual({ sub: 'u-2' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: 'k1', typ: 'JWT' });
  });

  it('lets the signing error through as an AuthError (the JWT-signing scope), not a rendering error', () => {
    expect(() => render("{{ jwt_encode({'a': 1}, 'k', 'NOPE256') }}")).toThrow(AuthError);
    expect(() => render("{{ jwt_encode({'a': 1}, 'not a pem', 'RS256') }}")).toThrow(AuthError);
  });

  it('refuses a payload that is not a dict', () => {
    expect(() => render("{{ jwt_encode(['a'], 'k', 'HS256') }}")).toThrow(TemplateRenderError);
  });
});
