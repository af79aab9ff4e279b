//! TypeScript and JavaScript: the npm package `generated/typescript/`, installable with
//! `npm install`: an ES module without dependencies (`index.js`) and its declarations
//! (`index.d.ts`, checked by `tsc --strict`), with an error class per error status and
//! per code, `fromResponse` and the retry decision of the Rust helper, and the errors of a
//! stream (`fromStreamEvent`, `streamRetryDecision`, `errorEvent`). The hand-written
//! core is `core.js` with its declarations `core.d.ts`; the runtime's constants are
//! rendered into both at their `// @runtime-constants` line; the catalog's classes and
//! tables follow. The package's tests are in `tests/` beside this file.

use std::fmt::Write as _;

use super::Language;
use super::constants::{Constant, Value};
use super::sdk::{self, Classes, literal, quoted};
use super::view::View;

/// The module code that does not depend on the catalog.
const CORE_JS: &str = include_str!("core.js");
/// The declarations of [`CORE_JS`].
const CORE_DTS: &str = include_str!("core.d.ts");

/// The line of the core files where the runtime's constants go.
const CONSTANTS_MARK: &str = "// @runtime-constants\n";

/// Names no class may take: the module's own and JavaScript's built-in errors.
const RESERVED: &[&str] = &[
    "AggregateError",
    "Error",
    "EvalError",
    "Hint",
    "RangeError",
    "ReferenceError",
    "RetryDecision",
    "SyntaxError",
    "TypeError",
    "URIError",
];

/// The npm package.
pub struct TypeScript;

impl Language for TypeScript {
    const DIR: &'static str = "typescript";

    fn files(view: &View) -> Vec<(String, String)> {
        let classes = classes(view);
        vec![
            ("package.json".to_owned(), package_json(view)),
            ("README.md".to_owned(), readme(view)),
            ("index.js".to_owned(), module(view, &classes)),
            ("index.d.ts".to_owned(), declarations(view, &classes)),
        ]
    }
}

/// The classes of the module.
pub fn classes(view: &View) -> Classes {
    sdk::classes(view, "APIError", RESERVED)
}

/// The npm package name: the package name with `-` (`llm-kiwi-errors`).
pub fn package_name(view: &View) -> String {
    view.package.replace('_', "-")
}

fn package_json(view: &View) -> String {
    let json = serde_json::json!({
        "name": package_name(view),
        "version": view.version,
        "description": format!("Typed errors and the retry decision of the {} API. {}", view.name, view.notice),
        "type": "module",
        "main": "./index.js",
        "types": "./index.d.ts",
        "exports": { ".": { "types": "./index.d.ts", "default": "./index.js" } },
        "files": ["index.js", "index.d.ts", "README.md"],
        "sideEffects": false,
        "engines": { "node": ">=18" },
        "homepage": view.docs_url,
        "prettier": { "printWidth": PRINT_WIDTH },
    });
    let mut out = serde_json::to_string_pretty(&json).unwrap_or_default();
    out.push('\n');
    out
}

fn readme(view: &View) -> String {
    format!(
        "<!-- {notice} -->\n\
         # {name}\n\
         \n\
         Typed errors of the {api} API, generated from its error catalog: an error class per\n\
         error status and per code, `fromResponse`, and the retry decision of the kiwi-errors\n\
         retry helper. An ES module with its TypeScript declarations; no dependencies.\n\
         \n\
         ```ts\n\
         import {{ fromResponse, retryDecision }} from \"{name}\";\n\
         \n\
         const error = fromResponse(response.status, response.headers, await response.text());\n\
         const decision = retryDecision(response.status, response.headers, body, 1, 0, Date.now() / 1000);\n\
         ```\n\
         \n\
         ## Streams\n\
         \n\
         An error that arrives inside a streamed answer (Server-Sent Events after a `200`) is\n\
         an event: `fromStreamEvent(name, data)` gives `{{ kind, error }}`, `kind` being `\"end\"`\n\
         (the catalog's end of a complete stream), `\"error\"` (with the same error class a\n\
         response gives, its `status` the catalog's for its code) or `\"content\"`.\n\
         `streamRetryDecision(error, delivered, headers, attempt, elapsedS, now)` retries only a\n\
         stream that delivered nothing yet (else it gives up with `Partial`), and\n\
         `errorEvent(error)` writes an error as the event a server sends.\n\
         \n\
         ```ts\n\
         import {{ fromStreamEvent, streamRetryDecision }} from \"{name}\";\n\
         \n\
         const event = fromStreamEvent(sse.event, sse.data);\n\
         if (event.kind === \"error\") {{\n\
         \x20 const d = streamRetryDecision(event.error, delivered, res.headers, attempt, elapsedS, now);\n\
         \x20 if (!d.retry) throw event.error; // d.reason is \"Partial\" after content: keep it\n\
         }}\n\
         ```\n\
         \n\
         Reference: <{docs}>\n",
        notice = view.notice.replace("--", "- -"),
        name = package_name(view),
        api = view.name,
        docs = view.docs_url,
    )
}

