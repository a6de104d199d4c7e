//! `renda demo`'s data: the fictional city 示范市 with six districts and counties, thirty
//! townships, about four thousand deputies, sixty handling units, a few liaison stations and
//! deputy groups, one account for each role (two deputies), and about 230 deputies'
//! suggestions in every state of their lifecycle.
//!
//! It is made in two steps:
//!
//! - [`plan`] generates the whole city in memory from a fixed seed. It is pure and cheap (under
//!   0.1 s in a debug build), so every run yields the same city — the same deputies with the
//!   same names, the same demo deputy to log in as — and [`demo_logins`] can replay it without
//!   a database.
//! - [`seed`] writes the plan through the store's ordinary calls, as the system actor. The demo
//!   data therefore passes the same parsers and policy checks and lands on the same audit chains
//!   as real data. Rosters go in with one `import_roster` transaction per congress, which is what
//!   keeps 3,790 seats to 1.4–1.9 s on SQLite in a debug build (measured on two cores); the
//!   115 organisations, ~40 ended seats, 12 second seats and 9 accounts are one small
//!   transaction each.
//! - The suggestions are planned the same way ([`Drafter`], from their own seed and the date
//!   `today`) and then driven to their states only through `Store::create_suggestion`,
//!   `Store::act` (the lead's choice to publish the replies too), each command given by the role that gives it
//!   in real use (the lead, a co-signer, the congress's staff, the main or assisting unit). So
//!   the audit chains and the rows are exactly what real use would leave. 100 city suggestions
//!   and 15–25 per county or district (about 1,700 audited calls) take about 2.3 s on SQLite
//!   in a debug build; the whole seed about 3.5 s.
//!
//! The portal's library gets thirteen documents written for 示范市 (news, notices, a decision,
//! a model text, a staff-only draft of 东城区) dated over the two months before `today`, with
//! made-up reads over the last month; [`seed`] also imports the real texts under
//! `../shared/data` when they are there (see [`documents`]).
//!
//! Suggestions are dated relative to `today`: assigned over the five months before it, so that
//! some are near due, a few overdue, some complex or extended, with contacts and replies never
//! after `today`. Their texts come from `data/topics.toml` (66 matters, each with its fitting
//! units) filled with the demo's own place names; they are written for the demo.
//!
//! Sizes follow the election law: every congress has exactly `statutory_size(population)` seats
//! (选举法 Art. 12). A seat that ended in 2024 still counts as a row of its congress's roster.
//!
//! Its parts, by what they seed: `city.rs` (the plan of congresses, units, deputies and
//! accounts, the name generator, and the rosters written), `suggestions.rs` (the suggestions'
//! plans and their load), `topics.rs` (the matters raised),
//! then [`documents`], [`opinions`], [`activities`], [`reports`], [`oversight`], [`stations`], [`official`],
//! [`year`] and [`archive`] for the other modules; `tests.rs` checks the whole.
//!
//! The tables every part is drawn from are data files in `demo/data/` (TOML: `city.toml` the
//! districts, townships and units, `jobs.toml` deputies' jobs, `names.toml` names, parties and
//! ethnic groups, `topics.toml` the matters raised, `documents.toml` the library's own texts,
//! and one file per seeding module for the rest: `suggestions.toml`, `opinions.toml`,
//! `activities.toml`, `reports.toml`, `oversight.toml`, `stations.toml`, `archive.toml`),
//! embedded with `include_str!` and parsed once by `city::parse_data`; each module's tests
//! parse its files.
//!
//! Determinism rests on `StdRng` from rand 0.9 (ChaCha12). A rand upgrade that changes `StdRng`
//! would give the demo city other names, which is harmless: nothing refers to them across runs.

use anyhow::{Context, Result, bail};
use jiff::civil::Date;
use rand::Rng;
use rand::rngs::StdRng;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::policy::Role;
use renda_core::value::{Login, NewPassword};
use renda_store::users::NewUser;
use renda_store::{Actor, Store};
use std::collections::HashMap;

pub mod activities;
pub mod archive;
mod city;
pub mod documents;
pub mod filing;
pub mod legislation;
pub mod meetings;
pub mod official;
pub mod opinions;
pub mod oversight;
pub mod personnel;
pub mod reports;
pub mod stations;
mod suggestions;
mod topics;
pub mod year;

use city::*;
use suggestions::*;

/// The password of every demo account (letters and digits, so `NewPassword::parse` takes it).
pub const DEMO_PASSWORD: &str = "renda2026";

/// The generator's seed. Changing it renames every deputy of the demo city.
const SEED: u64 = 0x5245_4e44_4120_2026;

/// One demo account, as printed at the start of `renda demo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoLogin {
    pub login: String,
    pub password: String,
    /// The role's Chinese name, e.g. 系统管理员.
    pub role_label: String,
    /// Who the account is, e.g. 示范市人大常委会工作人员.
    pub who: String,
}

