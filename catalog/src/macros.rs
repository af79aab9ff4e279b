//! `error_catalog!`: the one place that decides what the error enums and their impls are.
//!
//! The generator emits only a table of rows; this macro expands it. The table is written
//! as Rust items so that it formats and reads like code, in three modules:
//! `mod statuses`, `mod types` and `mod codes`, each a list of `const _: Kind = Kind { .. };`
//! rows with the fields in the order shown in the crate documentation.

/// Expands a table of statuses, error types and error codes into `Status`, `ErrorType`,
/// `ErrorCode`, `ApiError` (with one constructor per code) and `ErrorEnvelope`.
///
/// Only what depends on the rows is expanded: the enums, their per-variant `match`es,
/// name lookup, the constructors and `ApiError::example`. `ApiError` wraps the generic
/// [`ErrorObject`](crate::ErrorObject), which holds the accessors, the retry decision
/// and the JSON form; `ErrorEnvelope` is [`Envelope<ApiError>`](crate::Envelope).
///
/// The crate's own types come from the catalog through this macro; it can also be
/// invoked by hand, in any module:
///
/// ```
/// kiwi_errors::error_catalog! {
///     mod statuses {
///         const _: Status = Status {
///             variant: BadRequest, code: 400, name: "Bad Request",
///             description: "Invalid parameters.", success: false, retry: Never,
///         };
///     }
///     mod types {
///         const _: Type = Type {
///             variant: InvalidRequestError, name: "invalid_request_error",
///             status: BadRequest, description: "The request is invalid.",
///         };
///     }
///     mod codes {
///         const _: Code = Code {
///             variant: MissingField, name: "missing_field", constructor: missing_field,
///             error_type: InvalidRequestError, retry: Never,
///             message: "The field '{field}' is required.", args: [(field, "field")],
///             param: None, description: "A required field is missing.",
///             remediation: ["Send the field"], doc_url: "https://example.com/errors#missing_field",
///         };
///         /// A retired code: it still parses, and its constructor is deprecated.
///         const _: Code = Code {
///             variant: NoField, name: "no_field", constructor: no_field,
///             error_type: InvalidRequestError, retry: Never,
///             message: "No field.", args: [], param: None,
///             description: "A field is missing.", remediation: ["Send the field"],
///             doc_url: "https://example.com/errors#no_field",
///             retired: Retired { since: "0.2.0", replaced_by: [MissingField] },
///         };
///     }
/// }
///
/// let err = ApiError::missing_field("name");
/// assert_eq!(err.message(), "The field 'name' is required.");
/// assert_eq!(err.status(), 400);
/// assert_eq!("missing_field".parse::<ErrorCode>(), Ok(ErrorCode::MissingField));
///
/// // A retired code keeps its variant, status and retry policy, and names its replacement.
/// let retired: ErrorCode = "no_field".parse().unwrap();
/// assert_eq!(retired, ErrorCode::NoField);
/// assert!(retired.is_retired() && !ErrorCode::MissingField.is_retired());
/// assert_eq!(retired.retired_since(), Some("0.2.0"));
/// assert_eq!(retired.replaced_by(), Some(ErrorCode::MissingField));
/// assert_eq!(retired.status().map(Status::code), Some(400));
///
/// // Every code has an example: its constructor with each argument's name as the value.
/// let example = ApiError::example(&ErrorCode::MissingField).unwrap();
/// assert_eq!(example.message(), "The field 'field' is required.");
/// ```
#[macro_export]
macro_rules! error_catalog {
    (
        mod statuses {
            $(
                $(#[$smeta:meta])*
                const _: Status = Status {
                    variant: $svariant:ident,
                    code: $scode:literal,
                    name: $sname:literal,
                    description: $sdesc:literal,
                    success: $ssuccess:literal,
                    retry: $sretry:ident $(,)?
                };
            )*
        }
        mod types {
            $(
                $(#[$tmeta:meta])*
                const _: Type = Type {
                    variant: $tvariant:ident,
                    name: $tname:literal,
                    status: $tstatus:ident,
                    description: $tdesc:literal $(,)?
                };
            )*
        }
        mod codes {
            $(
                $(#[$cmeta:meta])*
                const _: Code = Code {
                    variant: $cvariant:ident,
                    name: $cname:literal,
                    constructor: $cctor:ident,
                    error_type: $ctype:ident,
                    retry: $cretry:ident,
                    message: $cmessage:literal,
                    args: [$(($carg:ident, $cargname:literal)),* $(,)?],
                    param: $cparam:expr,
                    description: $cdesc:literal,
                    remediation: [$($crem:literal),* $(,)?],
                    doc_url: $curl:literal
                    $(, retired: Retired {
                        since: $csince:literal,
                        replaced_by: [$($crepl:ident)?] $(,)?
                    })? $(,)?
                };
            )*
        }
    ) => {
        /// An HTTP status of the catalog's status table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Status {
            $(
                $(#[$smeta])*
                #[doc = concat!("`", stringify!($scode), " ", $sname, "`: ", $sdesc)]
                $svariant,
            )*
        }

        /// An error type: the `type` member of an error body.
        ///
        /// A type this build does not know parses into [`ErrorType::Unknown`] and
        /// serializes back unchanged.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorType {
            $(
                $(#[$tmeta])*
                #[doc = concat!("`", $tname, "` (", stringify!($tstatus), "): ", $tdesc)]
                $tvariant,
            )*
            /// A type this build does not know, kept verbatim.
            Unknown($crate::UnknownName),
        }

        /// An error code: the `code` member of an error body.
        ///
        /// A code this build does not know parses into [`ErrorCode::Unknown`] and
        /// serializes back unchanged.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(
                $(#[$cmeta])*
                #[doc = concat!("`", $cname, "` (", stringify!($ctype), "): ", $cdesc)]
                #[doc = ""]
                #[doc = concat!("Message: \"", $cmessage, "\". See <", $curl, ">.")]
                $cvariant,
            )*
            /// A code this build does not know, kept verbatim.
            Unknown($crate::UnknownName),
        }

        /// An API error: the `error` object of an error body, plus the HTTP status when
        /// known.
        ///
        /// Servers build one with a per-code constructor (e.g. `ApiError::model_not_found`)
        /// and send [`ApiError::to_json`] with [`ApiError::status`]; clients parse a body
        /// with [`ApiError::from_json`] or [`ApiError::from_response`], which never fail
        /// on a type or code they do not know. It wraps, and dereferences to, the generic
        /// [`ErrorObject`](kiwi_errors::ErrorObject) that holds the logic.
        #[derive(Clone, PartialEq, Eq)]
        pub struct ApiError($crate::ErrorObject<ErrorCode>);

        /// The error body: `{"error": {"message", "type", "code", "param"}}`.
        pub type ErrorEnvelope = $crate::Envelope<ApiError>;

        const _: () = {
            use $crate::__private::prelude::*;

            impl Status {
                /// Every status of the table, in catalog order.
                pub const ALL: &'static [Status] = &[$(Status::$svariant),*];

                /// The numeric HTTP status, e.g. `429`.
                pub const fn code(self) -> u16 {
                    match self { $(Status::$svariant => $scode,)* }
                }

                /// The status with this number, if the table lists it.
                pub const fn from_code(code: u16) -> Option<Status> {
                    match code {
                        $($scode => Some(Status::$svariant),)*
                        _ => None,
                    }
                }

                /// Its name in the table, e.g. `Rate Limited`.
                pub const fn name(self) -> &'static str {
                    match self { $(Status::$svariant => $sname,)* }
                }

                /// What it means for a client.
                pub const fn description(self) -> &'static str {
                    match self { $(Status::$svariant => $sdesc,)* }
                }

                /// True for a success status.
                pub const fn is_success(self) -> bool {
                    match self { $(Status::$svariant => $ssuccess,)* }
                }

                /// The default retry policy of the errors returned with this status.
                pub const fn retry_policy(self) -> RetryPolicy {
                    match self { $(Status::$svariant => RetryPolicy::$sretry,)* }
                }
            }

            $crate::__error_catalog_status!(Status);

            impl ErrorType {
                /// Every known type, in catalog order.
                pub const ALL: &'static [ErrorType] = &[$(ErrorType::$tvariant),*];

                /// The HTTP status returned with this type (`None` when unknown).
                pub fn status(&self) -> Option<Status> {
                    match self {
                        $(ErrorType::$tvariant => Some(Status::$tstatus),)*
                        ErrorType::Unknown(_) => None,
                    }
                }

                /// What the type means (`None` when unknown).
                pub fn description(&self) -> Option<&'static str> {
                    match self {
                        $(ErrorType::$tvariant => Some($tdesc),)*
                        ErrorType::Unknown(_) => None,
                    }
                }

                /// The default retry policy of this type's status (`None` when unknown).
                pub fn retry_policy(&self) -> Option<RetryPolicy> {
                    self.status().map(Status::retry_policy)
                }
            }

            $crate::__error_catalog_lookup!(ErrorType, "type", [$($tname => $tvariant),*]);
            $crate::__error_catalog_string_enum!(ErrorType, "an error type name");

            impl ErrorCode {
                /// Every known code, in catalog order.
                pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$cvariant),*];

                /// The error type this code is returned with (`None` when unknown).
                pub fn error_type(&self) -> Option<ErrorType> {
                    match self {
                        $(ErrorCode::$cvariant => Some(ErrorType::$ctype),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }

                /// The HTTP status returned with this code (`None` when unknown).
                pub fn status(&self) -> Option<Status> {
                    self.error_type().as_ref().and_then(ErrorType::status)
                }

                /// Whether a request that failed with this code may be retried: the
                /// code's own policy, else its status's default (`None` when unknown).
                pub fn retry_policy(&self) -> Option<RetryPolicy> {
                    match self {
                        $(ErrorCode::$cvariant => Some(RetryPolicy::$cretry),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }

                /// What the code means (`None` when unknown).
                pub fn description(&self) -> Option<&'static str> {
                    match self {
                        $(ErrorCode::$cvariant => Some($cdesc),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }

                /// The message template, with `{arg}` placeholders (`None` when unknown).
                pub fn message_template(&self) -> Option<&'static str> {
                    match self {
                        $(ErrorCode::$cvariant => Some($cmessage),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }

                /// The names of the message template's arguments, in constructor order.
                pub fn args(&self) -> &'static [&'static str] {
                    match self {
                        $(ErrorCode::$cvariant => &[$($cargname),*],)*
                        ErrorCode::Unknown(_) => &[],
                    }
                }

                /// The request parameter this code is about, if any.
                pub fn param(&self) -> Option<&'static str> {
                    match self {
                        $(ErrorCode::$cvariant => $cparam,)*
                        ErrorCode::Unknown(_) => None,
                    }
                }

                /// What a client can do about it, in order (empty when unknown).
                pub fn remediation(&self) -> &'static [&'static str] {
                    match self {
                        $(ErrorCode::$cvariant => &[$($crem),*],)*
                        ErrorCode::Unknown(_) => &[],
                    }
                }

                /// The documentation URL of this code (`None` when unknown).
                pub fn doc_url(&self) -> Option<&'static str> {
                    match self {
                        $(ErrorCode::$cvariant => Some($curl),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }

                /// True for a retired code: servers no longer emit it, but a body that
                /// carries it still parses into its variant, with its status, type and
                /// retry policy.
                pub fn is_retired(&self) -> bool {
                    self.retired_since().is_some()
                }

                /// The catalog version that retired this code (`None` when the code
                /// is emitted, or unknown).
                pub fn retired_since(&self) -> Option<&'static str> {
                    match self {
                        $(ErrorCode::$cvariant => $crate::__error_catalog_option!($($csince)?),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }

                /// The code that replaces this retired one, if the catalog names one.
                pub fn replaced_by(&self) -> Option<ErrorCode> {
                    match self {
                        $(ErrorCode::$cvariant => $crate::__error_catalog_option!($($(ErrorCode::$crepl)?)?),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }
            }

            $crate::__error_catalog_lookup!(ErrorCode, "code", [$($cname => $cvariant),*]);
            $crate::__error_catalog_string_enum!(ErrorCode, "an error code");
            $crate::__error_catalog_traits!(Status, ErrorType, ErrorCode, ApiError);

            impl ApiError {
                $(
                    #[doc = concat!("A `", $cname, "` error: ", $cdesc)]
                    #[doc = ""]
                    #[doc = concat!("Message: \"", $cmessage, "\".")]
                    $(#[deprecated(since = $csince, note = "this code is retired: servers no longer emit it (see `ErrorCode::replaced_by`)")])?
                    pub fn $cctor($($carg: impl fmt::Display),*) -> ApiError {
                        let error = ErrorObject::<ErrorCode>::new(ErrorType::$ctype, format!($cmessage, $($carg = $carg),*))
                            .with_code(ErrorCode::$cvariant);
                        let param: Option<&'static str> = $cparam;
                        ApiError(match param {
                            Some(param) => error.with_param(param),
                            None => error,
                        })
                    }
                )*

                /// The error of `code` built by its constructor, each argument given its
                /// own name as the value (`None` for an unknown code). Retired codes
                /// have one too: clients still receive them.
                #[allow(deprecated)]
                pub fn example(code: &ErrorCode) -> Option<ApiError> {
                    match code {
                        $(ErrorCode::$cvariant => Some(ApiError::$cctor($($cargname),*)),)*
                        ErrorCode::Unknown(_) => None,
                    }
                }
            }
        };
    };
}

/// `None`, or `Some` of the one expression given: a row field that may be absent.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_option {
    () => {
        None
    };
    ($value:expr) => {
        Some($value)
    };
}

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
                /// The wire name, e.g. `invalid_request_error` or `model_not_found`.
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

                /// Parses the numeric status, e.g. `"429"`.
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

/// The catalog traits for the expanded enums, and `ApiError` as a thin wrapper of
/// [`ErrorObject`](crate::ErrorObject): builders, parsing, `Deref`, conversions, serde.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_traits {
    ($status:ident, $type:ident, $code:ident, $api:ident) => {
        const _: () = {
            use $crate::__private::prelude::*;

            impl CatalogName for $type {
                fn parse(name: &str) -> Self {
                    $type::parse(name)
                }
                fn as_str(&self) -> &str {
                    $type::as_str(self)
                }
                fn status_code(&self) -> Option<u16> {
                    self.status().map($status::code)
                }
                fn retry_policy(&self) -> Option<RetryPolicy> {
                    $type::retry_policy(self)
                }
            }

            impl CatalogName for $code {
                fn parse(name: &str) -> Self {
                    $code::parse(name)
                }
                fn as_str(&self) -> &str {
                    $code::as_str(self)
                }
                fn status_code(&self) -> Option<u16> {
                    self.status().map($status::code)
                }
                fn retry_policy(&self) -> Option<RetryPolicy> {
                    $code::retry_policy(self)
                }
            }

            impl CatalogCode for $code {
                type Type = $type;

                fn remediation(&self) -> &'static [&'static str] {
                    $code::remediation(self)
                }
                fn doc_url(&self) -> Option<&'static str> {
                    $code::doc_url(self)
                }
                fn status_retry_policy(status: u16) -> Option<RetryPolicy> {
                    $status::from_code(status).map($status::retry_policy)
                }
                fn types() -> &'static [$type] {
                    $type::ALL
                }
            }

            impl $api {
                /// An error of the given type with a free-form message and no code.
                pub fn new(error_type: $type, message: impl Into<String>) -> $api {
                    $api(ErrorObject::new(error_type, message))
                }

                /// Sets the code.
                pub fn with_code(self, code: $code) -> $api {
                    $api(self.0.with_code(code))
                }

                /// Sets the parameter the error is about.
                pub fn with_param(self, param: impl Into<String>) -> $api {
                    $api(self.0.with_param(param))
                }

                /// Records the HTTP status the error came with (overrides the catalog's).
                pub fn with_status(self, status: u16) -> $api {
                    $api(self.0.with_status(status))
                }

                /// Parses an error body `{"error": {...}}`. Unknown types and codes are
                /// kept, extra members are ignored; only a body that is not an error
                /// envelope fails.
                pub fn from_json(body: &[u8]) -> Result<$api, serde_json::Error> {
                    ErrorObject::from_json(body).map($api)
                }

                /// Parses an error body and records the HTTP status it came with. Fails
                /// on a body that is not a well-formed error envelope; a client reading
                /// real responses wants `from_http_response`, which never fails.
                pub fn from_response(status: u16, body: &[u8]) -> Result<$api, serde_json::Error> {
                    ErrorObject::from_response(status, body).map($api)
                }

                /// The error of an HTTP response, whatever its body: never fails (see
                /// `ErrorObject::from_http_response`). An integer code is kept as its
                /// digits, `{"error": "text"}` gives that message, and any other body
                /// its text, cut to 1 KiB, with the status's type.
                pub fn from_http_response(status: u16, body: &[u8]) -> $api {
                    $api(ErrorObject::from_http_response(status, body))
                }

                /// Attaches a delay: the client should wait at least `delay` before it
                /// retries. The HTTP conversions send it as `Retry-After` (whole seconds,
                /// rounded up) and `retry-after-ms`.
                pub fn retry_after(self, delay: ::core::time::Duration) -> $api {
                    $api(self.0.retry_after(delay))
                }

                /// The human-readable message.
                pub fn message(&self) -> &str {
                    self.0.message()
                }

                /// The error type.
                pub fn error_type(&self) -> &$type {
                    self.0.error_type()
                }

                /// The error code, if the body had one.
                pub fn code(&self) -> Option<&$code> {
                    self.0.code()
                }

                /// The parameter the error is about, if any.
                pub fn param(&self) -> Option<&str> {
                    self.0.param()
                }

                /// The HTTP status the error came with, if it was recorded.
                pub fn http_status(&self) -> Option<u16> {
                    self.0.http_status()
                }

                /// The HTTP status to answer with: the recorded one, else the code's,
                /// else the type's, else 500.
                pub fn status(&self) -> u16 {
                    self.0.status()
                }

                /// Whether the request may be retried: the code's policy, else the
                /// recorded status's, else the type's (see `ErrorObject::retry_policy`).
                pub fn retry_policy(&self) -> RetryPolicy {
                    self.0.retry_policy()
                }

                /// Shorthand for `self.retry_policy().is_retryable()`.
                pub fn is_retryable(&self) -> bool {
                    self.0.is_retryable()
                }

                /// What a client can do about it (empty for an unknown code or no code).
                pub fn remediation(&self) -> &'static [&'static str] {
                    self.0.remediation()
                }

                /// The documentation URL of the code, if known.
                pub fn doc_url(&self) -> Option<&'static str> {
                    self.0.doc_url()
                }

                /// The error body `{"error": {...}}` as JSON. `code` and `param` are left
                /// out when absent.
                pub fn to_json(&self) -> String {
                    self.0.to_json()
                }

                /// Wraps the error in its envelope (which serializes to the same body as
                /// the error itself).
                pub fn into_envelope(self) -> Envelope<$api> {
                    Envelope { error: self }
                }

                /// The error object this wraps.
                pub fn into_inner(self) -> ErrorObject<$code> {
                    self.0
                }
            }

            impl Deref for $api {
                type Target = ErrorObject<$code>;

                fn deref(&self) -> &ErrorObject<$code> {
                    &self.0
                }
            }

            impl From<ErrorObject<$code>> for $api {
                fn from(error: ErrorObject<$code>) -> $api {
                    $api(error)
                }
            }

            impl From<$api> for ErrorObject<$code> {
                fn from(error: $api) -> ErrorObject<$code> {
                    error.0
                }
            }

            impl fmt::Debug for $api {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    fmt::Debug::fmt(&self.0, f)
                }
            }

            impl fmt::Display for $api {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    fmt::Display::fmt(&self.0, f)
                }
            }

            impl Error for $api {}

            /// The whole body, `{"error": {...}}`: the bytes of `to_json()`.
            impl serde::Serialize for $api {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    Envelope { error: &self.0 }.serialize(s)
                }
            }

            /// The whole body, or the bare inner object.
            impl<'de> serde::Deserialize<'de> for $api {
                #[inline]
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    ErrorObject::deserialize_body_or_object(d).map($api)
                }
            }

            impl $crate::AsErrorObject for $api {
                type Code = $code;

                fn as_error_object(&self) -> &ErrorObject<$code> {
                    &self.0
                }
            }

            $crate::__error_catalog_http!($api);

            impl CatalogError for $api {
                fn from_http_response(status: u16, body: &[u8]) -> $api {
                    $api(ErrorObject::from_http_response(status, body))
                }
                fn retry_delay(&self) -> Option<::core::time::Duration> {
                    self.0.retry_delay()
                }
                fn status(&self) -> u16 {
                    self.0.status()
                }
                fn retry_policy(&self) -> RetryPolicy {
                    self.0.retry_policy()
                }
                fn code_str(&self) -> Option<&str> {
                    self.0.code().map($code::as_str)
                }
                fn type_str(&self) -> &str {
                    self.0.error_type().as_str()
                }
                fn to_json(&self) -> String {
                    self.0.to_json()
                }
            }
        };
    };
}
