// The arguments of a filter call that name things, read from the slot rules of the template
// vocabulary (runtime/template/vocabulary.ts): attribute paths (`map(attribute='a.b')`,
// `attr('x')`, `sort(attribute='a,b')`), test names (`select('odd')`) and filter names
// (`map('upper')`, whose following arguments are that filter's: `map('attr', 'x')`). The code
// generator refuses unsafe attribute names written literally; analysis also checks the names.
import { FILTERS, type AttributeArgument, type FilterEntry } from '../../runtime/template/vocabulary.js';
import type { Expr } from './ast.js';

export function filterEntry(name: string): FilterEntry | undefined {
  return Object.prototype.hasOwnProperty.call(FILTERS, name) ? (FILTERS as Record<string, FilterEntry>)[name] : undefined;
}

/** One argument expression and the slot it fills. */
export interface NamingArgument<Rule> {
  readonly node: Expr;
  readonly rule: Rule;
}

export interface FilterSlots {
  readonly attributes: readonly NamingArgument<AttributeArgument>[];
  readonly testNames: readonly Expr[];
  readonly filterNames: readonly Expr[];
}

interface KeywordArgument {
  readonly name: string;
  readonly value: Expr;
}

/** The naming arguments of `name(args…, kwargs…)`, as written (splatted ones are not known here). */
export function filterSlots(name: string, args: readonly Expr[], kwargs: readonly KeywordArgument[]): FilterSlots {
  const slots = { attributes: [] as NamingArgument<AttributeArgument>[], testNames: [] as Expr[], filterNames: [] as Expr[] };
  collect(name, args, kwargs, slots);
  return slots;
}

function collect(name: string, args: readonly Expr[], kwargs: readonly KeywordArgument[], slots: { attributes: NamingArgument<AttributeArgument>[]; testNames: Expr[]; filterNames: Expr[] }): void {
  const entry = filterEntry(name);
  if (entry === undefined) return;
  for (const rule of entry.attributeArguments) {
    const positional = rule.position === null ? undefined : args[rule.position];
    if (positional !== undefined) slots.attributes.push({ node: positional, rule });
    for (const k of kwargs) if (k.name === rule.keyword) slots.attributes.push({ node: k.value, rule });
  }
  const test = entry.testNameAt === null ? undefined : args[entry.testNameAt];
  if (test !== undefined) slots.testNames.push(test);
  const filter = entry.filterNameAt === null ? undefined : args[entry.filterNameAt];
  if (filter !== undefined) {
    slots.filterNames.push(filter);
    // The named filter gets the arguments after its name (Jinja2's prepare_map).
    if (filter.kind === 'Const' && typeof filter.value === 'string') collect(filter.value, args.slice(entry.filterNameAt! + 1), kwargs, slots);
  }
}

/** The names an attribute argument's literal text reads, as make_attrgetter splits it. */
export function attributeNames(text: string, rule: AttributeArgument): string[] {
  const attributes = rule.commaList ? text.split(',') : [text];
  return attributes.flatMap((attribute) => (rule.dotted ? attribute.split('.') : [attribute]));
}
