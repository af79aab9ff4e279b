//! [`ErrorObject`], the `error` object of an error body for any catalog, and
//! [`Envelope`], the `{"error": ...}` body around it, with their JSON forms.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::traits::{CatalogCode, CatalogName};
use crate::{CatalogError, RetryPolicy};

/// An API error of the catalog whose `ErrorCode` is `C`: message, type, code, param,
/// and the HTTP status when known.
///
/// A catalog's `ApiError` (from [`error_catalog!`](crate::error_catalog)) wraps one and
/// dereferences to it, so every method here is also a method of `ApiError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorObject<C: CatalogCode> {
    message: String,
    error_type: C::Type,
    code: Option<C>,
    param: Option<String>,
    http_status: Option<u16>,
}

impl<C: CatalogCode> ErrorObject<C> {
    /// An error of the given type with a free-form message and no code.
    pub fn new(error_type: C::Type, message: impl Into<String>) -> Self {
        ErrorObject {
            message: message.into(),
            error_type,
            code: None,
            param: None,
            http_status: None,
        }
    }

    /// Sets the code.
    pub fn with_code(mut self, code: C) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the parameter the error is about.
    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    /// Records the HTTP status the error came with (overrides the catalog's).
    pub fn with_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error type.
    pub fn error_type(&self) -> &C::Type {
        &self.error_type
    }

    /// The error code, if the body had one.
    pub fn code(&self) -> Option<&C> {
        self.code.as_ref()
    }

    /// The parameter the error is about, if any.
    pub fn param(&self) -> Option<&str> {
        self.param.as_deref()
    }

    /// The HTTP status the error came with, if it was recorded.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// The HTTP status to answer with: the recorded one, else the code's, else the
    /// type's, else 500.
    pub fn status(&self) -> u16 {
        self.http_status
            .or_else(|| self.code.as_ref().and_then(C::status_code))
            .or_else(|| self.error_type.status_code())
            .unwrap_or(500)
    }

    /// Whether the request may be retried. A known code decides (so a 429 for an
    /// exhausted quota is never retried); otherwise the recorded HTTP status's default,
    /// then the type's; an unlisted status falls back to
    /// [`RetryPolicy::for_unlisted_status`].
    pub fn retry_policy(&self) -> RetryPolicy {
        self.code
            .as_ref()
            .and_then(C::retry_policy)
            .or_else(|| {
                self.http_status.map(|status| {
                    C::status_retry_policy(status)
                        .unwrap_or(RetryPolicy::for_unlisted_status(status))
                })
            })
            .or_else(|| self.error_type.retry_policy())
            .unwrap_or(RetryPolicy::Never)
    }

    /// Shorthand for `self.retry_policy().is_retryable()`.
    pub fn is_retryable(&self) -> bool {
        self.retry_policy().is_retryable()
    }

    /// What a client can do about it (empty for an unknown code or no code).
    pub fn remediation(&self) -> &'static [&'static str] {
        self.code.as_ref().map_or(&[], C::remediation)
    }

    /// The documentation URL of the code, if known.
    pub fn doc_url(&self) -> Option<&'static str> {
        self.code.as_ref().and_then(C::doc_url)
    }

    /// Parses an error body `{"error": {...}}`. Unknown types and codes are kept, extra
    /// members are ignored; only a body that is not an error envelope fails.
    pub fn from_json(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice::<Envelope<Self>>(body).map(|envelope| envelope.error)
    }

    /// Parses an error body and records the HTTP status it came with.
    pub fn from_response(status: u16, body: &[u8]) -> Result<Self, serde_json::Error> {
        Self::from_json(body).map(|error| error.with_status(status))
    }

    /// The error of an HTTP response, whatever its body: a body that is not an error
    /// envelope becomes an error of the unknown type `http_error` whose message is the
    /// body text.
    pub fn from_response_lossy(status: u16, body: &[u8]) -> Self {
        Self::from_response(status, body).unwrap_or_else(|_| {
            Self::new(C::Type::parse("http_error"), String::from_utf8_lossy(body))
                .with_status(status)
        })
    }

    /// The error body `{"error": {...}}` as JSON. `code` and `param` are left out when
    /// absent.
    pub fn to_json(&self) -> String {
        // Serializing strings and enums of strings into a String cannot fail.
        serde_json::to_string(&Envelope { error: self }).unwrap_or_default()
    }
}

