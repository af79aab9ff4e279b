// Errors in streams (docs/spec/retry.md, section 14), on the installed npm package: every
// stream vector classified and decided, every output compared; every code of the catalog
// written as the event a server sends and classified back; inputs of any kind never throw.
// Run with node's own runner, in a project where the package is installed:
//
//   KIWI_NPM_PACKAGE=llm-kiwi-errors KIWI_CATALOG_JSON=generated/errors.catalog.json \
//   KIWI_VECTORS=generated/retry.vectors.json node --test
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const k = await import(process.env.KIWI_NPM_PACKAGE ?? "llm-kiwi-errors");
const catalog = JSON.parse(
  readFileSync(process.env.KIWI_CATALOG_JSON ?? "generated/errors.catalog.json", "utf8"),
);
const vectors = JSON.parse(
  readFileSync(process.env.KIWI_VECTORS ?? "generated/retry.vectors.json", "utf8"),
);

function same(a, b) {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 0.001;
  return a === b;
}

function options(c) {
  return {
    maxAttempts: c.max_attempts,
    maxHintS: c.max_hint_s,
    deadlineS: c.deadline_s,
    hintJitterMs: c.hint_jitter_ms,
    backoffBaseMs: c.backoff_base_ms,
    backoffCapMs: c.backoff_cap_ms,
    random: c.random,
  };
}

/** An event block as a reader of Server-Sent Events reads it: its name and its data. */
function parseBlock(block) {
  assert.ok(block.endsWith("\n\n"), `an event ends with a blank line: ${JSON.stringify(block)}`);
  let name = "message";
  const data = [];
  for (const line of block.slice(0, -2).split("\n")) {
    if (line.startsWith("event: ")) name = line.slice("event: ".length);
    else if (line.startsWith("data: ")) data.push(line.slice("data: ".length));
    else assert.fail(`not an event line: ${JSON.stringify(line)}`);
  }
  return [name, data.join("\n")];
}

test("every stream vector", () => {
  const cases = vectors.stream_cases ?? [];
  let passed = 0;
  const failures = [];
  for (const c of cases) {
    const event = k.fromStreamEvent(c.event, c.data);
    const e = event.error;
    const d =
      e === null
        ? null
        : k.streamRetryDecision(
            e,
            c.delivered,
            c.headers,
            c.attempt,
            c.elapsed_s,
            c.now,
            options(c),
          );
    const got = {
      kind: event.kind,
      status: e?.status ?? null,
      policy: e?.retryPolicy ?? null,
      error_type: e?.type ?? null,
      code: e?.code ?? null,
      param: e?.param ?? null,
      message: e?.message ?? null,
      retry: d?.retry ?? null,
      reason: d?.reason ?? null,
      hint_source: d?.hintSource ?? null,
      delay_ms: d?.delayMs ?? null,
      delay_floor_ms: d?.delayFloorMs ?? null,
      delay_ceiling_ms: d?.delayCeilingMs ?? null,
      retry_after_ms: d?.retryAfterMs ?? null,
    };
    const keys = new Set([...Object.keys(got), ...Object.keys(c.expected)]);
    const bad = [...keys].filter((key) => !same(got[key], c.expected[key] ?? null));
    if (e !== null) {
      if (d.policy !== e.retryPolicy) bad.push("decision policy");
      if (!e.fromStream) bad.push("fromStream");
      if (e.constructor !== k.errorClass(e.status, e.code)) bad.push("class");
    }
    if (bad.length === 0) passed++;
    else
      failures.push(
        `${c.name} (${c.section}): ${bad.map((key) => `${key} = ${JSON.stringify(got[key])}, expected ${JSON.stringify(c.expected[key])}`).join(", ")}`,
      );
  }
  console.log(
    `typescript stream vectors: ${passed}/${cases.length} passed, ${failures.length} failed`,
  );
  assert.deepEqual(failures, []);
});

test("every code written as a stream event reads back as the same error", () => {
  const format = k.STREAM_FORMAT;
  const streamType = k.statusType(500);
  let checked = 0;
  const failures = [];
  for (const c of catalog.codes) {
    const cls = k.CODE_CLASSES.get(c.name);
    const written = new cls(c.message, {
      status: c.status,
      type: c.type,
      code: c.name,
      param: c.param ?? null,
    });
    const block = k.errorEvent(written);
    const [name, data] = parseBlock(block);
    const event = k.fromStreamEvent(name, data);
    const back = event.error;
    // The flat form carries no type: the code's status decides, the type is the stream's.
    const type = format?.shape === "flat" ? streamType : c.type;
    const ok =
      name === (format?.event ?? "message") &&
      block.startsWith(name === "message" ? "data: " : `event: ${name}\ndata: `) &&
      event.kind === "error" &&
      back.constructor === cls &&
      back.code === c.name &&
      back.type === type &&
      back.status === c.status &&
      back.retryPolicy === c.retry &&
      back.retryPolicy === written.retryPolicy &&
      back.param === (c.param ?? null) &&
      back.message === c.message &&
      back.fromStream &&
      !written.fromStream;
    if (ok) checked++;
    else failures.push(`${c.name}: ${JSON.stringify(block)} read back as ${JSON.stringify(event)}`);
  }
  console.log(
    `typescript stream round trips: ${checked}/${catalog.codes.length} codes read back alike`,
  );
  assert.deepEqual(failures, []);
});

