// @runtime-constants
/** Response headers: a `Headers` object, a record, or `[name, value]` pairs. */
export type HeadersInit =
  | {
      forEach(callback: (value: string, name: string) => void): void;
    }
  | Record<string, string>
  | ReadonlyArray<readonly [string, string]>;
/** A response body: raw bytes, text, or `null` when there was none. */
export type Body = Uint8Array | string | null | undefined;
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
  /** False for a code read from a body that is not a conforming envelope: the status's policy applies. Default true. */
  codeDecides?: boolean;
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
  /** The `type` member, if any. */
  readonly type: string | null;
  /** The `code` member, always a string (`null` when absent). */
  readonly code: string | null;
  /** The `param` member, if any. */
  readonly param: string | null;
  /** `"never"` or `"backoff"`: the code's policy, else the status's (the status's alone with `codeDecides: false`). */
  readonly retryPolicy: RetryPolicy;
  /** What a client can do about a known code. */
  readonly remediation: readonly string[];
  /** The documentation URL of a known code. */
  readonly docUrl: string | null;
  /** The response headers, names in lower case. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The parsed body, or its text when it was not JSON. */
  readonly body: unknown;
  constructor(message: string, init: APIErrorInit);
  /** Whether the catalog says a request that failed this way may be retried. */
  get retryable(): boolean;
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
 * The error of an HTTP response, as an instance of its most specific class, read as the Rust
 * runtime's `ApiError::from_http_response` reads it. Never throws:
 *
 * - a conforming error envelope gives its message, type, code and param, and its code's class
 *   and retry policy;
 * - any other JSON object: `{"error": {...}}` gives its members (an integer or boolean `code` as
 *   its text, a `type` that is not a string replaced by the status's), `{"error": "text"}` or
 *   `{"message": "text"}` that message; a code read from such a body is kept in `code`, but the
 *   class and the retry policy are the status's;
 * - any other body (HTML, text, empty) gives its text as the message, cut to
 *   `MAX_MESSAGE_BYTES` bytes with a note of the full length.
 *
 * Without a type in the body, the type is {@link statusType}.
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
 * What to do after a failed attempt. `delayFloorMs`: when retrying, the shortest wait (add your
 * own jitter: up to `min(HINT_JITTER_MS, hint / HINT_JITTER_DIVISOR)` ms after a hint, up to `backoffCeilingMs` without one).
 * `retryAfterMs`: when giving up on a server hint, how long the server asked to wait.
 */
export interface RetryDecision {
  readonly retry: boolean;
  readonly reason: GiveUpReason | null;
  readonly hintSource: HintSource | null;
  readonly delayFloorMs: number | null;
  readonly retryAfterMs: number | null;
  readonly backoffCeilingMs: number | null;
}
/** Options of {@link retryDecision}; the defaults are the Rust helper's. */
export interface RetryOptions {
  maxAttempts?: number;
  maxHintS?: number;
  deadlineS?: number | null;
}
/** The `x-should-retry` header: `true`, `false`, or `null` when absent or neither word. */
export declare function shouldRetry(headers: HeadersInit | null | undefined): boolean | null;
/**
 * The first valid server hint, in this order: `retry-after-ms`, `Retry-After` (seconds or
 * HTTP-date), then the resets: `X-RateLimit-Reset`, else the latest reset among the windows with
 * nothing left (the IETF `RateLimit` field's members with `r=0`, or its earlier dictionary form,
 * and the per-window headers of {@link WINDOW_RESETS}). A reset may be seconds, a Unix time (at or
 * above `EPOCH_THRESHOLD_S`), a duration (`6m0s`), an RFC 3339 timestamp or an HTTP-date. Invalid values are
 * skipped. `now` is the wall-clock time in Unix seconds.
 */
export declare function serverHint(
  headers: HeadersInit | null | undefined,
  now: number,
): Hint | null;
/** The ceiling of the backoff before the retry after attempt `attempt` (1-based): `min(cap, base * 2^(attempt - 1))`. */
export declare function backoffCeilingMs(attempt: number, baseMs?: number, capMs?: number): number;
/**
 * Whether and when to retry after attempt number `attempt` (1 after the first) failed with this
 * response, `elapsedS` seconds after the call started, at Unix time `now`; the same rules, in
 * the same order, as the Rust retry helper (`x-should-retry`, the code's then the status's
 * policy, attempts, server hints up to `maxHintS`, deadline). No jitter is drawn.
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
