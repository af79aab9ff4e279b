//! [`ErrorObject`], the `error` object of an error body for any catalog, and
//! [`Envelope`], the `{"error": ...}` body around it, with their JSON forms.

use core::fmt;
use core::marker::PhantomData;
use core::time::Duration;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::traits::{CatalogCode, CatalogName};
use crate::{CatalogError, RetryPolicy};

/// An API error of the catalog whose `ErrorCode` is `C`: message, type, code, param,
/// and the HTTP status when known.
///
/// A catalog's `ApiError` (from [`error_catalog!`](crate::error_catalog)) wraps one and
/// dereferences to it, so every method here is also a method of `ApiError`.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorObject<C: CatalogCode> {
    message: String,
    error_type: C::Type,
    code: Option<C>,
    param: Option<String>,
    // Rarely set (by a server, before it answers), so boxed: the object stays within
    // 128 bytes, which the compiler moves with inline copies rather than calls to
    // `memcpy` (every parsed error is moved several times on its way out of serde).
    retry_after: Option<Box<Duration>>,
    received: Received,
}

/// How an error was received: the HTTP status it came with, if recorded. In one word,
/// which a parsed body writes with a single store (narrow stores read back by the wide
/// loads that move the object stall the copy).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Received(u32);

impl Received {
    /// Set when a status is recorded; the status is in the low 16 bits.
    const HAS_STATUS: u32 = 1 << 16;
    /// No status recorded: a built error, or a body not yet tied to a response.
    const NEW: Received = Received(0);

    fn status(self) -> Option<u16> {
        (self.0 & Self::HAS_STATUS != 0).then_some(self.0 as u16)
    }

    fn with_status(self, status: u16) -> Received {
        Received(self.0 & !0xFFFF | Self::HAS_STATUS | u32::from(status))
    }
}

impl<C: CatalogCode> fmt::Debug for ErrorObject<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorObject")
            .field("message", &self.message)
            .field("error_type", &self.error_type)
            .field("code", &self.code)
            .field("param", &self.param)
            .field("http_status", &self.received.status())
            .field("retry_after", &self.retry_delay())
            .finish()
    }
}

/// The longest message kept from a body that is not an error envelope: the first
/// 1 KiB of its text (cut on a character boundary), followed by a note of its length.
pub const MAX_TEXT_MESSAGE: usize = 1024;

/// The deepest nesting of arrays and objects in a body read as JSON, the outermost value
/// at depth 1: deeper anywhere, and the body is not JSON (the retry specification,
/// section 7.1; serde_json's recursion limit).
pub const MAX_JSON_DEPTH: usize = 127;

/// The largest magnitude of a number read as a code or param: 2⁵³ − 1, the largest
/// integer every JSON parser reads exactly.
pub const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_991.0;

impl<C: CatalogCode> ErrorObject<C> {
    /// An error of the given type with a free-form message and no code.
    pub fn new(error_type: C::Type, message: impl Into<String>) -> Self {
        ErrorObject {
            message: message.into(),
            error_type,
            code: None,
            param: None,
            retry_after: None,
            received: Received::NEW,
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
        self.received = self.received.with_status(status);
        self
    }

    /// Attaches a delay: the server asks the client to wait at least `delay` before it
    /// retries. The HTTP conversions send it as `Retry-After` (whole seconds, rounded
    /// up) and `retry-after-ms`.
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = Some(Box::new(delay));
        self
    }

    /// The delay attached with [`ErrorObject::retry_after`], if any.
    pub fn retry_delay(&self) -> Option<Duration> {
        self.retry_after.as_deref().copied()
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
        self.received.status()
    }

    /// The HTTP status to answer with: the recorded one, else the code's, else the
    /// type's, else 500.
    pub fn status(&self) -> u16 {
        self.received
            .status()
            .or_else(|| self.code.as_ref().and_then(C::status_code))
            .or_else(|| self.error_type.status_code())
            .unwrap_or(500)
    }

