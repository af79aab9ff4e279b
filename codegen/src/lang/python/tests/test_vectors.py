"""The installed Python package decides every retry vector as the Rust retry core did,
and keeps every vector's error through a round trip (the retry specification, sections
12 and 10).

Run with the package installed (``pip install generated/python``)::

    KIWI_PACKAGE=llm_kiwi_errors KIWI_VECTORS=generated/retry.vectors.json \
        python -m unittest discover -s codegen/src/lang/python/tests
"""

import importlib
import json
import os
import pathlib
import unittest

k = importlib.import_module(os.environ.get("KIWI_PACKAGE", "llm_kiwi_errors"))
VECTORS = json.loads(
    pathlib.Path(
        os.environ.get("KIWI_VECTORS", "generated/retry.vectors.json")
    ).read_text(encoding="utf-8")
)
FIELDS = (
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


def read(case):
    return k.from_response(
        case["status"], [tuple(h) for h in case["headers"]], case["body"]
    )


def decide(case):
    d = k.retry_decision(
        case["status"],
        [tuple(h) for h in case["headers"]],
        case["body"],
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
    e = read(case)
    got = {f: getattr(d, f) for f in FIELDS if hasattr(d, f)}
    got.update(error_type=e.type, code=e.code, param=e.param, message=e.message)
    if e.retry_policy != d.policy:
        got["policy"] = f"{d.policy} (decision) / {e.retry_policy} (error)"
    return got


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 0.001
    return a == b


class RetryVectors(unittest.TestCase):
    def test_every_vector(self):
        passed = failed = 0
        for case in VECTORS["cases"]:
            with self.subTest(f"{case['section']}: {case['name']}"):
                got = decide(case)
                want = case["expected"]
                bad = [f for f in FIELDS if not same(got.get(f), want.get(f))]
                if bad:
                    failed += 1
                else:
                    passed += 1
                self.assertEqual(
                    bad,
                    [],
                    ", ".join(
                        f"{f} = {got.get(f)!r}, expected {want.get(f)!r}" for f in bad
                    ),
                )
        print(
            f"python vectors: {passed} passed, {failed} failed of {len(VECTORS['cases'])}"
        )

    def test_every_vector_error_keeps_its_policy_through_a_round_trip(self):
        count = 0
        for case in VECTORS["cases"]:
            with self.subTest(f"{case['section']}: {case['name']}"):
                e = read(case)
                text = e.to_json()
                self.assertEqual(json.loads(text), e.envelope())
                again = k.from_response(e.status, None, text)
                self.assertEqual(again.retry_policy, e.retry_policy, text)
                self.assertEqual(
                    (again.message, again.type, again.code, again.param, type(again)),
                    (e.message, e.type, e.code, e.param, type(e)),
                    text,
                )
                d = k.retry_decision(
                    e.status,
                    None,
                    text.encode("utf-8"),
                    1,
                    0.0,
                    case["now"],
                    random=0.5,
                )
                self.assertEqual(d.policy, e.retry_policy, text)
                count += 1
        print(f"python round trips: {count} vector errors")


if __name__ == "__main__":
    unittest.main()
