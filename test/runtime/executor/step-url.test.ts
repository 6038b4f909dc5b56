// The URL a templated step sends: rendered URLs under the connector's literal origin go out as
// rendered (checked without a full parse), and a templated host that renders no valid URL is a
// rendering error of the step, whichever path the check takes.
import { describe, expect, it } from 'vitest';
import type { CompiledConnector, CompiledTemplate } from '../../../runtime/connector.js';
import type { CallerRequest } from '../../../runtime/executor/caller-request.js';
import { prepareConnector } from '../../../runtime/executor/prepared-connector.js';
import { buildStepRequest, StepRenderError, type StepRequestContext } from '../../../runtime/executor/step-request.js';
import { EMPTY_SECRET_STORE } from '../../../runtime/executor/template-env.js';
import type { UpstreamClient } from '../../../runtime/http/types.js';
import { ANONYMOUS_USER } from '../../../runtime/user/user-context.js';
import { tpl } from '../../support/runtime/connectors.js';

const caller: CallerRequest = { body: Buffer.alloc(0), contentType: null, query: [], headers: {}, pathParams: new Map(), user: ANONYMOUS_USER };

// buildStepRequest only uses the client for authentication, which these steps do not have.
const noClient: UpstreamClient = {
  request: () => Promise.reject(new Error('not used')),
  close: () => Promise.resolve(),
};

function context(): StepRequestContext {
  return {
    vars: new Map(),
    env: { getSecret: (name) => EMPTY_SECRET_STORE.get(name, null), getVariable: () => undefined, now: () => new Date(0), onMissingSecret: () => {} },
    caller,
    tenantId: null,
    http: noClient,
    authenticator: null,
    maxHeaderValueBytes: 8192,
    debug: false,
  };
}

function connectorWithUrl(template: CompiledTemplate, origin: string | null): CompiledConnector {
  return {
    kind: 'regular',
    name: 'u',
    permalink: 'u',
    id: null,
    method: 'GET',
    pathParams: [],
    readsRequestBody: false,
    steps: [
      {
        name: 'u',
        index: 0,
        method: 'GET',
        url: { kind: 'template', template, origin },
        headers: [],
        queryParameters: [],
        authentication: { type: 'none' },
        requestBody: '',
        responseBody: null,
        responseContentType: null,
        cacheable: true,
      },
    ],
  };
}

async function urlOf(template: CompiledTemplate, origin: string | null): Promise<string> {
  const prepared = prepareConnector(connectorWithUrl(template, origin));
  return (await buildStepRequest(prepared.steps[0]!, context())).request.url;
}

describe('templated step URLs', () => {
  it('under a literal origin go out exactly as rendered, plain or not', async () => {
    const origin = 'https://api.example.com';
    expect(await urlOf(tpl('…/teams/{{ t }}', () => `${origin}/teams/t1?page=2`), origin)).toBe(`${origin}/teams/t1?page=2`);
    // Characters outside the plain set take the full parse, and still pass.
    expect(await urlOf(tpl('…/q/{{ t }}', () => `${origin}/q/a b|c`), origin)).toBe(`${origin}/q/a b|c`);
  });

  it('that render another origin than the literal one are still parsed, and refused when invalid', async () => {
    await expect(urlOf(tpl('{{ u }}', () => 'https://exa mple.com/x'), 'https://api.example.com')).rejects.toBeInstanceOf(StepRenderError);
  });

  it('with a templated host that renders no valid URL are a rendering error', async () => {
    await expect(urlOf(tpl('https://{{ host }}/x', () => 'https://exa mple.com/x'), null)).rejects.toThrow('the url template did not render a valid URL');
    expect(await urlOf(tpl('https://{{ host }}/x', () => 'https://good.example.com/x'), null)).toBe('https://good.example.com/x');
  });
});
