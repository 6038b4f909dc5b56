// Hand-built compiled templates for the auth tests, shaped like the compiler's output for the
// few expressions these tests need (`{{ get_secret('NAME') }}`, `{{ tenant_id }}`), so the
// strategies are exercised with real TemplateValues without depending on the template compiler.
import type { CompiledTemplate } from '../../../../runtime/connector.js';
import { TemplateRenderError } from '../../../../runtime/template/types.js';

/** `{{ get_secret('NAME') }}`: a missing secret keeps the expression text (SPEC §2). */
export function secretTemplate(name: string): CompiledTemplate {
  const source = `{{ get_secret('${name}') }}`;
  return {
    source,
    usesSecret: true,
    render: (_vars, env) => {
      const value = env.getSecret(name);
      if (value !== undefined) return value;
      env.onMissingSecret?.(name);
      return source;
    },
  };
}

/** `PREFIX{{ tenant_id }}SUFFIX`. */
export function tenantTemplate(prefix: string, suffix = ''): CompiledTemplate {
  return {
    source: `${prefix}{{ tenant_id }}${suffix}`,
    usesSecret: false,
    render: (vars) => `${prefix}${String(vars.get('tenant_id') ?? '')}${suffix}`,
  };
}

/** `{{ get_variable('NAME') }}`. */
export function variableTemplate(name: string): CompiledTemplate {
  return { source: `{{ get_variable('${name}') }}`, usesSecret: false, render: (_vars, env) => env.getVariable(name) ?? '' };
}

/** `{{ user.missing.attr }}`: a template that fails to render. */
export function failingTemplate(): CompiledTemplate {
  return {
    source: '{{ user.missing.attr }}',
    usesSecret: false,
    render: () => {
      throw new TemplateRenderError('undefined-attribute', "'missing' is undefined");
    },
  };
}