impl<C: CatalogCode> fmt::Display for ErrorObject<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{} ({}, {})", self.message, self.error_type, code),
            None => write!(f, "{} ({})", self.message, self.error_type),
        }
    }
}

impl<C: CatalogCode> std::error::Error for ErrorObject<C> {}

impl<C: CatalogCode> CatalogError for ErrorObject<C> {
    fn from_http_response(status: u16, body: &[u8]) -> Self {
        Self::from_response_lossy(status, body)
    }

    fn status(&self) -> u16 {
        ErrorObject::status(self)
    }

    fn retry_policy(&self) -> RetryPolicy {
        ErrorObject::retry_policy(self)
    }

    fn code_str(&self) -> Option<&str> {
        self.code.as_ref().map(C::as_str)
    }

    fn type_str(&self) -> &str {
        self.error_type.as_str()
    }

    fn to_json(&self) -> String {
        ErrorObject::to_json(self)
    }
}

/// The error body, `{"error": {"message", "type", "code", "param"}}`, around an error
/// object `E` (a catalog's `ApiError`, whose `ErrorEnvelope` is `Envelope<ApiError>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope<E> {
    /// The error object.
    pub error: E,
}

impl<C: CatalogCode> Serialize for ErrorObject<C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = 2 + usize::from(self.code.is_some()) + usize::from(self.param.is_some());
        let mut st = s.serialize_struct("ApiError", len)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("type", &self.error_type)?;
        if let Some(code) = &self.code {
            st.serialize_field("code", code)?;
        }
        if let Some(param) = &self.param {
            st.serialize_field("param", param)?;
        }
        st.end()
    }
}

impl<E: Serialize> Serialize for Envelope<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ErrorEnvelope", 1)?;
        st.serialize_field("error", &self.error)?;
        st.end()
    }
}

/// The members of an error body that the parser reads; everything else is skipped.
enum Key {
    Message,
    Type,
    Code,
    Param,
    Error,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
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

/// Stores the value of a member met for the first time; a repeated member is an error.
fn set_once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de, C: CatalogCode> Deserialize<'de> for ErrorObject<C> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<C>(PhantomData<C>);
        impl<'de, C: CatalogCode> Visitor<'de> for ObjectVisitor<C> {
            type Value = ErrorObject<C>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error object with `message` and `type`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorObject<C>, A::Error> {
                let mut message: Option<String> = None;
                let mut error_type: Option<C::Type> = None;
                let mut code: Option<Option<C>> = None;
                let mut param: Option<Option<String>> = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Message => set_once(&mut map, &mut message, "message")?,
                        Key::Type => set_once(&mut map, &mut error_type, "type")?,
                        Key::Code => set_once(&mut map, &mut code, "code")?,
                        Key::Param => set_once(&mut map, &mut param, "param")?,
                        Key::Error | Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(ErrorObject {
                    message: message.ok_or_else(|| de::Error::missing_field("message"))?,
                    error_type: error_type.ok_or_else(|| de::Error::missing_field("type"))?,
                    code: code.flatten(),
                    param: param.flatten(),
                    http_status: None,
                })
            }
        }
        d.deserialize_map(ObjectVisitor(PhantomData))
    }
}

impl<'de, E: Deserialize<'de>> Deserialize<'de> for Envelope<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor<E>(PhantomData<E>);
        impl<'de, E: Deserialize<'de>> Visitor<'de> for EnvelopeVisitor<E> {
            type Value = Envelope<E>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error body `{\"error\": {...}}`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<E>, A::Error> {
                let mut error: Option<E> = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Error => set_once(&mut map, &mut error, "error")?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Envelope {
                    error: error.ok_or_else(|| de::Error::missing_field("error"))?,
                })
            }
        }
        d.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}
