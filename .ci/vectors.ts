// Checks generated/kiwi_errors.ts against a retry vectors file:
//   node vectors.js FILE   check every case; prints "N passed, N failed"
import { retryDecision, RetryDecision } from "../generated/kiwi_errors";

declare function require(name: "fs"): { readFileSync(path: string, encoding: "utf8"): string };
declare const process: { argv: string[]; exitCode?: number };

interface Expected {
  retry: boolean;
  reason: string | null;
  hint_source: string | null;
  delay_floor_ms: number | null;
  retry_after_ms: number | null;
}

interface Case {
  name: string;
  status: number;
  headers: Array<[string, string]>;
  body: string;
  attempt: number;
  elapsed_s: number;
  now: number;
  max_attempts: number;
  max_hint_s: number;
  deadline_s: number | null;
  expected: Expected;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 0.001;
  return a === b;
}

const file = process.argv[2];
if (file === undefined) throw new Error("usage: node vectors.js FILE");
const data = JSON.parse(require("fs").readFileSync(file, "utf8")) as { cases: Case[] };
let passed = 0;
let failed = 0;
for (const c of data.cases) {
  const d: RetryDecision = retryDecision(c.status, c.headers, c.body, c.attempt, c.elapsed_s, c.now, {
    maxAttempts: c.max_attempts,
    maxHintS: c.max_hint_s,
    deadlineS: c.deadline_s,
  });
  const got: Expected = {
    retry: d.retry,
    reason: d.reason,
    hint_source: d.hintSource,
    delay_floor_ms: d.delayFloorMs,
    retry_after_ms: d.retryAfterMs,
  };
  const bad = (Object.keys(got) as Array<keyof Expected>).filter((k) => !same(got[k], c.expected[k] ?? null));
  if (bad.length > 0) {
    failed++;
    console.log(`FAIL ${c.name}: ${bad.map((k) => `${k} = ${JSON.stringify(got[k])}, expected ${JSON.stringify(c.expected[k])}`).join(", ")}`);
  } else {
    passed++;
  }
}
console.log(`typescript vectors: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
