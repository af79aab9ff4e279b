//! Support for the code that `error_catalog!` expands to. Not a public API.

pub use serde;
pub use serde_json;

use core::fmt::{Display, Write};

/// Renders a message template: `{name}` is replaced by the argument of that name,
/// `{{` and `}}` are literal braces. The catalog validator guarantees well-formed
/// templates; anything else is copied through unchanged.
pub fn render(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let end = match (tail.starts_with('{'), tail.find('}')) {
            (true, Some(end)) => end,
            _ => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
                continue;
            }
        };
        let name = &tail[1..end];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Reads a string without allocating when the input allows borrowing.
pub struct StrVisitor<T>(pub fn(&str) -> T, pub fn(String) -> T, pub &'static str);

impl<'de, T> serde::de::Visitor<'de> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.2)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(v))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
        Ok((self.1)(v))
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_named_arguments_and_literal_braces() {
        let model = "gpt-9";
        assert_eq!(
            render("The model '{model}' does not exist.", &[("model", &model)]),
            "The model 'gpt-9' does not exist."
        );
        assert_eq!(render("{{x}} {y}", &[]), "{x} {y}");
        assert_eq!(render("a } b { c", &[]), "a } b { c");
    }
}

/// The members of an error body that the parser reads; everything else is skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// `message`
    Message,
    /// `type`
    Type,
    /// `code`
    Code,
    /// `param`
    Param,
    /// `error`
    Error,
    /// any other member
    Other,
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a member name")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "message" => Key::Message,
                    "type" => Key::Type,
                    "code" => Key::Code,
                    "param" => Key::Param,
                    "error" => Key::Error,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}