    /// Whether the request may be retried (the retry specification, section 8): a known
    /// code decides, wherever it was read from (so a 429 for an exhausted quota is never
    /// retried); otherwise the default of its status — the recorded HTTP status, else, for
    /// an error that came without one (built in-process, or read from a stream), its
    /// type's status, else 500, as [`ErrorObject::status`] answers — with
    /// [`RetryPolicy::for_unlisted_status`] for a status the catalog does not list.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry_policy_from(C::retry_policy, C::status_retry_policy, |t| t.status_code())
    }

    /// [`ErrorObject::retry_policy`]'s order, with the catalog given as lookups (for a
    /// catalog known only at run time, such as the generator's model): a known code's
    /// policy, else the default of the status — the recorded one, else the type's
    /// (`type_status`), else 500 — its listed default, else
    /// [`RetryPolicy::for_unlisted_status`].
    pub fn retry_policy_from(
        &self,
        code: impl FnOnce(&C) -> Option<RetryPolicy>,
        status: impl FnOnce(u16) -> Option<RetryPolicy>,
        type_status: impl FnOnce(&C::Type) -> Option<u16>,
    ) -> RetryPolicy {
        self.code.as_ref().and_then(code).unwrap_or_else(|| {
            let s = self
                .received
                .status()
                .or_else(|| type_status(&self.error_type))
                .unwrap_or(500);
            status(s).unwrap_or(RetryPolicy::for_unlisted_status(s))
        })
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

    /// Parses an error body and records the HTTP status it came with. Fails on a body
    /// that is not a well-formed error envelope; a client reading real responses wants
    /// [`ErrorObject::from_http_response`], which never fails.
    pub fn from_response(status: u16, body: &[u8]) -> Result<Self, serde_json::Error> {
        Self::from_json(body).map(|error| error.with_status(status))
    }

    /// The error of an HTTP response, whatever its body, read as the retry
    /// specification says (`docs/spec/retry.md`, section 7). Never fails:
    ///
    /// * a body that is JSON and an object whose `error` member is an object gives its
    ///   `message` (else the body's text), its `type` (else the status's), its `code`
    ///   and `param` read as text: a string as is, an integer of magnitude at most
    ///   2⁵³ − 1 as its digits (`"code": 400123` gives the code `"400123"`), anything
    ///   else absent;
    /// * `{"error": "text"}` (or a top-level `{"message": "text"}`) gives that message;
    /// * any other body (HTML, plain text, empty, JSON with a lone surrogate, a number
    ///   out of range or nesting deeper than [`MAX_JSON_DEPTH`]) gives its text as the
    ///   message, cut to [`MAX_TEXT_MESSAGE`] bytes with a note of the full length.
    ///
    /// Without a type in the body, the type is the status's: the catalog's type for that
    /// status if it has exactly one, else an unknown type named after the status class
    /// (`http_4xx_error`, `http_5xx_error`). The status is recorded either way, and a
    /// known code decides the retry policy however the body was written.
    ///
    /// ```
    /// # #[cfg(feature = "llm-kiwi")] {
    /// use kiwi_errors::{ApiError, ErrorType};
    ///
    /// let err = ApiError::from_http_response(503, b"<html>upstream down</html>");
    /// assert_eq!(err.error_type(), &ErrorType::ServiceUnavailableError);
    /// assert_eq!(err.message(), "<html>upstream down</html>");
    ///
    /// let err = ApiError::from_http_response(400, br#"{"error": {"message": "m", "type": "invalid_request_error", "code": 400123}}"#);
    /// assert_eq!(err.code().unwrap().as_str(), "400123");
    /// # }
    /// ```
    pub fn from_http_response(status: u16, body: &[u8]) -> Self {
        Self::from_http_response_with(status, body, Self::status_type)
    }

    /// [`ErrorObject::from_http_response`], with the type of a status whose body names
    /// none given as a lookup (for a catalog known only at run time, such as the
    /// generator's model).
    pub fn from_http_response_with(
        status: u16,
        body: &[u8],
        status_type: impl FnOnce(u16) -> C::Type,
    ) -> Self {
        // A conforming envelope reads fast and gives what the general reading would.
        Self::from_json(body)
            .unwrap_or_else(|_| Self::from_lenient(status, body, status_type))
            .with_status(status)
    }

    /// The type an error of `status` gets when its body names none: the catalog's only
    /// type of that status, else `http_Nxx_error` (the retry specification, 7.3).
    pub fn status_type(status: u16) -> C::Type {
        let mut of_status = C::types()
            .iter()
            .filter(|ty| ty.status_code() == Some(status));
        match (of_status.next(), of_status.next()) {
            (Some(only), None) => only.clone(),
            _ => C::Type::parse(&format!("http_{}xx_error", (status / 100) % 10)),
        }
    }

    /// The error of a body that is not a strict error envelope (the retry
    /// specification, section 7.2).
    fn from_lenient(status: u16, body: &[u8], status_type: impl FnOnce(u16) -> C::Type) -> Self {
        use serde_json::Value;

        let value = serde_json::from_slice::<Value>(body).ok();
        let (error, top) = match &value {
            Some(Value::Object(top)) => (top.get("error"), Some(top)),
            _ => (None, None),
        };
        match error {
            Some(Value::Object(object)) => {
                let message = match object.get("message") {
                    Some(Value::String(message)) => message.clone(),
                    _ => text_message(body),
                };
                let error_type = match object.get("type") {
                    Some(Value::String(ty)) => C::Type::parse(ty),
                    _ => status_type(status),
                };
                let mut error = Self::new(error_type, message);
                error.code = object.get("code").and_then(as_text).map(|c| C::parse(&c));
                error.param = object.get("param").and_then(as_text);
                error
            }
            Some(Value::String(message)) => Self::new(status_type(status), message.clone()),
            _ => {
                let message = match top.and_then(|top| top.get("message")) {
                    Some(Value::String(message)) => message.clone(),
                    _ => text_message(body),
                };
                Self::new(status_type(status), message)
            }
        }
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

/// The text of a body that is not an error envelope, as a message: at most
/// [`MAX_TEXT_MESSAGE`] bytes, cut on a character boundary, with a note of the full
/// length when cut; an empty body says so.
pub(crate) fn text_message(body: &[u8]) -> String {
    if body.is_empty() {
        return String::from("(empty body)");
    }
    let mut cut = body.len() > MAX_TEXT_MESSAGE;
    let head = if cut {
        without_partial_char(&body[..MAX_TEXT_MESSAGE])
    } else {
        body
    };
    let mut text = String::from_utf8_lossy(head).into_owned();
    // Invalid bytes decode as 3-byte U+FFFD: the text may outgrow the cap.
    if text.len() > MAX_TEXT_MESSAGE {
        let mut end = MAX_TEXT_MESSAGE;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        cut = true;
    }
    if cut {
        text.push_str(&format!(" … ({} bytes in all)", body.len()));
    }
    text
}

/// A member read as text (the retry specification, section 7.2): a string as is, a
/// number whose value is an integer of magnitude at most 2⁵³ − 1 as its digits;
/// anything else is no value.
pub(crate) fn as_text(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                return ((i.unsigned_abs() as f64) <= MAX_EXACT_INTEGER).then(|| i.to_string());
            }
            if let Some(u) = n.as_u64() {
                return ((u as f64) <= MAX_EXACT_INTEGER).then(|| u.to_string());
            }
            let x = n.as_f64()?;
            (x.fract() == 0.0 && x.abs() <= MAX_EXACT_INTEGER).then(|| format!("{}", x as i64))
        }
        _ => None,
    }
}

