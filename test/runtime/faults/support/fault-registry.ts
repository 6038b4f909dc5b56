// The connectors that meet every upstream fault: per fault a regular connector and a 3-step chain
// whose middle step is the faulty one. The faulty step carries canary secrets in a header and in
// the query (apikey authentication), where a careless error message would quote them. Templates
// are compiled by Conduit's own template compiler, as in generated modules.
import type { CompiledAuth, CompiledConnector } from '../../../../runtime/connector.js';
import { composite, header, regular, tpl, type StepSpec } from '../../../support/runtime/connectors.js';
import { compileToFunction } from '../../../template/harness.js';
import { faultSlug, UPSTREAM_FAULTS, type UpstreamFault } from './fault-upstream.js';

/** A template compiled from Jinja2 text, as a generated module holds it (plain text: no HTML autoescaping). */
export function jinja(source: string, usesSecret = false) {
  return tpl(source, compileToFunction(source, { autoescape: false }), usesSecret);
}

const canaryHeader = header('X-Api-Key', jinja("{{ get_secret('canary_api_key') }}", true));
const canaryQuery: CompiledAuth = { type: 'api_key', key: 'key', value: jinja("{{ get_secret('canary_special_chars') }}", true), in: 'query' };

export interface FaultRegistryUrls {
  /** Where a step meets the fault. */
  fault(fault: UpstreamFault): string;
  /** A route of the fault upstream (`/a`, `/c`, `/healthy`). */
  route(path: string): string;
}

/** `regular-<slug>` and `chain-<slug>` per fault, plus `healthy`. */
export function faultConnectors(urls: FaultRegistryUrls): CompiledConnector[] {
  const connectors = [regular({ permalink: 'healthy', url: urls.route('/healthy') })];
  for (const fault of UPSTREAM_FAULTS) {
    const failing: StepSpec = {
      name: 'b',
      url: urls.fault(fault),
      headers: [canaryHeader],
      auth: canaryQuery,
      ...(fault.readsJson === true ? { responseBody: jinja('{{ (response.body | from_json).name }}') } : {}),
    };
    connectors.push(regular({ ...failing, permalink: `regular-${faultSlug(fault)}` }));
    connectors.push(
      composite({
        permalink: `chain-${faultSlug(fault)}`,
        steps: [{ name: 'a', url: urls.route('/a') }, failing, { name: 'c', url: urls.route('/c') }],
      }),
    );
  }
  return connectors;
}
