// The machine-readable last line every benchmark prints, which bench/run-all.ts collects:
//
//   RESULT {"bench":"soak","checks":[{"name":"RSS growth","value":2.1,"unit":"%","target":"< 10 %","met":true}],"figures":{…}}
//
// `checks` are the figures that have a target (value, the target as text, met or not); `figures`
// holds everything else worth keeping (free-form JSON). One line, after all human-readable output.

export interface BenchCheck {
  readonly name: string;
  /** null when the bench could not measure it. */
  readonly value: number | null;
  readonly unit: string;
  /** e.g. `>= 5x`, `< 3000 ms`. */
  readonly target: string;
  readonly met: boolean;
}

export interface BenchResult {
  readonly bench: string;
  readonly checks: readonly BenchCheck[];
  readonly figures: Readonly<Record<string, unknown>>;
}

export const RESULT_PREFIX = 'RESULT ';

export function printResult(result: BenchResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** The last RESULT line of a bench's output, or null when there is none or it is not one. */
export function parseResult(output: string): BenchResult | null {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_PREFIX));
  if (line === undefined) return null;
  try {
    const parsed = JSON.parse(line.slice(RESULT_PREFIX.length)) as Partial<BenchResult>;
    if (typeof parsed.bench !== 'string' || !Array.isArray(parsed.checks)) return null;
    return { bench: parsed.bench, checks: parsed.checks, figures: parsed.figures ?? {} };
  } catch {
    return null;
  }
}
