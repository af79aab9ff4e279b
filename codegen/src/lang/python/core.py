from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from random import random as _draw
from typing import (
    ClassVar,
    Optional,
    Union,
    cast,
)

__all__ = [
    "CODE_CLASSES",
    "STATUS_CLASSES",
    "STREAM_FORMAT",
    "APIError",
    "Hint",
    "RetryDecision",
    "StreamEvent",
    "StreamFormat",
    "end_event",
    "error_class",
    "error_event",
    "from_response",
    "from_stream_event",
    "retry_decision",
    "retry_policy",
    "server_hint",
    "should_retry",
    "status_type",
    "stream_retry_decision",
]

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]
"""Response headers: a mapping (``requests``/``httpx`` headers work) or ``(name, value)``
pairs."""

Body = Union[bytes, bytearray, str, None]
"""A response body: raw bytes, text, or ``None`` when there was none."""

# @runtime-constants


@dataclass(frozen=True)
class _StatusInfo:
    code: int
    name: str
    retry: str
    cls: type[APIError] | None


@dataclass(frozen=True)
class _CodeInfo:
    name: str
    error_type: str
    status: int
    retry: str
    param: str | None
    message: str
    remediation: tuple[str, ...]
    doc_url: str
    cls: type[APIError]


# ----------------------------------------------------------------- header lines


def _raw_pairs(headers: Headers | None) -> list[tuple[object, object]]:
    """The header lines as given, in order: ``multi_items()`` (httpx), else ``items()``
    (mappings, ``http.client`` messages that list repeated headers), else the pairs."""
    if headers is None:
        return []
    for attr in ("multi_items", "items"):
        method = getattr(headers, attr, None)
        if callable(method):
            return [(k, v) for k, v in method()]
    return [(k, v) for k, v in cast(Iterable[tuple[object, object]], headers)]


def _as_str(value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


def _header_pairs(headers: Headers | None) -> list[tuple[str, str]]:
    return [(_as_str(k).lower(), _as_str(v)) for k, v in _raw_pairs(headers)]


_TCHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def _is_text(value: str) -> bool:
    """Whether a header value is text: every character ``%x20-7E`` or HTAB."""
    return all(c == "\t" or " " <= c <= "~" for c in value)


_Line = tuple[str, Optional[str]]
"""A header line HTTP can carry: its name in lowercase, its value (``None`` when the
value is not text)."""


def _lines(headers: Headers | None) -> list[_Line]:
    """The lines of the response that HTTP can carry, in order: a name that is not a
    field name, or a value holding a control character other than HTAB, drops the line
    (the retry specification, section 2.1)."""
    out: list[_Line] = []
    for key, raw in _raw_pairs(headers):
        name, value = _as_str(key), _as_str(raw)
        if not name or not all(c in _TCHARS for c in name):
            continue
        if any(c != "\t" and (c < " " or c == "\x7f") for c in value):
            continue
        out.append((name.lower(), value if _is_text(value) else None))
    return out


def _texts(lines: list[_Line], name: str) -> list[str]:
    """The values of the lines of a header that are text, in order."""
    return [v for k, v in lines if k == name and v is not None]


def _text(body: Body) -> str:
    if body is None:
        return ""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body).decode("utf-8", errors="replace")
    return body


# ------------------------------------------------------------------------ errors


class APIError(Exception):
    """An error response of the API: the base of every status and code class.

    ``status`` is the HTTP status; ``message``, ``type``, ``code`` and ``param`` come from
    the body (``code`` and ``param`` always strings or ``None``); ``retry_policy`` is
    ``"never"`` or ``"backoff"``: a known code's, else the status's;
    ``remediation`` and ``doc_url`` are the catalog's for a known code.

    ``from_stream`` is true for an error read from an event of a stream
    (:func:`from_stream_event`): it came with no HTTP status of its own (the stream's
    was a success), so ``http_status`` is ``None`` and ``status`` is the catalog's status
    for its code, else for its type, else 500 (the retry specification, section 14.2).
    """

    STATUS: ClassVar[int | None] = None
    """The HTTP status of this class (``None`` for the base class)."""
    CODE: ClassVar[str | None] = None
    """The error code of this class (``None`` for a status class)."""

    status: int
    message: str
    type: str | None
    code: str | None
    param: str | None
    retry_policy: str
    remediation: tuple[str, ...]
    doc_url: str | None
    headers: tuple[tuple[str, str], ...]
    body: object
    from_stream: bool

    def __init__(
        self,
        message: str,
        *,
        status: int,
        type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        headers: Headers | None = None,
        body: object = None,
        from_stream: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.retry_policy = retry_policy(status, code)
        info = _CODES.get(code) if code is not None else None
        self.remediation = info.remediation if info is not None else ()
        self.doc_url = info.doc_url if info is not None else None
        self.headers = tuple(_header_pairs(headers))
        self.body = body
        self.from_stream = from_stream

    @property
    def http_status(self) -> int | None:
        """The status the error came with on the wire: ``status``, or ``None`` for an
        error read from a stream."""
        return None if self.from_stream else self.status

    @property
    def retryable(self) -> bool:
        """Whether the catalog says a request that failed this way may be retried."""
        return self.retry_policy == "backoff"

    def envelope(self) -> dict[str, dict[str, str]]:
        """The error body ``{"error": {"message", "type", "code", "param"}}``, with
        ``code`` and ``param`` only when the error has them: read again with its
        status, it gives the same retry policy."""
        inner: dict[str, str] = {"message": self.message}
        inner["type"] = self.type if self.type is not None else status_type(self.status)
        if self.code is not None:
            inner["code"] = self.code
        if self.param is not None:
            inner["param"] = self.param
        return {"error": inner}

    def to_json(self) -> str:
        """:meth:`envelope` as JSON text."""
        return json.dumps(self.envelope(), ensure_ascii=False, separators=(",", ":"))

    def __str__(self) -> str:
        parts = [p for p in (self.type, self.code) if p is not None]
        return f"{self.message} ({', '.join(parts)})" if parts else self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, message={self.message!r}, "
            f"type={self.type!r}, code={self.code!r}, param={self.param!r})"
        )


def _unlisted_status_policy(status: int) -> str:
    if status in TRANSIENT_STATUSES or 500 <= status <= 599:
        return "backoff"
    return "never"


def retry_policy(status: int, code: str | None = None) -> str:
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


