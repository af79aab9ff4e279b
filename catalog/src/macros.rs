//! `error_catalog!`: the one place that decides what the error enums and their impls are.
//!
//! The generator emits only a table of rows; this macro expands it. The table is written
//! as Rust items so that it formats and reads like code, in three modules:
//! `mod statuses`, `mod types` and `mod codes`, each a list of `const _: Kind = Kind { .. };`
//! rows with the fields in the order shown in the crate documentation.

/// Expands a table of statuses, error types and error codes into `Status`, `ErrorType`,
/// `ErrorCode`, `ApiError` (with one constructor per code) and `ErrorEnvelope`.
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
///     }
/// }
///
/// let err = ApiError::missing_field("name");
/// assert_eq!(err.message(), "The field 'name' is required.");
/// assert_eq!(err.status(), 400);
/// assert_eq!("missing_field".parse::<ErrorCode>(), Ok(ErrorCode::MissingField));
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
                    doc_url: $curl:literal $(,)?
                };
            )*
        }
    ) => {
        // ------------------------------------------------------------------ Status
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

        impl Status {
            /// Every status of the table, in catalog order.
            pub const ALL: &'static [Status] = &[$(Status::$svariant),*];

            /// The numeric HTTP status, e.g. `429`.
            pub const fn code(self) -> u16 {
                match self { $(Status::$svariant => $scode,)* }
            }

            /// The status with this number, if the table lists it.
            pub const fn from_code(code: u16) -> ::core::option::Option<Status> {
                match code {
                    $($scode => ::core::option::Option::Some(Status::$svariant),)*
                    _ => ::core::option::Option::None,
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
            pub const fn retry_policy(self) -> $crate::RetryPolicy {
                match self { $(Status::$svariant => $crate::RetryPolicy::$sretry,)* }
            }
        }

        impl ::core::fmt::Display for Status {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{} {}", self.code(), self.name())
            }
        }

        impl ::core::str::FromStr for Status {
            type Err = $crate::UnknownStatus;

            /// Parses the numeric status, e.g. `"429"`.
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                s.trim()
                    .parse::<u16>()
                    .ok()
                    .and_then(Status::from_code)
                    .ok_or_else(|| $crate::UnknownStatus(::std::string::String::from(s)))
            }
        }

        impl ::core::convert::TryFrom<u16> for Status {
            type Error = $crate::UnknownStatus;

            fn try_from(code: u16) -> ::core::result::Result<Self, Self::Error> {
                Status::from_code(code).ok_or_else(|| $crate::UnknownStatus(::std::string::ToString::to_string(&code)))
            }
        }

        const _: () = {
            use $crate::__private::serde;

            impl serde::Serialize for Status {
                fn serialize<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_u16(self.code())
                }
            }

            impl<'de> serde::Deserialize<'de> for Status {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    let code = <u16 as serde::Deserialize>::deserialize(d)?;
                    Status::from_code(code).ok_or_else(|| {
                        <D::Error as serde::de::Error>::custom($crate::UnknownStatus(::std::string::ToString::to_string(&code)))
                    })
                }
            }
        };

        // ------------------------------------------------------------------ ErrorType
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

        impl ErrorType {
            /// Every known type, in catalog order.
            pub const ALL: &'static [ErrorType] = &[$(ErrorType::$tvariant),*];

            /// The wire name, e.g. `invalid_request_error`.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    ErrorType::Unknown(raw) => raw,
                    known => known.known_str(),
                }
            }


            /// The type with this wire name; unknown names are kept as [`ErrorType::Unknown`].
            #[inline(always)]
            pub fn parse(name: &str) -> ErrorType {
                ErrorType::lookup(name).unwrap_or_else(|| ErrorType::Unknown($crate::UnknownName::new(name)))
            }

            /// True unless this is [`ErrorType::Unknown`].
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, ErrorType::Unknown(_))
            }

            /// The HTTP status returned with this type (`None` when unknown).
            pub fn status(&self) -> ::core::option::Option<Status> {
                match self {
                    $(ErrorType::$tvariant => ::core::option::Option::Some(Status::$tstatus),)*
                    ErrorType::Unknown(_) => ::core::option::Option::None,
                }
            }

            /// What the type means (`None` when unknown).
            pub fn description(&self) -> ::core::option::Option<&'static str> {
                match self {
                    $(ErrorType::$tvariant => ::core::option::Option::Some($tdesc),)*
                    ErrorType::Unknown(_) => ::core::option::Option::None,
                }
            }

            /// The default retry policy of this type's status (`None` when unknown).
            pub fn retry_policy(&self) -> ::core::option::Option<$crate::RetryPolicy> {
                self.status().map(Status::retry_policy)
            }
        }

        $crate::__error_catalog_lookup!(ErrorType, "type", [$($tname => $tvariant),*]);
        $crate::__error_catalog_string_enum!(ErrorType, "an error type name");

        // ------------------------------------------------------------------ ErrorCode
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

        impl ErrorCode {
            /// Every known code, in catalog order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$cvariant),*];

            /// The wire name, e.g. `model_not_found`.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    ErrorCode::Unknown(raw) => raw,
                    known => known.known_str(),
                }
            }


            /// The code with this wire name; unknown names are kept as [`ErrorCode::Unknown`].
            #[inline(always)]
            pub fn parse(name: &str) -> ErrorCode {
                ErrorCode::lookup(name).unwrap_or_else(|| ErrorCode::Unknown($crate::UnknownName::new(name)))
            }

            /// True unless this is [`ErrorCode::Unknown`].
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, ErrorCode::Unknown(_))
            }

            /// The error type this code is returned with (`None` when unknown).
            pub fn error_type(&self) -> ::core::option::Option<ErrorType> {
                match self {
                    $(ErrorCode::$cvariant => ::core::option::Option::Some(ErrorType::$ctype),)*
                    ErrorCode::Unknown(_) => ::core::option::Option::None,
                }
            }

            /// The HTTP status returned with this code (`None` when unknown).
            pub fn status(&self) -> ::core::option::Option<Status> {
                self.error_type().as_ref().and_then(ErrorType::status)
            }

            /// Whether a request that failed with this code may be retried: the code's own
            /// policy, else its status's default (`None` when unknown).
            pub fn retry_policy(&self) -> ::core::option::Option<$crate::RetryPolicy> {
                match self {
                    $(ErrorCode::$cvariant => ::core::option::Option::Some($crate::RetryPolicy::$cretry),)*
                    ErrorCode::Unknown(_) => ::core::option::Option::None,
                }
            }

            /// What the code means (`None` when unknown).
            pub fn description(&self) -> ::core::option::Option<&'static str> {
                match self {
                    $(ErrorCode::$cvariant => ::core::option::Option::Some($cdesc),)*
                    ErrorCode::Unknown(_) => ::core::option::Option::None,
                }
            }

            /// The message template, with `{arg}` placeholders (`None` when unknown).
            pub fn message_template(&self) -> ::core::option::Option<&'static str> {
                match self {
                    $(ErrorCode::$cvariant => ::core::option::Option::Some($cmessage),)*
                    ErrorCode::Unknown(_) => ::core::option::Option::None,
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
            pub fn param(&self) -> ::core::option::Option<&'static str> {
                match self {
                    $(ErrorCode::$cvariant => $cparam,)*
                    ErrorCode::Unknown(_) => ::core::option::Option::None,
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
            pub fn doc_url(&self) -> ::core::option::Option<&'static str> {
                match self {
                    $(ErrorCode::$cvariant => ::core::option::Option::Some($curl),)*
                    ErrorCode::Unknown(_) => ::core::option::Option::None,
                }
            }
        }

        $crate::__error_catalog_lookup!(ErrorCode, "code", [$($cname => $cvariant),*]);
        $crate::__error_catalog_string_enum!(ErrorCode, "an error code");

        // ------------------------------------------------------------------ ApiError
        /// An API error: the `error` object of an error body, plus the HTTP status when
        /// known.
        ///
        /// Servers build one with a per-code constructor (e.g. `ApiError::model_not_found`)
        /// and send [`ApiError::to_json`] with [`ApiError::status`]; clients parse a body
        /// with [`ApiError::from_json`] or [`ApiError::from_response`], which never fail on
        /// a type or code they do not know.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct ApiError {
            message: ::std::string::String,
            error_type: ErrorType,
            code: ::core::option::Option<ErrorCode>,
            param: ::core::option::Option<::std::string::String>,
            http_status: ::core::option::Option<u16>,
        }

        impl ApiError {
            /// An error of the given type with a free-form message and no code.
            pub fn new(error_type: ErrorType, message: impl ::core::convert::Into<::std::string::String>) -> ApiError {
                ApiError {
                    message: message.into(),
                    error_type,
                    code: ::core::option::Option::None,
                    param: ::core::option::Option::None,
                    http_status: ::core::option::Option::None,
                }
            }

            /// Sets the code.
            pub fn with_code(mut self, code: ErrorCode) -> ApiError {
                self.code = ::core::option::Option::Some(code);
                self
            }

            /// Sets the parameter the error is about.
            pub fn with_param(mut self, param: impl ::core::convert::Into<::std::string::String>) -> ApiError {
                self.param = ::core::option::Option::Some(param.into());
                self
            }

            /// Records the HTTP status the error came with (overrides the catalog's).
            pub fn with_status(mut self, status: u16) -> ApiError {
                self.http_status = ::core::option::Option::Some(status);
                self
            }

            /// The human-readable message.
            pub fn message(&self) -> &str {
                &self.message
            }

            /// The error type.
            pub fn error_type(&self) -> &ErrorType {
                &self.error_type
            }

            /// The error code, if the body had one.
            pub fn code(&self) -> ::core::option::Option<&ErrorCode> {
                self.code.as_ref()
            }

            /// The parameter the error is about, if any.
            pub fn param(&self) -> ::core::option::Option<&str> {
                self.param.as_deref()
            }

            /// The HTTP status the error came with, if it was recorded.
            pub fn http_status(&self) -> ::core::option::Option<u16> {
                self.http_status
            }

            /// The HTTP status to answer with: the recorded one, else the code's, else the
            /// type's, else 500.
            pub fn status(&self) -> u16 {
                self.http_status
                    .or_else(|| self.code.as_ref().and_then(ErrorCode::status).map(Status::code))
                    .or_else(|| self.error_type.status().map(Status::code))
                    .unwrap_or(500)
            }

            /// Whether the request may be retried. A known code decides (so a 429 for an
            /// exhausted quota is never retried); otherwise the recorded HTTP status's
            /// default, then the type's; an unlisted status falls back to
            /// [`RetryPolicy::for_unlisted_status`]($crate::RetryPolicy::for_unlisted_status).
            pub fn retry_policy(&self) -> $crate::RetryPolicy {
                self.code
                    .as_ref()
                    .and_then(ErrorCode::retry_policy)
                    .or_else(|| self.http_status.and_then(Status::from_code).map(Status::retry_policy))
                    .or_else(|| self.http_status.map($crate::RetryPolicy::for_unlisted_status))
                    .or_else(|| self.error_type.retry_policy())
                    .unwrap_or($crate::RetryPolicy::Never)
            }

            /// Shorthand for `self.retry_policy().is_retryable()`.
            pub fn is_retryable(&self) -> bool {
                self.retry_policy().is_retryable()
            }

            /// What a client can do about it (empty for an unknown code or no code).
            pub fn remediation(&self) -> &'static [&'static str] {
                self.code.as_ref().map_or(&[], ErrorCode::remediation)
            }

            /// The documentation URL of the code, if known.
            pub fn doc_url(&self) -> ::core::option::Option<&'static str> {
                self.code.as_ref().and_then(ErrorCode::doc_url)
            }

            /// Parses an error body `{"error": {...}}`. Unknown types and codes are kept,
            /// extra members are ignored; only a body that is not an error envelope fails.
            pub fn from_json(body: &[u8]) -> ::core::result::Result<ApiError, $crate::__private::serde_json::Error> {
                $crate::__private::serde_json::from_slice::<ErrorEnvelope>(body).map(|e| e.error)
            }

            /// Parses an error body and records the HTTP status it came with.
            pub fn from_response(status: u16, body: &[u8]) -> ::core::result::Result<ApiError, $crate::__private::serde_json::Error> {
                ApiError::from_json(body).map(|e| e.with_status(status))
            }

            /// The error body `{"error": {...}}` as JSON. `code` and `param` are left out
            /// when absent.
            pub fn to_json(&self) -> ::std::string::String {
                // Serializing strings and enums of strings into a String cannot fail.
                $crate::__private::serde_json::to_string(&ErrorEnvelopeRef { error: self })
                    .unwrap_or_default()
            }

            /// Wraps the error in its envelope.
            pub fn into_envelope(self) -> ErrorEnvelope {
                ErrorEnvelope { error: self }
            }

            $(
                #[doc = concat!("A `", $cname, "` error: ", $cdesc)]
                #[doc = ""]
                #[doc = concat!("Message: \"", $cmessage, "\".")]
                pub fn $cctor($($carg: impl ::core::fmt::Display),*) -> ApiError {
                    let param: ::core::option::Option<&'static str> = $cparam;
                    ApiError {
                        message: ::std::format!($cmessage, $($carg = $carg),*),
                        error_type: ErrorType::$ctype,
                        code: ::core::option::Option::Some(ErrorCode::$cvariant),
                        param: param.map(::std::string::String::from),
                        http_status: ::core::option::Option::None,
                    }
                }
            )*
        }

        impl ::core::fmt::Display for ApiError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match &self.code {
                    ::core::option::Option::Some(code) => ::core::write!(f, "{} ({}, {})", self.message, self.error_type, code),
                    ::core::option::Option::None => ::core::write!(f, "{} ({})", self.message, self.error_type),
                }
            }
        }

        impl ::std::error::Error for ApiError {}

        /// The error body: `{"error": {"message", "type", "code", "param"}}`.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct ErrorEnvelope {
            /// The error object.
            pub error: ApiError,
        }

        struct ErrorEnvelopeRef<'a> {
            error: &'a ApiError,
        }

        const _: () = {
            use $crate::__private::serde;
            use serde::ser::SerializeStruct as _;

            impl serde::Serialize for ApiError {
                fn serialize<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    let len = 2 + usize::from(self.code.is_some()) + usize::from(self.param.is_some());
                    let mut st = s.serialize_struct("ApiError", len)?;
                    st.serialize_field("message", &self.message)?;
                    st.serialize_field("type", &self.error_type)?;
                    if let ::core::option::Option::Some(code) = &self.code {
                        st.serialize_field("code", code)?;
                    }
                    if let ::core::option::Option::Some(param) = &self.param {
                        st.serialize_field("param", param)?;
                    }
                    st.end()
                }
            }

            impl serde::Serialize for ErrorEnvelopeRef<'_> {
                fn serialize<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    let mut st = s.serialize_struct("ErrorEnvelope", 1)?;
                    st.serialize_field("error", self.error)?;
                    st.end()
                }
            }

            impl serde::Serialize for ErrorEnvelope {
                fn serialize<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    ErrorEnvelopeRef { error: &self.error }.serialize(s)
                }
            }

            impl<'de> serde::Deserialize<'de> for ApiError {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    struct Visitor;
                    impl<'de> serde::de::Visitor<'de> for Visitor {
                        type Value = ApiError;

                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str("an error object with `message` and `type`")
                        }

                        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<ApiError, A::Error> {
                            use serde::de::Error as _;
                            let mut message: ::core::option::Option<::std::string::String> = ::core::option::Option::None;
                            let mut error_type: ::core::option::Option<ErrorType> = ::core::option::Option::None;
                            let mut code: ::core::option::Option<::core::option::Option<ErrorCode>> = ::core::option::Option::None;
                            let mut param: ::core::option::Option<::core::option::Option<::std::string::String>> = ::core::option::Option::None;
                            while let ::core::option::Option::Some(key) = map.next_key::<$crate::__private::Key>()? {
                                match key {
                                    $crate::__private::Key::Message => {
                                        if message.is_some() { return ::core::result::Result::Err(A::Error::duplicate_field("message")); }
                                        message = ::core::option::Option::Some(map.next_value()?);
                                    }
                                    $crate::__private::Key::Type => {
                                        if error_type.is_some() { return ::core::result::Result::Err(A::Error::duplicate_field("type")); }
                                        error_type = ::core::option::Option::Some(map.next_value()?);
                                    }
                                    $crate::__private::Key::Code => {
                                        if code.is_some() { return ::core::result::Result::Err(A::Error::duplicate_field("code")); }
                                        code = ::core::option::Option::Some(map.next_value()?);
                                    }
                                    $crate::__private::Key::Param => {
                                        if param.is_some() { return ::core::result::Result::Err(A::Error::duplicate_field("param")); }
                                        param = ::core::option::Option::Some(map.next_value()?);
                                    }
                                    $crate::__private::Key::Error | $crate::__private::Key::Other => {
                                        map.next_value::<serde::de::IgnoredAny>()?;
                                    }
                                }
                            }
                            ::core::result::Result::Ok(ApiError {
                                message: message.ok_or_else(|| A::Error::missing_field("message"))?,
                                error_type: error_type.ok_or_else(|| A::Error::missing_field("type"))?,
                                code: code.flatten(),
                                param: param.flatten(),
                                http_status: ::core::option::Option::None,
                            })
                        }
                    }
                    d.deserialize_map(Visitor)
                }
            }

            impl<'de> serde::Deserialize<'de> for ErrorEnvelope {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    struct Visitor;
                    impl<'de> serde::de::Visitor<'de> for Visitor {
                        type Value = ErrorEnvelope;

                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str("an error body `{\"error\": {...}}`")
                        }

                        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<ErrorEnvelope, A::Error> {
                            use serde::de::Error as _;
                            let mut error: ::core::option::Option<ApiError> = ::core::option::Option::None;
                            while let ::core::option::Option::Some(key) = map.next_key::<$crate::__private::Key>()? {
                                match key {
                                    $crate::__private::Key::Error => {
                                        if error.is_some() { return ::core::result::Result::Err(A::Error::duplicate_field("error")); }
                                        error = ::core::option::Option::Some(map.next_value()?);
                                    }
                                    _ => {
                                        map.next_value::<serde::de::IgnoredAny>()?;
                                    }
                                }
                            }
                            ::core::result::Result::Ok(ErrorEnvelope {
                                error: error.ok_or_else(|| A::Error::missing_field("error"))?,
                            })
                        }
                    }
                    d.deserialize_map(Visitor)
                }
            }
        };
    };
}

