// @runtime-constants
/** Response headers: a `Headers` object, a record, or `[name, value]` pairs. */
export type HeadersInit =
  | {
      forEach(callback: (value: string, name: string) => void): void;
    }
  | Record<string, string>
  | ReadonlyArray<readonly [string, string]>;
/** A response body: raw bytes, text, or `null` when there was none. */
export type Body = Uint8Array | ArrayBuffer | string | null | undefined;
/** `"never"` or `"backoff"`. */
export type RetryPolicy = "never" | "backoff";
/** Options of an {@link APIError}. */
export interface APIErrorInit {
  status: number;
  type?: string | null;
  code?: string | null;
  param?: string | null;
  headers?: HeadersInit | null;
  body?: unknown;
  /** Read from an event of a stream: no status came with it on the wire. */
  fromStream?: boolean;
}
/** The body an error is written back out as: `{"error": {"message", "type", "code", "param"}}`. */
export interface ErrorEnvelope {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code?: string;
    readonly param?: string;
  };
}
/** The constructor of an error class. */
export type APIErrorClass = new (message: string, init: APIErrorInit) => APIError;
/** An error response of the API: the base of every status and code class. */
export declare class APIError extends Error {
  /** The HTTP status of this class (`null` for the base class). */
  static readonly STATUS: number | null;
  /** The error code of this class (`null` for a status class). */
  static readonly CODE: string | null;
  /** The HTTP status of the response. */
  readonly status: number;
  /** The error's type: the body's, else the status's ({@link statusType}). */
  readonly type: string;
  /** The `code` member read as text (`null` when it has none). */
  readonly code: string | null;
  /** The `param` member read as text, if any. */
  readonly param: string | null;
  /** `"never"` or `"backoff"`: a known code's policy, else the status's. */
  readonly retryPolicy: RetryPolicy;
  /** What a client can do about a known code. */
  readonly remediation: readonly string[];
  /** The documentation URL of a known code. */
  readonly docUrl: string | null;
  /** The response headers, names in lower case. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The parsed body, or its text when it was not JSON. */
  readonly body: unknown;
  /**
   * Whether the error was read from an event of a stream ({@link fromStreamEvent}): no status
   * came with it on the wire, and `status` is the catalog's for its code or type, else 500.
   */
  readonly fromStream: boolean;
  constructor(message: string, init: APIErrorInit);
  /** Whether the catalog says a request that failed this way may be retried. */
  get retryable(): boolean;
  /**
   * The error body `{"error": {"message", "type", "code", "param"}}`, `code` and `param` only
   * when it has them: what `JSON.stringify(error)` writes, and what {@link fromResponse} reads
   * back, with the same status, to the same retry policy.
   */
  toJSON(): ErrorEnvelope;
}
/** The retry policy of an error: a known code decides, else the catalog's status, else the default of an unlisted status. */
export declare function retryPolicy(status: number, code?: string | null): RetryPolicy;
/** The class for a status and code: the code's, else the status's, else `InternalServerError` for any other 5xx, else `APIError`. */
export declare function errorClass(status: number, code?: string | null): APIErrorClass;
/**
 * The type of an error whose body names none: the catalog's type for the status when it has
 * exactly one, else `http_4xx_error`, `http_5xx_error`, … after its class.
 */
export declare function statusType(status: number): string;
/**
 * The error of an HTTP response, as an instance of its most specific class, read as the retry
 * specification says (section 7). Never throws:
 *
 * - a body that is JSON, an object whose `error` member is an object, gives its `message` (else
 *   the body's text), its `type` (else the status's), its `code` and `param` read as text (a
 *   string as is, an integer of magnitude at most 2^53 - 1 as its digits, anything else none);
 * - `{"error": "text"}`, or a top-level `{"message": "text"}`, gives that message;
 * - any other body (HTML, text, empty, JSON with a lone surrogate, a number out of range or
 *   nesting deeper than `MAX_JSON_DEPTH`) gives its text as the message, cut to
 *   `MAX_MESSAGE_BYTES` bytes with a note of the full length.
 *
 * A known code decides the class and the retry policy however the body was written; without
 * one, the status does. Without a type in the body, the type is {@link statusType}.
 */
export declare function fromResponse(
  status: number,
  headers: HeadersInit | null | undefined,
  body: Body,
): APIError;
/** The header a hint came from. */
export type HintSource = "RetryAfterMs" | "RetryAfter" | "RateLimitReset";
/** Why the decision is to give up. */
export type GiveUpReason = "Fatal" | "Attempts" | "HintTooLong" | "Deadline";
/** A server hint: wait at least `delayS` seconds. */
export interface Hint {
  readonly delayS: number;
  readonly source: HintSource;
}
/**
 * What to do after a failed attempt (the outputs of the retry specification, section 3).
 * When retrying, wait `delayMs`: at least `delayFloorMs` (the hint, or 0 for backoff), below
 * `delayCeilingMs` unless the two are equal. When giving up because of a hint (`HintTooLong`, or
 * `Deadline` with a hint), `retryAfterMs` is the hint's wait.
 */
