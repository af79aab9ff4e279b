//! Structured Field Values for HTTP (RFC 9651): the parsing algorithms of its
//! section 4.2, step by step, over a field value given as its field lines.
//!
//! The `RateLimit` and `RateLimit-Policy` fields (draft-ietf-httpapi-ratelimit-headers)
//! are structured fields. [`parse_list`], [`parse_dictionary`] and [`parse_item`] take
//! the lines of one field, combine them as RFC 9110 section 5.3 says (joined with
//! `", "`), and return the parsed value or an [`Error`]. An empty field value is an
//! empty List or Dictionary (and a failed Item); whether the field is present at all
//! is the caller's business.
//!
//! Every type of RFC 9651 is read: Integer, Decimal, String, Token, Byte Sequence,
//! Boolean, Date and Display String, Inner Lists and Parameters. Where the RFC says a
//! parser SHOULD NOT fail, it does not: a Byte Sequence without its `=` padding, or
//! with non-zero pad bits, is decoded.
//!
//! # Limits
//!
//! Each limit is at least what RFC 9651 section 3 requires parsers to support; beyond
//! it, parsing fails, so that no input costs more than a bounded amount of work:
//!
//! * [`MAX_FIELD_LEN`]: 32 KiB of combined field value (a Byte Sequence of the
//!   required 16384 bytes is 21850 characters);
//! * [`MAX_MEMBERS`]: 1024 members of a List, and 1024 members of a Dictionary,
//!   a repeated key counted each time it appears;
//! * [`MAX_INNER_LIST`]: 256 items in an Inner List;
//! * [`MAX_PARAMS`]: 256 parameters on one Item or Inner List, a repeated key counted
//!   each time it appears.
//!
//! Keys, Strings, Tokens, Byte Sequences and Display Strings are bounded by the field
//! length only (the RFC asks for 64, 1024, 512, 16384 and no particular number).
//!
//! No input can make a parser panic: every read is checked, numbers are bounded before
//! they are accumulated, and nothing recurses deeper than an Item in an Inner List.

use core::fmt;

/// The longest field value parsed, in bytes, once its lines are combined: 32 KiB.
pub(crate) const MAX_FIELD_LEN: usize = 32 * 1024;

/// The most members a List or a Dictionary may have (RFC 9651 section 3.1 and 3.2).
pub(crate) const MAX_MEMBERS: usize = 1024;

/// The most items an Inner List may have (RFC 9651 section 3.1.1).
pub(crate) const MAX_INNER_LIST: usize = 256;

/// The most parameters an Item or an Inner List may have (RFC 9651 section 3.1.2).
pub(crate) const MAX_PARAMS: usize = 256;

/// Why a field value is not a structured field: the byte offset in the combined field
/// value where parsing stopped, and what was wrong there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Error {
    /// The byte offset in the combined field value.
    pub(crate) at: usize,
    /// What the parser expected or rejected.
    pub(crate) reason: &'static str,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.at)
    }
}

/// A Decimal (RFC 9651 section 3.3.2): at most 12 integer and 3 fraction digits, kept
/// exactly as a whole number of thousandths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Decimal(i64);

impl Decimal {
    /// The decimal of so many thousandths: `Decimal::from_thousandths(1500)` is 1.5.
    pub(crate) const fn from_thousandths(thousandths: i64) -> Self {
        Decimal(thousandths)
    }

    /// The value in thousandths.
    pub(crate) const fn thousandths(self) -> i64 {
        self.0
    }

    /// The value as a float (the nearest one: every Decimal has at most 15 digits).
    pub(crate) fn to_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

/// A Bare Item (RFC 9651 section 3.3).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BareItem {
    /// An Integer, within ±999,999,999,999,999.
    Integer(i64),
    /// A Decimal.
    Decimal(Decimal),
    /// A String: printable ASCII, its escapes removed.
    String(String),
    /// A Token.
    Token(String),
    /// A Byte Sequence, decoded.
    ByteSequence(Vec<u8>),
    /// A Boolean.
    Boolean(bool),
    /// A Date: seconds since the Unix epoch, within ±999,999,999,999,999.
    Date(i64),
    /// A Display String, decoded.
    DisplayString(String),
}

