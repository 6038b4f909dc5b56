// Slugs (permalinks, step names) and the permalink derived from a connector name (SPEC §1).

/** Lower-case letters and digits in runs joined by single hyphens: `auth`, `fetch-user`, `v2-api`. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function isSlug(text: string): boolean {
  return SLUG_PATTERN.test(text);
}

/**
 * The permalink of a connector that does not set one: lower-case, every run of characters other
 * than [a-z0-9] (spaces, punctuation, accented letters) becomes one hyphen, hyphens trimmed.
 * "Auth and Fetch User" -> "auth-and-fetch-user"; "Community Cases — List" -> "community-cases-list".
 * Returns '' when the name has no ASCII letter or digit (the caller reports it).
 */
export function derivePermalink(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
