//! `diff OLD NEW`: what changed between two versions of a catalog, rule by rule, and
//! whether clients break (in the manner of `buf breaking` and oasdiff).
//!
//! Every kind of change is a [`Rule`] of [`RULES`], with a stable id, a [`Level`] and a
//! one-line rationale. A change at level [`Level::Error`] breaks clients: it is allowed
//! only when the catalog version makes the bump that semver calls breaking (a major
//! bump, or a minor one while the major version is 0); without it, [`Report::failed`]
//! is true and the rule `VERSION_BUMP_MISSING` says which version is needed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write};

use serde::Serialize;

use crate::model::{Catalog, ErrorCode, RetryPolicy, RetrySource, Stream, StreamEnd};

/// How serious a change is for clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Breaks clients: needs a breaking version bump.
    Error,
    /// Does not break parsing, but changes what clients see or do.
    Warning,
    /// Compatible.
    Info,
}

impl Level {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// One kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The stable id, e.g. `CODE_DELETED`.
    pub id: &'static str,
    /// How serious the change is.
    pub level: Level,
    /// Why, in one line.
    pub rationale: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $level:ident, $rationale:literal;)*) => {
        $(
            #[doc = $rationale]
            pub const $name: Rule = Rule { id: $id, level: Level::$level, rationale: $rationale };
        )*
        /// Every rule, in the order of the documentation.
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

rules! {
    CODE_DELETED = "CODE_DELETED", Error, "A code was removed instead of retired: clients that match on it fall back to Unknown, and its doc URL disappears.";
    CODE_RENAMED = "CODE_RENAMED", Error, "A code was removed and one with the same type and message added: servers send the new name to clients that only know the old one.";
    CODE_UNRETIRED = "CODE_UNRETIRED", Error, "A retired code is emitted again: clients were told it is gone and may have removed their handling.";
    CODE_NAME_REUSED = "CODE_NAME_REUSED", Error, "A retired code's name now means something else: old clients would treat the new error as the old one.";
    CODE_TYPE_CHANGED = "CODE_TYPE_CHANGED", Error, "A code moved to another type (and maybe status): clients that branch on the type or status handle it differently.";
    CODE_RETRY_ENABLED = "CODE_RETRY_ENABLED", Error, "A code's effective retry policy changed from never to backoff: clients start retrying requests that used to fail at once.";
    CODE_RETRY_DISABLED = "CODE_RETRY_DISABLED", Error, "A code's effective retry policy changed from backoff to never: clients stop retrying errors that used to be transient.";
    CODE_ARG_ADDED = "CODE_ARG_ADDED", Error, "A message argument was added: the code's constructor takes one more parameter, so every caller breaks.";
    CODE_ARG_REMOVED = "CODE_ARG_REMOVED", Error, "A message argument was removed: the code's constructor takes one parameter less, so every caller breaks.";
    CODE_ARG_RENAMED = "CODE_ARG_RENAMED", Error, "A message argument was renamed: the constructor keeps its arity, but the parameter means something else.";
    TYPE_DELETED = "TYPE_DELETED", Error, "An error type was removed: clients that match on it fall back to Unknown.";
    TYPE_RENAMED = "TYPE_RENAMED", Error, "A type was removed and one with the same status and description added: servers send a name old clients do not know.";
    TYPE_STATUS_CHANGED = "TYPE_STATUS_CHANGED", Error, "A type's HTTP status changed: every code of the type is returned with another status.";
    STATUS_DELETED = "STATUS_DELETED", Error, "An HTTP status was removed from the table: its Rust variant and its retry default disappear.";
    STATUS_RENAMED = "STATUS_RENAMED", Error, "A status's name changed: its Rust variant is renamed.";
    STATUS_RETRY_CHANGED = "STATUS_RETRY_CHANGED", Error, "A status's default retry policy flipped: clients use it for every code they do not know.";
    HEADER_DELETED = "HEADER_DELETED", Error, "A documented response header was removed: clients that read it lose their hint.";
    HEADER_RENAMED = "HEADER_RENAMED", Error, "A header was removed and one with the same description added: clients read a header that is no longer sent.";
    ENVELOPE_FIELD_DELETED = "ENVELOPE_FIELD_DELETED", Error, "A documented member of the error object was removed: clients that read it find nothing.";
    ENVELOPE_FIELD_RENAMED = "ENVELOPE_FIELD_RENAMED", Error, "A member of the error object was removed and one with the same description added: clients read the old name.";
    STREAM_REMOVED = "STREAM_REMOVED", Error, "`[stream]` was removed: clients lose the end that tells a complete stream from a cut one, and the event and shape its errors arrive in.";
    STREAM_EVENT_CHANGED = "STREAM_EVENT_CHANGED", Error, "Errors in a stream arrive as another event: clients that listen for the old event name miss them.";
    STREAM_SHAPE_CHANGED = "STREAM_SHAPE_CHANGED", Error, "The data of an error event has another shape: clients that read the old shape miss the error or take it for content.";
    STREAM_END_CHANGED = "STREAM_END_CHANGED", Error, "A complete stream ends another way, or gains or loses its final event: clients take complete streams for cut ones, or cut ones for complete.";
    VERSION_DECREASED = "VERSION_DECREASED", Error, "The catalog version went down: versions must only grow.";
    VERSION_BUMP_MISSING = "VERSION_BUMP_MISSING", Error, "Breaking changes need a major version bump (a minor one while the major version is 0).";
    CODE_RETIRED = "CODE_RETIRED", Warning, "A code was retired: it still parses, but servers no longer send it and clients should move to its replacement.";
    CODE_MESSAGE_CHANGED = "CODE_MESSAGE_CHANGED", Warning, "A code's message template changed: clients or tests that match message text see different words.";
    CODE_PARAM_CHANGED = "CODE_PARAM_CHANGED", Warning, "The request parameter a code points at changed: clients that highlight the field point at another one.";
    CODE_DOC_URL_CHANGED = "CODE_DOC_URL_CHANGED", Warning, "A code's documentation URL changed: links in logs and old clients lead elsewhere.";
    CODE_REMEDIATION_REMOVED = "CODE_REMEDIATION_REMOVED", Warning, "A remediation step was removed: docs and clients that show it lose advice.";
    DOCS_URL_CHANGED = "DOCS_URL_CHANGED", Warning, "The reference page moved: every code's default doc URL changes with it.";
    CODE_ADDED = "CODE_ADDED", Info, "A code was added: old clients see it as Unknown, with its status's retry default.";
    CODE_DESCRIPTION_CHANGED = "CODE_DESCRIPTION_CHANGED", Info, "A code's description changed: documentation only.";
    CODE_REMEDIATION_ADDED = "CODE_REMEDIATION_ADDED", Info, "A remediation step was added: documentation only.";
    TYPE_ADDED = "TYPE_ADDED", Info, "An error type was added: old clients see it as Unknown.";
    STATUS_ADDED = "STATUS_ADDED", Info, "An HTTP status was added to the table.";
    HEADER_ADDED = "HEADER_ADDED", Info, "A response header was documented.";
    ENVELOPE_FIELD_ADDED = "ENVELOPE_FIELD_ADDED", Info, "A member of the error object was documented.";
    STREAM_ADDED = "STREAM_ADDED", Info, "`[stream]` was added: old clients read streams as before; new ones learn the event and shape of its errors and its end.";
    STREAM_CODE_ADDED = "STREAM_CODE_ADDED", Info, "A code is listed as one that may arrive mid-stream: documentation only, since clients decide any error in a stream alike.";
    STREAM_CODE_REMOVED = "STREAM_CODE_REMOVED", Info, "A code is no longer listed as one that may arrive mid-stream: documentation only, since clients still recognise it there.";
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The rule table in Markdown, as `catalog/docs/format.md` shows it.
pub fn rules_markdown() -> String {
    let mut out = String::from("| rule | level | rationale |\n| --- | --- | --- |\n");
    for r in RULES {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            r.id,
            r.level.as_str(),
            r.rationale
        );
    }
    out
}

/// One change found between two catalogs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: &'static str,
    /// The rule's level.
    pub level: Level,
    /// What changed, naming the entry.
    pub message: String,
    /// True for a breaking change that the version bump allows.
    pub allowed: bool,
}

