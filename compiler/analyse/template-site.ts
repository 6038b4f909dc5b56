// Where a template sits: its text, slot and connector context, and how to turn an offset in the
// text into a file position (the loader knows how the YAML/JSON scalar was written).
import type { SourceLocation, Slot } from './ir.js';

export interface TemplateSite {
  /** The template text (the parsed scalar value). */
  readonly text: string;
  readonly slot: Slot;
  readonly file: string;
  /** Start of the YAML/JSON value. */
  readonly location: SourceLocation;
  /** Offset in `text` -> 1-based file position. */
  positionAt(offset: number): { line: number; col: number };
  readonly connectorKind: 'regular' | 'composite';
  /** 0 for regular connectors. */
  readonly stepIndex: number;
  /** All step names of the connector in order; [] for regular connectors. */
  readonly stepNames: readonly string[];
  /**
   * Extra top-level variable names the template may read in any slot (e.g. the context keys
   * given to `conduit render`). Optional; nothing extra when absent.
   */
  readonly extraVariables?: readonly string[];
  /** HTML autoescaping of the template (its registry file's `autoescape`); on unless false. */
  readonly autoescape?: boolean;
}

/** Where a template calls get_secret('NAME'): `check --secrets` points here when NAME is missing. */
export interface SecretUse {
  readonly name: string;
  readonly file: string;
  /** 1-based file position of the `get_secret` call. */
  readonly line: number;
  readonly col: number;
}

/** A get_secret('NAME') call by its offset in the template text: the same for every identical template. */
export interface SecretCall {
  readonly name: string;
  readonly offset: number;
}

/** The SecretUse of a call in the template at `site`. */
export function secretUseAt(site: TemplateSite, call: SecretCall): SecretUse {
  const { line, col } = site.positionAt(call.offset);
  return { name: call.name, file: site.file, line, col };
}