def error_class(status: int, code: str | None = None) -> type[APIError]:
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
    if 0xC0 <= lead <= 0xDF:
        needed = 2
    elif 0xE0 <= lead <= 0xEF:
        needed = 3
    elif 0xF0 <= lead <= 0xF7:
        needed = 4
    else:
        return raw
    return raw[: start - 1] if n - (start - 1) < needed else raw


def _text_message(raw: bytes) -> str:
    """The body's text as a message: decoded as UTF-8 (each maximal ill-formed
    subsequence replaced by U+FFFD), at most ``MAX_MESSAGE_BYTES`` UTF-8 bytes, cut on a
    character boundary, then a note of the full length when cut; an empty body says
    so."""
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


# --------------------------------------------------------------------------- JSON

_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _lone_surrogate_escape(text: str) -> bool:
    """Whether a ``\\u`` escape of ``text`` is half of a surrogate pair on its own (the
    escapes are read in order, so an escaped backslash is not taken for one)."""
    pending = -1
    for m in _ESCAPE.finditer(text):
        hexa = m.group(1)
        unit = int(hexa, 16) if hexa is not None else -1
        if pending >= 0:
            if m.start() == pending and 0xDC00 <= unit <= 0xDFFF:
                pending = -1
                continue
            return True
        if 0xD800 <= unit <= 0xDBFF:
            pending = m.end()
        elif 0xDC00 <= unit <= 0xDFFF:
            return True
    return pending >= 0


def _too_deep(text: str) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than
    ``MAX_JSON_DEPTH`` (what it says of a text that is not JSON does not matter)."""
    depth = 0
    for m in _NESTING.finditer(text):
        c = m.group()
        if c in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif c in ("]", "}"):
            depth -= 1
    return False


def _reject_constant(name: str) -> object:
    raise ValueError(f"not JSON: {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError("number out of range")
    return value


def _finite_int(text: str) -> int:
    value = int(text)
    try:
        float(value)
    except OverflowError:
        raise ValueError("number out of range") from None
    return value


def _json(raw: bytes) -> tuple[bool, object]:
    """``(True, value)`` for a body that is JSON (the retry specification, section 7.1):
    UTF-8 without a byte order mark, one JSON text, no lone surrogate, every number
    finite as a double, nested at most ``MAX_JSON_DEPTH`` deep; a repeated member name
    keeps its last value. Else ``(False, None)``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return (False, None)
    if _too_deep(text) or _lone_surrogate_escape(text):
        return (False, None)
    try:
        value: object = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_finite_int,
        )
    except (ValueError, RecursionError, OverflowError):
        return (False, None)
    return (True, value)


_MAX_EXACT_INTEGER = 2**53 - 1
"""The largest magnitude of a number read as a code or param."""