/// Everything that changed between two catalogs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The old catalog's version.
    pub old_version: String,
    /// The new catalog's version.
    pub new_version: String,
    /// The findings, breaking ones first, then in catalog order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when an error-level finding is not allowed by the version bump: the exit
    /// status of `diff` is 1.
    pub fn failed(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.level == Level::Error && !f.allowed)
    }

    /// The report as one JSON document: `old_version`, `new_version`, `failed` and the
    /// `findings` (`rule`, `level`, `message`, `allowed`).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            old_version: &'a str,
            new_version: &'a str,
            failed: bool,
            findings: &'a [Finding],
        }
        let json = Json {
            old_version: &self.old_version,
            new_version: &self.new_version,
            failed: self.failed(),
            findings: &self.findings,
        };
        // Strings, booleans and a list of plain structs always serialize.
        let mut out = serde_json::to_string_pretty(&json).unwrap_or_default();
        out.push('\n');
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "catalog {} → {}", self.old_version, self.new_version)?;
        for x in &self.findings {
            let allowed = if x.allowed {
                " (allowed by the version bump)"
            } else {
                ""
            };
            writeln!(
                f,
                "{}[{}]: {}{allowed}",
                x.level.as_str(),
                x.rule,
                x.message
            )?;
        }
        let count = |l: Level| self.findings.iter().filter(|x| x.level == l).count();
        write!(
            f,
            "{} error(s), {} warning(s), {} info(s): {}",
            count(Level::Error),
            count(Level::Warning),
            count(Level::Info),
            if self.failed() {
                "breaking changes without the version bump they need"
            } else if count(Level::Error) > 0 {
                "breaking changes, announced by the version bump"
            } else {
                "no breaking change"
            }
        )
    }
}

