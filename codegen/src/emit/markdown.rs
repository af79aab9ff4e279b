//! Markdown emitter: the public error reference page, in the order of the source page.
//!
//! Catalog text is plain text in which backtick code spans are kept; everything else
//! that Markdown would interpret (emphasis, links, HTML, entities, table pipes, line
//! starts that open blocks) is escaped. Each code gets a heading whose text is the code
//! name, so that GitHub's anchor for it is exactly the fragment of its doc URL.

use std::fmt::Write;

use crate::model::{Catalog, ErrorCode, RetryPolicy, RetrySource, Stream, StreamEnd, StreamShape};
use crate::template::{Piece, pieces};

/// Where escaped text lands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A paragraph of its own.
    Block,
    /// The text of a list item (continuation lines are indented).
    ListItem,
    /// A table cell (one line; pipes escaped).
    Cell,
}

/// The length of the run of `ch` starting at byte `i`.
fn run_len(s: &str, i: usize, ch: u8) -> usize {
    s.as_bytes()[i..].iter().take_while(|&&b| b == ch).count()
}

/// Splits text into `(is_code, piece)`: code spans per CommonMark (a run of N backticks
/// up to the next run of exactly N), and the plain text between them. An unmatched
/// backtick run is plain text.
fn split_code_spans(text: &str) -> Vec<(bool, &str)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let (mut plain_start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run_len(text, i, b'`');
        let mut j = i + n;
        let mut close = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let m = run_len(text, j, b'`');
                if m == n {
                    close = Some(j);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(j) => {
                if plain_start < i {
                    pieces.push((false, &text[plain_start..i]));
                }
                pieces.push((true, &text[i..j + n]));
                i = j + n;
                plain_start = i;
            }
            None => i += n,
        }
    }
    if plain_start < bytes.len() {
        pieces.push((false, &text[plain_start..]));
    }
    pieces
}

/// Splits plain text into `(is_url, piece)`: `http://` and `https://` URLs (up to
/// whitespace or `<>"`, without trailing punctuation or an unbalanced `)`) and the rest.
fn split_urls(text: &str) -> Vec<(bool, &str)> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let tail = &rest[start..];
        let mut end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(tail.len());
        loop {
            let url = &tail[..end];
            let unbalanced =
                url.ends_with(')') && url.matches(')').count() > url.matches('(').count();
            if url.ends_with(['.', ',', ':', ';', '!', '?', '\'', '*', '_', '~']) || unbalanced {
                end -= 1;
            } else {
                break;
            }
        }
        if end <= tail.find("://").map_or(0, |i| i + 3) {
            // A bare scheme with no host: plain text.
            pieces.push((false, &rest[..start + end.max(1)]));
            rest = &rest[start + end.max(1)..];
            continue;
        }
        if start > 0 {
            pieces.push((false, &rest[..start]));
        }
        pieces.push((true, &tail[..end]));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        pieces.push((false, rest));
    }
    pieces
}

/// Escapes plain text (no code spans) for an inline position; URLs become autolinks.
fn escape_text(text: &str, ctx: Ctx, out: &mut String) {
    for (is_url, piece) in split_urls(text) {
        if is_url {
            out.push('<');
            out.push_str(piece);
            out.push('>');
        } else {
            escape_plain(piece, ctx, out);
        }
    }
}

/// Escapes plain text (no code spans and no URLs) for an inline position.
fn escape_plain(text: &str, ctx: Ctx, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            '\\' | '*' | '[' | ']' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // An underscore inside a word never starts emphasis; keep names readable.
            '_' if prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric) =>
            {
                out.push('_')
            }
            '_' => out.push_str("\\_"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only `&` that could open a character reference (`&amp;`, `&#38;`) is one.
            '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("&amp;")
            }
            '|' if ctx == Ctx::Cell => out.push_str("\\|"),
            // Hard tabs are whitespace to a reader and a lint error in Markdown.
            '\t' => out.push_str("&#9;"),
            '\r' => {}
            '\n' => match ctx {
                Ctx::Cell => out.push_str("<br>"),
                Ctx::ListItem => out.push_str("\n  "),
                Ctx::Block => out.push('\n'),
            },
            _ => out.push(c),
        }
    }
}

