//! Python: the package `generated/python/`, installable with `pip install`: a module
//! of the standard library only (Python ≥ 3.9, `mypy --strict` clean) with an exception
//! class per error status and per code, `from_response` and the retry decision of the
//! Rust helper. The hand-written core is `core.py`; the runtime's constants are rendered
//! into it at its `# @runtime-constants` line; the catalog's classes and tables follow
//! it. The package's tests are in `tests/` beside this file.

use std::fmt::Write as _;

use super::Language;
use super::constants::{Constant, Value};
use super::sdk::{self, Classes, literal};
use super::view::View;

/// The part of the module that does not depend on the catalog.
const CORE: &str = include_str!("core.py");

/// The line of the core where the runtime's constants go.
const CONSTANTS_MARK: &str = "# @runtime-constants\n";

/// Names no class may take: the module's own and Python's built-in exceptions.
const RESERVED: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BufferError",
    "ConnectionError",
    "EOFError",
    "EnvironmentError",
    "Exception",
    "FileExistsError",
    "FileNotFoundError",
    "Hint",
    "IOError",
    "ImportError",
    "IndexError",
    "KeyError",
    "LookupError",
    "MemoryError",
    "NameError",
    "OSError",
    "OverflowError",
    "PermissionError",
    "RecursionError",
    "ReferenceError",
    "RetryDecision",
    "RuntimeError",
    "SyntaxError",
    "SystemError",
    "TimeoutError",
    "TypeError",
    "UnicodeError",
    "ValueError",
];

/// The Python package.
pub struct Python;

impl Language for Python {
    const DIR: &'static str = "python";

    fn files(view: &View) -> Vec<(String, String)> {
        let package = &view.package;
        vec![
            ("pyproject.toml".to_owned(), pyproject(view)),
            ("README.md".to_owned(), readme(view)),
            (format!("{package}/__init__.py"), module(view)),
            (format!("{package}/py.typed"), String::new()),
        ]
    }
}

/// The distribution name: the package name with `-` (`llm-kiwi-errors`).
fn distribution(view: &View) -> String {
    view.package.replace('_', "-")
}

fn pyproject(view: &View) -> String {
    // flit_core builds the wheel without writing into the package's folder.
    format!(
        "# {notice}\n\
         [build-system]\n\
         requires = [\"flit_core>=3.4,<4\"]\n\
         build-backend = \"flit_core.buildapi\"\n\
         \n\
         [project]\n\
         name = {name}\n\
         version = {version}\n\
         description = {description}\n\
         readme = \"README.md\"\n\
         requires-python = \">=3.9\"\n\
         dependencies = []\n\
         classifiers = [\"Typing :: Typed\"]\n\
         \n\
         [project.urls]\n\
         Documentation = {docs}\n\
         \n\
         [tool.flit.module]\n\
         name = {package}\n",
        notice = view.notice,
        name = literal(&distribution(view)),
        version = literal(&view.version),
        description = literal(&format!(
            "Typed errors and the retry decision of the {} API.",
            view.name
        )),
        docs = literal(&view.docs_url),
        package = literal(&view.package),
    )
}

fn readme(view: &View) -> String {
    format!(
        "<!-- {notice} -->\n\
         # {dist}\n\
         \n\
         Typed errors of the {name} API, generated from its error catalog: an exception class\n\
         per error status and per code, `from_response`, and the retry decision of the\n\
         kiwi-errors retry helper. Standard library only; Python 3.9 or later.\n\
         \n\
         ```python\n\
         import {package}\n\
         \n\
         error = {package}.from_response(response.status_code, response.headers, response.content)\n\
         decision = {package}.retry_decision(\n\
         \x20   response.status_code, response.headers, response.content, attempt=1, elapsed_s=0.0, now=time.time()\n\
         )\n\
         ```\n\
         \n\
         Reference: <{docs}>\n",
        notice = view.notice.replace("--", "- -"),
        dist = distribution(view),
        name = view.name,
        package = view.package,
        docs = view.docs_url,
    )
}

/// One runtime constant as a Python assignment with its docstring.
fn constant(out: &mut String, c: &Constant) {
    let value = match &c.value {
        Value::Int(n) => n.to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::Str(s) => literal(s),
        Value::Ints(ns) => format!(
            "({}{})",
            ns.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
            if ns.len() == 1 { "," } else { "" }
        ),
        Value::Pairs(pairs) => {
            let mut text = String::from("(\n");
            for (a, b) in pairs {
                let _ = writeln!(text, "    ({}, {}),", literal(a), literal(b));
            }
            text.push(')');
            text
        }
    };
    let annotation = match &c.value {
        Value::Int(_) => ": int",
        Value::Float(_) => ": float",
        Value::Str(_) => ": str",
        Value::Ints(_) => ": Tuple[int, ...]",
        Value::Pairs(_) => ": Tuple[Tuple[str, str], ...]",
    };
    let _ = writeln!(out, "{}{annotation} = {value}", c.name);
    let _ = writeln!(out, "{}", docstring(c.doc));
}

