//! The impls of the expanded `Status` that do not depend on the rows.

/// `Display`, `FromStr`, `TryFrom<u16>` and serde (as a number) for `Status`.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_status {
    ($status:ident) => {
        const _: () = {
            use $crate::__private::prelude::*;

            impl fmt::Display for $status {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "{} {}", self.code(), self.name())
                }
            }

            impl FromStr for $status {
                type Err = UnknownStatus;

                /// Parses the numeric status, such as `"404"`.
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    s.trim()
                        .parse::<u16>()
                        .ok()
                        .and_then($status::from_code)
                        .ok_or_else(|| UnknownStatus(String::from(s)))
                }
            }

            impl TryFrom<u16> for $status {
                type Error = UnknownStatus;

                fn try_from(code: u16) -> Result<Self, Self::Error> {
                    $status::from_code(code).ok_or_else(|| UnknownStatus(code.to_string()))
                }
            }

            impl serde::Serialize for $status {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_u16(self.code())
                }
            }

            impl<'de> serde::Deserialize<'de> for $status {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let code = <u16 as serde::Deserialize>::deserialize(d)?;
                    $status::from_code(code).ok_or_else(|| {
                        <D::Error as serde::de::Error>::custom(UnknownStatus(code.to_string()))
                    })
                }
            }
        };
    };
}