/// What [`seed`] wrote.
#[derive(Clone, Debug)]
pub struct DemoSummary {
    pub congresses: usize,
    /// Handling units (承办单位) only; liaison stations and deputy groups are not counted.
    pub units: usize,
    /// Seats (deputyships), ended ones included. A person who sits in two congresses counts
    /// twice, once in each roster.
    pub deputies: usize,
    pub users: usize,
    /// Deputies' suggestions, in every state of their lifecycle.
    pub suggestions: usize,
    /// Documents written for the demo (drafts included).
    pub documents: usize,
    /// Reads recorded on them over the last month.
    pub document_views: usize,
    /// Citizens' opinions at the city's liaison station, one in every state.
    pub opinions: usize,
    /// Liaison stations filled in, with their receptions.
    pub stations: stations::StationsSummary,
    /// 公文 the city's office issued: 交办函 and a 接待公告.
    pub official: usize,
    /// The city's standing committee and today's meeting.
    pub meetings: meetings::MeetingsSummary,
    pub filing: filing::FilingSummary,
    /// Congresses with the year's rule table, and the scores computed.
    pub archive: archive::ArchiveSummary,
    /// What [`seed`] imported from `../shared/data`, when it was there.
    pub shared: Option<documents::SharedImport>,
    pub logins: Vec<DemoLogin>,
}

/// The demo's platform name, 示范市人大代表工作平台.
pub fn demo_site_name() -> renda_core::install::SiteName {
    renda_core::install::SiteName::parse(&format!("{CITY}人大代表工作平台")).expect("the demo's name is valid")
}

/// Fills an empty store with the fictional city 示范市, its suggestions and documents dated
/// relative to the store's clock's today (see [`seed_on`]), and imports the real texts of
/// `../shared/data` into the city's library when that folder is found (silently not, when it
/// is not).
pub async fn seed(store: &Store) -> Result<DemoSummary> {
    let mut summary = seed_on(store, store.today()).await?;
    if let Some(dir) = documents::shared_data_dir() {
        let city = store.congresses().await?.into_iter().find(|r| r.depth == 0).context("演示数据中没有示范市人大")?;
        summary.shared = Some(documents::import_shared(store, city.org.id, &dir).await?);
    }
    Ok(summary)
}

