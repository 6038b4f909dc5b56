// Filter and test names: KNOWN_NAMES only, with suggestions, hints for HTML-only filters and
// other engines' spellings, and the names passed to map/select/reject/selectattr.
import { describe, expect, it } from 'vitest';
import { KNOWN_NAMES } from '../../../compiler/analyse/known-names.js';
import { codesAt, only } from './analyse.js';

const x = { extraVariables: ['x'] };

describe('known names', () => {
  it('include the Conduit extras and every Jinja2 3.1 filter and test, the HTML ones too', () => {
    for (const name of ['from_json', 'json_encode', 'tojson', 'base64_encode', 'base64_decode']) {
      expect(KNOWN_NAMES.filters.has(name)).toBe(true);
    }
    for (const name of ['safe', 'forceescape', 'urlize', 'xmlattr']) expect(KNOWN_NAMES.filters.has(name)).toBe(true);
    expect(KNOWN_NAMES.tests.has('defined')).toBe(true);
    expect(KNOWN_NAMES.tests.has('escaped')).toBe(true);
  });
});

describe('filters', () => {
  it('accepts every known filter', () => {
    for (const name of KNOWN_NAMES.filters) expect(codesAt(`{{ x | ${name} }}`, x)).toEqual([]);
  });

  it('rejects an unknown filter at its name, with a suggestion', () => {
    const d = only('{{ x | from_jsn }}', x);
    expect(d).toMatchObject({ code: 'template-unknown-filter', col: 8 });
    expect(d.message).toBe("unknown filter 'from_jsn' (did you mean 'from_json'?)");
    expect(only('{{ x\n  | trim\n  | lowr }}', x)).toMatchObject({ line: 3, col: 5 });
  });

  it("maps other engines' spellings to Conduit's filters", () => {
    expect(only('{{ x | json }}', x).message).toBe("unknown filter 'json' (did you mean 'json_encode'?)");
    expect(only('{{ x | b64encode }}', x).message).toBe("unknown filter 'b64encode' (did you mean 'base64_encode'?)");
  });

  it('accepts the markup filters (autoescaping is on by default)', () => {
    expect(codesAt("{{ x | safe }}{{ x | e }}{{ x | forceescape }}{{ x | urlize(20, true) }}{{ {'a': x} | xmlattr }}", x)).toEqual([]);
  });

  it('checks filter blocks and the filters named by map', () => {
    expect(only('{% filter uper %}x{% endfilter %}')).toMatchObject({ code: 'template-unknown-filter', col: 11 });
    expect(only("{{ x | map('uper') | list }}", x)).toMatchObject({ code: 'template-unknown-filter', col: 13 });
    expect(codesAt("{{ x | map('upper') | map(attribute='name') | join(',') }}", x)).toEqual([]);
  });

  it('checks the arguments of filters', () => {
    expect(codesAt('{{ x | default(y) }}', x)).toEqual(['template-unknown-variable@1:16']);
  });
});

describe('tests', () => {
  it('accepts every known test', () => {
    for (const name of KNOWN_NAMES.tests) expect(codesAt(`{{ x is ${name} }}`, x)).toEqual([]);
    expect(codesAt('{{ x is not none }}{{ x is divisibleby(3) }}{{ x is sameas(false) }}', x)).toEqual([]);
  });

  it('rejects an unknown test at its name, with a suggestion', () => {
    const d = only('{% if x is defind %}{% endif %}', x);
    expect(d).toMatchObject({ code: 'template-unknown-test', col: 12 });
    expect(d.message).toBe("unknown test 'defind' (did you mean 'defined'?)");
  });

  it('rejects the Python spellings that Jinja2 rejects as test names', () => {
    expect(only('{{ x is None }}', x).message).toBe("unknown test 'None' (did you mean 'none'?)");
    expect(only('{{ x is True }}', x).code).toBe('template-unknown-test');
  });

  it('checks tests named by select, reject, selectattr and rejectattr', () => {
    expect(only("{{ x | select('od') | list }}", x)).toMatchObject({ code: 'template-unknown-test', col: 16 });
    expect(only("{{ x | rejectattr('a', 'nonee') | list }}", x)).toMatchObject({ code: 'template-unknown-test', col: 25 });
    expect(codesAt("{{ x | selectattr('active') | reject('none') | list }}", x)).toEqual([]);
  });

  it('accepts the escaped test', () => {
    expect(codesAt('{{ x is escaped }}', x)).toEqual([]);
  });

  it('needs a test name after is', () => {
    expect(only('{{ x is 3 }}', x)).toMatchObject({ code: 'template-syntax', col: 9 });
  });
});