impl BareItem {
    /// The Integer, if this is one.
    pub(crate) fn as_integer(&self) -> Option<i64> {
        match *self {
            BareItem::Integer(n) => Some(n),
            _ => None,
        }
    }

    /// The Decimal, if this is one.
    pub(crate) fn as_decimal(&self) -> Option<Decimal> {
        match *self {
            BareItem::Decimal(d) => Some(d),
            _ => None,
        }
    }

    /// The String, if this is one.
    pub(crate) fn as_string(&self) -> Option<&str> {
        match self {
            BareItem::String(s) => Some(s),
            _ => None,
        }
    }

    /// The Token, if this is one.
    pub(crate) fn as_token(&self) -> Option<&str> {
        match self {
            BareItem::Token(t) => Some(t),
            _ => None,
        }
    }

    /// The Boolean, if this is one.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match *self {
            BareItem::Boolean(b) => Some(b),
            _ => None,
        }
    }
}

/// An ordered map with string keys, as Parameters and Dictionaries are: inserting a key
/// already present replaces its value where it stands (RFC 9651: the last value wins).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Map<V>(Vec<(String, V)>);

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<V> Map<V> {
    /// The value of `key`, if present.
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Inserts `value` at the end, or over the value of `key` if present, in its place.
    pub(crate) fn insert(&mut self, key: String, value: V) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    /// The keys and values, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of keys.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no keys.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parameters (RFC 9651 section 3.1.2): keys with Bare Item values, in order.
pub(crate) type Params = Map<BareItem>;

/// An Item (RFC 9651 section 3.3): a Bare Item and its Parameters.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    /// The value.
    pub(crate) bare: BareItem,
    /// The parameters.
    pub(crate) params: Params,
}

/// An Inner List (RFC 9651 section 3.1.1): Items and the list's own Parameters.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct InnerList {
    /// The items.
    pub(crate) items: Vec<Item>,
    /// The parameters of the list as a whole.
    pub(crate) params: Params,
}

/// A member of a List, or the value of a Dictionary member: an Item or an Inner List.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ListEntry {
    /// An Item.
    Item(Item),
    /// An Inner List.
    InnerList(InnerList),
}

/// A List (RFC 9651 section 3.1).
pub(crate) type List = Vec<ListEntry>;

/// A Dictionary (RFC 9651 section 3.2): keys with an Item or Inner List each, in order.
pub(crate) type Dictionary = Map<ListEntry>;

/// Parses the lines of a List field (RFC 9651 section 4.2, `field_type` "list").
pub(crate) fn parse_list<I>(lines: I) -> Result<List, Error>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    parse_field(lines, |p| p.list())
}

/// Parses the lines of a Dictionary field (RFC 9651 section 4.2, `field_type`
/// "dictionary").
pub(crate) fn parse_dictionary<I>(lines: I) -> Result<Dictionary, Error>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    parse_field(lines, |p| p.dictionary())
}

/// Parses the lines of an Item field (RFC 9651 section 4.2, `field_type` "item").
pub(crate) fn parse_item<I>(lines: I) -> Result<Item, Error>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    parse_field(lines, |p| p.item())
}

/// Combines the field lines, then runs RFC 9651 section 4.2's steps: the value is
/// ASCII, leading SP are discarded, `top` parses, trailing SP are discarded, and
/// nothing may remain.
fn parse_field<I, T, F>(lines: I, top: F) -> Result<T, Error>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
    F: FnOnce(&mut Parser<'_>) -> Result<T, Error>,
{
    let value = combine(lines)?;
    if let Some(at) = value.iter().position(|b| !b.is_ascii()) {
        return Err(Error {
            at,
            reason: "non-ASCII byte",
        });
    }
    let mut p = Parser {
        input: &value,
        at: 0,
    };
    p.discard_sp();
    let out = top(&mut p)?;
    p.discard_sp();
    if !p.is_empty() {
        return p.fail("unexpected character after the value");
    }
    Ok(out)
}

/// Joins field lines with `", "` (RFC 9110 section 5.3), up to [`MAX_FIELD_LEN`].
fn combine<I>(lines: I) -> Result<Vec<u8>, Error>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    let mut value = Vec::new();
    for (n, line) in lines.into_iter().enumerate() {
        let line = line.as_ref();
        let separator: &[u8] = if n == 0 { b"" } else { b", " };
        if value
            .len()
            .saturating_add(separator.len())
            .saturating_add(line.len())
            > MAX_FIELD_LEN
        {
            return Err(Error {
                at: MAX_FIELD_LEN,
                reason: "field value too long",
            });
        }
        value.extend_from_slice(separator);
        value.extend_from_slice(line);
    }
    Ok(value)
}

