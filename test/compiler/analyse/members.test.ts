// Known members of request, response, user (and profile_fields), with dict methods allowed.
import { describe, expect, it } from 'vitest';
import { analyse, codesAt, only, stepOf } from './analyse.js';

describe('members of Conduit values', () => {
  it('accepts the documented members', () => {
    expect(codesAt('{{ request.body_text }}{{ request.body_raw }}{{ request.headers }}{{ request.query_parameters }}', stepOf(1))).toEqual([]);
    expect(codesAt('{{ response.body }}{{ response.status_code }}{{ response.headers }}', { slot: 'resp' })).toEqual([]);
    expect(
      codesAt('{{ user.id }}{{ user.email }}{{ user.username }}{{ user.first_name }}{{ user.last_name }}{{ user.profile_fields.by_id(7) }}'),
    ).toEqual([]);
  });

  it('accepts dict methods and bracket access', () => {
    expect(codesAt("{{ user.get('email') }}{{ user['id'] }}{{ response.headers.get('etag') }}", { slot: 'resp' })).toEqual([]);
  });

  it('rejects unknown members at the member name, with the list of members', () => {
    const d = only('{{ request.body }}', stepOf(1));
    expect(d).toMatchObject({ code: 'template-unknown-member', col: 12 });
    expect(d.message).toBe("request has no member 'body'");
    expect(d.hint).toBe('request has: body_text, body_raw, headers, query_parameters');
    expect(only('{{ response.status }}', { slot: 'resp' }).message).toBe("response has no member 'status'");
    expect(only("{{ user['mail'] }}")).toMatchObject({ code: 'template-unknown-member', col: 10 });
    expect(only('{{ user.emial }}').message).toBe("user has no member 'emial' (did you mean 'email'?)");
  });

  it('reads profile fields only through by_id', () => {
    const d = only('{{ user.profile_fields.department }}');
    expect(d).toMatchObject({ code: 'template-unknown-member', col: 24 });
    expect(d.hint).toBe('user.profile_fields has: by_id');
  });

  it('does not check members below the documented level', () => {
    expect(codesAt("{{ request.headers['content-type'] }}{{ (response.body | from_json).anything.deep }}", stepOf(1, { slot: 'resp' }))).toEqual([]);
  });

  it('records query parameter keys and body reads', () => {
    const ir = analyse("{{ request.query_parameters.page }}{{ request.query_parameters['per-page'] }}", stepOf(1)).ir!;
    expect(ir.queryParameterKeys).toEqual(['page', 'per-page']);
    const methods = analyse(
      "{% for k, v in request.query_parameters.items() %}{{ k }}{% endfor %}{{ request.query_parameters['items'] }}",
      stepOf(1),
    ).ir!;
    expect(methods.queryParameterKeys).toEqual(['items']);
    const viaGet = analyse("{{ request.query_parameters.get('sort', 'asc') }}{% set request = 1 %}", stepOf(1)).ir!;
    expect(viaGet.queryParameterKeys).toEqual(['sort']);
    expect(ir.readsRequestBody).toBe(false);
    expect(analyse('{{ request.body_text }}', stepOf(1)).ir!.readsRequestBody).toBe(true);
    expect(analyse('{{ request | tojson }}', stepOf(1)).ir!.readsRequestBody).toBe(true);
    expect(analyse('{{ body_raw }}').ir!.readsRequestBody).toBe(true);
    expect(analyse('{{ request.headers }}', stepOf(1)).ir!.readsRequestBody).toBe(false);
  });

  it('records path parameters and rejects computed ones', () => {
    const ir = analyse("https://x.example.com/{{ pathParams.user_id }}/{{ pathParams['slug'] }}", { slot: 'url' }).ir!;
    expect(ir.pathParams).toEqual(['user_id', 'slug']);
    const d = only('{% set k = "id" %}{{ pathParams[k] }}', { slot: 'url' });
    expect(d).toMatchObject({ code: 'template-path-param-dynamic', col: 33 });
    expect(codesAt('{{ pathParams }}', { slot: 'url' })).toEqual(['template-path-param-dynamic@1:4']);
  });

  it('records user reads', () => {
    expect(analyse('{{ user.email }}').ir!.readsUser).toBe(true);
    expect(analyse('{{ tenant_id }}').ir!.readsUser).toBe(false);
    expect(analyse('{% set user = 1 %}{{ user }}').ir!.readsUser).toBe(false);
  });
});
