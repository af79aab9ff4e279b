// @runtime-constants
function headerPairs(headers) {
  const out = [];
  if (headers == null) return out;
  if (Array.isArray(headers)) {
    for (const [k, v] of headers) out.push([String(k).toLowerCase(), String(v)]);
  } else if (typeof headers.forEach === "function") {
    headers.forEach((v, k) => {
      out.push([String(k).toLowerCase(), String(v)]);
    });
  } else {
    for (const [k, v] of Object.entries(headers)) out.push([k.toLowerCase(), String(v)]);
  }
  return out;
}
function bodyText(body, fatal) {
  if (body == null) return "";
  if (typeof body === "string") return body;
  return new TextDecoder("utf-8", { fatal, ignoreBOM: true }).decode(body);
}
/** An error response of the API: the base of every status and code class. */
export class APIError extends Error {
  /** The HTTP status of this class (`null` for the base class). */
  static STATUS = null;
  /** The error code of this class (`null` for a status class). */
  static CODE = null;
  /** The HTTP status of the response. */
  status;
  /** The `type` member, if any. */
  type;
  /** The `code` member, always a string (`null` when absent). */
  code;
  /** The `param` member, if any. */
  param;
  /** `"never"` or `"backoff"`: the code's policy, else the status's (the status's alone with `codeDecides: false`). */
  retryPolicy;
  /** What a client can do about a known code. */
  remediation;
  /** The documentation URL of a known code. */
  docUrl;
  /** The response headers, names in lower case. */
  headers;
  /** The parsed body, or its text when it was not JSON. */
  body;
  constructor(message, init) {
    super(message);
    this.name = new.target.name;
    this.status = init.status;
    this.type = init.type ?? null;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.retryPolicy = retryPolicy(init.status, init.codeDecides === false ? null : this.code);
    const info = this.code === null ? undefined : CODES.get(this.code);
    this.remediation = info ? info.remediation : [];
    this.docUrl = info ? info.docUrl : null;
    this.headers = headerPairs(init.headers);
    this.body = init.body;
  }
  /** Whether the catalog says a request that failed this way may be retried. */
  get retryable() {
    return this.retryPolicy === "backoff";
  }
}
function unlistedStatusPolicy(status) {
  return TRANSIENT_STATUSES.includes(status) || (status >= 500 && status <= 599)
    ? "backoff"
    : "never";
}
/** The retry policy of an error: a known code decides, else the catalog's status, else the default of an unlisted status. */
export function retryPolicy(status, code) {
  const info = code == null ? undefined : CODES.get(code);
  if (info) return info.retry;
  const known = STATUSES.get(status);
  if (known) return known.retry;
  return unlistedStatusPolicy(status);
}
/** The class for a status and code: the code's, else the status's, else `InternalServerError` for any other 5xx, else `APIError`. */
export function errorClass(status, code) {
  const info = code == null ? undefined : CODES.get(code);
  if (info) return info.cls;
  const known = STATUSES.get(status);
  if (known && known.cls) return known.cls;
  if (status >= 500 && status <= 599) return SERVER_ERROR_CLASS;
  return APIError;
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function rawBytes(body) {
  if (body == null) return new Uint8Array(0);
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}
/** `raw` without a UTF-8 sequence cut short at its end. */
function withoutPartialChar(raw) {
  const n = raw.length;
  let start = n;
  while (start > 0 && n - start < 3 && ((raw[start - 1] ?? 0) & 0xc0) === 0x80) start--;
  if (start === 0) return raw;
  const lead = raw[start - 1] ?? 0;
  const needed =
    lead >= 0xc0 && lead <= 0xdf
      ? 2
      : lead >= 0xe0 && lead <= 0xef
        ? 3
        : lead >= 0xf0 && lead <= 0xf7
          ? 4
          : 0;
  return needed > 0 && n - (start - 1) < needed ? raw.subarray(0, start - 1) : raw;
}
/**
 * The text of a body that is not an error envelope, as a message: at most `MAX_MESSAGE_BYTES`
 * UTF-8 bytes, cut on a character boundary, then a note of the full length when cut; an empty
 * body says so.
 */
function textMessage(raw) {
  if (raw.length === 0) return "(empty body)";
  let cut = raw.length > MAX_MESSAGE_BYTES;
  const head = cut ? withoutPartialChar(raw.subarray(0, MAX_MESSAGE_BYTES)) : raw;
  let text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(head);
  const encoded = new TextEncoder().encode(text);
  if (encoded.length > MAX_MESSAGE_BYTES) {
    // Invalid bytes decode as a 3-byte U+FFFD: the text may outgrow the cap.
    let end = MAX_MESSAGE_BYTES;
    while (end > 0 && ((encoded[end] ?? 0) & 0xc0) === 0x80) end--;
    text = new TextDecoder().decode(encoded.subarray(0, end));
    cut = true;
  }
  return cut ? `${text} \u2026 (${raw.length} bytes in all)` : text;
}
/**
 * `[true, value]` for a body that is JSON as the Rust runtime reads it (UTF-8, numbers within a
 * double's range, no lone surrogate, nested at most `MAX_JSON_DEPTH` deep), else `[false, undefined]`.
 */
function strictJson(raw) {
  let value;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw));
  } catch {
    return [false, undefined];
  }
  const stack = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() ?? [null, 0];
    if (typeof item === "object" && item !== null) {
      if (depth > MAX_JSON_DEPTH) return [false, undefined];
      for (const [key, child] of Object.entries(item)) {
        if (!wellFormed(key)) return [false, undefined];
        stack.push([child, depth + 1]);
      }
    } else if (typeof item === "string") {
      if (!wellFormed(item)) return [false, undefined];
    } else if (typeof item === "number" && !Number.isFinite(item)) {
      return [false, undefined];
    }
  }
  return [true, value];
}
/** A member read as text: a string as is, a number as its JSON text, a boolean as `true`/`false`; else absent. */
function asText(value) {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isFinite(value)) return JSON.stringify(value);
  return null;
}
/**
 * The type of an error whose body names none: the catalog's type for the status when it has
 * exactly one, else `http_4xx_error`, `http_5xx_error`, … after its class.
 */
