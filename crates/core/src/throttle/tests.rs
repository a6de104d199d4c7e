//! The throttle as sentences: who is refused, for how long and why.

use super::*;
use proptest::prelude::*;

const NOW: i64 = 1_800_000_000;

/// `n` failures, one a second, the newest `ago` seconds before [`NOW`].
fn failures(n: usize, ago: i64, same_account: bool, same_address: bool) -> Vec<Failure> {
    (0..n).map(|i| Failure { at_unix: NOW - ago - (n - 1 - i) as i64, same_account, same_address }).collect()
}

fn refusal(d: Decision) -> Refusal {
    match d {
        Decision::Refuse(r) => r,
        Decision::Allow => panic!("expected a refusal"),
    }
}

#[test]
fn no_failures_allow_a_login() {
    assert_eq!(decide(&[], NOW), Decision::Allow);
}

#[test]
fn four_failures_on_one_account_from_one_address_still_allow_it() {
    assert_eq!(decide(&failures(4, 0, true, true), NOW), Decision::Allow);
}

#[test]
fn five_failures_from_one_address_lock_only_that_pair() {
    // The same five failures seen from three attempts, a minute later (past the 1 s delay).
    let pair = failures(5, 60, true, true);
    let r = refusal(decide(&pair, NOW));
    assert_eq!(r.scope, Scope::Pair);
    // The account from another address: only the account's own delay, long passed.
    assert_eq!(decide(&failures(5, 60, true, false), NOW), Decision::Allow);
    // A colleague's account from the same address.
    assert_eq!(decide(&failures(5, 60, false, true), NOW), Decision::Allow);
}

#[test]
fn the_pair_lock_lasts_until_its_oldest_failure_leaves_the_window() {
    // Failures at NOW-64 … NOW-60: the oldest leaves the window at NOW-64+900.
    let r = refusal(decide(&failures(5, 60, true, true), NOW));
    assert_eq!(r.retry_after_seconds, WINDOW_SECONDS - 64);
    assert_eq!(decide(&failures(5, 60, true, true), NOW + WINDOW_SECONDS - 64), Decision::Allow);
}

#[test]
fn failures_older_than_the_window_do_not_count() {
    assert_eq!(decide(&failures(30, WINDOW_SECONDS, true, true), NOW), Decision::Allow);
}

#[test]
fn an_office_behind_one_address_keeps_logging_in_below_the_spraying_threshold() {
    // 49 failures on other accounts from this address, four of them on this one.
    let mut f = failures(ADDRESS_LIMIT - 1 - 4, 60, false, true);
    f.extend(failures(4, 60, true, true));
    assert_eq!(decide(&f, NOW), Decision::Allow);
}

#[test]
fn fifty_failures_from_one_address_across_accounts_lock_the_address() {
    let r = refusal(decide(&failures(ADDRESS_LIMIT, 60, false, true), NOW));
    assert_eq!(r.scope, Scope::Address);
    assert_eq!(r.retry_after_seconds, WINDOW_SECONDS - 60 - (ADDRESS_LIMIT as i64 - 1));
}

#[test]
fn after_five_failures_from_anywhere_each_attempt_waits_twice_as_long_as_the_last() {
    for (n, wait) in [(5, 1), (6, 2), (7, 4), (8, 8), (10, 32), (11, 60)] {
        let r = refusal(decide(&failures(n, 0, true, false), NOW));
        assert_eq!((r.scope, r.retry_after_seconds), (Scope::Delay, wait), "after {n} failures");
    }
}

#[test]
fn an_attempt_once_the_delay_has_passed_is_allowed() {
    assert_eq!(decide(&failures(8, 8, true, false), NOW), Decision::Allow);
    assert_eq!(refusal(decide(&failures(8, 7, true, false), NOW)).retry_after_seconds, 1);
}

#[test]
fn the_delay_is_capped() {
    assert_eq!(delay_seconds(19), MAX_DELAY_SECONDS);
    let r = refusal(decide(&failures(19, 0, true, false), NOW));
    assert_eq!((r.scope, r.retry_after_seconds), (Scope::Delay, MAX_DELAY_SECONDS));
}