/// `lookup`: wire name → known variant. Small tables use a `match`, which the compiler
/// turns into a switch on the length and a few word comparisons; larger ones a hash
/// table built at compile time, so the cost does not grow with the number of names.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_lookup {
    ($name:ident, $what:literal, [$($wire:literal => $variant:ident),*]) => {
        const _: () = {
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
                pub fn lookup(name: &str) -> ::core::option::Option<$name> {
                    if NAMES.len() <= $crate::__private::MATCH_MAX {
                        match name {
                            $($wire => ::core::option::Option::Some($name::$variant),)*
                            _ => ::core::option::Option::None,
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

/// The string-like impls shared by `ErrorType` and `ErrorCode`.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_string_enum {
    ($name:ident, $expecting:literal) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            /// Never fails: unknown names become `Unknown`.
            #[inline(always)]
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok($name::parse(s))
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::parse(s)
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                $name::lookup(&s).unwrap_or_else(|| $name::Unknown($crate::UnknownName::from(s)))
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl ::core::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        const _: () = {
            use $crate::__private::serde;

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(
                    &self,
                    s: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(
                    d: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    struct Visitor;
                    impl serde::de::Visitor<'_> for Visitor {
                        type Value = $name;

                        fn expecting(
                            &self,
                            f: &mut ::core::fmt::Formatter<'_>,
                        ) -> ::core::fmt::Result {
                            f.write_str($expecting)
                        }

                        #[inline]
                        fn visit_str<E: serde::de::Error>(
                            self,
                            v: &str,
                        ) -> ::core::result::Result<$name, E> {
                            ::core::result::Result::Ok($name::parse(v))
                        }

                        fn visit_string<E: serde::de::Error>(
                            self,
                            v: ::std::string::String,
                        ) -> ::core::result::Result<$name, E> {
                            ::core::result::Result::Ok($name::from(v))
                        }
                    }
                    d.deserialize_str(Visitor)
                }
            }
        };
    };
}
