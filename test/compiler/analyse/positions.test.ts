// Every diagnostic points at the exact spot: offsets inside the template go through the site's
// positionAt, so file positions follow however the value was written in the registry.
import { describe, expect, it } from 'vitest';
import { analyseTemplate } from '../../../compiler/analyse/analyse-template.js';
import { codesAt } from './analyse.js';
import { siteOf } from './template-site.js';

describe('diagnostic positions', () => {
  it('point at variables, members, filters, tests and functions on later lines', () => {
    const text = '{\n  "a": {{ usr.id }},\n  "b": {{ user.mail }},\n  "c": {{ user.id | jsn }},\n  "d": {{ user.id is nul }},\n  "e": {{ fn() }}\n}';
    expect(codesAt(text)).toEqual([
      'template-unknown-variable@2:11',
      'template-unknown-member@3:16',
      'template-unknown-filter@4:21',
      'template-unknown-test@5:22',
      'template-unknown-function@6:11',
    ]);
  });

  it('follow \\r\\n and \\r line ends', () => {
    expect(codesAt('a\r\n{{ usr }}\r\n{{ x }}')).toEqual(['template-unknown-variable@2:4', 'template-unknown-variable@3:4']);
    expect(codesAt('a\r{{ usr }}')).toEqual(['template-unknown-variable@2:4']);
  });

  it('are mapped through the site', () => {
    // A site whose value starts at line 10, column 20 of its file (e.g. a YAML plain scalar).
    const site = { ...siteOf('x {{ usr }}'), positionAt: (offset: number) => ({ line: 10, col: 20 + offset }) };
    const [d] = analyseTemplate(site).diagnostics;
    expect(d).toMatchObject({ file: 'template.txt', line: 10, col: 25 });
  });

  it('point inside string literals at the name', () => {
    expect(codesAt("{{ user['mail'] }}")).toEqual(['template-unknown-member@1:10']);
    expect(codesAt('{{ user["mail"] }}')).toEqual(['template-unknown-member@1:10']);
  });
});