struct Collector {
    findings: Vec<Finding>,
}

impl Collector {
    fn add(&mut self, rule: Rule, message: String) {
        self.findings.push(Finding {
            rule: rule.id,
            level: rule.level,
            message,
            allowed: false,
        });
    }
}

/// True when going from `old` to `new` is a bump that allows breaking changes.
pub fn is_breaking_bump(old: &semver::Version, new: &semver::Version) -> bool {
    if old.major == 0 {
        new.major > 0 || new.minor > old.minor
    } else {
        new.major > old.major
    }
}

/// The smallest version after `old` that allows breaking changes.
fn next_breaking(old: &semver::Version) -> semver::Version {
    if old.major == 0 {
        semver::Version::new(0, old.minor + 1, 0)
    } else {
        semver::Version::new(old.major + 1, 0, 0)
    }
}

fn retry_change(c: &mut Collector, name: &str, old: &ErrorCode, new: &ErrorCode) {
    if old.retry == new.retry {
        return;
    }
    let how = match new.retry_source {
        RetrySource::Code => "through its own `retry`",
        RetrySource::Status => "through its status's default",
    };
    let rule = match new.retry {
        RetryPolicy::Backoff => CODE_RETRY_ENABLED,
        RetryPolicy::Never => CODE_RETRY_DISABLED,
    };
    c.add(
        rule,
        format!(
            "retry policy of code \"{name}\" is now {} instead of {} ({how})",
            new.retry.as_str(),
            old.retry.as_str()
        ),
    );
}

