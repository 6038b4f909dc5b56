// "Did you mean …?": the closest known name to a misspelt one, for every stage (schema keys and
// enum values, template variables, filters, members, step names). Bounded work: at most
// MAX_CANDIDATES candidates are compared and names longer than MAX_NAME_LENGTH get no suggestion,
// and each comparison stops as soon as it cannot beat the limit, so a file with many bad
// references stays fast however long its names are.

const MAX_CANDIDATES = 500;
const MAX_NAME_LENGTH = 64;

/**
 * Edit distance counting a swap of two neighbouring letters as one edit ("rnage" -> "range"),
 * or `limit + 1` as soon as the distance is known to exceed `limit`.
 */
function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Spelling that ignores case and the `-`/`_` choice: `Fetch_User` ~ `fetch-user`. */
function loose(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** The candidate closest to `name`, or undefined when none is close enough to be a typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_NAME_LENGTH) return undefined;
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  const wanted = loose(name);
  let seen = 0;
  for (const candidate of candidates) {
    if (++seen > MAX_CANDIDATES) break;
    if (candidate === name || candidate.length > MAX_NAME_LENGTH) continue;
    const limit = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
    const score = loose(candidate) === wanted ? 0 : boundedDistance(name, candidate, Math.min(limit, bestScore - 1));
    if (score <= limit && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** " (did you mean 'x'?)" or "" — appended to messages. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}

/**
 * For field names and enum values: case-insensitive, up to a third of the word may differ (at
 * least 1, at most 3 edits): `api_kye` -> `api_key`. Null when nothing is close enough.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | null {
  if (input.length > MAX_NAME_LENGTH) return null;
  const needle = input.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(needle.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates.slice(0, MAX_CANDIDATES)) {
    const distance = boundedDistance(needle, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
