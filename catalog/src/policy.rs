//! Retry policies: whether a failed request may be retried.

use core::fmt;

/// Whether, and how, a request that failed with an error may be retried.
///
/// The catalog gives each HTTP status a default and lets an error code override it, so
/// a 429 for a rate limit ([`RetryPolicy::Backoff`]) and a 429 for an exhausted quota
/// ([`RetryPolicy::Never`]) are told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RetryPolicy {
    /// Retrying cannot succeed: the request (or the account) must change first.
    Never,
    /// Retry after the server's hint (`Retry-After`, `X-RateLimit-Reset`, …), else with
    /// capped exponential backoff and jitter.
    Backoff,
}

/// The statuses below 500 that are retried when the catalog does not list them (see
/// [`RetryPolicy::for_unlisted_status`]): 408 Request Timeout, 409 Conflict and 429 Too
/// Many Requests.
pub const TRANSIENT_STATUSES: &[u16] = &[408, 409, 429];

impl RetryPolicy {
    /// Every policy, in declaration order.
    pub const ALL: [RetryPolicy; 2] = [RetryPolicy::Never, RetryPolicy::Backoff];

    /// The policy with this catalog spelling (`"never"`, `"backoff"`), if any.
    pub fn from_name(name: &str) -> Option<RetryPolicy> {
        RetryPolicy::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The catalog spelling: `"never"` or `"backoff"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryPolicy::Never => "never",
            RetryPolicy::Backoff => "backoff",
        }
    }

    /// True for [`RetryPolicy::Backoff`].
    pub const fn is_retryable(self) -> bool {
        matches!(self, RetryPolicy::Backoff)
    }

    /// The policy for an HTTP status that the catalog does not list: the
    /// [`TRANSIENT_STATUSES`] and every 5xx status are transient; everything else is not.
    pub const fn for_unlisted_status(status: u16) -> Self {
        if matches!(status, 500..=599) {
            return RetryPolicy::Backoff;
        }
        let mut i = 0;
        while i < TRANSIENT_STATUSES.len() {
            if TRANSIENT_STATUSES[i] == status {
                return RetryPolicy::Backoff;
            }
            i += 1;
        }
        RetryPolicy::Never
    }
}

impl fmt::Display for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RetryPolicy {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The error of parsing a number or string that is not a status of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownStatus(pub String);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an HTTP status of the catalog", self.0)
    }
}

impl std::error::Error for UnknownStatus {}