/// Escapes what would open a block at the start of a line: `#`, `-`, `+`, `=`, and the
/// `.` or `)` after a number.
fn escape_line_starts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches(' ');
        out.push_str(&line[..line.len() - body.len()]);
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if body.starts_with(['#', '-', '+', '=']) {
            out.push('\\');
            out.push_str(body);
        } else if digits > 0 && body[digits..].starts_with(['.', ')']) {
            out.push_str(&body[..digits]);
            out.push('\\');
            out.push_str(&body[digits..]);
        } else {
            out.push_str(body);
        }
    }
    out
}

/// Catalog text as inline Markdown: code spans kept, everything else escaped.
fn text(text: &str, ctx: Ctx) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 8);
    for (is_code, piece) in split_code_spans(text) {
        if is_code {
            // A code span cannot hold a line break in a table or list line.
            let piece = if ctx == Ctx::Block {
                piece.to_owned()
            } else {
                piece.replace('\n', " ")
            };
            if ctx == Ctx::Cell {
                out.push_str(&piece.replace('|', "\\|"));
            } else {
                out.push_str(&piece);
            }
        } else {
            escape_text(piece, ctx, &mut out);
        }
    }
    match ctx {
        Ctx::Cell => out,
        _ => escape_line_starts(&out),
    }
}

/// Any text as one code span, whatever backticks it holds.
fn code(text: &str, ctx: Ctx) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let longest = (0..text.len())
        .filter(|&i| text.as_bytes()[i] == b'`')
        .map(|i| run_len(&text, i, b'`'))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '))
    {
        " "
    } else {
        ""
    };
    let body = if ctx == Ctx::Cell {
        text.replace('|', "\\|")
    } else {
        text
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A fenced code block holding `body` verbatim, with a fence longer than any backtick
/// run inside it.
fn code_block(out: &mut String, lang: &str, body: &str) {
    let body = body.trim_matches('\n').trim_end();
    let longest = (0..body.len())
        .filter(|&i| body.as_bytes()[i] == b'`')
        .map(|i| run_len(body, i, b'`'))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(3.max(longest + 1));
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '_'))
        .collect();
    let _ = writeln!(out, "{fence}{lang}");
    for line in body.lines() {
        let _ = writeln!(out, "{}", line.trim_end_matches('\r'));
    }
    let _ = writeln!(out, "{fence}");
    out.push('\n');
}

fn paragraph(out: &mut String, s: &str) {
    let _ = writeln!(out, "{}\n", text(s, Ctx::Block));
}

fn table(out: &mut String, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

/// A language name as a reader knows it.
fn language_name(lang: &str) -> String {
    match lang.to_ascii_lowercase().as_str() {
        "python" | "py" => "Python".into(),
        "javascript" | "js" => "JavaScript".into(),
        "typescript" | "ts" => "TypeScript".into(),
        "rust" | "rs" => "Rust".into(),
        "go" | "golang" => "Go".into(),
        "shell" | "sh" | "bash" => "Shell".into(),
        _ => {
            let mut chars = lang.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        }
    }
}

/// "Yes (backoff)" / "No", for tables.
fn retried_cell(retry: RetryPolicy) -> &'static str {
    match retry {
        RetryPolicy::Never => "No",
        RetryPolicy::Backoff => "Yes, with backoff",
    }
}

fn retry_line(catalog: &Catalog, c: &ErrorCode) -> String {
    let mut line = match c.retry {
        RetryPolicy::Never => {
            "no: retrying cannot succeed until the request or the account changes.".to_owned()
        }
        RetryPolicy::Backoff => {
            "yes: wait for the server's hint (`retry-after-ms`, `Retry-After`, \
             `X-RateLimit-Reset`), else back off exponentially with jitter."
                .to_owned()
        }
    };
    let status = catalog.status_of(c);
    if c.retry_source == RetrySource::Code && c.retry != status.retry {
        let default = match status.retry {
            RetryPolicy::Never => "never retried",
            RetryPolicy::Backoff => "retried",
        };
        let _ = write!(
            line,
            " This code overrides the default of status {}, which is {default}.",
            status.code
        );
    }
    line
}

