//! A retry budget: a token bucket shared by every call made through one client.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// A token bucket that limits retries: retries are paid for by successes, as in gRPC's
/// retry throttling and the AWS SDKs' standard mode.
///
/// Each retry takes tokens (a retry after an error response costs
/// [`retry_cost`](RetryBudget::retry_cost), after a transport error
/// [`transport_cost`](RetryBudget::transport_cost)); every call that succeeds puts back
/// [`success_reward`](RetryBudget::success_reward), plus the cost of its last retry if
/// it retried. When the bucket cannot pay for a retry, the call gives up. First
/// attempts never need tokens. The bucket starts full.
///
/// So in a full outage a client makes at most `capacity / retry_cost` retries in all,
/// however many calls it makes — with the default, 8: a fresh client making 50 calls
/// into an outage sends 58 requests (1.16 per call), and over a long outage the extra
/// load tends to nothing. While calls succeed, each one earns a retry, so transient
/// faults (even 30 % of attempts) never empty the bucket. Clones share the
/// same bucket.
#[derive(Clone, Debug)]
pub struct RetryBudget {
    tokens: Arc<AtomicU32>,
    denials: Arc<AtomicU64>,
    succeeded: Arc<AtomicBool>,
    capacity: u32,
    retry_cost: u32,
    transport_cost: u32,
    success_reward: u32,
}

impl Default for RetryBudget {
    /// 40 tokens (8 retries), a retry costs 5 (10 after a transport error), a successful
    /// call puts back 5, one retry's worth (plus its last retry's cost).
    fn default() -> Self {
        RetryBudget::new(40, 5, 10, 5)
    }
}

impl RetryBudget {
    /// A full bucket of `capacity` tokens.
    pub fn new(
        capacity: u32,
        retry_cost: u32,
        transport_cost: u32,
        success_reward: u32,
    ) -> RetryBudget {
        RetryBudget {
            tokens: Arc::new(AtomicU32::new(capacity)),
            denials: Arc::new(AtomicU64::new(0)),
            succeeded: Arc::new(AtomicBool::new(false)),
            capacity,
            retry_cost,
            transport_cost,
            success_reward,
        }
    }

    /// A budget that never runs out (retries are then limited only by the attempts cap
    /// and the deadline).
    pub fn unlimited() -> RetryBudget {
        RetryBudget::new(u32::MAX, 0, 0, 0)
    }

    /// Tokens in the bucket now.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// The bucket's size.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Tokens a retry after an error response costs.
    pub fn retry_cost(&self) -> u32 {
        self.retry_cost
    }

    /// Tokens a retry after a transport error costs.
    pub fn transport_cost(&self) -> u32 {
        self.transport_cost
    }

    /// Tokens every successful call puts back.
    pub fn success_reward(&self) -> u32 {
        self.success_reward
    }

    /// Whether a call made through this budget has succeeded yet. Until one has, the
    /// client has no sign that the service is up, and backs off longer
    /// ([`RetryConfig::cold_factor`](super::RetryConfig::cold_factor)).
    pub fn has_succeeded(&self) -> bool {
        self.succeeded.load(Ordering::Relaxed)
    }

    /// Takes `cost` tokens if the bucket holds that many; false (and nothing taken)
    /// otherwise.
    pub fn try_acquire(&self, cost: u32) -> bool {
        let taken = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok();
        if !taken {
            self.denials.fetch_add(1, Ordering::Relaxed);
        }
        taken
    }

    /// The budget now: tokens left, capacity, the retries it has refused, and what a
    /// retry costs and a success puts back.
    pub fn snapshot(&self) -> super::observe::BudgetSnapshot {
        super::observe::BudgetSnapshot {
            available: self.available(),
            capacity: self.capacity,
            denials: self.denials.load(Ordering::Relaxed),
            retry_cost: self.retry_cost,
            transport_cost: self.transport_cost,
            success_reward: self.success_reward,
        }
    }

    /// Records a successful call: puts back the success reward, plus `last_retry_cost`
    /// if the call was retried (pass the cost its last retry paid); never above the
    /// capacity.
    pub fn on_success(&self, last_retry_cost: Option<u32>) {
        self.succeeded.store(true, Ordering::Relaxed);
        self.refill(
            self.success_reward
                .saturating_add(last_retry_cost.unwrap_or(0)),
        );
    }

    fn refill(&self, amount: u32) {
        let capacity = self.capacity;
        // The closure always returns Some, so this cannot fail.
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                Some(t.saturating_add(amount).min(capacity))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_and_refills() {
        let b = RetryBudget::new(10, 5, 10, 1);
        assert!(b.try_acquire(5));
        assert!(b.try_acquire(5));
        assert!(!b.try_acquire(5));
        assert_eq!(b.available(), 0);
        b.on_success(None);
        assert_eq!(b.available(), 1);
        b.on_success(Some(5));
        assert_eq!(b.available(), 7);
        for _ in 0..100 {
            b.on_success(None);
        }
        assert_eq!(b.available(), 10);
    }

    #[test]
    fn clones_share_the_bucket() {
        let a = RetryBudget::new(5, 5, 10, 1);
        let b = a.clone();
        assert!(a.try_acquire(5));
        assert!(!b.try_acquire(5));
    }

    #[test]
    fn a_fresh_default_budget_pays_for_eight_retries() {
        let b = RetryBudget::default();
        let retries = (0..100)
            .take_while(|_| b.try_acquire(b.retry_cost()))
            .count();
        assert_eq!(retries, 8);
    }

    #[test]
    fn unlimited_never_runs_out() {
        let b = RetryBudget::unlimited();
        for _ in 0..1000 {
            assert!(b.try_acquire(b.retry_cost()));
        }
    }
}
