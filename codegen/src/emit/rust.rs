//! Rust emitter: the catalog as one `error_catalog!` table, formatted with prettyplease.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::model::{Catalog, RetryPolicy, Stream, StreamEnd, StreamShape};

/// The path of the macro that expands the table.
const MACRO_PATH: &str = "::kiwi_errors::error_catalog";

/// The variant of the runtime's `RetryPolicy`, spelled like the model's.
fn retry_ident(retry: RetryPolicy) -> proc_macro2::Ident {
    ident::to_ident(match retry {
        RetryPolicy::Never => "Never",
        RetryPolicy::Backoff => "Backoff",
    })
}

fn status_row(s: &crate::model::Status) -> TokenStream {
    let variant = ident::to_ident(&s.variant);
    let code = proc_macro2::Literal::u16_unsuffixed(s.code);
    let (name, description, success) = (&s.name, &s.description, s.success);
    let retry = retry_ident(s.retry);
    quote! {
        const _: Status = Status {
            variant: #variant,
            code: #code,
            name: #name,
            description: #description,
            success: #success,
            retry: #retry,
        };
    }
}

fn type_row(catalog: &Catalog, t: &crate::model::ErrorType) -> TokenStream {
    let variant = ident::to_ident(&t.variant);
    let status = ident::to_ident(&catalog.status(t.status).variant);
    let (name, description) = (&t.name, &t.description);
    quote! {
        const _: Type = Type {
            variant: #variant,
            name: #name,
            status: #status,
            description: #description,
        };
    }
}

