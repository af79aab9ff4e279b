from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import ClassVar, Dict, Iterable, List, Mapping, Optional, Tuple, Type, Union

__all__ = [
    "APIError",
    "Hint",
    "RetryDecision",
    "CODE_CLASSES",
    "STATUS_CLASSES",
    "error_class",
    "from_response",
    "retry_decision",
    "retry_policy",
    "server_hint",
    "should_retry",
    "status_type",
]

Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
"""Response headers: a mapping (``requests``/``httpx`` headers work) or ``(name, value)`` pairs."""

Body = Union[bytes, bytearray, str, None]
"""A response body: raw bytes, text, or ``None`` when there was none."""

# @runtime-constants


@dataclass(frozen=True)
class _StatusInfo:
    code: int
    name: str
    retry: str
    cls: Optional[Type["APIError"]]


@dataclass(frozen=True)
class _CodeInfo:
    name: str
    error_type: str
    status: int
    retry: str
    param: Optional[str]
    message: str
    remediation: Tuple[str, ...]
    doc_url: str
    cls: Type["APIError"]


def _header_pairs(headers: Optional[Headers]) -> List[Tuple[str, str]]:
    if headers is None:
        return []
    items = getattr(headers, "items", None)
    if isinstance(headers, Mapping) or callable(items):
        # Mappings, and header objects such as http.client's that list repeated headers.
        pairs: Iterable[Tuple[str, str]] = items() if callable(items) else ()
        return [(str(k).lower(), str(v)) for k, v in pairs]
    return [(str(k).lower(), str(v)) for k, v in headers]


def _text(body: Body) -> str:
    if body is None:
        return ""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body).decode("utf-8", errors="replace")
    return body


class APIError(Exception):
    """An error response of the API: the base of every status and code class.

    ``status`` is the HTTP status; ``message``, ``type``, ``code`` and ``param`` come from
    the body (``code`` always a string or ``None``); ``retry_policy`` is ``"never"`` or
    ``"backoff"``: the code's, else the status's (the status's alone with
    ``code_decides=False``, for a code read from a body that is not a conforming
    envelope); ``remediation`` and ``doc_url`` are the catalog's for a known code.
    """

    STATUS: ClassVar[Optional[int]] = None
    """The HTTP status of this class (``None`` for the base class)."""
    CODE: ClassVar[Optional[str]] = None
    """The error code of this class (``None`` for a status class)."""

    status: int
    message: str
    type: Optional[str]
    code: Optional[str]
    param: Optional[str]
    retry_policy: str
    remediation: Tuple[str, ...]
    doc_url: Optional[str]
    headers: Tuple[Tuple[str, str], ...]
    body: object

    def __init__(
        self,
        message: str,
        *,
        status: int,
        type: Optional[str] = None,
        code: Optional[str] = None,
        param: Optional[str] = None,
        headers: Optional[Headers] = None,
        body: object = None,
        code_decides: bool = True,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.retry_policy = retry_policy(status, code if code_decides else None)
        info = _CODES.get(code) if code is not None else None
        self.remediation = info.remediation if info is not None else ()
        self.doc_url = info.doc_url if info is not None else None
        self.headers = tuple(_header_pairs(headers))
        self.body = body

    @property
    def retryable(self) -> bool:
        """Whether the catalog says a request that failed this way may be retried."""
        return self.retry_policy == "backoff"

    def __str__(self) -> str:
        parts = [p for p in (self.type, self.code) if p is not None]
        return f"{self.message} ({', '.join(parts)})" if parts else self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, message={self.message!r}, "
            f"type={self.type!r}, code={self.code!r}, param={self.param!r})"
        )


def _unlisted_status_policy(status: int) -> str:
    return "backoff" if status in TRANSIENT_STATUSES or 500 <= status <= 599 else "never"


def retry_policy(status: int, code: Optional[str] = None) -> str:
    """The retry policy (``"never"`` or ``"backoff"``) of an error: a known code decides,
    else the catalog's status, else the default of an unlisted status (the
    ``TRANSIENT_STATUSES`` and every 5xx are retried)."""
    info = _CODES.get(code) if code is not None else None
    if info is not None:
        return info.retry
    known = _STATUSES.get(status)
    if known is not None:
        return known.retry
    return _unlisted_status_policy(status)