def _as_text(value: object) -> str | None:
    """A member read as text: a string is itself, a number whose value is an integer of
    magnitude at most 2**53 - 1 its decimal digits; anything else is no value."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if abs(value) <= _MAX_EXACT_INTEGER else None
    if (
        isinstance(value, float)
        and value.is_integer()
        and abs(value) <= _MAX_EXACT_INTEGER
    ):
        return str(int(value))
    return None


def status_type(status: int) -> str:
    """The type of an error whose body names none: the catalog's type for the status when
    it has exactly one, else ``http_4xx_error``, ``http_5xx_error``, … after its class."""
    only = _STATUS_TYPES.get(status)
    return only if only is not None else f"http_{(status // 100) % 10}xx_error"


_Read = tuple[str, str, Optional[str], Optional[str], object]
"""What a body gives (message, type, code, param) and its parsed value."""


def _read_body(status: int, body: Body) -> _Read:
    """The error of a response body, by the retry specification, section 7."""
    raw = _raw(body)
    ok, parsed = _json(raw)
    kept: object = parsed if ok else _text(body)
    top = parsed if ok and isinstance(parsed, dict) else None
    inner = top.get("error") if top is not None else None
    if isinstance(inner, dict):
        message = inner.get("message")
        error_type = inner.get("type")
        return (
            message if isinstance(message, str) else _text_message(raw),
            error_type if isinstance(error_type, str) else status_type(status),
            _as_text(inner.get("code")),
            _as_text(inner.get("param")),
            kept,
        )
    if isinstance(inner, str):
        return (inner, status_type(status), None, None, kept)
    message = top.get("message") if top is not None else None
    if not isinstance(message, str):
        message = _text_message(raw)
    return (message, status_type(status), None, None, kept)


def from_response(status: int, headers: Headers | None, body: Body) -> APIError:
    """The error of an HTTP response, as an instance of its most specific class, by the
    retry specification (section 7). Never raises:

    * a JSON object whose ``error`` is an object gives its ``message`` (else the body's
      text), its ``type`` (else the status's), and its ``code`` and ``param`` as text (a
      string, or an integer of magnitude at most 2**53 - 1 as its digits);
    * ``{"error": "text"}`` or ``{"message": "text"}`` gives that message;
    * any other body (HTML, text, empty, JSON with a lone surrogate, a number out of
      range or nesting deeper than ``MAX_JSON_DEPTH``) gives its text as the message,
      cut to ``MAX_MESSAGE_BYTES`` bytes with a note of the full length.

    Without a type in the body, the type is :func:`status_type`. A known code decides
    the class and the retry policy however the body was written.
    """
    message, error_type, code, param, kept = _read_body(status, body)
    return error_class(status, code)(
        message,
        status=status,
        type=error_type,
        code=code,
        param=param,
        headers=headers,
        body=kept,
    )


# ---------------------------------------------------------------- header values

_NS_PER_S = 10**9


def _round_ns(secs: float) -> int:
    """Seconds as whole nanoseconds, rounded to the nearest."""
    return round(Fraction(secs) * _NS_PER_S)


def _config_ns(secs: float) -> int:
    """A configured duration in nanoseconds: not a number or not positive is zero."""
    if math.isnan(secs) or secs <= 0:
        return 0
    if math.isinf(secs):
        return _MAX_CONFIG_NS
    return min(_round_ns(secs), _MAX_CONFIG_NS)


_MAX_CONFIG_NS = (2**64 - 1) * _NS_PER_S + _NS_PER_S - 1
"""The longest duration the Rust core can hold."""

_MAX_WAIT_NS = _round_ns(MAX_PLAUSIBLE_HINT_S)


def _wait_secs(secs: float) -> int | None:
    """The wait of a number of seconds, in nanoseconds, if it is one."""
    if math.isnan(secs) or secs <= 0 or math.isinf(secs):
        return None
    ns = _round_ns(secs)
    return ns if 0 < ns <= _MAX_WAIT_NS else None


def _wait_until(at_ns: int, now_ns: int) -> int | None:
    """The wait until an instant, in nanoseconds, if it is one."""
    d = at_ns - now_ns
    return d if 0 < d <= _MAX_WAIT_NS else None


def _trim(s: str) -> str:
    return s.strip(" \t")


def _number(s: str) -> float | None:
    """A number (section 5.2): digits with at most one ``.``, at most
    ``MAX_NUMBER_LEN`` bytes after trimming."""
    s = _trim(s)
    if (
        not s
        or len(s) > MAX_NUMBER_LEN
        or not any("0" <= c <= "9" for c in s)
        or not all("0" <= c <= "9" or c == "." for c in s)
        or s.count(".") > 1
    ):
        return None
    return float(s)


_DURATION_UNITS = {
    "h": 3600.0,
    "m": 60.0,
    "s": 1.0,
    "ms": 1e-3,
    "us": 1e-6,
    "\u00b5s": 1e-6,
    "\u03bcs": 1e-6,
    "ns": 1e-9,
}
_DURATION_PART = re.compile(r"([0-9.]*)([^0-9.]*)")


def _duration(s: str) -> float | None:
    """A duration as Go prints one (``1s``, ``6m0s``, ``1m30.5s``, ``250ms``), in
    seconds (section 5.3)."""
    rest = _trim(s)
    if not rest or len(rest.encode("utf-8")) > MAX_DURATION_LEN:
        return None
    total = 0.0
    for m in _DURATION_PART.finditer(rest):
        if m.end() == m.start():
            continue
        value = _number(m.group(1)) if m.group(1) == _trim(m.group(1)) else None
        scale = _DURATION_UNITS.get(m.group(2))
        if value is None or scale is None:
            return None
        total += value * scale
    return total if math.isfinite(total) else None


def _digits(s: str) -> int | None:
    return int(s) if s and all("0" <= c <= "9" for c in s) else None


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _rfc3339(s: str) -> int | None:
    """An RFC 3339 timestamp (section 5.4) as nanoseconds since the Unix epoch."""
    b = _trim(s)
    if not b.isascii() or not 20 <= len(b) <= MAX_TIMESTAMP_LEN:
        return None
    if b[4] != "-" or b[7] != "-" or b[10] not in "Tt " or b[13] != ":" or b[16] != ":":
        return None
    year, month, day = _digits(b[0:4]), _digits(b[5:7]), _digits(b[8:10])
    hour, minute, second = _digits(b[11:13]), _digits(b[14:16]), _digits(b[17:19])
    if year is None or month is None or day is None:
        return None
    if hour is None or minute is None or second is None:
        return None
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return None
    if hour > 23 or minute > 59 or second > 59:
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
    days = _days_from_civil(year, month, day)
    secs = days * 86400 + hour * 3600 + minute * 60 + second - offset * 60
    if secs < 0:
        return None
    return secs * _NS_PER_S + nanos


_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def _clock(s: str) -> tuple[int, int, int] | None:
    """``HH:MM:SS``."""
    if len(s) != 8 or s[2] != ":" or s[5] != ":":
        return None
    h, m, sec = _digits(s[0:2]), _digits(s[3:5]), _digits(s[6:8])
    if h is None or m is None or sec is None:
        return None
    return (h, m, sec)


def _http_date(s: str) -> int | None:
    """An HTTP-date (section 5.5: IMF-fixdate, RFC 850 or asctime) as nanoseconds since
    the Unix epoch."""
    s = _trim(s)
    if not s.isascii():
        return None
    weekday: int
    year: int | None
    month: str
    day: int | None
    clock: tuple[int, int, int] | None
    if len(s) == 29 and s[3:5] == ", " and s[25:] == " GMT":
        # Sun, 06 Nov 1994 08:49:37 GMT
        if s[:3] not in _DAYS or s[7] != " " or s[11] != " " or s[16] != " ":
            return None
        weekday, day, month = _DAYS.index(s[:3]), _digits(s[5:7]), s[8:11]
        year, clock = _digits(s[12:16]), _clock(s[17:25])
    elif len(s) == 24 and s[3] == " " and s[7] == " " and s[10] == " " and s[19] == " ":
        # Sun Nov  6 08:49:37 1994
        if s[:3] not in _DAYS:
            return None
        weekday, month = _DAYS.index(s[:3]), s[4:7]
        day = _digits(s[9]) if s[8] == " " else _digits(s[8:10])
        year, clock = _digits(s[20:24]), _clock(s[11:19])
    else:
        # Sunday, 06-Nov-94 08:49:37 GMT
        name, sep, rest = s.partition(", ")
        if not sep or name not in _LONG_DAYS or len(rest) != 22:
            return None
        if rest[2] != "-" or rest[6] != "-" or rest[9] != " " or rest[18:] != " GMT":
            return None
        weekday, day, month = _LONG_DAYS.index(name), _digits(rest[0:2]), rest[3:6]
        yy = _digits(rest[7:9])
        year = None if yy is None else yy + (2000 if yy < 70 else 1900)
        clock = _clock(rest[10:18])
    if month not in _MONTHS or year is None or day is None or clock is None:
        return None
    mon = _MONTHS.index(month) + 1
    hour, minute, second = clock
    if not (second < 60 and minute < 60 and hour < 24 and 1970 <= year <= 9999):
        return None
    if not 1 <= day <= _days_in_month(year, mon):
        return None
    days = _days_from_civil(year, mon, day)
    if (days + 3) % 7 != weekday:
        return None
    return (days * 86400 + hour * 3600 + minute * 60 + second) * _NS_PER_S


def _retry_after(s: str, now_ns: int) -> int | None:
    n = _number(s)
    if n is not None:
        return _wait_secs(n)
    at = _http_date(s)
    return None if at is None else _wait_until(at, now_ns)


def _reset(s: str, now_ns: int) -> int | None:
    """The wait of a reset value (section 6.4): seconds from now, a Unix time (at or
    above ``EPOCH_THRESHOLD_S``), a duration, an RFC 3339 timestamp or an HTTP-date."""
    n = _number(s)
    if n is not None:
        if n >= EPOCH_THRESHOLD_S:
            return _wait_until(_round_ns(n), now_ns)
        return _wait_secs(n)
    d = _duration(s)
    if d is not None:
        return _wait_secs(d)
    at = _rfc3339(s)
    if at is None:
        at = _http_date(s)
    return None if at is None else _wait_until(at, now_ns)


# ------------------------------------------------------------ structured fields


class SFToken(str):
    """A Token of a structured field (a String is a plain ``str``)."""


class SFDate(int):
    """A Date of a structured field: seconds since the Unix epoch."""


class SFDisplayString(str):
    """A Display String of a structured field, decoded."""


SFBare = Union[int, Decimal, str, bytes, bool]
"""A bare item: Integer (``int``), Decimal (``decimal.Decimal``), String (``str``),
Token (:class:`SFToken`), Byte Sequence (``bytes``), Boolean (``bool``), Date
(:class:`SFDate`) or Display String (:class:`SFDisplayString`)."""

SFParams = dict[str, SFBare]
"""Parameters, in order (a repeated key keeps its place and takes the last value)."""


@dataclass(frozen=True)
class SFItem:
    """An Item of a structured field: a bare item and its parameters."""

    value: SFBare
    params: SFParams


@dataclass(frozen=True)
class SFInnerList:
    """An Inner List of a structured field: items and the list's own parameters."""

    items: list[SFItem]
    params: SFParams


