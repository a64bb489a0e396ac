/**
 * The forwarding lane to the upstream: one JSON-RPC request out, the upstream's raw response back.
 * Allowed `tools/call`s take it instead of the SDK `Client`'s request path, which validates and
 * re-serialises every result; the proxy relays what the upstream said and leaves validation to the
 * client at the far end. The lane shares the `Client`'s connection and session, so everything
 * else (initialize, lists, prompts, resources, notifications) still goes through the SDK.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { CancelSignal } from './cancel-signal.js';

/** A JSON-RPC error object as it goes on the wire. */
export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** The outcome of one request: the upstream's `result`, or a JSON-RPC `error`. */
export type RpcOutcome = { result: Record<string, unknown> } | { error: RpcError };

/**
 * Told once whether a request left for the upstream: `true` once it was handed to a live upstream
 * (written to its stdin, sent on a socket), `false` when it never was (the upstream is gone, the
 * send failed, or the request was cancelled before it went). Never called before `request`
 * returns, so the caller can finish its own bookkeeping first.
 */
export type SentListener = (sent: boolean) => void;

export interface UpstreamLane {
  request(method: string, params: unknown, signal?: CancelSignal, onSent?: SentListener): Promise<RpcOutcome>;
}

/** JSON-RPC codes used by the lanes (the SDK's `ErrorCode` values). */
export const INTERNAL_ERROR = -32603;
export const REQUEST_TIMEOUT = -32001;

/** As the SDK `Client`'s default: an upstream that does not answer in 60 s gets a timeout error. */
export const LANE_TIMEOUT_MS = 60_000;
/** How often the lane looks for requests past their deadline (so a timeout fires within 60–61 s). */
const SWEEP_MS = 1_000;

/** An outcome from a JSON-RPC response message (anything else is the upstream's protocol error). */
export function outcomeOf(message: Record<string, unknown>): RpcOutcome {
  const error = message.error as Partial<RpcError> | undefined;
  if (error && typeof error === 'object') {
    return {
      error: {
        code: Number.isSafeInteger(error.code) ? error.code! : INTERNAL_ERROR,
        message: typeof error.message === 'string' ? error.message : 'upstream error',
        ...(error.data !== undefined ? { data: error.data } : {}),
      },
    };
  }
  const result = message.result;
  if (result && typeof result === 'object' && !Array.isArray(result)) return { result: result as Record<string, unknown> };
  return { error: { code: INTERNAL_ERROR, message: 'upstream answered without a result object' } };
}

/** The outcome for a thrown error, as the SDK's protocol layer would answer it. */
export function outcomeOfError(error: unknown): RpcOutcome {
  const e = error as { code?: unknown; message?: unknown; data?: unknown };
  return {
    error: {
      code: Number.isSafeInteger(e?.code) ? (e.code as number) : INTERNAL_ERROR,
      message: typeof e?.message === 'string' && e.message !== '' ? e.message : 'Internal error',
      ...(e?.data !== undefined ? { data: e.data } : {}),
    },
  };
}

interface Pending {
  /** Ends the request with the upstream's own answer (so the request certainly reached it). */
  answered: (outcome: RpcOutcome) => void;
  /** Ends the request with an outcome of the lane's own. */
  resolve: (outcome: RpcOutcome) => void;
  settle: () => void;
  /** `Date.now()` past which the request times out. */
  deadline: number;
  expire: () => void;
}

/** The answer to a request on a lane whose connection has closed. */
const connectionClosed = (): RpcOutcome => ({ error: { code: INTERNAL_ERROR, message: 'upstream connection closed' } });

/**
 * Sends request `id`. It resolves once the request was handed to the upstream (a lane that learns
 * of that earlier, or only then, calls `written`), and rejects, or calls `written(false)`, when
 * the request could not go. A rejection after the request went is an error answer, nothing more.
 */
export type SendRequest = (id: string, written: (sent: boolean) => void) => Promise<void>;

/**
 * Requests in flight on a lane, by the lane's own ids. The ids are strings (`gait-<n>`), so they
 * never collide with the numeric ids of the `Client` sharing the connection.
 */
export class PendingRequests {
  private next = 0;
  private readonly waiting = new Map<string, Pending>();
  private sweeper: NodeJS.Timeout | undefined;
  /** Set by `closeAll`: the connection is gone, and no request is sent on it again. */
  private closed = false;