export interface RetryDecision {
  readonly retry: boolean;
  readonly reason: GiveUpReason | null;
  /** The retry policy of the error read from the status and body alone, whatever the headers say. */
  readonly policy: RetryPolicy;
  /** The header of the hint the delay honours, or that made the decision give up. */
  readonly hintSource: HintSource | null;
  readonly delayMs: number | null;
  readonly delayFloorMs: number | null;
  readonly delayCeilingMs: number | null;
  readonly retryAfterMs: number | null;
}
/** Options of {@link retryDecision} (the configuration of the retry specification, section 2.3). */
export interface RetryOptions {
  /** Attempts in all, the first included. Default `MAX_ATTEMPTS`. */
  maxAttempts?: number;
  /** The longest server hint waited for, in seconds. Default `MAX_HINT_S`. */
  maxHintS?: number;
  /** The deadline, in seconds from the start of the call. Default none. */
  deadlineS?: number | null;
  /** The most jitter added to a hint, in milliseconds. Default `HINT_JITTER_MS`. */
  hintJitterMs?: number;
  /** The ceiling of the first retry's backoff, in milliseconds. Default `BACKOFF_BASE_MS`. */
  backoffBaseMs?: number;
  /** No backoff ceiling exceeds this, in milliseconds. Default `BACKOFF_CAP_MS`. */
  backoffCapMs?: number;
  /** The random draw `0 <= u < 1` that places the delay. Default `Math.random()`. */
  random?: number;
}
/** The `x-should-retry` header: `true`, `false`, or `null` when absent or neither word. */
export declare function shouldRetry(headers: HeadersInit | null | undefined): boolean | null;
/**
 * The server's hint (section 6), the first that exists: `retry-after-ms`, `Retry-After`
 * (seconds or HTTP-date), `X-RateLimit-Reset`, else the longest wait among the empty windows of
 * the IETF `RateLimit` field (members with `r=0`, or its earlier dictionary form) and of the
 * per-window headers of {@link WINDOW_RESETS}. A reset may be seconds, a Unix time (at or above
 * `EPOCH_THRESHOLD_S`), a duration (`6m0s`), an RFC 3339 timestamp or an HTTP-date. Invalid
 * values are skipped. `now` is the wall-clock time in Unix seconds.
 */
export declare function serverHint(
  headers: HeadersInit | null | undefined,
  now: number,
): Hint | null;
/** The ceiling of the backoff before the retry after attempt `attempt` (1-based): `min(cap, base * 2^k)`, `k = min(attempt - 1, 31)`. */
export declare function backoffCeilingMs(attempt: number, baseMs?: number, capMs?: number): number;
/**
 * Whether and when to retry after attempt number `attempt` (1 after the first) failed with this
 * response, `elapsedS` seconds after the call started, at Unix time `now` (seconds): the
 * decision of the retry specification (section 4), in its order — the verdict of
 * `x-should-retry`, else the error's policy; attempts; the server's hint up to `maxHintS`; the
 * deadline; then the delay, placed between its floor and its ceiling by the draw `random`
 * (`Math.random()` when not given).
 */
export declare function retryDecision(
  status: number,
  headers: HeadersInit | null | undefined,
  body: Body,
  attempt: number,
  elapsedS: number,
  now: number,
  options?: RetryOptions,
): RetryDecision;
/** A bare item of a structured field (RFC 9651 section 3.3). */
export type BareItem =
  | { readonly type: "integer"; readonly value: number }
  | { readonly type: "decimal"; readonly value: number }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "token"; readonly value: string }
  | { readonly type: "binary"; readonly value: Uint8Array }
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "date"; readonly value: number }
  | { readonly type: "displaystring"; readonly value: string };
/** Parameters: keys and bare items, in order. */
export type Parameters = ReadonlyArray<readonly [string, BareItem]>;
/** An Item: a bare item and its parameters. */
export interface Item {
  readonly bare: BareItem;
  readonly params: Parameters;
}
/** An Inner List: items and the list's own parameters. */
export interface InnerList {
  readonly items: ReadonlyArray<Item>;
  readonly params: Parameters;
}
/** A List: its members in order. */
export type List = ReadonlyArray<Item | InnerList>;
/** A Dictionary: keys and members in order (a repeated key keeps its place and takes the last value). */
export type Dictionary = ReadonlyArray<readonly [string, Item | InnerList]>;
/**
 * A structured field (RFC 9651) parsed by the algorithms of its section 4.2: `kind` is `"list"`,
 * `"dictionary"` or `"item"`; `value` the field value, or its lines (joined with `", "`). Gives
 * `null` when the value is not a field of that kind, or is longer than 32 KiB, or has more than
 * 1024 members, 256 inner-list items or 256 parameters on one item. Never throws.
 */