fn code_section(out: &mut String, catalog: &Catalog, c: &ErrorCode) {
    // The heading text is the bare name, so GitHub's anchor is the doc URL's fragment.
    let _ = writeln!(out, "### {}\n", c.name);
    paragraph(out, &c.description);
    if let Some(r) = &c.retired {
        // Versions and snake_case names need no escaping.
        let _ = write!(out, "**Retired** since {}: no longer emitted.", r.since);
        if let Some(by) = r.replaced_by {
            let by = &catalog.code(by).name;
            let _ = write!(out, " Use [`{by}`](#{by}) instead.");
        }
        out.push_str("\n\n");
        if let Some(note) = &r.note {
            paragraph(out, note);
        }
    }
    let _ = writeln!(
        out,
        "- **Type:** {}",
        code(&catalog.type_of(c).name, Ctx::ListItem)
    );
    let status = catalog.status_of(c);
    let _ = writeln!(
        out,
        "- **Status:** {} {}",
        status.code,
        text(&status.name, Ctx::ListItem)
    );
    let _ = writeln!(out, "- **Retried:** {}", retry_line(catalog, c));
    let _ = writeln!(out, "- **Message:** {}", code(&c.message, Ctx::ListItem));
    if let Some(param) = &c.param {
        let _ = writeln!(out, "- **Param:** {}", code(param, Ctx::ListItem));
    }
    let _ = writeln!(
        out,
        "- **Docs:** <{}>",
        c.doc_url.replace(['<', '>', ' '], "")
    );
    out.push('\n');
    if let Some(example) = &c.example {
        code_block(out, "json", example);
    }
    let _ = writeln!(out, "{}\n", text(&catalog.meta.page.solutions, Ctx::Block));
    for step in &c.remediation {
        let _ = writeln!(out, "- {}", text(step, Ctx::ListItem));
    }
    out.push('\n');
}

/// A JSON string, as a server writes it.
fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The error object members of a code's example event, in the envelope's order:
/// its example's message if it has one, else its template with each argument shown as
/// `<name>`.
fn stream_error_members(catalog: &Catalog, c: &ErrorCode) -> Vec<(&'static str, String)> {
    let example_message = c
        .example
        .as_deref()
        .and_then(|e| serde_json::from_str::<serde_json::Value>(e).ok())
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned));
    let message = example_message.unwrap_or_else(|| {
        pieces(&c.message).map_or_else(
            |_| c.message.clone(),
            |ps| {
                ps.iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.to_string(),
                        Piece::Arg(a) => format!("<{a}>"),
                    })
                    .collect()
            },
        )
    });
    let param = c.param.as_deref().map_or("null".to_owned(), json_string);
    vec![
        ("message", json_string(&message)),
        ("type", json_string(&catalog.type_of(c).name)),
        ("code", json_string(&c.name)),
        ("param", param),
    ]
}

/// The data of an error event for a code, in the stream's shape, on one line.
fn stream_error_data(catalog: &Catalog, stream: &Stream, c: &ErrorCode) -> String {
    let members = stream_error_members(catalog, c);
    let object = |members: &[(&str, String)]| {
        let inner: Vec<String> = members
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", inner.join(","))
    };
    match stream.shape {
        StreamShape::Envelope => format!("{{\"error\":{}}}", object(&members)),
        StreamShape::Named => format!("{{\"type\":\"error\",\"error\":{}}}", object(&members)),
        StreamShape::Flat => {
            // The error's own type is not sent: `type` names the event.
            let mut flat = vec![("type", json_string("error"))];
            for key in ["code", "message", "param"] {
                if let Some(m) = members.iter().find(|(k, _)| *k == key) {
                    flat.push(m.clone());
                }
            }
            object(&flat)
        }
    }
}

