"""Errors in streams (the retry specification, section 14): the installed Python package
classifies and decides every stream vector as the Rust runtime did, writes each code of
its catalog as the event a server sends and reads it back as the same error, and never
raises on an event of any name and data.

Run with the package installed (``pip install generated/python``)::

    KIWI_PACKAGE=llm_kiwi_errors KIWI_VECTORS=generated/retry.vectors.json \\
        KIWI_CATALOG_JSON=generated/errors.catalog.json \\
        python -m unittest discover -s codegen/src/lang/python/tests
"""

import importlib
import json
import os
import pathlib
import random
import re
import unittest

k = importlib.import_module(os.environ.get("KIWI_PACKAGE", "llm_kiwi_errors"))


def load(variable, default):
    path = pathlib.Path(os.environ.get(variable, default))
    return json.loads(path.read_text(encoding="utf-8"))


VECTORS = load("KIWI_VECTORS", "generated/retry.vectors.json")
CATALOG = load("KIWI_CATALOG_JSON", "generated/errors.catalog.json")
OUTPUTS = (
    "kind",
    "status",
    "policy",
    "error_type",
    "code",
    "param",
    "message",
    "retry",
    "reason",
    "hint_source",
    "delay_ms",
    "delay_floor_ms",
    "delay_ceiling_ms",
    "retry_after_ms",
)


def outputs(case):
    """The outputs of section 14.3 for a stream case."""
    event = k.from_stream_event(case["event"], case["data"])
    got = dict.fromkeys(OUTPUTS)
    got["kind"] = event.kind
    e = event.error
    if e is None:
        return got
    d = k.stream_retry_decision(
        e,
        case["delivered"],
        [tuple(h) for h in case["headers"]],
        case["attempt"],
        case["elapsed_s"],
        case["now"],
        max_attempts=case["max_attempts"],
        max_hint_s=case["max_hint_s"],
        deadline_s=case["deadline_s"],
        hint_jitter_ms=case["hint_jitter_ms"],
        backoff_base_ms=case["backoff_base_ms"],
        backoff_cap_ms=case["backoff_cap_ms"],
        random=case["random"],
    )
    got.update(
        status=e.status,
        policy=d.policy,
        error_type=e.type,
        code=e.code,
        param=e.param,
        message=e.message,
        retry=d.retry,
        reason=d.reason,
        hint_source=d.hint_source,
        delay_ms=d.delay_ms,
        delay_floor_ms=d.delay_floor_ms,
        delay_ceiling_ms=d.delay_ceiling_ms,
        retry_after_ms=d.retry_after_ms,
    )
    if e.retry_policy != d.policy:
        got["policy"] = f"{d.policy} (decision) / {e.retry_policy} (error)"
    if type(e) is not k.error_class(e.status, e.code):
        got["kind"] = f"error of {type(e).__name__}"
    if not e.from_stream or e.http_status is not None:
        got["kind"] = "error not marked as read from a stream"
    return got


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 0.001
    return a == b


def parse_event(block):
    """One Server-Sent Event as the SSE standard reads it: its name (``message``
    without an ``event`` field) and its data lines joined with LF."""
    name, data = "message", []
    for line in re.split(r"\r\n|\r|\n", block):
        if not line or line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
    return name, "\n".join(data)


def catalog_stream():
    stream = CATALOG.get("stream")
    if stream is None:
        return None
    end = stream.get("end") or {}
    return k.StreamFormat(
        event=stream["event"],
        shape=stream["shape"],
        end_data=end.get("data"),
        end_event=end.get("event"),
        codes=tuple(stream.get("codes", ())),
    )


class StreamVectors(unittest.TestCase):
    def test_every_stream_vector(self):
        cases = VECTORS.get("stream_cases", [])
        passed = failed = 0
        for case in cases:
            with self.subTest(f"{case['section']}: {case['name']}"):
                got = outputs(case)
                want = case["expected"]
                bad = [f for f in OUTPUTS if not same(got[f], want[f])]
                if bad:
                    failed += 1
                else:
                    passed += 1
                self.assertEqual(
                    bad,
                    [],
                    ", ".join(f"{f} = {got[f]!r}, expected {want[f]!r}" for f in bad),
                )
        print(
            f"python stream vectors: {passed} passed, {failed} failed of {len(cases)}"
        )
        self.assertGreater(len(cases), 0)


