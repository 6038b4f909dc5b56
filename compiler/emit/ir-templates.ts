// Walks of the IR that emit needs in several places: every template of a step or connector.
import type { AuthIR, ConnectorIR, JsonIR, StepIR, TemplateIR } from '../analyse/ir.js';

/** Every template of a step, in a fixed order. */
export function templatesOfStep(step: StepIR): TemplateIR[] {
  const out: TemplateIR[] = [step.url.template];
  for (const kv of step.headers) out.push(kv.value);
  for (const kv of step.queryParameters) out.push(kv.value);
  out.push(...templatesOfAuth(step.authentication));
  if (step.requestBody !== null) out.push(step.requestBody);
  if (step.responseBody !== null) out.push(step.responseBody);
  if (step.when !== null) out.push(step.when);
  return out;
}

export function templatesOfConnector(connector: ConnectorIR): TemplateIR[] {
  return connector.steps.flatMap(templatesOfStep);
}

/** Sorted, without repeats: the same bytes whatever the order templates were found in. */
export function sortedUnique(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function templatesOfJson(json: JsonIR): TemplateIR[] {
  switch (json.kind) {
    case 'template':
      return [json.value];
    case 'literal':
      return [];
    case 'array':
      return json.items.flatMap(templatesOfJson);
    case 'object':
      return json.entries.flatMap(([, v]) => templatesOfJson(v));
  }
}

function templatesOfAuth(auth: AuthIR): TemplateIR[] {
  const orNone = (t: TemplateIR | null) => (t === null ? [] : [t]);
  switch (auth.type) {
    case 'none':
      return [];
    case 'api_key':
      return [auth.key, auth.value];
    case 'oauth_client_credentials':
      return [auth.tokenUrl, auth.clientId, auth.clientSecret, ...orNone(auth.scope), ...orNone(auth.audience)];
    case 'jwt':
      return [auth.privateKey, ...orNone(auth.algorithm), ...templatesOfJson(auth.claims), ...templatesOfJson(auth.jwtHeaders)];
    case 'oauth_jwt_bearer':
      return [
        auth.clientId,
        auth.privateKey,
        auth.tokenUrl,
        auth.subject,
        auth.audience,
        ...orNone(auth.algorithm),
        ...templatesOfJson(auth.additionalClaims),
        ...templatesOfJson(auth.jwtHeaders),
      ];
  }
}
