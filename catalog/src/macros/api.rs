//! The expanded `ApiError`: a thin wrapper of the generic `ErrorObject` with its
//! builders, parsers, conversions, serde and the catalog traits.

/// The catalog traits for the expanded enums, and `ApiError` as a thin wrapper of
/// [`ErrorObject`](crate::ErrorObject): builders and parsers (which return `ApiError`),
/// `Deref` (through which every accessor of `ErrorObject` is a method of `ApiError`),
/// conversions and serde.
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
                fn stream() -> Option<$crate::stream::StreamFormat> {
                    $code::STREAM
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

                /// What one event of a stream of Server-Sent Events is: the end of a
                /// complete stream, an error (with no HTTP status of its own) or content
                /// (see [`kiwi_errors::stream`](crate::stream)). Never fails.
                pub fn from_stream_event(
                    name: &str,
                    data: &str,
                ) -> $crate::stream::StreamEvent<$api> {
                    ErrorObject::from_stream_event(name, data).map($api)
                }

                /// Attaches a delay: the client should wait at least `delay` before it
                /// retries. The HTTP conversions send it as `Retry-After` (whole seconds,
                /// rounded up) and `retry-after-ms`.
                pub fn retry_after(self, delay: ::core::time::Duration) -> $api {
                    $api(self.0.retry_after(delay))
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
                fn from_stream_event(name: &str, data: &str) -> $crate::stream::StreamEvent<$api> {
                    $api::from_stream_event(name, data)
                }
                fn stream_format() -> Option<$crate::stream::StreamFormat> {
                    $code::STREAM
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
                fn known_code_str(&self) -> Option<&str> {
                    self.0.code().filter(|c| c.is_known()).map($code::as_str)
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
