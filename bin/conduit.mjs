#!/usr/bin/env node
// The CLI is TypeScript and needs no build step: it runs from an esbuild bundle of its sources
// that ./cli-bundle.mjs keeps up to date in node_modules/.cache/ (starting through tsx's loader
// costs ~0.4 s per run). When no bundle can be made, or with CONDUIT_CLI_FROM_SOURCE=1, tsx loads
// the sources directly.
import { importCliModule } from './cli-bundle.mjs';

await importCliModule('main');