class StreamCatalog(unittest.TestCase):
    def test_the_stream_format_and_type_statuses_are_the_catalog_s(self):
        self.assertEqual(k.STREAM_FORMAT, catalog_stream())
        types = {t["name"]: t["status"] for t in CATALOG["types"]}
        for name, status in types.items():
            e = k.from_stream_event(
                "message", json.dumps({"error": {"message": "m", "type": name}})
            ).error
            self.assertIsNotNone(e, name)
            self.assertEqual((e.status, e.type, e.code), (status, name, None), name)

    def test_every_code_written_as_an_event_reads_back_as_the_same_error(self):
        stream = k.STREAM_FORMAT
        name = "message" if stream is None else stream.event
        shape = "envelope" if stream is None else stream.shape
        codes = statuses = 0
        for c in CATALOG["codes"]:
            with self.subTest(c["name"]):
                cls = k.CODE_CLASSES[c["name"]]
                sent = cls(
                    c["message"],
                    status=c["status"],
                    type=c["type"],
                    code=c["name"],
                    param=c.get("param"),
                )
                block = k.error_event(sent)
                self.assertTrue(block.endswith("\n\n"), block)
                self.assertEqual(block.startswith("event: "), name != "message", block)
                event_name, data = parse_event(block)
                self.assertEqual(event_name, name, block)
                value = json.loads(data)
                self.assertEqual(value.get("type") == "error", shape != "envelope")
                event = k.from_stream_event(event_name, data)
                self.assertEqual(event.kind, "error", block)
                back = event.error
                # The flat shape carries no type: the error takes the stream's.
                want_type = k.status_type(500) if shape == "flat" else sent.type
                self.assertEqual(
                    (type(back), back.code, back.type, back.param, back.message),
                    (cls, sent.code, want_type, sent.param, sent.message),
                    block,
                )
                self.assertEqual(back.status, c["status"], block)
                self.assertEqual(back.retry_policy, c["retry"], block)
                self.assertEqual((back.from_stream, back.http_status), (True, None))
                codes += 1
        for status, cls in k.STATUS_CLASSES.items():
            with self.subTest(status):
                sent = cls("m", status=status)
                back = k.from_stream_event(*parse_event(k.error_event(sent))).error
                self.assertIsNotNone(back)
                self.assertEqual(back.code, None)
                if shape != "flat":
                    self.assertEqual(back.type, sent.envelope()["error"]["type"])
                statuses += 1
        print(
            f"python stream round trips: {codes} of {len(CATALOG['codes'])} codes "
            f"and {statuses} status classes written as events and read back"
        )

    def test_the_end_event_is_the_end(self):
        end = k.end_event()
        stream = k.STREAM_FORMAT
        if stream is None or (stream.end_data is None and stream.end_event is None):
            self.assertIsNone(end)
            self.assertEqual(k.from_stream_event("message", "[DONE]").kind, "content")
            return
        self.assertEqual(k.from_stream_event(*parse_event(end)).kind, "end")
        if stream.end_data is not None:
            self.assertEqual(k.from_stream_event("x", stream.end_data).kind, "end")
            self.assertTrue(stream.is_end("x", stream.end_data))
        else:
            self.assertEqual(k.from_stream_event(stream.end_event, "{}").kind, "end")
            self.assertTrue(stream.is_end(stream.end_event, ""))

    def test_a_stream_that_delivered_content_is_not_retried(self):
        e = k.from_stream_event(
            "error", json.dumps({"type": "error", "message": "Overloaded"})
        ).error
        d = k.stream_retry_decision(e, True, [("x-should-retry", "true")], 1, 0.0, 0.0)
        self.assertEqual((d.retry, d.reason, d.policy), (False, "Partial", "backoff"))
        d = k.stream_retry_decision(e, False, [("x-should-retry", "false")], 1, 0, 0)
        self.assertEqual((d.retry, d.reason), (False, "Fatal"))
        d = k.stream_retry_decision(e, False, None, 1, 0.0, 0.0, random=0.0)
        self.assertEqual((d.retry, d.reason, d.delay_ms), (True, None, 0.0))


class NeverRaises(unittest.TestCase):
    def test_any_event_is_classified(self):
        rng = random.Random(14)
        pieces = [
            "{",
            "}",
            "[",
            "]",
            '"error"',
            '"type"',
            '"message"',
            '"code"',
            ":",
            ",",
            "null",
            "1e400",
            "-0",
            "\\ud800",
            "\\u0065",
            '"response.failed"',
            '"response"',
            " ",
            "\n",
            "\ufffd",
            "\ud800",
            "[DONE]",
            "x",
        ]
        names = ["message", "error", "response.failed", "", "\x00", "message_stop"]
        for _ in range(3000):
            data = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
            event = k.from_stream_event(rng.choice(names), data)
            self.assertIn(event.kind, ("end", "error", "content"))
            self.assertEqual(event.kind == "error", event.error is not None)
        deep = "[" * 100000 + "]" * 100000
        self.assertEqual(k.from_stream_event("error", deep).kind, "error")
        self.assertEqual(k.from_stream_event("message", "{" + deep).kind, "content")
        self.assertEqual(k.from_stream_event("message", b"\xff{").kind, "content")
        e = k.from_stream_event("error", b"\xff").error
        self.assertEqual(e.message, "\ufffd")
        self.assertEqual(k.from_stream_event("error", "").error.message, "(empty body)")


if __name__ == "__main__":
    unittest.main()
