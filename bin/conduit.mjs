#!/usr/bin/env node
// The CLI is TypeScript and needs no build step: it runs from an esbuild bundle of its sources
// that ./cli-bundle.mjs keeps up to date in node_modules/.cache/ (starting through tsx's loader
// costs ~0.4 s per run). When no bundle can be made, or with CONDUIT_CLI_FROM_SOURCE=1, tsx loads
// the sources directly.
import { fileURLToPath } from 'node:url';
import { bundledEntry, CLI_ENTRIES } from './cli-bundle.mjs';

const fromSource = process.env.CONDUIT_CLI_FROM_SOURCE === '1';
const entry = fromSource ? null : await bundledEntry({ root: fileURLToPath(new URL('..', import.meta.url)), entries: CLI_ENTRIES, name: 'main' });
if (entry === null) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../compiler/cli/main.ts');
} else {
  await import(entry);
}
