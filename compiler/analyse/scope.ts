// Template-local names with Jinja2's scoping: `{% set %}` binds in the current scope, a for
// body (and a block `set` / `filter` body) is a scope of its own whose names do not survive it.

/** What a local name holds: a plain value, or Jinja2's `loop` object (which has known members). */
export type Binding = 'value' | 'loop';

export class Scope {
  private readonly names = new Map<string, Binding>();

  constructor(private readonly parent: Scope | null = null) {}

  child(): Scope {
    return new Scope(this);
  }

  bind(name: string, binding: Binding = 'value'): void {
    this.names.set(name, binding);
  }

  lookup(name: string): Binding | undefined {
    for (let scope: Scope | null = this; scope !== null; scope = scope.parent) {
      const found = scope.names.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Names bound in this scope itself (not its parents). */
  ownNames(): Iterable<string> {
    return this.names.keys();
  }

  /** Every name visible here, innermost first. */
  *visibleNames(): Iterable<string> {
    for (let scope: Scope | null = this; scope !== null; scope = scope.parent) yield* scope.names.keys();
  }
}