/// `bytes` without a UTF-8 sequence cut short at its end.
fn without_partial_char(bytes: &[u8]) -> &[u8] {
    let n = bytes.len();
    let mut start = n;
    while start > 0 && n - start < 3 && bytes[start - 1] & 0xC0 == 0x80 {
        start -= 1;
    }
    let Some(lead_at) = start.checked_sub(1) else {
        return bytes;
    };
    let needed = match bytes[lead_at] {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return bytes,
    };
    if n - lead_at < needed {
        &bytes[..lead_at]
    } else {
        bytes
    }
}

impl<C: CatalogCode> CatalogError for ErrorObject<C> {
    fn from_http_response(status: u16, body: &[u8]) -> Self {
        ErrorObject::from_http_response(status, body)
    }

    fn from_stream_event(name: &str, data: &str) -> crate::stream::StreamEvent<Self> {
        ErrorObject::from_stream_event(name, data)
    }

    fn stream_format() -> Option<crate::stream::StreamFormat> {
        C::stream()
    }

    fn retry_delay(&self) -> Option<Duration> {
        ErrorObject::retry_delay(self)
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

    fn known_code_str(&self) -> Option<&str> {
        // Every code of a table has a retry policy; an `Unknown` one has none.
        self.code
            .as_ref()
            .filter(|c| c.retry_policy().is_some())
            .map(C::as_str)
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
///
/// With serde, a catalog's `ApiError` serializes to the whole body, exactly the bytes of
/// `to_json()`, so a framework that serializes the error itself (`Json(err)`) sends a
/// conforming body; it deserializes from the body or from the bare inner object. An
/// `Envelope` serializes to the same body; the generic [`ErrorObject`] serializes to the
/// inner object, the `error` member.
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

/// What an [`Envelope`] holds: a value that is, or wraps, an [`ErrorObject`]
/// (a catalog's `ApiError` implements it through `error_catalog!`).
pub trait AsErrorObject {
    /// The catalog's `ErrorCode`.
    type Code: CatalogCode;

    /// The error object.
    fn as_error_object(&self) -> &ErrorObject<Self::Code>;
}

impl<C: CatalogCode> AsErrorObject for ErrorObject<C> {
    type Code = C;

    fn as_error_object(&self) -> &ErrorObject<C> {
        self
    }
}

impl<T: AsErrorObject> AsErrorObject for &T {
    type Code = T::Code;

    fn as_error_object(&self) -> &ErrorObject<T::Code> {
        (**self).as_error_object()
    }
}

impl<E: AsErrorObject> Serialize for Envelope<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ErrorEnvelope", 1)?;
        st.serialize_field("error", self.error.as_error_object())?;
        st.end()
    }
}

impl<C: CatalogCode> ErrorObject<C> {
    /// Deserializes either a whole body `{"error": {...}}` or the bare inner object:
    /// what a catalog's `ApiError` accepts with serde.
    #[inline]
    pub fn deserialize_body_or_object<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor::<C, true> {
            marker: PhantomData,
        })
    }
}

