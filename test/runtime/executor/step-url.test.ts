// The URL a templated step sends: rendered URLs under the connector's literal origin go out as
// rendered (checked without a full parse), and a templated host that renders no valid URL is a
// rendering error of the step, whichever path the check takes.
import { describe, expect, it } from 'vitest';
import type { CompiledTemplate } from '../../../runtime/connector.js';
import { StepRenderError } from '../../../runtime/executor/step-request.js';
import { tpl } from '../../support/runtime/connectors.js';
import { buildFirstStep, connectorWithUrl } from './helpers.js';

async function urlOf(template: CompiledTemplate, origin: string | null): Promise<string> {
  return (await buildFirstStep(connectorWithUrl(template, origin))).request.url;
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
