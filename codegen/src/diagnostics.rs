//! Diagnostics: every problem found in a catalog, with `path:line:column` positions.

use std::fmt;

use crate::model::Pos;

/// One problem in a catalog, with optional notes pointing at related places.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong, in one line.
    pub message: String,
    /// Related places, e.g. the first definition of a duplicate.
    pub notes: Vec<(Pos, String)>,
}

/// Every problem found in one catalog file, sorted by position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics {
    /// The catalog path, as given by the caller (used as the prefix of each line).
    pub path: String,
    /// The problems, sorted by position.
    pub items: Vec<Diagnostic>,
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
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{}:{}: error: {}", self.path, d.pos, d.message)?;
            for (pos, note) in &d.notes {
                writeln!(f, "{}:{}: note: {}", self.path, pos, note)?;
            }
        }
        let n = self.items.len();
        write!(
            f,
            "{n} error{} in {}; nothing was written",
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

    pub(crate) fn error(&mut self, offset: usize, message: impl Into<String>) {
        let pos = self.pos(offset);
        self.error_at(pos, message);
    }

    pub(crate) fn error_at(&mut self, pos: Pos, message: impl Into<String>) {
        self.items.push(Diagnostic {
            pos,
            message: message.into(),
            notes: Vec::new(),
        });
    }

    pub(crate) fn error_with_note(
        &mut self,
        pos: Pos,
        message: impl Into<String>,
        note_pos: Pos,
        note: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            pos,
            message: message.into(),
            notes: vec![(note_pos, note.into())],
        });
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.items.is_empty()
    }

    pub(crate) fn finish(mut self, path: &str) -> Diagnostics {
        self.items
            .sort_by(|a, b| a.pos.cmp(&b.pos).then_with(|| a.message.cmp(&b.message)));
        self.items.dedup();
        Diagnostics {
            path: path.to_owned(),
            items: self.items,
        }
    }
}
