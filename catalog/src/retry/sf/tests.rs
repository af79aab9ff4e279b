//! The parser against the HTTP WG's structured-field-tests (vendored unchanged in
//! `tests/fixtures/structured-field-tests/`), the limits, and random input.

use super::*;
use serde_json::Value;

/// Where the vendored suite lives.
const SUITE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/structured-field-tests/"
);

/// The suite's parsing test files: all its top-level JSON files.
const SUITE_FILES: [&str; 20] = [
    "binary.json",
    "boolean.json",
    "date.json",
    "dictionary.json",
    "display-string.json",
    "examples.json",
    "item.json",
    "key-generated.json",
    "large-generated.json",
    "list.json",
    "listlist.json",
    "number-generated.json",
    "number.json",
    "param-dict.json",
    "param-list.json",
    "param-listlist.json",
    "string-generated.json",
    "string.json",
    "token-generated.json",
    "token.json",
];

/// A parsed field of any of the three types.
enum Parsed {
    /// A List.
    List(List),
    /// A Dictionary.
    Dictionary(Dictionary),
    /// An Item.
    Item(Item),
}

/// RFC 4648 base32 with padding, the suite's encoding of Byte Sequences.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut group = [0u8; 8];
        group[3..3 + chunk.len()].copy_from_slice(chunk);
        let bits = u64::from_be_bytes(group);
        let chars = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for i in 0..8 {
            if i < chars {
                out.push(char::from(ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `value` of a `{"__type": kind, "value": …}` object.
fn typed<'a>(json: &'a Value, kind: &str) -> Option<&'a Value> {
    (json.get("__type")?.as_str()? == kind)
        .then(|| json.get("value"))
        .flatten()
}

/// Whether a Bare Item is the suite's JSON of it. A Decimal is compared in thousandths:
/// the JSON number has at most three fraction digits, so scaled by 1000 and rounded it
/// is that whole number exactly, whatever rounding the JSON reader's float parse did.
fn bare_eq(bare: &BareItem, json: &Value) -> bool {
    match bare {
        BareItem::Integer(n) => json.is_i64() && json.as_i64() == Some(*n),
        BareItem::Decimal(d) => {
            json.is_f64()
                && json
                    .as_f64()
                    .is_some_and(|f| (f * 1000.0).round() == d.thousandths() as f64)
        }
        BareItem::String(s) => json.as_str() == Some(s),
        BareItem::Token(t) => typed(json, "token").and_then(Value::as_str) == Some(t),
        BareItem::ByteSequence(b) => {
            typed(json, "binary").and_then(Value::as_str) == Some(&base32(b))
        }
        BareItem::Boolean(b) => json.as_bool() == Some(*b),
        BareItem::Date(n) => typed(json, "date").and_then(Value::as_i64) == Some(*n),
        BareItem::DisplayString(s) => {
            typed(json, "displaystring").and_then(Value::as_str) == Some(s)
        }
    }
}

/// The two elements of a JSON pair `[a, b]`.
fn pair(json: &Value) -> Option<(&Value, &Value)> {
    match json.as_array()?.as_slice() {
        [a, b] => Some((a, b)),
        _ => None,
    }
}

/// Whether an ordered map is the suite's `[[key, value], …]`, in order.
fn map_eq<V>(map: &Map<V>, json: &Value, eq: fn(&V, &Value) -> bool) -> bool {
    let Some(members) = json.as_array() else {
        return false;
    };
    map.len() == members.len()
        && map.iter().zip(members).all(|((key, value), member)| {
            pair(member).is_some_and(|(k, v)| k.as_str() == Some(key) && eq(value, v))
        })
}

/// Whether an Item is the suite's `[bare, params]`.
fn item_eq(item: &Item, json: &Value) -> bool {
    pair(json).is_some_and(|(bare, params)| {
        bare_eq(&item.bare, bare) && map_eq(&item.params, params, bare_eq)
    })
}

/// Whether a List member or Dictionary value is the suite's `[bare, params]` or
/// `[[items…], params]`.
fn entry_eq(entry: &ListEntry, json: &Value) -> bool {
    match entry {
        ListEntry::Item(item) => item_eq(item, json),
        ListEntry::InnerList(inner) => pair(json).is_some_and(|(items, params)| {
            items.as_array().is_some_and(|items| {
                items.len() == inner.items.len()
                    && inner.items.iter().zip(items).all(|(i, j)| item_eq(i, j))
            }) && map_eq(&inner.params, params, bare_eq)
        }),
    }
}

/// Whether a parsed field is the suite's `expected`.
fn parsed_eq(parsed: &Parsed, json: &Value) -> bool {
    match parsed {
        Parsed::List(list) => json.as_array().is_some_and(|members| {
            members.len() == list.len() && list.iter().zip(members).all(|(e, j)| entry_eq(e, j))
        }),
        Parsed::Dictionary(dictionary) => map_eq(dictionary, json, entry_eq),
        Parsed::Item(item) => item_eq(item, json),
    }
}

/// The outcomes of one file's cases.
#[derive(Default)]
struct Tally {
    /// Cases in the file.
    cases: usize,
    /// Cases run and agreeing with the suite.
    passed: usize,
    /// `must_fail` cases.
    must_fail: usize,
    /// `can_fail` cases that failed.
    can_fail_failed: usize,
    /// `can_fail` cases that parsed to `expected`.
    can_fail_parsed: usize,
}

/// Runs one case; `Err` says how the parser disagrees with the suite.
fn run_case(case: &Value, tally: &mut Tally) -> Result<(), String> {
    let flag = |name: &str| case.get(name).and_then(Value::as_bool).unwrap_or(false);
    let (must_fail, can_fail) = (flag("must_fail"), flag("can_fail"));
    let lines: Vec<&str> = case
        .get("raw")
        .and_then(Value::as_array)
        .ok_or("no raw")?
        .iter()
        .map(|line| line.as_str().ok_or("raw line not a string"))
        .collect::<Result<_, _>>()?;
    let parsed = match case.get("header_type").and_then(Value::as_str) {
        Some("list") => parse_list(&lines).map(Parsed::List),
        Some("dictionary") => parse_dictionary(&lines).map(Parsed::Dictionary),
        Some("item") => parse_item(&lines).map(Parsed::Item),
        other => return Err(format!("unknown header_type {other:?}")),
    };
    match parsed {
        Err(_) if must_fail => tally.must_fail += 1,
        Ok(_) if must_fail => return Err("parsed, must fail".into()),
        Err(_) if can_fail => tally.can_fail_failed += 1,
        Err(e) => return Err(format!("failed: {e}")),
        Ok(parsed) => {
            let expected = case.get("expected").ok_or("no expected")?;
            if !parsed_eq(&parsed, expected) {
                return Err(format!("parsed to something else than {expected}"));
            }
            if can_fail {
                tally.can_fail_parsed += 1;
            }
        }
    }
    tally.passed += 1;
    Ok(())
}

#[test]
fn structured_field_tests() {
    let mut on_disk: Vec<String> = std::fs::read_dir(SUITE)
        .expect("the vendored suite")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, SUITE_FILES, "the suite's files");

    let (mut total, mut run, mut disagreements) = (Tally::default(), 0, Vec::new());
    println!("file                      cases passed must_fail can_fail(failed/parsed)");
    for file in SUITE_FILES {
        let text = std::fs::read_to_string(format!("{SUITE}{file}")).expect(file);
        let cases: Vec<Value> = serde_json::from_str(&text).expect(file);
        let mut tally = Tally {
            cases: cases.len(),
            ..Tally::default()
        };
        for case in &cases {
            run += 1;
            if let Err(why) = run_case(case, &mut tally) {
                let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
                disagreements.push(format!("{file}: {name}: {why}"));
            }
        }
        println!(
            "{file:25} {:5} {:6} {:9} {:8}/{}",
            tally.cases,
            tally.passed,
            tally.must_fail,
            tally.can_fail_failed,
            tally.can_fail_parsed
        );
        total.cases += tally.cases;
        total.passed += tally.passed;
        total.must_fail += tally.must_fail;
        total.can_fail_failed += tally.can_fail_failed;
        total.can_fail_parsed += tally.can_fail_parsed;
    }
    println!(
        "{:25} {:5} {:6} {:9} {:8}/{}",
        "total",
        total.cases,
        total.passed,
        total.must_fail,
        total.can_fail_failed,
        total.can_fail_parsed
    );
    assert!(
        disagreements.is_empty(),
        "{} cases disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(total.cases > 0);
    assert_eq!(run, total.cases, "every case in the files was run");
    assert_eq!(total.passed, total.cases, "every case agrees");
}

/// The Integer of a List member, if it is an Item with one.
fn integer(entry: &ListEntry) -> Option<i64> {
    match entry {
        ListEntry::Item(item) => item.bare.as_integer(),
        ListEntry::InnerList(_) => None,
    }
}

#[test]
fn repeated_keys_keep_their_place_and_the_last_value() {
    let dictionary = parse_dictionary(["a=1, b=2;x=1;x=2;y", "a=3"]).unwrap();
    let keys: Vec<&str> = dictionary.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["a", "b"]);
    assert_eq!(dictionary.get("a").and_then(integer), Some(3));
    let Some(ListEntry::Item(b)) = dictionary.get("b") else {
        panic!("b is an item");
    };
    let params: Vec<(&str, &BareItem)> = b.params.iter().collect();
    assert_eq!(
        params,
        [
            ("x", &BareItem::Integer(2)),
            ("y", &BareItem::Boolean(true))
        ]
    );
}

#[test]
fn values_of_every_type() {
    let list = parse_list([
        r#"1, -2.5, "s\"", tok/en:x, :aGk=:, ?0, @1700000000, %"f%c3%bc", (a b);q, *"#,
    ])
    .unwrap();
    let bare: Vec<BareItem> = list
        .iter()
        .filter_map(|entry| match entry {
            ListEntry::Item(item) => Some(item.bare.clone()),
            ListEntry::InnerList(_) => None,
        })
        .collect();
    assert_eq!(
        bare,
        [
            BareItem::Integer(1),
            BareItem::Decimal(Decimal::from_thousandths(-2500)),
            BareItem::String("s\"".into()),
            BareItem::Token("tok/en:x".into()),
            BareItem::ByteSequence(b"hi".to_vec()),
            BareItem::Boolean(false),
            BareItem::Date(1_700_000_000),
            BareItem::DisplayString("fü".into()),
            BareItem::Token("*".into()),
        ]
    );
    let Some(ListEntry::InnerList(inner)) = list.get(8) else {
        panic!("an inner list");
    };
    assert_eq!(inner.items.len(), 2);
    assert_eq!(inner.params.get("q"), Some(&BareItem::Boolean(true)));
    assert_eq!(Decimal::from_thousandths(-2500).to_f64(), -2.5);
    assert_eq!(parse_list([""]), Ok(vec![]));
    assert_eq!(parse_list(Vec::<&str>::new()), Ok(vec![]));
    assert_eq!(parse_dictionary(["  "]), Ok(Dictionary::default()));
    assert!(parse_item([""]).is_err());
}

#[test]
fn the_draft_ratelimit_fields() {
    let policy =
        parse_list([r#""default";q=100;w=60;qu="requests";pk=:cHJvamVjdC0xMjM=:"#]).unwrap();
    let Some(ListEntry::Item(item)) = policy.first() else {
        panic!("an item");
    };
    assert_eq!(item.bare.as_string(), Some("default"));
    assert_eq!(
        item.params.get("w").and_then(BareItem::as_integer),
        Some(60)
    );
    assert_eq!(
        item.params.get("pk"),
        Some(&BareItem::ByteSequence(b"project-123".to_vec()))
    );
    let limit = parse_list([r#""default";r=0;t=30.5"#]).unwrap();
    let Some(ListEntry::Item(item)) = limit.first() else {
        panic!("an item");
    };
    assert_eq!(
        item.params.get("t").and_then(BareItem::as_decimal),
        Some(Decimal::from_thousandths(30_500))
    );
    for bad in [
        r#""default";R=0"#,
        r#""default";t=1."#,
        r#""default";t=1.2345"#,
    ] {
        assert!(parse_list([bad]).is_err(), "{bad:?}");
    }
}

#[test]
fn limits() {
    let members =
        |n: usize, sep: &str, f: fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(sep);
    assert_eq!(
        parse_list([members(MAX_MEMBERS, ",", |i| i.to_string())]).map(|l| l.len()),
        Ok(1024)
    );
    assert!(parse_list([members(MAX_MEMBERS + 1, ",", |i| i.to_string())]).is_err());
    let keys = |i| format!("k{i}");
    assert_eq!(
        parse_dictionary([members(MAX_MEMBERS, ",", keys)]).map(|d| d.len()),
        Ok(1024)
    );
    assert!(parse_dictionary([members(MAX_MEMBERS + 1, ",", keys)]).is_err());
    assert!(parse_dictionary([members(MAX_MEMBERS + 1, ",", |_| "a".into())]).is_err());
    let inner = |n| format!("({})", members(n, " ", |i| i.to_string()));
    assert!(
        parse_item([inner(MAX_INNER_LIST)]).is_err(),
        "an inner list is no item"
    );
    assert!(parse_list([inner(MAX_INNER_LIST)]).is_ok());
    assert!(parse_list([inner(MAX_INNER_LIST + 1)]).is_err());
    let params = |n| format!("x;{}", members(n, ";", keys));
    assert_eq!(
        parse_item([params(MAX_PARAMS)]).map(|i| i.params.len()),
        Ok(256)
    );
    assert!(parse_item([params(MAX_PARAMS + 1)]).is_err());
    let long = format!("\"{}\"", "a".repeat(MAX_FIELD_LEN - 2));
    assert!(parse_item([&long]).is_ok());
    assert!(parse_item([format!("{long} ")]).is_err());
    // The ", " joining two lines counts.
    let line = |len: usize| format!("\"{}\"", "a".repeat(len - 2));
    let half = (MAX_FIELD_LEN - 2) / 2;
    assert_eq!(parse_list([line(half), line(half)]).map(|l| l.len()), Ok(2));
    assert!(parse_list([line(half + 1), line(half)]).is_err());
}

/// SplitMix64, a small seeded generator for the random inputs.
struct SplitMix64(u64);

impl SplitMix64 {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_input_never_panics() {
    // Characters that matter to the grammar, so that random input goes deep.
    const ALPHABET: &[u8] = b"aZ09*-._:/;=,() \t\"\\%?@!#'+~8f";
    let mut rng = SplitMix64(0x5f_9651);
    for round in 0..6000 {
        let len = rng.below(48);
        let line: Vec<u8> = (0..len)
            .map(|_| {
                if round % 3 == 0 {
                    rng.next() as u8
                } else {
                    ALPHABET[rng.below(ALPHABET.len())]
                }
            })
            .collect();
        let split = rng.below(len + 1);
        let lines = [&line[..split], &line[split..]];
        for result in [
            parse_list(&lines).map(drop),
            parse_dictionary(&lines).map(drop),
            parse_item(&lines).map(drop),
            parse_list([&line]).map(drop),
            parse_dictionary([&line]).map(drop),
            parse_item([&line]).map(drop),
        ] {
            if result.is_ok() {
                assert!(line.is_ascii(), "{line:?}");
            }
        }
    }
}