fn args_change(c: &mut Collector, name: &str, old: &ErrorCode, new: &ErrorCode) {
    let o: Vec<&str> = old.args.iter().map(|a| a.name.as_str()).collect();
    let n: Vec<&str> = new.args.iter().map(|a| a.name.as_str()).collect();
    if o == n {
        return;
    }
    if o.len() == n.len() {
        for (a, b) in o.iter().zip(&n) {
            if a != b {
                c.add(
                    CODE_ARG_RENAMED,
                    format!("argument `{a}` of code \"{name}\" is now `{b}`"),
                );
            }
        }
        return;
    }
    for a in o.iter().filter(|a| !n.contains(a)) {
        c.add(
            CODE_ARG_REMOVED,
            format!("argument `{a}` of code \"{name}\" was removed"),
        );
    }
    for a in n.iter().filter(|a| !o.contains(a)) {
        c.add(
            CODE_ARG_ADDED,
            format!("code \"{name}\" has a new argument `{a}`"),
        );
    }
}

fn code_change(
    c: &mut Collector,
    old_cat: &Catalog,
    new_cat: &Catalog,
    old: &ErrorCode,
    new: &ErrorCode,
) {
    let name = &old.name;
    let (old_type, new_type) = (&old_cat.type_of(old).name, &new_cat.type_of(new).name);
    match (old.is_retired(), new.is_retired()) {
        (true, false) if old_type != new_type || old.message != new.message => c.add(
            CODE_NAME_REUSED,
            format!("retired code \"{name}\" is reused for a different error (type \"{new_type}\", message \"{}\")", new.message),
        ),
        (true, false) => c.add(
            CODE_UNRETIRED,
            format!("retired code \"{name}\" is no longer retired"),
        ),
        (false, true) => {
            let by = new
                .retired
                .as_ref()
                .and_then(|r| r.replaced_by)
                .map(|id| format!(", replaced by \"{}\"", new_cat.code(id).name))
                .unwrap_or_default();
            c.add(CODE_RETIRED, format!("code \"{name}\" was retired{by}"));
        }
        _ => {}
    }
    if old_type != new_type {
        let (os, ns) = (old_cat.status_of(old).code, new_cat.status_of(new).code);
        let status = if os == ns {
            String::new()
        } else {
            format!(", status {os} → {ns}")
        };
        c.add(
            CODE_TYPE_CHANGED,
            format!("code \"{name}\" moved from type \"{old_type}\" to \"{new_type}\"{status}"),
        );
    }
    retry_change(c, name, old, new);
    args_change(c, name, old, new);
    if old.param != new.param {
        let show =
            |p: &Option<String>| p.as_deref().map_or("none".to_owned(), |p| format!("`{p}`"));
        c.add(
            CODE_PARAM_CHANGED,
            format!(
                "param of code \"{name}\": {} → {}",
                show(&old.param),
                show(&new.param)
            ),
        );
    }
    if old.message != new.message {
        c.add(
            CODE_MESSAGE_CHANGED,
            format!(
                "message of code \"{name}\": \"{}\" → \"{}\"",
                old.message, new.message
            ),
        );
    }
    if old.doc_url != new.doc_url {
        c.add(
            CODE_DOC_URL_CHANGED,
            format!(
                "doc URL of code \"{name}\": {} → {}",
                old.doc_url, new.doc_url
            ),
        );
    }
    for step in old
        .remediation
        .iter()
        .filter(|s| !new.remediation.contains(s))
    {
        c.add(
            CODE_REMEDIATION_REMOVED,
            format!("code \"{name}\" lost the remediation step \"{step}\""),
        );
    }
    for step in new
        .remediation
        .iter()
        .filter(|s| !old.remediation.contains(s))
    {
        c.add(
            CODE_REMEDIATION_ADDED,
            format!("code \"{name}\" has a new remediation step \"{step}\""),
        );
    }
    if old.description != new.description {
        c.add(
            CODE_DESCRIPTION_CHANGED,
            format!("description of code \"{name}\" changed"),
        );
    }
}

