//! The test kit: what the store and web tests build their world from, so no test folder
//! repeats a fixture. A dev-dependency only; nothing here is in the binary.
//!
//! - this file: the world (organisations, deputies, accounts, actors, counts of rows) on a
//!   [`Store`] from [`renda_store::testing`] (fresh SQLite always, PostgreSQL when
//!   `RENDA_TEST_PG_URL` is set);
//! - [`http`]: the app served on a loopback port and a browser-like client (cookies kept,
//!   redirects not followed), with the form helpers the page tests read answers with.

pub mod http;

use jiff::civil::{Date, date};
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::org::OrgKind;
use renda_core::person::{StartReason, Term};
use renda_core::policy::Role;
use renda_core::value::{Label, Login, NewPassword, OrgName, PersonName};
use renda_store::orgs::NewOrganisation;
use renda_store::people::{NewDeputyship, NewPerson};
use renda_store::users::{NewUser, User};
use renda_store::{Actor, Store, StoreError};

pub use renda_store::testing::{self, TEST_DAY, TestStore};

/// `build` on a fresh store of each backend this run has (SQLite, and PostgreSQL when
/// `RENDA_TEST_PG_URL` is set): a test runs its steps on each world in turn.
pub async fn on_each_store<T, F: Future<Output = T>>(build: impl Fn(TestStore) -> F) -> Vec<T> {
    let mut worlds = Vec::new();
    for db in testing::all().await {
        worlds.push(build(db).await);
    }
    worlds
}

/// Every test account's password.
pub const PW: &str = "renda-2026";

/// An organisation made by the system (a congress, a unit, a station's town).
pub async fn org(s: &Store, name: &str, kind: OrgKind, parent: Option<OrgId>) -> OrgId {
    s.create_org(&Actor::system(), NewOrganisation { name: OrgName::parse(name).expect("a valid name"), kind, parent })
        .await
        .expect("the organisation is created")
        .id
}

/// A person with only a name, for [`deputy_with`].
pub fn person(name: &str) -> NewPerson {
    NewPerson {
        name: PersonName::parse(name).expect("a valid name"),
        gender: None,
        ethnicity: None,
        birth: None,
        party: None,
        occupation: None,
        phone: None,
    }
}

/// A seat in `congress`: the 18th term, 第一选区, elected on 2022-01-10. Change what a test
/// needs with struct update syntax (`NewDeputyship { delegation: label("东城区代表团"), ..seat(c) }`).
pub fn seat(congress: OrgId) -> NewDeputyship {
    NewDeputyship {
        congress,
        term: Term(18),
        delegation: label("第一选区"),
        start: date(2022, 1, 10),
        start_reason: StartReason::Elected,
        note: None,
    }
}

/// A seat from `start`: elected when it starts in January, by-elected otherwise.
pub fn seat_from(congress: OrgId, start: Date) -> NewDeputyship {
    let start_reason = if start.month() == 1 { StartReason::Elected } else { StartReason::ByElection };
    NewDeputyship { start, start_reason, ..seat(congress) }
}

/// A deputy of `congress` with the default [`seat`].
pub async fn deputy(s: &Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), seat(congress)).await
}

/// A deputy as the test describes them.
pub async fn deputy_with(s: &Store, person: NewPerson, seat: NewDeputyship) -> PersonId {
    s.create_deputy(&Actor::system(), person, seat).await.expect("the deputy is created").0
}

/// A label (a delegation, a party, an occupation).
pub fn label(text: &str) -> Label {
    Label::parse(text).expect("a valid label")
}

/// An account with the password [`PW`], named `{login}用户`.
pub async fn user(s: &Store, login: &str, role: Role) -> UserId {
    account(s, login, role).await.id
}

/// As [`user`], the whole account.
pub async fn account(s: &Store, login: &str, role: Role) -> User {
    account_with(s, new_user(login, role)).await
}

/// The account [`account`] makes, for [`account_with`]: change what a test needs with struct
/// update syntax (`NewUser { display_name: "测试用户".into(), ..new_user(login, role) }`).
pub fn new_user(login: &str, role: Role) -> NewUser {
    NewUser {
        login: Login::parse(login).expect("a valid login"),
        display_name: format!("{login}用户"),
        password: NewPassword::parse(PW).expect("a valid password"),
        role,
    }
}

/// An account as the test describes it, made by the system.
pub async fn account_with(s: &Store, new: NewUser) -> User {
    s.create_user(&Actor::system(), new).await.expect("the account is created")
}

/// Acting as the staff of `congress` (no account).
pub fn staff(congress: OrgId) -> Actor {
    Actor { user: None, role: Role::Staff { congress } }
}

/// Acting as the unit `unit` (no account).
pub fn unit(unit: OrgId) -> Actor {
    Actor { user: None, role: Role::Unit { unit } }
}

/// Acting as the deputy `person` (no account).
pub fn as_deputy(person: PersonId) -> Actor {
    Actor { user: None, role: Role::Deputy { person } }
}

/// Acting as a member of the public without an account (a citizen at a station's form).
pub fn public() -> Actor {
    Actor { user: None, role: Role::Public }
}

/// Rows an SQL `COUNT` finds.
pub async fn count(s: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(s.pool()).await.expect("the count runs")
}

/// Entries in the audit log: a refusal must leave it as it was.
pub async fn audit_count(s: &Store) -> i64 {
    count(s, "SELECT COUNT(*) FROM audit_log").await
}

/// The scoring reason a store error carries; any other error fails the test.
pub fn scoring_code(e: &StoreError) -> &'static str {
    match e {
        StoreError::Scoring(e) => e.code().as_str(),
        other => panic!("not a scoring refusal: {other:?}"),
    }
}

/// Whether `text` has a Chinese character: what a user reads is Chinese.
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}