/// Text as a Python docstring literal: `"""text"""`, backslashes and quotes escaped.
fn docstring(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"\"\"{escaped}\"\"\"")
}

/// The module: the notice, a docstring, the core with the constants, then the catalog.
pub fn module(view: &View) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n", view.notice));
    let _ = writeln!(
        out,
        "\"\"\"Errors of the {} API, from its error catalog: an exception class per error\nstatus and per code, ``from_response``, and the retry decision of the Rust helper.\nReference: {}\n\"\"\"\n",
        view.name
            .replace('\\', "\\\\")
            .replace("\"\"\"", "\\\"\\\"\\\""),
        view.docs_url
    );
    let mut constants = String::new();
    for c in &view.constants {
        constant(&mut constants, c);
    }
    out.push_str(&CORE.replacen(CONSTANTS_MARK, &constants, 1));
    out.push_str(
        "\n\n# ------------------------------------------------------------- from the catalog\n",
    );
    out.push_str(&catalog_part(view));
    out
}

/// The classes of the module.
pub fn classes(view: &View) -> Classes {
    sdk::classes(view, "APIError", RESERVED)
}

/// The part of the module that depends on the catalog: the classes and the tables.
pub fn catalog_part(view: &View) -> String {
    let classes = classes(view);
    let mut out = String::new();
    for s in view.error_statuses() {
        let Some(class) = classes.of_status(s.code) else {
            continue;
        };
        let doc = format!("HTTP {} {}: {}", s.code, s.name, s.description);
        let _ = write!(
            out,
            "\n\nclass {class}(APIError):\n    {}\n\n    STATUS: ClassVar[Optional[int]] = {}\n",
            literal(&doc),
            s.code
        );
    }
    if let Some(class) = &classes.extra_server_error {
        let _ = write!(
            out,
            "\n\nclass {class}(APIError):\n    {}\n",
            literal("A 5xx status that the catalog does not list.")
        );
    }
    for (code, (class, parent)) in view.codes.iter().zip(&classes.codes) {
        let doc = format!(
            "`{}` (type `{}`, HTTP {}, retry {}): {} See {}",
            code.name, code.error_type, code.status, code.retry, code.description, code.doc_url
        );
        let _ = write!(
            out,
            "\n\nclass {class}({parent}):\n    {}\n\n    CODE: ClassVar[Optional[str]] = {}\n",
            literal(&doc),
            literal(&code.name)
        );
    }
    let _ = write!(
        out,
        "\n\n_SERVER_ERROR_CLASS: Type[APIError] = {}\n\n_STATUSES: Dict[int, _StatusInfo] = {{\n",
        classes.server_error()
    );
    for s in &view.statuses {
        let _ = writeln!(
            out,
            "    {0}: _StatusInfo({0}, {1}, {2}, {3}),",
            s.code,
            literal(&s.name),
            literal(s.retry.as_str()),
            classes.of_status(s.code).unwrap_or("None")
        );
    }
    out.push_str("}\n\n_STATUS_TYPES: Dict[int, str] = {\n");
    for (status, name) in &view.status_types {
        let _ = writeln!(out, "    {status}: {},", literal(name));
    }
    out.push_str("}\n\"\"\"The type of each status that has exactly one in the catalog.\"\"\"\n\n_CODES: Dict[str, _CodeInfo] = {\n");
    for (code, (class, _)) in view.codes.iter().zip(&classes.codes) {
        let remediation: Vec<String> = code.remediation.iter().map(|r| literal(r)).collect();
        let _ = writeln!(
            out,
            "    {}: _CodeInfo(\n        {},\n        {},\n        {},\n        {},\n        {},\n        {},\n        ({}{}),\n        {},\n        {},\n    ),",
            literal(&code.name),
            literal(&code.name),
            literal(&code.error_type),
            code.status,
            literal(code.retry.as_str()),
            code.param.as_deref().map_or("None".to_owned(), literal),
            literal(&code.message),
            remediation.join(", "),
            if remediation.len() == 1 { "," } else { "" },
            literal(&code.doc_url),
            class
        );
    }
    out.push_str("}\n\nSTATUS_CLASSES: Dict[int, Type[APIError]] = {\n");
    for (status, class) in &classes.statuses {
        let _ = writeln!(out, "    {status}: {class},");
    }
    out.push_str("}\n\"\"\"The class of each error status of the catalog.\"\"\"\n\nCODE_CLASSES: Dict[str, Type[APIError]] = {\n");
    for (code, (class, _)) in view.codes.iter().zip(&classes.codes) {
        let _ = writeln!(out, "    {}: {class},", literal(&code.name));
    }
    out.push_str("}\n\"\"\"The class of each error code of the catalog.\"\"\"\n");
    let _ = writeln!(
        out,
        "\n__all__ += [{}]",
        classes.names().map(literal).collect::<Vec<_>>().join(", ")
    );
    out
}
