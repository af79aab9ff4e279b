// @runtime-constants
/** A header name: a `token` of RFC 9110. */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A value that cannot be received over HTTP: it holds a control byte other than HTAB. */
const UNRECEIVABLE = /[\x00-\x08\x0a-\x1f\x7f]/;
/**
 * The header lines as `[name, value]` pairs in order, names in ASCII lower case. A line whose
 * name is not a field name, or whose value holds a control byte other than HTAB, cannot come
 * over HTTP and is left out (the retry specification, section 2.1).
 */
function headerPairs(headers) {
  const out = [];
  const add = (k, v) => {
    const name = String(k);
    const value = String(v);
    if (FIELD_NAME.test(name) && !UNRECEIVABLE.test(value)) out.push([name.toLowerCase(), value]);
  };
  if (headers == null) return out;
  if (Array.isArray(headers)) {
    for (const [k, v] of headers) add(k, v);
  } else if (typeof headers.forEach === "function") {
    headers.forEach((v, k) => add(k, v));
  } else {
    for (const [k, v] of Object.entries(headers)) add(k, v);
  }
  return out;
}
/** The body's bytes: a string is its UTF-8 encoding. */
function rawBytes(body) {
  if (body == null) return new Uint8Array(0);
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new TextEncoder().encode(String(body));
}
/** An error response of the API: the base of every status and code class. */
export class APIError extends Error {
  /** The HTTP status of this class (`null` for the base class). */
  static STATUS = null;
  /** The error code of this class (`null` for a status class). */
  static CODE = null;
  /** The HTTP status of the response. */
  status;
  /** The error's type: the body's, else the status's. */
  type;
  /** The `code` member read as text (`null` when it has none). */
  code;
  /** The `param` member read as text, if any. */
  param;
  /** `"never"` or `"backoff"`: a known code's policy, else the status's. */
  retryPolicy;
  /** What a client can do about a known code. */
  remediation;
  /** The documentation URL of a known code. */
  docUrl;
  /** The response headers, names in lower case. */
  headers;
  /** The parsed body, or its text when it was not JSON. */
  body;
  /**
   * Whether the error was read from an event of a stream ({@link fromStreamEvent}): no status
   * came with it on the wire, and `status` is the catalog's for its code or type, else 500.
   */
  fromStream;
  constructor(message, init) {
    super(message);
    this.name = new.target.name;
    this.status = init.status;
    this.type = init.type ?? statusType(init.status);
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.retryPolicy = retryPolicy(init.status, this.code);
    const info = this.code === null ? undefined : CODES.get(this.code);
    this.remediation = info ? info.remediation : [];
    this.docUrl = info ? info.docUrl : null;
    this.headers = headerPairs(init.headers);
    this.body = init.body;
    this.fromStream = init.fromStream === true;
  }
  /** Whether the catalog says a request that failed this way may be retried. */
  get retryable() {
    return this.retryPolicy === "backoff";
  }
  /**
   * The error body `{"error": {"message", "type", "code", "param"}}`, `code` and `param` only
   * when it has them: what `JSON.stringify(error)` writes, and what {@link fromResponse} reads
   * back, with the same status, to the same retry policy.
   */
  toJSON() {
    const error = { message: this.message, type: this.type };
    if (this.code !== null) error.code = this.code;
    if (this.param !== null) error.param = this.param;
    return { error };
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
/** The member `key` of a parsed JSON object (its own, never one inherited). */
function member(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
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
 * The body's text as a message: its bytes decoded as UTF-8 (each ill-formed subsequence a
 * U+FFFD), at most `MAX_MESSAGE_BYTES` UTF-8 bytes cut on a character boundary, then a note of
 * the full length when cut; an empty body says so.
 */
function textMessage(raw) {
  if (raw.length === 0) return "(empty body)";
  let cut = raw.length > MAX_MESSAGE_BYTES;
  const head = cut ? withoutPartialChar(raw.subarray(0, MAX_MESSAGE_BYTES)) : raw;
  let text = textOf(head);
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
/** Bytes decoded as UTF-8, each ill-formed subsequence a U+FFFD, a byte order mark kept. */
function textOf(raw) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(raw);
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
const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/**
 * Whether `s` is one JSON text as the specification reads it (section 7.1): RFC 8259's grammar
 * and whitespace, no `\u` escape of an unpaired surrogate, every number finite as a double, and
 * no array or object nested deeper than `MAX_JSON_DEPTH`. A scan, without building anything.
 */
function isJsonText(s) {
  let i = 0;
  const ws = () => {
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else return;
    }
  };
  const hex = (at) => {
    const digits = s.slice(at, at + 4);
    return HEX4.test(digits) ? parseInt(digits, 16) : -1;
  };
  const string = () => {
    // At the opening quote.
    i++;
    for (;;) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20) return false;
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      const e = s[i + 1];
      if (e === "u") {
        const u = hex(i + 2);
        if (u < 0) return false;
        i += 6;
        if (u >= 0xdc00 && u <= 0xdfff) return false;
        if (u >= 0xd800 && u <= 0xdbff) {
          if (s[i] !== "\\" || s[i + 1] !== "u") return false;
          const low = hex(i + 2);
          if (!(low >= 0xdc00 && low <= 0xdfff)) return false;
          i += 6;
        }
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        i += 2;
      } else {
        return false;
      }
    }
  };
  const value = (depth) => {
    ws();
    const c = s[i];
    if (c === "{" || c === "[") {
      if (depth > MAX_JSON_DEPTH) return false;
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (close === "}") {
          ws();
          if (s[i] !== '"' || !string()) return false;
          ws();
          if (s[i] !== ":") return false;
          i++;
        }
        if (!value(depth + 1)) return false;
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] !== close) return false;
        i++;
        return true;
      }
    }
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (s.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    JSON_NUMBER.lastIndex = i;
    const m = JSON_NUMBER.exec(s);
    if (m === null) return false;
    i += m[0].length;
    return Number.isFinite(Number(m[0]));
  };
  if (!value(1)) return false;
  ws();
  return i === s.length;
}
/**
 * `[true, value]` for a body that is JSON (section 7.1: UTF-8 without a byte order mark, one
 * JSON text, no lone surrogate, finite numbers, nested at most `MAX_JSON_DEPTH` deep), the
 * last of repeated members counting; else `[false, undefined]`.
 */