  /**
   * Registers a request and sends it with `send`. Resolves with the upstream's answer, a timeout
   * error, or, when `signal` aborts, a cancellation error (and `cancel` tells the upstream). On a
   * closed lane it resolves with a connection error at once, sending nothing. `onSent` hears
   * whether the request left (see `SentListener`): from `send`, or `true` with the upstream's answer.
   */
  start(send: SendRequest, cancel: (id: string, reason: string) => void, signal?: CancelSignal, onSent?: SentListener): Promise<RpcOutcome> {
    if (this.closed || signal?.aborted) {
      const outcome: RpcOutcome = this.closed ? connectionClosed() : { error: { code: INTERNAL_ERROR, message: `request cancelled: ${String(signal?.reason ?? 'cancelled')}` } };
      const refused = Promise.resolve(outcome);
      // Told after `start` returns, as every other outcome is.
      if (onSent) void refused.then(() => onSent(false));
      return refused;
    }
    const id = `gait-${++this.next}`;
    let told = onSent === undefined;
    let starting = true;
    const written = (sent: boolean) => {
      if (told) return;
      told = true;
      // A lane that knew at once (its send failed before returning) is still heard after `start` returns.
      if (starting) queueMicrotask(() => onSent!(sent));
      else onSent!(sent);
    };
    const outcome = new Promise<RpcOutcome>((resolve) => {
      const onAbort = () => {
        const reason = String(signal?.reason ?? 'cancelled');
        cancel(id, reason);
        finish({ error: { code: INTERNAL_ERROR, message: `request cancelled: ${reason}` } });
      };
      const finish = (outcome: RpcOutcome) => {
        if (!this.waiting.delete(id)) return;
        // Ended (closed lane, cancelled, timed out) before the lane knew the request had left:
        // told as not sent, so every request is told exactly once. No-op when already told.
        written(false);
        if (this.waiting.size === 0) this.sweeper?.unref();
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      this.waiting.set(id, {
        answered: (outcome) => {
          // The upstream had it, whether or not the lane has heard yet that its write completed.
          written(true);
          finish(outcome);
        },
        resolve: finish,
        settle: () => finish(connectionClosed()),
        deadline: Date.now() + LANE_TIMEOUT_MS,
        expire: () => {
          cancel(id, 'timeout');
          finish({ error: { code: REQUEST_TIMEOUT, message: `upstream did not answer within ${LANE_TIMEOUT_MS} ms` } });
        },
      });
      this.watchDeadlines();
      signal?.addEventListener('abort', onAbort, { once: true });
      send(id, written).then(
        () => written(true),
        (error: unknown) => {
          written(false);
          finish(outcomeOfError(error));
        },
      );
    });
    starting = false;
    return outcome;
  }

  /**
   * One timer for every request's deadline instead of one per request (arming and clearing a
   * timer per call showed in the profile). It holds the process open only while requests wait,
   * as their own timers would.
   */
  private watchDeadlines(): void {
    if (!this.sweeper) {
      this.sweeper = setInterval(() => {
        const now = Date.now();
        for (const pending of [...this.waiting.values()]) if (pending.deadline <= now) pending.expire();
      }, SWEEP_MS);
    }
    if (this.waiting.size === 1) this.sweeper.ref();
  }

  /** True when `message` answered one of this lane's requests (it is then consumed). */
  answer(message: Record<string, unknown>): boolean {
    const id = message.id;
    if (typeof id !== 'string' || !('result' in message || 'error' in message)) return false;
    const pending = this.waiting.get(id);
    if (!pending) return false;
    pending.answered(outcomeOf(message));
    return true;
  }

  has(id: string): boolean {
    return this.waiting.has(id);
  }

  /** Ends request `id`, if it still waits, with an internal error saying `message`. */
  fail(id: string, message: string): void {
    this.waiting.get(id)?.resolve({ error: { code: INTERNAL_ERROR, message } });
  }

  /** Ends every request in flight with a connection error; later requests get it at once. */
  closeAll(): void {
    this.closed = true;
    for (const pending of [...this.waiting.values()]) pending.settle();
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/**
 * A lane over the transport an SDK `Client` is connected on (stdio, in-memory, …): requests are
 * sent on the same transport, and their answers are taken out of the message stream before the
 * `Client` sees it. Call after `client.connect()`, which installs the handlers wrapped here.
 */
export function transportLane(transport: Transport): UpstreamLane {
  const pending = new PendingRequests();
  const onmessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (!pending.answer(message as Record<string, unknown>)) onmessage?.call(transport, message, extra);
  };
  const onclose = transport.onclose;
  transport.onclose = () => {
    pending.closeAll();
    onclose?.call(transport);
  };
  return {
    request(method, params, signal, onSent) {
      return pending.start(
        // The transport's promise says whether the message was written (stdio: taken by the child's stdin).
        (id) => transport.send({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage),
        (id, reason) => {
          transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } }).catch(() => undefined);
        },
        signal,
        onSent,
      );
    },
  };
}
