//! Per-address rate limits for public endpoints that answer from the database without a login
//! (receipt-code lookups): a GCRA limiter from `governor`, in this process's memory.
//!
//! The limit is per server process: behind a load balancer with N nodes an address gets up to N
//! times the quota, which still stops enumeration at thousands of requests a second. Keys are
//! pruned once the table grows, so an attacker rotating addresses costs memory only briefly.

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;

/// A limit of requests per address.
pub struct AddressLimiter {
    limiter: RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>,
    clock: DefaultClock,
}

impl std::fmt::Debug for AddressLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddressLimiter").field("addresses", &self.limiter.len()).finish()
    }
}

/// Addresses kept before stale ones are dropped.
const PRUNE_ABOVE: usize = 50_000;

impl AddressLimiter {
    /// `per_minute` requests a minute from one address, of which `burst` may come at once.
    pub fn per_minute(per_minute: u32, burst: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        Self { limiter: RateLimiter::keyed(quota), clock: DefaultClock::default() }
    }

    /// `Ok` when `addr` may go on, else the seconds until it may (at least 1).
    pub fn check(&self, addr: &str) -> Result<(), u64> {
        if self.limiter.len() > PRUNE_ABOVE {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&addr.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()).as_secs().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_burst_waits_and_others_do_not() {
        let l = AddressLimiter::per_minute(20, 5);
        for _ in 0..5 {
            assert!(l.check("203.0.113.7").is_ok());
        }
        let wait = l.check("203.0.113.7").expect_err("over the burst");
        assert!((1..=3).contains(&wait), "{wait}");
        assert!(l.check("203.0.113.8").is_ok());
    }
}