test("the catalog's stream format, and its end", () => {
  const format = k.STREAM_FORMAT;
  const stream = catalog.stream ?? null;
  if (format === null) {
    assert.equal(stream, null);
    assert.equal(k.endEvent(), null);
    assert.equal(k.fromStreamEvent("message", "[DONE]").kind, "content");
    assert.ok(k.errorEvent({ error: { message: "m", type: "t" } }).startsWith('data: {"error":'));
    return;
  }
  assert.notEqual(stream, null);
  assert.deepEqual(format, {
    event: stream.event,
    shape: stream.shape,
    endData: stream.end?.data ?? null,
    endEvent: stream.end?.event ?? null,
    codes: stream.codes,
  });
  const end = k.endEvent();
  if (format.endData === null && format.endEvent === null) {
    assert.equal(end, null);
  } else {
    const [name, data] = parseBlock(end);
    assert.deepEqual(k.fromStreamEvent(name, data), { kind: "end", error: null });
    if (format.endData !== null) {
      assert.equal(k.fromStreamEvent("other", format.endData).kind, "end");
      assert.equal(k.fromStreamEvent("message", ` ${format.endData}`).kind, "content");
    } else {
      assert.equal(name, format.endEvent);
      assert.equal(k.fromStreamEvent(format.endEvent, "anything").kind, "end");
    }
  }
});

test("every shape is read whatever the catalog declares, and nothing throws", () => {
  const code = catalog.codes[0];
  const inner = { message: "m", type: code.type, code: code.name, param: "p" };
  const flat = { type: "error", code: code.name, message: "m", param: "p" };
  for (const data of [
    JSON.stringify({ error: inner }),
    JSON.stringify({ type: "error", error: inner }),
    JSON.stringify(flat),
    JSON.stringify({ type: "response.failed", response: { error: inner } }),
  ]) {
    for (const name of ["message", "error", null, undefined]) {
      const { kind, error } = k.fromStreamEvent(name, data);
      assert.equal(kind, "error", data);
      assert.ok(error instanceof k.CODE_CLASSES.get(code.name), data);
      assert.equal(error.status, code.status);
      assert.equal(error.param, "p");
    }
  }
  const odd = [
    "",
    " ",
    "\ud800",
    '{"error": {"message": "\ud800"}}',
    "{".repeat(200),
    "[".repeat(5000) + "]".repeat(5000),
    '{"error": {}}',
    '{"type": "error"}',
    '{"type": "response.failed", "response": []}',
    '{"__proto__": {"error": {}}, "constructor": 1}',
    '{"error": {"code": 1e400}}',
    '{"error": {"code": -0, "param": 9007199254740993}}',
    new Uint8Array([0x7b, 0xff, 0x7d]),
    null,
    undefined,
    42,
    { toString: () => "{}" },
    {
      toString() {
        throw new Error("no text");
      },
    },
  ];
  for (const data of odd) {
    for (const name of ["message", "error", "", null, Symbol("s")]) {
      const event = k.fromStreamEvent(name, data);
      assert.ok(["end", "error", "content"].includes(event.kind));
      if (event.kind === "error") {
        assert.ok(event.error instanceof k.APIError);
        assert.equal(typeof event.error.message, "string");
        assert.ok(event.error.message.length > 0);
      } else {
        assert.equal(event.error, null);
      }
    }
  }
  const empty = k.fromStreamEvent("error", "");
  assert.equal(empty.error.message, "(empty body)");
  assert.equal(empty.error.type, k.statusType(500));
  assert.equal(empty.error.code, null);
  const zero = k.fromStreamEvent("message", '{"error": {"code": -0, "message": "m"}}');
  assert.equal(zero.error.code, "0");
});

test("a stream error is decided as a response of its status, unless content was delivered", () => {
  const transient = catalog.codes.find((c) => c.retry === "backoff");
  if (transient === undefined) return;
  const data = JSON.stringify({
    error: { message: "m", type: transient.type, code: transient.name },
  });
  const { error } = k.fromStreamEvent("message", data);
  const before = k.streamRetryDecision(error, false, [[k.RETRY_AFTER, "3"]], 1, 0, 0, {
    random: 0,
  });
  const response = k.retryDecision(error.status, [[k.RETRY_AFTER, "3"]], data, 1, 0, 0, {
    random: 0,
  });
  assert.deepEqual(before, response);
  assert.equal(before.delayMs, 3000);
  const after = k.streamRetryDecision(error, true, [[k.RETRY_AFTER, "3"]], 1, 0, 0);
  assert.deepEqual(after, {
    retry: false,
    reason: "Partial",
    policy: "backoff",
    hintSource: null,
    delayMs: null,
    delayFloorMs: null,
    delayCeilingMs: null,
    retryAfterMs: null,
  });
  const told = k.streamRetryDecision(error, false, { [k.SHOULD_RETRY]: "false" }, 1, 0, 0);
  assert.equal(told.reason, "Fatal");
});
