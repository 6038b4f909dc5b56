// Tells a connector's upstream calls that the caller disconnected: the CancelSignal the request
// handler passes to the executor. Lighter than an AbortController per request (no EventTarget,
// no event objects): steps run one after another, so there is at most one listener at a time.
import type { CancelSignal } from '../http/types.js';

type Listener = { handleEvent(): void };

export class CallerGone implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  /** Made on the first listener: most requests finish without one being left. */
  private listeners: Listener[] | null = null;

  addEventListener(_type: 'abort', listener: Listener): void {
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: Listener): void {
    const listeners = this.listeners;
    if (listeners === null) return;
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  }

  /** Marks the caller gone and tells every listener, once. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new Error('the caller closed the connection');
    const listeners = this.listeners;
    this.listeners = null;
    if (listeners !== null) for (const listener of listeners) listener.handleEvent();
  }
}
