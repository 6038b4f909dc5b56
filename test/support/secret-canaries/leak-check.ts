// Finds secret values in captured output: as written, JSON-escaped, URL- and form-encoded, and
// base64 / base64url at any byte alignment (a secret inside `Basic base64(id:secret)` is
// encoded from an arbitrary offset, so its own base64 is not a substring; the middle of each
// of the three alignments is).
import { readFileSync } from 'node:fs';
import { ALL_CANARY_VALUES } from './canaries.js';

export interface CapturedText {
  /** Where the text came from, e.g. `log`, `error body`, `X-Debug-Request`. */
  readonly source: string;
  readonly text: string;
}

export interface SecretLeak {
  readonly source: string;
  /** Which secret (its index in the list checked) and in which form it was found. */
  readonly secretIndex: number;
  readonly form: string;
}

/** The stable inner part of the base64 of `value` when it starts `shift` bytes into a 3-byte group. */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Only characters whose 6 bits all come from the value: the rest mix in unknown neighbours.
    const start = Math.ceil((shift * 8) / 6);
    const end = Math.floor(((shift + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    if (core.length >= 8) cores.push(core);
  }
  return cores;
}

/** Every form in which a value counts as leaked. */
export function leakForms(value: string): ReadonlyMap<string, string> {
  const forms = new Map<string, string>([
    ['raw', value],
    ['json-escaped', JSON.stringify(value).slice(1, -1)],
    ['url-encoded', encodeURIComponent(value)],
    ['form-encoded', new URLSearchParams([['', value]]).toString().slice(1)],
  ]);
  base64Cores(value).forEach((core, i) => {
    forms.set(`base64@${i}`, core);
    forms.set(`base64url@${i}`, core.replace(/\+/g, '-').replace(/\//g, '_'));
  });
  return forms;
}

export function findSecretLeaks(captured: Iterable<CapturedText | string>, secrets: readonly string[] = ALL_CANARY_VALUES): SecretLeak[] {
  const formsBySecret = secrets.map((s) => leakForms(s));
  const leaks: SecretLeak[] = [];
  for (const item of captured) {
    const { source, text } = typeof item === 'string' ? { source: 'text', text: item } : item;
    formsBySecret.forEach((forms, secretIndex) => {
      for (const [form, needle] of forms) {
        if (text.includes(needle)) {
          leaks.push({ source, secretIndex, form });
          break;
        }
      }
    });
  }
  return leaks;
}

/** Throws when any captured text holds any secret; the message names the source and form, not the value. */
export function assertNoSecretLeaks(captured: Iterable<CapturedText | string>, secrets: readonly string[] = ALL_CANARY_VALUES): void {
  const items = [...captured];
  const leaks = findSecretLeaks(items, secrets);
  if (leaks.length > 0) {
    const lines = leaks.map((l) => `secret #${l.secretIndex} (${l.form}) in ${l.source}`);
    throw new Error(`secret values leaked (${leaks.length}):\n${lines.join('\n')}`);
  }
  if (items.length === 0) throw new Error('nothing was captured: a leak check over no output proves nothing');
}

/** Distinctive lines of PEM private keys (one base64 body line each), to scan for leaked keys. */
export function pemCanaries(pems: readonly string[]): string[] {
  return pems.map((pem) => {
    const body = pem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
    return body[Math.floor(body.length / 2)]!;
  });
}

/** Reads a JSON-lines capture file written by ./leak-recorder.ts. */
export function readCaptureFile(path: string): CapturedText[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as CapturedText);
}
