// Types of ./cli-bundle.mjs (plain JavaScript: it runs before TypeScript can be loaded).
export interface BundledEntryOptions {
  /** The project folder: sources, package.json, tsconfig.json and node_modules/ live here. */
  readonly root: string;
  /** The entry module, relative to root. */
  readonly entry: string;
  /** Where bundles are kept; default root/node_modules/.cache/conduit-cli. */
  readonly cacheDir?: string;
}

/** The file URL of an up-to-date bundle of the entry, or null when none can be made. */
export function bundledEntry(options: BundledEntryOptions): Promise<string | null>;
