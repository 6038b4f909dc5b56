// Renders a JSON value from auth config (JWT claims, JWT header fields) to plain JS data:
// every string in it is a template rendered in the hdr slot, so it stays a string.
import type { CompiledJson, TemplateValue } from '../connector.js';

type Render = (value: TemplateValue) => string;

export function renderJson(json: CompiledJson, render: Render): unknown {
  switch (json.kind) {
    case 'template':
      return render(json.value);
    case 'literal':
      return json.value;
    case 'array':
      return json.items.map((item) => renderJson(item, render));
    case 'object':
      return renderJsonObject(json, render);
  }
}

export function renderJsonObject(json: CompiledJson & { readonly kind: 'object' }, render: Render): Record<string, unknown> {
  // A null-prototype object: a claim named `__proto__` is data, not a prototype change.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of json.entries) out[name] = renderJson(value, render);
  return out;
}
