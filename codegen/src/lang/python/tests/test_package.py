"""Behaviour of the installed Python package, driven by the catalog data it was generated
from: a class per error status and per code, fallbacks for unknown codes and statuses,
integer and null codes, bodies that are not envelopes (the status's type, capped
messages), the reset formats of server hints.

Run with the package installed (``pip install generated/python``)::

    KIWI_PACKAGE=llm_kiwi_errors KIWI_CATALOG_JSON=generated/errors.catalog.json \\
        python -m unittest discover -s codegen/src/lang/python/tests
"""

import importlib
import json
import os
import pathlib
import unittest

k = importlib.import_module(os.environ.get("KIWI_PACKAGE", "llm_kiwi_errors"))
CATALOG = json.loads(
    pathlib.Path(
        os.environ.get("KIWI_CATALOG_JSON", "generated/errors.catalog.json")
    ).read_text(encoding="utf-8")
)


def body(error):
    return json.dumps({"error": error})


class PackageBehaviour(unittest.TestCase):
    def test_the_package_behaves_as_its_catalog_says(self):
        counts = {"passed": 0, "failed": 0}

        def check(name, ok):
            with self.subTest(name):
                counts["passed" if ok else "failed"] += 1
                self.assertTrue(ok, name)

        error_statuses = [s for s in CATALOG["statuses"] if not s["success"]]
        for s in error_statuses:
            cls = k.STATUS_CLASSES.get(s["code"])
            check(
                f"status {s['code']} has a class",
                cls is not None and issubclass(cls, k.APIError),
            )
            e = k.from_response(
                s["code"],
                {},
                body({"message": "m", "type": "t", "code": "brand_new_code"}),
            )
            check(
                f"unknown code at {s['code']} is its status class",
                type(e) is cls and e.code == "brand_new_code",
            )
            check(
                f"unknown code at {s['code']} has the status policy",
                e.retry_policy == s["retry"],
            )

        for c in CATALOG["codes"]:
            cls = k.CODE_CLASSES.get(c["name"])
            check(
                f"code {c['name']} has a class",
                cls is not None and cls.CODE == c["name"],
            )
            text = c.get("example") or body(
                {"message": c["message"], "type": c["type"], "code": c["name"]}
            )
            parsed = json.loads(text)
            parsed["error"]["code"] = c["name"]
            e = k.from_response(
                c["status"], [("X-Request-Id", "r1")], json.dumps(parsed).encode()
            )
            check(f"code {c['name']} parses into its class", type(e) is cls)
            check(
                f"code {c['name']} is under its status class",
                isinstance(e, k.STATUS_CLASSES[c["status"]]),
            )
            check(
                f"code {c['name']} carries type, status and param",
                e.type == c["type"]
                and e.status == c["status"]
                and e.param == parsed["error"].get("param"),
            )
            check(
                f"code {c['name']} carries retry, remediation, doc URL",
                e.retry_policy == c["retry"]
                and list(e.remediation) == c["remediation"]
                and e.doc_url == c["doc_url"],
            )
            check(
                f"code {c['name']} is retryable as the catalog says",
                e.retryable == c["retryable"],
            )

        listed = {st["code"] for st in CATALOG["statuses"]}
        unlisted_4xx = next(
            code
            for code in range(418, 500)
            if code not in listed and code not in k.TRANSIENT_STATUSES
        )
        e = k.from_response(
            unlisted_4xx, None, body({"message": "teapot", "type": "odd_error"})
        )
        check(
            "unknown status is the base class",
            type(e) is k.APIError and e.message == "teapot",
        )
        unlisted_5xx = next(code for code in range(502, 600) if code not in listed)
        e = k.from_response(unlisted_5xx, None, "Bad Gateway")
        check(
            "unknown 5xx is InternalServerError",
            type(e) is k.InternalServerError and e.retryable,
        )
        e = k.from_response(
            400,
            None,
            body({"message": "m", "type": "invalid_request_error", "code": 400123}),
        )
        check("integer code is read as a string", e.code == "400123")
        e = k.from_response(
            400,
            None,
            body(
                {
                    "message": "m",
                    "type": "invalid_request_error",
                    "code": None,
                    "param": None,
                }
            ),
        )
        check("null code and param are absent", e.code is None and e.param is None)
        e = k.from_response(503, {}, "<html>Service Unavailable</html>")
        check(
            "non-JSON body becomes the message",
            e.message == "<html>Service Unavailable</html>",
        )
        e = k.from_response(500, {}, ("x" * 5000).encode())
        check(
            "long non-JSON body is capped with a note of its length",
            e.message == "x" * k.MAX_MESSAGE_BYTES + " \u2026 (5000 bytes in all)",
        )
        e = k.from_response(500, {}, ("\u00e9" * 3000).encode())
        head = e.message.split(" \u2026 ")[0]
        check(
            "the cap never splits a character",
            len(head.encode()) <= k.MAX_MESSAGE_BYTES
            and "\ufffd" not in head
            and e.message.endswith("(6000 bytes in all)"),
        )
        e = k.from_response(500, {}, ("x" * k.MAX_MESSAGE_BYTES).encode())
        check(
            "a body of exactly the cap is kept whole",
            e.message == "x" * k.MAX_MESSAGE_BYTES,
        )
        e = k.from_response(502, {}, b"")
        check("an empty body says so", e.message == "(empty body)")
        types_by_status = {}
        for t in CATALOG["types"]:
            types_by_status.setdefault(t["status"], []).append(t["name"])
        for s in error_statuses:
            types = types_by_status.get(s["code"], [])
            want = (
                types[0] if len(types) == 1 else f"http_{s['code'] // 100 % 10}xx_error"
            )
            e = k.from_response(s["code"], {}, "<html>down</html>")
            check(
                f"a body without a type at {s['code']} gets the type {want}",
                e.type == want and k.status_type(s["code"]) == want,
            )
        e = k.from_response(unlisted_4xx, {}, "teapot")
        check(
            "an unlisted status without a type gets http_4xx_error",
            e.type == "http_4xx_error",
        )
        e = k.from_response(599, {}, '{"error": {"message": "m"}}')
        check(
            "an unlisted 5xx without a type gets http_5xx_error",
            e.type == "http_5xx_error",
        )
        e = k.from_response(503, {}, '{"message": "top-level"}')
        check("a top-level message is the message", e.message == "top-level")
        e = k.from_response(400, {}, body({"message": "m", "type": "t", "code": True}))
        check("a boolean code is no code", e.code is None)
        e = k.from_response(400, {}, body({"message": 5, "type": "t"}))
        check(
            "a message that is not text gives the body's text",
            e.message == body({"message": 5, "type": "t"}),
        )
        e = k.from_response(429, {}, b'{"error": "slow down"}')
        check(
            "error as text is the message",
            e.message == "slow down"
            and isinstance(e, k.STATUS_CLASSES.get(429, k.APIError)),
        )
        e = k.from_response(500, {}, b"\xff\xfe not utf-8")
        check("invalid UTF-8 does not raise", isinstance(e, k.APIError))
        e = k.from_response(404, None, None)
        check("no body at all", isinstance(e, k.APIError) and e.status == 404)
        never = next((c for c in CATALOG["codes"] if c["retry"] == "never"), None)
        if never is not None:

            def raw(extra):
                return (
                    b'{"error": {"message": "m", "type": "'
                    + never["type"].encode()
                    + b'", "code": "'
                    + never["name"].encode()
                    + b'"'
                    + extra
                    + b"}}"
                )

            d = k.retry_decision(503, {}, raw(b""), 1, 0.0, 0)
            check(
                "the code of an envelope decides",
                not d.retry and d.reason == "Fatal" and d.policy == "never",
            )
            d = k.retry_decision(503, {}, raw(b', "x": "\xff\xfe"'), 1, 0.0, 0)
            check(
                "invalid UTF-8 anywhere makes the body not JSON, so the status decides",
                d.retry,
            )
            d = k.retry_decision(503, {}, raw(b', "x": "\\ud800"'), 1, 0.0, 0)
            check("a lone surrogate anywhere makes the body not JSON", d.retry)
            d = k.retry_decision(503, {}, raw(b', "x": 1e400'), 1, 0.0, 0)
            check("a number out of range anywhere makes the body not JSON", d.retry)
            d = k.retry_decision(
                503, {}, raw(b', "x": ' + b"[" * 126 + b"]" * 126), 1, 0.0, 0
            )
            check("nesting 128 deep anywhere makes the body not JSON", d.retry)
            d = k.retry_decision(
                503, {}, raw(b', "x": ' + b"[" * 125 + b"]" * 125), 1, 0.0, 0
            )
            check("nesting 127 deep is JSON", not d.retry)
        deep = (
            '{"error": {"message": "m", "type": "t", "x": '
            + "[" * 100000
            + "]" * 100000
            + "}}"
        )
        try:
            e = k.from_response(503, {}, deep)
            d = k.retry_decision(503, {}, deep, 1, 0.0, 0)
            check(
                "a body nested 100,000 deep does not raise",
                isinstance(e, k.APIError) and d.retry,
            )
        except RecursionError:
            check("a body nested 100,000 deep does not raise", False)
        if never is not None:
            never_status = next(
                s["code"] for s in error_statuses if s["retry"] == "backoff"
            )
            e = k.from_response(
                never_status, {}, body({"message": "m", "code": never["name"]})
            )
            check(
                "a code decides even without a type",
                e.code == never["name"]
                and e.retry_policy == "never"
                and type(e) is k.CODE_CLASSES[never["name"]],
            )
            e = k.from_response(
                never_status,
                {},
                body({"message": 5, "type": None, "code": never["name"]}),
            )
            check(
                "a code decides whatever the message and type",
                e.retry_policy == "never"
                and e.type == k.status_type(never_status)
                and e.message
                == body({"message": 5, "type": None, "code": never["name"]}),
            )
            again = k.from_response(e.status, None, e.to_json())
            check(
                "an error keeps its policy through a round trip",
                again.retry_policy == e.retry_policy and again.code == e.code,
            )
            e = k.from_response(
                never_status,
                {},
                body({"message": "m", "type": never["type"], "code": never["name"]}),
            )
            check(
                "a conforming envelope's code decides",
                type(e) is k.CODE_CLASSES[never["name"]] and e.retry_policy == "never",
            )
        now = 1767225600.0
        # Header names from the package's constants, rendered from the runtime's.
        (first_reset, first_left), (second_reset, second_left) = k.WINDOW_RESETS[:2]
        last_reset = k.WINDOW_RESETS[-1][0]
        for headers, want in [
            ([(k.RATE_LIMIT_RESET, "1m30.5s")], 90.5),
            ([(k.RATE_LIMIT_RESET, "2026-01-01T00:00:42Z")], 42.0),
            ([(last_reset, "2026-01-01T01:00:05.5+01:00")], 5.5),
            ([(k.RATE_LIMIT_FIELD, '"a";r=0;t=5, "b";r=3;t=100, "c";r=0;t=9')], 9.0),
            ([(k.RATE_LIMIT_FIELD, "limit=10, remaining=0, reset=7")], 7.0),
            (
                [
                    (second_left, "0"),
                    (second_reset, "6m0s"),
                    (first_left, "0"),
                    (first_reset, "1s"),
                ],
                360.0,
            ),
        ]:
            h = k.server_hint(headers, now)
            check(
                f"server_hint reads {headers[0][1]!r}",
                h is not None
                and h.source == "RateLimitReset"
                and abs(h.delay_s - want) < 1e-6,
            )
        check(
            "a window with room is no hint",
            k.server_hint([(second_left, "5000"), (second_reset, "6m0s")], now) is None,
        )
        h = k.server_hint(
            [(k.RATE_LIMIT_FIELD, '"default";r=0;t=30'), (k.RETRY_AFTER, "2")], now
        )
        check("Retry-After wins over a reset", h == k.Hint(2.0, "RetryAfter"))
        d = k.retry_decision(400, {k.SHOULD_RETRY: "true"}, "", 1, 0.0, 0.0)
        check("x-should-retry true beats the status", d.retry)
        # Header names compare without case.
        d = k.retry_decision(503, [(k.RETRY_AFTER.title(), "3")], "", 1, 0.0, 0.0)
        check(
            "Retry-After gives the delay floor",
            d.retry and d.hint_source == "RetryAfter" and d.delay_floor_ms == 3000.0,
        )
        print(
            f"python package checks: {counts['passed']} passed, {counts['failed']} failed"
        )

    def test_the_package_is_typed_and_declares_every_class(self):
        package_dir = pathlib.Path(k.__file__).parent
        self.assertTrue((package_dir / "py.typed").is_file())
        for name in k.__all__:
            self.assertTrue(hasattr(k, name), name)
        for cls in list(k.STATUS_CLASSES.values()) + list(k.CODE_CLASSES.values()):
            self.assertIn(cls.__name__, k.__all__)


if __name__ == "__main__":
    unittest.main()
