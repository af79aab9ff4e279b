//! Message templates: the subset of Rust's `format!` syntax that the runtime renders.
//!
//! The runtime crate builds each message with `format!(message, arg = arg, …)`, so a
//! template must be a format string that `format!` accepts with exactly the code's
//! named arguments. The grammar is:
//!
//! ```text
//! template    = { text | "{{" | "}}" | placeholder } ;
//! placeholder = "{" name "}" ;
//! name        = snake_case ;            (* [a-z][a-z0-9]*(_[a-z0-9]+)* *)
//! text        = any character except "{" and "}" ;
//! ```
//!
//! `{{` and `}}` are a literal `{` and `}`. Everything else is an error: a lone `}`
//! (`a } b`), a `{` that is never closed, and any placeholder that is not a plain
//! snake_case name: `{}` and `{0}` (positional), `{x:?}` (format spec), `{ x }`, `{X}`.

use std::borrow::Cow;
use std::fmt;

use crate::ident::is_snake_case;

/// Why a message template could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{` with no matching `}`.
    Unclosed,
    /// A `}` that closes nothing (write `}}` for a literal brace).
    Unopened,
    /// A placeholder that is not a snake_case name, e.g. `{model:?}`, `{0}` or `{}`.
    BadPlaceholder(String),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Unclosed => {
                f.write_str("`{` is never closed (write `{{` for a literal brace)")
            }
            TemplateError::Unopened => {
                f.write_str("unmatched `}` (write `}}` for a literal brace)")
            }
            TemplateError::BadPlaceholder(p) => {
                write!(f, "placeholder `{{{p}}}` is not a snake_case argument name")
            }
        }
    }
}

impl std::error::Error for TemplateError {}

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text (braces already unescaped).
    Text(Cow<'a, str>),
    /// A `{name}` placeholder.
    Arg(&'a str),
}

/// Splits a template into literal text and placeholders, per the grammar above.
pub fn pieces(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        text.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            text.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            text.push('}');
            rest = after;
        } else if tail.starts_with('}') {
            return Err(TemplateError::Unopened);
        } else {
            // `tail` starts with a single `{`: a placeholder up to the next `}`. A `{`
            // before that `}` means this one is never closed.
            let inner = &tail[1..];
            let end = inner.find(['{', '}']).ok_or(TemplateError::Unclosed)?;
            if inner[end..].starts_with('{') {
                return Err(TemplateError::Unclosed);
            }
            let name = &inner[..end];
            if !is_snake_case(name) {
                return Err(TemplateError::BadPlaceholder(name.to_owned()));
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text).into()));
            }
            out.push(Piece::Arg(name));
            rest = &inner[end + 1..];
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Piece::Text(text.into()));
    }
    Ok(out)
}

/// The distinct placeholder names of a template, in order of first use.
pub fn placeholders(template: &str) -> Result<Vec<String>, TemplateError> {
    let mut names: Vec<String> = Vec::new();
    for piece in pieces(template)? {
        if let Piece::Arg(name) = piece {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(p: &str) -> Result<Vec<String>, TemplateError> {
        Err(TemplateError::BadPlaceholder(p.into()))
    }

    #[test]
    fn finds_placeholders_once_each_in_order() {
        assert_eq!(placeholders("{b} {a} {b}").unwrap(), ["b", "a"]);
    }

    #[test]
    fn a_template_without_braces_is_one_piece_of_text() {
        assert_eq!(
            pieces("Slow down").unwrap(),
            [Piece::Text("Slow down".into())]
        );
        assert_eq!(pieces("").unwrap(), []);
    }

    #[test]
    fn doubled_braces_are_literal() {
        assert_eq!(placeholders("{{not}} {x}").unwrap(), ["x"]);
        assert_eq!(
            pieces("{{x}} = {x}").unwrap(),
            [Piece::Text("{x} = ".into()), Piece::Arg("x")]
        );
        assert_eq!(pieces("}}{{").unwrap(), [Piece::Text("}{".into())]);
    }

    #[test]
    fn a_placeholder_inside_doubled_braces_is_still_a_placeholder() {
        assert_eq!(
            pieces("{{{x}}}").unwrap(),
            [
                Piece::Text("{".into()),
                Piece::Arg("x"),
                Piece::Text("}".into())
            ]
        );
    }

    #[test]
    fn keywords_are_valid_placeholder_names() {
        assert_eq!(
            placeholders("Bad {type} in {match}").unwrap(),
            ["type", "match"]
        );
    }

    #[test]
    fn a_lone_closing_brace_is_an_error() {
        assert_eq!(placeholders("a } b"), Err(TemplateError::Unopened));
        assert_eq!(placeholders("{x}}"), Err(TemplateError::Unopened));
    }

    #[test]
    fn an_unclosed_brace_is_an_error() {
        assert_eq!(placeholders("a {b"), Err(TemplateError::Unclosed));
        assert_eq!(placeholders("{"), Err(TemplateError::Unclosed));
        assert_eq!(placeholders("{a {b}"), Err(TemplateError::Unclosed));
    }

    #[test]
    fn positional_placeholders_are_errors() {
        assert_eq!(placeholders("{}"), bad(""));
        assert_eq!(placeholders("{0}"), bad("0"));
    }

    #[test]
    fn format_specs_and_non_snake_case_names_are_errors() {
        assert_eq!(placeholders("{m:?}"), bad("m:?"));
        assert_eq!(placeholders("{m:>8}"), bad("m:>8"));
        assert_eq!(placeholders("{ m }"), bad(" m "));
        assert_eq!(placeholders("{Model}"), bad("Model"));
        assert_eq!(placeholders("{a__b}"), bad("a__b"));
        assert_eq!(placeholders("{r#type}"), bad("r#type"));
    }

    #[test]
    fn errors_explain_the_literal_brace_escape() {
        assert!(TemplateError::Unclosed.to_string().contains("`{{`"));
        assert!(TemplateError::Unopened.to_string().contains("`}}`"));
        assert_eq!(
            TemplateError::BadPlaceholder("0".into()).to_string(),
            "placeholder `{0}` is not a snake_case argument name"
        );
    }
}