/// Pairs removed and added entries that look the same (by `key`): renames.
fn renames<'a, T>(
    removed: &[&'a T],
    added: &[&'a T],
    key: impl Fn(&T) -> String,
) -> Vec<(&'a T, &'a T)> {
    let mut pairs = Vec::new();
    let mut used = BTreeSet::new();
    for r in removed {
        if let Some((i, a)) = added
            .iter()
            .enumerate()
            .find(|(i, a)| !used.contains(i) && key(a) == key(r))
        {
            used.insert(i);
            pairs.push((*r, *a));
        }
    }
    pairs
}

/// Compares two catalogs, rule by rule.
pub fn diff(old: &Catalog, new: &Catalog) -> Report {
    let mut c = Collector {
        findings: Vec::new(),
    };
    let (ov, nv) = (&old.meta.version, &new.meta.version);
    if nv < ov {
        c.add(VERSION_DECREASED, format!("version {ov} → {nv}"));
    }
    if old.meta.docs_url != new.meta.docs_url {
        c.add(
            DOCS_URL_CHANGED,
            format!("docs_url: {} → {}", old.meta.docs_url, new.meta.docs_url),
        );
    }

    // Statuses, by number.
    let new_statuses: BTreeMap<u16, _> = new.statuses.iter().map(|s| (s.code, s)).collect();
    for s in &old.statuses {
        match new_statuses.get(&s.code) {
            None => c.add(
                STATUS_DELETED,
                format!("status {} {} was removed", s.code, s.name),
            ),
            Some(n) => {
                if n.variant != s.variant {
                    c.add(
                        STATUS_RENAMED,
                        format!(
                            "status {} \"{}\" is now \"{}\" (`Status::{}` → `Status::{}`)",
                            s.code, s.name, n.name, s.variant, n.variant
                        ),
                    );
                }
                if n.retry != s.retry {
                    c.add(
                        STATUS_RETRY_CHANGED,
                        format!(
                            "default retry of status {}: {} → {}",
                            s.code,
                            s.retry.as_str(),
                            n.retry.as_str()
                        ),
                    );
                }
            }
        }
    }
    for s in &new.statuses {
        if !old.statuses.iter().any(|o| o.code == s.code) {
            c.add(
                STATUS_ADDED,
                format!("status {} {} was added", s.code, s.name),
            );
        }
    }

    // Types, by name.
    let removed: Vec<_> = old
        .types
        .iter()
        .filter(|t| !new.types.iter().any(|n| n.name == t.name))
        .collect();
    let added: Vec<_> = new
        .types
        .iter()
        .filter(|t| !old.types.iter().any(|o| o.name == t.name))
        .collect();
    let type_key = |cat: &Catalog, t: &crate::model::ErrorType| {
        format!("{}\n{}", cat.status(t.status).code, t.description)
    };
    let type_renames: Vec<(String, String)> = removed
        .iter()
        .filter_map(|r| {
            added
                .iter()
                .find(|a| type_key(new, a) == type_key(old, r))
                .map(|a| (r.name.clone(), a.name.clone()))
        })
        .collect();
    for t in &old.types {
        match new.types.iter().find(|n| n.name == t.name) {
            Some(n) => {
                let (os, ns) = (old.status(t.status).code, new.status(n.status).code);
                if os != ns {
                    c.add(
                        TYPE_STATUS_CHANGED,
                        format!(
                            "type \"{}\" is returned with status {ns} instead of {os}",
                            t.name
                        ),
                    );
                }
            }
            None => match type_renames.iter().find(|(o, _)| *o == t.name) {
                Some((o, n)) => c.add(TYPE_RENAMED, format!("type \"{o}\" was renamed to \"{n}\"")),
                None => c.add(TYPE_DELETED, format!("type \"{}\" was removed", t.name)),
            },
        }
    }
    for t in &added {
        if !type_renames.iter().any(|(_, n)| *n == t.name) {
            c.add(TYPE_ADDED, format!("type \"{}\" was added", t.name));
        }
    }

    // Codes, by name.
    let removed: Vec<&ErrorCode> = old
        .codes
        .iter()
        .filter(|x| new.find_code(&x.name).is_none())
        .collect();
    let added: Vec<&ErrorCode> = new
        .codes
        .iter()
        .filter(|x| old.find_code(&x.name).is_none())
        .collect();
    let code_key = |cat: &Catalog, x: &ErrorCode| format!("{}\n{}", cat.type_of(x).name, x.message);
    let removed_keys: Vec<(String, &ErrorCode)> =
        removed.iter().map(|x| (code_key(old, x), *x)).collect();
    let added_keys: Vec<(String, &ErrorCode)> =
        added.iter().map(|x| (code_key(new, x), *x)).collect();
    let pairs = renames(
        &removed_keys.iter().collect::<Vec<_>>(),
        &added_keys.iter().collect::<Vec<_>>(),
        |(k, _)| k.clone(),
    );
    for x in &old.codes {
        match new.find_code(&x.name) {
            Some(n) => code_change(&mut c, old, new, x, n),
            None => match pairs.iter().find(|(r, _)| r.1.name == x.name) {
                Some((_, a)) => c.add(
                    CODE_RENAMED,
                    format!("code \"{}\" was renamed to \"{}\"; keep the old one, retired, with `replaced_by = \"{}\"`", x.name, a.1.name, a.1.name),
                ),
                None if x.is_retired() => c.add(
                    CODE_DELETED,
                    format!("retired code \"{}\" was deleted; retired codes stay in the catalog so old responses still parse", x.name),
                ),
                None => c.add(
                    CODE_DELETED,
                    format!("code \"{}\" was deleted; retire it instead with `retired = {{ since = \"{nv}\" }}`", x.name),
                ),
            },
        }
    }
    for x in &added {
        if !pairs.iter().any(|(_, a)| a.1.name == x.name) {
            c.add(CODE_ADDED, format!("code \"{}\" was added", x.name));
        }
    }

    // Headers (case-insensitive) and envelope fields, by name.
    named_list(
        &mut c,
        old.headers.iter().map(|h| {
            (
                h.name.to_ascii_lowercase(),
                h.name.as_str(),
                h.description.as_str(),
            )
        }),
        new.headers.iter().map(|h| {
            (
                h.name.to_ascii_lowercase(),
                h.name.as_str(),
                h.description.as_str(),
            )
        }),
        [HEADER_DELETED, HEADER_RENAMED, HEADER_ADDED],
        "header",
    );
    named_list(
        &mut c,
        old.envelope
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.name.as_str(), f.description.as_str())),
        new.envelope
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.name.as_str(), f.description.as_str())),
        [
            ENVELOPE_FIELD_DELETED,
            ENVELOPE_FIELD_RENAMED,
            ENVELOPE_FIELD_ADDED,
        ],
        "envelope field",
    );

    stream_change(&mut c, old, new);

    let breaking = c.findings.iter().any(|f| f.level == Level::Error);
    if breaking {
        if is_breaking_bump(ov, nv) {
            for f in &mut c.findings {
                if f.level == Level::Error {
                    f.allowed = true;
                }
            }
        } else {
            c.add(
                VERSION_BUMP_MISSING,
                format!(
                    "breaking changes need version {} or later; the catalog says {nv}",
                    next_breaking(ov)
                ),
            );
        }
    }
    c.findings.sort_by_key(|f| f.level);
    Report {
        old_version: ov.to_string(),
        new_version: nv.to_string(),
        findings: c.findings,
    }
}

