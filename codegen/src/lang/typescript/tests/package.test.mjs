// Behaviour of the installed npm package, driven by the catalog data it was generated from:
// a class per error status and per code, fallbacks for unknown codes and statuses, integer
// and null codes, bodies that are not envelopes (the status's type, capped messages), the
// reset formats of server hints. Run with node's own runner, in a project where the package
// is installed (`npm install generated/typescript`):
//
//   KIWI_NPM_PACKAGE=llm-kiwi-errors KIWI_CATALOG_JSON=generated/errors.catalog.json node --test
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const k = await import(process.env.KIWI_NPM_PACKAGE ?? "llm-kiwi-errors");
const catalog = JSON.parse(
  readFileSync(process.env.KIWI_CATALOG_JSON ?? "generated/errors.catalog.json", "utf8"),
);

test("the package behaves as its catalog says", () => {
  let passed = 0;
  const failures = [];
  function check(name, ok) {
    if (ok) passed++;
    else failures.push(name);
  }
  const body = (error) => JSON.stringify({ error });
  for (const s of catalog.statuses.filter((x) => !x.success)) {
    const cls = k.STATUS_CLASSES.get(s.code);
    check(`status ${s.code} has a class`, cls !== undefined);
    const e = k.fromResponse(s.code, {}, body({ message: "m", type: "t", code: "brand_new_code" }));
    check(
      `unknown code at ${s.code} is its status class`,
      cls !== undefined && e.constructor === cls && e.code === "brand_new_code",
    );
    check(`unknown code at ${s.code} has the status policy`, e.retryPolicy === s.retry);
  }
  for (const c of catalog.codes) {
    const cls = k.CODE_CLASSES.get(c.name);
    check(`code ${c.name} has a class`, cls !== undefined && cls.CODE === c.name);
    const parsed = JSON.parse(
      c.example ?? body({ message: c.message, type: c.type, code: c.name }),
    );
    parsed.error["code"] = c.name;
    const e = k.fromResponse(
      c.status,
      [["X-Request-Id", "r1"]],
      new TextEncoder().encode(JSON.stringify(parsed)),
    );
    check(`code ${c.name} parses into its class`, cls !== undefined && e.constructor === cls);
    const statusClass = k.STATUS_CLASSES.get(c.status);
    check(
      `code ${c.name} is under its status class`,
      statusClass !== undefined &&
        e instanceof statusClass &&
        e instanceof k.APIError &&
        e instanceof Error,
    );
    check(
      `code ${c.name} carries type, status and param`,
      e.type === c.type && e.status === c.status && e.param === (parsed.error["param"] ?? null),
    );
    check(
      `code ${c.name} carries retry, remediation, doc URL`,
      e.retryPolicy === c.retry &&
        JSON.stringify(e.remediation) === JSON.stringify(c.remediation) &&
        e.docUrl === c.doc_url,
    );
    check(`code ${c.name} is retryable as the catalog says`, e.retryable === c.retryable);
  }
  const listed = new Set(catalog.statuses.map((st) => st.code));
  let unlisted4xx = 418;
  while (listed.has(unlisted4xx) || k.TRANSIENT_STATUSES.includes(unlisted4xx)) unlisted4xx++;
  let e = k.fromResponse(unlisted4xx, null, body({ message: "teapot", type: "odd_error" }));
  check("unknown status is the base class", e.constructor === k.APIError && e.message === "teapot");
  let unlisted5xx = 502;
  while (listed.has(unlisted5xx)) unlisted5xx++;
  e = k.fromResponse(unlisted5xx, null, "Bad Gateway");
  check(
    "unknown 5xx is InternalServerError",
    e.constructor === k.InternalServerError && e.retryable,
  );
  e = k.fromResponse(
    400,
    null,
    body({ message: "m", type: "invalid_request_error", code: 400123 }),
  );
  check("integer code is read as a string", e.code === "400123");
  e = k.fromResponse(
    400,
    null,
    body({ message: "m", type: "invalid_request_error", code: null, param: null }),
  );
  check("null code and param are absent", e.code === null && e.param === null);
  e = k.fromResponse(503, {}, "<html>Service Unavailable</html>");
  check("non-JSON body becomes the message", e.message === "<html>Service Unavailable</html>");
  e = k.fromResponse(500, {}, new TextEncoder().encode("x".repeat(5000)));
  check(
    "long non-JSON body is capped with a note of its length",
    e.message === "x".repeat(k.MAX_MESSAGE_BYTES) + " \u2026 (5000 bytes in all)",
  );
  e = k.fromResponse(500, {}, "é".repeat(3000));
  const head = e.message.split(" \u2026 ")[0] ?? "";
  check(
    "the cap never splits a character",
    new TextEncoder().encode(head).length <= k.MAX_MESSAGE_BYTES &&
      !head.includes("\ufffd") &&
      e.message.endsWith("(6000 bytes in all)"),
  );
  e = k.fromResponse(500, {}, "x".repeat(k.MAX_MESSAGE_BYTES));
  check("a body of exactly the cap is kept whole", e.message === "x".repeat(k.MAX_MESSAGE_BYTES));
  e = k.fromResponse(502, {}, "");
  check("an empty body says so", e.message === "(empty body)");
  for (const s of catalog.statuses.filter((x) => !x.success)) {
    const types = catalog.types.filter((t) => t.status === s.code);
    const want =
      types.length === 1 ? types[0].name : `http_${Math.floor(s.code / 100) % 10}xx_error`;
    const got = k.fromResponse(s.code, {}, "<html>down</html>");
    check(
      `a body without a type at ${s.code} gets the type ${want}`,
      got.type === want && k.statusType(s.code) === want,
    );
  }
  e = k.fromResponse(unlisted4xx, {}, "teapot");
  check("an unlisted status without a type gets http_4xx_error", e.type === "http_4xx_error");
  e = k.fromResponse(599, {}, '{"error": {"message": "m"}}');
  check("an unlisted 5xx without a type gets http_5xx_error", e.type === "http_5xx_error");
  e = k.fromResponse(503, {}, '{"message": "top-level"}');
  check("a top-level message is the message", e.message === "top-level");
  e = k.fromResponse(400, {}, body({ message: "m", type: "t", code: true }));
  check("a boolean code is no code", e.code === null);
  e = k.fromResponse(400, {}, body({ message: "m", type: "t", code: 4.00123e5, param: 1.5 }));
  check(
    "an integral number code is its digits, a fraction no param",
    e.code === "400123" && e.param === null,
  );
  e = k.fromResponse(400, {}, body({ message: 5, type: "t" }));
  check(
    "a message that is not text gives the body's text",
    e.message === body({ message: 5, type: "t" }),
  );
  e = k.fromResponse(429, {}, '{"error": "slow down"}');
  check("error as text is the message", e.message === "slow down");
  e = k.fromResponse(500, {}, new Uint8Array([0xff, 0xfe, 0x20]));
  check("invalid UTF-8 does not throw", e instanceof k.APIError);
  e = k.fromResponse(404, null, null);
  check("no body at all", e instanceof k.APIError && e.status === 404);
  const never = catalog.codes.find((c) => c.retry === "never");
  if (never !== undefined) {
    const enc = new TextEncoder();
    const raw = (extra) =>
      new Uint8Array([
        ...enc.encode(
          `{"error": {"message": "m", "type": "${never.type}", "code": "${never.name}"`,
        ),
        ...extra,
        ...enc.encode("}}"),
      ]);
    const whole = raw([]);
    check(
      "a known code decides",
      k.retryDecision(503, {}, whole, 1, 0, 0).reason === "Fatal" &&
        k.fromResponse(503, {}, whole).code === never.name,
    );
    const skipped = raw([...enc.encode(', "x": "'), 0xff, 0xfe, 0x22]);
    check(
      "invalid UTF-8 in any member makes the body not JSON, and the status decide",
      k.retryDecision(503, {}, skipped, 1, 0, 0).retry &&
        k.fromResponse(503, {}, skipped).code === null,
    );
    const lone = new TextEncoder().encode(
      `{"error": {"message": "m", "type": "t", "code": "${never.name}", "x": ["\\ud800"]}}`,
    );
    check(
      "a lone surrogate anywhere makes the body not JSON",
      k.fromResponse(503, {}, lone).code === null,
    );
  }
  const deep =
    '{"error": {"message": "m", "type": "t", "x": ' +
    "[".repeat(100000) +
    "]".repeat(100000) +
    "}}";
  check(
    "a body nested 100,000 deep does not throw",
    k.fromResponse(503, {}, deep) instanceof k.APIError &&
      k.retryDecision(503, {}, deep, 1, 0, 0).retry,
  );
  if (never !== undefined) {
    const neverStatus =
      catalog.statuses.find((x) => !x.success && x.retry === "backoff")?.code ?? 503;
    const statusClass = k.STATUS_CLASSES.get(neverStatus);
    const codeClass = k.CODE_CLASSES.get(never.name);
    e = k.fromResponse(neverStatus, {}, body({ message: 5, code: never.name }));
    check(
      "a known code decides from a body without a type or a message",
      e.code === never.name &&
        e.retryPolicy === "never" &&
        e.constructor === codeClass &&
        (statusClass === undefined || e.type === k.statusType(neverStatus)),
    );
    const back = k.fromResponse(neverStatus, {}, JSON.stringify(e));
    check(
      "an error written back out reads back alike",
      back.retryPolicy === e.retryPolicy && back.code === e.code && back.message === e.message,
    );
    e = k.fromResponse(neverStatus, {}, body({ message: "m", type: never.type, code: never.name }));
    check(
      "a conforming envelope's code decides",
      e.constructor === codeClass && e.retryPolicy === "never",
    );
  }
  const now = 1767225600;
  // Header names from the package's constants, rendered from the runtime's.
  const [[firstReset, firstLeft], [secondReset, secondLeft]] = k.WINDOW_RESETS;
  const lastReset = k.WINDOW_RESETS[k.WINDOW_RESETS.length - 1][0];
  const hints = [
    [[[k.RATE_LIMIT_RESET, "1m30.5s"]], 90.5],
    [[[k.RATE_LIMIT_RESET, "2026-01-01T00:00:42Z"]], 42],
    [[[lastReset, "2026-01-01T01:00:05.5+01:00"]], 5.5],
    [[[k.RATE_LIMIT_FIELD, '"a";r=0;t=5, "b";r=3;t=100, "c";r=0;t=9']], 9],
    [[[k.RATE_LIMIT_FIELD, "limit=10, remaining=0, reset=7"]], 7],
    [
      [
        [secondLeft, "0"],
        [secondReset, "6m0s"],
        [firstLeft, "0"],
        [firstReset, "1s"],
      ],
      360,
    ],
  ];
  for (const [headers, want] of hints) {
    const h = k.serverHint(headers, now);
    check(
      `serverHint reads ${JSON.stringify(headers[0][1])}`,
      h !== null && h.source === "RateLimitReset" && Math.abs(h.delayS - want) < 1e-6,
    );
  }
  check(
    "a window with room is no hint",
    k.serverHint(
      [
        [secondLeft, "5000"],
        [secondReset, "6m0s"],
      ],
      now,
    ) === null,
  );
  const first = k.serverHint(
    [
      [k.RATE_LIMIT_FIELD, '"default";r=0;t=30'],
      [k.RETRY_AFTER, "2"],
    ],
    now,
  );
  check(
    "Retry-After wins over a reset",
    first !== null && first.source === "RetryAfter" && first.delayS === 2,
  );
  let d = k.retryDecision(400, { [k.SHOULD_RETRY]: "true" }, "", 1, 0, 0);
  check("x-should-retry true beats the status", d.retry);
  // Header names compare without case.
  const retryAfter = k.RETRY_AFTER.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase());
  d = k.retryDecision(503, [[retryAfter, "3"]], "", 1, 0, 0, { random: 0.5 });
  check(
    "Retry-After gives the delay floor, its jitter the ceiling",
    d.retry &&
      d.hintSource === "RetryAfter" &&
      d.delayFloorMs === 3000 &&
      d.delayCeilingMs === 3000 + Math.min(k.HINT_JITTER_MS, 3000 / k.HINT_JITTER_DIVISOR) &&
      d.delayMs === (d.delayFloorMs + d.delayCeilingMs) / 2 &&
      d.policy === "backoff",
  );
  d = k.retryDecision(503, [], "", 4, 9.5, 0, { deadlineS: 10, random: 0.5 });
  check(
    "a backoff drawn past the deadline gives up",
    !d.retry && d.reason === "Deadline" && d.delayFloorMs === null && d.retryAfterMs === null,
  );
  d = k.retryDecision(503, [], "", 1, 0, 0);
  check(
    "without a draw given, the delay is drawn within the backoff",
    d.retry && d.delayMs >= 0 && d.delayMs <= d.delayCeilingMs,
  );
  const list = k.parseStructuredField("list", ['"a";r=0;t=5', "b"]);
  check(
    "parseStructuredField reads a List of two lines",
    list !== null &&
      list.length === 2 &&
      list[0].bare.value === "a" &&
      JSON.stringify(list[0].params) ===
        JSON.stringify([
          ["r", { type: "integer", value: 0 }],
          ["t", { type: "integer", value: 5 }],
        ]) &&
      list[1].bare.type === "token",
  );
  check(
    "parseStructuredField gives null on a malformed field",
    k.parseStructuredField("dictionary", "a=1,") === null &&
      k.parseStructuredField("item", "") === null,
  );
  console.log(`typescript package checks: ${passed} passed, ${failures.length} failed`);
  assert.deepEqual(failures, []);
});

test("every class is exported under its own name", () => {
  for (const cls of [...k.STATUS_CLASSES.values(), ...k.CODE_CLASSES.values()]) {
    assert.equal(k[cls.name], cls, cls.name);
    assert.ok(new cls("m", { status: 500 }) instanceof k.APIError);
  }
});
