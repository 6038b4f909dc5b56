// What the executor tests share: building one step's request without a server.
import type { CompiledConnector, CompiledStep, CompiledTemplate } from '../../../runtime/connector.js';
import type { CallerRequest } from '../../../runtime/executor/caller-request.js';
import { prepareConnector } from '../../../runtime/executor/prepared-connector.js';
import { buildStepRequest, type BuiltStepRequest, type StepRequestContext } from '../../../runtime/executor/step-request.js';
import { EMPTY_SECRET_STORE } from '../../../runtime/executor/template-env.js';
import type { UpstreamClient } from '../../../runtime/http/types.js';
import { ANONYMOUS_USER } from '../../../runtime/user/user-context.js';

const caller: CallerRequest = { body: Buffer.alloc(0), contentType: null, query: [], headers: {}, pathParams: new Map(), user: ANONYMOUS_USER };

// buildStepRequest only uses the client for authentication, which these steps do not have.
const noClient: UpstreamClient = {
  request: () => Promise.reject(new Error('not used')),
  close: () => Promise.resolve(),
};

export function context(): StepRequestContext {
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

/** A regular GET connector whose URL is `template` (under `origin` when that is literal); `step` overrides step fields. */
export function connectorWithUrl(template: CompiledTemplate, origin: string | null, step: Partial<CompiledStep> = {}): CompiledConnector {
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
        ...step,
      },
    ],
  };
}

/** Builds step 0 of `connector`'s request as the executor would (a render error as a rejection, as the executor sees it). */
export async function buildFirstStep(connector: CompiledConnector): Promise<BuiltStepRequest> {
  return buildStepRequest(prepareConnector(connector).steps[0]!, context());
}
