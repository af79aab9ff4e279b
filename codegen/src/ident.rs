//! Name rules: which catalog names are valid, and the Rust identifiers they become
//! (keywords escaped). The parser, the template grammar and the validator all use these.

use heck::ToUpperCamelCase;

/// True for lowercase snake_case: `[a-z][a-z0-9]*(_[a-z0-9]+)*`.
pub fn is_snake_case(name: &str) -> bool {
    let mut parts = name.split('_');
    parts
        .next()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()))
        && name.split('_').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// True for a name that cannot be a Rust function parameter, not even as a raw
/// identifier: `self`, `super`, `crate`.
pub fn is_reserved_parameter(name: &str) -> bool {
    matches!(name, "self" | "super" | "crate")
}

/// Every Rust keyword (strict, reserved, and edition-2024 `gen`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_` instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Escapes a keyword: `type` → `r#type`, `self` → `self_`; other names are unchanged.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The enum variant for a snake_case wire name: `model_not_found` → `ModelNotFound`.
pub fn variant(name: &str) -> String {
    escape(&name.to_upper_camel_case())
}

/// The enum variant for a free-text status name: `Rate Limited` → `RateLimited`.
/// Characters that cannot appear in an identifier are dropped; a leading digit gets a
/// `Status` prefix. Returns `None` when nothing usable is left.
pub fn status_variant(name: &str) -> Option<String> {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let camel = cleaned.to_upper_camel_case();
    if camel.is_empty() {
        return None;
    }
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("Status{camel}"));
    }
    Some(escape(&camel))
}

/// The function (or argument) name for a snake_case name: `type` → `r#type`.
pub fn function(name: &str) -> String {
    escape(name)
}

/// Turns an escaped name into a token, raw where needed.
pub fn to_ident(escaped: &str) -> proc_macro2::Ident {
    match escaped.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(escaped, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_is_lowercase_words_joined_by_single_underscores() {
        for ok in ["a", "model_not_found", "v2", "http_429"] {
            assert!(is_snake_case(ok), "{ok}");
        }
        for bad in ["", "_a", "a_", "a__b", "A", "aB", "2a", "a-b", "a b", "é"] {
            assert!(!is_snake_case(bad), "{bad}");
        }
    }

    #[test]
    fn self_super_and_crate_cannot_be_parameters() {
        for name in ["self", "super", "crate"] {
            assert!(is_reserved_parameter(name));
        }
        assert!(!is_reserved_parameter("type"));
    }

    #[test]
    fn converts_and_escapes() {
        assert_eq!(variant("model_not_found"), "ModelNotFound");
        assert_eq!(variant("self"), "Self_");
        assert_eq!(function("type"), "r#type");
        assert_eq!(function("self"), "self_");
        assert_eq!(
            status_variant("Rate Limited").as_deref(),
            Some("RateLimited")
        );
        assert_eq!(status_variant("Not Found’").as_deref(), Some("NotFound"));
        assert_eq!(
            status_variant("418 I'm a teapot").as_deref(),
            Some("Status418IMATeapot")
        );
        assert_eq!(status_variant("!!"), None);
    }
}