/// A JavaScript literal of a constant's value, and its TypeScript type.
fn value(c: &Constant) -> (String, &'static str) {
    match &c.value {
        Value::Int(n) => (n.to_string(), "number"),
        Value::Float(x) => (number(*x), "number"),
        Value::Str(s) => (literal(s), "string"),
        Value::Ints(ns) => (
            format!(
                "[{}]",
                ns.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            ),
            "ReadonlyArray<number>",
        ),
        Value::Pairs(pairs) => {
            let mut text = String::from("[\n");
            for (a, b) in pairs {
                let _ = writeln!(text, "  [{}, {}],", literal(a), literal(b));
            }
            text.push(']');
            (text, "ReadonlyArray<readonly [string, string]>")
        }
    }
}

/// A number as JavaScript writes it: no `.0` on whole numbers.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Text safe inside a `/** … */` comment.
fn comment(s: &str) -> String {
    s.replace("*/", "*\\/")
}

/// A doc comment as prettier leaves it: `/** text */` on one line, or a text of several
/// lines with ` * ` before each line after the first and no trailing blanks (a block
/// comment whose every line starts with `*` is one prettier re-indents and trims).
fn doc_comment(text: &str) -> String {
    let text = comment(text).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len() - 1;
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let line = if i == 0 {
            format!("/** {line}")
        } else {
            format!(" * {line}")
        };
        if i == last {
            out.push_str(&line);
            out.push_str(" */");
        } else {
            out.push_str(line.trim_end_matches(js_space));
            out.push('\n');
        }
    }
    out
}

/// What JavaScript's `trim` takes away: white space and line terminators.
fn js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// The columns prettier lays code out in: the `printWidth` of the package's prettier
/// configuration (the `prettier` key of its `package.json`) and of this folder's
/// `.prettierrc.json` (the core and the tests).
const PRINT_WIDTH: usize = 100;

/// How wide prettier counts a text: no column for a control or combining character,
/// two for an East Asian wide or full-width one or an emoji, one for any other.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0..=0x1f | 0x7f..=0x9f | 0x300..=0x36f => 0,
            0x1100..=0x115f
            | 0x2e80..=0x303e
            | 0x3041..=0x33ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xa000..=0xa4cf
            | 0xac00..=0xd7a3
            | 0xf900..=0xfaff
            | 0xfe30..=0xfe4f
            | 0xff00..=0xff60
            | 0xffe0..=0xffe6
            | 0x1f300..=0x1f64f
            | 0x1f900..=0x1f9ff
            | 0x20000..=0x3fffd => 2,
            _ => 1,
        })
        .sum()
}

/// A JavaScript expression of the catalog's tables, laid out as prettier lays it out.
enum Js {
    /// What never breaks: a number, a string, a name.
    Atom(String),
    /// `[a, b]` or `{ a, b }`: on one line when it fits, else one item a line, each with
    /// a comma. `broken`: always one item a line (prettier keeps an object written over
    /// several lines so, and breaks an array of two or more arrays of two or more).
    List {
        open: &'static str,
        close: &'static str,
        items: Vec<Js>,
        broken: bool,
    },
    /// An object's `key: value`.
    Prop(&'static str, Box<Js>),
}

impl Js {
    fn str(s: &str) -> Js {
        Js::Atom(quoted(s))
    }

    fn array(items: Vec<Js>) -> Js {
        let broken = items.len() > 1
            && items
                .iter()
                .all(|i| matches!(i, Js::List { open: "[", items, .. } if items.len() > 1));
        Js::List {
            open: "[",
            close: "]",
            items,
            broken,
        }
    }

