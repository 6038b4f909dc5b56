// The analysed templates of one connector, shared by IR assembly and the rules that read it.
import type { TemplateIR } from './ir.js';

/** Analysis result of each template of one connector, by connector-relative field key (null: had errors). */
export type TemplateTable = ReadonlyMap<string, TemplateIR | null>;
