//! Python: the package `generated/python/`, installable with `pip install`: a module
//! of the standard library only (Python ≥ 3.9, `mypy --strict` clean) with an exception
//! class per error status and per code, `from_response` and the retry decision of the
//! Rust helper, and errors in streams (`from_stream_event`, `stream_retry_decision`,
//! `error_event`). The hand-written core is `core.py`; the runtime's constants are
//! rendered into it at its `# @runtime-constants` line; the catalog's classes and tables
//! (the type of each status, the status of each type, the `[stream]` table) follow it. The package's tests are in `tests/` beside this file.

use std::fmt::Write as _;

use super::Language;
use super::constants::{Constant, Value};
use super::sdk::{self, Classes, literal, quoted};
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
    "StreamEvent",
    "StreamFormat",
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
         name = {package}\n\
         \n\
         [tool.ruff]\n\
         target-version = \"py39\"\n",
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
         error = {package}.from_response(\n\
         \x20   response.status_code,\n\
         \x20   response.headers,\n\
         \x20   response.content,\n\
         )\n\
         decision = {package}.retry_decision(\n\
         \x20   response.status_code,\n\
         \x20   response.headers,\n\
         \x20   response.content,\n\
         \x20   attempt=1,\n\
         \x20   elapsed_s=0.0,\n\
         \x20   now=time.time(),\n\
         )\n\
         ```\n\
         \n\
         ## Streams\n\
         \n\
         A streamed answer (Server-Sent Events after a `200`) reports an error as an event.\n\
         `from_stream_event(name, data)` classifies one event — its name (`message` without\n\
         an `event:` line) and its data lines joined with `\\n` — as `kind` `\"end\"`,\n\
         `\"content\"` or `\"error\"`, with `error` the exception a response would give\n\
         (`status` the catalog's for its code or type, `http_status` `None`). It recognises\n\
         the envelope, `{{\"type\": \"error\", ...}}` and `response.failed` events whatever\n\
         the catalog says.\n\
         {format}\n\
         `stream_retry_decision(error, delivered, headers, ...)` decides as `retry_decision`\n\
         does, with the headers of the stream's response, and gives up with `\"Partial\"`\n\
         once content was delivered. A server writes an error with `error_event(err)` and\n\
         the end with `end_event()`.\n\
         \n\
         ```python\n\
         delivered = False\n\
         for name, data in events:  # from any SSE reader\n\
         \x20   event = {package}.from_stream_event(name, data)\n\
         \x20   if event.kind == \"end\":\n\
         \x20       break\n\
         \x20   if event.error is not None:\n\
         \x20       decision = {package}.stream_retry_decision(\n\
         \x20           event.error, delivered, response.headers, attempt, elapsed_s, time.time()\n\
         \x20       )\n\
         \x20       if not decision.retry:\n\
         \x20           raise event.error  # \"Partial\" once content was delivered\n\
         \x20       time.sleep(decision.delay_ms / 1000)\n\
         \x20       break  # and send the request again\n\
         \x20   delivered = True\n\
         \x20   handle(data)\n\
         ```\n\
         \n\
         Reference: <{docs}>\n",
        notice = view.notice.replace("--", "- -"),
        dist = distribution(view),
        name = view.name,
        package = view.package,
        docs = view.docs_url,
        format = stream_sentence(view),
    )
}

