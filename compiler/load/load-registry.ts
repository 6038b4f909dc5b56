// Reads every *.yaml, *.yml and *.json file of a registry folder and its sub-folders (SPEC §1 v2:
// `widgets/<name>/connectors.json`), in sorted order of their relative paths so the result never
// depends on the file system's listing order. Hidden folders (.git, ...) and node_modules are not
// registry content and are skipped. One file failing to read or parse does not stop the others:
// every problem is reported in one run.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseRegistryFile } from './parse-registry-file.js';
import type { RegistryFile } from './registry-file.js';

export interface LoadedRegistry {
  /** Files that parsed without errors, in sorted order. */
  readonly files: readonly RegistryFile[];
  readonly diagnostics: readonly Diagnostic[];
}

const REGISTRY_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function isRegistryFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return REGISTRY_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The path shown in diagnostics: relative to the cwd when below it, else absolute. */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, absolute);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

/** One registry file's text, read but not parsed yet. */
export interface RegistrySource {
  readonly path: string;
  readonly text: string;
}

export interface RegistrySources {
  /** Readable registry files, in sorted order. */
  readonly sources: readonly RegistrySource[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Lists and reads the registry files of a folder. Parsing is separate so a large registry can
 * be parsed and checked one file at a time (only one YAML document in memory at once).
 */
export async function readRegistrySources(dir: string): Promise<RegistrySources> {
  const absoluteDir = path.resolve(dir);
  const dirShown = displayPath(absoluteDir);
  const at = { file: dirShown, line: 1, col: 1 };
  let names: string[];
  try {
    const info = await stat(absoluteDir);
    if (!info.isDirectory()) {
      return { sources: [], diagnostics: [createDiagnostic('registry-not-found', at, `'${dirShown}' is not a folder`, 'pass the registry folder with --registry DIR')] };
    }
    names = await registryFileNames(absoluteDir, '');
  } catch (err) {
    const message = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `registry folder '${dirShown}' does not exist` : `cannot read registry folder '${dirShown}': ${(err as Error).message}`;
    return { sources: [], diagnostics: [createDiagnostic('registry-not-found', at, message, 'pass the registry folder with --registry DIR, or create one with `conduit init`')] };
  }
  // Code-unit order, not locale order: the same on every machine.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) {
    return { sources: [], diagnostics: [createDiagnostic('registry-empty', at, `registry folder '${dirShown}' holds no .yaml, .yml or .json file`, 'create one with `conduit init`')] };
  }
  let realDir: string;
  try {
    realDir = await realpath(absoluteDir);
  } catch {
    realDir = absoluteDir;
  }
  const read = await Promise.all(names.map((name) => readSource(realDir, path.join(absoluteDir, name))));
  const sources: RegistrySource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const result of read) {
    if ('text' in result) sources.push(result);
    else diagnostics.push(result);
  }
  return { sources, diagnostics };
}

/** Larger files are refused unread: the largest real registries are a few megabytes. */
export const MAX_REGISTRY_FILE_BYTES = 32 * 1024 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * One registry entry's text, or why it is not read. What a link leads to is judged before a byte
 * is read: a link out of the registry folder (/etc/passwd) and anything but a regular file
 * (/dev/urandom, a FIFO) are refused, so their content never reaches a code frame.
 */
async function readSource(realDir: string, absolute: string): Promise<RegistrySource | Diagnostic> {
  const shown = displayPath(absolute);
  const at = { file: shown, line: 1, col: 1 };
  try {
    const real = await realpath(absolute);
    const inside = path.relative(realDir, real);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      return createDiagnostic('registry-file-refused', at, 'this symbolic link leads out of the registry folder: it is not read', 'copy the file into the registry folder, or link to a file inside it');
    }
    const info = await stat(real);
    if (!info.isFile()) return createDiagnostic('registry-file-refused', at, 'not a regular file (a device, FIFO or socket): it is not read');
    if (info.size > MAX_REGISTRY_FILE_BYTES) {
      return createDiagnostic('registry-file-refused', at, `the file is ${info.size} bytes, over the ${MAX_REGISTRY_FILE_BYTES}-byte limit for a registry file: it is not read`, 'split it into several files');
    }
    const bytes = await readFile(real);
    try {
      return { path: shown, text: stripBom(UTF8.decode(bytes)) };
    } catch {
      const offset = firstInvalidUtf8(bytes);
      const before = bytes.subarray(0, offset).toString('utf8');
      const line = before.split('\n').length;
      const col = before.length - before.lastIndexOf('\n');
      return createDiagnostic('registry-not-utf8', { file: shown, line, col }, `the file is not valid UTF-8: byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset}`, 'save the file as UTF-8');
    }
  } catch (err) {
    return createDiagnostic('registry-read-error', at, `cannot read file: ${(err as Error).message}`);
  }
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by bisection (each probe is one native decode).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
    } catch {
      valid = false;
    }
    if (valid) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(lo, bytes.length - 1);
}

/** Registry file paths below `dir` (relative, with `/`); symbolic links to files count, linked folders are not followed. */
async function registryFileNames(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') names.push(...(await registryFileNames(root, name)));
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isRegistryFileName(entry.name)) {
      names.push(name);
    }
  }
  return names;
}

/** Reads and parses every registry file of a folder. */
export async function loadRegistry(dir: string): Promise<LoadedRegistry> {
  const read = await readRegistrySources(dir);
  const files: RegistryFile[] = [];
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  for (const source of read.sources) {
    const parsed = parseRegistryFile(source.path, source.text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.file !== null) files.push(parsed.file);
  }
  return { files, diagnostics };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
