//! Support for the code that `error_catalog!` expands to. Not a public API.

use core::fmt;
use core::marker::PhantomData;

pub use serde;
pub use serde_json;

/// The names the expansion of `error_catalog!` uses, imported with a glob so that the
/// macro can write `Option`, `fmt::Display` or `serde::Serialize` whatever the invoking
/// module defines.
pub mod prelude {
    pub use core::convert::{From, Infallible, TryFrom};
    pub use core::fmt;
    pub use core::ops::Deref;
    pub use core::option::Option::{self, None, Some};
    pub use core::result::Result::{self, Err, Ok};
    pub use core::str::FromStr;
    pub use serde::{self, Deserialize as _, Serialize as _};
    pub use serde_json;
    pub use std::error::Error;
    pub use std::format;
    pub use std::string::{String, ToString};

    pub use crate::traits::{CatalogCode, CatalogName};
    pub use crate::{CatalogError, Envelope, ErrorObject, RetryPolicy, UnknownName, UnknownStatus};
}

/// Deserializes an `ErrorType` or `ErrorCode` from a string, borrowed or owned.
pub struct NameVisitor<T> {
    expecting: &'static str,
    value: PhantomData<fn() -> T>,
}

impl<T> NameVisitor<T> {
    /// A visitor that reports `expecting` on a value that is not a string.
    pub const fn new(expecting: &'static str) -> Self {
        NameVisitor {
            expecting,
            value: PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for NameVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

// ---------------------------------------------------------------------------
// Name lookup tables, built at compile time by `error_catalog!`.
//
// Open addressing with linear probing over a power-of-two table at most half full; each
// slot holds `index + 1` into the table's name list (0 = empty). The hash reads the name
// eight bytes at a time, so a lookup costs a few multiplications, usually one probe and
// one string comparison, whatever the size of the catalog.
// ---------------------------------------------------------------------------

/// Up to this many names, `lookup` is a `match` (as fast as it gets for few names);
/// above, the hash table (flat cost for any number of names).
pub const MATCH_MAX: usize = 48;

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xBF58_476D_1CE4_E5B9;
const K2: u64 = 0x94D0_49BB_1331_11EB;

#[inline(always)]
const fn word(bytes: &[u8], at: usize) -> u64 {
    let (_, tail) = bytes.split_at(at);
    match tail.first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => 0,
    }
}

#[inline(always)]
const fn mix(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(K1).rotate_left(31)
}

/// The hash of a name (usable in `const` items and at run time).
#[inline]
pub const fn name_hash(name: &str) -> u64 {
    let b = name.as_bytes();
    let n = b.len();
    let mut h = (n as u64).wrapping_mul(K0);
    if n >= 8 {
        let mut i = 0;
        while i + 8 <= n {
            h = mix(h, word(b, i));
            i += 8;
        }
        if i < n {
            h = mix(h, word(b, n - 8));
        }
    } else {
        let mut w = 0u64;
        let mut i = 0;
        while i < n {
            w |= (b[i] as u64) << (8 * i);
            i += 1;
        }
        h = mix(h, w);
    }
    h = h.wrapping_mul(K2);
    h ^ (h >> 29)
}

/// The table size for `n` names: a power of two at least twice `n` (and at least 8).
pub const fn table_size(n: usize) -> usize {
    let mut size = 8;
    while size < 2 * n {
        size *= 2;
    }
    size
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Builds the lookup table of `names` at compile time. Each slot holds the high 32 bits
/// of the name's hash (to skip most string comparisons) and `index + 1` (0 = empty). A
/// name listed twice stops the build with an error.
pub const fn build_table<const SIZE: usize>(names: &[&str]) -> [u64; SIZE] {
    assert!(SIZE.is_power_of_two() && SIZE >= 2 * names.len() && names.len() < u32::MAX as usize);
    let mut table = [0u64; SIZE];
    let mut i = 0;
    while i < names.len() {
        let hash = name_hash(names[i]);
        let mut slot = hash as usize & (SIZE - 1);
        while table[slot] != 0 {
            if str_eq(names[(table[slot] as u32 - 1) as usize], names[i]) {
                panic!("error_catalog!: a name is listed twice");
            }
            slot = (slot + 1) & (SIZE - 1);
        }
        table[slot] = (hash & 0xFFFF_FFFF_0000_0000) | (i as u64 + 1);
        i += 1;
    }
    table
}

/// The index of `name` in `names`, looked up through a table from [`build_table`].
#[inline]
pub fn probe(table: &[u64], names: &[&str], name: &str) -> Option<usize> {
    let mask = table.len() - 1;
    let hash = name_hash(name);
    let fingerprint = hash & 0xFFFF_FFFF_0000_0000;
    let mut slot = hash as usize & mask;
    loop {
        let entry = *table.get(slot)?;
        if entry == 0 {
            return None;
        }
        if entry & 0xFFFF_FFFF_0000_0000 == fingerprint {
            let index = (entry as u32 - 1) as usize;
            if names.get(index).is_some_and(|n| *n == name) {
                return Some(index);
            }
        }
        slot = (slot + 1) & mask;
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn finds_every_name_and_rejects_others() {
        const NAMES: &[&str] = &[
            "",
            "a",
            "model_not_found",
            "context_length_exceeded",
            "context_window_exceeded",
            "x1234567",
        ];
        static TABLE: [u64; table_size(NAMES.len())] = build_table(NAMES);
        for (i, name) in NAMES.iter().enumerate() {
            assert_eq!(probe(&TABLE, NAMES, name), Some(i));
        }
        for other in [
            "b",
            "model_not_foun",
            "model_not_found_",
            "context_length_exceedeD",
            "x123456",
        ] {
            assert_eq!(probe(&TABLE, NAMES, other), None);
        }
    }
}