/// What the README says of the catalog's stream format.
fn stream_sentence(view: &View) -> String {
    let Some(stream) = &view.stream else {
        return "The catalog declares no stream format: no event ends a stream, and\n\
                `error_event` writes the envelope as the data of an event without a name."
            .to_owned();
    };
    let event = if stream.event == "message" {
        "events without a name".to_owned()
    } else {
        format!("events named {}", code_span(&stream.event))
    };
    let shape = match stream.shape {
        "named" => "`{\"type\": \"error\", \"error\": {...}}`",
        "flat" => "`{\"type\": \"error\", \"code\", \"message\", \"param\"}`",
        _ => "the envelope `{\"error\": {...}}`",
    };
    let end = match (&stream.end_data, &stream.end_event) {
        (Some(data), _) => format!("an event whose data is {}", code_span(data)),
        (None, Some(name)) => format!("an event named {}", code_span(name)),
        (None, None) => "the end of the body".to_owned(),
    };
    format!(
        "The {} API sends errors as {event} whose data is {shape},\n\
         and ends a complete stream with {end} (`STREAM_FORMAT`).",
        view.name
    )
}

/// Text as a Markdown code span: between runs of backticks longer than any inside it,
/// padded with a space when it starts or ends with a backtick; line breaks as spaces.
fn code_span(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// One runtime constant as a Python assignment with its docstring.
fn constant(out: &mut String, c: &Constant) {
    let value = match &c.value {
        Value::Int(n) => n.to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::Str(s) => quoted(s),
        Value::Ints(ns) => format!(
            "({}{})",
            ns.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
            if ns.len() == 1 { "," } else { "" }
        ),
        Value::Pairs(pairs) => {
            let mut text = String::from("(\n");
            for (a, b) in pairs {
                let items = [quoted(a), quoted(b)];
                let _ = writeln!(text, "{},", bracketed(4, "", "(", &items, ")", ","));
            }
            text.push(')');
            text
        }
    };
    let annotation = match &c.value {
        Value::Int(_) => ": int",
        Value::Float(_) => ": float",
        Value::Str(_) => ": str",
        Value::Ints(_) => ": tuple[int, ...]",
        Value::Pairs(_) => ": tuple[tuple[str, str], ...]",
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
            "\n\n{}\n    {}\n\n    STATUS: ClassVar[int | None] = {}\n",
            class_line(class, "APIError"),
            doc_str(&doc),
            s.code
        );
    }
    if let Some(class) = &classes.extra_server_error {
        let _ = write!(
            out,
            "\n\n{}\n    {}\n",
            class_line(class, "APIError"),
            quoted("A 5xx status that the catalog does not list.")
        );
    }
    for (code, (class, parent)) in view.codes.iter().zip(&classes.codes) {
        let doc = format!(
            "`{}` (type `{}`, HTTP {}, retry {}): {} See {}",
            code.name, code.error_type, code.status, code.retry, code.description, code.doc_url
        );
        let _ = write!(
            out,
            "\n\n{}\n    {}\n\n{}\n",
            class_line(class, parent),
            doc_str(&doc),
            assignment(4, "CODE: ClassVar[str | None]", &quoted(&code.name))
        );
    }
    let _ = write!(
        out,
        "\n\n_SERVER_ERROR_CLASS: type[APIError] = {}\n\n_STATUSES: dict[int, _StatusInfo] = {{\n",
        classes.server_error()
    );
    for s in &view.statuses {
        let args = [
            s.code.to_string(),
            quoted(&s.name),
            quoted(s.retry.as_str()),
            classes.of_status(s.code).unwrap_or("None").to_owned(),
        ];
        let lead = format!("{}: _StatusInfo", s.code);
        let _ = writeln!(out, "{},", bracketed(4, &lead, "(", &args, ")", ","));
    }
    out.push_str("}\n\n_STATUS_TYPES: dict[int, str] = {\n");
    for (status, name) in &view.status_types {
        let _ = writeln!(out, "    {status}: {},", quoted(name));
    }
    out.push_str("}\n\"\"\"The type of each status that has exactly one in the catalog.\"\"\"\n\n_TYPE_STATUSES: dict[str, int] = {\n");
    for (name, status) in &view.types {
        let _ = writeln!(out, "    {}: {status},", quoted(name));
    }
    out.push_str("}\n\"\"\"The status of each error type of the catalog.\"\"\"\n\n");
    out.push_str(&stream_format(view));
    out.push_str("\n_CODES: dict[str, _CodeInfo] = {\n");
    for (code, (class, _)) in view.codes.iter().zip(&classes.codes) {
        let remediation: Vec<String> = code.remediation.iter().map(|r| quoted(r)).collect();
        let _ = writeln!(
            out,
            "    {}: _CodeInfo(\n        {},\n        {},\n        {},\n        {},\n        {},\n        {},\n        {},\n        {},\n        {},\n    ),",
            quoted(&code.name),
            quoted(&code.name),
            quoted(&code.error_type),
            code.status,
            quoted(code.retry.as_str()),
            code.param.as_deref().map_or("None".to_owned(), quoted),
            quoted(&code.message),
            bracketed(8, "", "(", &remediation, ")", ",").trim_start(),
            quoted(&code.doc_url),
            class
        );
    }
    out.push_str("}\n\nSTATUS_CLASSES: dict[int, type[APIError]] = {\n");
    for (status, class) in &classes.statuses {
        let _ = writeln!(out, "    {status}: {class},");
    }
    out.push_str("}\n\"\"\"The class of each error status of the catalog.\"\"\"\n\nCODE_CLASSES: dict[str, type[APIError]] = {\n");
    for (code, (class, _)) in view.codes.iter().zip(&classes.codes) {
        let _ = writeln!(out, "    {}: {class},", quoted(&code.name));
    }
    out.push_str("}\n\"\"\"The class of each error code of the catalog.\"\"\"\n");
    let mut names: Vec<&str> = classes.names().collect();
    names.sort_unstable();
    let names: Vec<String> = names.into_iter().map(quoted).collect();
    let _ = writeln!(
        out,
        "\n{}",
        bracketed(0, "__all__ += ", "[", &names, "]", "")
    );
    out
}

