// Types of ./cli-bundle.mjs (plain JavaScript: it runs before TypeScript can be loaded).

/** The modules of the CLI's bundle, by output name. */
export const CLI_ENTRIES: Readonly<Record<string, string>>;

export interface BundledEntryOptions {
  /** The project folder: sources, package.json, tsconfig.json and node_modules/ live here. */
  readonly root: string;
  /** The bundle's entry modules: {output name: source path relative to root}. */
  readonly entries: Readonly<Record<string, string>>;
  /** Which entry's bundled module to return. */
  readonly name: string;
  /** Where bundles are kept; default root/node_modules/.cache/conduit-cli. */
  readonly cacheDir?: string;
}

/** The file URL of the bundled entry `name`, up to date with its sources, or null when no bundle can be made. */
export function bundledEntry(options: BundledEntryOptions): Promise<string | null>;

/** Runs the CLI module `name` of CLI_ENTRIES in this thread (from the bundle, or through tsx). */
export function importCliModule(name: string): Promise<unknown>;
