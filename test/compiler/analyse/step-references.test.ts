// steps.NAME / steps['NAME'] in composite connectors: only earlier steps, known members, the
// hyphen-as-subtraction trap, and no computed step names.
import { describe, expect, it } from 'vitest';
import { analyse, codesAt, only, stepOf } from './analyse.js';

// Steps: auth (0), fetch-user (1), enrich (2), save (3).

describe('step references', () => {
  it('accepts earlier steps in every spelling and records them', () => {
    const result = analyse(
      `{{ steps.auth.body }}{{ steps['fetch-user'].status_code }}{{ steps["auth"].headers['x'] }}`,
      stepOf(2),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.stepRefs).toEqual(['auth', 'fetch-user']);
  });

  it('rejects the step itself, pointing at the name', () => {
    const d = only("{{ steps['enrich'].body }}", stepOf(2));
    expect(d).toMatchObject({ code: 'template-step-self-reference', col: 11 });
    expect(d.hint).toBe("a step's own response is response.* in its response_body");
  });

  it('rejects later steps', () => {
    const d = only('{{ steps.save.body }}', stepOf(2));
    expect(d).toMatchObject({ code: 'template-step-forward-reference', col: 10 });
    expect(d.message).toBe("step 'save' runs after 'enrich': a step can only read the steps before it");
  });

  it('rejects unknown steps, suggesting an earlier one', () => {
    const d = only('{{ steps.aut.body }}', stepOf(2));
    expect(d).toMatchObject({ code: 'template-step-unknown', col: 10 });
    expect(d.message).toBe("no step named 'aut' in this connector (did you mean 'auth'?)");
    expect(d.hint).toBe("steps before 'enrich': auth, fetch-user");
    expect(only('{{ steps.x.body }}', stepOf(0)).hint).toBe("'auth' is the first step: it cannot read other steps");
  });

  it('checks the members of a step result', () => {
    const d = only('{{ steps.auth.json }}', stepOf(1));
    expect(d).toMatchObject({ code: 'template-unknown-member', col: 15 });
    expect(d.message).toBe("step 'auth' has no member 'json'");
    expect(d.hint).toBe("step 'auth' has: body, status_code, headers, skipped");
    expect(codesAt("{{ steps.auth.get('body') }}", stepOf(1))).toEqual([]);
  });

  describe('hyphenated names written with a dot', () => {
    it('recognises steps.fetch-user.body (parsed as subtraction)', () => {
      const d = only('{{ steps.fetch-user.body | from_json }}', stepOf(2));
      expect(d).toMatchObject({ code: 'template-step-hyphen', col: 10 });
      expect(d.hint).toBe("write steps['fetch-user']");
    });

    it('joins several hyphens and keeps checking the member', () => {
      const site = { kind: 'composite' as const, stepNames: ['get-user-id', 'use'], stepIndex: 1 };
      expect(codesAt('{{ steps.get-user-id.body }}', site)).toEqual(['template-step-hyphen@1:10']);
      expect(codesAt('{{ steps.get-user-id.bodyy }}', site)).toEqual([
        'template-step-hyphen@1:10',
        'template-unknown-member@1:22',
      ]);
    });

    it('flags the pattern even when the joined name is no step', () => {
      const d = only('{{ steps.fetch-usr.body }}', stepOf(2));
      expect(d).toMatchObject({ code: 'template-step-hyphen', col: 10 });
      expect(d.hint).toBe("write steps['fetch-usr']");
    });

    it('stops the name at a real subtraction after the member', () => {
      expect(only('{{ steps.fetch-user.status_code - 1 }}', stepOf(2)).hint).toBe("write steps['fetch-user']");
    });

    it('joins a number after the hyphen (steps.step-2.body)', () => {
      const site = { kind: 'composite' as const, stepNames: ['step-2', 'next'], stepIndex: 1 };
      const d = only('{{ steps.step-2.body }}', site);
      expect(d).toMatchObject({ code: 'template-step-hyphen', col: 10 });
      expect(d.hint).toBe("write steps['step-2']");
    });

    it('explains a hyphenated name that does not even parse (steps.get-2fa.body)', () => {
      const site = { kind: 'composite' as const, stepNames: ['get-2fa', 'next'], stepIndex: 1 };
      const d = only('{{ steps.get-2fa.body }}', site);
      expect(d).toMatchObject({ code: 'template-step-hyphen', col: 10 });
      expect(d.hint).toBe("write steps['get-2fa']");
    });

    it('leaves a local named steps alone', () => {
      expect(codesAt('{% set steps = namespace(a=1) %}{{ steps.a - 1 }}', stepOf(1))).toEqual([]);
    });
  });

  it('rejects computed and missing step names', () => {
    expect(codesAt('{% set n = "auth" %}{{ steps[n].body }}', stepOf(1))).toEqual(['template-step-dynamic@1:30']);
    expect(codesAt('{{ steps[0].body }}', stepOf(1))).toEqual(['template-step-dynamic@1:10']);
    expect(codesAt('{{ steps | tojson }}', stepOf(1))).toEqual(['template-step-dynamic@1:4']);
  });
});
