// SPEC §2 table: which top-level names each slot may use, for regular and composite connectors.
import { describe, expect, it } from 'vitest';
import type { Slot } from '../../../compiler/analyse/ir.js';
import { analyse, codesAt, only, stepOf } from './analyse.js';

const SLOTS: Slot[] = ['url', 'body', 'hdr', 'resp'];

/** [template, slots where a regular connector allows it, slots where a composite step allows it] */
const TABLE: [string, Slot[], Slot[]][] = [
  ["{{ steps.auth.body }}", [], ['url', 'body', 'hdr', 'resp']],
  ['{{ request.body_text }}', [], ['url', 'body', 'hdr', 'resp']],
  ['{{ body_text }}', ['body'], []],
  ['{{ body_raw }}', ['body'], []],
  ['{{ response.status_code }}', ['resp'], ['resp']],
  ['{{ pathParams.id }}', ['url'], []],
  ['{{ user.email }}', SLOTS, SLOTS],
  ['{{ tenant_id }}', SLOTS, SLOTS],
  ["{{ get_secret('api_key') }}", ['hdr'], ['hdr']],
  ["{{ get_variable('base') }}", SLOTS, SLOTS],
  ["{{ jwt_encode({'sub': 1}, 'k', 'HS256') }}", ['url', 'body', 'hdr'], ['url', 'body', 'hdr']],
  ['{{ now() }}', SLOTS, SLOTS],
  ['{{ range(3) | list }}{{ dict(a=1) }}{{ namespace(a=1).a }}{{ cycler(1, 2).next() }}{{ joiner(",")() }}{{ lipsum(1) }}', SLOTS, SLOTS],
];

describe('variables and functions by slot', () => {
  for (const [text, regular, composite] of TABLE) {
    for (const slot of SLOTS) {
      it(`regular ${slot}: ${text}`, () => {
        const codes = codesAt(text, { slot });
        expect(codes).toEqual(regular.includes(slot) ? [] : ['template-slot-not-allowed@1:4']);
      });
      it(`composite ${slot}: ${text}`, () => {
        const codes = codesAt(text, stepOf(2, { slot }));
        expect(codes).toEqual(composite.includes(slot) ? [] : ['template-slot-not-allowed@1:4']);
      });
    }
  }

  it('says where get_secret() is available', () => {
    expect(only("{{ get_secret('api_key') }}", { slot: 'body' }).message).toBe(
      'get_secret() is not available in request_body; it is available in headers, query parameters and authentication',
    );
    expect(only('{{ response.body }}', { slot: 'url' }).message).toBe(
      'response is not available in url; it is available in response_body',
    );
    expect(only("{{ jwt_encode(1, 'k', 'HS256') }}", { slot: 'resp' }).message).toBe(
      'jwt_encode() is not available in response_body; it is available in url, request_body, headers, query parameters and authentication',
    );
  });

  it('names the other kind of connector when a name belongs only there', () => {
    const steps = only('{{ steps.auth.body }}', { slot: 'body' });
    expect(steps.message).toBe('steps is only available in composite connectors');
    const body = only('{{ body_text }}', stepOf(1));
    expect(body.message).toBe('body_text is only available in regular connectors');
    expect(body.hint).toContain('request.body_text');
    expect(only('{{ request.body_text }}').hint).toContain('body_text');
    expect(only('{{ pathParams.id }}', stepOf(1, { slot: 'url' })).message).toBe('pathParams is only available in regular connectors');
  });
});

describe('unknown variables', () => {
  it('suggests the closest name', () => {
    const d = only('{{ usr.email }}');
    expect(d).toMatchObject({ code: 'template-unknown-variable', col: 4, message: "unknown variable 'usr' (did you mean 'user'?)" });
    expect(only('{{ tenantid }}').message).toBe("unknown variable 'tenantid' (did you mean 'tenant_id'?)");
    expect(only('{{ zzz }}').message).toBe("unknown variable 'zzz'");
  });

  it('suggests locals too', () => {
    expect(only('{% set total = 1 %}{{ totl }}').message).toBe("unknown variable 'totl' (did you mean 'total'?)");
  });

  it.each(['process', 'globalThis', 'global', 'require', 'import', 'module', 'exports', 'window', 'self', 'Function', 'eval'])(
    'says %s is out of reach',
    (name) => {
      const d = only(`{{ ${name}.x }}`);
      expect(d).toMatchObject({ code: 'template-unknown-variable', col: 4 });
      expect(d.message).toBe(`unknown variable '${name}': templates cannot reach the runtime environment`);
    },
  );

  it('reads null as an unknown name, like Jinja2', () => {
    const d = only('{{ null }}');
    expect(d).toMatchObject({ code: 'template-unknown-variable', col: 4 });
    expect(d.message).toContain("did you mean 'none'");
  });

  it('treats Python and Jinja2 literal spellings as literals', () => {
    expect(codesAt('{{ True }}{{ False }}{{ None }}{{ true }}{{ false }}{{ none }}')).toEqual([]);
  });

  it('accepts extra variables given by the caller (conduit render)', () => {
    expect(codesAt('{{ order.id }}', { extraVariables: ['order'] })).toEqual([]);
    expect(codesAt('{{ order.id }}')).toEqual(['template-unknown-variable@1:4']);
  });

  it('reports every problem of a template in one run, in order', () => {
    expect(codesAt('{{ a }}\n{{ b }}{{ c }}')).toEqual([
      'template-unknown-variable@1:4',
      'template-unknown-variable@2:4',
      'template-unknown-variable@2:11',
    ]);
    expect(analyse('{{ a }}').ir).toBeNull();
  });
});
