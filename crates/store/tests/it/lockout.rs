//! Login throttling in the store, on SQLite and (when configured) PostgreSQL: failures lock the
//! account from one address first, an address only when it sprays many accounts, an account
//! from everywhere only after exponential delays; those who may edit an account unlock it, and
//! that is audited. Every attempt is made at a chosen time, so nothing sleeps.

use renda_core::ErrorCode;
use renda_core::ids::{OrgId, UserId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::throttle::{self, ACCOUNT_LIMIT, ADDRESS_LIMIT, DELAY_AFTER, PAIR_LIMIT, Scope, WINDOW_SECONDS};
use renda_store::users::{LoginError, NewUser, User};
use renda_store::{Actor, Store, testing};
use renda_testkit::{PW, account_with, count, new_user, org};

const WRONG: &str = "wrong-2026";
const X: &str = "10.0.0.1";
const Y: &str = "10.0.0.2";

/// The test store's clock when it starts (10:00 Beijing time on the test day).
fn t0() -> i64 {
    renda_core::clock::Clock::on(testing::TEST_DAY).now().as_second()
}

struct World {
    east: OrgId,
    west: OrgId,
    unit: OrgId,
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit = org(s, "东城区住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(east)).await;
    World { east, west, unit }
}

async fn user(s: &Store, login: &str, role: Role) -> User {
    account_with(s, NewUser { display_name: "测试用户".into(), ..new_user(login, role) }).await
}

fn actor(u: &User) -> Actor {
    Actor { user: Some(u.id), role: u.role }
}

/// The refusal behind a throttled attempt, or a panic naming what came instead.
fn refused(r: Result<User, LoginError>) -> throttle::Refusal {
    match r {
        Err(LoginError::Throttled(refusal)) => refusal,
        Err(e) => panic!("expected a refusal, got {e:?}"),
        Ok(u) => panic!("expected a refusal, {} logged in", u.login),
    }
}

async fn failures(s: &Store) -> i64 {
    count(s, "SELECT COUNT(*) FROM login_attempts WHERE ok = 0").await
}

/// `n` failed attempts at `at` from `address`, on logins nobody has, written directly.
async fn sprayed(s: &Store, n: usize, address: &str, at: i64) {
    for i in 0..n {
        sqlx::query("INSERT INTO login_attempts (login, address, at_unix, ok) VALUES ($1, $2, $3, 0)")
            .bind(format!("guess{i}"))
            .bind(address)
            .bind(at)
            .execute(s.writer())
            .await
            .expect("attempt");
    }
}

#[tokio::test]
async fn five_failures_on_one_account_from_one_address_lock_only_that_pair() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        user(s, "staff.east", Role::Staff { congress: w.east }).await;
        user(s, "staff.west", Role::Staff { congress: w.west }).await;
        let t0 = t0();
        for i in 0..PAIR_LIMIT as i64 {
            let e = s.verify_login_at("staff.east", WRONG, X, t0 + i).await.expect_err("wrong password");
            assert!(matches!(e, LoginError::BadCredentials), "{e:?}");
        }
        let last = t0 + PAIR_LIMIT as i64 - 1;
        // The pair is locked, even with the right password, until the first failure leaves the window.
        let r = refused(s.verify_login_at("staff.east", PW, X, last + 60).await);
        assert_eq!((r.scope, r.retry_after_seconds), (Scope::Pair, WINDOW_SECONDS - 60 - (last - t0)));
        let e = s.verify_login_at("staff.east", PW, X, last + 60).await.expect_err("locked");
        assert_eq!(e.code(), ErrorCode::TooManyAttempts);
        assert_eq!(e.to_string(), "登录失败次数过多，请在 14 分钟后再试。");
        // A colleague behind the same address logs in.
        assert!(s.verify_login_at("staff.west", PW, X, last + 60).await.is_ok());
        // The account logs in from another address, once the one-second delay has passed.
        let r = refused(s.verify_login_at("staff.east", PW, Y, last).await);
        assert_eq!((r.scope, r.retry_after_seconds), (Scope::Delay, 1));
        assert!(s.verify_login_at("staff.east", PW, Y, last + 1).await.is_ok());
        // And from the first address again once the window has passed.
        assert!(s.verify_login_at("staff.east", PW, X, t0 + WINDOW_SECONDS).await.is_ok());
    }
}