/// Fills an empty store with the fictional city 示范市, as of `today`: its congresses, units,
/// deputies and accounts, and a year of deputies' suggestions assigned over the five months
/// before `today`. Deterministic (seeded RNG): the same for the same `today`. Refuses a store
/// that already holds organisations or accounts, so it can never mix demo people into real
/// data.
pub async fn seed_on(store: &Store, today: Date) -> Result<DemoSummary> {
    let orgs = store.count_orgs().await.context("无法读取数据库")?;
    let users = store.count_users().await.context("无法读取数据库")?;
    if orgs > 0 || users > 0 {
        bail!(
            "数据库不是空的（已有{orgs}个机构、{users}个用户），演示数据只能载入空数据库。\
             请换用新的数据库地址，或先备份并删除现有数据库。"
        );
    }

    let plan = plan();
    let actor = Actor::system();
    // Marked first, so that even a half-loaded demo database can never pass for a real one.
    store.mark_demo(&actor, &demo_site_name()).await.map_err(|e| anyhow::anyhow!(e.user_message()))?;

    // The tree, top-down: the plan lists every congress after its parent.
    let mut congress_ids: Vec<OrgId> = Vec::with_capacity(plan.congresses.len());
    for c in &plan.congresses {
        let parent = c.parent.map(|p| congress_ids[p]);
        let id = create_org(store, &actor, &c.name, OrgKind::Congress(c.level), parent, Some(c.term)).await?;
        congress_ids.push(id);
    }
    let mut org_ids: HashMap<&str, OrgId> = HashMap::new();
    for o in &plan.others {
        let id = create_org(store, &actor, &o.name, o.kind, Some(congress_ids[o.congress]), None).await?;
        org_ids.insert(o.name.as_str(), id);
    }

    // The rosters, bottom-up: a seat held by someone from the congress below needs that person
    // to exist. The plan lists every congress after its parent, so walking it backwards writes
    // each congress after the ones below it.
    let mut persons: Vec<Vec<Option<PersonId>>> = plan.congresses.iter().map(|c| vec![None; c.seats.len()]).collect();
    for ci in (0..plan.congresses.len()).rev() {
        load_roster(store, &actor, &plan, ci, congress_ids[ci], &mut persons).await?;
    }

    let password = NewPassword::parse(DEMO_PASSWORD)?;
    for u in &plan.users {
        let role = match &u.role {
            RolePlan::Admin => Role::Admin,
            RolePlan::Public => Role::Public,
            RolePlan::Staff { congress } => Role::Staff { congress: congress_ids[*congress] },
            RolePlan::Unit { name } => Role::Unit {
                unit: *org_ids.get(name.as_str()).with_context(|| format!("演示数据中没有承办单位“{name}”"))?,
            },
            RolePlan::Deputy { congress, seat } => {
                Role::Deputy { person: persons[*congress][*seat].context("演示代表尚未载入")? }
            }
        };
        store
            .create_user(
                &actor,
                NewUser {
                    login: Login::parse(u.login)?,
                    display_name: u.display_name.clone(),
                    password: password.clone(),
                    role,
                },
            )
            .await
            .with_context(|| format!("无法建立演示账号 {}", u.login))?;
    }

    let suggestions = Drafter::new(&plan, today).all();
    load_suggestions(store, &suggestions, &congress_ids, &persons, &org_ids, today).await?;

    let east = plan
        .congresses
        .iter()
        .position(|c| c.name == format!("{}人民代表大会", COUNTIES[0].name))
        .context("演示数据中没有东城区人大")?;
    let docs = documents::seed_own(store, congress_ids[0], congress_ids[east], today).await?;
    let station =
        *org_ids.get(format!("{CITY}人大代表联络站（市民中心）").as_str()).context("演示数据中没有市联络站")?;
    let housing = *org_ids.get(format!("{CITY}住房和城乡建设局").as_str()).context("演示数据中没有市住建局")?;
    let opinions = opinions::seed(store, congress_ids[0], station, housing, today).await?;
    activities::seed(store, today).await?;
    reports::seed(store, today).await?;
    oversight::seed(store, congress_ids[0], today).await.context("无法载入监督工作演示数据")?;
    let stations = stations::seed(store, congress_ids[0], today).await?;
    let official = official::seed(store, congress_ids[0], congress_ids[east], housing, today).await?;
    let filing =
        filing::seed(store, congress_ids[0], congress_ids[east], today).await.context("无法载入备案审查演示数据")?;
    let demo_deputy = plan.users.iter().find_map(|u| match u.role {
        RolePlan::Deputy { congress, seat } => persons[congress][seat].map(|p| (p, congress_ids[congress])),
        _ => None,
    });
    // The city's committee: the demo deputy first when they sit in the city's congress.
    let first = demo_deputy.filter(|(_, c)| *c == congress_ids[0]).map(|(p, _)| p);
    let city_deputies: Vec<PersonId> =
        first.into_iter().chain(persons[0].iter().flatten().copied().filter(|p| Some(*p) != first)).collect();
    let meetings =
        meetings::seed(store, congress_ids[0], &city_deputies, today).await.context("无法载入会议演示数据")?;
    let point = legislation::point_of(store, congress_ids[0], congress_ids[east]).await?;
    let city_deputy = demo_deputy.filter(|(_, c)| *c == congress_ids[0]).map(|(p, _)| p).or(persons[0]
        .iter()
        .flatten()
        .next()
        .copied());
    legislation::seed(store, congress_ids[0], point, city_deputy, today)
        .await
        .context("无法载入法规草案征求意见演示数据")?;
    // Last: the scores count what everything above recorded.
    let archive = archive::seed(store, demo_deputy, today).await?;

    Ok(DemoSummary {
        congresses: plan.congresses.len(),
        units: plan.others.iter().filter(|o| matches!(o.kind, OrgKind::Unit(_))).count(),
        deputies: plan.congresses.iter().map(|c| c.seats.len()).sum(),
        users: plan.users.len(),
        suggestions: suggestions.len(),
        documents: docs.documents,
        document_views: docs.views,
        opinions,
        stations,
        official,
        meetings,
        filing,
        archive,
        shared: None,
        logins: plan.logins(),
    })
}

/// The demo logins, without touching the store (printed at every `renda demo` start). Replays
/// the generator to learn the demo deputy's name, which costs under 0.1 s in a debug build.
pub fn demo_logins() -> Vec<DemoLogin> {
    plan().logins()
}

/// 区 → 区长, 县 → 县长, 镇 → 镇长, 乡 → 乡长.
fn head_of(place: &str) -> String {
    match place.chars().last() {
        Some(c) => format!("{c}长"),
        None => String::new(),
    }
}

/// A uniformly random element. The tables are never empty.
fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A random word of a space-separated list.
fn pick_word(rng: &mut StdRng, words: &'static str) -> &'static str {
    let n = words.split_whitespace().count();
    let i = rng.random_range(0..n);
    words.split_whitespace().nth(i).unwrap_or_default()
}

/// A random element, each drawn in proportion to its weight.
fn pick_weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    &pick_by(rng, items, |(_, w)| *w).0
}

/// A random element, each drawn in proportion to `weight` of it. Integer weights, so the draw
/// is the same on every platform.
fn pick_by<'a, T>(rng: &mut StdRng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut r = rng.random_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if r < w {
            return item;
        }
        r -= w;
    }
    &items[items.len() - 1]
}

#[cfg(test)]
mod tests;