/// `STREAM_FORMAT`: the catalog's `[stream]` table as a `StreamFormat`, or `None`, as
/// `ruff format` writes it (the call one argument a line: its trailing comma keeps it so).
fn stream_format(view: &View) -> String {
    let mut out = String::from("STREAM_FORMAT: StreamFormat | None = ");
    match &view.stream {
        None => out.push_str("None\n"),
        Some(stream) => {
            let optional = |s: &Option<String>| s.as_deref().map_or("None".to_owned(), quoted);
            let codes = codes_argument(&stream.codes);
            let _ = write!(
                out,
                "StreamFormat(\n    event={},\n    shape={},\n    end_data={},\n    end_event={},\n{codes},\n)\n",
                quoted(&stream.event),
                quoted(stream.shape),
                optional(&stream.end_data),
                optional(&stream.end_event),
            );
        }
    }
    out.push_str(
        "\"\"\"How the catalog's API sends errors in a stream and ends a complete one (its\n\
         ``[stream]`` table); ``None`` when the catalog does not say: no event ends a stream,\n\
         and :func:`error_event` writes the envelope as the data of an event without a name.\"\"\"\n",
    );
    out
}

/// The argument `codes=(…)` of `STREAM_FORMAT` at 4 spaces, as `ruff format` writes it
/// (without the comma that ends the argument).
fn codes_argument(codes: &[String]) -> String {
    let codes: Vec<String> = codes.iter().map(|c| quoted(c)).collect();
    match codes.as_slice() {
        // A tuple of one keeps its comma, which is not a magic one.
        [one] if format!("    codes=({one},),").chars().count() <= 88 => {
            format!("    codes=({one},)")
        }
        [one] => format!("    codes=(\n        {one},\n    )"),
        _ => bracketed(4, "codes=", "(", &codes, ")", ","),
    }
}