#[tokio::test]
async fn an_address_is_locked_for_every_account_only_when_it_sprays_fifty_failures() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        user(s, "staff.east", Role::Staff { congress: w.east }).await;
        let t0 = t0();
        sprayed(s, ADDRESS_LIMIT - 1, X, t0).await;
        // Forty-nine failures across accounts: the office still logs in.
        assert!(s.verify_login_at("staff.east", PW, X, t0 + 10).await.is_ok());
        // The fiftieth failure locks the address for every account …
        let e = s.verify_login_at("nobody", WRONG, X, t0 + 20).await.expect_err("no such account");
        assert!(matches!(e, LoginError::BadCredentials), "{e:?}");
        let r = refused(s.verify_login_at("staff.east", PW, X, t0 + 30).await);
        assert_eq!((r.scope, r.retry_after_seconds), (Scope::Address, WINDOW_SECONDS - 30));
        // … and for no account elsewhere.
        assert!(s.verify_login_at("staff.east", PW, Y, t0 + 30).await.is_ok());
        assert!(s.verify_login_at("staff.east", PW, X, t0 + WINDOW_SECONDS).await.is_ok());
    }
}

#[tokio::test]
async fn an_account_failing_from_many_addresses_is_delayed_then_locked_everywhere() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        user(s, "staff.east", Role::Staff { congress: w.east }).await;
        let first = t0();
        let mut at = first;
        for n in 0..ACCOUNT_LIMIT {
            let from = format!("10.0.1.{n}");
            if n >= DELAY_AFTER {
                // Too early by a second: refused without a look at the password, and not counted.
                let before = failures(s).await;
                let r = refused(s.verify_login_at("staff.east", PW, &from, at - 1).await);
                assert_eq!((r.scope, r.retry_after_seconds), (Scope::Delay, 1), "after {n} failures");
                assert_eq!(r.to_string(), "登录失败次数过多，请在 1 秒后再试。");
                assert_eq!(failures(s).await, before);
            }
            let e = s.verify_login_at("staff.east", WRONG, &from, at).await.expect_err("wrong password");
            assert!(matches!(e, LoginError::BadCredentials), "after {n} failures: {e:?}");
            at += if n + 1 < DELAY_AFTER { 1 } else { throttle::delay_seconds(n + 1) };
        }
        // Twenty failures within the window: locked from everywhere until the first leaves it.
        let r = refused(s.verify_login_at("staff.east", PW, "10.0.2.1", at).await);
        assert_eq!((r.scope, r.retry_after_seconds), (Scope::Account, first + WINDOW_SECONDS - at));
        assert_eq!(failures(s).await, ACCOUNT_LIMIT as i64);
        let r = refused(s.verify_login_at("staff.east", PW, "10.0.2.1", first + WINDOW_SECONDS - 1).await);
        assert_eq!(r.scope, Scope::Account);
        // Once the oldest failure has left, nineteen remain: a minute's delay after the newest.
        let last = at - throttle::delay_seconds(ACCOUNT_LIMIT);
        let allowed = (first + WINDOW_SECONDS).max(last + throttle::delay_seconds(ACCOUNT_LIMIT - 1));
        assert!(s.verify_login_at("staff.east", PW, "10.0.2.1", allowed).await.is_ok());
    }
}

#[tokio::test]
async fn those_who_may_edit_an_account_unlock_it_and_the_unlock_is_audited() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let unit = user(s, "unit.east", Role::Unit { unit: w.unit }).await;
        let east = user(s, "staff.east", Role::Staff { congress: w.east }).await;
        let west = user(s, "staff.west", Role::Staff { congress: w.west }).await;
        let t0 = t0();
        for i in 0..PAIR_LIMIT as i64 {
            assert!(s.verify_login_at("unit.east", WRONG, X, t0 + i).await.is_err());
        }
        let state = s.login_state_at(&actor(&east), unit.id, t0 + 10).await.expect("state");
        assert_eq!(state.recent_failures, PAIR_LIMIT);
        let r = state.refusal.expect("locked from X");
        assert_eq!((r.scope, r.retry_after_seconds), (Scope::Pair, WINDOW_SECONDS - 10));

        // Staff of another congress may not; the unit's own congress may.
        let e = s.unlock_login(&actor(&west), unit.id).await.expect_err("not theirs");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let e = s.login_state(&actor(&west), unit.id).await.expect_err("not theirs to see");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        assert!(s.verify_login_at("unit.east", PW, X, t0 + 10).await.is_err());
        assert_eq!(s.unlock_login(&actor(&east), unit.id).await.expect("unlocked"), PAIR_LIMIT as u64);

        let state = s.login_state_at(&actor(&east), unit.id, t0 + 10).await.expect("state");
        assert_eq!((state.recent_failures, state.refusal), (0, None));
        assert!(s.verify_login_at("unit.east", PW, X, t0 + 10).await.is_ok());
        let history = s.audit_of("user", &unit.id.0.to_string()).await.expect("audit");
        let last = history.last().expect("entries");
        assert_eq!((last.action.as_str(), last.actor), ("user.unlock", Some(east.id.0)));
        assert!(s.verify_audit().await.expect("walk").is_ok());
        // An unknown account cannot be unlocked.
        let e = s.unlock_login(&Actor::system(), UserId(999_999)).await.expect_err("no such user");
        assert_eq!(e.code(), ErrorCode::NotFound);
    }
}
