// `conduit run` lists each step; for issue 17 it adds a parallel step's start offset and says when
// a step was skipped (its when: was false) or cancelled.
import { describe, expect, it } from 'vitest';
import { formatRunResult } from '../../cli/commands/run.js';

describe('conduit run output for parallel and conditional steps', () => {
  it('shows start offsets, skipped and cancelled steps', () => {
    const text = formatRunResult({
      ok: false,
      requestId: '5d0c7f6e-8a61-4a53-9a8e-3c1f0b2d4e6a',
      status: 502,
      headers: {},
      body: Buffer.from('{}'),
      steps: [
        { name: 'a', index: 0, statusCode: null, durationMs: 5, startMs: 0.25, cancelled: true },
        { name: 'b', index: 1, statusCode: null, durationMs: 0, skipped: true },
        { name: 'c', index: 2, statusCode: 503, durationMs: 2, startMs: 1 },
      ],
      totalMs: 6,
      debugRequest: [],
      error: null,
    });
    const rows = text.split('\n').filter((line) => /^ {3}\d {2}/.test(line)).map((line) => line.replace(/ +/g, ' ').trim());
    expect(rows).toEqual(['0 a - 5.00 ms start +0.25 ms cancelled', '1 b - 0.00 ms skipped (when: false)', '2 c 503 2.00 ms start +1.00 ms']);
  });
});
