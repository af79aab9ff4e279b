//! `error_catalog!`: the rows of a table expanded into the enums and their per-row
//! `match`es.

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
        $(
            mod stream {
                const _: Stream = Stream {
                    event: $stevent:literal,
                    shape: $stshape:ident,
                    end: $stend:ident $(($stendval:literal))?,
                    codes: [$($stcode:ident),* $(,)?] $(,)?
                };
            }
        )?
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
        #[doc = concat!(
            "Servers build one with a per-code constructor",
            $crate::__error_catalog_example_ctor!($($cctor),*),
            " and send its `to_json()` with its `status()`; clients read a response with \
             [`ApiError::from_http_response`], which never fails, even on a type or code \
             this build does not know. It wraps, and dereferences to, the generic \
             [`ErrorObject`](::kiwi_errors::ErrorObject), which holds the accessors, the \
             retry decision and the JSON form."
        )]
        #[derive(Clone, PartialEq, Eq)]
        pub struct ApiError($crate::ErrorObject<ErrorCode>);

        /// The error body: `{"error": {"message", "type", "code", "param"}}`.
        pub type ErrorEnvelope = $crate::Envelope<ApiError>;

        const _: () = {
            use $crate::__private::prelude::*;

            impl Status {
                /// Every status of the table, in catalog order.
                pub const ALL: &'static [Status] = &[$(Status::$svariant),*];

                /// The numeric HTTP status.
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

                /// Its name in the catalog's status table.
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

                /// How the catalog's API sends errors in a stream of Server-Sent Events
                /// and ends a complete one (its `[stream]` table), if it says (see
                /// [`kiwi_errors::stream`]($crate::stream)).
                pub const STREAM: Option<$crate::stream::StreamFormat> =
                    $crate::__error_catalog_stream!($($stevent, $stshape, $stend $(($stendval))?)?);

                /// Whether the catalog lists this code among those that may arrive in
                /// the middle of a stream.
                pub fn in_streams(&self) -> bool {
                    $crate::__error_catalog_in_streams!(self, ErrorCode; $($($stcode),*)?)
                }
            }

            $crate::__error_catalog_lookup!(ErrorCode, "code", [$($cname => $cvariant),*]);
            $crate::__error_catalog_string_enum!(ErrorCode, "an error code");
            $crate::__error_catalog_traits!(Status, ErrorType, ErrorCode, ApiError);

            impl ApiError {
                $(
                    #[doc = concat!("The `", $cname, "` error: ", $cdesc)]
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

/// ` (e.g. `ApiError::first_constructor`)`, from the first row of a table, or nothing
/// for a table without codes: the example in `ApiError`'s documentation.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_example_ctor {
    () => {
        ""
    };
    ($first:ident $(, $rest:ident)*) => {
        concat!(" (e.g. `ApiError::", stringify!($first), "`)")
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

/// The `STREAM` constant of a table: `None` without a `mod stream`, else its format.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_stream {
    () => {
        None
    };
    ($event:literal, $shape:ident, None) => {
        Some($crate::stream::StreamFormat {
            event: $event,
            shape: $crate::stream::StreamShape::$shape,
            end: None,
        })
    };
    ($event:literal, $shape:ident, $end:ident($value:literal)) => {
        Some($crate::stream::StreamFormat {
            event: $event,
            shape: $crate::stream::StreamShape::$shape,
            end: Some($crate::stream::StreamEnd::$end($value)),
        })
    };
}

/// Whether a code is one of the listed variants (none: never).
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_in_streams {
    ($value:expr, $code:ident;) => {
        false
    };
    ($value:expr, $code:ident; $($variant:ident),+) => {
        matches!($value, $($code::$variant)|+)
    };
}
