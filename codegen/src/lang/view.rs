//! The language-neutral view of a catalog: what every other-language package is made
//! from, with every reference resolved and nothing named the way one language names
//! things. Each language's folder turns it into files in its own conventions.

use crate::model::{Catalog, RetryPolicy};

use super::constants::{self, Constant};

/// A catalog as the other languages see it.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The notice that opens each generated file (without comment syntax).
    pub notice: String,
    /// The API's name, e.g. `llm.kiwi`.
    pub name: String,
    /// The URL of the published error reference.
    pub docs_url: String,
    /// The catalog's version: the version of every package.
    pub version: String,
    /// The package name, snake_case (`llm_kiwi_errors`); each language spells it its own
    /// way.
    pub package: String,
    /// The Go module path, when the catalog sets one (`go_module` in `[catalog]`).
    pub go_module: Option<String>,
    /// The HTTP statuses, in catalog order.
    pub statuses: Vec<StatusView>,
    /// The error codes, in catalog order.
    pub codes: Vec<CodeView>,
    /// The type of each status that has exactly one type in the catalog: the type an
    /// error of that status gets when its body names none.
    pub status_types: Vec<(u16, String)>,
    /// Each error type with the numeric status the catalog gives it, in catalog order:
    /// the status of an error read from a stream, when its code is unknown (the retry
    /// specification, section 14.2).
    pub types: Vec<(String, u16)>,
    /// How the catalog's API sends errors in a stream (its `[stream]` table), if it says.
    pub stream: Option<StreamView>,
    /// The runtime's constants, rendered into each language's core.
    pub constants: Vec<Constant>,
}

/// The catalog's `[stream]` table (the retry specification, section 14).
#[derive(Clone, Debug, PartialEq)]
pub struct StreamView {
    /// The event name errors are sent as (`message`: an event without an `event:` line).
    pub event: String,
    /// The data of an error event: `envelope`, `named` or `flat`.
    pub shape: &'static str,
    /// The data of the event that ends a complete stream (`[DONE]`), if that is how.
    pub end_data: Option<String>,
    /// The name of the event that ends a complete stream, if that is how.
    pub end_event: Option<String>,
    /// The codes that may arrive mid-stream, in catalog order.
    pub codes: Vec<String>,
}

/// One HTTP status.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusView {
    /// The numeric status.
    pub code: u16,
    /// Its name in the catalog.
    pub name: String,
    /// What it means.
    pub description: String,
    /// True for a success status (no error class).
    pub success: bool,
    /// Its default retry policy.
    pub retry: RetryPolicy,
}

/// One error code.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeView {
    /// The wire name.
    pub name: String,
    /// Its error type's wire name.
    pub error_type: String,
    /// Its HTTP status.
    pub status: u16,
    /// Its effective retry policy.
    pub retry: RetryPolicy,
    /// What it means.
    pub description: String,
    /// The message template.
    pub message: String,
    /// The request parameter it is about, if any.
    pub param: Option<String>,
    /// What a client can do, in order.
    pub remediation: Vec<String>,
    /// Its documentation URL.
    pub doc_url: String,
    /// True when the code is retired (still parsed, no longer emitted).
    pub retired: bool,
}

impl View {
    /// The view of a checked catalog.
    pub fn of(catalog: &Catalog) -> View {
        let statuses = catalog
            .statuses
            .iter()
            .map(|s| StatusView {
                code: s.code,
                name: s.name.clone(),
                description: s.description.clone(),
                success: s.success,
                retry: s.retry,
            })
            .collect();
        let codes = catalog
            .codes
            .iter()
            .map(|c| CodeView {
                name: c.name.clone(),
                error_type: catalog.type_of(c).name.clone(),
                status: catalog.status_of(c).code,
                retry: c.retry,
                description: c.description.clone(),
                message: c.message.clone(),
                param: c.param.clone(),
                remediation: c.remediation.clone(),
                doc_url: c.doc_url.clone(),
                retired: c.is_retired(),
            })
            .collect();
        let mut status_types = Vec::new();
        for status in &catalog.statuses {
            let mut of_status = catalog
                .types
                .iter()
                .filter(|t| catalog.status(t.status).code == status.code);
            if let (Some(only), None) = (of_status.next(), of_status.next()) {
                status_types.push((status.code, only.name.clone()));
            }
        }
        let types = catalog
            .types
            .iter()
            .map(|t| (t.name.clone(), catalog.status(t.status).code))
            .collect();
        let stream = catalog.stream.as_ref().map(|s| {
            use crate::model::{StreamEnd, StreamShape};
            let (end_data, end_event) = match &s.end {
                Some(StreamEnd::Data(d)) => (Some(d.clone()), None),
                Some(StreamEnd::Event(e)) => (None, Some(e.clone())),
                None => (None, None),
            };
            StreamView {
                event: s.event.clone(),
                shape: match s.shape {
                    StreamShape::Envelope => "envelope",
                    StreamShape::Named => "named",
                    StreamShape::Flat => "flat",
                },
                end_data,
                end_event,
                codes: s
                    .codes
                    .iter()
                    .map(|&id| catalog.code(id).name.clone())
                    .collect(),
            }
        });
        View {
            notice: crate::emit::notice::text(catalog),
            name: catalog.meta.name.clone(),
            docs_url: catalog.meta.docs_url.clone(),
            version: catalog.meta.version.to_string(),
            package: catalog.meta.package.clone(),
            go_module: catalog.meta.go_module.clone(),
            statuses,
            codes,
            status_types,
            types,
            stream,
            constants: constants::all(),
        }
    }

    /// The error statuses (those that are not success statuses), in catalog order.
    pub fn error_statuses(&self) -> impl Iterator<Item = &StatusView> {
        self.statuses.iter().filter(|s| !s.success)
    }
}
