//! TypeScript and JavaScript: the npm package `generated/typescript/`, installable with
//! `npm install`: an ES module without dependencies (`index.js`) and its declarations
//! (`index.d.ts`, checked by `tsc --strict`), with an error class per error status and
//! per code, `fromResponse` and the retry decision of the Rust helper. The hand-written
//! core is `core.js` with its declarations `core.d.ts`; the runtime's constants are
//! rendered into both at their `// @runtime-constants` line; the catalog's classes and
//! tables follow. The package's tests are in `tests/` beside this file.

use std::fmt::Write as _;

use super::Language;
use super::constants::{Constant, Value};
use super::sdk::{self, Classes, literal};
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

fn status_doc(view: &View, status: u16) -> String {
    view.statuses
        .iter()
        .find(|s| s.code == status)
        .map(|s| {
            format!(
                "HTTP {} {}: {}",
                s.code,
                comment(&s.name),
                comment(&s.description)
            )
        })
        .unwrap_or_default()
}

fn code_doc(code: &super::view::CodeView) -> String {
    format!(
        "`{}` (type `{}`, HTTP {}, retry {}): {} See {}",
        comment(&code.name),
        comment(&code.error_type),
        code.status,
        code.retry,
        comment(&code.description),
        comment(&code.doc_url)
    )
}

/// The catalog part of `index.js`: the classes and the tables.
pub fn catalog_js(view: &View, classes: &Classes) -> String {
    let mut out = String::new();
    for (status, class) in &classes.statuses {
        let _ = write!(
            out,
            "\n/** {} */\nexport class {class} extends APIError {{\n  static STATUS = {status};\n}}\n",
            status_doc(view, *status)
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
            "\n/** {} */\nexport class {class} extends {parent} {{\n  static CODE = {};\n}}\n",
            code_doc(code),
            literal(&code.name)
        );
    }
    let _ = write!(
        out,
        "\nconst SERVER_ERROR_CLASS = {};\n\nconst STATUSES = new Map([\n",
        classes.server_error()
    );
    for s in &view.statuses {
        let _ = writeln!(
            out,
            "  [{0}, {{ code: {0}, name: {1}, retry: {2}, cls: {3} }}],",
            s.code,
            literal(&s.name),
            literal(s.retry.as_str()),
            classes.of_status(s.code).unwrap_or("null")
        );
    }
    out.push_str("]);\n\n/** The type of each status that has exactly one in the catalog. */\nconst STATUS_TYPES = new Map([\n");
    for (status, name) in &view.status_types {
        let _ = writeln!(out, "  [{status}, {}],", literal(name));
    }
    out.push_str("]);\n\nconst CODES = new Map([\n");
    for (code, (class, _)) in view.codes.iter().zip(&classes.codes) {
        let remediation: Vec<String> = code.remediation.iter().map(|r| literal(r)).collect();
        let _ = writeln!(
            out,
            "  [\n    {},\n    {{\n      name: {},\n      errorType: {},\n      status: {},\n      retry: {},\n      param: {},\n      message: {},\n      remediation: [{}],\n      docUrl: {},\n      cls: {class},\n    }},\n  ],",
            literal(&code.name),
            literal(&code.name),
            literal(&code.error_type),
            code.status,
            literal(code.retry.as_str()),
            code.param.as_deref().map_or("null".to_owned(), literal),
            literal(&code.message),
            remediation.join(", "),
            literal(&code.doc_url),
        );
    }
    out.push_str("]);\n\n/** The class of each error status of the catalog. */\nexport const STATUS_CLASSES = new Map([\n");
    for (status, class) in &classes.statuses {
        let _ = writeln!(out, "  [{status}, {class}],");
    }
    out.push_str("]);\n\n/** The class of each error code of the catalog. */\nexport const CODE_CLASSES = new Map([\n");
    for (code, (class, _)) in view.codes.iter().zip(&classes.codes) {
        let _ = writeln!(out, "  [{}, {class}],", literal(&code.name));
    }
    out.push_str("]);\n");
    out
}

/// The catalog part of `index.d.ts`.
pub fn catalog_dts(view: &View, classes: &Classes) -> String {
    let mut out = String::new();
    for (status, class) in &classes.statuses {
        let _ = write!(
            out,
            "\n/** {} */\nexport declare class {class} extends APIError {{\n  static readonly STATUS: number | null;\n}}\n",
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
            "\n/** {} */\nexport declare class {class} extends {parent} {{\n  static readonly CODE: string | null;\n}}\n",
            code_doc(code)
        );
    }
    out.push_str("\n/** The class of each error status of the catalog. */\nexport declare const STATUS_CLASSES: ReadonlyMap<number, APIErrorClass>;\n");
    out.push_str("\n/** The class of each error code of the catalog. */\nexport declare const CODE_CLASSES: ReadonlyMap<string, APIErrorClass>;\n");
    out
}