fn code_row(catalog: &Catalog, c: &crate::model::ErrorCode) -> TokenStream {
    let variant = ident::to_ident(&c.variant);
    let constructor = ident::to_ident(&c.constructor);
    let error_type = ident::to_ident(&catalog.type_of(c).variant);
    let retry = retry_ident(c.retry);
    let args = c.args.iter().map(|a| {
        let (arg, name) = (ident::to_ident(&a.ident), &a.name);
        quote! { (#arg, #name) }
    });
    let param = match &c.param {
        Some(p) => quote! { Some(#p) },
        None => quote! { None },
    };
    let remediation = &c.remediation;
    let (name, message, description, doc_url) = (&c.name, &c.message, &c.description, &c.doc_url);
    // A retired code keeps its row (it still parses), says so in its docs, and
    // its constructor is `#[deprecated]` by the macro.
    let (docs, retired) = match &c.retired {
        None => (Vec::new(), quote! {}),
        Some(r) => {
            let since = r.since.to_string();
            let replacement = r.replaced_by.map(|id| catalog.code(id));
            let mut docs = vec![format!(
                " Retired since {since}: no longer emitted; its constructor is deprecated."
            )];
            if let Some(by) = replacement {
                docs.push(format!(" Replaced by `{}`.", by.name));
            }
            if let Some(note) = &r.note {
                docs.push(format!(" {note}"));
            }
            let by = replacement.map(|by| ident::to_ident(&by.variant));
            (
                docs,
                quote! { retired: Retired { since: #since, replaced_by: [#by] }, },
            )
        }
    };
    quote! {
        #(#[doc = #docs])*
        const _: Code = Code {
            variant: #variant,
            name: #name,
            constructor: #constructor,
            error_type: #error_type,
            retry: #retry,
            message: #message,
            args: [#(#args),*],
            param: #param,
            description: #description,
            remediation: [#(#remediation),*],
            doc_url: #doc_url,
            #retired
        };
    }
}

fn stream_row(catalog: &Catalog, stream: &Stream) -> TokenStream {
    let event = &stream.event;
    let shape = ident::to_ident(match stream.shape {
        StreamShape::Envelope => "Envelope",
        StreamShape::Named => "Named",
        StreamShape::Flat => "Flat",
    });
    let end = match &stream.end {
        Some(StreamEnd::Data(data)) => quote! { Data(#data) },
        Some(StreamEnd::Event(name)) => quote! { Event(#name) },
        None => quote! { None },
    };
    let codes = stream
        .codes
        .iter()
        .map(|&id| ident::to_ident(&catalog.code(id).variant));
    quote! {
        const _: Stream = Stream {
            event: #event,
            shape: #shape,
            end: #end,
            codes: [#(#codes),*],
        };
    }
}

/// The `mod stream { .. }` module of a catalog with `[stream]`, indented as in
/// `errors.rs`; `None` for a catalog without one.
pub fn stream_module(catalog: &Catalog) -> Option<String> {
    let stream = catalog.stream.as_ref()?;
    let mut out = String::from("    mod stream {\n");
    push_row(&mut out, stream_row(catalog, stream));
    out.push_str("    }\n");
    Some(out)
}

/// The rows of `items`, each formatted by [`push_row`], in order. A large table is
/// formatted by as many threads as the machine has cores, each a contiguous slice of
/// rows (token streams are made where they are formatted: they cannot cross threads);
/// the text is the same either way.
fn rows<T: Sync>(items: &[T], row: impl Fn(&T) -> TokenStream + Sync) -> String {
    /// Below this many rows, one thread is quicker than several.
    const PER_THREAD: usize = 256;
    let format = |slice: &[T]| {
        let mut out = String::with_capacity(700 * slice.len());
        for item in slice {
            push_row(&mut out, row(item));
        }
        out
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len() / PER_THREAD)
        .max(1);
    if threads == 1 {
        return format(items);
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|slice| scope.spawn(move || format(slice)))
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Formats one row with prettyplease and appends it, indented, to `out`. Rows are
/// formatted one at a time so the work stays linear in the size of the catalog.
fn push_row(out: &mut String, row: TokenStream) {
    let formatted = match syn::parse2::<syn::File>(row.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        // Unreachable for a validated catalog; fall back to the unformatted tokens.
        Err(_) => format!("{row}\n"),
    };
    for line in formatted.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str("        ");
            out.push_str(line);
            out.push('\n');
        }
    }
}

/// Emits `errors.rs`: the header, then one `error_catalog!` invocation whose body is
/// three modules of rows (and, for a catalog with `[stream]`, a fourth one: see
/// [`stream_module`]), each row formatted by prettyplease.
pub fn emit(catalog: &Catalog) -> String {
    let mut out = String::with_capacity(1024 + 700 * catalog.codes.len());
    out.push_str(&super::notice::line(
        catalog,
        super::notice::Comment::Slashes,
    ));
    out.push_str("//\n// One row per status, type and code; `error_catalog!` expands the table.\n");
    out.push_str(MACRO_PATH);
    out.push_str("! {\n");
    let modules = [
        ("statuses", rows(&catalog.statuses, status_row)),
        ("types", rows(&catalog.types, |t| type_row(catalog, t))),
        ("codes", rows(&catalog.codes, |c| code_row(catalog, c))),
    ];
    for (name, rows) in modules {
        out.push_str("    mod ");
        out.push_str(name);
        out.push_str(" {\n");
        out.push_str(&rows);
        out.push_str("    }\n");
    }
    if let Some(stream) = stream_module(catalog) {
        out.push_str(&stream);
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = include_str!("../../../tests/fixtures/valid-minimal.toml");

    fn module(stream: &str) -> Option<String> {
        let source = format!("{MINIMAL}\n{stream}");
        let catalog =
            crate::parse_catalog("errors.toml", &source).unwrap_or_else(|d| panic!("{d}"));
        stream_module(&catalog)
    }

    #[test]
    fn the_stream_module_names_its_event_shape_end_and_code_variants() {
        let stream =
            "[stream]\nend = { data = \"[DONE]\" }\ncodes = [\"slow_down\", \"bad_thing\"]\n";
        assert_eq!(
            module(stream).unwrap(),
            "    mod stream {
        const _: Stream = Stream {
            event: \"message\",
            shape: Envelope,
            end: Data(\"[DONE]\"),
            codes: [SlowDown, BadThing],
        };
    }
"
        );
        let stream = "[stream]\nevent = \"error\"\nshape = \"flat\"\nend = { event = \"done\" }\n";
        let module = module(stream).unwrap();
        assert!(module.contains("event: \"error\",\n            shape: Flat,\n            end: Event(\"done\"),\n            codes: [],\n"), "{module}");
        let module = self::module("[stream]\nshape = \"named\"\n").unwrap();
        assert!(
            module.contains("shape: Named,\n            end: None,\n"),
            "{module}"
        );
        assert_eq!(self::module(""), None);
    }
}
