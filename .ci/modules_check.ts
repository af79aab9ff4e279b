// Behaviour checks of generated/kiwi_errors.ts, driven by generated/errors.catalog.json: a class
// per error status and per code, fallbacks for unknown codes and statuses, integer and null
// codes, bodies that are not envelopes. Prints "N passed, N failed".
//   node modules_check.js [generated/errors.catalog.json]
import * as k from "../generated/kiwi_errors";

declare function require(name: "fs"): { readFileSync(path: string, encoding: "utf8"): string };
declare const process: { argv: string[]; exitCode?: number };

interface CatalogStatus { code: number; success: boolean; retry: string }
interface CatalogCode {
  name: string; type: string; status: number; message: string; retry: string; retryable: boolean;
  remediation: string[]; doc_url: string; example?: string | null;
}
const catalog = JSON.parse(require("fs").readFileSync(process.argv[2] ?? "generated/errors.catalog.json", "utf8")) as {
  statuses: CatalogStatus[]; codes: CatalogCode[];
};

let passed = 0;
let failed = 0;
function check(name: string, ok: boolean): void {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${name}`);
  }
}
const body = (error: unknown): string => JSON.stringify({ error });

for (const s of catalog.statuses.filter((x) => !x.success)) {
  const cls = k.STATUS_CLASSES.get(s.code);
  check(`status ${s.code} has a class`, cls !== undefined);
  const e = k.fromResponse(s.code, {}, body({ message: "m", type: "t", code: "brand_new_code" }));
  check(`unknown code at ${s.code} is its status class`, cls !== undefined && (e.constructor as unknown) === cls && e.code === "brand_new_code");
  check(`unknown code at ${s.code} has the status policy`, e.retryPolicy === s.retry);
}

for (const c of catalog.codes) {
  const cls = k.CODE_CLASSES.get(c.name);
  check(`code ${c.name} has a class`, cls !== undefined && (cls as unknown as { CODE: string }).CODE === c.name);
  const parsed = JSON.parse(c.example ?? body({ message: c.message, type: c.type, code: c.name })) as { error: Record<string, unknown> };
  parsed.error["code"] = c.name;
  const e = k.fromResponse(c.status, [["X-Request-Id", "r1"]], new TextEncoder().encode(JSON.stringify(parsed)));
  check(`code ${c.name} parses into its class`, cls !== undefined && (e.constructor as unknown) === cls);
  const statusClass = k.STATUS_CLASSES.get(c.status);
  check(`code ${c.name} is under its status class`, statusClass !== undefined && e instanceof statusClass && e instanceof k.APIError && e instanceof Error);
  check(`code ${c.name} carries type, status and param`, e.type === c.type && e.status === c.status && e.param === (parsed.error["param"] ?? null));
  check(`code ${c.name} carries retry, remediation, doc URL`, e.retryPolicy === c.retry && JSON.stringify(e.remediation) === JSON.stringify(c.remediation) && e.docUrl === c.doc_url);
  check(`code ${c.name} is retryable as the catalog says`, e.retryable === c.retryable);
}

let e = k.fromResponse(418, null, body({ message: "teapot", type: "odd_error" }));
check("unknown status is the base class", (e.constructor as unknown) === k.APIError && e.message === "teapot");
e = k.fromResponse(502, null, "Bad Gateway");
check("unknown 5xx is InternalServerError", (e.constructor as unknown) === k.InternalServerError && e.retryable);
e = k.fromResponse(400, null, body({ message: "m", type: "invalid_request_error", code: 400123 }));
check("integer code is read as a string", e.code === "400123");
e = k.fromResponse(400, null, body({ message: "m", type: "invalid_request_error", code: null, param: null }));
check("null code and param are absent", e.code === null && e.param === null);
e = k.fromResponse(503, {}, "<html>Service Unavailable</html>");
check("non-JSON body becomes the message", e.message === "<html>Service Unavailable</html>");
e = k.fromResponse(500, {}, new TextEncoder().encode("x".repeat(5000)));
check("long non-JSON body is capped at 1 KiB", new TextEncoder().encode(e.message).length === 1024);
e = k.fromResponse(500, {}, "é".repeat(3000));
check("the cap never splits a character", new TextEncoder().encode(e.message).length <= 1024 && !e.message.includes("\ufffd"));
e = k.fromResponse(429, {}, '{"error": "slow down"}');
check("error as text is the message", e.message === "slow down");
e = k.fromResponse(500, {}, new Uint8Array([0xff, 0xfe, 0x20]));
check("invalid UTF-8 does not throw", e instanceof k.APIError);
e = k.fromResponse(404, null, null);
check("no body at all", e instanceof k.APIError && e.status === 404);
const never = catalog.codes.find((c) => c.retry === "never");
if (never !== undefined) {
  const enc = new TextEncoder();
  const raw = (extra: number[]): Uint8Array =>
    new Uint8Array([
      ...enc.encode(`{"error": {"message": "m", "type": "${never.type}", "code": "${never.name}"`),
      ...extra,
      ...enc.encode("}}"),
    ]);
  const skipped = raw([...enc.encode(', "x": "'), 0xff, 0xfe, 0x22]);
  check("invalid UTF-8 in a skipped member leaves the code in charge", k.retryDecision(503, {}, skipped, 1, 0, 0).reason === "Fatal");
  const read = raw([...enc.encode(', "param": "'), 0xff, 0x22]);
  check("invalid UTF-8 in a read member makes the status decide", k.retryDecision(503, {}, read, 1, 0, 0).retry);
}
const deep = '{"error": {"message": "m", "type": "t", "x": ' + "[".repeat(100000) + "]".repeat(100000) + "}}";
check("a body nested 100,000 deep does not throw", k.fromResponse(503, {}, deep) instanceof k.APIError && k.retryDecision(503, {}, deep, 1, 0, 0).retry);
let d = k.retryDecision(400, { "x-should-retry": "true" }, "", 1, 0, 0);
check("x-should-retry true beats the status", d.retry);
d = k.retryDecision(503, [["Retry-After", "3"]], "", 1, 0, 0);
check("Retry-After gives the delay floor", d.retry && d.hintSource === "RetryAfter" && d.delayFloorMs === 3000);

console.log(`typescript modules: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
