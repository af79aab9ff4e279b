// The installed npm package decides every retry vector as the retry specification says
// (docs/spec/retry.md, section 12): the error read from the response, and every output of the
// decision. Run with node's own runner, in a project where the package is installed:
//
//   KIWI_NPM_PACKAGE=llm-kiwi-errors KIWI_VECTORS=generated/retry.vectors.json node --test
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const k = await import(process.env.KIWI_NPM_PACKAGE ?? "llm-kiwi-errors");
const vectors = JSON.parse(
  readFileSync(process.env.KIWI_VECTORS ?? "generated/retry.vectors.json", "utf8"),
);

function same(a, b) {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 0.001;
  return a === b;
}

function decide(c, status, body) {
  return k.retryDecision(status, c.headers, body, c.attempt, c.elapsed_s, c.now, {
    maxAttempts: c.max_attempts,
    maxHintS: c.max_hint_s,
    deadlineS: c.deadline_s,
    hintJitterMs: c.hint_jitter_ms,
    backoffBaseMs: c.backoff_base_ms,
    backoffCapMs: c.backoff_cap_ms,
    random: c.random,
  });
}

test("every retry vector", () => {
  let passed = 0;
  const failures = [];
  for (const c of vectors.cases) {
    const e = k.fromResponse(c.status, c.headers, c.body);
    const d = decide(c, c.status, c.body);
    const got = {
      policy: d.policy,
      error_type: e.type,
      code: e.code,
      param: e.param,
      message: e.message,
      retry: d.retry,
      reason: d.reason,
      hint_source: d.hintSource,
      delay_ms: d.delayMs,
      delay_floor_ms: d.delayFloorMs,
      delay_ceiling_ms: d.delayCeilingMs,
      retry_after_ms: d.retryAfterMs,
    };
    const keys = new Set([...Object.keys(got), ...Object.keys(c.expected)]);
    const bad = [...keys].filter(
      (key) => !same(got[key] ?? null, c.expected[key] ?? null) || e.retryPolicy !== d.policy,
    );
    if (bad.length === 0) passed++;
    else
      failures.push(
        `${c.name} (${c.section}): ${bad.map((key) => `${key} = ${JSON.stringify(got[key])}, expected ${JSON.stringify(c.expected[key])}`).join(", ")}`,
      );
  }
  console.log(
    `typescript vectors: ${passed}/${vectors.cases.length} passed, ${failures.length} failed`,
  );
  assert.deepEqual(failures, []);
});

test("an error read from any vector keeps its policy through a round trip (section 10)", () => {
  let checked = 0;
  const failures = [];
  for (const c of vectors.cases) {
    const e = k.fromResponse(c.status, c.headers, c.body);
    const written = JSON.stringify(e);
    const back = k.fromResponse(c.status, [], written);
    const envelope = JSON.parse(written);
    const wantEnvelope = { message: e.message, type: e.type };
    if (e.code !== null) wantEnvelope.code = e.code;
    if (e.param !== null) wantEnvelope.param = e.param;
    const ok =
      back.retryPolicy === e.retryPolicy &&
      back.code === e.code &&
      back.param === e.param &&
      back.type === e.type &&
      back.message === e.message &&
      back.constructor === e.constructor &&
      JSON.stringify(envelope) === JSON.stringify({ error: wantEnvelope }) &&
      decide(c, c.status, written).policy === e.retryPolicy;
    if (ok) checked++;
    else
      failures.push(
        `${c.name}: ${written} read back as ${JSON.stringify(back)} (${back.retryPolicy})`,
      );
  }
  console.log(`typescript round trips: ${checked}/${vectors.cases.length} keep their policy`);
  assert.deepEqual(failures, []);
});
