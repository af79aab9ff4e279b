//! Message templates: `{arg}` placeholders, `{{` and `}}` for literal braces.

use std::fmt;

/// Why a message template could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{` with no matching `}`.
    Unclosed,
    /// A `}` that closes nothing (write `}}` for a literal brace).
    Unopened,
    /// A placeholder that is not a snake_case name, e.g. `{model:?}` or `{}`.
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

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text (braces already unescaped).
    Text(std::borrow::Cow<'a, str>),
    /// A `{name}` placeholder.
    Arg(&'a str),
}

/// Splits a template into literal text and placeholders.
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
            let end = tail.find('}').ok_or(TemplateError::Unclosed)?;
            let name = &tail[1..end];
            if !crate::parse::is_snake_case(name) {
                return Err(TemplateError::BadPlaceholder(name.to_owned()));
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text).into()));
            }
            out.push(Piece::Arg(name));
            rest = &tail[end + 1..];
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

    #[test]
    fn finds_placeholders_once_each_in_order() {
        assert_eq!(placeholders("{b} {a} {b}").unwrap(), ["b", "a"]);
    }

    #[test]
    fn doubled_braces_are_literal() {
        assert_eq!(placeholders("{{not}} {x}").unwrap(), ["x"]);
        assert_eq!(
            pieces("{{x}} = {x}").unwrap(),
            [Piece::Text("{x} = ".into()), Piece::Arg("x")]
        );
    }

    #[test]
    fn reports_unbalanced_and_bad_placeholders() {
        assert_eq!(placeholders("a {b"), Err(TemplateError::Unclosed));
        assert_eq!(placeholders("a } b"), Err(TemplateError::Unopened));
        assert_eq!(
            placeholders("{}"),
            Err(TemplateError::BadPlaceholder(String::new()))
        );
        assert_eq!(
            placeholders("{m:?}"),
            Err(TemplateError::BadPlaceholder("m:?".into()))
        );
    }
}
