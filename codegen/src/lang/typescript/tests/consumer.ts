// A TypeScript consumer of the installed npm package, compiled with `tsc --strict`: the
// declarations describe what a client uses, by the package's own name.
import {
  APIError,
  CODE_CLASSES,
  STATUS_CLASSES,
  MAX_MESSAGE_BYTES,
  RETRY_AFTER,
  STREAM_FORMAT,
  WINDOW_RESETS,
  endEvent,
  errorEvent,
  fromResponse,
  fromStreamEvent,
  parseStructuredField,
  retryDecision,
  serverHint,
  streamRetryDecision,
  type ErrorEnvelope,
  type RetryDecision,
  type StreamEvent,
  type StreamGiveUpReason,
  type StreamRetryDecision,
} from "kiwi-package";

const error: APIError = fromResponse(
  503,
  [[RETRY_AFTER, "2"]],
  '{"error": {"message": "m", "type": "t"}}',
);
const status: number = error.status;
const code: string | null = error.code;
const retryable: boolean = error.retryable;
const decision: RetryDecision = retryDecision(
  503,
  { [RETRY_AFTER]: "2" },
  null,
  1,
  0,
  Date.now() / 1000,
  {
    maxAttempts: 3,
    deadlineS: null,
    hintJitterMs: 500,
    random: 0.5,
  },
);
const floor: number | null = decision.delayFloorMs;
const delay: number | null = decision.delayMs;
const policy: "never" | "backoff" = decision.policy;
const envelope: ErrorEnvelope = error.toJSON();
const type: string = envelope.error.type;
const list = parseStructuredField("list", ['"default";r=0;t=30']);
const first = list?.[0];
const name: string | undefined =
  first && "bare" in first && first.bare.type === "string" ? first.bare.value : undefined;
const hint = serverHint([], 0);
const seconds: number | undefined = hint?.delayS;
const classes: number = STATUS_CLASSES.size + CODE_CLASSES.size;
const cap: number = MAX_MESSAGE_BYTES + WINDOW_RESETS.length;
const event: StreamEvent = fromStreamEvent("message", '{"error": {"message": "m"}}');
if (event.kind === "error") {
  const fromStream: boolean = event.error.fromStream;
  const streamDecision: StreamRetryDecision = streamRetryDecision(
    event.error,
    false,
    [[RETRY_AFTER, "1"]],
    1,
    0,
    Date.now() / 1000,
    { random: 0.5 },
  );
  const why: StreamGiveUpReason | null = streamDecision.reason;
  const written: string = errorEvent(event.error) + errorEvent(error.toJSON());
  console.log(fromStream, why, written, streamDecision.delayMs);
}
const end: string | null = endEvent();
const shape: "envelope" | "named" | "flat" | undefined = STREAM_FORMAT?.shape;
const midStream: readonly string[] = STREAM_FORMAT?.codes ?? [];
console.log(end, shape, midStream.length, fromStreamEvent(null, "[DONE]").kind);
if (error instanceof APIError) {
  console.log(status, code, retryable, floor, delay, policy, type, name, seconds, classes, cap);
}