export declare function parseStructuredField(
  kind: "list",
  value: string | readonly string[],
): List | null;
export declare function parseStructuredField(
  kind: "dictionary",
  value: string | readonly string[],
): Dictionary | null;
export declare function parseStructuredField(
  kind: "item",
  value: string | readonly string[],
): Item | null;
/** How the API sends errors in a stream and ends a complete one: its catalog's `[stream]` table. */
export interface StreamFormat {
  /** The event name errors are sent as; `message` is an event without an `event:` line. */
  readonly event: string;
  /** The data of an error event: the envelope, the named form or the flat form. */
  readonly shape: "envelope" | "named" | "flat";
  /** The data of the event that ends a complete stream (`[DONE]`), if that is how. */
  readonly endData: string | null;
  /** The name of the event that ends a complete stream, if that is how. */
  readonly endEvent: string | null;
  /** The codes that may arrive mid-stream. */
  readonly codes: readonly string[];
}
/** What one event of a stream is: its end, an error, or content (the answer). */
export type StreamEvent =
  | { readonly kind: "end"; readonly error: null }
  | { readonly kind: "error"; readonly error: APIError }
  | { readonly kind: "content"; readonly error: null };
/**
 * What one Server-Sent Event of a streamed answer is (the retry specification, section 14.1):
 * `name` is the event's name (`message` when it has no `event:` line, also for `null`), `data`
 * its `data` lines joined with LF. Gives `{ kind, error }`, in this order:
 *
 * - `kind: "end"`: the catalog's end of a complete stream (`STREAM_FORMAT`: its end data, such
 *   as `[DONE]`, or its end event's name);
 * - `kind: "error"` with `error` an instance of the error's class: data that is JSON (section
 *   7.1) and an object with an `error` object (`{"error": {...}}`, `{"type": "error", "error":
 *   {...}}`), a flat `{"type": "error", "code", "message", "param"}`, or `{"type":
 *   "response.failed", "response": {"error": {...}}}`, read as a response's error (section 7.2);
 *   or any other data of an event named `error`, its text the message;
 * - `kind: "content"`: anything else (text, JSON of another shape, data that is not JSON).
 *
 * Every shape is recognised whatever the catalog declares. An error without a type takes the
 * type of status 500 ({@link statusType}); its `status` is the catalog's for its code, else for
 * its type, else 500, and decides its class and retry policy as for a response; `fromStream`
 * is true. Never throws.
 */
export declare function fromStreamEvent(name: string | null | undefined, data: string): StreamEvent;
/** Why the decision after an error in a stream is to give up: `Partial` when it delivered content. */
export type StreamGiveUpReason = GiveUpReason | "Partial";
/** What to do after an error in a stream: a {@link RetryDecision} that may give up with `Partial`. */
export interface StreamRetryDecision extends Omit<RetryDecision, "reason"> {
  readonly reason: StreamGiveUpReason | null;
}
/**
 * Whether and when to send the request of a stream again after an error arrived in it (section
 * 14.4): a stream that `delivered` content before the error gives up with `Partial` (what was
 * delivered was delivered; keep it), before every other step; otherwise the error is decided as
 * an error response of its status (that of {@link fromStreamEvent}) with `headers`, those of the
 * response that carried the stream, by the steps of {@link retryDecision}, with the same
 * options. `policy` is the error's retry policy.
 */
export declare function streamRetryDecision(
  error: APIError,
  delivered: boolean,
  headers: HeadersInit | null | undefined,
  attempt: number,
  elapsedS: number,
  now: number,
  options?: RetryOptions,
): StreamRetryDecision;
/**
 * An error as the Server-Sent Event a server sends it in, in the catalog's shape
 * (`STREAM_FORMAT`; without one, the envelope as the data of an event without a name):
 * `event: <name>` (left out for `message`), `data: <json>`, then a blank line. The data is the
 * envelope `{"error": {...}}`, the named form `{"type": "error", "error": {...}}`, or the flat
 * form `{"type": "error", "code", "message", "param"}`, of what `error.toJSON()` writes.
 * {@link fromStreamEvent} reads it back to the same code, class and retry policy (and type,
 * except in the flat form, which carries none).
 */
export declare function errorEvent(error: APIError | ErrorEnvelope): string;
/**
 * The event a server ends a complete stream with, per the catalog: `data: [DONE]` (its end
 * data), or an event of its end event's name with the data `{"type": "<name>"}`; `null` when
 * the catalog declares no end.
 */
export declare function endEvent(): string | null;
