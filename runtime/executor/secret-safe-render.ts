// Rendering for templates whose value may be, or derive from, a secret: the hdr slot (header and
// query values, every authentication config value) and any template whose IR calls get_secret.
// A render error there may quote a transformed secret (reversed, upper-cased, sliced, base64'd)
// that the exact-value redactor cannot recognise, so its message is rebuilt from the template's
// source text and the error's stable code; the original message is dropped, never logged.
import type { TemplateValue } from '../connector.js';
import { renderWithBudget } from '../template/render-budget.js';
import { TemplateRenderError, type TemplateEnv, type TemplateVars } from '../template/types.js';

/** The message a secret-bearing template's failure carries: source text and code only. */
export function secretSafeRenderMessage(code: string, where: string, source: string): string {
  return `Template rendering failed (${code}) in ${where}: ${source}`;
}

function isRenderError(err: unknown): err is TemplateRenderError {
  return err instanceof TemplateRenderError || (err instanceof Error && err.name === 'TemplateRenderError');
}

/**
 * Renders `value`; on failure throws a TemplateRenderError that names `where` and quotes the
 * template source, never the error's own message. RangeErrors (stack overflow, string past V8's
 * limit) carry no data and keep their meaning for the caller; any other error a filter threw is
 * turned into a render error too, since its message may quote a value.
 */
export function renderSecretSafe(value: TemplateValue, vars: TemplateVars, env: TemplateEnv, where: string): string {
  if (typeof value === 'string') return value;
  try {
    return renderWithBudget(value.render, vars, env);
  } catch (err) {
    if (err instanceof RangeError) throw err;
    const code = isRenderError(err) ? (err.code ?? 'error') : 'error';
    // The 422 envelope keeps its contract text (SPEC §5, built from the code alone); this message
    // is the log line's detail.
    throw new TemplateRenderError(code, secretSafeRenderMessage(code, where, value.source));
  }
}
