//! Class names for the Python and TypeScript modules: one per error status (named as
//! the big SDKs name them) and one per code, with no two alike.
//!
//! This is the one place the other-language emitters read the catalog model, so a
//! change of the model touches only this file.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;

use crate::model::{Catalog, RetryPolicy};

/// Names that must not be taken by a generated class: the module's own and the
/// built-in exception classes of Python and JavaScript.
const RESERVED: &[&str] = &[
    "APIError",
    "Error",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BufferError",
    "ConnectionError",
    "EOFError",
    "EnvironmentError",
    "EvalError",
    "FileExistsError",
    "FileNotFoundError",
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
    "RangeError",
    "RecursionError",
    "ReferenceError",
    "RuntimeError",
    "SyntaxError",
    "SystemError",
    "TimeoutError",
    "TypeError",
    "URIError",
    "UnicodeError",
    "ValueError",
    "AggregateError",
];

/// One error status, as the modules see it.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusClass {
    /// The HTTP status.
    pub status: u16,
    /// Its name in the catalog, e.g. `Rate Limited`.
    pub name: String,
    /// What it means.
    pub description: String,
    /// Its default retry policy (`never`/`backoff`).
    pub retry: &'static str,
    /// The class name, or `None` for a success status (no class).
    pub class: Option<String>,
}

/// One error code, as the modules see it.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeClass {
    /// The wire name.
    pub code: String,
    /// Its error type.
    pub error_type: String,
    /// Its HTTP status.
    pub status: u16,
    /// Its effective retry policy (`never`/`backoff`).
    pub retry: &'static str,
    /// What it means.
    pub description: String,
    /// The message template.
    pub message: String,
    /// The parameter it is about.
    pub param: Option<String>,
    /// What a client can do.
    pub remediation: Vec<String>,
    /// Its documentation URL.
    pub doc_url: String,
    /// Its example body, if the catalog has one.
    pub example: Option<String>,
    /// The class name.
    pub class: String,
    /// The class of its status (the parent class).
    pub parent: String,
}

/// Everything the modules need: statuses and codes with class names, and the class an
/// unlisted 5xx status falls back to (declared by the module when no status has it).
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    /// The statuses, in catalog order.
    pub statuses: Vec<StatusClass>,
    /// The codes, in catalog order.
    pub codes: Vec<CodeClass>,
    /// `InternalServerError`, or `None` when a catalog status already has that name.
    pub extra_server_error: Option<String>,
}

impl Classes {
    /// The class an unlisted 5xx status falls back to: the declared
    /// `InternalServerError`, else the class of status 500, else the base `APIError`.
    pub fn server_error_class(&self) -> String {
        self.extra_server_error
            .clone()
            .or_else(|| {
                self.statuses
                    .iter()
                    .find(|s| s.status == 500)
                    .and_then(|s| s.class.clone())
            })
            .unwrap_or_else(|| "APIError".to_owned())
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
    let base = if base.is_empty() {
        format!("Status{status}")
    } else {
        base
    };
    if base.ends_with("Error") {
        base
    } else {
        format!("{base}Error")
    }
}

/// Takes `wanted`, else `wanted` with `Code` before `Error`, else with a number.
fn unique(wanted: String, taken: &mut BTreeSet<String>) -> String {
    let stem = wanted.strip_suffix("Error").unwrap_or(&wanted).to_owned();
    let mut candidates = vec![wanted.clone(), format!("{stem}CodeError")];
    candidates.extend((2..).take(1000).map(|n| format!("{stem}Code{n}Error")));
    let name = candidates
        .into_iter()
        .find(|c| !taken.contains(c) && !RESERVED.contains(&c.as_str()))
        .unwrap_or(wanted);
    taken.insert(name.clone());
    name
}

fn retry_name(retry: RetryPolicy) -> &'static str {
    retry.as_str()
}

/// The class names of a catalog.
pub fn classes(catalog: &Catalog) -> Classes {
    let mut taken = BTreeSet::new();
    let statuses: Vec<StatusClass> = catalog
        .statuses
        .iter()
        .map(|s| StatusClass {
            status: s.code,
            name: s.name.clone(),
            description: s.description.clone(),
            retry: retry_name(s.retry),
            class: (!s.success).then(|| unique(status_class_name(s.code, &s.name), &mut taken)),
        })
        .collect();
    let extra_server_error = (!taken.contains("InternalServerError")).then(|| {
        taken.insert("InternalServerError".to_owned());
        "InternalServerError".to_owned()
    });
    let codes = catalog
        .codes
        .iter()
        .map(|c| {
            let status = catalog.status_of(c).code;
            let pascal = c.name.to_upper_camel_case();
            let wanted = if pascal.ends_with("Error") {
                pascal
            } else {
                format!("{pascal}Error")
            };
            let parent = statuses
                .iter()
                .find(|s| s.status == status)
                .and_then(|s| s.class.clone())
                .unwrap_or_else(|| "APIError".to_owned());
            CodeClass {
                code: c.name.clone(),
                error_type: catalog.type_of(c).name.clone(),
                status,
                retry: retry_name(c.retry),
                description: c.description.clone(),
                message: c.message.clone(),
                param: c.param.clone(),
                remediation: c.remediation.clone(),
                doc_url: c.doc_url.clone(),
                example: c.example.clone(),
                class: unique(wanted, &mut taken),
                parent,
            }
        })
        .collect();
    Classes {
        statuses,
        codes,
        extra_server_error,
    }
}

/// A string as a JSON string literal, which is also a valid Python and TypeScript literal.
pub fn literal(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}