/// The section on errors in streams: how an error arrives, with an example event; how
/// a complete stream ends; the codes that may arrive mid-stream; when a stream is
/// retried.
fn stream_section(out: &mut String, catalog: &Catalog, stream: &Stream) {
    let _ = writeln!(out, "## {}\n", text(&catalog.meta.page.streams, Ctx::Cell));
    if let Some(description) = &stream.description {
        paragraph(out, description);
    }
    let event = if stream.is_unnamed_event() {
        "an event without an `event:` line".to_owned()
    } else {
        format!(
            "an event named {} (an {} line)",
            code(&stream.event, Ctx::Block),
            code(&format!("event: {}", stream.event), Ctx::Block)
        )
    };
    let shape = match stream.shape {
        StreamShape::Envelope => {
            "the error envelope, `{\"error\": {...}}`, as in an error response"
        }
        StreamShape::Named => {
            "the error envelope with a `type` member, `{\"type\": \"error\", \"error\": {...}}`"
        }
        StreamShape::Flat => {
            "the members of the error object beside `\"type\": \"error\"`, `{\"type\": \"error\", \"code\": …, \"message\": …, \"param\": …}`"
        }
    };
    let _ = write!(
        out,
        "A streamed answer is a stream of Server-Sent Events sent with a success status, so \
         an error that happens once the stream has started arrives in the stream, as \
         {event} whose data is {shape}."
    );
    let example = stream
        .codes
        .first()
        .map(|&id| catalog.code(id))
        .or_else(|| catalog.codes.iter().find(|c| !c.is_retired()))
        .or_else(|| catalog.codes.first());
    match example {
        Some(c) => {
            let _ = writeln!(out, " The code {} arrives as:\n", code(&c.name, Ctx::Block));
            let mut block = String::new();
            if !stream.is_unnamed_event() {
                let _ = writeln!(block, "event: {}", stream.event);
            }
            let _ = writeln!(block, "data: {}", stream_error_data(catalog, stream, c));
            code_block(out, "text", &block);
        }
        None => out.push_str("\n\n"),
    }
    match &stream.end {
        Some(end) => {
            let end = match end {
                StreamEnd::Data(data) => {
                    format!("the event {}", code(&format!("data: {data}"), Ctx::Block))
                }
                StreamEnd::Event(name) => format!(
                    "an event named {} (an {} line, whatever its data)",
                    code(name, Ctx::Block),
                    code(&format!("event: {name}"), Ctx::Block)
                ),
            };
            let _ = writeln!(
                out,
                "A complete stream ends with {end}. A stream that ends without it was cut \
                 short: it is an error, not a complete answer.\n"
            );
        }
        None => out.push_str(
            "No event marks the end of a complete stream: it ends with the response body.\n\n",
        ),
    }
    if !stream.codes.is_empty() {
        out.push_str("These codes may arrive mid-stream:\n\n");
        for &id in &stream.codes {
            let c = catalog.code(id);
            let retried = match c.retry {
                RetryPolicy::Never => "not retried",
                RetryPolicy::Backoff => "retried with backoff",
            };
            // Code names are snake_case: they need no escaping in a link.
            let _ = writeln!(out, "- [`{0}`](#{0}): {retried}", c.name);
        }
        out.push('\n');
    }
    out.push_str(
        "A stream is retried only while it has delivered nothing: once content has \
         arrived, an error is not retried, since a new request would repeat what was \
         delivered.\n\n",
    );
}

/// The heading of the Rust retry example, shown when the catalog has one.
pub const RUST_RETRY_HEADING: &str = "Retrying with kiwi-errors in Rust";

/// GitHub's anchor for a heading: lowercase, punctuation other than `-` and `_`
/// dropped, spaces turned into `-`.
pub fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The anchors of the page's own headings (its title and its sections, from `[page]`):
/// a code named like one of them would not get its own doc URL fragment.
pub fn heading_anchors(meta: &crate::model::Meta) -> Vec<String> {
    std::iter::once(meta.title.as_str())
        .chain(meta.page.headings())
        .chain([RUST_RETRY_HEADING])
        .map(anchor)
        .collect()
}

