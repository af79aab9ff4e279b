#!/usr/bin/env python3
"""Checks generated/kiwi_errors.py against a retry vectors file.

    vectors.py FILE            check every case; prints "N passed, N failed"
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))

import kiwi_errors  # noqa: E402

FIELDS = ("retry", "reason", "hint_source", "delay_floor_ms", "retry_after_ms")


def decide(case):
    d = kiwi_errors.retry_decision(
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


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    data = json.loads(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
    passed = failed = 0
    for case in data["cases"]:
        got = decide(case)
        want = case["expected"]
        bad = [f for f in FIELDS if not same(got[f], want.get(f))]
        if bad:
            failed += 1
            print(f"FAIL {case['name']}: " + ", ".join(f"{f} = {got[f]!r}, expected {want.get(f)!r}" for f in bad))
        else:
            passed += 1
    print(f"python vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
