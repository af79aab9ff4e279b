//! Parsers of the values servers put in rate-limit headers: decimal seconds, durations
//! (`1m30.5s`) and RFC 3339 timestamps (the retry specification, sections 5.2 to 5.4;
//! structured fields are `sf`). Each takes any text and returns `None` on anything it
//! does not fully understand; none can panic.
//!
//! They are written here rather than taken from a crate so that the default features
//! keep their dependency tree: each is a few lines over bytes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::headers::{MAX_DURATION_LEN, MAX_NUMBER_LEN, MAX_TIMESTAMP_LEN};

/// A non-negative decimal number: digits with at most one `.`; no sign, exponent,
/// `inf` or `NaN`.
pub(crate) fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let valid = !s.is_empty()
        && s.len() <= MAX_NUMBER_LEN
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1;
    if !valid {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A duration written as Go prints one: one or more `<decimal><unit>` with units `h`,
/// `m`, `s`, `ms`, `us` and `ns`, e.g. `1s`, `6m0s`, `1m30.5s`, `250ms`.
/// Returns seconds.
pub(crate) fn duration(s: &str) -> Option<f64> {
    let mut rest = s.trim();
    if rest.is_empty() || rest.len() > MAX_DURATION_LEN {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value = number(&rest[..digits])?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += value * scale;
    }
    Some(total).filter(|t: &f64| t.is_finite())
}

/// An RFC 3339 timestamp: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (`t`, `z` and a
/// space for `T` accepted; no leap second, as in HTTP-dates).
pub(crate) fn rfc3339(s: &str) -> Option<SystemTime> {
    let b = s.trim().as_bytes();
    if b.len() < 20 || b.len() > MAX_TIMESTAMP_LEN {
        return None;
    }
    let digits = |range: core::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0i64, |n, d| {
            n.checked_mul(10)?.checked_add(i64::from(d - b'0'))
        })
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        let start = at + 1;
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        if end == start {
            return None;
        }
        for (i, d) in b[start..end].iter().take(9).enumerate() {
            nanos += u32::from(d - b'0') * 10u32.pow(8 - i as u32);
        }
        at = end;
    }
    let offset = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(at + 1..at + 3)?, digits(at + 4..at + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset * 60;
    let secs = u64::try_from(secs).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("1s"), Some(1.0));
        assert_eq!(duration("6m0s"), Some(360.0));
        assert_eq!(duration("1m30.5s"), Some(90.5));
        assert_eq!(duration("250ms"), Some(0.25));
        assert_eq!(duration("1h2m3s"), Some(3723.0));
        assert_eq!(duration("1.5us"), Some(1.5e-6));
        for bad in [
            "", "s", "1", "1x", "-1s", "1s2", "1e3s", "1..2s", "m1s", "1 s",
        ] {
            assert_eq!(duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn timestamps() {
        let at = |secs: u64, nanos: u32| Some(UNIX_EPOCH + Duration::new(secs, nanos));
        assert_eq!(rfc3339("1970-01-01T00:00:00Z"), at(0, 0));
        assert_eq!(rfc3339("2026-01-01T00:00:30Z"), at(1_767_225_630, 0));
        assert_eq!(
            rfc3339("2026-01-01T00:00:30.25Z"),
            at(1_767_225_630, 250_000_000)
        );
        assert_eq!(rfc3339("2026-01-01T01:00:30+01:00"), at(1_767_225_630, 0));
        assert_eq!(rfc3339("2025-12-31t19:00:30-05:00"), at(1_767_225_630, 0));
        assert_eq!(rfc3339("2024-02-29 12:00:00Z"), at(1_709_208_000, 0));
        for bad in [
            "",
            "2026-01-01",
            "2026-01-01T00:00:30",
            "2026-13-01T00:00:30Z",
            "2025-02-29T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T00:00:30.Z",
            "2026-01-01T00:00:30+1:00",
            "1969-12-31T23:59:59Z",
            "2026-01-01T00:00:30Zjunk",
            "２０２6-01-01T00:00:30Z",
        ] {
            assert_eq!(rfc3339(bad), None, "{bad:?}");
        }
    }
}