/// A value the parser does not read, checked as the general reading checks every
/// value (the retry specification, section 7.1): through `deserialize_any`, so that
/// its strings are decoded (a lone surrogate or invalid UTF-8 fails), its numbers
/// converted (one out of range fails) and its nesting counted against serde_json's
/// limit; nothing is kept. (`IgnoredAny` skips faster but accepts all three.)
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_none<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
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

/// Reads a member name as a [`Key`]. Each loop that reads names passes a `SITE` of its
/// own, so that each gets its own copy of the name parsing: the compiler inlines it into
/// the loop and merges the name comparisons with the loop's `match` on the key, as it
/// does for the fields of a struct derived with serde. A single copy shared by the loops
/// stays a call, whose result is matched a second time.
struct KeySeed<const SITE: u8>;

impl<'de, const SITE: u8> DeserializeSeed<'de> for KeySeed<SITE> {
    type Value = Key;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<const SITE: u8> Visitor<'_> for KeySeed<SITE> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    #[inline]
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

/// Stores the value of a member met for the first time; a repeated member is an error.
#[inline]
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

/// Marks a member as met; a repeated member is an error.
#[inline]
fn first_time<E: de::Error>(seen: &mut bool, name: &'static str) -> Result<(), E> {
    if *seen {
        return Err(E::duplicate_field(name));
    }
    *seen = true;
    Ok(())
}

/// Reads the object of a nested `error` member: a rare form, kept out of the loop that
/// reads the members of an error object.
#[inline(never)]
fn nested_object<'de, A: MapAccess<'de>, C: CatalogCode>(
    map: &mut A,
) -> Result<ErrorObject<C>, A::Error> {
    map.next_value()
}

/// Reads an error object; with `BODY_ALLOWED`, a member `error` holds the whole object
/// (the body form) and the other members are ignored.
struct ObjectVisitor<C, const BODY_ALLOWED: bool> {
    marker: PhantomData<C>,
}

impl<'de, C: CatalogCode, const BODY_ALLOWED: bool> Visitor<'de>
    for ObjectVisitor<C, BODY_ALLOWED>
{
    type Value = ErrorObject<C>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error object with `message` and `type`")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorObject<C>, A::Error> {
        let mut message: Option<String> = None;
        let mut error_type: Option<C::Type> = None;
        // `code` and `param` may be null (absent): a flag records that they were met.
        let mut code: Option<C> = None;
        let mut param: Option<String> = None;
        let (mut code_seen, mut param_seen) = (false, false);
        let mut inner: Option<ErrorObject<C>> = None;
        // One site for each form (see `KeySeed`); the envelope's loops are 0 and 1.
        while let Some(key) = if BODY_ALLOWED {
            map.next_key_seed(KeySeed::<2>)?
        } else {
            map.next_key_seed(KeySeed::<3>)?
        } {
            match key {
                Key::Message => set_once(&mut map, &mut message, "message")?,
                Key::Type => set_once(&mut map, &mut error_type, "type")?,
                Key::Code => {
                    first_time(&mut code_seen, "code")?;
                    code = map.next_value()?;
                }
                Key::Param => {
                    first_time(&mut param_seen, "param")?;
                    param = map.next_value()?;
                }
                Key::Error if BODY_ALLOWED => {
                    if inner.is_some() {
                        return Err(de::Error::duplicate_field("error"));
                    }
                    inner = Some(nested_object(&mut map)?);
                }
                Key::Error | Key::Other => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        if let Some(inner) = inner {
            return Ok(inner);
        }
        Ok(ErrorObject {
            message: message.ok_or_else(|| de::Error::missing_field("message"))?,
            error_type: error_type.ok_or_else(|| de::Error::missing_field("type"))?,
            code,
            param,
            retry_after: None,
            received: Received::NEW,
        })
    }
}

impl<'de, C: CatalogCode> Deserialize<'de> for ErrorObject<C> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor::<C, false> {
            marker: PhantomData,
        })
    }
}

