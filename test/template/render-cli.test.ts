// `conduit render` as a subprocess (SPEC §7): JSON lines in, one JSON line out per input, in
// order; bad lines are error lines and the run continues.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../bin/conduit.mjs', import.meta.url));

interface Run {
  readonly lines: unknown[];
  readonly stderr: string;
  readonly status: number | null;
}

function render(inputLines: readonly (string | object)[], args: readonly string[] = []): Run {
  const input = inputLines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const run = spawnSync(process.execPath, [CLI, 'render', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  const lines = run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
  return { lines, stderr: run.stderr, status: run.status };
}

describe('conduit render', () => {
  it('renders each line in order with Jinja2 output semantics', () => {
    const { lines, status } = render([
      { template: 'Hello {{ name|title }}!', context: { name: 'ada lovelace' } },
      '{"template": "{{ x }} {{ x * 2 }} {{ big + 1 }} {{ d }}", "context": {"x": 1.0, "big": 12345678901234567890, "d": {"2": "b", "1": "a"}}}',
      { template: '{{ items|map(attribute="id")|list }} {{ none }} {{ flag }}', context: { items: [{ id: 1 }, { id: 2 }], flag: true } },
      { template: 'plain' },
    ]);
    expect(status).toBe(0);
    expect(lines).toEqual([
      { output: 'Hello Ada Lovelace!' },
      { output: '1.0 2.0 12345678901234567891 {&#39;2&#39;: &#39;b&#39;, &#39;1&#39;: &#39;a&#39;}' },
      { output: '[1, 2] None True' },
      { output: 'plain' },
    ]);
  });

  it('autoescapes unless a line says "autoescape": false', () => {
    const { lines, status } = render([
      { template: '{{ x }}|{{ x|safe }}|{{ d|tojson }}|{{ d|json_encode }}', context: { x: '<a href="/">', d: { k: "'<" } } },
      { template: '{{ x }}|{{ x|safe }}|{{ d|tojson }}|{{ d|json_encode }}', context: { x: '<a href="/">', d: { k: "'<" } }, autoescape: false },
      { template: '{{ x }}', context: { x: 1 }, autoescape: 'yes' },
    ]);
    expect(status).toBe(0);
    expect(lines).toEqual([
      { output: '&lt;a href=&#34;/&#34;&gt;|<a href="/">|{"k": "\\u0027\\u003c"}|{"k": "\'<"}' },
      { output: '<a href="/">|<a href="/">|{"k": "\\u0027\\u003c"}|{"k": "\'<"}' },
      { error: { code: 'invalid-input', message: '"autoescape" must be true or false' } },
    ]);
  });

  it('turns every kind of failure into an error line and keeps going', () => {
    const { lines, status } = render([
      'this is not json',
      { template: '{% if %}' },
      { template: '{{ x.__proto__ }}', context: { x: 1 } },
      { template: '{{ process.env }}' },
      { template: '{{ x|no_such_filter }}', context: { x: 1 } },
      { template: '{{ x is no_such_test }}', context: { x: 1 } },
      { template: '{{ unknown_name }}' },
      { template: '{{ 1 / 0 }}' },
      { template: '{{ x.y.z }}', context: { x: {} } },
      { template: 42 },
      { template: 'x', slot: 'nowhere' },
      ['not', 'an', 'object'],
      { template: 'still rendering {{ 1 + 1 }}' },
    ]);
    expect(status).toBe(0);
    const codes = lines.map((l) => (l as { error?: { code: string } }).error?.code ?? 'output');
    expect(codes).toEqual([
      'invalid-input',
      'template-syntax',
      'template-unsafe-member',
      'template-unknown-variable',
      'template-unknown-filter',
      'template-unknown-test',
      'template-unknown-variable',
      'zero-division',
      'undefined',
      'invalid-input',
      'invalid-input',
      'invalid-input',
      'output',
    ]);
    for (const l of lines.slice(0, -1)) expect((l as { error: { message: string } }).error.message).not.toBe('');
    expect(lines.at(-1)).toEqual({ output: 'still rendering 2' });
  });

  it('checks the template against its slot; context keys are extra variables', () => {
    const { lines } = render([
      { template: '{{ get_secret("token") }}', slot: 'body' },
      { template: '{{ get_secret("token") }}', slot: 'hdr', secrets: { token: 's3cret' } },
      { template: '{{ response.status_code }}', slot: 'url' },
      { template: '{{ response.status_code }}', slot: 'resp', context: { response: { status_code: 201 } } },
      { template: '{{ custom.value }}', slot: 'url', context: { custom: { value: 'ok' } } },
    ]);
    expect((lines[0] as { error: { code: string } }).error.code).toBe('template-slot-not-allowed');
    expect(lines[1]).toEqual({ output: 's3cret' });
    expect((lines[2] as { error: { code: string } }).error.code).toBe('template-slot-not-allowed');
    expect(lines[3]).toEqual({ output: '201' });
    expect(lines[4]).toEqual({ output: 'ok' });
  });

  it('leaves a missing secret as its expression and warns by name only', () => {
    const { lines, stderr } = render([{ template: 'Bearer {{ get_secret("api_token") }}', slot: 'hdr' }]);
    expect(lines).toEqual([{ output: "Bearer {{ get_secret('api_token') }}" }]);
    expect(stderr).toContain("secret 'api_token' is not set");
  });

  it('supports variables, a fixed now() and profile fields by id', () => {
    const { lines } = render([
      {
        template: '{{ get_variable("region") }} {{ now() }} {{ now(60) }} {{ user.profile_fields.by_id(7) }} {{ user.profile_fields.by_id("12") }}',
        slot: 'hdr',
        variables: { region: 'eu' },
        now: '2024-01-02T03:04:05Z',
        context: { user: { id: 'u1', profile_fields: { '7': 'Gold', '12': 3 } } },
      },
    ]);
    expect(lines).toEqual([{ output: 'eu 1704164645 1704164705 Gold 3' }]);
  });

  it('keeps crafted dynamic member names harmless (Undefined), as at run time', () => {
    const template = "{% set k = '__proto__' %}[{{ data[k] }}]{% set c = 'constructor' %}[{{ data[c] }}][{{ data|attr(c) }}][{{ 'x'[c] }}][{{ [data]|map(attribute=c)|join }}]{{ data.ok }}";
    // Raw JSON: an object literal would turn "__proto__" into a prototype, not a key.
    const { lines } = render([`{"template": ${JSON.stringify(template)}, "context": {"data": {"constructor": "json key", "__proto__": "also a key", "ok": 1}}}`]);
    expect(lines).toEqual([{ output: '[][][][][]1' }]);
  });

  it('reports JWT signing failures with their own code', () => {
    // The algorithm comes from the context, so only signing at run time can reject it.
    const { lines } = render([{ template: '{{ jwt_encode({"sub": "x"}, "key", alg) }}', context: { alg: 'NOPE' }, slot: 'hdr' }]);
    expect((lines[0] as { error: { code: string } }).error.code).toBe('jwt-signing');
  });

  it('rejects a literal unknown JWT algorithm before rendering', () => {
    const { lines } = render([{ template: '{{ jwt_encode({"sub": "x"}, "key", "NOPE") }}', slot: 'hdr' }]);
    expect((lines[0] as { error: { code: string } }).error.code).toBe('auth-invalid-algorithm');
  });

  it('answers a large batch line by line, in order', () => {
    const input = Array.from({ length: 3000 }, (_, i) => ({ template: i % 7 === 0 ? '{{ 1 / n }}' : '{{ n * 2 }}', context: { n: i } }));
    const { lines, status } = render(input);
    expect(status).toBe(0);
    expect(lines).toHaveLength(3000);
    lines.forEach((line, i) => {
      if (i === 0) expect(line).toEqual({ error: { code: 'zero-division', message: 'division by zero' } });
      // 1/i lies in [1e-4, 1), where Python's float repr and JS's String() agree.
      else expect(line).toEqual({ output: i % 7 === 0 ? String(1 / i) : String(i * 2) });
    });
  });

  it('prints usage for --help and refuses unknown options', () => {
    const help = spawnSync(process.execPath, [CLI, 'render', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('JSON');
    const bad = spawnSync(process.execPath, [CLI, 'render', '--nope'], { encoding: 'utf8', input: '' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("unknown option '--nope'");
  });
});
