// The V8 flags server processes get (runtime/server/server-node-flags.ts): added to a worker's
// execArgv unless the operator chose a value already, on the command line or in NODE_OPTIONS.
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS, withServerNodeFlags } from '../../../runtime/server/server-node-flags.js';

describe('withServerNodeFlags', () => {
  it('adds the server flags after what the process was started with', () => {
    expect(SERVER_NODE_FLAGS).toEqual(['--max-semi-space-size=32']);
    expect(withServerNodeFlags(['--import', 'tsx'], '')).toEqual(['--import', 'tsx', '--max-semi-space-size=32']);
  });

  it("keeps the operator's own value from the command line or NODE_OPTIONS", () => {
    expect(withServerNodeFlags(['--max-semi-space-size=64'], '')).toEqual(['--max-semi-space-size=64']);
    expect(withServerNodeFlags([], '--enable-source-maps  --max-semi-space-size=8')).toEqual([]);
  });
});
