// The installed npm package decides every retry vector as the Rust retry core did. Run with
// node's own runner, in a project where the package is installed:
//
//   KIWI_NPM_PACKAGE=llm-kiwi-errors KIWI_VECTORS=generated/retry.vectors.json node --test
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const { retryDecision } = await import(process.env.KIWI_NPM_PACKAGE ?? "llm-kiwi-errors");
const vectors = JSON.parse(
  readFileSync(process.env.KIWI_VECTORS ?? "generated/retry.vectors.json", "utf8"),
);

function same(a, b) {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 0.001;
  return a === b;
}

test("every retry vector", () => {
  let passed = 0;
  const failures = [];
  for (const c of vectors.cases) {
    const d = retryDecision(c.status, c.headers, c.body, c.attempt, c.elapsed_s, c.now, {
      maxAttempts: c.max_attempts,
      maxHintS: c.max_hint_s,
      deadlineS: c.deadline_s,
    });
    const got = {
      retry: d.retry,
      reason: d.reason,
      hint_source: d.hintSource,
      delay_floor_ms: d.delayFloorMs,
      retry_after_ms: d.retryAfterMs,
    };
    const bad = Object.keys(got).filter((key) => !same(got[key], c.expected[key] ?? null));
    if (bad.length === 0) passed++;
    else
      failures.push(
        `${c.name}: ${bad.map((key) => `${key} = ${JSON.stringify(got[key])}, expected ${JSON.stringify(c.expected[key])}`).join(", ")}`,
      );
  }
  console.log(`typescript vectors: ${passed} passed, ${failures.length} failed`);
  assert.deepEqual(failures, []);
});