function readJson(body, raw) {
  let text;
  if (typeof body === "string") {
    if (!wellFormed(body)) return [false, undefined];
    text = body;
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw);
    } catch {
      return [false, undefined];
    }
  }
  if (!isJsonText(text)) return [false, undefined];
  return [true, JSON.parse(text)];
}
/**
 * A member read as text (section 7.2): a string as is, a number whose value is an integer of
 * magnitude at most 2^53 - 1 as its decimal digits; anything else is no value.
 */
function asText(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
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
 * The error of an HTTP response, as an instance of its most specific class, read as the retry
 * specification says (section 7). Never throws:
 *
 * - a body that is JSON, an object whose `error` member is an object, gives its `message` (else
 *   the body's text), its `type` (else the status's), its `code` and `param` read as text (a
 *   string as is, an integer of magnitude at most 2^53 - 1 as its digits, anything else none);
 * - `{"error": "text"}`, or a top-level `{"message": "text"}`, gives that message;
 * - any other body (HTML, text, empty, JSON with a lone surrogate, a number out of range or
 *   nesting deeper than `MAX_JSON_DEPTH`) gives its text as the message, cut to
 *   `MAX_MESSAGE_BYTES` bytes with a note of the full length.
 *
 * A known code decides the class and the retry policy however the body was written; without
 * one, the status does. Without a type in the body, the type is {@link statusType}.
 */
export function fromResponse(status, headers, body) {
  const raw = rawBytes(body);
  const [ok, parsed] = readJson(body, raw);
  const top = ok && isObject(parsed) ? parsed : null;
  const inner = top === null ? undefined : member(top, "error");
  let message;
  let type = statusType(status);
  let code = null;
  let param = null;
  if (isObject(inner)) {
    const m = member(inner, "message");
    message = typeof m === "string" ? m : textMessage(raw);
    const t = member(inner, "type");
    if (typeof t === "string") type = t;
    code = asText(member(inner, "code"));
    param = asText(member(inner, "param"));
  } else if (typeof inner === "string") {
    message = inner;
  } else {
    const m = top === null ? undefined : member(top, "message");
    message = typeof m === "string" ? m : textMessage(raw);
  }
  return new (errorClass(status, code))(message, {
    status,
    type,
    code,
    param,
    headers,
    body: ok ? parsed : typeof body === "string" ? body : textOf(raw),
  });
}
/** A line's value is text when every character is HTAB or `%x20-7E` (section 5.1). */
const TEXT = /^[\t\x20-\x7e]*$/;
/** The values of the lines of header `name` (lower case), in order, that are text. */
function textValues(pairs, name) {
  const out = [];
  for (const [k, v] of pairs) if (k === name && TEXT.test(v)) out.push(v);
  return out;
}
/** SP and HTAB removed at both ends, nothing else. */
function trimHeader(s) {
  return s.replace(/^[ \t]+|[ \t]+$/g, "");
}
function verdict(pairs) {
  for (const value of textValues(pairs, SHOULD_RETRY)) {
    const word = trimHeader(value).toLowerCase();
    if (word === "true") return true;
    if (word === "false") return false;
  }
  return null;
}
/** The `x-should-retry` header: `true`, `false`, or `null` when absent or neither word. */
export function shouldRetry(headers) {
  return verdict(headerPairs(headers));
}
/** A number (section 5.2): digits with at most one `.`, at most `MAX_NUMBER_LEN` bytes; `null` if not one. */
function parseNumber(raw) {
  const s = trimHeader(raw);
  if (s.length > MAX_NUMBER_LEN || !/^[0-9]*\.?[0-9]*$/.test(s) || !/[0-9]/.test(s)) return null;
  const n = Number(s.endsWith(".") ? s.slice(0, -1) : s);
  return Number.isFinite(n) ? n : null;
}
const NANOS_PER_SEC = 10n ** 9n;
const F64 = new DataView(new ArrayBuffer(8));
/**
 * The nanoseconds of `secs` seconds, exactly: the double times 10^9 rounded to the nearest
 * integer, ties to even (section 1). Not finite or not positive is zero.
 */
function nanosOf(secs) {
  if (!(secs > 0) || !Number.isFinite(secs)) return 0n;
  F64.setFloat64(0, secs);
  const hi = F64.getUint32(0);
  const lo = F64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const scaled = mantissa * NANOS_PER_SEC;
  if (exponent >= 0) return scaled << BigInt(exponent);
  const shift = BigInt(-exponent);
  let q = scaled >> shift;
  const rest = scaled - (q << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  return q;
}
/** Nanoseconds as a double of seconds, as a duration's whole seconds plus its fraction. */
function secsOf(nanos) {
  return Number(nanos / NANOS_PER_SEC) + Number(nanos % NANOS_PER_SEC) / 1e9;
}
/** Nanoseconds as milliseconds. */
function millisOf(nanos) {
  return secsOf(nanos) * 1000;
}
const MAX_WAIT = nanosOf(MAX_PLAUSIBLE_HINT_S);
/** The wait of `secs` seconds (section 5.6) in nanoseconds, or `null` if it is none. */
function wait(secs) {
  const d = nanosOf(secs);
  return d > 0n && d <= MAX_WAIT ? d : null;
}
/** The wait until the instant `at` from `now`, both in nanoseconds since the epoch, or `null`. */
function until(at, now) {
  const d = at - now;
  return d > 0n && d <= MAX_WAIT ? d : null;
}
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/** The value of `s` when it is only digits and exactly `n` of them, else `null`. */
function digits(s, n) {
  return s.length === n && /^[0-9]+$/.test(s) ? Number(s) : null;
}
function daysFromCivil(y0, m, d) {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function daysInMonth(year, month) {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
/** An HTTP-date (section 5.5: IMF-fixdate, RFC 850 or asctime) as Unix seconds; `null` if invalid. */
function httpDate(raw) {
  const s = trimHeader(raw);
  let f = null;
  let m;
  if ((m = /^([A-Za-z]{3}), (..) ([A-Za-z]{3}) (....) (..):(..):(..) GMT$/.exec(s))) {
    f = [DAYS.indexOf(m[1]), digits(m[4], 4), m[3], digits(m[2], 2), m[5], m[6], m[7]];
  } else if ((m = /^([A-Za-z]+), (..)-([A-Za-z]{3})-(..) (..):(..):(..) GMT$/.exec(s))) {
    const yy = digits(m[4], 2);
    f = [LONG_DAYS.indexOf(m[1]), yy === null ? null : yy + (yy < 70 ? 2000 : 1900)];
    f.push(m[3], digits(m[2], 2), m[5], m[6], m[7]);
  } else if ((m = /^([A-Za-z]{3}) ([A-Za-z]{3}) (..) (..):(..):(..) (....)$/.exec(s))) {
    const day = m[3][0] === " " ? digits(m[3].slice(1), 1) : digits(m[3], 2);
    f = [DAYS.indexOf(m[1]), digits(m[7], 4), m[2], day, m[4], m[5], m[6]];
  }
  if (f === null) return null;
  const [wday, year, monthName, day] = f;
  const month = MONTHS.indexOf(monthName) + 1;
  const hour = digits(f[4], 2);
  const minute = digits(f[5], 2);
  const sec = digits(f[6], 2);
  if (wday < 0 || month === 0 || year === null || day === null) return null;
  if (hour === null || minute === null || sec === null) return null;
  if (year < 1970 || year > 9999 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || sec > 59) return null;
  const days = daysFromCivil(year, month, day);
  // The weekday named must be the one the date falls on (1970-01-01 was a Thursday).
  if ((((days + 3) % 7) + 7) % 7 !== wday) return null;
  return days * 86400 + hour * 3600 + minute * 60 + sec;
}
const DURATION_UNITS = new Map([
  ["h", 3600],
  ["m", 60],
  ["s", 1],
  ["ms", 1e-3],
  ["us", 1e-6],
  ["\u00b5s", 1e-6],
  ["\u03bcs", 1e-6],
  ["ns", 1e-9],
]);
/** A duration as Go prints one (section 5.3: `1s`, `6m0s`, `1m30.5s`, `250ms`), in seconds; `null` if not one. */
function duration(raw) {
  const rest = trimHeader(raw);
  if (rest.length === 0 || new TextEncoder().encode(rest).length > MAX_DURATION_LEN) return null;
  let total = 0;
  const re = /([0-9.]*)([^0-9.]*)/y;
  let at = 0;
  while (at < rest.length) {
    re.lastIndex = at;
    const m = re.exec(rest);
    if (m === null) return null;
    const value = m[1] === "" ? null : parseNumber(m[1]);
    const scale = DURATION_UNITS.get(m[2]);
    if (value === null || scale === undefined) return null;
    total += value * scale;
    at += m[0].length;
  }
  return Number.isFinite(total) ? total : null;
}
/** An RFC 3339 timestamp (section 5.4) as nanoseconds since the epoch; `null` if not one or before 1970. */
function rfc3339(raw) {
  const b = trimHeader(raw);
  if (b.length < 20 || b.length > MAX_TIMESTAMP_LEN) return null;
  const m =
    /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:([Zz])|([-+])([0-9]{2}):([0-9]{2}))$/.exec(
      b,
    );
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (oh * 60 + om) * (m[9] === "+" ? 1 : -1);
  }
  const secs =
    daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60;
  if (secs < 0) return null;
  const nanos = BigInt((m[7] ?? "").slice(0, 9).padEnd(9, "0"));
  return BigInt(secs) * NANOS_PER_SEC + nanos;
}
/** `Retry-After` (section 6.3): a number of seconds, or an HTTP-date; its wait in nanoseconds. */
function retryAfterWait(s, now) {
  const n = parseNumber(s);
  if (n !== null) return wait(n);
  const at = httpDate(s);
  return at === null ? null : until(BigInt(at) * NANOS_PER_SEC, now);
}
/**
 * A reset value (section 6.4): a number of seconds, or a Unix time at or above
 * `EPOCH_THRESHOLD_S`; a duration; an RFC 3339 timestamp; an HTTP-date. Its wait in
 * nanoseconds from `now`, or `null`.
 */
function resetWait(s, now) {
  const n = parseNumber(s);
  if (n !== null) return n >= EPOCH_THRESHOLD_S ? until(nanosOf(n), now) : wait(n);
  const d = duration(s);
  if (d !== null) return wait(d);
  const at = rfc3339(s);
  if (at !== null) return until(at, now);
  const date = httpDate(s);
  return date === null ? null : until(BigInt(date) * NANOS_PER_SEC, now);
}
/** The longest structured field parsed, in bytes, once its lines are joined: 32 KiB. */
const SF_MAX_FIELD_LEN = 2 ** 15;
/** The most members of a List or a Dictionary (a repeated key counted each time). */
const SF_MAX_MEMBERS = 2 ** 10;
/** The most items of an Inner List. */
const SF_MAX_INNER_LIST = 256;
/** The most parameters of an Item or an Inner List (a repeated key counted each time). */
const SF_MAX_PARAMS = 256;
/** Why a field value is not a structured field. */
class NotAField extends Error {}
function notField(reason) {
  throw new NotAField(reason);
}
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const KEY_CHAR = /^[a-z0-9_\-.*]$/;
const BASE64_CHAR = /^[A-Za-z0-9+/=]$/;
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/**
 * Base64 (RFC 4648 section 4): `=` only at the end, at most two, and then the length a multiple
 * of four. Missing padding and non-zero pad bits are accepted, as RFC 9651 section 4.2.7 says
 * parsers SHOULD.
 */
function base64Decode(text) {
  const dataLen = text.indexOf("=") < 0 ? text.length : text.indexOf("=");
  const data = text.slice(0, dataLen);
  const padding = text.slice(dataLen);
  if (padding.length > 2 || /[^=]/.test(padding) || data.length % 4 === 1) return null;
  if (padding.length > 0 && text.length % 4 !== 0) return null;
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const c of data) {
    acc = ((acc << 6) | BASE64.indexOf(c)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}
/** The parsing algorithms of RFC 9651 section 4.2, over one combined field value. */
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
  expect(c, reason) {
    if (!this.eat(c)) notField(reason);
  }
  done() {
    return this.at >= this.s.length;
  }
  discardSp() {
    while (this.peek() === " ") this.at++;
  }
  discardOws() {
    while (this.peek() === " " || this.peek() === "\t") this.at++;
  }
  /** After a member of a List or Dictionary: the end (`true`), or a comma and another member. */
  memberEnd() {
    this.discardOws();
    if (this.done()) return true;
    this.expect(",", "expected ',' between members");
    this.discardOws();
    if (this.done()) notField("trailing ','");
    return false;
  }
  list() {
    const members = [];
    while (!this.done()) {
      if (members.length >= SF_MAX_MEMBERS) notField("too many list members");
      members.push(this.itemOrInnerList());
      if (this.memberEnd()) break;
    }
    return members;
  }
  itemOrInnerList() {
    return this.peek() === "(" ? this.innerList() : this.item();
  }
  innerList() {
    this.expect("(", "expected '('");
    const items = [];
    for (;;) {
      this.discardSp();
      if (this.done()) notField("inner list without ')'");
      if (this.eat(")")) return { items, params: this.params() };
      if (items.length >= SF_MAX_INNER_LIST) notField("too many inner list items");
      items.push(this.item());
      const c = this.peek();
      if (c !== " " && c !== ")") notField("expected SP or ')' after an inner list item");
    }
  }
  dictionary() {
    const members = new Map();
    let count = 0;
    while (!this.done()) {
      if (++count > SF_MAX_MEMBERS) notField("too many dictionary members");
      const key = this.key();
      const value = this.eat("=")
        ? this.itemOrInnerList()
        : { bare: { type: "boolean", value: true }, params: this.params() };
      members.set(key, value);
      if (this.memberEnd()) break;
    }
    return [...members];
  }
  item() {
    const bare = this.bareItem();
    return { bare, params: this.params() };
  }
  bareItem() {
    const c = this.peek();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    if (c === '"') return { type: "string", value: this.string() };
    if (/^[A-Za-z*]$/.test(c)) return { type: "token", value: this.token() };
    if (c === ":") return { type: "binary", value: this.byteSequence() };
    if (c === "?") return { type: "boolean", value: this.boolean() };
    if (c === "@") return { type: "date", value: this.date() };
    if (c === "%") return { type: "displaystring", value: this.displayString() };
    return notField("expected an item");
  }
  params() {
    const params = new Map();
    let count = 0;
    while (this.eat(";")) {
      if (++count > SF_MAX_PARAMS) notField("too many parameters");
      this.discardSp();
      const key = this.key();
      params.set(key, this.eat("=") ? this.bareItem() : { type: "boolean", value: true });
    }
    return [...params];
  }
  key() {
    const c = this.peek();
    if (!((c >= "a" && c <= "z") || c === "*")) notField("expected a key");
    const start = this.at;
    while (KEY_CHAR.test(this.peek())) this.at++;
    return this.s.slice(start, this.at);
  }
  number() {
    const start = this.at;
    const negative = this.eat("-");
    const c = this.peek();
    if (!(c >= "0" && c <= "9")) notField("expected a digit");
    let intDigits = 0;
    let fractionDigits = -1;
    for (;;) {
      const d = this.peek();
      if (d >= "0" && d <= "9") {
        if (fractionDigits < 0) {
          if (intDigits === 15) notField("integer too long");
          intDigits++;
        } else {
          if (fractionDigits === 3) notField("more than 3 fraction digits");
          fractionDigits++;
        }
        this.at++;
      } else if (d === "." && fractionDigits < 0) {
        if (intDigits > 12) notField("decimal with more than 12 integer digits");
        fractionDigits = 0;
        this.at++;
      } else {
        break;
      }
    }
    if (fractionDigits === 0) notField("decimal ending in '.'");
    const value = Number(this.s.slice(negative ? start + 1 : start, this.at));
    const signed = negative ? -value : value;
    return { type: fractionDigits < 0 ? "integer" : "decimal", value: signed === 0 ? 0 : signed };
  }
  string() {
    this.expect('"', "expected '\"'");
    let out = "";
    for (;;) {
      const c = this.peek();
      if (c === "") notField("string without closing '\"'");
      this.at++;
      if (c === '"') return out;
      if (c === "\\") {
        const e = this.peek();
        if (e !== '"' && e !== "\\") notField('string escape other than \\" or \\\\');
        out += e;
        this.at++;
      } else if (c >= " " && c <= "~") {
        out += c;
      } else {
        notField("control character in string");
      }
    }
  }
  token() {
    const start = this.at;
    this.at++;
    for (;;) {
      const c = this.peek();
      if (c !== "" && (TCHAR.test(c) || c === ":" || c === "/")) this.at++;
      else break;
    }
    return this.s.slice(start, this.at);
  }
  byteSequence() {
    this.expect(":", "expected ':'");
    const end = this.s.indexOf(":", this.at);
    if (end < 0) notField("byte sequence without closing ':'");
    const content = this.s.slice(this.at, end);
    for (const c of content) if (!BASE64_CHAR.test(c)) notField("character outside base64");
    const bytes = base64Decode(content);
    if (bytes === null) notField("invalid base64 in byte sequence");
    this.at = end + 1;
    return bytes;
  }
  boolean() {
    this.expect("?", "expected '?'");
    if (this.eat("1")) return true;
    if (this.eat("0")) return false;
    return notField("expected '1' or '0' after '?'");
  }
  date() {
    this.expect("@", "expected '@'");
    const n = this.number();
    if (n.type !== "integer") notField("date not an integer");
    return n.value;
  }
  displayString() {
    this.expect("%", "expected '%'");
    this.expect('"', "expected '\"' after '%'");
    const bytes = [];
    for (;;) {
      const c = this.peek();
      if (c === "") notField("display string without closing '\"'");
      this.at++;
      if (c === "%") {
        const hex = this.s.slice(this.at, this.at + 2);
        if (!/^[0-9a-f]{2}$/.test(hex)) notField("expected two lowercase hex digits after '%'");
        bytes.push(parseInt(hex, 16));
        this.at += 2;
      } else if (c === '"') {
        try {
          return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
            Uint8Array.from(bytes),
          );
        } catch {
          return notField("display string not UTF-8");
        }
      } else if (c >= " " && c <= "~") {
        bytes.push(c.charCodeAt(0));
      } else {
        notField("control character in display string");
      }
    }
  }
}
/**
 * A structured field (RFC 9651) parsed by the algorithms of its section 4.2: `kind` is `"list"`,
 * `"dictionary"` or `"item"`; `value` the field value, or its lines (joined with `", "`). Gives
 * `null` when the value is not a field of that kind, or is longer than 32 KiB, or has more than
 * 1024 members, 256 inner-list items or 256 parameters on one item. Never throws.
 *
 * A List is an array of members; a Dictionary an array of `[key, member]` in order (a repeated
 * key keeps its place and takes the last value); a member is an Item `{bare, params}` or an
 * Inner List `{items, params}`; `params` is an array of `[key, bare]`; a bare item is
 * `{type, value}` with `type` one of `integer`, `decimal`, `string`, `token`, `binary` (a
 * `Uint8Array`), `boolean`, `date` (Unix seconds) and `displaystring`.
 */
export function parseStructuredField(kind, value) {
  const lines = typeof value === "string" ? [value] : [...value].map(String);
  const s = lines.join(", ");
  if (s.length > SF_MAX_FIELD_LEN || !/^[\x00-\x7f]*$/.test(s)) return null;
  const p = new FieldParser(s);
  try {
    p.discardSp();
    let out;
    if (kind === "list") out = p.list();
    else if (kind === "dictionary") out = p.dictionary();
    else if (kind === "item") out = p.item();
    else return null;
    p.discardSp();
    return p.done() ? out : null;
  } catch (e) {
    if (e instanceof NotAField) return null;
    throw e;
  }
}
/** A bare item that is a non-negative Integer: its value, else `null`. */
function count(bare) {
  return bare !== undefined && bare.type === "integer" && bare.value >= 0 ? bare.value : null;
}
/**
 * The windows `[remaining, wait or null]` of the `RateLimit` field (section 6.5): its text lines
 * joined and parsed as a List of `"name";r=…;t=…`, else as the earlier revisions' Dictionary
 * (`limit=10, remaining=0, reset=30`, one window). A field that breaks a rule anywhere is
 * malformed and gives none.
 */
function rateLimitWindows(pairs) {
  const lines = textValues(pairs, RATE_LIMIT_FIELD);
  if (lines.length === 0) return [];
  const list = parseStructuredField("list", lines);
  if (list !== null) {
    const windows = [];
    for (const m of list) {
      if (!("bare" in m) || (m.bare.type !== "string" && m.bare.type !== "token")) return [];
      const params = new Map(m.params);
      const r = count(params.get("r"));
      if (r === null) return [];
      const t = params.get("t");
      if (t !== undefined && count(t) === null) return [];
      const pk = params.get("pk");
      if (pk !== undefined && pk.type !== "binary") return [];
      windows.push([r, t === undefined ? null : wait(t.value)]);
    }
    return windows;
  }
  const dictionary = parseStructuredField("dictionary", lines);
  if (dictionary === null) return [];
  const members = new Map(dictionary);
  const read = (key) => {
    const m = members.get(key);
    if (m === undefined) return undefined;
    return "bare" in m ? count(m.bare) : null;
  };
  const remaining = read("remaining");
  const reset = read("reset");
  if (remaining === null || reset === null) return [];
  return [[remaining ?? null, reset === undefined ? null : wait(reset)]];
}
/** The waits of the empty windows of the per-window reset headers (section 6.6). */
function windowResets(pairs, now) {
  const out = [];
  for (const [resetName, remainingName] of WINDOW_RESETS) {
    const first = pairs.find(([k]) => k === remainingName);
    const left = first === undefined || !TEXT.test(first[1]) ? null : parseNumber(first[1]);
    if (left !== null && left !== 0) continue;
    for (const v of textValues(pairs, resetName)) {
      const d = resetWait(v, now);
      if (d !== null) {
        out.push(d);
        break;
      }
    }
  }
  return out;
}
/** The hint (section 6.7) as `{nanos, source}`, or `null`. */
function findHint(pairs, now) {
  for (const v of textValues(pairs, RETRY_AFTER_MS)) {
    const n = parseNumber(v);
    const d = n === null ? null : wait(n / 1000);
    if (d !== null) return { nanos: d, source: "RetryAfterMs" };
  }
  for (const v of textValues(pairs, RETRY_AFTER)) {
    const d = retryAfterWait(v, now);
    if (d !== null) return { nanos: d, source: "RetryAfter" };
  }
  for (const v of textValues(pairs, RATE_LIMIT_RESET)) {
    const d = resetWait(v, now);
    if (d !== null) return { nanos: d, source: "RateLimitReset" };
  }
  let longest = null;
  for (const [left, d] of rateLimitWindows(pairs)) {
    if (left === 0 && d !== null && (longest === null || d > longest)) longest = d;
  }
  for (const d of windowResets(pairs, now)) if (longest === null || d > longest) longest = d;
  return longest === null ? null : { nanos: longest, source: "RateLimitReset" };
}
/**
 * The server's hint (section 6), the first that exists: `retry-after-ms`, `Retry-After`
 * (seconds or HTTP-date), `X-RateLimit-Reset`, else the longest wait among the empty windows of
 * the IETF `RateLimit` field (members with `r=0`, or its earlier dictionary form) and of the
 * per-window headers of {@link WINDOW_RESETS}. A reset may be seconds, a Unix time (at or above
 * `EPOCH_THRESHOLD_S`), a duration (`6m0s`), an RFC 3339 timestamp or an HTTP-date. Invalid
 * values are skipped. `now` is the wall-clock time in Unix seconds.
 */
export function serverHint(headers, now) {
  const hint = findHint(headerPairs(headers), nanosOf(now));
  return hint === null ? null : { delayS: secsOf(hint.nanos), source: hint.source };
}
/** The ceiling of the backoff before the retry after attempt `attempt` (1-based): `min(cap, base * 2^k)`, `k = min(attempt - 1, 31)`. */
export function backoffCeilingMs(attempt, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS) {
  return millisOf(backoffCeiling(attempt, nanosOf(baseMs / 1000), nanosOf(capMs / 1000)));
}
function backoffCeiling(attempt, base, cap) {
  const k = Math.min(Math.max(Math.floor(attempt) - 1, 0), 31);
  const ceiling = base * (1n << BigInt(k));
  return ceiling < cap ? ceiling : cap;
}
/** `d × u` as a duration does it: through a double of seconds, rounded back to nanoseconds. */
function scaled(d, u) {
  return nanosOf(secsOf(d) * u);
}
/**
 * Whether and when to retry after attempt number `attempt` (1 after the first) failed with this
 * response, `elapsedS` seconds after the call started, at Unix time `now` (seconds): the
 * decision of the retry specification (section 4), in its order — the verdict of
 * `x-should-retry`, else the error's policy; attempts; the server's hint up to `maxHintS`; the
 * deadline; then the delay, placed between its floor and its ceiling by the draw `random`
 * (`Math.random()` when not given).
 */
export function retryDecision(status, headers, body, attempt, elapsedS, now, options = {}) {
  const policy = fromResponse(status, null, body).retryPolicy;
  return decide(policy, headerPairs(headers), attempt, elapsedS, now, options);
}
/** A decision that gives up for `reason` (section 3): no delay, and the hint's wait if a hint made it. */
function givingUp(policy, reason, hint = null) {
  return {
    retry: false,
    reason,
    policy,
    hintSource: hint === null ? null : hint.source,
    delayMs: null,
    delayFloorMs: null,
    delayCeilingMs: null,
    retryAfterMs: hint === null ? null : millisOf(hint.nanos),
  };
}
/** The steps of section 4 for an error of retry policy `policy` and these header lines. */
function decide(policy, pairs, attempt, elapsedS, now, options) {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const maxHint = nanosOf(options.maxHintS ?? MAX_HINT_S);
  const deadlineS = options.deadlineS ?? null;
  const jitter = nanosOf((options.hintJitterMs ?? HINT_JITTER_MS) / 1000);
  const base = nanosOf((options.backoffBaseMs ?? BACKOFF_BASE_MS) / 1000);
  const cap = nanosOf((options.backoffCapMs ?? BACKOFF_CAP_MS) / 1000);
  const drawn = options.random ?? Math.random();
  const u = Number.isFinite(drawn) ? Math.min(Math.max(drawn, 0), 1) : 0;
  const give = (reason, hint = null) => givingUp(policy, reason, hint);
  const told = verdict(pairs);
  if (!(told ?? policy === "backoff")) return give("Fatal");
  if (attempt >= maxAttempts) return give("Attempts");
  const hint = findHint(pairs, nanosOf(now));
  if (hint !== null && hint.nanos > maxHint) return give("HintTooLong", hint);
  let remaining = null;
  if (deadlineS !== null) {
    const left = nanosOf(deadlineS) - nanosOf(elapsedS);
    remaining = left > 0n ? left : 0n;
    if (remaining === 0n || (hint !== null && hint.nanos > remaining))
      return give("Deadline", hint);
  }
  let floor;
  let ceiling;
  if (hint !== null) {
    const fifth = hint.nanos / BigInt(HINT_JITTER_DIVISOR);
    floor = hint.nanos;
    ceiling = hint.nanos + (jitter < fifth ? jitter : fifth);
    if (remaining !== null && remaining < ceiling) ceiling = remaining;
  } else {
    floor = 0n;
    ceiling = backoffCeiling(attempt, base, cap);
  }
  const delay = floor + scaled(ceiling - floor, u);
  if (remaining !== null && delay > remaining) return give("Deadline");
  return {
    retry: true,
    reason: null,
    policy,
    hintSource: hint === null ? null : hint.source,
    delayMs: millisOf(delay),
    delayFloorMs: millisOf(floor),
    delayCeilingMs: millisOf(ceiling),
    retryAfterMs: null,
  };
}
/** The content of a stream, and its end: events without an error. */
const CONTENT = Object.freeze({ kind: "content", error: null });
const END = Object.freeze({ kind: "end", error: null });
/** `value` as text without ever throwing: bytes decoded, `null` or `undefined` as `fallback`. */
function eventText(value, fallback) {
  if (typeof value === "string") return value;
  if (value == null) return fallback;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return textOf(rawBytes(value));
  try {
    return String(value);
  } catch {
    return fallback;
  }
}
/**
 * Whether data can hold one of the error shapes of section 14.1: it is an object and spells
 * `"error"`, or holds a `\u` escape that could spell it. Content fails this at the cost of a
 * substring search, and is never parsed.
 */
function mayHoldError(data) {
  return /^[ \t\n\r]*\{/.test(data) && (data.includes('"error"') || data.includes("\\u"));
}
/**
 * The object an error is read from (section 14.1, step 2) as `[e, readsType]`, or `null`:
 * `readsType` is false in the flat form, whose `type` names the event, not the error.
 */
function streamErrorObject(o) {
  const error = member(o, "error");
  if (isObject(error)) return [error, true];
  const type = member(o, "type");
  if (type === "error") return [o, false];
  if (type === "response.failed") {
    const response = member(o, "response");
    const inner = isObject(response) ? member(response, "error") : undefined;
    if (isObject(inner)) return [inner, true];
  }
  return null;
}
/**
 * The status of an error read from a stream (section 14.2): the catalog's status for its code,
 * else the status of its type, else 500.
 */
function streamStatus(type, code) {
  const info = code === null ? undefined : CODES.get(code);
  return info ? info.status : (TYPE_STATUSES.get(type) ?? 500);
}
/** Whether the event is the end of a complete stream that the catalog declares (section 14.1). */
function isEnd(name, data) {
  if (STREAM_FORMAT === null) return false;
  if (STREAM_FORMAT.endData !== null) return data === STREAM_FORMAT.endData;
  return STREAM_FORMAT.endEvent !== null && name === STREAM_FORMAT.endEvent;
}
/**
 * What one Server-Sent Event of a streamed answer is (the retry specification, section 14.1):
 * `name` is the event's name (`message` when it has no `event:` line, also for `null`), `data`
 * its `data` lines joined with LF. Gives `{ kind, error }`, in this order:
 *
 * - `kind: "end"`: the catalog's end of a complete stream (`STREAM_FORMAT`: its end data, such
 *   as `[DONE]`, or its end event's name);
 * - `kind: "error"` with `error` an instance of the error's class: data that is JSON (section
 *   7.1) and an object with an `error` object (`{"error": {...}}`, `{"type": "error", "error":
 *   {...}}`), a flat `{"type": "error", "code", "message", "param"}`, or `{"type":
 *   "response.failed", "response": {"error": {...}}}`, read as a response's error (section 7.2);
 *   or any other data of an event named `error`, its text the message;
 * - `kind: "content"`: anything else (text, JSON of another shape, data that is not JSON).
 *
 * Every shape is recognised whatever the catalog declares. An error without a type takes the
 * type of status 500 ({@link statusType}); its `status` is the catalog's for its code, else for
 * its type, else 500, and decides its class and retry policy as for a response; `fromStream`
 * is true. Never throws.
 */
export function fromStreamEvent(name, data) {
  const event = eventText(name, "message");
  const text = eventText(data, "");
  if (isEnd(event, text)) return END;
  const named = event === "error";
  if (!named && !mayHoldError(text)) return CONTENT;
  const raw = rawBytes(text);
  const [ok, parsed] = readJson(text, raw);
  const found = ok && isObject(parsed) ? streamErrorObject(parsed) : null;
  if (found === null && !named) return CONTENT;
  let message = null;
  let type = statusType(500);
  let code = null;
  let param = null;
  if (found !== null) {
    const [e, readsType] = found;
    const m = member(e, "message");
    if (typeof m === "string") message = m;
    const t = readsType ? member(e, "type") : undefined;
    if (typeof t === "string") type = t;
    code = asText(member(e, "code"));
    param = asText(member(e, "param"));
  }
  const status = streamStatus(type, code);
  const error = new (errorClass(status, code))(message ?? textMessage(raw), {
    status,
    type,
    code,
    param,
    body: ok ? parsed : text,
    fromStream: true,
  });
  return { kind: "error", error };
}
/**
 * Whether and when to send the request of a stream again after an error arrived in it (section
 * 14.4): a stream that `delivered` content before the error gives up with `Partial` (what was
 * delivered was delivered; keep it), before every other step; otherwise the error is decided as
 * an error response of its status (that of {@link fromStreamEvent}) with `headers`, those of the
 * response that carried the stream, by the steps of {@link retryDecision}, with the same
 * options. `policy` is the error's retry policy.
 */
export function streamRetryDecision(
  error,
  delivered,
  headers,
  attempt,
  elapsedS,
  now,
  options = {},
) {
  const policy = retryPolicy(error.status, error.code);
  if (delivered) return givingUp(policy, "Partial");
  return decide(policy, headerPairs(headers), attempt, elapsedS, now, options);
}
/** An event's `data` lines: one per line of the text, as a reader joins them back with LF. */
function dataLines(text) {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("");
}
/**
 * An error as the Server-Sent Event a server sends it in, in the catalog's shape
 * (`STREAM_FORMAT`; without one, the envelope as the data of an event without a name):
 * `event: <name>` (left out for `message`), `data: <json>`, then a blank line. The data is the
 * envelope `{"error": {...}}`, the named form `{"type": "error", "error": {...}}`, or the flat
 * form `{"type": "error", "code", "message", "param"}`, of what `error.toJSON()` writes.
 * {@link fromStreamEvent} reads it back to the same code, class and retry policy (and type,
 * except in the flat form, which carries none).
 */
export function errorEvent(error) {
  const envelope = typeof error.toJSON === "function" ? error.toJSON() : error;
  const inner = isObject(envelope) && isObject(envelope.error) ? envelope.error : {};
  const name = STREAM_FORMAT === null ? "message" : STREAM_FORMAT.event;
  const shape = STREAM_FORMAT === null ? "envelope" : STREAM_FORMAT.shape;
  let data;
  if (shape === "named") data = { type: "error", error: inner };
  else if (shape === "flat") {
    data = { type: "error" };
    for (const key of ["code", "message", "param"]) if (key in inner) data[key] = inner[key];
  } else data = { error: inner };
  const head = name === "message" ? "" : `event: ${name}\n`;
  return `${head}${dataLines(JSON.stringify(data))}\n`;
}
/**
 * The event a server ends a complete stream with, per the catalog: `data: [DONE]` (its end
 * data), or an event of its end event's name with the data `{"type": "<name>"}`; `null` when
 * the catalog declares no end.
 */
export function endEvent() {
  if (STREAM_FORMAT === null) return null;
  if (STREAM_FORMAT.endData !== null) return `${dataLines(STREAM_FORMAT.endData)}\n`;
  if (STREAM_FORMAT.endEvent === null) return null;
  const name = STREAM_FORMAT.endEvent;
  return `event: ${name}\n${dataLines(JSON.stringify({ type: name }))}\n`;
}