export function statusType(status) {
  return STATUS_TYPES.get(status) ?? `http_${Math.floor(status / 100) % 10}xx_error`;
}
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
export function fromResponse(status, headers, body) {
  const raw = rawBytes(body);
  const [ok, parsed] = strictJson(raw);
  const kept = ok ? parsed : bodyText(body, false);
  const conforming = envelope(body);
  if (conforming !== null) {
    const [message, type, code, param] = conforming;
    return new (errorClass(status, code))(message, {
      status,
      type,
      code,
      param,
      headers,
      body: kept,
    });
  }
  const top = isObject(parsed) ? parsed : null;
  const inner = top === null ? undefined : top["error"];
  let message;
  let type = statusType(status);
  let code = null;
  let param = null;
  if (isObject(inner)) {
    const m = inner["message"];
    message = typeof m === "string" ? m : textMessage(raw);
    const t = inner["type"];
    if (typeof t === "string") type = t;
    code = asText(inner["code"]);
    param = asText(inner["param"]);
  } else if (typeof inner === "string") {
    message = inner;
  } else {
    const m = top === null ? undefined : top["message"];
    message = typeof m === "string" ? m : textMessage(raw);
  }
  return new (errorClass(status))(message, {
    status,
    type,
    code,
    param,
    headers,
    body: kept,
    codeDecides: false,
  });
}
const VISIBLE = /^[\t\x20-\x7e]*$/;
function headerValues(headers, name) {
  return headerPairs(headers)
    .filter(([k, v]) => k === name && VISIBLE.test(v))
    .map(([, v]) => v);
}
function trimHeader(s) {
  return s.replace(/^[ \t]+|[ \t]+$/g, "");
}
/** The `x-should-retry` header: `true`, `false`, or `null` when absent or neither word. */
export function shouldRetry(headers) {
  for (const value of headerValues(headers, SHOULD_RETRY)) {
    const word = trimHeader(value).toLowerCase();
    if (word === "true") return true;
    if (word === "false") return false;
  }
  return null;
}
function parseNumber(raw) {
  const s = trimHeader(raw);
  if (
    s.length === 0 ||
    s.length > MAX_NUMBER_LEN ||
    !/[0-9]/.test(s) ||
    !/^[0-9.]*$/.test(s) ||
    s.split(".").length > 2
  )
    return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
function positive(secs) {
  // Under half a nanosecond rounds to a zero duration, as in the Rust core.
  return Number.isNaN(secs) || secs < 0.5e-9 || secs > MAX_PLAUSIBLE_HINT_S ? null : secs;
}
function until(at, now) {
  const d = at - now;
  return d > 0 && d <= MAX_PLAUSIBLE_HINT_S ? d : null;
}
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
function digits(s) {
  return /^[0-9]+$/.test(s) ? Number(s) : null;
}
function daysFromCivil(y0, m, d) {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
/** An HTTP-date (IMF-fixdate, RFC 850 or asctime) as Unix seconds; `null` if invalid. */
function httpDate(raw) {
  const s = trimHeader(raw);
  if (!/^[\x00-\x7f]*$/.test(s)) return null;
  let f = null;
  if (
    s.length === 29 &&
    s.slice(25) === " GMT" &&
    s[16] === " " &&
    s[19] === ":" &&
    s[22] === ":"
  ) {
    const mon = s.slice(7, 12);
    if (
      DAYS.some((d) => s.slice(0, 5) === `${d}, `) &&
      mon[0] === " " &&
      mon[4] === " " &&
      MONTHS.includes(mon.slice(1, 4))
    ) {
      f = [
        DAYS.indexOf(s.slice(0, 3)),
        digits(s.slice(12, 16)),
        MONTHS.indexOf(mon.slice(1, 4)) + 1,
        digits(s.slice(5, 7)),
        digits(s.slice(17, 19)),
        digits(s.slice(20, 22)),
        digits(s.slice(23, 25)),
      ];
    }
  }
  if (f === null) {
    for (let i = 0; i < LONG_DAYS.length; i++) {
      const prefix = `${LONG_DAYS[i]}, `;
      if (s.length >= 23 && s.startsWith(prefix)) {
        const r = s.slice(prefix.length);
        if (
          r.length === 22 &&
          r[12] === ":" &&
          r[15] === ":" &&
          r.slice(18) === " GMT" &&
          r[2] === "-" &&
          r[6] === "-" &&
          MONTHS.includes(r.slice(3, 6))
        ) {
          const yy = digits(r.slice(7, 9));
          f = [
            i,
            yy === null ? null : yy + (yy < 70 ? 2000 : 1900),
            MONTHS.indexOf(r.slice(3, 6)) + 1,
            digits(r.slice(0, 2)),
            digits(r.slice(10, 12)),
            digits(r.slice(13, 15)),
            digits(r.slice(16, 18)),
          ];
        }
        break;
      }
    }
  }
  if (
    f === null &&
    s.length === 24 &&
    s[10] === " " &&
    s[13] === ":" &&
    s[16] === ":" &&
    s[19] === " "
  ) {
    if (
      s[3] === " " &&
      DAYS.includes(s.slice(0, 3)) &&
      s[7] === " " &&
      MONTHS.includes(s.slice(4, 7))
    ) {
      const day = s[8] === " " ? digits(s.slice(9, 10)) : digits(s.slice(8, 10));
      f = [
        DAYS.indexOf(s.slice(0, 3)),
        digits(s.slice(20, 24)),
        MONTHS.indexOf(s.slice(4, 7)) + 1,
        day,
        digits(s.slice(11, 13)),
        digits(s.slice(14, 16)),
        digits(s.slice(17, 19)),
      ];
    }
  }
  if (f === null) return null;
  const [wday, year, mon, day, hour, minute, sec] = f;
  if (year === null || day === null || hour === null || minute === null || sec === null)
    return null;
  if (!(
    sec < 60 &&
    minute < 60 &&
    hour < 24 &&
    day > 0 &&
    day < 32 &&
    year >= 1970 &&
    year <= 9999
  ))
    return null;
  const days = daysFromCivil(year, mon, day);
  // The date must exist (no 31 November) and fall on the day of the week it names.
  if (days >= daysFromCivil(year + Math.floor(mon / 12), (mon % 12) + 1, 1)) return null;
  if ((days + 3) % 7 !== wday) return null;
  return days * 86400 + hour * 3600 + minute * 60 + sec;
}
function retryAfter(s, now) {
  const n = parseNumber(s);
  if (n !== null) return positive(n);
  const at = httpDate(s);
  return at === null ? null : until(at, now);
}
const DURATION_UNITS = {
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  "\u00b5s": 1e-6,
  "\u03bcs": 1e-6,
  ns: 1e-9,
};
/** A duration as Go prints one (`1s`, `6m0s`, `1m30.5s`, `250ms`), in seconds; `null` if invalid. */
function duration(raw) {
  const rest = trimHeader(raw);
  if (rest.length === 0 || new TextEncoder().encode(rest).length > MAX_DURATION_LEN) return null;
  let total = 0;
  for (const m of rest.matchAll(/([0-9.]*)([^0-9.]*)/g)) {
    if (m[0].length === 0) continue;
    const value = parseNumber(m[1] ?? "");
    const unit = m[2] ?? "";
    const scale = Object.prototype.hasOwnProperty.call(DURATION_UNITS, unit)
      ? DURATION_UNITS[unit]
      : undefined;
    if (value === null || scale === undefined) return null;
    total += value * scale;
  }
  return Number.isFinite(total) ? total : null;
}
function daysInMonth(year, month) {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
/** An RFC 3339 timestamp (`2026-01-01T00:00:30.5Z`, `…+01:00`) as Unix seconds; `null` if invalid or before 1970. */
function rfc3339(raw) {
  const b = trimHeader(raw);
  if (!/^[\x00-\x7f]*$/.test(b) || b.length < 20 || b.length > MAX_TIMESTAMP_LEN) return null;
  if (
    b[4] !== "-" ||
    b[7] !== "-" ||
    !"Tt ".includes(b[10] ?? "x") ||
    b[13] !== ":" ||
    b[16] !== ":"
  )
    return null;
  const year = digits(b.slice(0, 4));
  const month = digits(b.slice(5, 7));
  const day = digits(b.slice(8, 10));
  const hour = digits(b.slice(11, 13));
  const minute = digits(b.slice(14, 16));
  const second = digits(b.slice(17, 19));
  if (
    year === null ||
    month === null ||
    day === null ||
    hour === null ||
    minute === null ||
    second === null
  )
    return null;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  )
    return null;
  let at = 19;
  let nanos = 0;
  if (b[at] === ".") {
    let end = at + 1;
    while (end < b.length && b[end] >= "0" && b[end] <= "9") end++;
    if (end === at + 1) return null;
    nanos = Number(
      b
        .slice(at + 1, end)
        .slice(0, 9)
        .padEnd(9, "0"),
    );
    at = end;
  }
  const tail = b.slice(at);
  let offset;
  if (tail === "Z" || tail === "z") {
    offset = 0;
  } else if (tail.length === 6 && (tail[0] === "+" || tail[0] === "-") && tail[3] === ":") {
    const oh = digits(tail.slice(1, 3));
    const om = digits(tail.slice(4, 6));
    if (oh === null || om === null || oh > 23 || om > 59) return null;
    offset = (oh * 60 + om) * (tail[0] === "+" ? 1 : -1);
  } else {
    return null;
  }
  const secs =
    daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60;
  return secs < 0 ? null : secs + nanos / 1_000_000_000;
}
/**
 * A reset: seconds from now, a Unix time (at or above `EPOCH_THRESHOLD_S`), a duration (`6m0s`), an RFC 3339
 * timestamp or an HTTP-date; in seconds from `now`.
 */
function reset(s, now) {
  const n = parseNumber(s);
  if (n !== null) return n >= EPOCH_THRESHOLD_S ? until(n, now) : positive(n);
  const d = duration(s);
  if (d !== null) return positive(d);
  const at = rfc3339(s) ?? httpDate(s);
  return at === null ? null : until(at, now);
}
/** A bare item of a structured field; a byte sequence is `BYTES`. */
const BYTES = Symbol("bytes");
const TOKEN = /[A-Za-z0-9!#$%&'*+\-.^_`|~:/]*/y;
const BYTE_CHARS = /[A-Za-z0-9+/=]*/y;
const NUMBER_CHARS = /[0-9.]*/y;
class FieldParser {
  s;
  at = 0;
  constructor(s) {
    this.s = s;
  }
  peek() {
    return this.s[this.at] ?? "";
  }
  eat(c) {
    if (this.peek() !== c) return false;
    this.at++;
    return true;
  }
  take(re) {
    re.lastIndex = this.at;
    const m = re.exec(this.s);
    const text = m ? m[0] : "";
    this.at += text.length;
    return text;
  }
  keyOrToken() {
    if (!/^[A-Za-z*]$/.test(this.peek())) notField();
    return this.take(TOKEN).toLowerCase();
  }
  string() {
    if (!this.eat('"')) notField();
    let out = "";
    for (;;) {
      const c = this.peek();
      if (c === "") notField();
      this.at++;
      if (c === '"') return out;
      if (c === "\\") {
        const e = this.peek();
        if (e !== '"' && e !== "\\") notField();
        out += e;
        this.at++;
      } else if (c >= " " && c <= "~") {
        out += c;
      } else {
        notField();
      }
    }
  }
  bare() {
    const c = this.peek();
    if (c === "") notField();
    if (c === '"') return this.string();
    if (c === "?") {
      this.at++;
      if (this.eat("1")) return true;
      if (this.eat("0")) return false;
      notField();
    }
    if (c === ":") {
      this.at++;
      this.take(BYTE_CHARS);
      if (!this.eat(":")) notField();
      return BYTES;
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      const negative = this.eat("-");
      const text = this.take(NUMBER_CHARS);
      if (text.length === 0 || text.length > 20) notField();
      if (text.includes(".")) {
        const d = parseNumber(text);
        if (d === null) notField();
        return { decimal: negative ? -d : d };
      }
      const n = BigInt(text);
      if (n > 9223372036854775807n) notField();
      return negative ? -Number(n) : Number(n);
    }
    return this.keyOrToken();
  }
  params() {
    const params = [];
    while (this.eat(";")) {
      while (this.peek() === " ") this.at++;
      const key = this.keyOrToken();
      params.push([key, this.eat("=") ? this.bare() : true]);
      if (params.length > 64) notField();
    }
    return params;
  }
}
function notField() {
  throw new SyntaxError("not a structured field");
}
/** The members of a structured-field list or dictionary (RFC 9651); `null` on a syntax error. */
function fieldMembers(s) {
  const p = new FieldParser(s);
  const out = [];
  try {
    while (p.peek() === " ") p.at++;
    if (p.at >= s.length) return out;
    for (;;) {
      const name = p.peek() === '"' ? p.string() : p.keyOrToken();
      const value = p.eat("=") ? p.bare() : null;
      out.push({ name, value, params: p.params() });
      if (out.length > 64) return null;
      while (p.peek() === " " || p.peek() === "\t") p.at++;
      if (p.at >= s.length) return out;
      if (!p.eat(",")) return null;
      while (p.peek() === " " || p.peek() === "\t") p.at++;
      if (p.at >= s.length) return null;
    }
  } catch {
    return null;
  }
}
/** A non-negative integer, or a decimal's whole part. */
function asCount(v) {
  if (typeof v === "number") return v >= 0 ? v : null;
  if (typeof v === "object" && v !== null) return v.decimal >= 0 ? Math.trunc(v.decimal) : null;
  return null;
}
/** A strictly positive, plausible number of seconds. */
function asSecs(v) {
  const n = typeof v === "number" ? v : typeof v === "object" && v !== null ? v.decimal : null;
  return n === null || n < 0 ? null : positive(n);
}
function param(member, key) {
  const found = member.params.find(([k]) => k === key);
  return found ? found[1] : undefined;
}
/**
 * The resets of the windows of the IETF `RateLimit` field with nothing left (`r=0`); the
 * earlier revisions' dictionary (`limit=10, remaining=0, reset=30`) is one window.
 */
function rateLimitResets(headers) {
  const members = [];
  for (const value of headerValues(headers, RATE_LIMIT_FIELD)) {
    const line = fieldMembers(value);
    if (line !== null) members.push(...line);
  }
  let windows;
  if (members.some((m) => m.value !== null)) {
    const first = (key) => members.find((m) => m.name === key)?.value ?? null;
    windows = [[asCount(first("remaining")), asSecs(first("reset"))]];
  } else {
    windows = members.map((m) => [asCount(param(m, "r")), asSecs(param(m, "t"))]);
  }
  const out = [];
  for (const [left, r] of windows) if (left === 0 && r !== null) out.push(r);
  return out;
}
function windowResets(headers, now) {
  const pairs = headerPairs(headers);
  const out = [];
  for (const [resetName, remainingName] of WINDOW_RESETS) {
    const first = pairs.find(([k]) => k === remainingName);
    const left = first === undefined || !VISIBLE.test(first[1]) ? null : parseNumber(first[1]);
    if (left !== null && left !== 0) continue;
    for (const v of headerValues(headers, resetName)) {
      const d = reset(v, now);
      if (d !== null) {
        out.push(d);
        break;
      }
    }
  }
  return out;
}
/**
 * The first valid server hint, in this order: `retry-after-ms`, `Retry-After` (seconds or
 * HTTP-date), then the resets: `X-RateLimit-Reset`, else the latest reset among the windows with
 * nothing left (the IETF `RateLimit` field's members with `r=0`, or its earlier dictionary form,
 * and the per-window headers of {@link WINDOW_RESETS}). A reset may be seconds, a Unix time (at or
 * above `EPOCH_THRESHOLD_S`), a duration (`6m0s`), an RFC 3339 timestamp or an HTTP-date. Invalid values are
 * skipped. `now` is the wall-clock time in Unix seconds.
 */
export function serverHint(headers, now) {
  for (const v of headerValues(headers, RETRY_AFTER_MS)) {
    const n = parseNumber(v);
    const d = n === null ? null : positive(n / 1000);
    if (d !== null) return { delayS: d, source: "RetryAfterMs" };
  }
  for (const v of headerValues(headers, RETRY_AFTER)) {
    const d = retryAfter(v, now);
    if (d !== null) return { delayS: d, source: "RetryAfter" };
  }
  for (const v of headerValues(headers, RATE_LIMIT_RESET)) {
    const d = reset(v, now);
    if (d !== null) return { delayS: d, source: "RateLimitReset" };
  }
  const resets = [...rateLimitResets(headers), ...windowResets(headers, now)];
  return resets.length > 0 ? { delayS: Math.max(...resets), source: "RateLimitReset" } : null;
}
/** A JSON object as its members in order, so repeated members can be seen. */
class Members {
  list = [];
}
/** A value checked but not read. */
const SKIPPED = Symbol("skipped");
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
function notJson() {
  throw new SyntaxError("not JSON");
}
function ws(s, i) {
  let j = i;
  while (s[j] === " " || s[j] === "\t" || s[j] === "\n" || s[j] === "\r") j++;
  return j;
}
/** The JSON string whose opening quote is at `i`, and the index after it. */
function jsonString(s, i) {
  let j = i + 1;
  for (;;) {
    const c = s.charCodeAt(j);
    if (Number.isNaN(c) || c < 0x20) notJson();
    if (c === 0x22) break;
    if (c === 0x5c) {
      const e = s[j + 1];
      if (e === "u") {
        if (!HEX4.test(s.slice(j + 2, j + 6))) notJson();
        j += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        j += 2;
      } else {
        notJson();
      }
    } else {
      j++;
    }
  }
  return [JSON.parse(s.slice(i, j + 1)), j + 1];
}
/** A member name and its colon, from `i`; the index after the colon. */
function memberName(s, i) {
  const start = ws(s, i);
  if (s[start] !== '"') notJson();
  const [name, end] = jsonString(s, start);
  const colon = ws(s, end);
  if (s[colon] !== ":") notJson();
  return [name, colon + 1];
}
/** The index after the JSON value at `i`, checked but not built, without recursion (so at any depth). */
function skipValue(s, start) {
  const closers = [];
  let i = start;
  for (;;) {
    i = ws(s, i);
    const c = s[i];
    if (c === "{" || c === "[") {
      const closer = c === "{" ? "}" : "]";
      const j = ws(s, i + 1);
      if (s[j] !== closer) {
        closers.push(closer);
        i = closer === "}" ? memberName(s, j)[1] : j;
        continue;
      }
      i = j + 1;
    } else if (c === '"') {
      i = jsonString(s, i)[1];
    } else {
      NUMBER.lastIndex = i;
      if (NUMBER.test(s)) i = NUMBER.lastIndex;
      else if (s.startsWith("true", i) || s.startsWith("null", i)) i += 4;
      else if (s.startsWith("false", i)) i += 5;
      else notJson();
    }
    let next = false;
    while (closers.length > 0) {
      i = ws(s, i);
      const top = closers[closers.length - 1];
      if (s[i] === top) {
        closers.pop();
        i++;
      } else if (s[i] === ",") {
        i = top === "}" ? memberName(s, i + 1)[1] : i + 1;
        next = true;
        break;
      } else {
        notJson();
      }
    }
    if (!next) return i;
  }
}
/**
 * The JSON value at `i` and the index after it: a string, `null`, an object down to `depth`
 * levels as its members; any other value is checked and skipped (`SKIPPED`).
 */
function shallow(s, start, depth) {
  let i = ws(s, start);
  if (s[i] === '"') return jsonString(s, i);
  if (s.startsWith("null", i)) return [null, i + 4];
  if (s[i] !== "{" || depth === 0) return [SKIPPED, skipValue(s, i)];
  const members = new Members();
  i = ws(s, i + 1);
  if (s[i] === "}") return [members, i + 1];
  for (;;) {
    const [name, afterName] = memberName(s, i);
    const [value, afterValue] = shallow(s, afterName, depth - 1);
    members.list.push([name, value]);
    i = ws(s, afterValue);
    if (s[i] === "}") return [members, i + 1];
    if (s[i] !== ",") notJson();
    i++;
  }
}
/**
 * UTF-8 text in which each byte that is not part of a valid sequence becomes a lone surrogate
 * (U+DC80 to U+DCFF, like Python's `surrogateescape`): the runtime rejects it in a string it reads
 * and skips it in a member it does not read.
 */
function escapedText(bytes) {
  const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  try {
    return strict.decode(bytes);
  } catch {
    // Decoded sequence by sequence below.
  }
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const n =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (n > 0 && i + n <= bytes.length) {
      try {
        out += strict.decode(bytes.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        // Not a valid sequence: escape its first byte.
      }
    }
    out += String.fromCharCode(0xdc00 + b);
    i++;
  }
  return out;
}
/**
 * The body read as the Rust runtime reads it: the top-level object and its `error` object as
 * members in order, other values checked (to any depth) but not built.
 */
function envelopeDocument(text) {
  const [value, end] = shallow(text, 0, 2);
  if (ws(text, end) !== text.length) notJson();
  return value;
}
/** Whether `s` holds no lone surrogate (half of a surrogate pair on its own). */
function wellFormed(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}
/**
 * `[message, type, code, param]` of a well-formed error envelope (string `message` and `type`,
 * string or null `code` and `param`, each at most once; these strings and the member names of
 * both objects hold no lone surrogate), else `null`: the body the Rust runtime parses strictly,
 * whose code decides the retry policy.
 */
function envelope(body) {
  let root;
  try {
    root = envelopeDocument(
      body == null || typeof body === "string" ? (body ?? "") : escapedText(body),
    );
  } catch {
    return null;
  }
  if (!(root instanceof Members) || !root.list.every(([name]) => wellFormed(name))) return null;
  const inner = root.list.filter(([name]) => name === "error");
  const error = inner.length === 1 ? inner[0][1] : null;
  if (!(error instanceof Members)) return null;
  const read = new Map();
  for (const [name, value] of error.list) {
    if (!wellFormed(name)) return null;
    if (name === "message" || name === "type" || name === "code" || name === "param") {
      if (read.has(name) || (typeof value === "string" && !wellFormed(value))) return null;
      read.set(name, value);
    }
  }
  const message = read.get("message");
  const type = read.get("type");
  const code = read.get("code");
  const param = read.get("param");
  if (typeof message !== "string" || typeof type !== "string") return null;
  if (!(code === undefined || code === null || typeof code === "string")) return null;
  if (!(param === undefined || param === null || typeof param === "string")) return null;
  return [
    message,
    type,
    typeof code === "string" ? code : null,
    typeof param === "string" ? param : null,
  ];
}
/** The ceiling of the backoff before the retry after attempt `attempt` (1-based): `min(cap, base * 2^(attempt - 1))`. */
export function backoffCeilingMs(attempt, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS) {
  return Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 31));
}
/**
 * Whether and when to retry after attempt number `attempt` (1 after the first) failed with this
 * response, `elapsedS` seconds after the call started, at Unix time `now`; the same rules, in
 * the same order, as the Rust retry helper (`x-should-retry`, the code's then the status's
 * policy, attempts, server hints up to `maxHintS`, deadline). No jitter is drawn.
 */
export function retryDecision(status, headers, body, attempt, elapsedS, now, options = {}) {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const maxHintS = options.maxHintS ?? MAX_HINT_S;
  const deadlineS = options.deadlineS ?? null;
  const give = (reason, hintSource = null, retryAfterMs = null) => ({
    retry: false,
    reason,
    hintSource,
    delayFloorMs: null,
    retryAfterMs,
    backoffCeilingMs: null,
  });
  const verdict = shouldRetry(headers);
  const conforming = verdict !== null ? null : envelope(body);
  const retryable =
    verdict !== null
      ? verdict
      : retryPolicy(status, conforming === null ? null : conforming[2]) === "backoff";
  if (!retryable) return give("Fatal");
  if (attempt >= maxAttempts) return give("Attempts");
  const remaining = deadlineS === null ? null : Math.max(0, deadlineS - elapsedS);
  const hint = serverHint(headers, now);
  if (hint !== null) {
    if (hint.delayS > maxHintS) return give("HintTooLong", hint.source, hint.delayS * 1000);
    if (remaining !== null && (remaining === 0 || hint.delayS > remaining))
      return give("Deadline", hint.source, hint.delayS * 1000);
    return {
      retry: true,
      reason: null,
      hintSource: hint.source,
      delayFloorMs: hint.delayS * 1000,
      retryAfterMs: null,
      backoffCeilingMs: null,
    };
  }
  if (remaining === 0) return give("Deadline");
  let ceiling = backoffCeilingMs(attempt);
  if (remaining !== null) ceiling = Math.min(ceiling, remaining * 1000);
  return {
    retry: true,
    reason: null,
    hintSource: null,
    delayFloorMs: 0,
    retryAfterMs: null,
    backoffCeilingMs: ceiling,
  };
}
