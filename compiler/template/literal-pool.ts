// The literals of one compiled template, pooled by the code generator as it writes them.
//
// A registry of many connectors repeats the same templates with another host, path or id
// (`https://api7.example.com/v2/accounts-7/users/{{ user.id }}`); their render functions are the
// same code around different strings and numbers. The generator writes every literal that comes
// from the template (text, names, string and number constants, messages) as a reference into
// this pool, `$s[i]` / `$n[i]`, so the code it writes is the template's *shape*: templates with
// equal shapes share one function `($s, $n) => (v, env) => ...` and each becomes
// `shape(["…"], [7])`. The bundled server then parses one function per shape instead of one per
// template, which is most of its start-up time for a large registry.
//
// Literals the generator chooses itself stay in the code: filter and test table keys
// (`rt.F["upper"]`, a named lookup for the engine), rt.fail's error code, loop bounds, counts.
// No other `$` can occur in generated code (identifiers are sanitised to [A-Za-z0-9_] and every
// string from the template is pooled), so a plain render function is the shape code with each
// reference put back.

export interface TemplateShape {
  /** `($s, $n) => (v, env) => ...`: the render function with literals read from $s / $n. */
  readonly code: string;
  /** The string literals' source text (JSON string literals), in table order. */
  readonly strings: readonly string[];
  /** The number literals' source text, in table order. */
  readonly numbers: readonly string[];
}

const REFERENCE = /\$([sn])\[(\d+)\]/g;

export class LiteralPool {
  private readonly strings: string[] = [];
  private readonly numbers: string[] = [];
  private readonly stringSlots = new Map<string, number>();
  private readonly numberSlots = new Map<string, number>();

  /** `$s[i]` for a string value (equal strings share a slot). */
  string(value: string): string {
    return `$s[${slot(this.strings, this.stringSlots, JSON.stringify(value))}]`;
  }

  /** `$n[i]` for a number's JS source text (equal texts share a slot). */
  number(text: string): string {
    return `$n[${slot(this.numbers, this.numberSlots, text)}]`;
  }

  get empty(): boolean {
    return this.strings.length === 0 && this.numbers.length === 0;
  }

  /** The shape of a render function written with this pool's references. */
  shape(render: string): TemplateShape {
    return { code: `($s, $n) => ${render}`, strings: [...this.strings], numbers: [...this.numbers] };
  }

  /** The render function with every reference replaced by its literal. */
  inline(render: string): string {
    return render.replace(REFERENCE, (_ref, table: string, index: string) => (table === 's' ? this.strings : this.numbers)[Number(index)]!);
  }
}

function slot(table: string[], slots: Map<string, number>, text: string): number {
  let index = slots.get(text);
  if (index === undefined) {
    index = table.push(text) - 1;
    slots.set(text, index);
  }
  return index;
}