/// Emits `errors.md`: the header, then the sections of the reference page, headed as
/// the catalog's `[page]` says; a prose part the catalog leaves out is left out.
pub fn emit(catalog: &Catalog) -> String {
    let page = &catalog.meta.page;
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(&super::notice::line(catalog, super::notice::Comment::Html));
    out.push('\n');
    let _ = writeln!(out, "# {}\n", text(&catalog.meta.title, Ctx::Cell));
    if let Some(intro) = &catalog.meta.intro {
        paragraph(&mut out, intro);
    }

    let _ = writeln!(out, "## {}\n", text(&page.statuses, Ctx::Cell));
    let status_columns: Vec<String> = page
        .status_columns
        .iter()
        .map(|c| text(c, Ctx::Cell))
        .collect();
    table(
        &mut out,
        &status_columns
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        catalog.statuses.iter().map(|s| {
            vec![
                s.code.to_string(),
                text(&s.name, Ctx::Cell),
                text(&s.description, Ctx::Cell),
            ]
        }),
    );

    let _ = writeln!(out, "## {}\n", text(&page.envelope, Ctx::Cell));
    if let Some(description) = &catalog.envelope.description {
        paragraph(&mut out, description);
    }
    if let Some(example) = &catalog.envelope.example {
        code_block(&mut out, "json", example);
    }
    let field_columns: Vec<String> = page
        .field_columns
        .iter()
        .map(|c| text(c, Ctx::Cell))
        .collect();
    table(
        &mut out,
        &field_columns.iter().map(String::as_str).collect::<Vec<_>>(),
        catalog
            .envelope
            .fields
            .iter()
            .map(|f| vec![code(&f.name, Ctx::Cell), text(&f.description, Ctx::Cell)]),
    );

    let _ = writeln!(out, "## {}\n", text(&page.types, Ctx::Cell));
    table(
        &mut out,
        &["Type", "Status", "Description", "Retried"],
        catalog.types.iter().map(|t| {
            let status = catalog.status(t.status);
            vec![
                code(&t.name, Ctx::Cell),
                format!("{} {}", status.code, text(&status.name, Ctx::Cell)),
                text(&t.description, Ctx::Cell),
                retried_cell(status.retry).to_owned(),
            ]
        }),
    );

    let _ = writeln!(out, "## {}\n", text(&page.codes, Ctx::Cell));
    for c in catalog.codes.iter().filter(|c| !c.is_retired()) {
        code_section(&mut out, catalog, c);
    }

    if catalog.codes.iter().any(|c| c.is_retired()) {
        let _ = writeln!(out, "## {}\n", text(&page.retired, Ctx::Cell));
        paragraph(
            &mut out,
            "These codes are no longer emitted. Responses that carry them still parse, so they stay documented here.",
        );
        for c in catalog.codes.iter().filter(|c| c.is_retired()) {
            code_section(&mut out, catalog, c);
        }
    }

    if !catalog.headers.is_empty() {
        let _ = writeln!(out, "## {}\n", text(&page.headers, Ctx::Cell));
        table(
            &mut out,
            &["Header", "Description"],
            catalog
                .headers
                .iter()
                .map(|h| vec![code(&h.name, Ctx::Cell), text(&h.description, Ctx::Cell)]),
        );
    }

    if let Some(retry) = &catalog.retry {
        let _ = writeln!(out, "## {}\n", text(&page.retry, Ctx::Cell));
        if let Some(intro) = &retry.intro {
            paragraph(&mut out, intro);
        }
        if let Some(example) = &retry.example {
            let _ = writeln!(out, "{}:\n", language_name(&retry.example_language));
            code_block(&mut out, &retry.example_language, example);
        }
        if let Some(outro) = &retry.outro {
            paragraph(&mut out, outro);
        }
        if let Some(rust) = &retry.rust_example {
            let _ = writeln!(out, "### {RUST_RETRY_HEADING}\n");
            out.push_str(
                "The `kiwi-errors` crate's retry helper applies each code's retry policy from \
                 this catalog and honours the server's hints:\n\n",
            );
            code_block(&mut out, "rust", rust);
        }
    }

    if let Some(stream) = &catalog.stream {
        stream_section(&mut out, catalog, stream);
    }

    // One trailing newline, `\n` endings only.
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_are_kept_and_the_rest_escaped() {
        assert_eq!(text("a `b*c` *d*", Ctx::Block), "a `b*c` \\*d\\*");
        assert_eq!(text("odd ` tick", Ctx::Block), "odd \\` tick");
        assert_eq!(
            text("<b> & max_tokens _x_ &amp;", Ctx::Block),
            "&lt;b&gt; & max_tokens \\_x\\_ &amp;amp;"
        );
    }

    #[test]
    fn urls_become_autolinks() {
        assert_eq!(
            text(
                "see https://a.example/x_(y). or (http://b.example/z)",
                Ctx::Block
            ),
            "see <https://a.example/x_(y)>. or (<http://b.example/z>)"
        );
        assert_eq!(text("https:// alone", Ctx::Block), "https:// alone");
    }

    #[test]
    fn table_cells_escape_pipes_and_newlines() {
        assert_eq!(text("a | b\nc `x|y`", Ctx::Cell), "a \\| b<br>c `x\\|y`");
    }

    #[test]
    fn line_starts_that_open_blocks_are_escaped() {
        assert_eq!(
            text("# no\n- no\n1. no", Ctx::Block),
            "\\# no\n\\- no\n1\\. no"
        );
    }

    #[test]
    fn code_spans_outgrow_backticks_inside() {
        assert_eq!(code("a`b", Ctx::Block), "``a`b``");
        assert_eq!(code("`x`", Ctx::Block), "`` `x` ``");
    }

    #[test]
    fn code_blocks_outgrow_fences_inside() {
        let mut out = String::new();
        code_block(&mut out, "json", "```\n{}\n");
        assert_eq!(out, "````json\n```\n{}\n````\n\n");
    }
}
