// Which values are declared once: a value referenced from two places is declared, in its
// connector's module when one connector uses it, else in the shared module; declarations come
// after the values they reference; names are label + content hash.
import { describe, expect, it } from 'vitest';
import { CodeValues } from '../../../compiler/emit/code-value.js';
import { planSharing } from '../../../compiler/emit/value-sharing.js';

function header(values: CodeValues, key: string, value: string) {
  return values.object('CompiledKeyValue', `header_${key.toLowerCase()}`, [
    ['key', values.literal(`'${key}'`)],
    ['value', values.literal(`'${value}'`)],
  ]);
}

function connector(values: CodeValues, name: string, headers: ReturnType<typeof header>[]) {
  return values.object('CompiledConnector', 'connector', [
    ['name', values.literal(`'${name}'`)],
    ['headers', values.array('readonly CompiledKeyValue[]', 'headers', headers)],
  ]);
}

describe('value sharing', () => {
  it('builds one node per distinct value', () => {
    const values = new CodeValues();
    expect(header(values, 'Accept', 'application/json')).toBe(header(values, 'Accept', 'application/json'));
    expect(header(values, 'Accept', 'text/plain')).not.toBe(header(values, 'Accept', 'application/json'));
  });

  it('declares values used by two connectors in the shared module and values repeated in one connector locally', () => {
    const values = new CodeValues();
    const accept = header(values, 'Accept', 'application/json');
    const mine = header(values, 'X-Mine', 'only-in-connector-a-twice');
    const once = header(values, 'X-Once', 'used-once-and-inline');
    const a = connector(values, 'a', [accept, mine, mine, once]);
    const b = connector(values, 'b', [accept]);
    const plan = planSharing(values, [a, b]);
    expect(plan.shared.map((d) => d.node)).toEqual([accept]);
    expect(plan.local[0]!.map((d) => d.node)).toEqual([mine]);
    expect(plan.local[1]).toEqual([]);
    expect(plan.declared.has(once)).toBe(false);
    expect(plan.declared.get(accept)!.name).toMatch(/^header_accept_[0-9a-f]{10}$/);
  });

  it('orders declarations after what they reference, and names them by content, not by position', () => {
    const values = new CodeValues();
    const accept = header(values, 'Accept', 'application/json');
    const list = values.array('readonly CompiledKeyValue[]', 'headers', [accept, header(values, 'X-B', 'b-is-long-enough-to-declare')]);
    const roots = [
      values.object('CompiledConnector', 'connector', [['headers', list]]),
      values.object('CompiledConnector', 'connector', [['headers', list], ['extra', accept]]),
    ];
    const plan = planSharing(values, roots);
    const order = plan.shared.map((d) => d.node);
    expect(order.indexOf(accept)).toBeLessThan(order.indexOf(list));
    // The same value in another registry gets the same name.
    const again = new CodeValues();
    const other = header(again, 'Accept', 'application/json');
    const plan2 = planSharing(again, [connector(again, 'x', [other]), connector(again, 'y', [header(again, 'X-Y', 'another-header-value-here'), other])]);
    expect(plan2.declared.get(other)!.name).toBe(plan.declared.get(accept)!.name);
  });

  it('never declares small literal-only values on their own', () => {
    const values = new CodeValues();
    const none = values.object('CompiledAuth', 'auth_none', [['type', values.literal("'none'")]]);
    expect(none.kind === 'object' && none.oneLine).toBe("{ type: 'none' }");
    const plan = planSharing(values, [
      values.object('CompiledStep', 'step', [['authentication', none]]),
      values.object('CompiledStep', 'step', [['authentication', none], ['x', values.literal('1')]]),
    ]);
    expect(plan.declared.size).toBe(0);
  });
});