impl<'de, E: Deserialize<'de>> Deserialize<'de> for Envelope<E> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor<E>(PhantomData<E>);
        impl<'de, E: Deserialize<'de>> Visitor<'de> for EnvelopeVisitor<E> {
            type Value = Envelope<E>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error body `{\"error\": {...}}`")
            }

            #[inline]
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<E>, A::Error> {
                // Members before the first `error` are skipped...
                loop {
                    match map.next_key_seed(KeySeed::<0>)? {
                        Some(Key::Error) => break,
                        Some(_) => {
                            map.next_value::<Skip>()?;
                        }
                        None => return Err(de::Error::missing_field("error")),
                    }
                }
                // ...its value goes straight into the envelope, not through an `Option`...
                let envelope = Envelope {
                    error: map.next_value()?,
                };
                // ...and the members after it are skipped, but for a second `error`.
                while let Some(key) = map.next_key_seed(KeySeed::<1>)? {
                    match key {
                        Key::Error => return Err(de::Error::duplicate_field("error")),
                        _ => {
                            map.next_value::<Skip>()?;
                        }
                    }
                }
                Ok(envelope)
            }
        }
        d.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

#[cfg(test)]
mod depth_tests {
    use super::MAX_JSON_DEPTH;

    /// `MAX_JSON_DEPTH` is what the JSON parser of the runtime accepts, no more.
    #[test]
    fn max_json_depth_is_the_parsers_limit() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(serde_json::from_str::<serde_json::Value>(&nested(MAX_JSON_DEPTH)).is_ok());
        assert!(serde_json::from_str::<serde_json::Value>(&nested(MAX_JSON_DEPTH + 1)).is_err());
        // A skipped member of a body counts too: the outermost object is depth 1.
        let skipped = |n: usize| format!(r#"{{"x": {}}}"#, nested(n));
        assert!(serde_json::from_str::<super::Skip>(&skipped(MAX_JSON_DEPTH - 1)).is_ok());
        assert!(serde_json::from_str::<super::Skip>(&skipped(MAX_JSON_DEPTH)).is_err());
    }
}

#[cfg(all(test, feature = "llm-kiwi"))]
mod tests {
    use core::time::Duration;

    use crate::{ErrorCode, ErrorObject, ErrorType};

    #[test]
    fn a_parsed_error_fits_in_the_size_moved_with_inline_copies() {
        assert!(size_of::<ErrorObject<ErrorCode>>() <= 128);
    }

    #[test]
    fn status_delay_and_the_deciding_code_read_back_as_set() {
        let err = ErrorObject::<ErrorCode>::new(ErrorType::RateLimitError, "slow down");
        assert_eq!((err.http_status(), err.retry_delay()), (None, None));
        let err = err
            .with_status(0)
            .with_status(u16::MAX)
            .retry_after(Duration::from_millis(1500));
        assert_eq!(err.http_status(), Some(u16::MAX));
        assert_eq!(err.retry_delay(), Some(Duration::from_millis(1500)));
        assert_eq!(err.clone(), err);
        assert_ne!(err.clone().with_status(429), err);
    }

    #[test]
    fn debug_shows_every_field() {
        let err = ErrorObject::<ErrorCode>::new(ErrorType::RateLimitError, "slow down")
            .with_code(ErrorCode::Unknown("new_code".into()))
            .with_param("model")
            .with_status(429)
            .retry_after(Duration::from_secs(2));
        assert_eq!(
            format!("{err:?}"),
            "ErrorObject { message: \"slow down\", error_type: RateLimitError, \
             code: Some(Unknown(\"new_code\")), param: Some(\"model\"), \
             http_status: Some(429), retry_after: Some(2s) }"
        );
    }
}
