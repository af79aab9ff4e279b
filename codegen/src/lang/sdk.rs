//! Class names as the big SDKs (OpenAI's, Anthropic's) name error classes, for the
//! languages that have error classes (Python, TypeScript; Go names its error types so):
//! one per error status, named after the status, and one per code, none alike and none
//! a built-in's.

use std::collections::HashSet;

use heck::ToUpperCamelCase;

use super::view::View;

/// The names of a view's classes: a base class, one per error status, the fallback for
/// an unlisted 5xx status, one per code (each under its status's class).
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    /// The base class, e.g. `APIError`.
    pub base: String,
    /// `(status, class)` for every error status, in catalog order.
    pub statuses: Vec<(u16, String)>,
    /// `InternalServerError` when no status class has that name (the class of an
    /// unlisted 5xx status), else `None`.
    pub extra_server_error: Option<String>,
    /// `(class, parent class)` for every code, in catalog order.
    pub codes: Vec<(String, String)>,
}

impl Classes {
    /// The class of a status, if it is an error status of the catalog.
    pub fn of_status(&self, status: u16) -> Option<&str> {
        self.statuses
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, c)| c.as_str())
    }

    /// The class an unlisted 5xx status falls back to: the declared
    /// `InternalServerError`, else the class of status 500, else the base class.
    pub fn server_error(&self) -> &str {
        self.extra_server_error
            .as_deref()
            .or_else(|| self.of_status(500))
            .unwrap_or(&self.base)
    }

    /// Every class name but the base, in declaration order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.statuses
            .iter()
            .map(|(_, c)| c.as_str())
            .chain(self.extra_server_error.as_deref())
            .chain(self.codes.iter().map(|(c, _)| c.as_str()))
    }
}

/// The conventional SDK name of a status class, else the status name in PascalCase.
fn status_class_name(status: u16, name: &str) -> String {
    let conventional = match status {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        500 => "InternalServerError",
        503 => "ServiceUnavailableError",
        _ => "",
    };
    if !conventional.is_empty() {
        return conventional.to_owned();
    }
    let base = name.to_upper_camel_case();
    let base = if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Status{status}{base}")
    } else {
        base
    };
    if base.ends_with("Error") {
        base
    } else {
        format!("{base}Error")
    }
}

/// Takes `wanted`, else `wanted` with `Code` before `Error`, else with a number: the
/// first that is neither taken nor reserved. Candidates are made one at a time, so a
/// name costs one or two lookups however many classes there are.
fn unique(wanted: String, taken: &mut HashSet<String>, reserved: &[&str]) -> String {
    let free = |c: &str, taken: &HashSet<String>| !taken.contains(c) && !reserved.contains(&c);
    let stem = wanted.strip_suffix("Error").unwrap_or(&wanted).to_owned();
    let name = std::iter::once(wanted.clone())
        .chain(std::iter::once(format!("{stem}CodeError")))
        .chain((2u64..).map(|n| format!("{stem}Code{n}Error")))
        .find(|c| free(c, taken))
        .unwrap_or(wanted);
    taken.insert(name.clone());
    name
}

/// The classes of a view, none named like `reserved` (the language's built-ins) or the
/// base class.
pub fn classes(view: &View, base: &str, reserved: &[&str]) -> Classes {
    let mut taken: HashSet<String> = HashSet::from([base.to_owned()]);
    let statuses: Vec<(u16, String)> = view
        .error_statuses()
        .map(|s| {
            let name = unique(status_class_name(s.code, &s.name), &mut taken, reserved);
            (s.code, name)
        })
        .collect();
    let extra_server_error = (!taken.contains("InternalServerError")
        && !reserved.contains(&"InternalServerError"))
    .then(|| {
        taken.insert("InternalServerError".to_owned());
        "InternalServerError".to_owned()
    });
    let codes = view
        .codes
        .iter()
        .map(|c| {
            let pascal = c.name.to_upper_camel_case();
            let wanted = if pascal.ends_with("Error") {
                pascal
            } else {
                format!("{pascal}Error")
            };
            let parent = statuses
                .iter()
                .find(|(s, _)| *s == c.status)
                .map_or_else(|| base.to_owned(), |(_, class)| class.clone());
            (unique(wanted, &mut taken, reserved), parent)
        })
        .collect();
    Classes {
        base: base.to_owned(),
        statuses,
        extra_server_error,
        codes,
    }
}

/// A string as a JSON string literal: also a valid Python, JavaScript and Go literal.
pub fn literal(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Text as a string literal in the quotes `ruff format` and prettier both pick: double
/// quotes, unless the text holds more double quotes than single ones (Python and
/// JavaScript escape alike for the characters [`literal`] escapes).
pub fn quoted(s: &str) -> String {
    let json = literal(s);
    if s.matches('"').count() <= s.matches('\'').count() {
        return json;
    }
    let inner = &json[1..json.len() - 1];
    let mut out = String::from("'");
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
