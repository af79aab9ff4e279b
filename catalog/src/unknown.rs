//! [`UnknownName`]: the raw name of a type or code this build does not know.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::Deref;

/// Longest name stored without allocating.
const INLINE: usize = 30;

/// The name of an error type or code that this build does not know, kept verbatim so it
/// round-trips unchanged. Names of up to 30 bytes are stored inline: parsing a body
/// with a new code costs no allocation.
#[derive(Clone)]
pub struct UnknownName(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl UnknownName {
    /// Keeps `name`.
    #[inline]
    pub fn new(name: &str) -> Self {
        match name.len() {
            len @ 0..=INLINE => {
                let mut bytes = [0u8; INLINE];
                copy_short(&mut bytes, name.as_bytes());
                UnknownName(Repr::Inline {
                    len: len as u8,
                    bytes,
                })
            }
            _ => UnknownName(Repr::Heap(Box::from(name))),
        }
    }

    /// The name.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built from a `&str`, so always valid UTF-8.
            Repr::Inline { len, bytes } => {
                core::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(name) => name,
        }
    }
}

/// Copies up to `INLINE` bytes with two overlapping fixed-size moves instead of a
/// `memcpy` call of variable length.
#[inline(always)]
fn copy_short(dst: &mut [u8; INLINE], src: &[u8]) {
    let n = src.len();
    if n > 30 {
        return;
    }
    if n >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[n - 16..n].copy_from_slice(&src[n - 16..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..n].copy_from_slice(&src[n - 4..]);
    } else {
        dst[..n].copy_from_slice(src);
    }
}

impl Deref for UnknownName {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for UnknownName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for UnknownName {
    fn from(name: &str) -> Self {
        UnknownName::new(name)
    }
}

impl From<String> for UnknownName {
    fn from(name: String) -> Self {
        if name.len() <= INLINE {
            UnknownName::new(&name)
        } else {
            UnknownName(Repr::Heap(name.into_boxed_str()))
        }
    }
}

impl fmt::Debug for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for UnknownName {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for UnknownName {}

impl PartialEq<str> for UnknownName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for UnknownName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for UnknownName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for UnknownName {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for UnknownName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::UnknownName;

    #[test]
    fn short_and_long_names_are_kept_verbatim() {
        let long = "abcdefghijklmnopqrstuvwxyz0123456789";
        let mut names: Vec<&str> = (0..=long.len()).map(|n| &long[..n]).collect();
        names.push("ünïcödé_ñame");
        for name in names {
            let unknown = UnknownName::new(name);
            assert_eq!(unknown.as_str(), name);
            assert_eq!(UnknownName::from(name.to_owned()), unknown);
            assert_eq!(format!("{unknown}"), name);
            assert_eq!(format!("{unknown:?}"), format!("{name:?}"));
        }
    }
}