SFMember = Union[SFItem, SFInnerList]
SFValue = Union[list[SFMember], dict[str, SFMember], SFItem]

_SF_MAX_FIELD_LEN = 32 << 10
_SF_MAX_MEMBERS = 1 << 10
_SF_MAX_INNER_LIST = 1 << 8
_SF_MAX_PARAMS = 1 << 8
_SF_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.*")
_SF_TOKEN_CHARS = _TCHARS | frozenset(":/")
_SF_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SF_BYTES_CHARS = frozenset(_SF_BASE64 + "=")
_SF_HEX = "0123456789abcdef"


def _sf_base64(text: str) -> bytes | None:
    """Base64 as RFC 9651 section 4.2.7 reads it: missing padding and non-zero pad bits
    accepted."""
    data, sep, padding = text.partition("=")
    padding = sep + padding
    if len(padding) > 2 or padding.strip("=") or len(data) % 4 == 1:
        return None
    if padding and (len(data) + len(padding)) % 4 != 0:
        return None
    out = bytearray()
    acc = bits = 0
    for c in data:
        acc = (acc << 6) | _SF_BASE64.index(c)
        bits += 6
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
            acc &= (1 << bits) - 1
    return bytes(out)


class _SFParser:
    """The parsing algorithms of RFC 9651 section 4.2 over a combined field value."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.at = 0

    def fail(self, reason: str) -> ValueError:
        return ValueError(f"{reason} at {self.at}")

    def peek(self) -> str:
        return self.s[self.at : self.at + 1]

    def done(self) -> bool:
        return self.at >= len(self.s)

    def eat(self, c: str) -> bool:
        if self.peek() == c:
            self.at += 1
            return True
        return False

    def discard_sp(self) -> None:
        while self.eat(" "):
            pass

    def discard_ows(self) -> None:
        while self.peek() in (" ", "\t"):
            self.at += 1

    def take(self, chars: frozenset[str]) -> str:
        start = self.at
        while self.at < len(self.s) and self.s[self.at] in chars:
            self.at += 1
        return self.s[start : self.at]

    def member_end(self) -> bool:
        self.discard_ows()
        if self.done():
            return True
        if not self.eat(","):
            raise self.fail("expected ',' between members")
        self.discard_ows()
        if self.done():
            raise self.fail("trailing ','")
        return False

    def members(self) -> list[SFMember]:
        members: list[SFMember] = []
        while not self.done():
            if len(members) >= _SF_MAX_MEMBERS:
                raise self.fail("too many list members")
            members.append(self.item_or_inner_list())
            if self.member_end():
                break
        return members

    def item_or_inner_list(self) -> SFMember:
        return self.inner_list() if self.peek() == "(" else self.item()

    def inner_list(self) -> SFInnerList:
        if not self.eat("("):
            raise self.fail("expected '('")
        items: list[SFItem] = []
        while True:
            self.discard_sp()
            if self.done():
                raise self.fail("inner list without ')'")
            if self.eat(")"):
                return SFInnerList(items, self.params())
            if len(items) >= _SF_MAX_INNER_LIST:
                raise self.fail("too many inner list items")
            items.append(self.item())
            if self.peek() not in (" ", ")"):
                raise self.fail("expected SP or ')' after an inner list item")

    def dictionary(self) -> dict[str, SFMember]:
        out: dict[str, SFMember] = {}
        count = 0
        while not self.done():
            count += 1
            if count > _SF_MAX_MEMBERS:
                raise self.fail("too many dictionary members")
            key = self.key()
            if self.eat("="):
                member = self.item_or_inner_list()
            else:
                member = SFItem(True, self.params())
            out[key] = member
            if self.member_end():
                break
        return out

    def item(self) -> SFItem:
        value = self.bare_item()
        return SFItem(value, self.params())

    def bare_item(self) -> SFBare:
        c = self.peek()
        if c != "" and (c == "-" or "0" <= c <= "9"):
            return self.number()
        if c == '"':
            return self.string()
        if c == "*" or (c.isascii() and c.isalpha()):
            return SFToken(self.take(_SF_TOKEN_CHARS))
        if c == ":":
            return self.byte_sequence()
        if c == "?":
            self.at += 1
            if self.eat("1"):
                return True
            if self.eat("0"):
                return False
            raise self.fail("expected '1' or '0' after '?'")
        if c == "@":
            self.at += 1
            start = self.at
            n = self.number()
            if not isinstance(n, int):
                self.at = start
                raise self.fail("date not an integer")
            return SFDate(n)
        if c == "%":
            return self.display_string()
        raise self.fail("expected an item")

    def params(self) -> SFParams:
        params: SFParams = {}
        count = 0
        while self.eat(";"):
            count += 1
            if count > _SF_MAX_PARAMS:
                raise self.fail("too many parameters")
            self.discard_sp()
            key = self.key()
            params[key] = self.bare_item() if self.eat("=") else True
        return params

    def key(self) -> str:
        c = self.peek()
        if not (c == "*" or (c != "" and "a" <= c <= "z")):
            raise self.fail("expected a key")
        return self.take(_SF_KEY_CHARS)

    def number(self) -> int | Decimal:
        sign = -1 if self.eat("-") else 1
        if not "0" <= self.peek() <= "9" or self.done():
            raise self.fail("expected a digit")
        value = int_digits = 0
        fraction: int | None = None
        while not self.done():
            c = self.s[self.at]
            if "0" <= c <= "9":
                if fraction is None:
                    if int_digits == 15:
                        raise self.fail("integer too long")
                    int_digits += 1
                else:
                    if fraction == 3:
                        raise self.fail("more than 3 fraction digits")
                    fraction += 1
                value = value * 10 + ord(c) - 48
                self.at += 1
            elif c == "." and fraction is None:
                if int_digits > 12:
                    raise self.fail("decimal with more than 12 integer digits")
                fraction = 0
                self.at += 1
            else:
                break
        if fraction is None:
            return sign * value
        if fraction == 0:
            raise self.fail("decimal ending in '.'")
        return Decimal(sign * value * 10 ** (3 - fraction)).scaleb(-3)

    def string(self) -> str:
        if not self.eat('"'):
            raise self.fail("expected '\"'")
        out: list[str] = []
        while True:
            if self.done():
                raise self.fail("string without closing '\"'")
            c = self.s[self.at]
            self.at += 1
            if c == "\\":
                e = self.peek()
                if e not in ('"', "\\") or self.done():
                    raise self.fail('string escape other than \\" or \\\\')
                out.append(e)
                self.at += 1
            elif c == '"':
                return "".join(out)
            elif " " <= c <= "~":
                out.append(c)
            else:
                raise self.fail("control character in string")

    def byte_sequence(self) -> bytes:
        if not self.eat(":"):
            raise self.fail("expected ':'")
        end = self.s.find(":", self.at)
        if end < 0:
            raise self.fail("byte sequence without closing ':'")
        content = self.s[self.at : end]
        if not all(c in _SF_BYTES_CHARS for c in content):
            raise self.fail("character outside base64 in byte sequence")
        decoded = _sf_base64(content)
        if decoded is None:
            raise self.fail("invalid base64 in byte sequence")
        self.at = end + 1
        return decoded

    def display_string(self) -> SFDisplayString:
        if not self.eat("%") or not self.eat('"'):
            raise self.fail("expected '%\"'")
        out = bytearray()
        while True:
            if self.done():
                raise self.fail("display string without closing '\"'")
            c = self.s[self.at]
            if c == "%":
                pair = self.s[self.at + 1 : self.at + 3]
                if len(pair) != 2 or not all(h in _SF_HEX for h in pair):
                    raise self.fail("expected two lowercase hex digits after '%'")
                out.append(int(pair, 16))
                self.at += 3
            elif c == '"':
                try:
                    text = out.decode("utf-8")
                except UnicodeDecodeError:
                    raise self.fail("display string not UTF-8") from None
                self.at += 1
                return SFDisplayString(text)
            elif " " <= c <= "~":
                out.append(ord(c))
                self.at += 1
            else:
                raise self.fail("control character in display string")


def parse_structured_field(field_type: str, lines: str | Sequence[str]) -> SFValue:
    """A structured field (RFC 9651) parsed by the algorithms of its section 4.2, as the
    ``RateLimit`` field is read: ``field_type`` is ``"list"``, ``"dictionary"`` or
    ``"item"``; ``lines`` the field's lines (joined with ``", "``) or its value. A List
    is a ``list`` of :class:`SFItem` and :class:`SFInnerList`, a Dictionary a ``dict`` of
    them, an Item an :class:`SFItem`. Raises ``ValueError`` on a value that is not a
    field of that type, or beyond the RFC's minimums: longer than 32 KiB, or with more
    members (a List's or a Dictionary's), inner-list items or parameters per item than
    its section 3 asks parsers to support."""
    value = ", ".join([lines] if isinstance(lines, str) else lines)
    if len(value) > _SF_MAX_FIELD_LEN:
        raise ValueError("field value too long")
    if not value.isascii():
        raise ValueError("non-ASCII character")
    p = _SFParser(value)
    p.discard_sp()
    out: SFValue
    if field_type == "list":
        out = p.members()
    elif field_type == "dictionary":
        out = p.dictionary()
    elif field_type == "item":
        out = p.item()
    else:
        raise ValueError(f"unknown field type {field_type!r}")
    p.discard_sp()
    if not p.done():
        raise p.fail("unexpected character after the value")
    return out


_MALFORMED = -1
"""What :func:`_count` gives for a value that is present but not a count."""


def _count(value: SFBare | None) -> int | None:
    """A non-negative Integer as itself, ``None`` when absent, else ``_MALFORMED``."""
    if value is None:
        return None
    if type(value) is not int or value < 0:
        return _MALFORMED
    return value


def _rate_limit_windows(lines: list[_Line]) -> list[tuple[int, int | None]]:
    """The windows ``(left, reset)`` of the ``RateLimit`` field (section 6.5), each reset
    a wait in nanoseconds; none when the field is absent or malformed."""
    texts = _texts(lines, RATE_LIMIT_FIELD)
    if not texts:
        return []
    try:
        members = parse_structured_field("list", texts)
    except ValueError:
        members = None
    if isinstance(members, list):
        windows: list[tuple[int, int | None]] = []
        for member in members:
            if not isinstance(member, SFItem) or type(member.value) not in (
                str,
                SFToken,
            ):
                return []
            left = _count(member.params.get("r"))
            reset = _count(member.params.get("t"))
            if left is None or _MALFORMED in (left, reset):
                return []
            key = member.params.get("pk")
            if key is not None and not isinstance(key, bytes):
                return []
            windows.append((left, None if reset is None else _wait_secs(float(reset))))
        return windows
    try:
        dictionary = parse_structured_field("dictionary", texts)
    except ValueError:
        return []
    if not isinstance(dictionary, dict):
        return []
    counts: list[int | None] = []
    for key in ("remaining", "reset"):
        entry = dictionary.get(key)
        if entry is not None and not isinstance(entry, SFItem):
            return []
        counts.append(None if entry is None else _count(entry.value))
    left, reset = counts
    if left is None or _MALFORMED in counts:
        return []
    return [(left, None if reset is None else _wait_secs(float(reset)))]


def _window_resets(lines: list[_Line], now_ns: int) -> list[int]:
    """The waits of the per-window headers of ``WINDOW_RESETS`` whose window has
    nothing left (section 6.6)."""
    out: list[int] = []
    for reset_name, remaining_name in WINDOW_RESETS:
        first = next(((v,) for k, v in lines if k == remaining_name), None)
        left = None if first is None or first[0] is None else _number(first[0])
        if left is not None and left != 0:
            continue
        for value in _texts(lines, reset_name):
            d = _reset(value, now_ns)
            if d is not None:
                out.append(d)
                break
    return out


# -------------------------------------------------------------------------- hints


@dataclass(frozen=True)
class Hint:
    """A server hint: wait at least ``delay_s`` seconds; ``source`` names the header
    (``"RetryAfterMs"``, ``"RetryAfter"`` or ``"RateLimitReset"``)."""

    delay_s: float
    source: str


def _verdict(lines: list[_Line]) -> bool | None:
    for value in _texts(lines, SHOULD_RETRY):
        word = _trim(value).lower()
        if word == "true":
            return True
        if word == "false":
            return False
    return None


def should_retry(headers: Headers | None) -> bool | None:
    """The ``x-should-retry`` header: ``True``, ``False``, or ``None`` when absent or
    neither word."""
    return _verdict(_lines(headers))


def _hint(lines: list[_Line], now_ns: int) -> tuple[int, str] | None:
    """The hint (section 6.7): its wait in nanoseconds and its source."""
    for value in _texts(lines, RETRY_AFTER_MS):
        n = _number(value)
        d = None if n is None else _wait_secs(n / 1000.0)
        if d is not None:
            return (d, "RetryAfterMs")
    for value in _texts(lines, RETRY_AFTER):
        d = _retry_after(value, now_ns)
        if d is not None:
            return (d, "RetryAfter")
    for value in _texts(lines, RATE_LIMIT_RESET):
        d = _reset(value, now_ns)
        if d is not None:
            return (d, "RateLimitReset")
    empty = [r for left, r in _rate_limit_windows(lines) if left == 0 and r is not None]
    empty += _window_resets(lines, now_ns)
    return (max(empty), "RateLimitReset") if empty else None


def _now_ns(now: float) -> int:
    return _round_ns(now) if math.isfinite(now) else 0


def server_hint(headers: Headers | None, now: float) -> Hint | None:
    """The server's hint (the retry specification, section 6.7), the first that exists:
    ``retry-after-ms``, ``Retry-After`` (seconds or HTTP-date), ``X-RateLimit-Reset``,
    else the longest wait among the windows with nothing left (the ``RateLimit`` field
    and the per-window headers of ``WINDOW_RESETS``). A reset may be seconds, a Unix
    time (at or above ``EPOCH_THRESHOLD_S``), a duration (``6m0s``), an RFC 3339
    timestamp or an HTTP-date. Invalid values are skipped. ``now`` is the wall-clock
    time in Unix seconds."""
    hint = _hint(_lines(headers), _now_ns(now))
    return None if hint is None else Hint(hint[0] / _NS_PER_S, hint[1])


# ----------------------------------------------------------------------- decision


@dataclass(frozen=True)
class RetryDecision:
    """What to do after a failed attempt (the retry specification, section 3).

    ``retry``: whether to try again. ``reason``: why not (``"Fatal"``, ``"Attempts"``,
    ``"HintTooLong"``, ``"Deadline"``, and ``"Partial"`` for an error in a stream that
    had delivered content), else ``None``. ``policy``: the retry policy of
    the error read from the status and body alone. ``hint_source``: the header of the
    hint the delay honours, or that made the decision give up. ``delay_ms``: when
    retrying, the wait before the next attempt, in milliseconds; ``delay_floor_ms`` and
    ``delay_ceiling_ms`` the shortest it could be and the bound it approaches as the
    draw approaches 1. ``retry_after_ms``: when giving up on a server hint, how long the
    server asked to wait.
    """

    retry: bool
    reason: str | None
    policy: str
    hint_source: str | None
    delay_ms: float | None
    delay_floor_ms: float | None
    delay_ceiling_ms: float | None
    retry_after_ms: float | None

    @property
    def backoff_ceiling_ms(self) -> float | None:
        """When retrying without a hint, the backoff's ceiling; else ``None``."""
        return (
            self.delay_ceiling_ms if self.retry and self.hint_source is None else None
        )