/// Compares two lists of named entries (`(key, name, description)`): removed, renamed
/// (same description) and added ones.
fn named_list<'a>(
    c: &mut Collector,
    old: impl Iterator<Item = (String, &'a str, &'a str)>,
    new: impl Iterator<Item = (String, &'a str, &'a str)>,
    [deleted, renamed, added]: [Rule; 3],
    what: &str,
) {
    let old: Vec<_> = old.collect();
    let new: Vec<_> = new.collect();
    let gone: Vec<_> = old
        .iter()
        .filter(|o| !new.iter().any(|n| n.0 == o.0))
        .collect();
    let fresh: Vec<_> = new
        .iter()
        .filter(|n| !old.iter().any(|o| o.0 == n.0))
        .collect();
    let pairs = renames(&gone, &fresh, |e| e.2.to_owned());
    for o in &gone {
        match pairs.iter().find(|(r, _)| r.0 == o.0) {
            Some((_, n)) => c.add(
                renamed,
                format!("{what} \"{}\" was renamed to \"{}\"", o.1, n.1),
            ),
            None => c.add(deleted, format!("{what} \"{}\" was removed", o.1)),
        }
    }
    for n in &fresh {
        if !pairs.iter().any(|(_, a)| a.0 == n.0) {
            c.add(added, format!("{what} \"{}\" was added", n.1));
        }
    }
}

