"""The package's RFC 9651 parser (``parse_structured_field``, the one the ``RateLimit``
field is read with) against the HTTP WG's structured-field-tests: every parsing case of
the suite for lists, dictionaries and items (the retry specification, section 13).

Run with the package installed (``pip install generated/python``)::

    KIWI_PACKAGE=llm_kiwi_errors KIWI_SF_TESTS=tests/fixtures/structured-field-tests \\
        python -m unittest discover -s codegen/src/lang/python/tests
"""

import base64
import decimal
import importlib
import json
import os
import pathlib
import unittest

k = importlib.import_module(os.environ.get("KIWI_PACKAGE", "llm_kiwi_errors"))
SUITE = pathlib.Path(
    os.environ.get("KIWI_SF_TESTS", "tests/fixtures/structured-field-tests")
)


def typed(json_value, kind):
    if isinstance(json_value, dict) and json_value.get("__type") == kind:
        return json_value.get("value")
    return None


def bare_eq(bare, want):
    kind = type(bare)
    if kind is bool:
        return want is bare
    if kind is int:
        return type(want) is int and want == bare
    if isinstance(bare, decimal.Decimal):
        return type(want) is float and round(want * 1000) == int(bare * 1000)
    if kind is str:
        return type(want) is str and want == bare
    if kind is k.SFToken:
        return typed(want, "token") == str(bare)
    if kind is bytes:
        return typed(want, "binary") == base64.b32encode(bare).decode("ascii")
    if kind is k.SFDate:
        value = typed(want, "date")
        return type(value) is int and value == int(bare)
    if kind is k.SFDisplayString:
        return typed(want, "displaystring") == str(bare)
    return False


def map_eq(mapping, want, eq):
    return (
        isinstance(want, list)
        and len(mapping) == len(want)
        and all(
            isinstance(w, list) and len(w) == 2 and w[0] == key and eq(value, w[1])
            for (key, value), w in zip(mapping.items(), want)
        )
    )


def item_eq(item, want):
    return (
        isinstance(item, k.SFItem)
        and isinstance(want, list)
        and len(want) == 2
        and bare_eq(item.value, want[0])
        and map_eq(item.params, want[1], bare_eq)
    )


def member_eq(member, want):
    if isinstance(member, k.SFInnerList):
        return (
            isinstance(want, list)
            and len(want) == 2
            and isinstance(want[0], list)
            and len(want[0]) == len(member.items)
            and all(item_eq(i, w) for i, w in zip(member.items, want[0]))
            and map_eq(member.params, want[1], bare_eq)
        )
    return item_eq(member, want)


def parsed_eq(kind, parsed, want):
    if kind == "list":
        return (
            isinstance(parsed, list)
            and isinstance(want, list)
            and len(parsed) == len(want)
            and all(member_eq(m, w) for m, w in zip(parsed, want))
        )
    if kind == "dictionary":
        return isinstance(parsed, dict) and map_eq(parsed, want, member_eq)
    return item_eq(parsed, want)


class StructuredFieldSuite(unittest.TestCase):
    def test_the_suite(self):
        files = sorted(SUITE.glob("*.json"))
        self.assertTrue(files, f"no suite files in {SUITE}")
        ran = passed = 0
        for path in files:
            for case in json.loads(path.read_text(encoding="utf-8")):
                if "raw" not in case or case.get("header_type") not in (
                    "list",
                    "dictionary",
                    "item",
                ):
                    continue
                ran += 1
                with self.subTest(f"{path.name}: {case['name']}"):
                    try:
                        parsed = k.parse_structured_field(
                            case["header_type"], case["raw"]
                        )
                    except ValueError:
                        parsed = None
                        failed = True
                    else:
                        failed = False
                    if case.get("must_fail"):
                        self.assertTrue(failed, "parsed, must fail")
                    elif failed:
                        self.assertTrue(case.get("can_fail"), "failed to parse")
                    else:
                        self.assertTrue(
                            parsed_eq(case["header_type"], parsed, case["expected"]),
                            repr(parsed),
                        )
                    passed += 1
        print(f"python structured-field-tests: {passed} of {ran} cases passed")
        self.assertEqual(passed, ran)
        self.assertGreater(ran, 0)


if __name__ == "__main__":
    unittest.main()