def backoff_ceiling_ms(
    attempt: int, base_ms: float = BACKOFF_BASE_MS, cap_ms: float = BACKOFF_CAP_MS
) -> float:
    """The ceiling of the backoff before the retry after attempt ``attempt`` (1-based):
    ``min(cap, base * 2^(attempt - 1))``; draw the delay uniformly below it."""
    base, cap = _config_ns(base_ms / 1000.0), _config_ns(cap_ms / 1000.0)
    return min(cap, base << min(max(attempt - 1, 0), 31)) / 1e6


def _scale(span_ns: int, u: float) -> int:
    """``span × u`` in nanoseconds, as the Rust core computes it (through seconds as a
    double, rounded to the nanosecond)."""
    secs = float(span_ns // _NS_PER_S) + float(span_ns % _NS_PER_S) / 1e9
    return _config_ns(u * secs)


def retry_decision(
    status: int,
    headers: Headers | None,
    body: Body,
    attempt: int,
    elapsed_s: float,
    now: float,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    max_hint_s: float = MAX_HINT_S,
    deadline_s: float | None = None,
    hint_jitter_ms: float = HINT_JITTER_MS,
    backoff_base_ms: float = BACKOFF_BASE_MS,
    backoff_cap_ms: float = BACKOFF_CAP_MS,
    random: float | None = None,
) -> RetryDecision:
    """Whether and when to retry after attempt number ``attempt`` (1 after the first)
    failed with this response, ``elapsed_s`` seconds after the call started, at Unix time
    ``now``, by the retry specification (``docs/spec/retry.md``), in this order:

    1. ``x-should-retry: true|false`` wins; else the error's retry policy (a known
       code's, else the status's); ``"Fatal"`` if it may not be retried.
    2. Attempts left (``"Attempts"`` once ``attempt >= max_attempts``).
    3. The server's hint; longer than ``max_hint_s``: ``"HintTooLong"``.
    4. The deadline (``"Deadline"``): no time left, a hint longer than what is left, or
       a backoff drawn past it.
    5. The delay: after a hint, the hint plus up to ``min(hint_jitter_ms, hint /
       HINT_JITTER_DIVISOR)`` (within the deadline); else up to ``min(backoff_cap_ms,
       backoff_base_ms * 2^(attempt - 1))``, placed by ``random`` (a uniform draw in
       ``[0, 1)``; one is drawn when it is ``None``).
    """
    return _decide(
        _read_body_policy(status, body),
        _lines(headers),
        attempt,
        elapsed_s,
        now,
        max_attempts,
        max_hint_s,
        deadline_s,
        hint_jitter_ms,
        backoff_base_ms,
        backoff_cap_ms,
        random,
    )


def _decide(
    policy: str,
    lines: list[_Line],
    attempt: int,
    elapsed_s: float,
    now: float,
    max_attempts: int,
    max_hint_s: float,
    deadline_s: float | None,
    hint_jitter_ms: float,
    backoff_base_ms: float,
    backoff_cap_ms: float,
    random: float | None,
) -> RetryDecision:
    """The decision of section 4 for an error of retry policy ``policy`` that came with
    these header lines."""

    def give_up(
        reason: str, source: str | None = None, wait_ns: int | None = None
    ) -> RetryDecision:
        after = None if wait_ns is None else wait_ns / 1e6
        return RetryDecision(False, reason, policy, source, None, None, None, after)

    verdict = _verdict(lines)
    retryable = verdict if verdict is not None else policy == "backoff"
    if not retryable:
        return give_up("Fatal")
    if attempt >= max_attempts:
        return give_up("Attempts")
    hint = _hint(lines, _now_ns(now))
    if hint is not None and hint[0] > _config_ns(max_hint_s):
        return give_up("HintTooLong", hint[1], hint[0])
    remaining: int | None = None
    if deadline_s is not None:
        remaining = max(0, _config_ns(deadline_s) - _config_ns(elapsed_s))
        if remaining == 0 or (hint is not None and hint[0] > remaining):
            if hint is None:
                return give_up("Deadline")
            return give_up("Deadline", hint[1], hint[0])
    if hint is not None:
        floor = hint[0]
        spread = min(_config_ns(hint_jitter_ms / 1000.0), floor // HINT_JITTER_DIVISOR)
        ceiling = floor + spread
        if remaining is not None:
            ceiling = min(ceiling, remaining)
    else:
        floor = 0
        base = _config_ns(backoff_base_ms / 1000.0)
        cap = _config_ns(backoff_cap_ms / 1000.0)
        ceiling = min(cap, base << min(max(attempt - 1, 0), 31))
    u = _draw() if random is None else random
    u = min(max(u, 0.0), 1.0) if math.isfinite(u) else 0.0
    delay = floor + _scale(ceiling - floor, u)
    if remaining is not None and delay > remaining:
        return give_up("Deadline")
    return RetryDecision(
        True,
        None,
        policy,
        None if hint is None else hint[1],
        delay / 1e6,
        floor / 1e6,
        ceiling / 1e6,
        None,
    )


def _read_body_policy(status: int, body: Body) -> str:
    """The retry policy of the error of a response (section 8)."""
    return retry_policy(status, _read_body(status, body)[2])


# ------------------------------------------------------------------------ streams


@dataclass(frozen=True)
class StreamFormat:
    """How the catalog's API sends errors in a stream of Server-Sent Events and ends a
    complete one: its ``[stream]`` table (the retry specification, section 14).

    ``event``: the event name errors are sent as (``"message"``: an event without an
    ``event:`` line). ``shape``: the data of an error event, ``"envelope"``
    (``{"error": {...}}``), ``"named"`` (``{"type": "error", "error": {...}}``) or
    ``"flat"`` (``{"type": "error", "code", "message", "param"}``). ``end_data``: the
    data of the event that ends a complete stream (``"[DONE]"``); ``end_event``: the name
    of that event; at most one is set, and with neither the body's end is the end.
    ``codes``: the codes that may arrive mid-stream.
    """

    event: str
    shape: str
    end_data: str | None
    end_event: str | None
    codes: tuple[str, ...]

    def is_end(self, name: str, data: str) -> bool:
        """Whether an event of this name and data is the end of a complete stream."""
        if self.end_data is not None:
            return data == self.end_data
        return self.end_event is not None and name == self.end_event


@dataclass(frozen=True)
class StreamEvent:
    """What one event of a stream is (the retry specification, section 14.1).

    ``kind``: ``"end"`` (the end of a complete stream), ``"error"`` (the stream failed)
    or ``"content"`` (part of the answer). ``error``: for an error, the error, as an
    instance of its most specific class (its ``from_stream`` true); else ``None``.
    """

    kind: str
    error: APIError | None = None


_END = StreamEvent("end")
_CONTENT = StreamEvent("content")

_STREAM_STATUS = 500
"""The status whose type an error in a stream takes when it names none, and its status
when neither its code nor its type is the catalog's (section 14.2)."""


def _event_bytes(data: object) -> bytes:
    """An event's data as bytes: text as UTF-8 (a lone surrogate kept as the ill-formed
    bytes it stands for), bytes as they are; anything else as its ``str``."""
    if data is None or isinstance(data, (bytes, bytearray, str)):
        return _raw(data)
    return _raw(str(data))


def _may_hold_error(raw: bytes) -> bool:
    """Whether data can hold one of the error shapes: an object that spells ``"error"``
    or holds an escape that could spell it. Content deltas fail this at the cost of a
    substring search, and are not parsed."""
    return raw.lstrip(b" \t\n\r").startswith(b"{") and (
        b'"error"' in raw or b"\\u" in raw
    )


def _error_member(o: dict[str, object]) -> tuple[dict[str, object], bool] | None:
    """The object an error event's data names (section 14.1, step 2), and whether its
    ``type`` member is the error's type (in the flat form it names the event)."""
    inner = o.get("error")
    if isinstance(inner, dict):
        return (inner, True)
    kind = o.get("type")
    if kind == "error":
        return (o, False)
    response = o.get("response")
    if kind == "response.failed" and isinstance(response, dict):
        failed = response.get("error")
        if isinstance(failed, dict):
            return (failed, True)
    return None


def _stream_status(error_type: str, code: str | None) -> int:
    """The status of an error read from a stream (section 14.2): its code's, else its
    type's, else 500."""
    info = _CODES.get(code) if code is not None else None
    if info is not None:
        return info.status
    return _TYPE_STATUSES.get(error_type, _STREAM_STATUS)


def _stream_error(
    message: str, error_type: str, code: str | None, param: str | None, body: object
) -> StreamEvent:
    status = _stream_status(error_type, code)
    error = error_class(status, code)(
        message,
        status=status,
        type=error_type,
        code=code,
        param=param,
        body=body,
        from_stream=True,
    )
    return StreamEvent("error", error)


def from_stream_event(name: str, data: str | bytes) -> StreamEvent:
    """What one event of a stream of Server-Sent Events is — the end, an error or
    content — by the catalog's end of a stream (:data:`STREAM_FORMAT`) and the retry
    specification, section 14.1. ``name`` is the event's name (``"message"`` when it has
    no ``event:`` line), ``data`` its ``data:`` lines joined with ``"\\n"``. Never
    raises. In this order:

    1. the catalog's end (its data, such as ``[DONE]``, or its event name) is the end;
    2. data that is JSON (as a response body must be, section 7.1) holding an object
       ``{"error": {...}}`` (also ``{"type": "error", "error": {...}}``), a flat
       ``{"type": "error", "code", "message", "param"}`` or
       ``{"type": "response.failed", "response": {"error": {...}}}`` is an error, its
       members read as a response's (section 7.2), whatever the event's name;
    3. any other event named ``error`` is an error with the data's text as its message;
    4. anything else is content.

    An error without a type takes the type of status 500 (:func:`status_type`); its
    ``status`` is the catalog's for its code, else for its type, else 500, and its class
    and retry policy follow from its code and that status, as for a response.
    """
    if not isinstance(name, str):
        name = _text(name) if isinstance(name, (bytes, bytearray)) else str(name)
    raw = _event_bytes(data)
    stream = STREAM_FORMAT
    if stream is not None:
        if stream.end_data is not None and raw == _raw(stream.end_data):
            return _END
        if stream.end_event is not None and name == stream.end_event:
            return _END
    named = name == "error"
    if not named and not _may_hold_error(raw):
        return _CONTENT
    ok, value = _json(raw)
    found = _error_member(value) if ok and isinstance(value, dict) else None
    if found is not None:
        e, reads_type = found
        message = e.get("message")
        error_type = e.get("type") if reads_type else None
        return _stream_error(
            message if isinstance(message, str) else _text_message(raw),
            error_type if isinstance(error_type, str) else status_type(_STREAM_STATUS),
            _as_text(e.get("code")),
            _as_text(e.get("param")),
            value,
        )
    if named:
        return _stream_error(
            _text_message(raw),
            status_type(_STREAM_STATUS),
            None,
            None,
            value if ok else _text(raw),
        )
    return _CONTENT


def stream_retry_decision(
    error: APIError,
    delivered: bool,
    headers: Headers | None,
    attempt: int,
    elapsed_s: float,
    now: float,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    max_hint_s: float = MAX_HINT_S,
    deadline_s: float | None = None,
    hint_jitter_ms: float = HINT_JITTER_MS,
    backoff_base_ms: float = BACKOFF_BASE_MS,
    backoff_cap_ms: float = BACKOFF_CAP_MS,
    random: float | None = None,
) -> RetryDecision:
    """Whether and when to retry after attempt number ``attempt`` failed with an error
    event in its stream (``error``, from :func:`from_stream_event`), by the retry
    specification, section 14.4: ``"Partial"`` when the stream had ``delivered``
    content before the error (what was delivered was delivered, and a new request would
    repeat it: keep it, do not send the request again); else decided as
    :func:`retry_decision` decides an error response of the error's ``status``, with the
    ``headers`` of the response that carried the stream (their ``x-should-retry`` and
    hints count) and the same configuration. ``policy`` is the error's
    ``retry_policy``.
    """
    policy = error.retry_policy
    if delivered:
        return RetryDecision(False, "Partial", policy, None, None, None, None, None)
    return _decide(
        policy,
        _lines(headers),
        attempt,
        elapsed_s,
        now,
        max_attempts,
        max_hint_s,
        deadline_s,
        hint_jitter_ms,
        backoff_base_ms,
        backoff_cap_ms,
        random,
    )


def _sse(name: str, data: str) -> str:
    """One Server-Sent Event: ``event: <name>`` (left out for ``message``), a ``data:``
    line per line of ``data``, then a blank line."""
    head = "" if name == "message" else f"event: {name}\n"
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"{head}{lines}\n"


def error_event(error: APIError) -> str:
    """An error as the Server-Sent Event a server sends it in, in the catalog's shape
    (:data:`STREAM_FORMAT`; the envelope as the data of an event without a name when
    the catalog has no ``[stream]`` table): ``event: <name>`` (left out for
    ``message``), then ``data: <json>``, then a blank line. :func:`from_stream_event`
    reads it back as an error of the same class, code, status and retry policy (and
    the same type, except in the flat shape, which carries none)."""
    stream = STREAM_FORMAT
    name = "message" if stream is None else stream.event
    shape = "envelope" if stream is None else stream.shape
    envelope = error.envelope()
    value: dict[str, object]
    if shape == "named":
        value = {"type": "error", "error": envelope["error"]}
    elif shape == "flat":
        value = {"type": "error"}
        for key in ("code", "message", "param"):
            if key in envelope["error"]:
                value[key] = envelope["error"][key]
    else:
        value = dict(envelope)
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _sse(name, data)


def end_event() -> str | None:
    """The event a server ends a complete stream with, per the catalog
    (:data:`STREAM_FORMAT`): ``data: [DONE]``, or an event of the end's name (its data
    ``{"type": "<name>"}``); ``None`` when the catalog marks no end."""
    stream = STREAM_FORMAT
    if stream is None:
        return None
    if stream.end_data is not None:
        return _sse("message", stream.end_data)
    if stream.end_event is not None:
        name = stream.end_event
        return _sse(name, json.dumps({"type": name}, ensure_ascii=False))
    return None