/// A call's arguments, a tuple or a list as `ruff format` writes it at `indent` spaces
/// (the line's `lead`, then the items between `open` and `close`, then `tail`): on one
/// line when that fits in 88 columns, else one item a line with a trailing comma. A
/// tuple of one item keeps its comma.
fn bracketed(
    indent: usize,
    lead: &str,
    open: &str,
    items: &[String],
    close: &str,
    tail: &str,
) -> String {
    let pad = " ".repeat(indent);
    let lone_comma = if open == "(" && lead.is_empty() && items.len() == 1 {
        ","
    } else {
        ""
    };
    let inline = format!("{pad}{lead}{open}{}{lone_comma}{close}", items.join(", "));
    if items.is_empty() || inline.chars().count() + tail.chars().count() <= 88 {
        return inline;
    }
    let mut text = format!("{pad}{lead}{open}\n");
    // A call's arguments go on one line of their own when they fit there; a tuple's or
    // a list's items always go one a line.
    let hugged = format!("{pad}    {}", items.join(", "));
    if !lead.is_empty()
        && lead.ends_with(|c: char| c.is_alphanumeric() || c == '_')
        && open == "("
        && hugged.chars().count() <= 88
    {
        text.push_str(&format!("{hugged}\n{pad}{close}"));
        return text;
    }
    for item in items {
        let _ = writeln!(text, "{pad}    {item},");
    }
    text.push_str(&format!("{pad}{close}"));
    text
}

/// `class NAME(BASE):` as `ruff format` writes it: the base on a line of its own when
/// the line would pass 88 columns.
fn class_line(class: &str, base: &str) -> String {
    let line = format!("class {class}({base}):");
    if line.chars().count() <= 88 {
        line
    } else {
        format!("class {class}(\n    {base}\n):")
    }
}

/// `target = value` at `indent` spaces as `ruff format` writes it: the value in
/// parentheses on a line of its own when the line would pass 88 columns.
fn assignment(indent: usize, target: &str, value: &str) -> String {
    let pad = " ".repeat(indent);
    let line = format!("{pad}{target} = {value}");
    if line.chars().count() <= 88 {
        line
    } else {
        format!("{pad}{target} = (\n{pad}    {value}\n{pad})")
    }
}

/// A class's docstring: [`quoted`] of the text without the white space at its ends,
/// which `ruff format` strips from a docstring (escaped control characters stay: they
/// are not white space in the source).
fn doc_str(text: &str) -> String {
    let blank = |c: char| c.is_whitespace() && !c.is_control();
    quoted(text.trim_matches(blank))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docstrings_lose_the_white_space_ruff_format_strips() {
        assert_eq!(doc_str("text \u{a0} "), "\"text\"");
        assert_eq!(doc_str("text\n"), "\"text\\n\"");
    }

    #[test]
    fn code_spans_outgrow_the_backticks_inside() {
        assert_eq!(code_span("[DONE]"), "`[DONE]`");
        assert_eq!(code_span("err`or <x>"), "``err`or <x>``");
        assert_eq!(code_span("[DONE] ``` <end>"), "````[DONE] ``` <end>````");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn stream_codes_are_a_tuple_even_of_one() {
        let codes = |names: &[&str]| {
            codes_argument(&names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(codes(&[]), "    codes=()");
        assert_eq!(codes(&["a"]), "    codes=(\"a\",)");
        assert_eq!(codes(&["a", "b"]), "    codes=(\"a\", \"b\")");
        let long = "x".repeat(80);
        assert_eq!(
            codes(&[&long]),
            format!("    codes=(\n        \"{long}\",\n    )")
        );
    }

    #[test]
    fn long_lines_break_as_ruff_format_breaks_them() {
        let long = "X".repeat(80);
        assert_eq!(class_line("A", "B"), "class A(B):");
        assert_eq!(class_line("A", &long), format!("class A(\n    {long}\n):"));
        assert_eq!(assignment(4, "CODE: str", "\"a\""), "    CODE: str = \"a\"");
        assert_eq!(
            assignment(4, "CODE: str", &long),
            format!("    CODE: str = (\n        {long}\n    )")
        );
    }
}
