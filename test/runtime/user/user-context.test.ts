// The user dict is built once per token and shared by every request carrying it: a template must
// not be able to change what the next request sees.
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../compiler/template/compile-template.js';
import { parseTemplate } from '../../../compiler/template/parse.js';
import { rt } from '../../../runtime/template/helpers.js';
import { TemplateRenderError, type TemplateEnv, type TemplateFunction } from '../../../runtime/template/types.js';
import { ANONYMOUS_USER, userFromClaims } from '../../../runtime/user/user-context.js';

function compile(text: string): TemplateFunction {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return new Function('rt', `return ${compileTemplate(parsed.ast, { source: text }).code}`)(rt) as TemplateFunction;
}

const env: TemplateEnv = { getSecret: () => undefined, getVariable: () => undefined, now: () => new Date(0) };

describe('user context', () => {
  it('maps claims to the user dict', () => {
    const user = userFromClaims({ sub: 42, email: 'ada@example.com', tenant_id: 'acme', profile_fields: { '7': 'blue' } });
    expect(user.id).toBe('42');
    expect(user.tenantId).toBe('acme');
    const render = compile('{{ user.id }}|{{ user.email }}|{{ user.profile_fields.by_id(7) }}|{{ user.username }}');
    expect(render(new Map([['user', user.templateValue]]), env)).toBe('42|ada@example.com|blue|');
  });

  it.each([
    ["{{ user.update({'email': 'mallory@example.com'}) }}"],
    ["{{ user.pop('email') }}"],
    ["{{ user.setdefault('username', 'mallory') }}"],
    ['{{ user.clear() }}'],
  ])('refuses %s on the shared user dict and leaves it unchanged', (text) => {
    const user = userFromClaims({ sub: '1', email: 'ada@example.com' });
    const render = compile(text);
    expect(() => render(new Map([['user', user.templateValue]]), env)).toThrow(TemplateRenderError);
    expect(compile('{{ user.email }}/{{ user.username }}')(new Map([['user', user.templateValue]]), env)).toBe('ada@example.com/');
  });

  it('protects the anonymous user too', () => {
    expect(() => compile("{{ user.update({'id': '1'}) }}")(new Map([['user', ANONYMOUS_USER.templateValue]]), env)).toThrow(TemplateRenderError);
    // SPEC §2: an anonymous caller's user fields are None.
    expect(compile('[{{ user.id }}|{{ user.email is none }}|{{ user.first_name | default("guest", true) }}]')(new Map([['user', ANONYMOUS_USER.templateValue]]), env)).toBe('[None|True|guest]');
  });
});
