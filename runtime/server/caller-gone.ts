// Tells a connector's upstream calls that the caller disconnected: the CancelSignal the request
// handler passes to the executor. Lighter than an AbortController per request (no EventTarget,
// no event objects): steps run one after another, so there is at most one listener at a time.
import type { CancelSignal } from '../http/types.js';

type Listener = { handleEvent(): void };

export class CallerGone implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Listener[] = [];

  addEventListener(_type: 'abort', listener: Listener): void {
    this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: Listener): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }

  /** Marks the caller gone and tells every listener, once. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new Error('the caller closed the connection');
    for (const listener of this.listeners.splice(0)) listener.handleEvent();
  }
}
