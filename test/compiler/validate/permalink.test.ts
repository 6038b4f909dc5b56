// Permalinks derived from names (SPEC §1) and the slug rule for given permalinks and step names.
import { describe, expect, it } from 'vitest';
import { derivePermalink, isSlug } from '../../../compiler/validate/slug.js';

describe('derivePermalink', () => {
  it.each([
    ['Auth and Fetch User', 'auth-and-fetch-user'],
    ['Weather API', 'weather-api'],
    ['  Padded  Name  ', 'padded-name'],
    ['Community Cases — List', 'community-cases-list'],
    ['Aha Ideas - List Products', 'aha-ideas-list-products'],
    ['v2/orders (beta)!', 'v2-orders-beta'],
    ['snake_case_name', 'snake-case-name'],
    ['Café Menü', 'caf-men'],
    ['123', '123'],
    ['!!!', ''],
    ['', ''],
  ])('%j -> %j', (name, permalink) => {
    expect(derivePermalink(name)).toBe(permalink);
    if (permalink !== '') expect(isSlug(permalink)).toBe(true);
  });
});

describe('isSlug', () => {
  it('accepts lower-case letters and digits in hyphen-joined runs', () => {
    for (const ok of ['auth', 'fetch-user', 'v2', 'a-b-c-1']) expect(isSlug(ok), ok).toBe(true);
  });
  it('refuses upper case, underscores, spaces, and leading, trailing or doubled hyphens', () => {
    for (const bad of ['Auth', 'fetch_user', 'fetch user', '-a', 'a-', 'a--b', '', 'é']) expect(isSlug(bad), bad).toBe(false);
  });
});