    fn object(props: Vec<(&'static str, Js)>, broken: bool) -> Js {
        Js::List {
            open: "{",
            close: "}",
            items: props
                .into_iter()
                .map(|(k, v)| Js::Prop(k, Box::new(v)))
                .collect(),
            broken,
        }
    }

    /// On one line, if it can be.
    fn flat(&self) -> Option<String> {
        match self {
            Js::Atom(s) => Some(s.clone()),
            Js::List { broken: true, .. } => None,
            Js::List {
                open, close, items, ..
            } => {
                let items = items.iter().map(Js::flat).collect::<Option<Vec<_>>>()?;
                let pad = if *open == "{" && !items.is_empty() {
                    " "
                } else {
                    ""
                };
                Some(format!("{open}{pad}{}{pad}{close}", items.join(", ")))
            }
            Js::Prop(key, value) => Some(format!("{key}: {}", value.flat()?)),
        }
    }

    /// Laid out at `indent` spaces after `lead` on its first line, with `tail` after it.
    fn render(&self, indent: usize, lead: &str, tail: &str) -> String {
        let pad = " ".repeat(indent);
        if let Some(flat) = self.flat() {
            let line = format!("{pad}{lead}{flat}{tail}");
            if width(&line) <= PRINT_WIDTH {
                return line;
            }
        }
        match self {
            Js::Atom(s) => format!("{pad}{lead}{s}{tail}"),
            Js::List {
                open, close, items, ..
            } => {
                let mut out = format!("{pad}{lead}{open}\n");
                for item in items {
                    let _ = writeln!(out, "{}", item.render(indent + 2, "", ","));
                }
                let _ = write!(out, "{pad}{close}{tail}");
                out
            }
            // A value goes on a line of its own when it does not fit after its key,
            // unless the key is shorter than five columns.
            Js::Prop(key, value) => match **value {
                Js::Atom(_) if width(key) >= 5 => {
                    format!("{pad}{lead}{key}:\n{}", value.render(indent + 2, "", tail))
                }
                _ => value.render(indent, &format!("{lead}{key}: "), tail),
            },
        }
    }
}

/// `const NAME = new Map([…]);` with `lead` before `const`.
fn map(lead: &str, name: &str, entries: Vec<Js>) -> String {
    let mut out = Js::array(entries).render(0, &format!("{lead}const {name} = new Map("), ");");
    out.push('\n');
    out
}

/// A class's `static NAME = value;`, the value on a line of its own when the line would
/// not fit.
fn static_field(name: &str, value: &str) -> String {
    let line = format!("  static {name} = {value};");
    if width(&line) <= PRINT_WIDTH {
        line
    } else {
        format!("  static {name} =\n    {value};")
    }
}

/// `index.js`: the notice, the core with the constants, then the catalog's classes.
pub fn module(view: &View, classes: &Classes) -> String {
    let mut constants = String::new();
    for c in &view.constants {
        let (literal, _) = value(c);
        let _ = writeln!(
            constants,
            "/** {} */\nexport const {} = {literal};",
            comment(c.doc),
            c.name
        );
    }
    let mut out = format!("// {}\n", view.notice);
    let _ = writeln!(
        out,
        "/**\n * Errors of the {} API, from its error catalog: an error class per error status and per\n * code, `fromResponse`, and the retry decision of the Rust helper. Reference: {}\n * @module\n */\n",
        comment(&view.name),
        comment(&view.docs_url)
    );
    out.push_str(&CORE_JS.replacen(CONSTANTS_MARK, &constants, 1));
    out.push_str(
        "\n// ---------------------------------------------------------------- from the catalog\n",
    );
    out.push_str(&catalog_js(view, classes));
    out
}

/// `index.d.ts`: the declarations of [`module`].
pub fn declarations(view: &View, classes: &Classes) -> String {
    let mut constants = String::new();
    for c in &view.constants {
        let (_, ty) = value(c);
        let _ = writeln!(
            constants,
            "/** {} */\nexport declare const {}: {ty};",
            comment(c.doc),
            c.name
        );
    }
    let mut out = format!("// {}\n", view.notice);
    out.push_str(&CORE_DTS.replacen(CONSTANTS_MARK, &constants, 1));
    out.push_str(
        "\n// ---------------------------------------------------------------- from the catalog\n",
    );
    out.push_str(&catalog_dts(view, classes));
    out
}

/// The doc comment of a status's class.
fn status_doc(view: &View, status: u16) -> String {
    let text = view
        .statuses
        .iter()
        .find(|s| s.code == status)
        .map(|s| format!("HTTP {} {}: {}", s.code, s.name, s.description))
        .unwrap_or_default();
    doc_comment(&text)
}

/// The doc comment of a code's class.
fn code_doc(code: &super::view::CodeView) -> String {
    doc_comment(&format!(
        "`{}` (type `{}`, HTTP {}, retry {}): {} See {}",
        code.name, code.error_type, code.status, code.retry, code.description, code.doc_url
    ))
}

/// The catalog part of `index.js`: the classes and the tables, as prettier (at the
/// package's print width) writes them.
pub fn catalog_js(view: &View, classes: &Classes) -> String {
    let mut out = String::new();
    for (status, class) in &classes.statuses {
        let _ = write!(
            out,
            "\n{}\nexport class {class} extends APIError {{\n{}\n}}\n",
            status_doc(view, *status),
            static_field("STATUS", &status.to_string())
        );
    }
    if let Some(class) = &classes.extra_server_error {
        let _ = write!(
            out,
            "\n/** A 5xx status that the catalog does not list. */\nexport class {class} extends APIError {{}}\n"
        );
    }
    for (code, (class, parent)) in view.codes.iter().zip(&classes.codes) {
        let _ = write!(
            out,
            "\n{}\nexport class {class} extends {parent} {{\n{}\n}}\n",
            code_doc(code),
            static_field("CODE", &quoted(&code.name))
        );
    }
    let _ = writeln!(
        out,
        "\nconst SERVER_ERROR_CLASS = {};\n",
        classes.server_error()
    );
    let statuses = view
        .statuses
        .iter()
        .map(|s| {
            let info = Js::object(
                vec![
                    ("code", Js::Atom(s.code.to_string())),
                    ("name", Js::str(&s.name)),
                    ("retry", Js::str(s.retry.as_str())),
                    (
                        "cls",
                        Js::Atom(classes.of_status(s.code).unwrap_or("null").to_owned()),
                    ),
                ],
                false,
            );
            Js::array(vec![Js::Atom(s.code.to_string()), info])
        })
        .collect();
    out.push_str(&map("", "STATUSES", statuses));
    let status_types = view
        .status_types
        .iter()
        .map(|(status, name)| Js::array(vec![Js::Atom(status.to_string()), Js::str(name)]))
        .collect();
    out.push_str(&map(
        "\n/** The type of each status that has exactly one in the catalog. */\n",
        "STATUS_TYPES",
        status_types,
    ));
    let type_statuses = view
        .types
        .iter()
        .map(|(name, status)| Js::array(vec![Js::str(name), Js::Atom(status.to_string())]))
        .collect();
    out.push_str(&map(
        "\n/** The status of each error type of the catalog: that of an error read from a stream. */\n",
        "TYPE_STATUSES",
        type_statuses,
    ));
    let codes = view
        .codes
        .iter()
        .zip(&classes.codes)
        .map(|(code, (class, _))| {
            let info = Js::object(
                vec![
                    ("name", Js::str(&code.name)),
                    ("errorType", Js::str(&code.error_type)),
                    ("status", Js::Atom(code.status.to_string())),
                    ("retry", Js::str(code.retry.as_str())),
                    (
                        "param",
                        code.param
                            .as_deref()
                            .map_or_else(|| Js::Atom("null".to_owned()), Js::str),
                    ),
                    ("message", Js::str(&code.message)),
                    (
                        "remediation",
                        Js::array(code.remediation.iter().map(|r| Js::str(r)).collect()),
                    ),
                    ("docUrl", Js::str(&code.doc_url)),
                    ("cls", Js::Atom(class.clone())),
                ],
                true,
            );
            Js::array(vec![Js::str(&code.name), info])
        })
        .collect();
    out.push_str(&map("\n", "CODES", codes));
    let status_classes = classes
        .statuses
        .iter()
        .map(|(status, class)| {
            Js::array(vec![Js::Atom(status.to_string()), Js::Atom(class.clone())])
        })
        .collect();
    out.push_str(&map(
        "\n/** The class of each error status of the catalog. */\nexport ",
        "STATUS_CLASSES",
        status_classes,
    ));
    let code_classes = view
        .codes
        .iter()
        .zip(&classes.codes)
        .map(|(code, (class, _))| Js::array(vec![Js::str(&code.name), Js::Atom(class.clone())]))
        .collect();
    out.push_str(&map(
        "\n/** The class of each error code of the catalog. */\nexport ",
        "CODE_CLASSES",
        code_classes,
    ));
    out.push_str(&stream_format(view));
    out
}

/// `STREAM_FORMAT`: the catalog's `[stream]` table, or `null` when it has none.
fn stream_format(view: &View) -> String {
    let lead = "\n/** How the API sends errors in a stream and ends a complete one (its catalog's `[stream]`). */\nexport const STREAM_FORMAT = ";
    let Some(stream) = &view.stream else {
        return format!("{lead}null;\n");
    };
    let text = |s: &Option<String>| {
        s.as_deref()
            .map_or_else(|| Js::Atom("null".to_owned()), Js::str)
    };
    let format = Js::object(
        vec![
            ("event", Js::str(&stream.event)),
            ("shape", Js::str(stream.shape)),
            ("endData", text(&stream.end_data)),
            ("endEvent", text(&stream.end_event)),
            (
                "codes",
                Js::array(stream.codes.iter().map(|c| Js::str(c)).collect()),
            ),
        ],
        true,
    );
    let mut out = format.render(0, lead, ";");
    out.push('\n');
    out
}

/// The catalog part of `index.d.ts`.
pub fn catalog_dts(view: &View, classes: &Classes) -> String {
    let mut out = String::new();
    for (status, class) in &classes.statuses {
        let _ = write!(
            out,
            "\n{}\nexport declare class {class} extends APIError {{\n  static readonly STATUS: number | null;\n}}\n",
            status_doc(view, *status)
        );
    }
    if let Some(class) = &classes.extra_server_error {
        let _ = write!(
            out,
            "\n/** A 5xx status that the catalog does not list. */\nexport declare class {class} extends APIError {{}}\n"
        );
    }
    for (code, (class, parent)) in view.codes.iter().zip(&classes.codes) {
        let _ = write!(
            out,
            "\n{}\nexport declare class {class} extends {parent} {{\n  static readonly CODE: string | null;\n}}\n",
            code_doc(code)
        );
    }
    out.push_str("\n/** The class of each error status of the catalog. */\nexport declare const STATUS_CLASSES: ReadonlyMap<number, APIErrorClass>;\n");
    out.push_str("\n/** The class of each error code of the catalog. */\nexport declare const CODE_CLASSES: ReadonlyMap<string, APIErrorClass>;\n");
    out.push_str("\n/** How the API sends errors in a stream and ends a complete one (its catalog's `[stream]`). */\nexport declare const STREAM_FORMAT: StreamFormat | null;\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_folders_prettier_configuration_has_the_print_width_of_the_package() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!(".prettierrc.json")).unwrap();
        assert_eq!(config["printWidth"], PRINT_WIDTH);
    }

    #[test]
    fn strings_take_the_quotes_prettier_picks() {
        assert_eq!(quoted("it's \"a"), "\"it's \\\"a\"");
        assert_eq!(quoted("'a' \"b\" \"c\""), "'\\'a\\' \"b\" \"c\"'");
        assert_eq!(quoted("\"x\"\n\\"), "'\"x\"\\n\\\\'");
    }

    #[test]
    fn a_doc_of_several_lines_is_a_comment_prettier_keeps() {
        assert_eq!(doc_comment("one line */"), "/** one line *\\/ */");
        assert_eq!(
            doc_comment("* a  \n\n*b\r\nend  "),
            "/** * a\n *\n * *b\n * end   */"
        );
    }

    #[test]
    fn lists_break_one_item_a_line_when_they_do_not_fit() {
        let long = "x".repeat(95);
        let entry = |name: &str| Js::array(vec![Js::Atom("1".to_owned()), Js::str(name)]);
        assert_eq!(
            map("", "M", vec![entry("a")]),
            "const M = new Map([[1, \"a\"]]);\n"
        );
        assert_eq!(
            map("", "M", vec![entry("a"), entry(&long)]),
            format!(
                "const M = new Map([\n  [1, \"a\"],\n  [\n    1,\n    \"{long}\",\n  ],\n]);\n"
            )
        );
        let object = Js::object(
            vec![("name", Js::str(&long)), ("message", Js::str(&long))],
            true,
        );
        assert_eq!(
            object.render(0, "", ","),
            format!("{{\n  name: \"{long}\",\n  message:\n    \"{long}\",\n}},")
        );
        assert_eq!(width("日本 e\u{301}"), 6);
    }
}