def error_class(status: int, code: Optional[str] = None) -> Type[APIError]:
    """The class for a status and code: the code's class, else the status's, else
    ``InternalServerError`` for any other 5xx, else ``APIError``."""
    info = _CODES.get(code) if code is not None else None
    if info is not None:
        return info.cls
    known = _STATUSES.get(status)
    if known is not None and known.cls is not None:
        return known.cls
    if 500 <= status <= 599:
        return _SERVER_ERROR_CLASS
    return APIError


def _raw(body: Body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    return body.encode("utf-8", errors="surrogatepass")


def _without_partial_char(raw: bytes) -> bytes:
    """``raw`` without a UTF-8 sequence cut short at its end."""
    n = len(raw)
    start = n
    while start > 0 and n - start < 3 and raw[start - 1] & 0xC0 == 0x80:
        start -= 1
    if start == 0:
        return raw
    lead = raw[start - 1]
    needed = 2 if 0xC0 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF7 else 0
    return raw[: start - 1] if needed and n - (start - 1) < needed else raw


def _text_message(raw: bytes) -> str:
    """The text of a body that is not an error envelope, as a message: at most
    ``MAX_MESSAGE_BYTES`` UTF-8 bytes, cut on a character boundary, then a note of the
    full length when cut; an empty body says so."""
    if not raw:
        return "(empty body)"
    cut = len(raw) > MAX_MESSAGE_BYTES
    head = _without_partial_char(raw[:MAX_MESSAGE_BYTES]) if cut else raw
    text = head.decode("utf-8", errors="replace")
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_MESSAGE_BYTES:
        # Invalid bytes decode as a 3-byte U+FFFD: the text may outgrow the cap.
        text = encoded[:MAX_MESSAGE_BYTES].decode("utf-8", errors="ignore")
        cut = True
    return f"{text} \u2026 ({len(raw)} bytes in all)" if cut else text


def _reject_constant(name: str) -> object:
    raise ValueError(f"not JSON: {name}")


def _json(raw: bytes) -> Tuple[bool, object]:
    """``(True, value)`` for a body that is JSON as the Rust runtime reads it (UTF-8, no
    ``NaN``, numbers within a double's range, no lone surrogate, nested at most
    ``MAX_JSON_DEPTH`` deep), else ``(False, None)``."""
    try:
        value: object = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return (False, None)
    stack: List[Tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                return (False, None)
            children = list(item.items()) if isinstance(item, dict) else [(None, v) for v in item]
            for key, child in children:
                if isinstance(key, str) and _lone_surrogate(key):
                    return (False, None)
                stack.append((child, depth + 1))
        elif isinstance(item, str):
            if _lone_surrogate(item):
                return (False, None)
        elif isinstance(item, float) and item in (float("inf"), float("-inf")):
            return (False, None)
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > 1.7976931348623157e308:
            return (False, None)
    return (True, value)


def _as_text(value: object) -> Optional[str]:
    """A member read as text: a string as is, a number as its JSON text, a boolean as
    ``true``/``false``; anything else absent."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return None


def status_type(status: int) -> str:
    """The type of an error whose body names none: the catalog's type for the status when
    it has exactly one, else ``http_4xx_error``, ``http_5xx_error``, … after its class."""
    only = _STATUS_TYPES.get(status)
    return only if only is not None else f"http_{(status // 100) % 10}xx_error"


def from_response(status: int, headers: Optional[Headers], body: Body) -> APIError:
    """The error of an HTTP response, as an instance of its most specific class, read as
    the Rust runtime's ``ApiError::from_http_response`` reads it. Never raises:

    * a conforming error envelope gives its message, type, code and param, and its
      code's class and retry policy;
    * any other JSON object: ``{"error": {...}}`` gives its members (an integer or
      boolean ``code`` as its text, a ``type`` that is not a string replaced by the
      status's), ``{"error": "text"}`` or ``{"message": "text"}`` that message; a code
      read from such a body is kept in ``code``, but the class and the retry policy are
      the status's;
    * any other body (HTML, text, empty) gives its text as the message, cut to
      ``MAX_MESSAGE_BYTES`` bytes with a note of the full length.

    Without a type in the body, the type is :func:`status_type`.
    """
    raw = _raw(body)
    ok, parsed = _json(raw)
    conforming = _envelope(body)
    if conforming is not None:
        return error_class(status, conforming[2])(
            conforming[0],
            status=status,
            type=conforming[1],
            code=conforming[2],
            param=conforming[3],
            headers=headers,
            body=parsed if ok else _text(body),
        )
    top = parsed if isinstance(parsed, dict) else None
    inner = top.get("error") if top is not None else None
    code = param = None
    error_type = status_type(status)
    message: str
    if isinstance(inner, dict):
        raw_message = inner.get("message")
        message = raw_message if isinstance(raw_message, str) else _text_message(raw)
        raw_type = inner.get("type")
        if isinstance(raw_type, str):
            error_type = raw_type
        code = _as_text(inner.get("code"))
        param = _as_text(inner.get("param"))
    elif isinstance(inner, str):
        message = inner
    else:
        top_message = top.get("message") if top is not None else None
        message = top_message if isinstance(top_message, str) else _text_message(raw)
    return error_class(status)(
        message,
        status=status,
        type=error_type,
        code=code,
        param=param,
        headers=headers,
        body=parsed if ok else _text(body),
        code_decides=False,
    )


# --------------------------------------------------------------------------- retry

@dataclass(frozen=True)
class Hint:
    """A server hint: wait at least ``delay_s`` seconds; ``source`` names the header
    (``"RetryAfterMs"``, ``"RetryAfter"`` or ``"RateLimitReset"``)."""

    delay_s: float
    source: str


@dataclass(frozen=True)
class RetryDecision:
    """What to do after a failed attempt.

    ``retry``: whether to try again. ``reason``: why not (``"Fatal"``, ``"Attempts"``,
    ``"HintTooLong"``, ``"Deadline"``), else ``None``. ``hint_source``: the header the
    delay honours (or that asked for too long a wait). ``delay_floor_ms``: when retrying,
    the shortest wait in milliseconds (add your own jitter on top: up to
    ``min(HINT_JITTER_MS, hint / HINT_JITTER_DIVISOR)`` ms after a hint, up to
    ``backoff_ceiling_ms`` without one).
    ``retry_after_ms``: when giving up on a server hint, how long the server asked to wait.
    """

    retry: bool
    reason: Optional[str]
    hint_source: Optional[str]
    delay_floor_ms: Optional[float]
    retry_after_ms: Optional[float]
    backoff_ceiling_ms: Optional[float]


def _visible(value: str) -> bool:
    return all(c == "\t" or " " <= c <= "~" for c in value)


def _header_values(headers: Optional[Headers], name: str) -> List[str]:
    """The values of a header that are visible ASCII text, in order."""
    return [value for key, value in _header_pairs(headers) if key == name and _visible(value)]


def should_retry(headers: Optional[Headers]) -> Optional[bool]:
    """The ``x-should-retry`` header: ``True``, ``False``, or ``None`` when absent or neither word."""
    for value in _header_values(headers, SHOULD_RETRY):
        word = value.strip(" \t").lower()
        if word == "true":
            return True
        if word == "false":
            return False
    return None


def _number(s: str) -> Optional[float]:
    s = s.strip(" \t")
    if (
        not s
        or len(s) > MAX_NUMBER_LEN
        or not any(c.isdigit() for c in s)
        or not all(c in "0123456789." for c in s)
        or s.count(".") > 1
    ):
        return None
    return float(s)


def _positive(secs: float) -> Optional[float]:
    # Under half a nanosecond rounds to a zero duration, as in the Rust core.
    if secs != secs or secs < 0.5e-9 or secs > MAX_PLAUSIBLE_HINT_S:
        return None
    return secs


def _until(at: float, now: float) -> Optional[float]:
    d = at - now
    return d if 0 < d <= MAX_PLAUSIBLE_HINT_S else None


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _digits(s: str) -> Optional[int]:
    return int(s) if s and all("0" <= c <= "9" for c in s) else None


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _http_date(s: str) -> Optional[float]:
    """An HTTP-date (IMF-fixdate, RFC 850 or asctime) as Unix seconds; ``None`` if invalid."""
    s = s.strip(" \t")
    if not s.isascii():
        return None
    fields: Optional[Tuple[int, Optional[int], int, Optional[int], Optional[int], Optional[int], Optional[int]]] = None
    if len(s) == 29 and s[25:] == " GMT" and s[16] == " " and s[19] == ":" and s[22] == ":":
        month = s[7:12]
        if s[:5] in [d + ", " for d in _DAYS] and month[0] == " " and month[4] == " " and month[1:4] in _MONTHS:
            fields = (_DAYS.index(s[:3]), _digits(s[12:16]), _MONTHS.index(month[1:4]) + 1, _digits(s[5:7]), _digits(s[17:19]), _digits(s[20:22]), _digits(s[23:25]))
    if fields is None:
        for i, long_day in enumerate(_LONG_DAYS):
            prefix = long_day + ", "
            rest = s[len(prefix):]
            if len(s) >= 23 and s.startswith(prefix):
                if len(rest) == 22 and rest[12] == ":" and rest[15] == ":" and rest[18:] == " GMT" and rest[2] == "-" and rest[6] == "-" and rest[3:6] in _MONTHS:
                    yy = _digits(rest[7:9])
                    year = None if yy is None else yy + (2000 if yy < 70 else 1900)
                    fields = (i, year, _MONTHS.index(rest[3:6]) + 1, _digits(rest[0:2]), _digits(rest[10:12]), _digits(rest[13:15]), _digits(rest[16:18]))
                break
    if fields is None and len(s) == 24 and s[10] == " " and s[13] == ":" and s[16] == ":" and s[19] == " ":
        if s[3] == " " and s[:3] in _DAYS and s[7] == " " and s[4:7] in _MONTHS:
            mday = _digits(s[9]) if s[8] == " " else _digits(s[8:10])
            fields = (_DAYS.index(s[:3]), _digits(s[20:24]), _MONTHS.index(s[4:7]) + 1, mday, _digits(s[11:13]), _digits(s[14:16]), _digits(s[17:19]))
    if fields is None:
        return None
    wday, year, mon, day, hour, minute, sec = fields
    if year is None or day is None or hour is None or minute is None or sec is None:
        return None
    if not (sec < 60 and minute < 60 and hour < 24 and 0 < day < 32 and 1970 <= year <= 9999):
        return None
    days = _days_from_civil(year, mon, day)
    # The date must exist (no 31 November) and fall on the day of the week it names.
    next_month = _days_from_civil(year + mon // 12, mon % 12 + 1, 1)
    if days >= next_month:
        return None
    if (days + 3) % 7 != wday:
        return None
    return float(days * 86400 + hour * 3600 + minute * 60 + sec)


def _retry_after(s: str, now: float) -> Optional[float]:
    n = _number(s)
    if n is not None:
        return _positive(n)
    at = _http_date(s)
    return None if at is None else _until(at, now)


_DURATION_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, "ns": 1e-9}


def _duration(s: str) -> Optional[float]:
    """A duration as Go prints one (``1s``, ``6m0s``, ``1m30.5s``, ``250ms``): one or more
    ``<decimal><unit>``, units ``h``, ``m``, ``s``, ``ms``, ``us`` and ``ns``; in seconds."""
    rest = s.strip(" \t")
    if not rest or len(rest.encode("utf-8")) > MAX_DURATION_LEN:
        return None
    total = 0.0
    for m in re.finditer(r"([0-9.]*)([^0-9.]*)", rest):
        if m.end() == m.start():
            continue
        value = _number(m.group(1))
        scale = _DURATION_UNITS.get(m.group(2))
        if value is None or scale is None:
            return None
        total += value * scale
    return total if total == total and total != float("inf") else None


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _rfc3339(s: str) -> Optional[float]:
    """An RFC 3339 timestamp (``2026-01-01T00:00:30.5Z``, ``…+01:00``; ``t``, ``z`` or a
    space accepted) as Unix seconds; ``None`` if invalid or before 1970."""
    b = s.strip(" \t")
    if not b.isascii() or not 20 <= len(b) <= MAX_TIMESTAMP_LEN:
        return None
    if b[4] != "-" or b[7] != "-" or b[10] not in "Tt " or b[13] != ":" or b[16] != ":":
        return None
    year, month, day = _digits(b[0:4]), _digits(b[5:7]), _digits(b[8:10])
    hour, minute, second = _digits(b[11:13]), _digits(b[14:16]), _digits(b[17:19])
    if year is None or month is None or day is None or hour is None or minute is None or second is None:
        return None
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month) or hour > 23 or minute > 59 or second > 60:
        return None
    at = 19
    nanos = 0
    if b[at : at + 1] == ".":
        end = at + 1
        while end < len(b) and "0" <= b[end] <= "9":
            end += 1
        if end == at + 1:
            return None
        nanos = int(b[at + 1 : end][:9].ljust(9, "0"))
        at = end
    tail = b[at:]
    if tail in ("Z", "z"):
        offset = 0
    elif len(tail) == 6 and tail[0] in "+-" and tail[3] == ":":
        oh, om = _digits(tail[1:3]), _digits(tail[4:6])
        if oh is None or om is None or oh > 23 or om > 59:
            return None
        offset = (oh * 60 + om) * (1 if tail[0] == "+" else -1)
    else:
        return None
    secs = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60
    if secs < 0:
        return None
    return secs + nanos / 1_000_000_000


def _reset(s: str, now: float) -> Optional[float]:
    """A reset: seconds from now, a Unix time (at or above ``EPOCH_THRESHOLD_S``), a
    duration (``6m0s``), an RFC 3339 timestamp or an HTTP-date; in seconds from ``now``."""
    n = _number(s)
    if n is not None:
        return _until(n, now) if n >= EPOCH_THRESHOLD_S else _positive(n)
    d = _duration(s)
    if d is not None:
        return _positive(d)
    at = _rfc3339(s)
    if at is None:
        at = _http_date(s)
    return None if at is None else _until(at, now)


_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~:/")
_BYTES_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=")
_I64_MAX = 2**63 - 1

_Bare = Union[int, float, str, bool, bytes]
"""A bare item of a structured field: integer, decimal, string or token, boolean, byte sequence."""


class _Field:
    """A structured-field list or dictionary (RFC 9651) as read by the Rust core."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.at = 0

    def peek(self) -> str:
        return self.s[self.at : self.at + 1]

    def eat(self, c: str) -> bool:
        if self.peek() == c:
            self.at += 1
            return True
        return False

    def take(self, chars: frozenset[str]) -> str:
        start = self.at
        while self.at < len(self.s) and self.s[self.at] in chars:
            self.at += 1
        return self.s[start : self.at]

    def key_or_token(self) -> str:
        c = self.peek()
        if not (c.isascii() and c.isalpha() or c == "*"):
            raise ValueError("expected a token")
        return self.take(_TOKEN_CHARS).lower()

    def string(self) -> str:
        if not self.eat('"'):
            raise ValueError("expected a string")
        out: List[str] = []
        while True:
            c = self.peek()
            if c == "":
                raise ValueError("unterminated string")
            self.at += 1
            if c == '"':
                return "".join(out)
            if c == "\\":
                e = self.peek()
                if e not in ('"', "\\"):
                    raise ValueError("invalid escape")
                out.append(e)
                self.at += 1
            elif " " <= c <= "~":
                out.append(c)
            else:
                raise ValueError("invalid character")

    def bare(self) -> _Bare:
        c = self.peek()
        if c == "":
            raise ValueError("expected a value")
        if c == '"':
            return self.string()
        if c == "?":
            self.at += 1
            if self.eat("1"):
                return True
            if self.eat("0"):
                return False
            raise ValueError("invalid boolean")
        if c == ":":
            self.at += 1
            self.take(_BYTES_CHARS)
            if not self.eat(":"):
                raise ValueError("unterminated bytes")
            return b""
        if c == "-" or "0" <= c <= "9":
            negative = self.eat("-")
            text = self.take(frozenset("0123456789."))
            if not text or len(text) > 20:
                raise ValueError("invalid number")
            if "." in text:
                d = _number(text)
                if d is None:
                    raise ValueError("invalid decimal")
                return -d if negative else d
            n = int(text)
            if n > _I64_MAX:
                raise ValueError("integer out of range")
            return -n if negative else n
        return self.key_or_token()

    def params(self) -> List[Tuple[str, _Bare]]:
        params: List[Tuple[str, _Bare]] = []
        while self.eat(";"):
            while self.peek() == " ":
                self.at += 1
            key = self.key_or_token()
            params.append((key, self.bare() if self.eat("=") else True))
            if len(params) > 64:
                raise ValueError("too many parameters")
        return params


_Member = Tuple[str, Optional[_Bare], List[Tuple[str, _Bare]]]


def _members(s: str) -> Optional[List[_Member]]:
    """The members ``(name, value, params)`` of a structured-field list or dictionary;
    ``None`` on a syntax error."""
    p = _Field(s)
    out: List[_Member] = []
    try:
        while p.peek() == " ":
            p.at += 1
        if p.at >= len(s):
            return out
        while True:
            name = p.string() if p.peek() == '"' else p.key_or_token()
            value = p.bare() if p.eat("=") else None
            out.append((name, value, p.params()))
            if len(out) > 64:
                return None
            while p.peek() in (" ", "\t"):
                p.at += 1
            if p.at >= len(s):
                return out
            if not p.eat(","):
                return None
            while p.peek() in (" ", "\t"):
                p.at += 1
            if p.at >= len(s):
                return None
    except ValueError:
        return None


def _as_count(v: Optional[_Bare]) -> Optional[int]:
    """A non-negative integer, or a decimal's whole part."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return v if v >= 0 else None
    if isinstance(v, float):
        return int(v) if v >= 0 else None
    return None


def _as_secs(v: Optional[_Bare]) -> Optional[float]:
    """A strictly positive, plausible number of seconds."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        return None
    return _positive(float(v))


def _param(member: _Member, key: str) -> Optional[_Bare]:
    return next((v for k, v in member[2] if k == key), None)


def _rate_limit_resets(headers: Optional[Headers]) -> List[float]:
    """The resets of the windows of the IETF ``RateLimit`` field with nothing left (``r=0``);
    the earlier revisions' dictionary (``limit=10, remaining=0, reset=30``) is one window."""
    members: List[_Member] = []
    for value in _header_values(headers, RATE_LIMIT_FIELD):
        line = _members(value)
        if line is not None:
            members.extend(line)
    if any(m[1] is not None for m in members):

        def first(key: str) -> Optional[_Bare]:
            return next((m[1] for m in members if m[0] == key), None)

        windows = [(_as_count(first("remaining")), _as_secs(first("reset")))]
    else:
        windows = [(_as_count(_param(m, "r")), _as_secs(_param(m, "t"))) for m in members]
    return [reset for left, reset in windows if left == 0 and reset is not None]


def _window_resets(headers: Optional[Headers], now: float) -> List[float]:
    pairs = _header_pairs(headers)
    out: List[float] = []
    for reset_name, remaining_name in WINDOW_RESETS:
        first = next((v for k, v in pairs if k == remaining_name), None)
        left = None if first is None or not _visible(first) else _number(first)
        if left is not None and left != 0:
            continue
        for value in _header_values(headers, reset_name):
            d = _reset(value, now)
            if d is not None:
                out.append(d)
                break
    return out


def server_hint(headers: Optional[Headers], now: float) -> Optional[Hint]:
    """The first valid server hint, in this order: ``retry-after-ms``, ``Retry-After``
    (seconds or HTTP-date), then the resets: ``X-RateLimit-Reset``, else the latest reset
    among the windows with nothing left (the IETF ``RateLimit`` field's members with
    ``r=0``, or its earlier dictionary form, and the per-window headers of
    ``WINDOW_RESETS``). A reset may be seconds, a Unix time (at or above
    ``EPOCH_THRESHOLD_S``), a duration
    (``6m0s``), an RFC 3339 timestamp or an HTTP-date. Invalid values are skipped. ``now``
    is the wall-clock time in Unix seconds."""
    for value in _header_values(headers, RETRY_AFTER_MS):
        n = _number(value)
        d = None if n is None else _positive(n / 1000.0)
        if d is not None:
            return Hint(d, "RetryAfterMs")
    for value in _header_values(headers, RETRY_AFTER):
        d = _retry_after(value, now)
        if d is not None:
            return Hint(d, "RetryAfter")
    for value in _header_values(headers, RATE_LIMIT_RESET):
        d = _reset(value, now)
        if d is not None:
            return Hint(d, "RateLimitReset")
    resets = _rate_limit_resets(headers) + _window_resets(headers, now)
    return Hint(max(resets), "RateLimitReset") if resets else None


class _Pairs(List[Tuple[str, object]]):
    """A JSON object as its members in order, so repeated members can be seen."""


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_DECODER = json.JSONDecoder()
_SKIPPED = object()
"""A value checked but not read."""


def _ws(s: str, i: int) -> int:
    m = _WS.match(s, i)
    return i if m is None else m.end()


def _string(s: str, i: int) -> Tuple[str, int]:
    """The JSON string whose opening quote is at ``i``, and the index after it."""
    value, end = _DECODER.raw_decode(s, i)
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value, end


def _key(s: str, i: int) -> Tuple[str, int]:
    """A member name and its colon, from ``i``; the index after the colon."""
    i = _ws(s, i)
    if s[i : i + 1] != '"':
        raise ValueError("expected a member name")
    key, i = _string(s, i)
    i = _ws(s, i)
    if s[i : i + 1] != ":":
        raise ValueError("expected ':'")
    return key, i + 1


def _skip(s: str, i: int) -> int:
    """The index after the JSON value at ``i``, checked but not built, without recursion
    (so at any depth)."""
    closers: List[str] = []
    while True:
        i = _ws(s, i)
        c = s[i : i + 1]
        if c in ("{", "["):
            closer = "}" if c == "{" else "]"
            j = _ws(s, i + 1)
            if s[j : j + 1] != closer:
                closers.append(closer)
                i = _key(s, j)[1] if closer == "}" else j
                continue
            i = j + 1
        elif c == '"':
            i = _string(s, i)[1]
        else:
            m = _NUMBER.match(s, i)
            if m is not None:
                i = m.end()
            elif s.startswith("true", i) or s.startswith("null", i):
                i += 4
            elif s.startswith("false", i):
                i += 5
            else:
                raise ValueError("not JSON")
        while closers:
            i = _ws(s, i)
            c = s[i : i + 1]
            if c == closers[-1]:
                closers.pop()
                i += 1
            elif c == ",":
                i = _key(s, i + 1)[1] if closers[-1] == "}" else i + 1
                break
            else:
                raise ValueError("not JSON")
        else:
            return i


def _shallow(s: str, i: int, depth: int) -> Tuple[object, int]:
    """The JSON value at ``i`` and the index after it: a string, ``None`` for null, an
    object down to ``depth`` levels as its members (``_Pairs``); any other value is
    checked and skipped (``_SKIPPED``)."""
    i = _ws(s, i)
    c = s[i : i + 1]
    if c == '"':
        return _string(s, i)
    if s.startswith("null", i):
        return None, i + 4
    if c != "{" or depth == 0:
        return _SKIPPED, _skip(s, i)
    pairs = _Pairs()
    i = _ws(s, i + 1)
    if s[i : i + 1] == "}":
        return pairs, i + 1
    while True:
        key, i = _key(s, i)
        value, i = _shallow(s, i, depth - 1)
        pairs.append((key, value))
        i = _ws(s, i)
        c = s[i : i + 1]
        if c == "}":
            return pairs, i + 1
        if c != ",":
            raise ValueError("not JSON")
        i += 1


def _envelope_document(text: str) -> object:
    """The body read as the Rust runtime reads it: the top-level object and its ``error``
    object as members in order, other values checked (to any depth) but not built."""
    value, end = _shallow(text, 0, 2)
    if _ws(text, end) != len(text):
        raise ValueError("text after the JSON value")
    return value


def _lone_surrogate(s: str) -> bool:
    """Whether ``s`` holds half of a surrogate pair (a ``\\ud800``-style escape on its own)."""
    return any("\ud800" <= c <= "\udfff" for c in s)


_Conforming = Tuple[str, str, Optional[str], Optional[str]]
"""The members of a conforming error envelope: message, type, code and param."""


def _envelope(body: Body) -> Optional[_Conforming]:
    """``(message, type, code, param)`` of a well-formed error envelope (an object whose
    ``error`` holds a string ``message`` and ``type``, and a string or null ``code`` and
    ``param``, each member at most once; these strings and the member names of both
    objects hold no lone surrogate), else ``None``: the body the Rust runtime parses
    strictly, whose code decides the retry policy."""
    try:
        # Invalid UTF-8 becomes lone surrogates: the runtime rejects them in a string it
        # reads and skips them in a member it does not read.
        text = bytes(body).decode("utf-8", "surrogateescape") if isinstance(body, (bytes, bytearray)) else (body or "")
        root = _envelope_document(text)
    except ValueError:
        return None
    if not isinstance(root, _Pairs) or any(_lone_surrogate(k) for k, _ in root):
        return None
    inner = [v for k, v in root if k == "error"]
    if len(inner) != 1 or not isinstance(inner[0], _Pairs):
        return None
    members: Dict[str, object] = {}
    for key, value in inner[0]:
        if _lone_surrogate(key) or (key in ("message", "type", "code", "param") and isinstance(value, str) and _lone_surrogate(value)):
            return None
        if key in ("message", "type", "code", "param"):
            if key in members:
                return None
            members[key] = value
    message, error_type = members.get("message"), members.get("type")
    code, param = members.get("code"), members.get("param")
    if not isinstance(message, str) or not isinstance(error_type, str):
        return None
    if not (code is None or isinstance(code, str)) or not (param is None or isinstance(param, str)):
        return None
    return (message, error_type, code, param)


def backoff_ceiling_ms(attempt: int, base_ms: float = BACKOFF_BASE_MS, cap_ms: float = BACKOFF_CAP_MS) -> float:
    """The ceiling of the backoff before the retry after attempt ``attempt`` (1-based):
    ``min(cap, base * 2^(attempt - 1))``; draw the delay uniformly below it."""
    return min(cap_ms, base_ms * 2.0 ** min(max(attempt - 1, 0), 31))


def retry_decision(
    status: int,
    headers: Optional[Headers],
    body: Body,
    attempt: int,
    elapsed_s: float,
    now: float,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    max_hint_s: float = MAX_HINT_S,
    deadline_s: Optional[float] = None,
) -> RetryDecision:
    """Whether and when to retry after attempt number ``attempt`` (1 after the first)
    failed with this response, ``elapsed_s`` seconds after the call started, at Unix time
    ``now``. The same rules, in the same order, as the Rust retry helper:

    1. ``x-should-retry: true|false`` wins; else the code's policy (when the body is a
       well-formed envelope with a known code), else the status's (``"Fatal"`` if not).
    2. Attempts left (``"Attempts"`` once ``attempt >= max_attempts``).
    3. The first valid server hint; longer than ``max_hint_s``: ``"HintTooLong"``.
    4. The next attempt must start before ``deadline_s`` (``"Deadline"``).

    No jitter is drawn: ``delay_floor_ms`` is the shortest allowed wait.
    """
    conforming = _envelope(body)
    code = conforming[2] if conforming is not None else None
    verdict = should_retry(headers)
    retryable = verdict if verdict is not None else retry_policy(status, code) == "backoff"
    if not retryable:
        return RetryDecision(False, "Fatal", None, None, None, None)
    if attempt >= max_attempts:
        return RetryDecision(False, "Attempts", None, None, None, None)
    remaining = None if deadline_s is None else max(0.0, deadline_s - elapsed_s)
    hint = server_hint(headers, now)
    ceiling = backoff_ceiling_ms(attempt)
    if hint is not None:
        if hint.delay_s > max_hint_s:
            return RetryDecision(False, "HintTooLong", hint.source, None, hint.delay_s * 1000.0, None)
        if remaining is not None and (remaining == 0 or hint.delay_s > remaining):
            return RetryDecision(False, "Deadline", hint.source, None, hint.delay_s * 1000.0, None)
        return RetryDecision(True, None, hint.source, hint.delay_s * 1000.0, None, None)
    if remaining is not None and remaining == 0:
        return RetryDecision(False, "Deadline", None, None, None, None)
    if remaining is not None:
        ceiling = min(ceiling, remaining * 1000.0)
    return RetryDecision(True, None, None, 0.0, None, ceiling)
