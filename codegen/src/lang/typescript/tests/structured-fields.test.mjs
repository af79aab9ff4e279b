// The package's structured-field parser (`parseStructuredField`, RFC 9651) against the HTTP WG's
// structured-field-tests: every case of every parsing test file in the directory of
// KIWI_SF_TESTS (lists, dictionaries, items and parameters of every type). A `must_fail` case
// must fail, a `can_fail` case may fail or give `expected`, every other case must give
// `expected`. Run with node's own runner, in a project where the package is installed:
//
//   KIWI_NPM_PACKAGE=llm-kiwi-errors KIWI_SF_TESTS=tests/fixtures/structured-field-tests node --test
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const { parseStructuredField } = await import(process.env.KIWI_NPM_PACKAGE ?? "llm-kiwi-errors");
const dir = process.env.KIWI_SF_TESTS ?? "tests/fixtures/structured-field-tests";

/**
 * JSON read with its numbers kept as written: `{int}` when the text is an integer, `{dec}` when
 * it has a fraction or an exponent (the suite writes a Decimal `1.0` apart from an Integer `1`).
 */
function readJson(text) {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out = {};
      ws();
      if (text[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const key = value();
        ws();
        i++; // ':'
        out[key] = value();
        ws();
        if (text[i++] === "}") return out;
      }
    }
    if (c === "[") {
      i++;
      const out = [];
      ws();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === "]") return out;
      }
    }
    if (c === '"') {
      const m = /"(?:[^"\\]|\\.)*"/y;
      m.lastIndex = i;
      const s = m.exec(text)[0];
      i += s.length;
      return JSON.parse(s);
    }
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
    m.lastIndex = i;
    const n = m.exec(text)[0];
    i += n.length;
    return /[.eE]/.test(n) ? { dec: Number(n) } : { int: Number(n) };
  };
  return value();
}

/** RFC 4648 base32 with padding, the suite's encoding of Byte Sequences. */
function base32(bytes) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let out = "";
  for (let at = 0; at < bytes.length; at += 5) {
    const chunk = bytes.subarray(at, at + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const chars = [0, 2, 4, 5, 7, 8][chunk.length];
    for (let j = 0; j < 8; j++) {
      out += j < chars ? alphabet[Number((bits >> BigInt(35 - 5 * j)) & 31n)] : "=";
    }
  }
  return out;
}

function typed(json, kind) {
  return json !== null && typeof json === "object" && json.__type === kind ? json.value : undefined;
}

function bareEq(bare, json) {
  switch (bare.type) {
    case "integer":
      return json?.int !== undefined && json.int === bare.value;
    case "decimal":
      return (
        json?.dec !== undefined && Math.round(json.dec * 1000) === Math.round(bare.value * 1000)
      );
    case "string":
      return json === bare.value;
    case "token":
      return typed(json, "token") === bare.value;
    case "binary":
      return typed(json, "binary") === base32(bare.value);
    case "boolean":
      return json === bare.value;
    case "date": {
      const v = typed(json, "date");
      return v?.int !== undefined && v.int === bare.value;
    }
    case "displaystring":
      return typed(json, "displaystring") === bare.value;
    default:
      return false;
  }
}

function pairsEq(pairs, json, eq) {
  return (
    Array.isArray(json) &&
    pairs.length === json.length &&
    pairs.every(([key, v], n) => Array.isArray(json[n]) && json[n][0] === key && eq(v, json[n][1]))
  );
}

function itemEq(item, json) {
  return (
    Array.isArray(json) &&
    json.length === 2 &&
    "bare" in item &&
    bareEq(item.bare, json[0]) &&
    pairsEq(item.params, json[1], bareEq)
  );
}

function memberEq(m, json) {
  if ("bare" in m) return itemEq(m, json);
  return (
    Array.isArray(json) &&
    json.length === 2 &&
    Array.isArray(json[0]) &&
    json[0].length === m.items.length &&
    m.items.every((item, n) => itemEq(item, json[0][n])) &&
    pairsEq(m.params, json[1], bareEq)
  );
}

function parsedEq(kind, parsed, json) {
  if (kind === "list")
    return (
      Array.isArray(json) &&
      json.length === parsed.length &&
      parsed.every((m, n) => memberEq(m, json[n]))
    );
  if (kind === "dictionary") return pairsEq(parsed, json, memberEq);
  return itemEq(parsed, json);
}

test("the HTTP WG structured-field tests", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  let run = 0;
  let passed = 0;
  const failures = [];
  for (const file of files) {
    const cases = readJson(readFileSync(join(dir, file), "utf8"));
    for (const c of cases) {
      const kind = c.header_type;
      if (!["list", "dictionary", "item"].includes(kind) || !Array.isArray(c.raw)) continue;
      run++;
      const parsed = parseStructuredField(kind, c.raw);
      let ok;
      if (c.must_fail) ok = parsed === null;
      else if (parsed === null) ok = c.can_fail === true;
      else ok = parsedEq(kind, parsed, c.expected);
      if (ok) passed++;
      else
        failures.push(
          `${file}: ${c.name}: ${JSON.stringify(c.raw)} gave ${JSON.stringify(parsed)}`,
        );
    }
  }
  console.log(
    `typescript structured fields: ${passed}/${run} suite cases passed, ${files.length} files`,
  );
  assert.ok(run > 0, `no suite case in ${dir}`);
  assert.deepEqual(failures, []);
});