/// Whether `c` is a `tchar` (RFC 9110 section 5.6.2).
fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

/// Whether `c` may follow the first character of a key: lcalpha, DIGIT, `_-.*`.
fn is_key_char(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || b"_-.*".contains(&c)
}

/// The value of a lowercase hex digit (a Display String's escapes are lowercase only).
fn lower_hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// The six bits of a base64 character (RFC 4648 section 4).
fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes base64 (RFC 4648 section 4): `=` only at the end, at most two, and then the
/// length a multiple of four. Missing padding is synthesised and non-zero pad bits are
/// ignored, as RFC 9651 section 4.2.7 says parsers SHOULD.
fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let data_len = text.iter().position(|&c| c == b'=').unwrap_or(text.len());
    let data = text.get(..data_len)?;
    let padding = text.get(data_len..)?;
    if padding.len() > 2 || padding.iter().any(|&c| c != b'=') || data.len() % 4 == 1 {
        return None;
    }
    if !padding.is_empty() && (data.len() + padding.len()) % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in data {
        acc = (acc << 6) | sextet(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A cursor over the combined field value; each method is one algorithm of RFC 9651
/// section 4.2 and consumes what it parses.
struct Parser<'a> {
    /// The combined field value, all ASCII.
    input: &'a [u8],
    /// The offset of the next character.
    at: usize,
}

impl Parser<'_> {
    /// The error `reason` at the current offset.
    fn fail<T>(&self, reason: &'static str) -> Result<T, Error> {
        Err(Error {
            at: self.at,
            reason,
        })
    }

    /// Whether the whole input is consumed.
    fn is_empty(&self) -> bool {
        self.at >= self.input.len()
    }

    /// The next character, if any.
    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    /// Consumes the next character.
    fn bump(&mut self) {
        if self.at < self.input.len() {
            self.at += 1;
        }
    }

    /// Consumes the next character if it is `c`.
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.bump();
        }
        hit
    }

    /// Consumes the next character if it is `c`, else fails with `reason`.
    fn expect(&mut self, c: u8, reason: &'static str) -> Result<(), Error> {
        if self.eat(c) {
            Ok(())
        } else {
            self.fail(reason)
        }
    }

    /// Discards leading SP.
    fn discard_sp(&mut self) {
        while self.eat(b' ') {}
    }

    /// Discards leading OWS (SP and HTAB).
    fn discard_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.bump();
        }
    }

    /// Consumes characters while `f` holds and returns them (ASCII) as a string.
    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek().filter(|&c| f(c)) {
            out.push(char::from(c));
            self.bump();
        }
        out
    }

    /// After a member of a List or Dictionary: OWS, then the end (`true`), or a comma
    /// and OWS followed by another member (`false`).
    fn member_end(&mut self) -> Result<bool, Error> {
        self.discard_ows();
        if self.is_empty() {
            return Ok(true);
        }
        self.expect(b',', "expected ',' between members")?;
        self.discard_ows();
        if self.is_empty() {
            return self.fail("trailing ','");
        }
        Ok(false)
    }

    /// Parsing a List (RFC 9651 section 4.2.1).
    fn list(&mut self) -> Result<List, Error> {
        let mut members = Vec::new();
        while !self.is_empty() {
            if members.len() >= MAX_MEMBERS {
                return self.fail("more than 1024 list members");
            }
            members.push(self.item_or_inner_list()?);
            if self.member_end()? {
                break;
            }
        }
        Ok(members)
    }

    /// Parsing an Item or Inner List (RFC 9651 section 4.2.1.1).
    fn item_or_inner_list(&mut self) -> Result<ListEntry, Error> {
        if self.peek() == Some(b'(') {
            self.inner_list().map(ListEntry::InnerList)
        } else {
            self.item().map(ListEntry::Item)
        }
    }

    /// Parsing an Inner List (RFC 9651 section 4.2.1.2).
    fn inner_list(&mut self) -> Result<InnerList, Error> {
        self.expect(b'(', "expected '('")?;
        let mut items = Vec::new();
        loop {
            self.discard_sp();
            match self.peek() {
                None => return self.fail("inner list without ')'"),
                Some(b')') => {
                    self.bump();
                    let params = self.params()?;
                    return Ok(InnerList { items, params });
                }
                Some(_) => {
                    if items.len() >= MAX_INNER_LIST {
                        return self.fail("more than 256 inner list items");
                    }
                    items.push(self.item()?);
                    if !matches!(self.peek(), Some(b' ' | b')')) {
                        return self.fail("expected SP or ')' after an inner list item");
                    }
                }
            }
        }
    }

    /// Parsing a Dictionary (RFC 9651 section 4.2.2).
    fn dictionary(&mut self) -> Result<Dictionary, Error> {
        let mut dictionary = Dictionary::default();
        let mut count = 0;
        while !self.is_empty() {
            count += 1;
            if count > MAX_MEMBERS {
                return self.fail("more than 1024 dictionary members");
            }
            let key = self.key()?;
            let member = if self.eat(b'=') {
                self.item_or_inner_list()?
            } else {
                let params = self.params()?;
                ListEntry::Item(Item {
                    bare: BareItem::Boolean(true),
                    params,
                })
            };
            dictionary.insert(key, member);
            if self.member_end()? {
                break;
            }
        }
        Ok(dictionary)
    }

    /// Parsing an Item (RFC 9651 section 4.2.3).
    fn item(&mut self) -> Result<Item, Error> {
        let bare = self.bare_item()?;
        let params = self.params()?;
        Ok(Item { bare, params })
    }

    /// Parsing a Bare Item (RFC 9651 section 4.2.3.1).
    fn bare_item(&mut self) -> Result<BareItem, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => self.string().map(BareItem::String),
            Some(c) if c.is_ascii_alphabetic() || c == b'*' => self.token().map(BareItem::Token),
            Some(b':') => self.byte_sequence().map(BareItem::ByteSequence),
            Some(b'?') => self.boolean().map(BareItem::Boolean),
            Some(b'@') => self.date().map(BareItem::Date),
            Some(b'%') => self.display_string().map(BareItem::DisplayString),
            _ => self.fail("expected an item"),
        }
    }

    /// Parsing Parameters (RFC 9651 section 4.2.3.2).
    fn params(&mut self) -> Result<Params, Error> {
        let mut params = Params::default();
        let mut count = 0;
        while self.eat(b';') {
            count += 1;
            if count > MAX_PARAMS {
                return self.fail("more than 256 parameters");
            }
            self.discard_sp();
            let key = self.key()?;
            let value = if self.eat(b'=') {
                self.bare_item()?
            } else {
                BareItem::Boolean(true)
            };
            params.insert(key, value);
        }
        Ok(params)
    }

    /// Parsing a Key (RFC 9651 section 4.2.3.3).
    fn key(&mut self) -> Result<String, Error> {
        match self.peek() {
            Some(c) if c.is_ascii_lowercase() || c == b'*' => Ok(self.take_while(is_key_char)),
            _ => self.fail("expected a key"),
        }
    }

    /// Parsing an Integer or Decimal (RFC 9651 section 4.2.4).
    fn number(&mut self) -> Result<BareItem, Error> {
        let sign = if self.eat(b'-') { -1 } else { 1 };
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return self.fail("expected a digit");
        }
        // At most 15 digits are accumulated, so `value` stays below 10^15.
        let (mut value, mut int_digits, mut fraction_digits) = (0i64, 0, None);
        loop {
            match self.peek() {
                Some(c @ b'0'..=b'9') => {
                    match fraction_digits.as_mut() {
                        None if int_digits == 15 => return self.fail("integer too long"),
                        None => int_digits += 1,
                        Some(3) => return self.fail("more than 3 fraction digits"),
                        Some(n) => *n += 1,
                    }
                    value = value * 10 + i64::from(c - b'0');
                    self.bump();
                }
                Some(b'.') if fraction_digits.is_none() => {
                    if int_digits > 12 {
                        return self.fail("decimal with more than 12 integer digits");
                    }
                    fraction_digits = Some(0);
                    self.bump();
                }
                _ => break,
            }
        }
        match fraction_digits {
            None => Ok(BareItem::Integer(sign * value)),
            Some(0) => self.fail("decimal ending in '.'"),
            Some(n) => {
                let thousandths = value * 10i64.pow(3 - n) * sign;
                Ok(BareItem::Decimal(Decimal(thousandths)))
            }
        }
    }

    /// Parsing a String (RFC 9651 section 4.2.5).
    fn string(&mut self) -> Result<String, Error> {
        self.expect(b'"', "expected '\"'")?;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return self.fail("string without closing '\"'");
            };
            match c {
                b'\\' => {
                    self.bump();
                    match self.peek() {
                        Some(escaped @ (b'"' | b'\\')) => out.push(char::from(escaped)),
                        _ => return self.fail("string escape other than \\\" or \\\\"),
                    }
                }
                b'"' => {
                    self.bump();
                    return Ok(out);
                }
                0x20..=0x7e => out.push(char::from(c)),
                _ => return self.fail("control character in string"),
            }
            self.bump();
        }
    }

    /// Parsing a Token (RFC 9651 section 4.2.6).
    fn token(&mut self) -> Result<String, Error> {
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'*' => {
                Ok(self.take_while(|c| is_tchar(c) || c == b':' || c == b'/'))
            }
            _ => self.fail("expected a token"),
        }
    }

    /// Parsing a Byte Sequence (RFC 9651 section 4.2.7).
    fn byte_sequence(&mut self) -> Result<Vec<u8>, Error> {
        self.expect(b':', "expected ':'")?;
        let start = self.at;
        let rest = self.input.get(start..).unwrap_or_default();
        let Some(len) = rest.iter().position(|&c| c == b':') else {
            return self.fail("byte sequence without closing ':'");
        };
        let content = rest.get(..len).unwrap_or_default();
        if let Some(bad) = content
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || b"+/=".contains(&c)))
        {
            self.at = start + bad;
            return self.fail("character outside base64 in byte sequence");
        }
        let Some(bytes) = base64_decode(content) else {
            return self.fail("invalid base64 in byte sequence");
        };
        self.at = start + len + 1;
        Ok(bytes)
    }

    /// Parsing a Boolean (RFC 9651 section 4.2.8).
    fn boolean(&mut self) -> Result<bool, Error> {
        self.expect(b'?', "expected '?'")?;
        let value = match self.peek() {
            Some(b'1') => true,
            Some(b'0') => false,
            _ => return self.fail("expected '1' or '0' after '?'"),
        };
        self.bump();
        Ok(value)
    }

    /// Parsing a Date (RFC 9651 section 4.2.9).
    fn date(&mut self) -> Result<i64, Error> {
        self.expect(b'@', "expected '@'")?;
        let start = self.at;
        match self.number()? {
            BareItem::Integer(seconds) => Ok(seconds),
            _ => {
                self.at = start;
                self.fail("date not an integer")
            }
        }
    }

    /// Parsing a Display String (RFC 9651 section 4.2.10).
    fn display_string(&mut self) -> Result<String, Error> {
        self.expect(b'%', "expected '%'")?;
        self.expect(b'"', "expected '\"' after '%'")?;
        let mut bytes = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return self.fail("display string without closing '\"'");
            };
            match c {
                b'%' => {
                    self.bump();
                    let high = self.peek().and_then(lower_hex);
                    self.bump();
                    let low = self.peek().and_then(lower_hex);
                    let (Some(high), Some(low)) = (high, low) else {
                        return self.fail("expected two lowercase hex digits after '%'");
                    };
                    bytes.push(high << 4 | low);
                }
                b'"' => {
                    return match String::from_utf8(bytes) {
                        Ok(text) => {
                            self.bump();
                            Ok(text)
                        }
                        Err(_) => self.fail("display string not UTF-8"),
                    };
                }
                0x20..=0x7e => bytes.push(c),
                _ => return self.fail("control character in display string"),
            }
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests;
