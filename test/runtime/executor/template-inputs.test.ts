import { describe, expect, it } from 'vitest';
import { CONTEXT_VARIABLE_NAMES } from '../../../compiler/analyse/slot-table.js';
import { contentTypeOfRenderedBody } from '../../../runtime/executor/request-body.js';
import { callerBodyRaw, callerBodyText, queryParametersDict, requestVariables, utf8OrNone } from '../../../runtime/executor/template-inputs.js';
import type { PyBytes } from '../../../runtime/template/py-values.js';
import { ANONYMOUS_USER, userFromClaims } from '../../../runtime/user/user-context.js';

describe('template inputs', () => {
  it('decodes UTF-8 and gives None for anything else', () => {
    expect(utf8OrNone(Buffer.from('héllo ✓'))).toBe('héllo ✓');
    expect(utf8OrNone(Buffer.from([0xc3, 0x28]))).toBeNull();
    expect(utf8OrNone(Buffer.alloc(0))).toBe('');
    // a byte-order mark is kept, as Python's bytes.decode('utf-8') keeps it
    expect(utf8OrNone(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
  });

  it('gives None for an empty caller body, Python bytes for body_raw', () => {
    expect(callerBodyText(Buffer.alloc(0))).toBeNull();
    expect(callerBodyRaw(Buffer.alloc(0))).toBeNull();
    expect(Buffer.from(callerBodyRaw(Buffer.from([0xff, 0x00, 0x41]))!.bytes)).toEqual(Buffer.from([0xff, 0x00, 0x41]));
  });

  it('keeps the last value of a repeated query key, in first-seen order', () => {
    expect([...queryParametersDict([['a', '1'], ['b', '2'], ['a', '3']])]).toEqual([['a', '3'], ['b', '2']]);
  });

  it('builds composite inputs with request.* and an empty steps dict', () => {
    const vars = requestVariables('composite', {
      body: Buffer.from('{"x":1}'),
      contentType: 'application/json',
      query: [['q', 'v']],
      headers: { cookie: 'c=1', 'content-type': 'application/json' },
      pathParams: new Map(),
      user: userFromClaims({ sub: 'u', tenant_id: 't' }),
    });
    expect([...vars.keys()].sort()).toEqual(['request', 'steps', 'tenant_id', 'user']);
    const request = vars.get('request') as Map<string, unknown>;
    expect(request.get('body_text')).toBe('{"x":1}');
    expect([...(request.get('headers') as Map<string, string>)]).toEqual([['content-type', 'application/json']]);
    expect(vars.get('tenant_id')).toBe('t');
    expect((vars.get('steps') as Map<string, unknown>).size).toBe(0);
  });

  it('builds regular inputs with body_text, body_raw and pathParams, and no tenant when anonymous', () => {
    const vars = requestVariables('regular', {
      body: Buffer.alloc(0),
      contentType: null,
      query: [],
      headers: {},
      pathParams: new Map([['id', '7']]),
      user: ANONYMOUS_USER,
    });
    expect([...vars.keys()].sort()).toEqual(['body_raw', 'body_text', 'pathParams', 'user']);
    expect(vars.get('body_text')).toBeNull();
    expect((vars.get('pathParams') as Map<string, string>).get('id')).toBe('7');
  });

  it('does not decode the caller body for a connector whose templates never read it', () => {
    const caller = { body: Buffer.from('{"big": "payload"}'), contentType: 'application/json', query: [], headers: {}, pathParams: new Map(), user: ANONYMOUS_USER };
    expect(Buffer.from((requestVariables('regular', caller).get('body_raw') as PyBytes).bytes).toString()).toBe('{"big": "payload"}');
    const unread = requestVariables('regular', caller, false);
    expect([unread.get('body_text'), unread.get('body_raw')]).toEqual([null, null]);
    const request = requestVariables('composite', caller, false).get('request') as Map<string, unknown>;
    expect([request.get('body_text'), request.get('body_raw')]).toEqual([null, null]);
    expect([...(request.get('headers') as Map<string, string>)]).toEqual([['content-type', 'application/json']]);
  });
});

describe('contentTypeOfRenderedBody', () => {
  it('is JSON for a JSON object or array, text otherwise', () => {
    expect(contentTypeOfRenderedBody('  {"a": [1, 2]}\n')).toBe('application/json');
    expect(contentTypeOfRenderedBody('[1]')).toBe('application/json');
    expect(contentTypeOfRenderedBody('{not json')).toBe('text/plain; charset=utf-8');
    expect(contentTypeOfRenderedBody('42')).toBe('text/plain; charset=utf-8');
    expect(contentTypeOfRenderedBody('a=1&b=2')).toBe('text/plain; charset=utf-8');
  });

  it('only ever names context variables the compiler knows (registry templates compile other names as globals)', () => {
    const caller = { body: Buffer.from('{}'), contentType: null, query: [], headers: {}, pathParams: new Map(), user: userFromClaims({ sub: 'u', tenant_id: 't' }) };
    const names = new Set(['response']); // set around response_body by the executor
    for (const kind of ['regular', 'composite'] as const) for (const name of requestVariables(kind, caller).keys()) names.add(name);
    expect([...names].filter((name) => !(CONTEXT_VARIABLE_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});
