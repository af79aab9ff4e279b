//! The name enums' helpers: compile-time lookup tables and the string-like impls
//! shared by `ErrorType` and `ErrorCode`.

/// `lookup`: wire name → known variant. Small tables use a `match`, which the compiler
/// turns into a switch on the length and a few word comparisons; larger ones a hash
/// table built at compile time, so the cost does not grow with the number of names.
/// Also `known_str`, the wire name of a known variant by its row index.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_lookup {
    ($name:ident, $what:literal, [$($wire:literal => $variant:ident),*]) => {
        const _: () = {
            use $crate::__private::prelude::*;

            // The row index of each variant, counted by the compiler: inserting a row
            // renumbers nothing by hand.
            #[allow(non_camel_case_types, clippy::enum_variant_names, dead_code)]
            #[derive(Clone, Copy)]
            #[repr(usize)]
            enum Row { $($variant),* }

            const NAMES: &[&str] = &[$($wire),*];
            static VARIANTS: &[$name] = &[$($name::$variant),*];
            static TABLE: [u64; $crate::__private::table_size(NAMES.len())] =
                $crate::__private::build_table(NAMES);

            impl $name {
                #[doc = concat!("The known ", $what, " with this wire name, without allocating.")]
                // Inlined so the caller sees which variant comes back instead of reloading it.
                #[inline(always)]
                pub fn lookup(name: &str) -> Option<$name> {
                    if NAMES.len() <= $crate::__private::MATCH_MAX {
                        match name {
                            $($wire => Some($name::$variant),)*
                            _ => None,
                        }
                    } else {
                        $crate::__private::probe(&TABLE, NAMES, name)
                            .and_then(|row| VARIANTS.get(row))
                            .cloned()
                    }
                }

                /// The wire name of a known variant (`""` for `Unknown`): its row index
                /// into the name list, so a table lookup rather than a jump.
                #[inline]
                fn known_str(&self) -> &'static str {
                    let row = match self {
                        $($name::$variant => Row::$variant as usize,)*
                        $name::Unknown(_) => usize::MAX,
                    };
                    NAMES.get(row).copied().unwrap_or_default()
                }
            }
        };
    };
}

/// The string-like impls shared by `ErrorType` and `ErrorCode`: `as_str`, `parse`,
/// `is_known`, `Display`, `FromStr`, `From<&str>`, `From<String>`, comparisons with
/// strings and serde as a string.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_string_enum {
    ($name:ident, $expecting:literal) => {
        const _: () = {
            use $crate::__private::prelude::*;

            impl $name {
                /// The wire name, as it appears in an error body.
                #[inline]
                pub fn as_str(&self) -> &str {
                    match self {
                        $name::Unknown(raw) => raw,
                        known => known.known_str(),
                    }
                }

                /// The value with this wire name; an unknown name is kept as `Unknown`.
                #[inline(always)]
                pub fn parse(name: &str) -> $name {
                    $name::lookup(name).unwrap_or_else(|| $name::Unknown(UnknownName::new(name)))
                }

                /// True unless this is `Unknown`.
                pub fn is_known(&self) -> bool {
                    !matches!(self, $name::Unknown(_))
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl FromStr for $name {
                type Err = Infallible;

                /// Never fails: unknown names become `Unknown`.
                #[inline(always)]
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    Ok($name::parse(s))
                }
            }

            impl From<&str> for $name {
                #[inline]
                fn from(s: &str) -> Self {
                    $name::parse(s)
                }
            }

            impl From<String> for $name {
                fn from(s: String) -> Self {
                    $name::lookup(&s).unwrap_or_else(|| $name::Unknown(UnknownName::from(s)))
                }
            }

            impl AsRef<str> for $name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl PartialEq<str> for $name {
                fn eq(&self, other: &str) -> bool {
                    self.as_str() == other
                }
            }

            impl PartialEq<&str> for $name {
                fn eq(&self, other: &&str) -> bool {
                    self.as_str() == *other
                }
            }

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                #[inline]
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_str($crate::__private::NameVisitor::new($expecting))
                }
            }
        };
    };
}