#[test]
fn a_guesser_who_waits_out_every_delay_still_reaches_the_global_lock_within_the_window() {
    let mut at = 0;
    for n in 1..ACCOUNT_LIMIT {
        at += if n < DELAY_AFTER { 1 } else { delay_seconds(n) };
    }
    assert!(at < WINDOW_SECONDS, "the {ACCOUNT_LIMIT}th failure comes {at} s after the first");
}

#[test]
fn twenty_failures_from_many_addresses_lock_the_account_everywhere() {
    let r = refusal(decide(&failures(ACCOUNT_LIMIT, 400, true, false), NOW));
    assert_eq!(r.scope, Scope::Account);
    assert_eq!(r.retry_after_seconds, WINDOW_SECONDS - 400 - (ACCOUNT_LIMIT as i64 - 1));
}

#[test]
fn the_longest_refusal_names_the_rule() {
    // Locked from this address for ~14 minutes, and delayed everywhere for 1 s.
    let r = refusal(decide(&failures(5, 0, true, true), NOW));
    assert_eq!(r.scope, Scope::Pair);
    assert_eq!(r.retry_after_seconds, WINDOW_SECONDS - 4);
}

#[test]
fn the_message_tells_the_remaining_time_in_minutes_rounded_up_or_in_seconds() {
    let r = |s| Refusal { retry_after_seconds: s, scope: Scope::Pair }.to_string();
    assert_eq!(r(180), "登录失败次数过多，请在 3 分钟后再试。");
    assert_eq!(r(121), "登录失败次数过多，请在 3 分钟后再试。");
    assert_eq!(r(60), "登录失败次数过多，请在 1 分钟后再试。");
    assert_eq!(r(8), "登录失败次数过多，请在 8 秒后再试。");
}

#[test]
fn an_account_page_sees_a_lock_from_one_address_and_the_count_from_all() {
    let mut f: Vec<(i64, &str)> = (0..5).map(|i| (NOW - 100 + i, "10.0.0.1")).collect();
    f.push((NOW - 50, "10.0.0.2"));
    f.push((NOW - WINDOW_SECONDS - 1, "10.0.0.3"));
    let state = account_state(&f, NOW);
    assert_eq!(state.recent_failures, 6);
    let r = state.refusal.expect("locked from 10.0.0.1");
    assert_eq!((r.scope, r.retry_after_seconds), (Scope::Pair, WINDOW_SECONDS - 100));
}

#[test]
fn an_account_page_sees_the_delay_and_the_global_lock() {
    let spread: Vec<String> = (0..ACCOUNT_LIMIT).map(|i| format!("10.0.1.{i}")).collect();
    let f: Vec<(i64, &str)> = spread.iter().enumerate().map(|(i, a)| (NOW - 30 + i as i64, a.as_str())).collect();
    let delayed = account_state(&f[..6], NOW - 30 + 5);
    assert_eq!(delayed.refusal.map(|r| (r.scope, r.retry_after_seconds)), Some((Scope::Delay, 2)));
    let locked = account_state(&f, NOW);
    assert_eq!(locked.refusal.map(|r| r.scope), Some(Scope::Account));
    assert_eq!(account_state(&[], NOW), AccountState { recent_failures: 0, refusal: None });
}

proptest! {
    /// Waiting as long as told ends a refusal: the sentence the user reads is true. (A delay may
    /// end sooner, when old failures leave the window and the count behind it drops.)
    #[test]
    fn waiting_the_time_told_ends_a_refusal(
        rows in prop::collection::vec((0..1200_i64, any::<bool>(), any::<bool>()), 0..80),
    ) {
        let f: Vec<Failure> =
            rows.iter().map(|(ago, acc, addr)| Failure { at_unix: NOW - ago, same_account: *acc, same_address: *addr }).collect();
        if let Decision::Refuse(r) = decide(&f, NOW) {
            prop_assert!(r.retry_after_seconds >= 1);
            prop_assert_eq!(decide(&f, NOW + r.retry_after_seconds), Decision::Allow);
            if r.scope != Scope::Delay {
                prop_assert!(matches!(decide(&f, NOW + r.retry_after_seconds - 1), Decision::Refuse(_)));
            }
        }
    }
}
