//! Login throttling: whether a password may be tried now, decided from the recent failures alone.
//!
//! Throttling must slow a guesser without letting anyone lock others out at will. A whole office
//! often shares one address (one NAT), and anyone can type a colleague's login, so the rules
//! ring the narrowest culprit first and the wider ones only at much higher counts:
//!
//! 1. **pair** — [`PAIR_LIMIT`] failures on one account from one address lock that account from
//!    that address only;
//! 2. **address** — [`ADDRESS_LIMIT`] failures from one address across accounts (password
//!    spraying) lock the address for every account;
//! 3. **delay** — from [`DELAY_AFTER`] failures on one account from anywhere, each further attempt
//!    on it waits 2^(n − 5) seconds after the last failure (1 s, 2 s, 4 s …, at most
//!    [`MAX_DELAY_SECONDS`]);
//! 4. **account** — [`ACCOUNT_LIMIT`] failures on one account from anywhere lock it everywhere.
//!
//! Every count is over the sliding [`WINDOW_SECONDS`]. A lock lifts when enough of its failures
//! have left the window; a refused attempt is not a failure (the password is not even checked),
//! so waiting always ends a refusal. When several rules refuse, the longest wait is the answer.

use std::fmt;

/// The sliding window every count is taken over: 15 minutes.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// Failures on one account from one address that lock that pair.
pub const PAIR_LIMIT: usize = 5;
/// Failures from one address, across accounts, that lock the address.
pub const ADDRESS_LIMIT: usize = 50;
/// Failures on one account, from anywhere, after which each attempt is delayed.
pub const DELAY_AFTER: usize = 5;
/// The longest delay between attempts on one account. A minute keeps the global lock within
/// reach: a guesser who waits out every delay makes the [`ACCOUNT_LIMIT`]th failure about ten
/// minutes after the first, still inside the window (with five minutes, the oldest failures would
/// leave the window first and the lock would never come).
pub const MAX_DELAY_SECONDS: i64 = 60;
/// Failures on one account, from anywhere, that lock it everywhere.
pub const ACCOUNT_LIMIT: usize = 20;

/// One recent failed login, as it stands to the attempt being decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failure {
    pub at_unix: i64,
    /// On the account now being tried.
    pub same_account: bool,
    /// From the address now trying.
    pub same_address: bool,
}

/// Which rule refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// This account from this address.
    Pair,
    /// Every account from this address.
    Address,
    /// This account from every address.
    Account,
    /// This account, until its delay since the last failure has passed.
    Delay,
}

impl Scope {
    /// What the account page says about it.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Pair => "从某一地址登录已被锁定",
            Scope::Address => "该地址已被暂停登录",
            Scope::Account => "已在所有地址被锁定",
            Scope::Delay => "每次登录须等待",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Scope::Pair => "pair",
            Scope::Address => "address",
            Scope::Account => "account",
            Scope::Delay => "delay",
        }
    }
}

/// A refused attempt: how long to wait and why. Its `Display` is the sentence the user reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// At least 1: the attempt may be made again this many seconds from now.
    pub retry_after_seconds: i64,
    pub scope: Scope,
}

impl Refusal {
    /// The remaining time in words: "3 分钟", "8 秒".
    pub fn wait_text(&self) -> String {
        wait_text(self.retry_after_seconds)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "登录失败次数过多，请在 {}后再试。", self.wait_text())
    }
}

/// Seconds in words, rounded up to whole minutes from one minute on, so that nobody is told to
/// come back before the lock has lifted: 8 → "8 秒", 60 → "1 分钟", 61 → "2 分钟".
pub fn wait_text(seconds: i64) -> String {
    let seconds = seconds.max(1);
    if seconds < 60 { format!("{seconds} 秒") } else { format!("{} 分钟", (seconds + 59) / 60) }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Refuse(Refusal),
}