/// How a stream's end reads in a report: the final event as a server sends it.
fn end_text(end: Option<&StreamEnd>) -> String {
    match end {
        None => "no end event".to_owned(),
        Some(StreamEnd::Data(data)) => format!("`data: {data}`"),
        Some(StreamEnd::Event(name)) => format!("`event: {name}`"),
    }
}

/// The names of a stream's codes, in order.
fn stream_codes<'c>(cat: &'c Catalog, s: &Stream) -> Vec<&'c str> {
    s.codes
        .iter()
        .map(|&id| cat.code(id).name.as_str())
        .collect()
}

/// Compares the `[stream]` tables: added, removed, or changed key by key.
fn stream_change(c: &mut Collector, old_cat: &Catalog, new_cat: &Catalog) {
    let (old, new) = match (&old_cat.stream, &new_cat.stream) {
        (None, None) => return,
        (None, Some(n)) => {
            c.add(
                STREAM_ADDED,
                format!(
                    "[stream] was added: errors arrive as event \"{}\" in the {} shape, and a stream ends with {}",
                    n.event,
                    n.shape.as_str(),
                    end_text(n.end.as_ref())
                ),
            );
            return;
        }
        (Some(_), None) => {
            c.add(STREAM_REMOVED, "[stream] was removed".to_owned());
            return;
        }
        (Some(o), Some(n)) => (o, n),
    };
    if old.event != new.event {
        c.add(
            STREAM_EVENT_CHANGED,
            format!(
                "errors in a stream arrive as event \"{}\" instead of \"{}\"",
                new.event, old.event
            ),
        );
    }
    if old.shape != new.shape {
        c.add(
            STREAM_SHAPE_CHANGED,
            format!(
                "shape of an error event: {} → {}",
                old.shape.as_str(),
                new.shape.as_str()
            ),
        );
    }
    if old.end != new.end {
        c.add(
            STREAM_END_CHANGED,
            format!(
                "end of a stream: {} → {}",
                end_text(old.end.as_ref()),
                end_text(new.end.as_ref())
            ),
        );
    }
    let (o, n) = (stream_codes(old_cat, old), stream_codes(new_cat, new));
    for name in n.iter().filter(|x| !o.contains(x)) {
        c.add(
            STREAM_CODE_ADDED,
            format!("code \"{name}\" may now arrive mid-stream"),
        );
    }
    for name in o.iter().filter(|x| !n.contains(x)) {
        c.add(
            STREAM_CODE_REMOVED,
            format!("code \"{name}\" is no longer listed as arriving mid-stream"),
        );
    }
}
