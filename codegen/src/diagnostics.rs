//! Diagnostics: every problem found in a catalog, with `path:line:column` positions, a
//! source excerpt and a caret under the span.
//!
//! Excerpts are rendered with [`annotate_snippets`], the renderer of rustc and cargo:
//! it gives catalog authors the layout they already read every day (gutter, carets,
//! labelled notes, `help:` lines), it renders plain text without a terminal, and it
//! brings in almost no dependencies (codespan-reporting and miette would also do, but
//! miette pulls a whole reporting framework and both look less like the compiler's
//! own messages). The first line of each diagnostic is written here, not by the
//! renderer, so that it stays `path:line:column: error: message` for editors and CI.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::model::Pos;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The catalog is rejected.
    Error,
}

impl Severity {
    /// The lowercase name, as printed after the position.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
        }
    }
}

/// A place related to a diagnostic, e.g. the first definition of a duplicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Where it starts.
    pub pos: Pos,
    /// Where it ends (exclusive).
    pub end: Pos,
    /// The byte range in the catalog source.
    pub span: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One problem in a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Where the problem starts.
    pub pos: Pos,
    /// Where it ends (exclusive; the same line as `pos`).
    pub end: Pos,
    /// The byte range in the catalog source.
    pub span: Range<usize>,
    /// What is wrong, in one line.
    pub message: String,
    /// Related places.
    pub notes: Vec<Note>,
    /// A replacement that would fix it, if one is known (e.g. the snake_case spelling
    /// of a name, or the closest known key).
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// Adds a suggested replacement.
    pub(crate) fn suggest(&mut self, replacement: impl Into<String>) -> &mut Self {
        self.suggestion = Some(replacement.into());
        self
    }

    /// Adds a related place; its position is computed when the sink finishes.
    pub(crate) fn note(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Self {
        self.notes.push(Note {
            pos: Pos::default(),
            end: Pos::default(),
            span,
            message: message.into(),
        });
        self
    }
}

/// Every problem found in one catalog file, sorted by position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics {
    /// The catalog path, as given by the caller (used as the prefix of each line).
    pub path: String,
    /// The problems, sorted by position.
    pub items: Vec<Diagnostic>,
    /// The catalog text the spans point into (invalid UTF-8 replaced by U+FFFD).
    source: String,
}

#[derive(Serialize)]
struct JsonPos {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    line: u32,
    column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end: JsonPos,
    severity: Severity,
    message: &'a str,
    notes: Vec<JsonNote<'a>>,
    suggestion: Option<&'a str>,
}

impl Diagnostics {
    /// The number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there is no problem.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// One JSON object per diagnostic, one per line (`path`, `line`, `column`, `end`,
    /// `severity`, `message`, `notes`, `suggestion`), for tools.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            let json = JsonDiagnostic {
                path: &self.path,
                line: d.pos.line,
                column: d.pos.column,
                end: JsonPos {
                    line: d.end.line,
                    column: d.end.column,
                },
                severity: d.severity,
                message: &d.message,
                notes: d
                    .notes
                    .iter()
                    .map(|n| JsonNote {
                        line: n.pos.line,
                        column: n.pos.column,
                        message: &n.message,
                    })
                    .collect(),
                suggestion: d.suggestion.as_deref(),
            };
            // Serializing plain strings and numbers cannot fail.
            if let Ok(line) = serde_json::to_string(&json) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }

    /// The source excerpt of one diagnostic, with carets under its span and its notes.
    fn excerpt(&self, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
        };
        let snippet = Snippet::source(self.source.as_str())
            .path(self.path.as_str())
            .fold(true)
            .annotation(AnnotationKind::Primary.span(d.span.clone()))
            .annotations(d.notes.iter().map(|n| {
                AnnotationKind::Context
                    .span(n.span.clone())
                    .label(&n.message)
            }));
        let mut group = Group::with_level(level).element(snippet);
        if let Some(s) = &d.suggestion {
            group = group.element(Level::HELP.message(format!("did you mean `{s}`?")));
        }
        Renderer::plain().render(&[group])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(
                f,
                "{}:{}: {}: {}",
                self.path,
                d.pos,
                d.severity.as_str(),
                d.message
            )?;
            writeln!(f, "{}", self.excerpt(d).trim_end())?;
            writeln!(f)?;
        }
        let n = self.items.len();
        write!(
            f,
            "{n} error{} in {}",
            if n == 1 { "" } else { "s" },
            self.path
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to `name` by edit distance, if any is close enough: the
/// "did you mean" of a diagnostic.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Collects diagnostics while a catalog is read, and turns byte offsets into positions.
pub(crate) struct Sink<'s> {
    source: &'s str,
    line_starts: Vec<usize>,
    items: Vec<Diagnostic>,
}

impl<'s> Sink<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Sink {
            source,
            line_starts,
            items: Vec::new(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = self
            .source
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// A span cut to its first line (a table's span covers all of it; the caret goes
    /// under its header) and to character boundaries.
    fn first_line(&self, span: Range<usize>) -> Range<usize> {
        let len = self.source.len();
        let mut start = span.start.min(len);
        while !self.source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, len);
        if let Some(nl) = self.source[start..end].find('\n') {
            end = start + nl;
        }
        while !self.source.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// Reports an error over `span` (byte offsets into the source).
    pub(crate) fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let span = self.first_line(span);
        self.items.push(Diagnostic {
            severity: Severity::Error,
            pos: Pos::default(),
            end: Pos::default(),
            span,
            message: message.into(),
            notes: Vec::new(),
            suggestion: None,
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.items.is_empty()
    }

    /// Sorts the problems by position and makes the final list.
    pub(crate) fn finish(mut self, path: &str) -> Diagnostics {
        let mut items = std::mem::take(&mut self.items);
        for d in &mut items {
            d.pos = self.pos(d.span.start);
            d.end = self.pos(d.span.end);
            for n in &mut d.notes {
                n.span = self.first_line(n.span.clone());
                n.pos = self.pos(n.span.start);
                n.end = self.pos(n.span.end);
            }
        }
        items.sort_by(|a, b| (a.pos, a.end, &a.message).cmp(&(b.pos, b.end, &b.message)));
        items.dedup();
        Diagnostics {
            path: path.to_owned(),
            items,
            source: self.source.to_owned(),
        }
    }
}