/// Decides an attempt at `now` from the failures on its account (from any address) and from its
/// address (on any account). Failures outside the window are ignored, so callers may pass more.
pub fn decide(failures: &[Failure], now: i64) -> Decision {
    let recent = |keep: fn(&Failure) -> bool| -> Vec<i64> {
        let mut times: Vec<i64> =
            failures.iter().filter(|f| f.at_unix > now - WINDOW_SECONDS && keep(f)).map(|f| f.at_unix).collect();
        times.sort_unstable();
        times
    };
    let account = recent(|f| f.same_account);
    let address = recent(|f| f.same_address);
    let pair = recent(|f| f.same_account && f.same_address);
    // Each rule gives the moment it stops refusing; the latest one wins, and on a tie the wider
    // rule names the refusal.
    let candidates = [
        (Scope::Account, locked_until(&account, ACCOUNT_LIMIT)),
        (Scope::Address, locked_until(&address, ADDRESS_LIMIT)),
        (Scope::Pair, locked_until(&pair, PAIR_LIMIT)),
        (Scope::Delay, delayed_until(&account)),
    ];
    let mut worst: Option<Refusal> = None;
    for (scope, until) in candidates {
        let Some(until) = until.filter(|u| *u > now) else { continue };
        let wait = until - now;
        if worst.is_none_or(|w| wait > w.retry_after_seconds) {
            worst = Some(Refusal { retry_after_seconds: wait, scope });
        }
    }
    worst.map_or(Decision::Allow, Decision::Refuse)
}

/// With `limit` or more failures in the window (`times` ascending), the lock lasts until the
/// count drops below the limit: until the failure `limit` places from the newest leaves it.
fn locked_until(times: &[i64], limit: usize) -> Option<i64> {
    let n = times.len();
    (limit > 0 && n >= limit).then(|| times[n - limit] + WINDOW_SECONDS)
}

/// From [`DELAY_AFTER`] failures on, the next attempt waits 2^(n − DELAY_AFTER) seconds after the
/// newest failure, at most [`MAX_DELAY_SECONDS`].
fn delayed_until(times: &[i64]) -> Option<i64> {
    let n = times.len();
    let last = *times.last()?;
    (n >= DELAY_AFTER).then(|| last + delay_seconds(n))
}

/// The delay after `failures` failures on one account (from [`DELAY_AFTER`] on).
pub fn delay_seconds(failures: usize) -> i64 {
    let exponent = failures.saturating_sub(DELAY_AFTER).min(32) as u32;
    (1_i64 << exponent).min(MAX_DELAY_SECONDS)
}

/// How an account stands, for the people who may unlock it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountState {
    /// Failures on the account within the window, from every address.
    pub recent_failures: usize,
    /// The longest refusal the account meets now from some address (its own pair locks, its
    /// delay, its global lock; an address's own spraying lock is not the account's).
    pub refusal: Option<Refusal>,
}

/// How an account stands at `now`, from its failures (time and address) from every address.
pub fn account_state(failures: &[(i64, &str)], now: i64) -> AccountState {
    let in_window: Vec<(i64, &str)> = failures.iter().copied().filter(|(at, _)| *at > now - WINDOW_SECONDS).collect();
    let mut addresses: Vec<&str> = in_window.iter().map(|(_, a)| *a).collect();
    addresses.sort_unstable();
    addresses.dedup();
    // An address none of them came from meets the delay and the global lock only.
    let elsewhere = None;
    let mut refusal: Option<Refusal> = None;
    for from in addresses.into_iter().map(Some).chain([elsewhere]) {
        let as_seen: Vec<Failure> = in_window
            .iter()
            .map(|(at, a)| Failure { at_unix: *at, same_account: true, same_address: Some(*a) == from })
            .collect();
        if let Decision::Refuse(r) = decide(&as_seen, now)
            && refusal.is_none_or(|w| r.retry_after_seconds > w.retry_after_seconds)
        {
            refusal = Some(r);
        }
    }
    AccountState { recent_failures: in_window.len(), refusal }
}

#[cfg(test)]
mod tests;
