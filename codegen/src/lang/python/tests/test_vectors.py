"""The installed Python package decides every retry vector as the Rust retry core did.

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
    pathlib.Path(os.environ.get("KIWI_VECTORS", "generated/retry.vectors.json")).read_text(encoding="utf-8")
)
FIELDS = ("retry", "reason", "hint_source", "delay_floor_ms", "retry_after_ms")


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
    )
    return {f: getattr(d, f) for f in FIELDS}


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
            with self.subTest(case["name"]):
                got = decide(case)
                want = case["expected"]
                bad = [f for f in FIELDS if not same(got[f], want.get(f))]
                if bad:
                    failed += 1
                else:
                    passed += 1
                self.assertEqual(
                    bad,
                    [],
                    ", ".join(f"{f} = {got[f]!r}, expected {want.get(f)!r}" for f in bad),
                )
        print(f"python vectors: {passed} passed, {failed} failed")


if __name__ == "__main__":
    unittest.main()
