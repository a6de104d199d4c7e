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
//!   `Store::act` and `Store::set_publish_reply`, each command given by the role that gives it
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
//! after `today`. Their texts come from [`TOPICS`] (66 matters, each with its fitting units)
//! filled with the demo's own place names; they are written for the demo.
//!
//! Sizes follow the election law: every congress has exactly `statutory_size(population)` seats
//! (选举法 Art. 12). A seat that ended in 2024 still counts as a row of its congress's roster.
//!
//! Determinism rests on `StdRng` from rand 0.9 (ChaCha12). A rand upgrade that changes `StdRng`
//! would give the demo city other names, which is harmless: nothing refers to them across runs.

use anyhow::{Context, Result, bail, ensure};
use jiff::civil::{Date, date};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use renda_core::calendar::add_months;
use renda_core::clock::Clock;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::{EndReason, StartReason, Term, chinese_numeral};
use renda_core::policy::{Role, RoleKind};
use renda_core::suggestion::{Command, ExclusionReason, ReplyClass, Satisfaction, SuggestionState};
use renda_core::value::{Ethnicity, Gender, Label, Login, NewPassword, OrgName, PartialDate, PersonName, Phone};
use renda_store::orgs::NewOrganisation;
use renda_store::people::{DeputyFilter, DeputyRow, NewDeputyship, NewPerson};
use renda_store::suggestions::{ContactWay, Extra, NewSuggestion, Period};
use renda_store::users::NewUser;
use renda_store::{Actor, Store};
use std::collections::{HashMap, HashSet};

pub mod activities;
pub mod archive;
pub mod documents;
pub mod opinions;
pub mod oversight;
pub mod reports;
pub mod stations;
pub mod year;

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
        let id = create_org(store, &actor, &c.name, OrgKind::Congress(c.level), parent).await?;
        congress_ids.push(id);
    }
    let mut org_ids: HashMap<&str, OrgId> = HashMap::new();
    for o in &plan.others {
        let id = create_org(store, &actor, &o.name, o.kind, Some(congress_ids[o.congress])).await?;
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
    // Last: the scores count what everything above recorded.
    let demo_deputy = plan.users.iter().find_map(|u| match u.role {
        RolePlan::Deputy { congress, seat } => persons[congress][seat].map(|p| (p, congress_ids[congress])),
        _ => None,
    });
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

async fn create_org(store: &Store, actor: &Actor, name: &str, kind: OrgKind, parent: Option<OrgId>) -> Result<OrgId> {
    let org = store
        .create_org(actor, NewOrganisation { name: OrgName::parse(name)?, kind, parent })
        .await
        .with_context(|| format!("无法建立“{name}”"))?;
    Ok(org.id)
}

/// Writes one congress's roster: its new people in one import, then the seats that ended, then
/// the seats held by people already written for the congress below. Records who holds each
/// seat in `persons[ci]`.
async fn load_roster(
    store: &Store,
    actor: &Actor,
    plan: &Plan,
    ci: usize,
    congress: OrgId,
    persons: &mut [Vec<Option<PersonId>>],
) -> Result<()> {
    let c = &plan.congresses[ci];
    let mut rows = Vec::with_capacity(c.seats.len());
    for seat in &c.seats {
        if let Holder::New(p) = &seat.holder {
            rows.push((p.to_new_person()?, seat.to_new_deputyship(congress, c.term)?));
        }
    }
    let summary = store
        .import_roster(actor, congress, &rows, |_| {})
        .await
        .with_context(|| format!("无法导入{}的代表名单", c.name))?;
    ensure!(
        summary.created == rows.len(),
        "{}的代表名单只导入了{}行（应为{}行）：演示数据中有重名代表",
        c.name,
        summary.created,
        rows.len()
    );

    // The import does not return ids: read the roster back, keyed as the import dedups.
    let written: HashMap<(String, String), DeputyRow> =
        roster(store, congress).await?.into_iter().map(|r| ((r.name.clone(), r.delegation.clone()), r)).collect();
    for (si, seat) in c.seats.iter().enumerate() {
        let person = match &seat.holder {
            Holder::New(p) => {
                let row = written
                    .get(&(p.name.clone(), seat.delegation.clone()))
                    .with_context(|| format!("导入后找不到{}的代表{}", c.name, p.name))?;
                if let Some((end, reason)) = seat.end {
                    store
                        .end_deputyship(actor, row.deputyship, end, reason)
                        .await
                        .with_context(|| format!("无法终止代表{}的代表资格", p.name))?;
                }
                row.person
            }
            Holder::Below { congress: bc, seat: bs } => {
                let person = persons[*bc][*bs].context("下级人大的代表尚未载入")?;
                store
                    .add_deputyship(actor, person, seat.to_new_deputyship(congress, c.term)?)
                    .await
                    .with_context(|| format!("无法为{}增加代表资格", c.name))?;
                person
            }
        };
        persons[ci][si] = Some(person);
    }
    Ok(())
}

/// Every deputyship of one congress, read page by page.
async fn roster(store: &Store, congress: OrgId) -> Result<Vec<DeputyRow>> {
    let mut out = Vec::new();
    let mut filter =
        DeputyFilter { congresses: vec![congress], congress: Some(congress), per_page: 500, ..DeputyFilter::default() };
    loop {
        let page = store.search_deputies(&filter).await?;
        let done = page.items.is_empty() || filter.page + 1 >= page.pages();
        out.extend(page.items);
        if done {
            return Ok(out);
        }
        filter.page += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// The plan: the whole city in memory, before anything is written.
// ---------------------------------------------------------------------------------------------

/// The demo city, generated.
struct Plan {
    /// Every congress after its parent: the city, then each county followed by its townships.
    congresses: Vec<CongressPlan>,
    /// Handling units, liaison stations and deputy groups.
    others: Vec<OtherOrg>,
    users: Vec<UserPlan>,
}

struct CongressPlan {
    name: String,
    level: CongressLevel,
    /// Index of the congress above in [`Plan::congresses`].
    parent: Option<usize>,
    population: u64,
    term: Term,
    seats: Vec<SeatPlan>,
}

struct OtherOrg {
    name: String,
    kind: OrgKind,
    /// Index of its congress in [`Plan::congresses`].
    congress: usize,
}

/// One seat of a roster.
struct SeatPlan {
    /// 东城区代表团 for the city, 第3选区 below it.
    delegation: String,
    start: Date,
    start_reason: StartReason,
    end: Option<(Date, EndReason)>,
    holder: Holder,
}

enum Holder {
    /// Someone who appears here first.
    New(PersonPlan),
    /// The holder of seat `seat` of the congress below (index `congress`): one person, two seats.
    Below { congress: usize, seat: usize },
}

/// A generated person, as plain text; parsed into the store's value types when written.
struct PersonPlan {
    name: String,
    gender: Gender,
    ethnicity: &'static str,
    birth: PartialDate,
    party: &'static str,
    occupation: String,
    phone: Option<String>,
}

struct UserPlan {
    login: &'static str,
    display_name: String,
    role: RolePlan,
    who: String,
}

/// A role whose scope is named by the plan, resolved to ids once they exist.
enum RolePlan {
    Admin,
    Staff { congress: usize },
    Deputy { congress: usize, seat: usize },
    Unit { name: String },
    Public,
}

impl RolePlan {
    fn kind(&self) -> RoleKind {
        match self {
            RolePlan::Admin => RoleKind::Admin,
            RolePlan::Staff { .. } => RoleKind::Staff,
            RolePlan::Deputy { .. } => RoleKind::Deputy,
            RolePlan::Unit { .. } => RoleKind::Unit,
            RolePlan::Public => RoleKind::Public,
        }
    }
}

impl Plan {
    fn logins(&self) -> Vec<DemoLogin> {
        self.users
            .iter()
            .map(|u| DemoLogin {
                login: u.login.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                role_label: u.role.kind().label().to_owned(),
                who: u.who.clone(),
            })
            .collect()
    }

    /// The person holding a seat, following a seat held from below to where they first appear.
    fn person(&self, congress: usize, seat: usize) -> Option<&PersonPlan> {
        match &self.congresses.get(congress)?.seats.get(seat)?.holder {
            Holder::New(p) => Some(p),
            Holder::Below { congress, seat } => self.person(*congress, *seat),
        }
    }
}

impl PersonPlan {
    fn to_new_person(&self) -> Result<NewPerson> {
        Ok(NewPerson {
            name: PersonName::parse(&self.name)?,
            gender: Some(self.gender),
            ethnicity: Some(Ethnicity::parse(self.ethnicity)?),
            birth: Some(self.birth),
            party: Some(Label::parse(self.party)?),
            occupation: Some(Label::parse(&self.occupation)?),
            phone: self.phone.as_deref().map(Phone::parse).transpose()?,
        })
    }
}

impl SeatPlan {
    fn to_new_deputyship(&self, congress: OrgId, term: Term) -> Result<NewDeputyship> {
        Ok(NewDeputyship {
            congress,
            term,
            delegation: Label::parse(&self.delegation)?,
            start: self.start,
            start_reason: self.start_reason,
            note: None,
        })
    }
}

/// Where a generated person lives and works, which their job title may name.
#[derive(Clone, Copy)]
struct Place {
    level: CongressLevel,
    county: &'static CountySpec,
    /// The township, for a township deputy.
    township: Option<&'static str>,
}

/// Generates the demo city. Pure: the same plan on every call.
fn plan() -> Plan {
    let mut g = Generator::new();
    let city_start = date(2022, 1, 10);
    let county_start = date(2022, 1, 10);
    let township_start = date(2021, 12, 20);

    // The tree: the city, then each county followed by its townships.
    let mut congresses = vec![CongressPlan {
        name: format!("{CITY}人民代表大会"),
        level: CongressLevel::City,
        parent: None,
        population: CITY_POPULATION,
        term: Term(18),
        seats: Vec::new(),
    }];
    let mut county_at = Vec::with_capacity(COUNTIES.len());
    let mut townships_at: Vec<Vec<usize>> = Vec::with_capacity(COUNTIES.len());
    for county in COUNTIES {
        let ci = congresses.len();
        county_at.push(ci);
        congresses.push(CongressPlan {
            name: format!("{}人民代表大会", county.name),
            level: CongressLevel::County,
            parent: Some(0),
            population: county.population,
            term: Term(19),
            seats: Vec::new(),
        });
        let mut at = Vec::with_capacity(county.townships.len());
        for (township, population) in county.townships {
            at.push(congresses.len());
            congresses.push(CongressPlan {
                name: format!("{township}人民代表大会"),
                level: CongressLevel::Township,
                parent: Some(ci),
                population: *population,
                term: Term(21),
                seats: Vec::new(),
            });
        }
        townships_at.push(at);
    }

    // The rosters, bottom-up, so that a seat held from below can point at a generated person.
    let size = |c: &CongressPlan| c.level.statutory_size(c.population) as usize;
    for (k, county) in COUNTIES.iter().enumerate() {
        for (&ti, (township, _)) in townships_at[k].iter().zip(county.townships) {
            let place = Place { level: CongressLevel::Township, county, township: Some(*township) };
            let mut names = HashSet::new();
            let labels = g.districts(size(&congresses[ti]));
            congresses[ti].seats =
                labels.into_iter().map(|label| g.new_seat(place, label, township_start, &mut names)).collect();
        }

        // One township's party secretary also sits in the county congress (usual practice).
        let j = g.rng.random_range(0..county.townships.len());
        let ti = townships_at[k][j];
        let si = g.eligible_seat(&congresses[ti].seats);
        let mut names = HashSet::new();
        if let Holder::New(p) = &mut congresses[ti].seats[si].holder {
            p.occupation = format!("{}党委书记", county.townships[j].0);
            p.party = "中共";
            names.insert(p.name.clone());
        }
        let place = Place { level: CongressLevel::County, county, township: None };
        let ci = county_at[k];
        let labels = g.districts(size(&congresses[ci]));
        let below_at = g.rng.random_range(0..labels.len());
        congresses[ci].seats = labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| {
                if i == below_at {
                    SeatPlan::below(label, county_start, ti, si)
                } else {
                    g.new_seat(place, label, county_start, &mut names)
                }
            })
            .collect();
    }

    // The city: one delegation per county, sized by population; in each, one county deputy
    // also sits in the city congress. The first of these is the demo deputy.
    let weights: Vec<u64> = COUNTIES.iter().map(|c| c.population).collect();
    let shares = apportion(size(&congresses[0]), &weights);
    let mut city_seats = Vec::new();
    let mut names = HashSet::new();
    let mut demo_deputy_seat = 0;
    for (k, county) in COUNTIES.iter().enumerate() {
        let delegation = format!("{}代表团", county.name);
        let ci = county_at[k];
        let si = g.eligible_seat(&congresses[ci].seats);
        if let Holder::New(p) = &congresses[ci].seats[si].holder {
            names.insert(p.name.clone());
        }
        if k == 0 {
            demo_deputy_seat = city_seats.len();
        }
        city_seats.push(SeatPlan::below(delegation.clone(), city_start, ci, si));
        let place = Place { level: CongressLevel::City, county, township: None };
        for _ in 1..shares[k] {
            city_seats.push(g.new_seat(place, delegation.clone(), city_start, &mut names));
        }
    }
    congresses[0].seats = city_seats;

    let others = other_orgs(&county_at);
    let mut plan = Plan { congresses, others, users: Vec::new() };
    plan.users = users(&plan, &county_at, &townships_at, demo_deputy_seat);
    plan
}

/// The handling units, liaison stations and deputy groups.
fn other_orgs(county_at: &[usize]) -> Vec<OtherOrg> {
    let dept = UnitKind::GovernmentDepartment;
    let mut out = Vec::new();
    let mut add = |name: String, kind: OrgKind, congress: usize| out.push(OtherOrg { name, kind, congress });
    for d in CITY_DEPARTMENTS.split_whitespace() {
        add(format!("{CITY}{d}"), OrgKind::Unit(dept), 0);
    }
    // The city's own station, where the city's deputies receive citizens at the 市民中心.
    add(format!("{CITY}人大代表联络站（市民中心）"), OrgKind::LiaisonStation, 0);
    for (name, kind) in CITY_OTHER_UNITS {
        add((*name).to_owned(), OrgKind::Unit(*kind), 0);
    }
    let rotating: Vec<&str> = COUNTY_DEPARTMENTS.split_whitespace().collect();
    for (k, county) in COUNTIES.iter().enumerate() {
        let ci = county_at[k];
        let c = county.name;
        add(format!("{c}住房和城乡建设局"), OrgKind::Unit(dept), ci);
        for j in 0..2 {
            let d = rotating[(2 * k + j) % rotating.len()];
            add(format!("{c}{d}"), OrgKind::Unit(dept), ci);
        }
        add(format!("{c}人民法院"), OrgKind::Unit(UnitKind::Court), ci);
        add(format!("{c}人民检察院"), OrgKind::Unit(UnitKind::Procuratorate), ci);
        // Stations sit in a 街道 where there is one, else in a township: two in every other
        // county, one in the rest; deputy groups the other way round.
        let sites = county.streets.iter().copied().chain(county.townships.iter().map(|(t, _)| *t));
        let stations = if k % 2 == 0 { 2 } else { 1 };
        for site in sites.take(stations) {
            add(format!("{site}人大代表联络站"), OrgKind::LiaisonStation, ci);
        }
        for n in 1..=(3 - stations) {
            let n = chinese_numeral(n as u16);
            add(format!("{c}第{n}代表小组"), OrgKind::DeputyGroup, ci);
        }
    }
    out
}

/// One account per role. Staff sit in the city, the first county and its first township.
fn users(plan: &Plan, county_at: &[usize], townships_at: &[Vec<usize>], demo_deputy_seat: usize) -> Vec<UserPlan> {
    let staff = |login, ci: usize, place: &str| {
        let body = if plan.congresses[ci].level.has_standing_committee() { "常委会" } else { "主席团" };
        let who = format!("{place}人大{body}工作人员");
        UserPlan { login, display_name: who.clone(), role: RolePlan::Staff { congress: ci }, who }
    };
    let unit = |login, name: String| UserPlan {
        login,
        display_name: name.clone(),
        who: name.clone(),
        role: RolePlan::Unit { name },
    };
    let east = &COUNTIES[0];
    let (deputy_name, deputy_job) =
        plan.person(0, demo_deputy_seat).map(|p| (p.name.clone(), p.occupation.clone())).unwrap_or_default();
    // The second demo deputy: the next city deputy of the same delegation, who co-signs with
    // the first.
    let city_seats = &plan.congresses[0].seats;
    let delegation = city_seats.get(demo_deputy_seat).map(|s| s.delegation.as_str()).unwrap_or_default();
    let deputy2_seat = city_seats
        .iter()
        .enumerate()
        .skip(demo_deputy_seat + 1)
        .find(|(_, s)| {
            s.delegation == delegation
                && matches!(s.holder, Holder::New(_))
                && s.start_reason == StartReason::Elected
                && s.end.is_none()
        })
        .map_or(demo_deputy_seat, |(i, _)| i);
    let (deputy2_name, deputy2_job) =
        plan.person(0, deputy2_seat).map(|p| (p.name.clone(), p.occupation.clone())).unwrap_or_default();
    vec![
        UserPlan {
            login: "admin",
            display_name: "系统管理员".into(),
            role: RolePlan::Admin,
            who: "平台系统管理员，管理机构、用户和角色".into(),
        },
        staff("city.staff", 0, CITY),
        staff("east.staff", county_at[0], east.name),
        staff("town.staff", townships_at[0][0], east.townships[0].0),
        UserPlan {
            login: "deputy",
            display_name: deputy_name.clone(),
            role: RolePlan::Deputy { congress: 0, seat: demo_deputy_seat },
            who: format!(
                "{deputy_name}（{deputy_job}），{CITY}人大代表（{}代表团），同时是{}人大代表",
                east.name, east.name
            ),
        },
        UserPlan {
            login: "deputy2",
            display_name: deputy2_name.clone(),
            role: RolePlan::Deputy { congress: 0, seat: deputy2_seat },
            who: format!(
                "{deputy2_name}（{deputy2_job}），{CITY}人大代表（{}代表团），与{deputy_name}代表联名提出建议",
                east.name
            ),
        },
        unit("unit.housing", format!("{CITY}住房和城乡建设局")),
        unit("unit.court", format!("{CITY}中级人民法院")),
        UserPlan {
            login: "public",
            display_name: "公众用户".into(),
            role: RolePlan::Public,
            who: "注册的社会公众".into(),
        },
    ]
}

impl SeatPlan {
    /// A seat held by someone already seated in the congress below, elected with the rest.
    fn below(delegation: String, start: Date, congress: usize, seat: usize) -> SeatPlan {
        SeatPlan {
            delegation,
            start,
            start_reason: StartReason::Elected,
            end: None,
            holder: Holder::Below { congress, seat },
        }
    }
}

/// Splits `total` seats in proportion to `weights` by largest remainders (ties to the first).
fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let total64 = total as u64;
    let mut shares: Vec<usize> = weights.iter().map(|w| (total64 * w / sum) as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(total64 * weights[i] % sum));
    let left = total - shares.iter().sum::<usize>();
    for &i in order.iter().take(left) {
        shares[i] += 1;
    }
    shares
}

// ---------------------------------------------------------------------------------------------
// Suggestions: a year of them, each taken to its state by the commands real users would give.
// ---------------------------------------------------------------------------------------------

/// The city congress's suggestions; each county or district gets 15 to 25.
const CITY_SUGGESTIONS: usize = 100;

/// The suggestions' own seed, so that they do not change the names of the city's deputies.
const SUGGESTION_SEED: u64 = SEED ^ 0x5355_4747_4553_5453;

/// One demo suggestion: who makes it, its text, and the commands that take it to `state`.
struct SuggestionPlan {
    /// Index in [`Plan::congresses`].
    congress: usize,
    /// Seats (in the congress's roster) of the lead and the co-signers.
    lead: usize,
    cosigners: Vec<usize>,
    /// Index in [`TOPICS`] (read by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    topic: usize,
    title: String,
    body: String,
    period: Period,
    steps: Vec<Step>,
    /// Whether the lead agrees that the reply be published.
    publish_reply: bool,
    state: SuggestionState,
    /// Days since the (last) assignment, 0 before one: the oldest are written, and so
    /// registered and numbered, first.
    age: i64,
}

/// Who gives a command.
enum By {
    Lead,
    /// The co-signer at this index of [`SuggestionPlan::cosigners`].
    CoSigner(usize),
    Staff,
    /// The unit of this name.
    Unit(String),
}

struct Step {
    by: By,
    command: Command,
    extra: StepExtra,
}

/// What a command brings, with units by name until they have ids.
enum StepExtra {
    None,
    Assign { main: Vec<String>, assisting: Vec<String> },
    Given(Extra),
}

#[cfg(test)]
impl SuggestionPlan {
    /// Every text a user will read: for checking that none is borrowed.
    fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.title.as_str(), self.body.as_str()];
        for s in &self.steps {
            match &s.command {
                Command::Exclude { note, .. }
                | Command::ConvertToLetter { note }
                | Command::RefuseReturn { note }
                | Command::RefuseExtension { note }
                | Command::EndFollowUp { note, .. } => out.push(note),
                Command::RequestReturn { reason }
                | Command::RequestExtension { reason }
                | Command::Rate { reason, .. } => out.push(reason),
                Command::MarkKey { topic } => out.push(topic),
                _ => {}
            }
            match &s.extra {
                StepExtra::Given(Extra::Contact { summary, .. }) => out.push(summary),
                StepExtra::Given(Extra::View { text }) => out.push(text),
                StepExtra::Given(Extra::Reply { body, signer, .. }) => {
                    out.push(body);
                    out.push(signer);
                }
                _ => {}
            }
        }
        out
    }
}

/// Where a suggestion ends up in the demo, with the detail that makes it worth showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    Draft,
    Cosigning,
    Submitted,
    Registered,
    Returned,
    Converted,
    Withdrawn,
    /// Assigned, the unit has not contacted the deputy yet.
    Assigned,
    /// Assigned to the wrong unit, which asked to return it; staff have not decided.
    ReturnPending,
    /// Assigned to the wrong unit, returned with staff's approval and assigned again.
    Reassigned,
    InProgress,
    /// 10 days or fewer left.
    NearDue,
    /// The deadline passed without a reply.
    Overdue,
    /// 涉及面广、处理难度大: six months.
    Complex,
    /// The unit asked for more time and staff granted it.
    Extended,
    /// The unit asked for more time; staff have not decided.
    ExtensionPending,
    Replied,
    Rated,
    /// Rated 不满意 and sent back; the unit is answering again.
    Rehandling,
    /// A B or C reply whose promise is followed up.
    FollowUp,
    Closed,
    ClosedAfterFollowUp,
    ClosedAfterRehandling,
}

/// How a hundred suggestions of a year are spread, a few months into their handling: most are
/// with the units, answered or closed.
const FATES: &[(Fate, u32)] = &[
    (Fate::Draft, 3),
    (Fate::Cosigning, 3),
    (Fate::Submitted, 3),
    (Fate::Registered, 3),
    (Fate::Returned, 2),
    (Fate::Converted, 2),
    (Fate::Withdrawn, 2),
    (Fate::Assigned, 6),
    (Fate::ReturnPending, 1),
    (Fate::Reassigned, 1),
    (Fate::InProgress, 13),
    (Fate::NearDue, 5),
    (Fate::Overdue, 2),
    (Fate::Complex, 3),
    (Fate::Extended, 3),
    (Fate::ExtensionPending, 1),
    (Fate::Replied, 13),
    (Fate::Rated, 5),
    (Fate::Rehandling, 2),
    (Fate::FollowUp, 8),
    (Fate::Closed, 13),
    (Fate::ClosedAfterFollowUp, 4),
    (Fate::ClosedAfterRehandling, 2),
];

/// What a suggestion must be: its fate, and for the demo logins, who leads it, who co-signs
/// it, who has not confirmed yet, and which unit handles it.
#[derive(Clone)]
struct Spec {
    congress: usize,
    fate: Fate,
    lead: Option<usize>,
    with: Vec<usize>,
    pending: Option<usize>,
    /// The main unit's full name.
    unit: Option<String>,
}

impl Spec {
    fn new(congress: usize, fate: Fate) -> Spec {
        Spec { congress, fate, lead: None, with: Vec::new(), pending: None, unit: None }
    }

    fn is_free(&self) -> bool {
        self.lead.is_none() && self.with.is_empty() && self.unit.is_none()
    }
}

/// The texts one suggestion's commands are written from.
struct Words {
    place: String,
    road: String,
    thing: String,
    lead: String,
    /// The unit speaking, how it calls itself, and the unit a wrongly assigned one points to.
    unit: String,
    me: &'static str,
    right: String,
    year: i16,
}

impl Words {
    fn fill(&self, template: &str) -> String {
        let year = self.year.to_string();
        let pairs: [(&str, &str); 8] = [
            ("{事}", &self.thing),
            ("{地}", &self.place),
            ("{路}", &self.road),
            ("{代表}", &self.lead),
            ("{单位}", &self.unit),
            ("{我}", self.me),
            ("{正确单位}", &self.right),
            ("{年}", &year),
        ];
        let mut out = template.to_owned();
        for (key, value) in pairs {
            if out.contains(key) {
                out = out.replace(key, value);
            }
        }
        out
    }

    fn speaking_as(&mut self, unit: &str) {
        self.unit = unit.to_owned();
        self.me = self_name(unit);
    }
}

/// How a unit calls itself in its letters: 我局, 我委, 我办, 我公司.
fn self_name(unit: &str) -> &'static str {
    if unit.ends_with("委员会") {
        "我委"
    } else if unit.ends_with("公司") {
        "我公司"
    } else if unit.ends_with("办公室") {
        "我办"
    } else {
        "我局"
    }
}

/// Generates the demo's suggestions from the plan of the city, relative to `today`.
struct Drafter<'a> {
    plan: &'a Plan,
    g: Generator,
    today: Date,
    /// Per congress: its government departments and other handling units, by full name.
    units: Vec<Vec<&'a OtherOrg>>,
    /// Per congress: the seats whose holder sits today.
    sitting: Vec<Vec<usize>>,
    /// Per congress: the county it is (None for the city and townships).
    county: Vec<Option<&'static CountySpec>>,
    /// Who signs a unit's replies.
    signers: HashMap<String, String>,
}

impl<'a> Drafter<'a> {
    fn new(plan: &'a Plan, today: Date) -> Drafter<'a> {
        let n = plan.congresses.len();
        let mut units: Vec<Vec<&OtherOrg>> = vec![Vec::new(); n];
        for o in &plan.others {
            if matches!(o.kind, OrgKind::Unit(_)) {
                units[o.congress].push(o);
            }
        }
        let sitting = plan
            .congresses
            .iter()
            .map(|c| {
                c.seats
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.start <= today && s.end.is_none_or(|(end, _)| end > today))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let county = plan
            .congresses
            .iter()
            .map(|c| match c.level {
                CongressLevel::County => COUNTIES.iter().find(|k| c.name == format!("{}人民代表大会", k.name)),
                _ => None,
            })
            .collect();
        Drafter {
            plan,
            g: Generator::with_seed(SUGGESTION_SEED),
            today,
            units,
            sitting,
            county,
            signers: HashMap::new(),
        }
    }

    /// The city's hundred, every fate in proportion and five shaped for the demo logins, then
    /// 15 to 25 for each county and district.
    fn all(mut self) -> Vec<SuggestionPlan> {
        let weights: Vec<u64> = FATES.iter().map(|(_, w)| u64::from(*w)).collect();
        let counts = apportion(CITY_SUGGESTIONS, &weights);
        let mut specs: Vec<Spec> =
            FATES.iter().zip(counts).flat_map(|((fate, _), n)| std::iter::repeat_n(Spec::new(0, *fate), n)).collect();
        specs.shuffle(&mut self.g.rng);
        let deputy = self.login_seat("deputy");
        let deputy2 = self.login_seat("deputy2");
        let housing = format!("{CITY}住房和城乡建设局");
        let mut shape = |fate: Fate, f: &dyn Fn(&mut Spec)| {
            if let Some(s) = specs.iter_mut().find(|s| s.fate == fate && s.is_free()) {
                f(s);
            }
        };
        if let (Some(d1), Some(d2)) = (deputy, deputy2) {
            shape(Fate::Cosigning, &|s| {
                s.lead = Some(d1);
                s.with = vec![d2];
                s.pending = Some(d2);
            });
            shape(Fate::Replied, &|s| s.lead = Some(d1));
            shape(Fate::Closed, &|s| {
                s.lead = Some(d1);
                s.with = vec![d2];
            });
        }
        shape(Fate::Assigned, &|s| s.unit = Some(housing.clone()));
        shape(Fate::InProgress, &|s| s.unit = Some(housing.clone()));

        for (ci, c) in self.plan.congresses.iter().enumerate() {
            if c.level == CongressLevel::County {
                let n = self.g.rng.random_range(15..=25);
                for _ in 0..n {
                    let fate = *pick_weighted(&mut self.g.rng, FATES);
                    specs.push(Spec::new(ci, fate));
                }
            }
        }
        let mut out: Vec<SuggestionPlan> = specs.iter().filter_map(|s| self.suggestion(s)).collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.age));
        out
    }

    fn login_seat(&self, login: &str) -> Option<usize> {
        self.plan.users.iter().find(|u| u.login == login).and_then(|u| match u.role {
            RolePlan::Deputy { congress: 0, seat } => Some(seat),
            _ => None,
        })
    }

    /// The full names of the units of congress `ci` that handle `topic`, the main one first.
    fn topic_units(&self, ci: usize, topic: &Topic) -> Vec<&'a str> {
        let prefix = self.plan.congresses[ci].name.trim_end_matches("人民代表大会");
        topic
            .units
            .iter()
            .filter_map(|d| {
                let full = format!("{prefix}{d}");
                self.units[ci].iter().find(|o| o.name == full || o.name == *d).map(|o| o.name.as_str())
            })
            .collect()
    }

    /// `n` days before today.
    fn ago(&self, n: i64) -> Date {
        self.today.checked_sub(jiff::Span::new().days(n)).unwrap_or(self.today)
    }

    /// A day between `lo` and `hi` (both included; `lo` when `hi` is earlier).
    fn day_between(&mut self, lo: Date, hi: Date) -> Date {
        let span = i64::from((hi - lo).get_days()).max(0);
        let d = self.g.rng.random_range(0..=span);
        lo.checked_add(jiff::Span::new().days(d)).unwrap_or(lo)
    }

    /// A place of the congress where the topic's problem is: 南湖区莲塘镇 or 文昌街道.
    fn place(&mut self, ci: usize, at: Where) -> String {
        let (county, in_city) = match self.county[ci] {
            Some(c) => (c, false),
            None => (pick(&mut self.g.rng, COUNTIES), true),
        };
        let town = match at {
            Where::Town => true,
            Where::Country => false,
            Where::Any => self.g.rng.random_bool(0.5),
        };
        let spot = if town {
            // A 街道, or the county seat where there is none.
            if county.streets.is_empty() { county.townships[0].0 } else { *pick(&mut self.g.rng, county.streets) }
        } else {
            pick(&mut self.g.rng, county.townships).0
        };
        if in_city && town && self.g.rng.random_bool(0.4) {
            county.name.to_owned()
        } else if in_city {
            format!("{}{spot}", county.name)
        } else {
            spot.to_owned()
        }
    }

    fn road(&mut self) -> String {
        let word = self.g.place_word();
        let kind = pick_word(&mut self.g.rng, "路 路 大道 街");
        format!("{word}{kind}")
    }

    fn signer(&mut self, unit: &str) -> String {
        if let Some(s) = self.signers.get(unit) {
            return s.clone();
        }
        let female = self.g.rng.random_range(0..100) < 30;
        let name = self.g.han_name(female);
        self.signers.insert(unit.to_owned(), name.clone());
        name
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.g.rng.random_range(0..100) < percent
    }

    /// One suggestion, or none when the congress has no deputies or no topic fits.
    fn suggestion(&mut self, spec: &Spec) -> Option<SuggestionPlan> {
        let ci = spec.congress;
        let fate = spec.fate;
        let fitting: Vec<usize> = (0..TOPICS.len())
            .filter(|&t| {
                let units = self.topic_units(ci, &TOPICS[t]);
                match &spec.unit {
                    Some(u) => units.first().is_some_and(|m| m == u),
                    None => !units.is_empty(),
                }
            })
            .collect();
        if fitting.is_empty() || self.sitting[ci].len() < 5 {
            return None;
        }
        let ti = *pick(&mut self.g.rng, &fitting);
        let topic = &TOPICS[ti];
        let units = self.topic_units(ci, topic);

        // The lead and 0–3 co-signers, all sitting in this congress.
        let lead = match spec.lead {
            Some(l) => l,
            None => loop {
                let s = *pick(&mut self.g.rng, &self.sitting[ci]);
                if !spec.with.contains(&s) {
                    break s;
                }
            },
        };
        let mut cosigners = spec.with.clone();
        let wanted = match self.g.rng.random_range(0..100) {
            0..45 => 0,
            45..70 => 1,
            70..88 => 2,
            _ => 3,
        };
        let wanted = if fate == Fate::Cosigning { wanted.max(1) } else { wanted };
        while cosigners.len() < wanted {
            let s = *pick(&mut self.g.rng, &self.sitting[ci]);
            if s != lead && !cosigners.contains(&s) {
                cosigners.push(s);
            }
        }

        let mut w = Words {
            place: self.place(ci, topic.at),
            road: self.road(),
            thing: String::new(),
            lead: self.plan.person(ci, lead).map(|p| p.name.clone()).unwrap_or_default(),
            unit: String::new(),
            me: "我局",
            right: String::new(),
            year: self.today.year(),
        };
        w.thing = w.fill(topic.thing);
        let title = format!("关于{}的建议", w.fill(topic.title));
        let opener = *pick(&mut self.g.rng, OPENERS);
        let body = w.fill(&format!("{opener}{}{}{}", topic.problem, topic.cause, topic.ask));
        let period = if self.chance(70) { Period::Session } else { Period::Recess };

        // Submitted, and confirmed by the co-signers (one may decline; in 待联名确认 the
        // last, or the one named, has not answered yet).
        let mut steps = Vec::new();
        let mut state = SuggestionState::Draft;
        let mut age = 0;
        let mut confirmed = Vec::new();
        if fate != Fate::Draft {
            steps.push(step(By::Lead, Command::Submit));
            state = SuggestionState::Submitted;
            let pending = spec.pending.or_else(|| cosigners.last().copied());
            for (i, &c) in cosigners.iter().enumerate() {
                if fate == Fate::Cosigning && Some(c) == pending {
                    state = SuggestionState::Cosigning;
                    continue;
                }
                let decline = fate != Fate::Cosigning && !spec.with.contains(&c) && self.chance(6);
                let command = if decline { Command::DeclineCosign } else { Command::ConfirmCosign };
                if !decline {
                    confirmed.push(i);
                }
                steps.push(step(By::CoSigner(i), command));
            }
        }
        match fate {
            Fate::Draft | Fate::Cosigning | Fate::Submitted => {}
            Fate::Withdrawn => {
                // A joint suggestion is withdrawn with every co-signer's consent: each takes
                // the signature back first.
                for &i in &confirmed {
                    steps.push(step(By::CoSigner(i), Command::DeclineCosign));
                }
                steps.push(step(By::Lead, Command::Withdraw));
                state = SuggestionState::Withdrawn;
            }
            Fate::Returned => {
                let (reason, note) = *pick(&mut self.g.rng, EXCLUSIONS);
                steps.push(step(By::Staff, Command::Exclude { reason, note: note.to_owned() }));
                state = SuggestionState::Returned;
            }
            Fate::Converted => {
                let note = *pick(&mut self.g.rng, CONVERSIONS);
                steps.push(step(By::Staff, Command::ConvertToLetter { note: note.to_owned() }));
                state = SuggestionState::Converted;
            }
            _ => {
                steps.push(step(By::Staff, Command::Register));
                state = SuggestionState::Registered;
                if fate != Fate::Registered {
                    let two_mains = spec.unit.is_none();
                    (state, age) = self.handle(ci, fate, topic, &units, two_mains, &mut w, &mut steps);
                }
            }
        }
        let answered = matches!(
            state,
            SuggestionState::Replied
                | SuggestionState::Rated
                | SuggestionState::Rehandling
                | SuggestionState::FollowUp
                | SuggestionState::Closed
        );
        let publish_reply = answered && self.chance(40);
        Some(SuggestionPlan {
            congress: ci,
            lead,
            cosigners,
            topic: ti,
            title,
            body,
            period,
            steps,
            publish_reply,
            state,
            age,
        })
    }

    /// Assignment and what follows it, up to the fate. Returns the state reached and the days
    /// since the (last) assignment.
    #[allow(clippy::too_many_arguments)]
    fn handle(
        &mut self,
        ci: usize,
        fate: Fate,
        topic: &Topic,
        units: &[&str],
        two_mains: bool,
        w: &mut Words,
        steps: &mut Vec<Step>,
    ) -> (SuggestionState, i64) {
        use SuggestionState as S;
        let days = |n: i64| jiff::Span::new().days(n);
        // One main unit (now and then two) and up to two assisting ones, all fitting the topic.
        let mut main = vec![units[0].to_owned()];
        let mut rest: Vec<String> = units[1..].iter().map(|u| (*u).to_owned()).collect();
        if two_mains && !rest.is_empty() && self.chance(8) {
            main.push(rest.remove(0));
        }
        let assisting_n = match self.g.rng.random_range(0..100) {
            0..50 => 0,
            50..85 => 1,
            _ => 2,
        };
        rest.truncate(assisting_n);
        let assisting = rest;
        let assign = |main: &[String], assisting: &[String]| StepExtra::Assign {
            main: main.to_vec(),
            assisting: assisting.to_vec(),
        };

        let r = |g: &mut Generator, lo: i64, hi: i64| g.rng.random_range(lo..=hi);
        let (mut age, complex) = match fate {
            Fate::Assigned => (r(&mut self.g, 3, 40), false),
            Fate::ReturnPending => (r(&mut self.g, 1, 4), false),
            Fate::Reassigned => (r(&mut self.g, 4, 6), false),
            Fate::InProgress => (r(&mut self.g, 12, 75), false),
            Fate::NearDue => (self.age_with_days_left(1, 9), false),
            Fate::Overdue => (self.age_with_days_left(-20, -2), false),
            Fate::Complex => (r(&mut self.g, 60, 150), true),
            Fate::Extended => (r(&mut self.g, 85, 140), false),
            Fate::ExtensionPending => (r(&mut self.g, 70, 84), false),
            Fate::Replied => (r(&mut self.g, 30, 150), self.chance(10)),
            Fate::Rehandling | Fate::ClosedAfterRehandling => (r(&mut self.g, 80, 150), false),
            _ => (r(&mut self.g, 60, 150), self.chance(10)),
        };
        let mut on = self.ago(age);

        // Assigned to a unit that does not handle the topic, which asks to return it.
        if matches!(fate, Fate::ReturnPending | Fate::Reassigned) {
            let wrong: Vec<&str> = self.units[ci]
                .iter()
                .filter(|o| o.kind == OrgKind::Unit(UnitKind::GovernmentDepartment))
                .map(|o| o.name.as_str())
                .filter(|n| !units.contains(n))
                .collect();
            if !wrong.is_empty() {
                let wrong = (*pick(&mut self.g.rng, &wrong)).to_owned();
                let once = [wrong.clone()];
                steps.push(Step {
                    by: By::Staff,
                    command: Command::Assign { on, complex: false },
                    extra: assign(&once, &[]),
                });
                w.speaking_as(&wrong);
                w.right.clone_from(&main[0]);
                let reason = w.fill(RETURN_REASON);
                steps.push(step(By::Unit(wrong), Command::RequestReturn { reason }));
                if fate == Fate::ReturnPending {
                    return (S::Assigned, age);
                }
                steps.push(step(By::Staff, Command::ApproveReturn));
                age = self.g.rng.random_range(0..=2);
                on = self.ago(age);
            }
        }
        steps.push(Step { by: By::Staff, command: Command::Assign { on, complex }, extra: assign(&main, &assisting) });
        if let Some(key) = topic.key
            && self.chance(35)
        {
            steps.push(step(By::Staff, Command::MarkKey { topic: key.to_owned() }));
        }
        if matches!(fate, Fate::Assigned | Fate::ReturnPending | Fate::Reassigned)
            || (fate == Fate::Overdue && self.chance(30))
        {
            return (S::Assigned, age);
        }

        // The main units contact the deputy; assisting units send their views.
        let latest_contact = self.today.min(on.checked_add(days(20)).unwrap_or(on));
        let first_contact = on.checked_add(days(2)).unwrap_or(on).min(latest_contact);
        let contact_on = self.day_between(first_contact, latest_contact);
        for (k, m) in main.iter().enumerate() {
            w.speaking_as(m);
            let (way, template) = *pick(&mut self.g.rng, CONTACTS);
            let on = contact_on.checked_add(days(k as i64)).unwrap_or(contact_on).min(self.today);
            let extra = StepExtra::Given(Extra::Contact { on, way, summary: w.fill(template) });
            steps.push(Step { by: By::Unit(m.clone()), command: Command::RecordContact, extra });
        }
        let mut views_missing = false;
        for a in &assisting {
            if self.chance(70) {
                w.speaking_as(a);
                let template = *pick(&mut self.g.rng, VIEWS);
                let text = w.fill(template);
                let extra = StepExtra::Given(Extra::View { text });
                steps.push(Step { by: By::Unit(a.clone()), command: Command::SubmitView, extra });
            } else {
                views_missing = true;
            }
        }
        let replier = main[0].clone();
        w.speaking_as(&replier);
        let by_unit = || By::Unit(replier.clone());
        match fate {
            Fate::Extended => {
                steps.push(step(by_unit(), Command::RequestExtension { reason: w.fill(EXTENSION_REASON) }));
                let soon = self.today.checked_add(days(20)).unwrap_or(self.today);
                let months = if add_months(on, 5) > soon && self.chance(50) { 5 } else { 6 };
                steps.push(step(By::Staff, Command::GrantExtension { months }));
                return (S::InProgress, age);
            }
            Fate::ExtensionPending => {
                steps.push(step(by_unit(), Command::RequestExtension { reason: w.fill(EXTENSION_REASON) }));
                return (S::InProgress, age);
            }
            Fate::InProgress | Fate::NearDue | Fate::Overdue | Fate::Complex => {
                if fate == Fate::InProgress && age > 40 && self.chance(15) {
                    steps.push(step(by_unit(), Command::RequestExtension { reason: w.fill(EXTENSION_REASON) }));
                    steps.push(step(By::Staff, Command::RefuseExtension { note: REFUSE_EXTENSION.to_owned() }));
                }
                return (S::InProgress, age);
            }
            _ => {}
        }

        // The main unit replies only once every 会办 view is in: staff waive those never sent.
        if views_missing {
            steps.push(step(By::Staff, Command::WaiveViews { reason: VIEWS_WAIVED.to_owned() }));
        }
        // The reply, before the deadline; those waiting for a rating came in the last weeks.
        let due = add_months(on, if complex { 6 } else { 3 });
        let hi = self.today.min(due.checked_sub(days(1)).unwrap_or(due));
        let first = contact_on.checked_add(days(7)).unwrap_or(contact_on);
        let lo = if fate == Fate::Replied { first.max(self.ago(25)) } else { first }.min(hi);
        let reply_on = self.day_between(lo, hi);
        let classes: &[(ReplyClass, u32)] = match fate {
            Fate::Replied | Fate::Rated => {
                &[(ReplyClass::A, 45), (ReplyClass::B, 30), (ReplyClass::C, 15), (ReplyClass::D, 10)]
            }
            Fate::FollowUp | Fate::ClosedAfterFollowUp => &[(ReplyClass::B, 70), (ReplyClass::C, 30)],
            Fate::Closed => &[(ReplyClass::A, 80), (ReplyClass::D, 20)],
            _ => &[(ReplyClass::B, 25), (ReplyClass::C, 45), (ReplyClass::D, 30)],
        };
        let class = *pick_weighted(&mut self.g.rng, classes);
        let reply = self.reply(w, topic.action, class, false, reply_on, &replier);
        steps.push(Step { by: by_unit(), command: Command::Reply { class }, extra: reply });
        if fate == Fate::Replied {
            return (S::Replied, age);
        }

        let unhappy = match fate {
            Fate::Rated => 30,
            Fate::Rehandling | Fate::ClosedAfterRehandling => 100,
            _ => 4,
        };
        let rating = self.rating(w, unhappy);
        steps.push(step(By::Lead, rating));
        match fate {
            Fate::Rated => (S::Rated, age),
            Fate::Rehandling => {
                steps.push(step(By::Staff, Command::SendBack));
                (S::Rehandling, age)
            }
            Fate::ClosedAfterRehandling => {
                steps.push(step(By::Staff, Command::SendBack));
                let after = reply_on.checked_add(days(1)).unwrap_or(reply_on).max(self.ago(12));
                let again_on = self.day_between(after, self.today);
                let reply = self.reply(w, REPLY_AGAIN_ACTION, ReplyClass::A, true, again_on, &replier);
                steps.push(Step { by: by_unit(), command: Command::Reply { class: ReplyClass::A }, extra: reply });
                let rating = self.rating(w, 0);
                steps.push(step(By::Lead, rating));
                steps.push(step(By::Staff, Command::Close));
                (S::Closed, age)
            }
            Fate::FollowUp => {
                steps.push(step(By::Staff, Command::Close));
                (S::FollowUp, age)
            }
            Fate::ClosedAfterFollowUp => {
                steps.push(step(By::Staff, Command::Close));
                let fulfilled = self.chance(75);
                let note = w.fill(if fulfilled { FULFILLED } else { UNFULFILLED });
                steps.push(step(By::Staff, Command::EndFollowUp { fulfilled, note }));
                (S::Closed, age)
            }
            _ => {
                steps.push(step(By::Staff, Command::Close));
                (S::Closed, age)
            }
        }
    }

    /// Days since an assignment whose three-month deadline is `lo` to `hi` days away.
    fn age_with_days_left(&mut self, lo: i32, hi: i32) -> i64 {
        let fits: Vec<i64> = (30..=200)
            .filter(|&a| {
                let left = (add_months(self.ago(a), 3) - self.today).get_days();
                (lo..=hi).contains(&left)
            })
            .collect();
        if fits.is_empty() { 90 } else { *pick(&mut self.g.rng, &fits) }
    }

    /// A reply of `class`, signed by the unit's head.
    fn reply(&mut self, w: &Words, action: &str, class: ReplyClass, again: bool, on: Date, unit: &str) -> StepExtra {
        let opening = if again { REPLY_AGAIN_OPENING } else { REPLY_OPENING };
        let texts = match class {
            ReplyClass::A => CLASS_A,
            ReplyClass::B => CLASS_B,
            ReplyClass::C => CLASS_C,
            ReplyClass::D => CLASS_D,
        };
        let middle = *pick(&mut self.g.rng, texts);
        let closing = *pick(&mut self.g.rng, CLOSINGS);
        let body = w.fill(&format!("{opening}{action}{middle}{closing}"));
        let signer = self.signer(unit);
        StepExtra::Given(Extra::Reply { body, signer, on })
    }

    /// The lead's rating: 不满意 (with a reason) `unhappy` times in a hundred.
    fn rating(&mut self, w: &Words, unhappy: u32) -> Command {
        use Satisfaction as Sat;
        if self.chance(unhappy) {
            let attitude = if self.chance(60) { Sat::Basic } else { Sat::Satisfied };
            let template = *pick(&mut self.g.rng, UNHAPPY);
            let reason = w.fill(template);
            Command::Rate { attitude, result: Sat::Unsatisfied, reason }
        } else {
            let attitude = if self.chance(85) { Sat::Satisfied } else { Sat::Basic };
            let result = if self.chance(60) { Sat::Satisfied } else { Sat::Basic };
            Command::Rate { attitude, result, reason: String::new() }
        }
    }
}

/// A step with nothing besides the command.
fn step(by: By, command: Command) -> Step {
    Step { by, command, extra: StepExtra::None }
}

/// Writes the suggestions through [`Store::act`], each command as its user would give it.
async fn load_suggestions(
    store: &Store,
    plans: &[SuggestionPlan],
    congress_ids: &[OrgId],
    persons: &[Vec<Option<PersonId>>],
    org_ids: &HashMap<&str, OrgId>,
    today: Date,
) -> Result<()> {
    let unit = |name: &str| org_ids.get(name).copied().with_context(|| format!("演示数据中没有承办单位“{name}”"));
    let units = |names: &[String]| names.iter().map(|n| unit(n)).collect::<Result<Vec<_>>>();
    let as_deputy = |person| Actor { user: None, role: Role::Deputy { person } };
    for p in plans {
        let person = |seat: usize| persons[p.congress][seat].context("演示代表尚未载入");
        let lead = person(p.lead)?;
        let cosigners = p.cosigners.iter().map(|&s| person(s)).collect::<Result<Vec<_>>>()?;
        let new = NewSuggestion {
            congress: congress_ids[p.congress],
            title: p.title.clone(),
            body: p.body.clone(),
            period: p.period,
            from_motion: false,
            cosigners: cosigners.clone(),
        };
        // What happens before the first assignment is stamped on its day (09:00): a suggestion
        // is registered no later than it is assigned. The rest happens now.
        let first_assign = p.steps.iter().enumerate().find_map(|(i, s)| match s.command {
            Command::Assign { on, .. } => Some((i, on)),
            _ => None,
        });
        let back_then = first_assign.map(|(_, on)| {
            store.clone().with_clock(Clock::at_beijing(on.to_datetime(jiff::civil::Time::constant(9, 0, 0, 0))))
        });
        let store_at = |i: usize| match (&back_then, first_assign) {
            (Some(early), Some((assign, _))) if i < assign => early,
            _ => store,
        };
        let id = store_at(0)
            .create_suggestion(&as_deputy(lead), lead, new, today)
            .await
            .with_context(|| format!("无法建立演示建议《{}》", p.title))?;
        let mut state = SuggestionState::Draft;
        for (i, s) in p.steps.iter().enumerate() {
            let role = match &s.by {
                By::Lead => Role::Deputy { person: lead },
                By::CoSigner(i) => {
                    Role::Deputy { person: *cosigners.get(*i).context("演示建议没有这位联名代表")? }
                }
                By::Staff => Role::Staff { congress: congress_ids[p.congress] },
                By::Unit(name) => Role::Unit { unit: unit(name)? },
            };
            let extra = match &s.extra {
                StepExtra::None => Extra::None,
                StepExtra::Assign { main, assisting } => {
                    Extra::Assign { main: units(main)?, assisting: units(assisting)? }
                }
                StepExtra::Given(e) => e.clone(),
            };
            state = store_at(i)
                .act(&Actor { user: None, role }, id, &s.command, &extra, today)
                .await
                .with_context(|| format!("演示建议《{}》无法执行“{}”", p.title, s.command.kind().label()))?
                .state;
        }
        ensure!(state == p.state, "演示建议《{}》停在“{}”，应为“{}”", p.title, state.label(), p.state.label());
        if p.publish_reply {
            store
                .set_publish_reply(&as_deputy(lead), id, true)
                .await
                .with_context(|| format!("无法公开演示建议《{}》的答复", p.title))?;
        }
    }
    Ok(())
}

/// How a body may begin before the problem.
const OPENERS: &[&str] = &["", "", "", "近期走访选民时了解到，", "在代表联络站接待选民时，多位群众反映，"];

/// Contact records: `{单位}` is the unit, `{代表}` the lead deputy.
const CONTACTS: &[(ContactWay, &str)] = &[
    (
        ContactWay::Visit,
        "{单位}分管负责同志带队到{地}走访{代表}代表，实地查看{事}有关情况，听取意见，并介绍了初步办理思路。",
    ),
    (ContactWay::Visit, "{单位}承办人员陪同{代表}代表到{地}现场调研，共同查看问题点位，就{事}的整改措施交换了意见。"),
    (
        ContactWay::Meeting,
        "{单位}召开建议办理座谈会，邀请{代表}代表和相关部门参加，逐项研究{事}的解决办法，代表对办理思路表示认可。",
    ),
    (
        ContactWay::Meeting,
        "{单位}与{代表}代表面对面沟通，通报了{事}的前期调查情况，代表提出了补充意见，双方商定了办理时间表。",
    ),
    (ContactWay::Phone, "{单位}承办科室负责人电话联系{代表}代表，进一步了解{事}的具体情况和诉求，约定近期到现场会商。"),
    (ContactWay::Phone, "{单位}电话向{代表}代表通报了{事}的办理进展，代表希望尽快落实，并表示将继续关注。"),
    (ContactWay::Other, "{单位}以书面征询意见的方式向{代表}代表送达了办理方案初稿，代表书面反馈了修改意见。"),
];

/// Assisting units' written views.
/// Why staff let a main unit reply without a 会办 unit's view.
const VIEWS_WAIVED: &str = "会办单位逾期未提交会办意见，经电话督促仍未报送，为不影响答复时限，主办单位可先行答复。";

const VIEWS: &[&str] = &[
    "{单位}原则同意主办单位的办理思路，将在职责范围内配合做好{事}相关工作，并提供有关数据和资料。",
    "{单位}已对{事}中涉及本单位职责的部分进行研究，将按照分工抓好落实，并及时向主办单位通报进展。",
    "关于{事}，{单位}建议将相关工作纳入部门联动机制统筹推进，本单位负责的部分拟于年内完成。",
];

const EXCLUSIONS: &[(ExclusionReason, &str)] = &[
    (
        ExclusionReason::OutsideAuthority,
        "所提事项属于上级事权，不在本级人民政府及其部门职权范围内，建议通过其他渠道反映。",
    ),
    (ExclusionReason::MoreThanOneMatter, "建议内容涉及多个不同事项，不符合一事一议的要求，请分别提出后重新提交。"),
    (ExclusionReason::NoSubstance, "建议内容较为笼统，缺少具体问题和可行措施，请补充调研情况后重新提交。"),
];

const CONVERSIONS: &[&str] = &[
    "所反映的是个别小区的具体诉求，不宜作为代表建议立案，按代表来信转有关部门办理，并将处理结果告知代表。",
    "所提问题属于个案，已作为代表来信转交有关单位核实处理。",
];

const RETURN_REASON: &str = "经研究，该建议所提{事}主要属于{正确单位}的职责，{我}只能配合办理，申请退回调整主办单位。";
const EXTENSION_REASON: &str = "该建议涉及{事}，需要协调多个部门并统筹安排资金，难以在规定期限内办结答复，申请延期。";
const REFUSE_EXTENSION: &str = "该建议办理难度不大，请按原定期限答复。";
const FULFILLED: &str = "{事}已按答复承诺落实到位，已书面告知代表。";
const UNFULFILLED: &str = "受资金和用地条件限制，{事}年内未能落实，已转入下一年度继续办理，并书面告知代表。";

const UNHAPPY: &[&str] = &[
    "答复没有明确{事}的具体时间表和资金安排。",
    "承办单位没有到{地}实地调查，答复内容与实际情况不符。",
    "答复较为原则，没有提出针对性的解决措施。",
];

const REPLY_OPENING: &str = "{代表}代表：您提出的关于{事}的建议收悉。经研究，现答复如下：";
const REPLY_AGAIN_OPENING: &str =
    "{代表}代表：根据您对前次答复的意见，{我}对关于{事}的建议重新进行了办理。经研究，现答复如下：";
const REPLY_AGAIN_ACTION: &str =
    "{我}再次组织人员到{地}实地调查，会同有关部门制定了具体实施方案，明确了时间节点和资金来源。";

const CLASS_A: &[&str] = &[
    "目前{事}问题已基本解决，{我}将加强日常监管，巩固办理成效。",
    "上述措施已落实到位，{事}问题已得到解决。下一步，{我}将建立长效机制，防止问题反弹。",
];
const CLASS_B: &[&str] = &[
    "{事}已列入{我}{年}年度重点工作计划，正在按计划推进，预计年底前完成，届时将及时向您通报进展。",
    "目前相关工作正在推进，{我}将把{事}纳入下一阶段工作计划逐步解决，并定期向您反馈落实情况。",
];
const CLASS_C: &[&str] = &[
    "受资金和用地等条件限制，{事}目前尚难以全面实施。{我}将积极争取上级支持，待条件具备后逐步推进。",
    "由于涉及规划调整和多方协调，{事}短期内难以完成，{我}将持续跟踪研究，条件成熟时优先安排。",
];
const CLASS_D: &[&str] = &["您提出的意见建议很有参考价值，{我}将在今后制定相关政策和年度计划时认真研究吸收。"];
const CLOSINGS: &[&str] = &["感谢您对我们工作的关心和支持。", "欢迎您继续对我们的工作提出意见和建议。"];

// ---------------------------------------------------------------------------------------------
// The generator: names, jobs, dates and phone numbers from one seeded RNG.
// ---------------------------------------------------------------------------------------------

/// Fills one placeholder of a job template, given the place and the township.
type Fill = fn(&mut Generator, Place, &str) -> String;

struct Generator {
    rng: StdRng,
    surnames: Vec<(&'static str, u32)>,
    male_given: Vec<&'static str>,
    female_given: Vec<&'static str>,
    male_chars: Vec<char>,
    female_chars: Vec<char>,
    place_first: Vec<char>,
    place_second: Vec<char>,
    /// Titles one person holds (镇长, 院长), once given, so no town gets two mayors.
    titles_given: HashSet<String>,
}

impl Generator {
    fn new() -> Generator {
        Generator::with_seed(SEED)
    }

    fn with_seed(seed: u64) -> Generator {
        Generator {
            rng: StdRng::seed_from_u64(seed),
            surnames: SURNAME_TIERS
                .iter()
                .flat_map(|(w, names)| names.split_whitespace().map(move |n| (n, *w)))
                .collect(),
            male_given: MALE_GIVEN.split_whitespace().collect(),
            female_given: FEMALE_GIVEN.split_whitespace().collect(),
            male_chars: MALE_CHARS.chars().collect(),
            female_chars: FEMALE_CHARS.chars().collect(),
            place_first: PLACE_FIRST.chars().collect(),
            place_second: PLACE_SECOND.chars().collect(),
            titles_given: HashSet::new(),
        }
    }

    /// A seat for a new person. About 1 % ended in 2024 (resigned or moved away) and about 1 %
    /// were filled by a by-election during the term.
    fn new_seat(
        &mut self,
        place: Place,
        delegation: String,
        term_start: Date,
        names: &mut HashSet<String>,
    ) -> SeatPlan {
        let person = self.person(place, names);
        let (start, start_reason, end) = match self.rng.random_range(0..1000) {
            0..10 => {
                let reason = if self.rng.random_bool(0.5) { EndReason::Resigned } else { EndReason::TransferredOut };
                let end = self.day_in(2024);
                (term_start, StartReason::Elected, Some((end, reason)))
            }
            10..20 => {
                let year = self.rng.random_range(2023..=2025);
                (self.day_in(year), StartReason::ByElection, None)
            }
            _ => (term_start, StartReason::Elected, None),
        };
        SeatPlan { delegation, start, start_reason, end, holder: Holder::New(person) }
    }

    /// A random seat whose holder may also sit above: new here, elected, not ended.
    fn eligible_seat(&mut self, seats: &[SeatPlan]) -> usize {
        let eligible: Vec<usize> = seats
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                matches!(s.holder, Holder::New(_)) && s.start_reason == StartReason::Elected && s.end.is_none()
            })
            .map(|(i, _)| i)
            .collect();
        if eligible.is_empty() {
            return 0;
        }
        *pick(&mut self.rng, &eligible)
    }

    /// Electoral districts (第1选区, 第2选区 …) of 3 to 5 seats, one label per seat.
    fn districts(&mut self, seats: usize) -> Vec<String> {
        // ⌈seats/4⌉ districts hold between 3 and 5 seats each once there are 12 seats or more
        // (every congress has at least 45); smaller counts share one district.
        let n = if seats < 12 { 1 } else { seats.div_ceil(4) };
        let mut sizes = vec![if n == 1 { seats } else { 3 }; n];
        let mut left = seats - sizes.iter().sum::<usize>();
        while left > 0 {
            let i = self.rng.random_range(0..n);
            if sizes[i] < 5 {
                sizes[i] += 1;
                left -= 1;
            }
        }
        sizes.iter().enumerate().flat_map(|(i, &k)| std::iter::repeat_n(format!("第{}选区", i + 1), k)).collect()
    }

    /// A deputy: about 70 % men, 5 % of a minority, born 1955–2000 (most in the 1970s),
    /// mostly 中共, with a job that fits the level and place, and usually a mobile number.
    fn person(&mut self, place: Place, names: &mut HashSet<String>) -> PersonPlan {
        let gender = if self.rng.random_range(0..100) < 70 { Gender::Male } else { Gender::Female };
        let ethnicity =
            if self.rng.random_range(0..100) < 5 { *pick_weighted(&mut self.rng, MINORITIES) } else { "汉族" };
        let year = 1955 + self.rng.random_range(0..=22) + self.rng.random_range(0..=23);
        let birth = PartialDate { year, month: Some(self.rng.random_range(1..=12)), day: None };
        // Names are unique within a congress, so that lists and searches in the demo never show
        // two deputies a visitor cannot tell apart.
        let name = loop {
            let name = self.name(gender, ethnicity);
            if names.insert(name.clone()) {
                break name;
            }
        };
        let occupation = self.occupation(place);
        let party = if occupation.contains('党') {
            "中共"
        } else if place.level == CongressLevel::Township {
            *pick_weighted(&mut self.rng, PARTIES_TOWNSHIP)
        } else {
            *pick_weighted(&mut self.rng, PARTIES_UPPER)
        };
        let phone = (self.rng.random_range(0..100) < 85).then(|| self.mobile());
        PersonPlan { name, gender, ethnicity, birth, party, occupation, phone }
    }

    fn name(&mut self, gender: Gender, ethnicity: &str) -> String {
        let female = gender == Gender::Female;
        match ethnicity {
            // Uyghur names: one's own name, a middle dot, the father's name.
            "维吾尔族" => {
                let own = if female { UYGHUR_FEMALE } else { UYGHUR_MALE };
                let own = pick_word(&mut self.rng, own);
                let father = pick_word(&mut self.rng, UYGHUR_FATHER);
                format!("{own}·{father}")
            }
            // Half of Mongol deputies go by a Mongolian name without a surname.
            "蒙古族" if self.rng.random_bool(0.5) => {
                pick_word(&mut self.rng, if female { MONGOL_FEMALE } else { MONGOL_MALE }).to_owned()
            }
            _ => self.han_name(female),
        }
    }

    /// Surname (weighted by frequency) and a given name: a common two-character name, a
    /// single character, or two characters put together.
    fn han_name(&mut self, female: bool) -> String {
        let surname = *pick_weighted(&mut self.rng, &self.surnames);
        let (whole, chars) =
            if female { (&self.female_given, &self.female_chars) } else { (&self.male_given, &self.male_chars) };
        let given = match self.rng.random_range(0..100) {
            0..30 => pick(&mut self.rng, chars).to_string(),
            30..75 => (*pick(&mut self.rng, whole)).to_owned(),
            _ => {
                let a = *pick(&mut self.rng, chars);
                let b = loop {
                    let b = *pick(&mut self.rng, chars);
                    if b != a {
                        break b;
                    }
                };
                format!("{a}{b}")
            }
        };
        format!("{surname}{given}")
    }

    /// A job title fitting the level, filled in with the place's names.
    fn occupation(&mut self, place: Place) -> String {
        let table = match place.level {
            CongressLevel::City => CITY_JOBS,
            CongressLevel::County => COUNTY_JOBS,
            CongressLevel::Township => TOWNSHIP_JOBS,
        };
        // Titles held once run out only if drawn very often; then plainer jobs are drawn.
        loop {
            let job = pick_by(&mut self.rng, table, |j| j.weight);
            let township = match place.township {
                Some(t) => t,
                None => pick(&mut self.rng, place.county.townships).0,
            };
            let mut text = job.template.to_owned();
            let fills: [(&str, Fill); 8] = [
                ("{县}", |_, p, _| p.county.name.to_owned()),
                ("{县长}", |_, p, _| head_of(p.county.name)),
                ("{乡镇}", |_, _, t| t.to_owned()),
                ("{乡镇长}", |_, _, t| head_of(t)),
                ("{村}", Generator::village),
                ("{社区}", Generator::community),
                ("{企业}", |g, _, _| g.company()),
                ("{词}", |g, _, _| g.place_word()),
            ];
            for (key, fill) in fills {
                if text.contains(key) {
                    let value = fill(self, place, township);
                    text = text.replace(key, &value);
                }
            }
            if !job.once || self.titles_given.insert(text.clone()) {
                return text;
            }
        }
    }

    /// 柳湾村; for deputies above the township, with the township: 东湖镇柳湾村.
    fn village(&mut self, place: Place, township: &str) -> String {
        let word = self.place_word();
        match place.level {
            CongressLevel::Township => format!("{word}村"),
            _ => format!("{township}{word}村"),
        }
    }

    /// 柳湾社区; above the township, with its 街道 (or the county): 文昌街道柳湾社区.
    fn community(&mut self, place: Place, _township: &str) -> String {
        let word = self.place_word();
        match place.level {
            CongressLevel::Township => format!("{word}社区"),
            _ => {
                let area = if place.county.streets.is_empty() {
                    place.county.name
                } else {
                    *pick(&mut self.rng, place.county.streets)
                };
                format!("{area}{word}社区")
            }
        }
    }

    /// 示范青柳机械制造有限公司.
    fn company(&mut self) -> String {
        let word = self.place_word();
        let trade = pick_word(&mut self.rng, TRADES);
        format!("示范{word}{trade}有限公司")
    }

    /// Two characters that sound like a Chinese place: 柳湾, 石桥, 王庄.
    fn place_word(&mut self) -> String {
        let a = *pick(&mut self.rng, &self.place_first);
        let b = *pick(&mut self.rng, &self.place_second);
        format!("{a}{b}")
    }

    /// An 11-digit mobile number on a real operator prefix.
    fn mobile(&mut self) -> String {
        let mut s = pick_word(&mut self.rng, MOBILE_PREFIXES).to_owned();
        for _ in 0..8 {
            s.push(char::from(b'0' + self.rng.random_range(0..10u8)));
        }
        s
    }

    /// A day of `year` (the 1st to the 28th, so every month has it).
    fn day_in(&mut self, year: i16) -> Date {
        date(year, self.rng.random_range(1..=12), self.rng.random_range(1..=28))
    }
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

// ---------------------------------------------------------------------------------------------
// Tables. All places are fictional; only the pattern of their names is real.
// ---------------------------------------------------------------------------------------------

const CITY: &str = "示范市";
const CITY_POPULATION: u64 = 3_200_000;

/// A district (区) or county (县) of the city, with its townships and 街道.
struct CountySpec {
    name: &'static str,
    population: u64,
    /// Its 镇 and 乡, each with a congress, and their populations.
    townships: &'static [(&'static str, u64)],
    /// Its 街道: subdistricts, which have no congress of their own but host liaison stations.
    streets: &'static [&'static str],
}

/// Six districts and counties; their populations add up to the city's.
const COUNTIES: &[CountySpec] = &[
    CountySpec {
        name: "东城区",
        population: 620_000,
        townships: &[("东湖镇", 42_000), ("青石镇", 36_000), ("柳港镇", 27_000), ("白沙镇", 19_000)],
        streets: &["文昌街道", "新桥街道"],
    },
    CountySpec {
        name: "西城区",
        population: 580_000,
        townships: &[("西山镇", 45_000), ("金桥镇", 33_000), ("双井镇", 24_000), ("凤鸣镇", 17_000)],
        streets: &["金沙街道", "丰乐街道"],
    },
    CountySpec {
        name: "南湖区",
        population: 690_000,
        townships: &[
            ("南湖镇", 52_000),
            ("莲塘镇", 38_000),
            ("新港镇", 31_000),
            ("芦荡镇", 29_000),
            ("鱼洲镇", 21_000),
        ],
        streets: &["湖滨街道", "南苑街道"],
    },
    CountySpec {
        name: "北山区",
        population: 470_000,
        townships: &[
            ("北山镇", 40_000),
            ("石门镇", 33_000),
            ("松岭镇", 26_000),
            ("龙泉镇", 22_000),
            ("红旗乡", 15_000),
        ],
        streets: &["北辰街道", "松林街道"],
    },
    CountySpec {
        name: "清河县",
        population: 510_000,
        townships: &[
            ("城关镇", 60_000),
            ("清河镇", 46_000),
            ("杨柳镇", 34_000),
            ("马坊镇", 29_000),
            ("桃源乡", 18_000),
            ("杏花乡", 16_000),
        ],
        streets: &[],
    },
    CountySpec {
        name: "云岭县",
        population: 330_000,
        townships: &[
            ("云岭镇", 48_000),
            ("高坪镇", 31_000),
            ("茶山乡", 21_000),
            ("大石乡", 16_000),
            ("白云乡", 17_000),
            ("竹溪乡", 15_000),
        ],
        streets: &[],
    },
];

/// The city government's departments, each named 示范市 + this.
const CITY_DEPARTMENTS: &str = "人民政府办公室 发展和改革委员会 教育局 科学技术局 工业和信息化局 \
    公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源和规划局 生态环境局 住房和城乡建设局 \
    城市管理局 交通运输局 水利局 农业农村局 商务局 文化广电旅游局 卫生健康委员会 退役军人事务局 \
    应急管理局 市场监督管理局 医疗保障局 体育局 数据局";

/// The city's other handling units: the court, the procuratorate, the supervisory commission
/// and the power company (suggestions about the grid go to it).
const CITY_OTHER_UNITS: &[(&str, UnitKind)] = &[
    ("示范市中级人民法院", UnitKind::Court),
    ("示范市人民检察院", UnitKind::Procuratorate),
    ("示范市监察委员会", UnitKind::SupervisoryCommission),
    ("国网示范供电公司", UnitKind::Other),
];

/// County departments besides housing; each county takes the next two in turn.
const COUNTY_DEPARTMENTS: &str = "教育局 卫生健康局 交通运输局 农业农村局 民政局 城市管理局";

/// A job title template. `{县}` is the county or district, `{县长}` its head (区长/县长),
/// `{乡镇}` a township, `{乡镇长}` its head (镇长/乡长), `{村}` a village, `{社区}` a residents'
/// community, `{企业}` a company, `{词}` a two-character place word.
struct Job {
    weight: u32,
    /// Held by one person only (a mayor, a hospital's president).
    once: bool,
    template: &'static str,
}

const fn job(weight: u32, once: bool, template: &'static str) -> Job {
    Job { weight, once, template }
}

/// Township deputies: villages first, then schools, clinics, firms and the township's offices.
/// (The township party secretary is chosen apart: they also sit in the county congress.)
const TOWNSHIP_JOBS: &[Job] = &[
    job(16, false, "{村}党支部书记、村民委员会主任"),
    job(6, false, "{村}党支部书记"),
    job(5, false, "{村}村民委员会主任"),
    job(4, false, "{村}党支部副书记"),
    job(12, false, "{村}村民"),
    job(6, false, "农民"),
    job(4, false, "{村}种植专业合作社理事长"),
    job(2, false, "{村}家庭农场负责人"),
    job(2, false, "{村}乡村医生"),
    job(5, false, "{乡镇}中心小学教师"),
    job(4, false, "{乡镇}中学教师"),
    job(3, false, "{乡镇}卫生院医生"),
    job(2, false, "{社区}党支部书记、居民委员会主任"),
    job(9, false, "{企业}职工"),
    job(3, false, "{企业}总经理"),
    job(7, false, "个体工商户"),
    job(1, true, "{乡镇}人民政府{乡镇长}"),
    job(1, true, "{乡镇}人大主席"),
    job(1, true, "{乡镇}卫生院院长"),
    job(1, true, "{乡镇}中心小学校长"),
    job(1, true, "{乡镇}派出所所长"),
    job(1, true, "{乡镇}农业综合服务中心主任"),
];

/// County and district deputies.
const COUNTY_JOBS: &[Job] = &[
    job(12, false, "{村}党支部书记、村民委员会主任"),
    job(7, false, "{社区}党委书记、居民委员会主任"),
    job(6, false, "{企业}职工"),
    job(4, false, "{企业}董事长"),
    job(3, false, "{企业}技术员"),
    job(4, false, "{县}实验小学教师"),
    job(3, false, "{县}第一中学教师"),
    job(4, false, "{县}人民医院医生"),
    job(2, false, "{社区}卫生服务中心主任"),
    job(5, false, "农民"),
    job(4, false, "个体工商户"),
    job(2, false, "{县}{词}律师事务所律师"),
    job(1, true, "{乡镇}人民政府{乡镇长}"),
    job(1, true, "{县}人民政府副{县长}"),
    job(1, true, "{县}人民医院院长"),
    job(1, true, "{县}第一中学校长"),
    job(1, true, "{县}教育局局长"),
    job(1, true, "{县}总工会主席"),
];

/// City deputies; `{县}` is the county of their delegation.
const CITY_JOBS: &[Job] = &[
    job(8, false, "{企业}董事长、总经理"),
    job(7, false, "{企业}职工"),
    job(4, false, "{企业}高级工程师"),
    job(5, false, "{村}党支部书记、村民委员会主任"),
    job(4, false, "{社区}党委书记、居民委员会主任"),
    job(2, false, "{社区}卫生服务中心主任"),
    job(3, false, "示范大学教授"),
    job(2, false, "示范职业技术学院教师"),
    job(2, false, "示范市第一人民医院主任医师"),
    job(2, false, "示范市第一中学教师"),
    job(2, false, "示范市{词}律师事务所主任"),
    job(2, false, "个体工商户"),
    job(2, false, "农民"),
    job(1, true, "中共{县}委书记"),
    job(1, true, "{县}人民政府{县长}"),
    job(1, true, "{县}人大常委会主任"),
    job(1, true, "示范市第一人民医院院长"),
    job(1, true, "示范市中医院院长"),
    job(1, true, "示范大学校长"),
    job(1, true, "示范市总工会主席"),
    job(1, true, "示范市工商业联合会主席"),
    job(1, true, "示范市科学技术协会主席"),
];

/// Trades of generated companies.
const TRADES: &str = "机械制造 食品 纺织 新材料 电子科技 物流 农业发展 建筑工程 化工 医药 汽车零部件 家具";

/// 政党 at city and county level, per thousand: 中共 and 群众, then the eight democratic
/// parties and 无党派人士, who are better represented the higher the congress.
const PARTIES_UPPER: &[(&str, u32)] = &[
    ("中共", 690),
    ("群众", 160),
    ("无党派人士", 30),
    ("民革", 15),
    ("民盟", 25),
    ("民建", 25),
    ("民进", 20),
    ("农工党", 15),
    ("致公党", 5),
    ("九三学社", 15),
];

/// 政党 of township deputies, per thousand.
const PARTIES_TOWNSHIP: &[(&str, u32)] =
    &[("中共", 640), ("群众", 345), ("无党派人士", 5), ("民盟", 4), ("民进", 3), ("九三学社", 3)];

/// The minorities drawn for the ~5 % of deputies who are not 汉族, by relative weight.
const MINORITIES: &[(&str, u32)] = &[
    ("回族", 30),
    ("满族", 24),
    ("蒙古族", 12),
    ("壮族", 10),
    ("土家族", 10),
    ("苗族", 5),
    ("朝鲜族", 5),
    ("维吾尔族", 4),
];

/// Surnames by frequency tier: each surname of a tier is drawn with the tier's weight, roughly
/// its share of the population in hundredths of a percent.
const SURNAME_TIERS: &[(u32, &str)] = &[
    (700, "王 李 张"),
    (500, "刘 陈"),
    (320, "杨"),
    (220, "黄 赵 吴 周"),
    (135, "徐 孙 马 朱"),
    (115, "胡 郭 何 林 高 罗"),
    (90, "郑 梁"),
    (63, "谢 宋 唐 许 韩 邓 冯 曹"),
    (53, "彭 曾 肖 田 董 潘 袁 蔡"),
    (43, "蒋 余 于 杜 叶 程 魏 苏 吕 丁 任"),
    (36, "卢 姚 沈 钟 姜 崔 谭 陆"),
    (30, "范 汪 廖 石 金 韦 贾 夏 付 方"),
    (26, "邹 熊 白 孟 秦 邱 侯 江 尹 薛 闫 段 雷"),
    (21, "龙 黎 史 陶 贺 毛 郝 顾 龚 邵 万 覃 武"),
    (17, "钱 戴 严 莫 孔 向 常 汤 易 康"),
    (4, "欧阳"),
    (1, "司马 诸葛 上官 司徒"),
];

/// Common two-character men's names, from 建国 (born around 1950) to 浩然 (around 2000).
const MALE_GIVEN: &str = "建国 建华 建军 建平 国强 国庆 国华 志强 志刚 志明 志勇 卫东 卫国 \
    海波 海涛 海峰 文斌 文杰 文军 晓东 晓明 晓峰 春生 永强 永刚 德胜 立新 振华 俊杰 明辉 伟东 \
    雪松 云龙 金龙 新民 学军 庆丰 长春 成林 光明 世杰 红军 宏伟 建明 卫华 家豪 鹏飞 天宇 博文 \
    思远 一鸣 浩然 子豪 宇航 晨阳 俊豪 明杰 泽宇 子涵 昊天";

/// Common two-character women's names, from 秀英 to 欣怡.
const FEMALE_GIVEN: &str = "秀英 桂英 秀兰 玉兰 桂兰 秀珍 凤英 翠兰 淑珍 淑芬 丽华 海燕 红梅 \
    玉梅 美玲 丽娟 春燕 雪梅 晓燕 晓红 晓丽 艳红 丽萍 金凤 彩霞 巧玲 文静 雅琴 慧敏 亚男 小红 \
    静怡 雨欣 欣怡 佳琪 梦瑶 思雨 婷婷 丹丹 莉莉 晓静 丽娜 春梅 海霞 晓梅 玉珍 秀梅 丽君";

/// Characters of men's names, alone (李强) or in pairs.
const MALE_CHARS: &str = "伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳磊峰亮成东海新\
    春文志建国永德庆兵锋毅翔博昊晨斐彬坤荣栋";

/// Characters of women's names, alone (王芳) or in pairs.
const FEMALE_CHARS: &str = "芳娜敏静丽艳娟霞燕玲英萍红梅琳雪婷慧颖倩洁佳琴云莉兰凤丹薇悦晶璐瑶欣\
    怡蕾露珊岚媛";

/// Mongolian names, carried without a surname.
const MONGOL_MALE: &str = "巴特尔 巴图 额尔敦 朝鲁 苏和 宝音 那顺 孟和 吉日格勒 乌力吉";
const MONGOL_FEMALE: &str = "其木格 乌兰 萨仁 娜仁 图雅 斯琴 高娃 乌日娜 托娅";

/// Uyghur names: one's own (these) and the father's (below), joined by a middle dot.
const UYGHUR_MALE: &str = "艾合买提 买买提 阿不都热合曼 艾力 吐尔逊 努尔买买提 依明 艾山";
const UYGHUR_FEMALE: &str = "阿依古丽 古丽娜尔 热依汗 帕提古丽 米热古丽 阿依努尔";
const UYGHUR_FATHER: &str = "吐尔逊 买买提 阿不都拉 艾山 热合曼 玉素甫 库尔班 尼亚孜";

/// First and second characters of village, community and company names (柳湾, 石桥, 王庄).
const PLACE_FIRST: &str = "柳杨桃杏梅竹松石青白红金龙凤马黄沙清新高大小上下前后东西南北王李张刘陈";
const PLACE_SECOND: &str = "湾桥庄河沟岭坪塘湖园林山坝口店营集铺堡溪洼岗台泉";

/// Mobile prefixes of the three operators.
const MOBILE_PREFIXES: &str = "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 \
    157 158 159 166 177 180 181 182 183 185 186 187 188 189 198 199";

/// Where a topic's problem is found: in town (a 街道 or the county seat), in the countryside
/// (a 镇 or 乡), or either.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Town,
    Country,
    Any,
}

/// One matter deputies raise, as templates: `{地}` is a place of the congress, `{路}` a road,
/// `{事}` the matter in a few words, `{我}` how the handling unit calls itself (我局, 我委).
/// The texts are written for the demo; no real suggestion or reply is quoted.
struct Topic {
    /// The departments that handle it, the most fitting first (without the 示范市 or county
    /// prefix; a congress uses those it has). The first one it has is the main unit.
    units: &'static [&'static str],
    /// The 重点督办 topic it belongs to, if the 主任会议 would group it into one.
    key: Option<&'static str>,
    at: Where,
    /// The title between 关于 and 的建议.
    title: &'static str,
    problem: &'static str,
    cause: &'static str,
    ask: &'static str,
    thing: &'static str,
    /// What the unit did, for its reply.
    action: &'static str,
}

const KEY_TRAFFIC: Option<&str> = Some("城市交通治理");
const KEY_SCHOOLS: Option<&str> = Some("教育资源均衡");
const KEY_ELDERLY: Option<&str> = Some("养老服务体系建设");
const KEY_ECOLOGY: Option<&str> = Some("生态环境保护");

const TOPICS: &[Topic] = &[
    // Housing.
    Topic {
        units: &["住房和城乡建设局", "自然资源和规划局", "财政局"],
        key: None,
        at: Where::Town,
        title: "加快推进{地}老旧小区加装电梯",
        problem: "{地}建成于上世纪八九十年代的住宅小区多为六层以下楼房，没有电梯，住户中老年人比例较高，上下楼十分困难。",
        cause: "加装电梯需要同一单元业主意见一致，低层住户担心采光和噪声，审批环节多、费用分摊难，不少单元议而不决。",
        ask: "建议出台加装电梯费用分摊的指导意见，简化规划和施工审批手续，由街道和社区组织业主协商，对符合条件的单元给予财政补贴。",
        thing: "老旧小区加装电梯",
        action: "{我}已会同规划部门对{地}老旧小区逐栋摸排，梳理出具备加装条件的单元，并将加装电梯审批由各部门分别办理调整为联合审查、一次办结。",
    },
    Topic {
        units: &["住房和城乡建设局", "市场监督管理局"],
        key: None,
        at: Where::Town,
        title: "加强{地}住宅小区物业服务监管",
        problem: "近年来{地}部分小区物业服务质量下降，公共区域保洁不及时，绿化养护不到位，业主反映问题后长期得不到处理。",
        cause: "物业服务考核缺少量化标准，业主委员会成立难，对物业企业的约束手段有限。",
        ask: "建议建立物业服务企业信用评价制度并定期公布考核结果，指导社区帮助符合条件的小区成立业主委员会，对服务不达标的企业督促整改。",
        thing: "物业服务监管",
        action: "{我}已对{地}在管物业项目开展专项检查，向发现问题的物业企业下达整改通知，并将物业服务情况纳入企业信用评价。",
    },
    Topic {
        units: &["住房和城乡建设局", "自然资源和规划局", "发展和改革委员会"],
        key: None,
        at: Where::Town,
        title: "加快{地}城中村改造进度",
        problem: "{地}城中村房屋密集、道路狭窄，排水和消防设施不足，雨季积水、火灾隐患等问题突出，群众改造意愿强烈。",
        cause: "改造项目涉及征收补偿、安置房建设和资金平衡，前期工作周期长，部分项目立项多年仍未启动。",
        ask: "建议对{地}城中村改造项目倒排工期，优先建设安置房，公开补偿安置政策，及时回应群众关切。",
        thing: "城中村改造",
        action: "{我}已将{地}城中村改造项目列入年度城市更新计划，会同属地政府完成入户调查，补偿安置方案正在征求群众意见。",
    },
    Topic {
        units: &["住房和城乡建设局", "自然资源和规划局"],
        key: None,
        at: Where::Any,
        title: "增加{地}保障性租赁住房供给",
        problem: "{地}产业园区周边新就业的青年职工和外来务工人员较多，租房价格偏高、房源分散，通勤时间长。",
        cause: "现有保障性租赁住房集中在老城区，与产业园区的分布不匹配，申请流程也不够便捷。",
        ask: "建议在产业园区周边利用闲置厂房和集体建设用地建设保障性租赁住房，推行网上申请、线上配租。",
        thing: "保障性租赁住房建设",
        action: "{我}已会同有关部门对{地}产业园区周边的闲置用地和存量房屋进行梳理，拟通过改建筹集一批保障性租赁住房，并开通网上申请渠道。",
    },
    Topic {
        units: &["住房和城乡建设局"],
        key: None,
        at: Where::Town,
        title: "简化{地}住宅专项维修资金使用程序",
        problem: "{地}不少小区屋面渗漏、外墙脱落、消防设施损坏，需要动用住宅专项维修资金，但申请程序复杂，往往拖延数月。",
        cause: "使用维修资金需经双三分之二业主表决，业主分散、意见难以收集，应急维修也要走同样的程序。",
        ask: "建议推行业主线上表决，明确应急维修的简易程序，定期公开维修资金的使用和结余情况。",
        thing: "维修资金使用程序",
        action: "{我}已修订住宅专项维修资金使用办法，明确屋面渗漏、电梯故障等紧急情况适用应急程序，并上线业主线上表决系统，{地}已有多个小区试用。",
    },
    Topic {
        units: &["住房和城乡建设局", "生态环境局", "城市管理局"],
        key: None,
        at: Where::Town,
        title: "加强{地}建筑工地夜间施工管理",
        problem: "{地}周边几处在建工地经常在夜间施工，混凝土浇筑和渣土运输的噪声很大，影响附近居民休息。",
        cause: "夜间施工许可审核不严，对超时、超范围施工的巡查和处罚力度不够。",
        ask: "建议严格夜间施工审批并公开许可时段，在工地安装噪声在线监测设备，对违规施工依法处罚。",
        thing: "建筑工地夜间施工管理",
        action: "{我}已对{地}在建工地开展专项检查，督促施工单位合理安排工序，对夜间施工实行审批公示，并在工地出入口安装噪声监测设备。",
    },
    Topic {
        units: &["住房和城乡建设局", "应急管理局"],
        key: None,
        at: Where::Any,
        title: "开展{地}经营性自建房安全隐患排查整治",
        problem: "{地}部分居民自建房被改作出租屋和小作坊，存在私自加层、改变承重结构等情况，安全隐患较大。",
        cause: "自建房数量多、底数不清，日常监管的责任主体不够明确。",
        ask: "建议组织专业力量开展自建房安全排查，建立隐患台账，对存在重大隐患的房屋限期整改。",
        thing: "自建房安全隐患整治",
        action: "{我}已组织专业技术人员对{地}经营性自建房开展全面排查，建立隐患台账，对存在问题的房屋逐一落实整改责任人。",
    },
    Topic {
        units: &["住房和城乡建设局", "城市管理局", "公安局"],
        key: None,
        at: Where::Town,
        title: "解决{地}老旧小区停车难问题",
        problem: "{地}老旧小区建设时没有规划停车位，如今私家车越来越多，车辆挤占消防通道和绿地，邻里矛盾时有发生。",
        cause: "小区内部空间有限，周边也缺少公共停车场。",
        ask: "建议结合老旧小区改造挖潜增设停车位，利用周边闲置地块建设立体停车场，推动机关单位停车场夜间向居民开放。",
        thing: "老旧小区停车难",
        action: "{我}已将{地}老旧小区停车设施改造纳入年度改造计划，结合改造新增停车位，并协调周边单位错时开放停车场。",
    },
    // Schools.
    Topic {
        units: &["教育局", "自然资源和规划局", "住房和城乡建设局"],
        key: KEY_SCHOOLS,
        at: Where::Town,
        title: "增加{地}义务教育学位供给",
        problem: "随着{地}新建住宅小区陆续交付，适龄儿童数量快速增长，附近小学每班人数超过五十人，学位十分紧张。",
        cause: "配套学校建设滞后于住宅开发，部分规划中的学校用地至今尚未动工。",
        ask: "建议加快{地}配套学校建设，在新学校建成前通过集团化办学和临时扩班缓解压力，并提前公布学区划分方案。",
        thing: "义务教育学位供给",
        action: "{我}已会同规划部门对{地}学龄人口进行测算，配套小学项目已完成立项，同时通过集团化办学增加了学位。",
    },
    Topic {
        units: &["教育局", "财政局"],
        key: None,
        at: Where::Any,
        title: "提升{地}中小学课后服务质量",
        problem: "{地}中小学已普遍开展课后服务，但内容以看管和作业辅导为主，体育、艺术和科技类活动较少，家长反映吸引力不足。",
        cause: "学校师资力量有限，引进校外专业力量缺乏经费保障和规范。",
        ask: "建议建立课后服务经费保障机制，引入经过审核的少年宫、体育俱乐部等专业资源，丰富课后服务内容。",
        thing: "课后服务",
        action: "{我}已制定课后服务提质方案，在{地}试点引入体育、艺术和科技类专业机构，课后服务经费由财政补助和家长适当分担。",
    },
    Topic {
        units: &["教育局", "人力资源和社会保障局"],
        key: KEY_SCHOOLS,
        at: Where::Country,
        title: "加强{地}乡村学校教师队伍建设",
        problem: "{地}乡村学校年轻教师流失较多，英语、音乐、美术等学科专任教师不足，一些教师需要跨学科教学。",
        cause: "乡村学校交通不便、生活条件较差，职称评聘和待遇上对乡村教师的倾斜不够。",
        ask: "建议落实乡村教师生活补助，职称评聘向乡村学校倾斜，推进城区学校与乡村学校之间的教师交流轮岗。",
        thing: "乡村教师队伍建设",
        action: "{我}已提高乡村教师生活补助标准，在职称评聘中单列乡村学校指标，并组织城区骨干教师到{地}学校交流任教。",
    },
    Topic {
        units: &["教育局", "公安局", "交通运输局"],
        key: None,
        at: Where::Town,
        title: "改善{地}学校周边上下学交通秩序",
        problem: "每天上下学时段，{地}几所学校门前接送车辆乱停乱放，学生和车辆混行，存在安全隐患。",
        cause: "学校门前道路狭窄，缺少临时停车区域和护学设施。",
        ask: "建议在学校周边施划临时停车泊位，设置护学岗和减速设施，推行错峰放学。",
        thing: "学校周边交通秩序",
        action: "{我}已会同公安交警部门对{地}学校周边交通状况进行实地查看，在校门附近施划临时停车区，并在上下学时段安排护学岗。",
    },
    Topic {
        units: &["教育局", "财政局"],
        key: KEY_SCHOOLS,
        at: Where::Any,
        title: "扩大{地}普惠性幼儿园覆盖面",
        problem: "{地}公办幼儿园学位不足，不少家庭只能选择收费较高的民办幼儿园，负担较重。",
        cause: "普惠性民办幼儿园的扶持标准较低，部分幼儿园不愿意转为普惠园。",
        ask: "建议提高普惠性民办幼儿园的生均补助，利用小区配套用房新办公办幼儿园。",
        thing: "普惠性幼儿园建设",
        action: "{我}已对{地}学前教育资源进行梳理，拟收回两处小区配套幼儿园举办公办园，并提高普惠性民办幼儿园的生均补助标准。",
    },
    Topic {
        units: &["教育局", "市场监督管理局"],
        key: None,
        at: Where::Any,
        title: "加强{地}中小学校园食品安全管理",
        problem: "部分家长反映{地}个别学校食堂饭菜品种单一，校外供餐企业配送的饭菜送到时已经偏凉。",
        cause: "对学校食堂和校外供餐的监管主要靠定期检查，家长参与监督的渠道不多。",
        ask: "建议推行学校食堂明厨亮灶，建立家长陪餐制度，定期公开供餐企业的检查结果。",
        thing: "校园食品安全管理",
        action: "{我}会同市场监管部门对{地}学校食堂和供餐企业开展联合检查，已全面推行明厨亮灶和家长陪餐制度。",
    },
    Topic {
        units: &["教育局", "卫生健康委员会", "卫生健康局"],
        key: None,
        at: Where::Any,
        title: "加强{地}中小学生心理健康教育",
        problem: "{地}中小学生学业压力较大，出现焦虑、厌学等情况的学生有所增加，但不少学校没有专职心理教师。",
        cause: "心理健康教师编制不足，学校与医疗机构之间缺少转介机制。",
        ask: "建议每所中学至少配备一名专职心理教师，建立学生心理健康筛查和医校转介机制。",
        thing: "中小学生心理健康教育",
        action: "{我}已制定中小学心理健康教育工作方案，为{地}中学补充专职心理教师，并与精神卫生机构建立转介绿色通道。",
    },
    // Roads and buses.
    Topic {
        units: &["交通运输局"],
        key: KEY_TRAFFIC,
        at: Where::Town,
        title: "优化{地}公交线路设置",
        problem: "{地}新建居住区入住人口较多，但附近只有一条公交线路，发车间隔长，早晚高峰乘车拥挤。",
        cause: "公交线网多年未作系统调整，新区和老区的线路分布不均衡。",
        ask: "建议开通{地}至城区主要就业区和学校的公交线路，加密高峰时段班次，增设候车亭。",
        thing: "公交线路优化",
        action: "{我}已组织公交企业对{地}客流进行调查，拟新开一条连接城区的公交线路，并在早晚高峰加密现有线路班次。",
    },
    Topic {
        units: &["交通运输局", "公安局"],
        key: KEY_TRAFFIC,
        at: Where::Town,
        title: "治理{路}早晚高峰交通拥堵",
        problem: "{地}{路}是进出城区的主要通道，早晚高峰车辆排队较长，一个路口往往要等两三个信号周期才能通过。",
        cause: "道路通行能力不足，路口信号配时不合理，沿线单位出入口多，车辆随意掉头。",
        ask: "建议优化信号灯配时，对主要路口进行渠化改造并增设左转待行区，加强高峰时段的交通疏导。",
        thing: "{路}交通拥堵治理",
        action: "{我}已会同公安交警部门对{路}沿线路口进行交通流量调查，拟对主要路口实施渠化改造，并优化信号灯配时。",
    },
    Topic {
        units: &["交通运输局", "农业农村局"],
        key: None,
        at: Where::Country,
        title: "加快{地}农村公路提档升级",
        problem: "{地}部分通村公路建于十多年前，路面窄、坑洼多，雨天泥泞，大型农用车辆和校车通行困难。",
        cause: "农村公路养护资金不足，一些路段缺少日常养护。",
        ask: "建议将{地}破损严重的通村公路纳入提档升级计划，落实农村公路养护资金，推行路长制。",
        thing: "农村公路提档升级",
        action: "{我}已将{地}破损较重的通村公路列入农村公路提档升级项目库，落实专项养护资金，并全面推行农村公路路长制。",
    },
    Topic {
        units: &["交通运输局", "住房和城乡建设局"],
        key: None,
        at: Where::Town,
        title: "完善{地}公交站台无障碍设施",
        problem: "{地}不少公交站台没有盲道和坡道，站台与车厢之间高差较大，老年人和残疾人上下车不便。",
        cause: "早期建设的站台标准较低，改造缺少统一规划。",
        ask: "建议对主要线路的站台进行无障碍改造，逐步更新低地板公交车，推广语音报站。",
        thing: "公交站台无障碍改造",
        action: "{我}已对{地}公交站台进行摸底，将无障碍改造纳入年度计划，今年新购置的公交车全部采用低地板车型。",
    },
    Topic {
        units: &["交通运输局"],
        key: KEY_TRAFFIC,
        at: Where::Country,
        title: "推进{地}城乡公交一体化",
        problem: "{地}到城区只有两趟农村客运班车，末班车发车早，群众进城就医、办事很不方便。",
        cause: "农村客运客流分散，经营企业亏损，班次难以增加。",
        ask: "建议推进城乡公交一体化，将农村客运班线改造为公交线路，实行统一票价和财政补贴。",
        thing: "城乡公交一体化",
        action: "{我}已制定城乡公交一体化实施方案，{地}的农村客运班线将改造为城乡公交线路，票价执行城区标准。",
    },
    Topic {
        units: &["交通运输局", "城市管理局"],
        key: None,
        at: Where::Town,
        title: "规范{地}共享单车停放管理",
        problem: "{地}地铁站和商圈周边共享单车堆积，占用人行道和盲道，影响行人通行。",
        cause: "运营企业投放量过大，停放点设置不足，车辆调度不及时。",
        ask: "建议核定共享单车投放总量，施划规范停放区，推行电子围栏，对调度不力的企业减少投放指标。",
        thing: "共享单车停放管理",
        action: "{我}已会同城市管理部门核定共享单车投放规模，在{地}重点区域施划停放区并启用电子围栏。",
    },
    Topic {
        units: &["交通运输局"],
        key: KEY_TRAFFIC,
        at: Where::Town,
        title: "开通{地}夜间公交线路",
        problem: "{地}商业街区和医院夜间人流较多，但公交线路大多在晚上九点前收班，夜间出行只能打车。",
        cause: "夜间客流不稳定，公交企业担心运营亏损。",
        ask: "建议试点开通夜间公交线路，连接主要商圈、医院和居住区，并根据客流逐步调整。",
        thing: "夜间公交线路",
        action: "{我}已组织公交企业对夜间出行需求开展调查，拟在{地}试点开通一条夜间公交线路，覆盖主要商圈和医院。",
    },
    Topic {
        units: &["交通运输局", "城市管理局", "住房和城乡建设局"],
        key: None,
        at: Where::Any,
        title: "尽快修复{路}破损路面",
        problem: "{地}{路}路面坑槽多、井盖沉降，雨后积水，已发生多起电动自行车摔倒事故。",
        cause: "该路段重型车辆通行较多，养护维修不及时。",
        ask: "建议尽快对{路}破损路段进行修补，整治沉降井盖，并加强对重型车辆的管控。",
        thing: "{路}路面修复",
        action: "{我}已安排养护单位对{路}破损路面进行修补，对沉降井盖逐一整治，并会同交警部门加强对超载车辆的检查。",
    },
    // Hospitals and health.
    Topic {
        units: &["卫生健康委员会", "卫生健康局", "医疗保障局"],
        key: None,
        at: Where::Town,
        title: "提升{地}社区卫生服务能力",
        problem: "{地}社区卫生服务中心设备陈旧，全科医生少，常见慢性病患者仍习惯到大医院排队开药。",
        cause: "基层医疗机构人才引进难，与上级医院之间的联系不够紧密。",
        ask: "建议加强社区卫生服务中心的设备配置，推进医联体建设，让上级医院专家定期到社区坐诊。",
        thing: "社区卫生服务能力",
        action: "{我}已将{地}社区卫生服务中心纳入基层医疗能力提升项目，更新了检查设备，并安排上级医院专家每周到社区坐诊。",
    },
    Topic {
        units: &["卫生健康委员会", "卫生健康局", "数据局"],
        key: None,
        at: Where::Town,
        title: "优化{地}公立医院就医流程",
        problem: "{地}几家公立医院挂号、缴费、检查都要排队，老年患者不会使用手机预约，一次就诊往往要耗费大半天。",
        cause: "医院信息系统之间不互通，检查预约分散在各个科室。",
        ask: "建议推行诊间结算和检查集中预约，保留人工窗口，并安排志愿者帮助老年人就医。",
        thing: "就医流程优化",
        action: "{我}已指导{地}公立医院推行诊间结算和检查集中预约，同时保留人工挂号窗口，设置老年人就医服务台。",
    },
    Topic {
        units: &["卫生健康委员会", "卫生健康局"],
        key: None,
        at: Where::Country,
        title: "加强{地}乡镇卫生院建设",
        problem: "{地}卫生院业务用房狭小，缺少彩超等必要设备，群众做检查要跑到县城。",
        cause: "卫生院建设投入不足，专业技术人员难以留住。",
        ask: "建议加大对乡镇卫生院的投入，配齐基本诊疗设备，通过县乡一体化管理让医生下沉。",
        thing: "乡镇卫生院建设",
        action: "{我}已将{地}卫生院改扩建纳入年度基层卫生建设项目，为其配置彩超和数字化摄影设备，并由县级医院派驻医生。",
    },
    Topic {
        units: &["卫生健康委员会", "卫生健康局"],
        key: None,
        at: Where::Any,
        title: "完善{地}院前急救网络",
        problem: "{地}距离最近的急救站较远，急救车到达时间经常超过二十分钟，容易耽误抢救。",
        cause: "急救站点布局不均衡，急救车辆和人员配置不足。",
        ask: "建议在{地}增设急救站点，增加急救车辆，在公共场所配置自动体外除颤器。",
        thing: "院前急救网络",
        action: "{我}已将{地}急救站点建设列入急救网络布局规划，年内新增急救车辆，并在车站、商场等公共场所配置自动体外除颤器。",
    },
    Topic {
        units: &["卫生健康委员会", "卫生健康局", "民政局"],
        key: None,
        at: Where::Town,
        title: "发展{地}普惠托育服务",
        problem: "{地}双职工家庭照护三岁以下婴幼儿的需求较大，但托育机构少、收费高，很多家庭只能依靠老人带孩子。",
        cause: "托育机构的场地租金和人工成本高，扶持政策落实不到位。",
        ask: "建议支持幼儿园开设托班，鼓励用人单位提供托育服务，对普惠托育机构给予运营补贴。",
        thing: "普惠托育服务",
        action: "{我}已出台普惠托育机构运营补贴办法，支持{地}幼儿园开设托班，并推动两家用人单位试点开办职工托育点。",
    },
    Topic {
        units: &["卫生健康委员会", "卫生健康局", "医疗保障局"],
        key: None,
        at: Where::Any,
        title: "做实{地}家庭医生签约服务",
        problem: "{地}家庭医生签约率不低，但不少居民签约后从未接到过随访，签约服务流于形式。",
        cause: "家庭医生团队人手少，服务考核侧重签约数量。",
        ask: "建议以服务质量为导向考核家庭医生签约，为签约居民提供预约转诊、长处方等实实在在的便利。",
        thing: "家庭医生签约服务",
        action: "{我}已调整家庭医生签约服务考核办法，重点考核随访和履约情况，并为{地}签约的慢性病患者提供长处方和优先转诊服务。",
    },
    // Pollution.
    Topic {
        units: &["生态环境局", "水利局", "住房和城乡建设局"],
        key: KEY_ECOLOGY,
        at: Where::Any,
        title: "整治{地}河道水体污染",
        problem: "流经{地}的一段河道水体发黑发臭，夏季气味明显，沿岸居民意见较大。",
        cause: "沿河部分生活污水管网未接通，雨污混流直排河道，清淤也不及时。",
        ask: "建议排查沿河排污口，加快截污纳管，定期清淤并开展生态修复。",
        thing: "河道水体污染整治",
        action: "{我}已会同水利和住建部门对{地}沿河排污口进行排查，对直排口实施截污纳管，并安排河道清淤和生态修复。",
    },
    Topic {
        units: &["生态环境局", "城市管理局", "市场监督管理局"],
        key: None,
        at: Where::Town,
        title: "治理{地}餐饮油烟扰民问题",
        problem: "{地}沿街商铺中餐饮店集中，部分店铺油烟净化设施不正常运行，油烟直排，楼上居民长期不敢开窗。",
        cause: "住宅楼下开办餐饮的审批把关不严，油烟净化设施缺少在线监管。",
        ask: "建议对居民楼下餐饮店的油烟排放开展专项检查，督促安装并规范使用净化设施，推行在线监测。",
        thing: "餐饮油烟治理",
        action: "{我}会同城管部门对{地}沿街餐饮店开展专项检查，责令未规范使用净化设施的店铺限期整改，并在重点区域试点油烟在线监测。",
    },
    Topic {
        units: &["生态环境局", "工业和信息化局"],
        key: KEY_ECOLOGY,
        at: Where::Any,
        title: "加强{地}工业园区企业废气排放监管",
        problem: "{地}工业园区附近居民反映，夜间常能闻到刺鼻气味，怀疑有企业偷排废气。",
        cause: "园区企业数量多，夜间执法检查力量不足，在线监控覆盖不全。",
        ask: "建议对园区重点企业安装废气在线监控，开展夜间突击检查，及时公开监测数据。",
        thing: "园区企业废气监管",
        action: "{我}已组织对{地}工业园区企业开展夜查，对两家企业的违法排放行为立案查处，并督促重点企业安装废气在线监控设备。",
    },
    Topic {
        units: &["生态环境局", "农业农村局"],
        key: KEY_ECOLOGY,
        at: Where::Country,
        title: "整治{地}畜禽养殖污染",
        problem: "{地}部分散养畜禽户的粪污随意堆放，雨天流入沟渠，周边气味难闻。",
        cause: "散养户规模小，粪污处理设施投入不足，资源化利用的渠道不畅。",
        ask: "建议建设畜禽粪污集中收集处理点，推广种养结合，对粪污直排行为依法查处。",
        thing: "畜禽养殖污染治理",
        action: "{我}已会同农业农村部门在{地}建设畜禽粪污集中收集点，引导散养户与种植大户对接，推进粪污资源化利用。",
    },
    Topic {
        units: &["生态环境局", "交通运输局", "公安局"],
        key: None,
        at: Where::Town,
        title: "降低{路}沿线交通噪声",
        problem: "{地}{路}拓宽通车后，大货车昼夜通行，沿线小区噪声明显超标，居民难以入睡。",
        cause: "道路两侧没有设置隔声设施，对货车通行时段缺少限制。",
        ask: "建议在临近住宅的路段加装隔声屏障，铺设低噪声路面，限制夜间货车通行。",
        thing: "{路}交通噪声治理",
        action: "{我}已在{路}沿线开展噪声监测，并将结果通报交通和公安部门，计划在临近小区的路段加装隔声屏障并限制夜间货车通行。",
    },
    // Jobs and pensions.
    Topic {
        units: &["人力资源和社会保障局", "教育局"],
        key: None,
        at: Where::Any,
        title: "加强{地}高校毕业生就业服务",
        problem: "今年回到{地}的高校毕业生人数增多，不少毕业生反映本地招聘信息少，岗位与所学专业不对口。",
        cause: "本地企业的招聘需求与毕业生之间缺少对接平台，就业见习岗位不足。",
        ask: "建议定期举办专场招聘会，扩大就业见习岗位，对吸纳高校毕业生的中小企业给予补贴。",
        thing: "高校毕业生就业服务",
        action: "{我}已在{地}举办三场高校毕业生专场招聘会，新开发一批就业见习岗位，并落实吸纳就业补贴政策。",
    },
    Topic {
        units: &["人力资源和社会保障局", "住房和城乡建设局"],
        key: None,
        at: Where::Any,
        title: "加大{地}农民工工资支付保障力度",
        problem: "{地}部分建设工程项目临近年底仍有拖欠农民工工资的情况，农民工讨薪难。",
        cause: "工资专用账户和实名制管理落实不到位，总承包单位的责任落实不严。",
        ask: "建议全面落实农民工工资专用账户和工资保证金制度，公布欠薪举报电话，对恶意欠薪依法惩处。",
        thing: "农民工工资支付保障",
        action: "{我}已会同住建部门对{地}在建项目开展工资支付专项检查，督促落实工资专用账户和实名制管理，帮助农民工追回了被拖欠的工资。",
    },
    Topic {
        units: &["人力资源和社会保障局", "医疗保障局"],
        key: None,
        at: Where::Town,
        title: "便利{地}灵活就业人员参加社会保险",
        problem: "{地}外卖骑手、网约车司机等灵活就业人员较多，很多人不了解参保政策，参保比例不高。",
        cause: "参保宣传不到位，缴费渠道不够便利，部分人员对长期缴费有顾虑。",
        ask: "建议开展面向新就业形态劳动者的参保宣传，开通线上参保缴费，落实职业伤害保障。",
        thing: "灵活就业人员参保",
        action: "{我}已在{地}开展新就业形态劳动者参保宣传，开通手机参保缴费渠道，并推动平台企业参加职业伤害保障试点。",
    },
    Topic {
        units: &["人力资源和社会保障局", "农业农村局"],
        key: None,
        at: Where::Country,
        title: "加强{地}农村劳动力职业技能培训",
        problem: "{地}农村富余劳动力多从事简单体力劳动，收入不高，缺少一技之长。",
        cause: "培训项目与市场需求结合不紧，培训的时间和地点不方便农民参加。",
        ask: "建议按照企业用工需求开设订单式培训，把培训班办到乡镇和村里，落实培训补贴。",
        thing: "农村劳动力技能培训",
        action: "{我}已联合用工企业在{地}开设电工、焊工、家政等订单式培训班，培训合格人员优先推荐就业，并落实培训补贴。",
    },
    Topic {
        units: &["人力资源和社会保障局", "数据局"],
        key: None,
        at: Where::Any,
        title: "方便{地}退休人员领取养老金资格认证",
        problem: "{地}部分高龄退休人员行动不便，也不会使用手机进行养老金领取资格认证，每年认证都很困难。",
        cause: "认证方式主要依靠线上人脸识别，上门服务覆盖不足。",
        ask: "建议推行数据比对静默认证，对高龄和行动不便的人员提供上门认证服务。",
        thing: "养老金领取资格认证",
        action: "{我}已推行数据比对认证，多数退休人员无需本人操作即可完成认证，对{地}高龄和行动不便的人员由社区工作人员上门服务。",
    },
    // Markets and prices.
    Topic {
        units: &["市场监督管理局", "商务局"],
        key: None,
        at: Where::Any,
        title: "加强{地}农贸市场食品安全监管",
        problem: "{地}农贸市场部分摊位销售的蔬菜、水产品来源不明，个别商户使用不合格的电子秤。",
        cause: "市场开办方的管理责任落实不到位，快速检测覆盖面不够。",
        ask: "建议在农贸市场设立快检室并公示检测结果，定期检定计量器具，建立商户信用档案。",
        thing: "农贸市场食品安全监管",
        action: "{我}已在{地}农贸市场设立食品快检室，每日公示检测结果，并对市场内的计量器具开展集中检定。",
    },
    Topic {
        units: &["市场监督管理局", "发展和改革委员会"],
        key: None,
        at: Where::Town,
        title: "规范{地}停车场收费行为",
        problem: "{地}部分商业综合体和医院周边的停车场不明示收费标准，收费偏高，群众意见较大。",
        cause: "经营性停车场收费标准的公示要求落实不严，日常价格检查较少。",
        ask: "建议开展停车收费专项检查，督促停车场明码标价，对医院等公共服务场所的停车收费实行政府指导价。",
        thing: "停车收费规范",
        action: "{我}已对{地}经营性停车场开展收费专项检查，督促明码标价，依法处理多收费用的经营者，并会同发改部门研究调整医院停车收费标准。",
    },
    Topic {
        units: &["市场监督管理局", "商务局", "体育局"],
        key: None,
        at: Where::Town,
        title: "加强{地}预付式消费监管",
        problem: "{地}一些健身房、美容店和培训机构在大量办卡后闭店，消费者预付的费用难以追回。",
        cause: "预付式消费缺少资金存管制度，经营者随意变更服务内容。",
        ask: "建议建立预付资金存管和风险提示制度，推广预付式消费合同示范文本，对闭店逃避责任的行为加大查处力度。",
        thing: "预付式消费监管",
        action: "{我}已制定预付式消费合同示范文本，在{地}试点预付资金存管，并对涉及闭店的投诉建立快速处理机制。",
    },
    Topic {
        units: &["市场监督管理局", "住房和城乡建设局"],
        key: None,
        at: Where::Town,
        title: "加强{地}住宅电梯安全监管",
        problem: "{地}部分住宅小区的电梯使用年限超过十五年，经常停梯困人，居民出行受到影响。",
        cause: "老旧电梯维保质量不高，更新改造资金筹集困难。",
        ask: "建议对老旧电梯开展安全评估，督促维保单位按规定维保，支持使用维修资金更新改造。",
        thing: "住宅电梯安全监管",
        action: "{我}已对{地}使用十五年以上的住宅电梯开展安全评估，责令维保不到位的单位整改，并会同住建部门推进老旧电梯更新。",
    },
    // Elderly care and social assistance.
    Topic {
        units: &["民政局", "卫生健康委员会", "卫生健康局"],
        key: KEY_ELDERLY,
        at: Where::Town,
        title: "加快{地}社区养老服务设施建设",
        problem: "{地}六十岁以上老年人已占常住人口的五分之一，社区日间照料中心数量少，很多空巢老人吃饭、看护困难。",
        cause: "新建小区的养老服务用房配建不到位，已建成的设施运营缺少资金支持。",
        ask: "建议落实新建小区养老服务用房配建要求，引入专业机构运营社区养老服务中心，开办老年助餐点。",
        thing: "社区养老服务设施",
        action: "{我}已在{地}新建两处社区养老服务中心并引入专业机构运营，同时开办老年助餐点，为高龄和独居老人提供助餐服务。",
    },
    Topic {
        units: &["民政局", "农业农村局"],
        key: KEY_ELDERLY,
        at: Where::Country,
        title: "发展{地}农村互助养老",
        problem: "{地}青壮年多外出务工，留守老人较多，乡镇敬老院床位空置与居家老人无人照料的情况并存。",
        cause: "农村养老服务供给方式单一，村级互助养老点缺少稳定的运营经费。",
        ask: "建议利用闲置村部和校舍建设互助幸福院，组织低龄老人照料高龄老人，并给予运营补贴。",
        thing: "农村互助养老",
        action: "{我}已将{地}互助幸福院建设纳入年度民生项目，利用闲置村部改建养老服务点，并落实运营补贴。",
    },
    Topic {
        units: &["民政局", "住房和城乡建设局"],
        key: KEY_ELDERLY,
        at: Where::Any,
        title: "推进{地}困难老年人家庭适老化改造",
        problem: "{地}不少独居老人家中地面湿滑、卫生间没有扶手，跌倒受伤的情况时有发生。",
        cause: "适老化改造补贴的覆盖面窄，老年人及其家属对改造也不了解。",
        ask: "建议扩大家庭适老化改造补贴范围，由社区上门评估并统一组织施工。",
        thing: "家庭适老化改造",
        action: "{我}已扩大家庭适老化改造补贴范围，组织社区对{地}独居和失能老人家庭上门评估，统一安装扶手、防滑地面和紧急呼叫设备。",
    },
    Topic {
        units: &["民政局", "医疗保障局"],
        key: None,
        at: Where::Any,
        title: "完善{地}困难群众救助机制",
        problem: "{地}部分因病致贫的家庭收入略高于低保标准，得不到救助，医疗支出负担沉重。",
        cause: "救助政策以收入为主要依据，对刚性支出考虑不够，部门之间信息共享不足。",
        ask: "建议将大额医疗支出纳入救助认定，建立低收入人口动态监测，及时给予临时救助。",
        thing: "困难群众救助",
        action: "{我}已建立低收入人口动态监测机制，将大额医疗支出纳入救助认定因素，对{地}排查出的困难家庭及时给予临时救助。",
    },
    Topic {
        units: &["民政局", "自然资源和规划局"],
        key: None,
        at: Where::Country,
        title: "规范{地}公益性公墓建设管理",
        problem: "{地}经营性公墓价格较高，公益性公墓数量不足，群众办理丧事负担较重。",
        cause: "公益性公墓的建设规划滞后，用地和资金保障不足。",
        ask: "建议加快规划建设公益性公墓，推行节地生态安葬并给予奖补。",
        thing: "公益性公墓建设",
        action: "{我}已将{地}公益性公墓建设纳入殡葬设施规划，选址工作正在推进，同时对节地生态安葬给予奖补。",
    },
    // The city's streets.
    Topic {
        units: &["城市管理局", "住房和城乡建设局"],
        key: KEY_ECOLOGY,
        at: Where::Town,
        title: "推进{地}生活垃圾分类",
        problem: "{地}不少小区虽然设置了分类垃圾桶，但居民混投现象普遍，清运时又混装混运，影响居民分类的积极性。",
        cause: "分类收运设施不配套，宣传引导和督导人员配备不足。",
        ask: "建议配齐分类收运车辆，推行定时定点投放，设立督导员，对分类效果好的小区给予奖励。",
        thing: "生活垃圾分类",
        action: "{我}已为{地}配齐分类收运车辆，在试点小区推行定时定点投放和督导员制度，并对分类收运实行全程监管。",
    },
    Topic {
        units: &["城市管理局", "市场监督管理局"],
        key: None,
        at: Where::Town,
        title: "规范{地}菜市场周边占道经营秩序",
        problem: "{地}菜市场周边流动摊贩占道经营，早晚时段车辆和行人通行困难，摊位垃圾也无人清理。",
        cause: "周边便民摊点设置不足，管理以驱赶为主，问题反复出现。",
        ask: "建议在周边合理设置便民疏导点，实行定时定点经营，加强保洁和巡查。",
        thing: "占道经营整治",
        action: "{我}已在{地}菜市场周边设置便民疏导点，引导流动摊贩入点经营，并安排专人负责保洁和巡查。",
    },
    Topic {
        units: &["城市管理局"],
        key: None,
        at: Where::Town,
        title: "增设{地}公共厕所",
        problem: "{地}公园、广场和老街区的公共厕所数量少，有的设施老旧、卫生条件差，群众如厕不便。",
        cause: "公厕建设选址难，管护经费不足。",
        ask: "建议在人流密集区域新建或改建公厕，推动沿街单位厕所对外开放，加强日常保洁。",
        thing: "公共厕所建设",
        action: "{我}已将{地}新建和改造公厕列入年度计划，并协调沿街机关单位厕所对外开放，设置指引标识。",
    },
    Topic {
        units: &["城市管理局", "国网示范供电公司"],
        key: None,
        at: Where::Town,
        title: "完善{地}背街小巷路灯照明",
        problem: "{地}一些背街小巷没有路灯或路灯长期损坏，夜间行走不安全，居民出行困难。",
        cause: "路灯建设和维护的责任不够明确，报修后处理不及时。",
        ask: "建议对背街小巷照明设施进行摸排，补装和修复路灯，公布报修电话并限时维修。",
        thing: "背街小巷照明",
        action: "{我}已对{地}背街小巷照明设施进行全面排查，修复损坏路灯，在无灯路段补装节能路灯，并公布报修电话。",
    },
    Topic {
        units: &["城市管理局", "住房和城乡建设局", "水利局"],
        key: None,
        at: Where::Town,
        title: "解决{地}雨季道路积水问题",
        problem: "每逢暴雨，{地}几处低洼路段积水深达半米，车辆熄火，行人难以通行。",
        cause: "排水管网管径偏小，部分雨水口被堵塞，清疏不及时。",
        ask: "建议对易涝点进行排水管网改造，汛前集中清疏雨水口，设置积水警示标志。",
        thing: "道路积水治理",
        action: "{我}已将{地}易涝点列入排水防涝改造项目，汛前完成了雨水管网清疏，并在低洼路段设置积水警示标志。",
    },
    // Farming and villages.
    Topic {
        units: &["农业农村局", "水利局"],
        key: None,
        at: Where::Country,
        title: "加快{地}高标准农田建设",
        problem: "{地}部分耕地的灌溉渠系老化，机耕道狭窄，农业机械难以下田，遇到干旱浇不上水。",
        cause: "农田基础设施建设投入不足，建成后的管护责任不清。",
        ask: "建议将{地}纳入高标准农田建设范围，配套灌溉渠系和机耕道，明确建后管护主体。",
        thing: "高标准农田建设",
        action: "{我}已将{地}纳入高标准农田建设项目区，配套建设灌溉渠系和机耕道，并明确由村集体负责建后管护。",
    },
    Topic {
        units: &["农业农村局", "商务局"],
        key: None,
        at: Where::Country,
        title: "拓宽{地}特色农产品销售渠道",
        problem: "{地}种植的水果和蔬菜品质好，但缺少品牌和冷链，每到丰收季节价格下跌，农民增产不增收。",
        cause: "农产品加工和冷链物流设施不足，产销对接渠道少。",
        ask: "建议扶持产地冷藏保鲜设施建设，打造区域公用品牌，组织农产品进商超、进食堂和电商平台。",
        thing: "特色农产品销售",
        action: "{我}已支持{地}建设产地冷藏保鲜设施，组织合作社参加农产品产销对接会，并引导电商平台开设销售专区。",
    },
    Topic {
        units: &["农业农村局", "住房和城乡建设局", "生态环境局"],
        key: None,
        at: Where::Country,
        title: "改善{地}农村人居环境",
        problem: "{地}部分村庄生活污水随意排放，垃圾收运不及时，改建后的户厕有的无法正常使用。",
        cause: "农村污水处理设施覆盖不足，户厕改造后缺少后续管护。",
        ask: "建议因地制宜建设村庄污水处理设施，完善垃圾收运体系，建立户厕管护和粪污清运机制。",
        thing: "农村人居环境整治",
        action: "{我}已将{地}列入农村人居环境整治提升重点村，建设小型污水处理设施，并建立户厕问题排查和粪污清运机制。",
    },
    Topic {
        units: &["农业农村局", "财政局"],
        key: None,
        at: Where::Country,
        title: "加大{地}种粮农民扶持力度",
        problem: "近年来化肥、农药价格上涨，{地}种粮农民收益下降，部分耕地出现撂荒。",
        cause: "种粮补贴标准较低，社会化服务组织少，小农户种粮成本高。",
        ask: "建议提高种粮补贴标准，发展农业生产托管服务，对撂荒地复耕给予奖补。",
        thing: "种粮农民扶持",
        action: "{我}已足额发放耕地地力保护补贴，在{地}推广农业生产托管服务，并对撂荒地复耕给予奖补。",
    },
    // Water, power and the rest.
    Topic {
        units: &["水利局", "住房和城乡建设局"],
        key: None,
        at: Where::Country,
        title: "解决{地}农村供水水压不足问题",
        problem: "{地}地势较高的几个村庄每到用水高峰期水压不足，楼上住户经常停水。",
        cause: "供水管网老化、管径偏小，加压设施不足。",
        ask: "建议对供水管网进行改造，增设加压泵站，推进城乡供水一体化。",
        thing: "农村供水保障",
        action: "{我}已将{地}供水管网改造和加压泵站建设纳入农村供水保障工程，工程完工后可解决高峰期水压不足的问题。",
    },
    Topic {
        units: &["国网示范供电公司", "发展和改革委员会"],
        key: None,
        at: Where::Country,
        title: "提升{地}农村电网供电可靠性",
        problem: "{地}夏季用电高峰时经常跳闸停电，部分村组电压偏低，空调等电器无法正常使用。",
        cause: "农村配电变压器容量不足，线路老化。",
        ask: "建议对{地}配电台区进行增容改造，更换老化线路，缩短故障抢修时间。",
        thing: "农村电网改造",
        action: "{我}已对{地}重过载配电台区实施增容改造，更换老旧线路，并在用电高峰期安排抢修队伍驻点值守。",
    },
    Topic {
        units: &["体育局", "住房和城乡建设局", "自然资源和规划局"],
        key: None,
        at: Where::Town,
        title: "增加{地}全民健身场地设施",
        problem: "{地}居民健身需求旺盛，但公共健身场地少，晚上广场舞和球类活动争抢场地的情况经常发生。",
        cause: "新建健身设施用地难，学校体育场地的开放程度不高。",
        ask: "建议利用边角地和闲置地块建设口袋公园和健身步道，推动学校体育场地在课后和节假日向社会开放。",
        thing: "全民健身场地设施",
        action: "{我}已利用{地}闲置地块规划建设两处健身场地和一条健身步道，并推动部分学校体育场地在节假日有序开放。",
    },
    Topic {
        units: &["文化广电旅游局", "自然资源和规划局", "住房和城乡建设局"],
        key: None,
        at: Where::Town,
        title: "加强{地}历史文化街区保护利用",
        problem: "{地}老街保留有一批传统民居和老字号店铺，但年久失修，部分建筑被随意拆改。",
        cause: "保护规划没有及时编制，修缮资金缺乏，保护与利用结合不够。",
        ask: "建议编制历史文化街区保护规划，设立修缮补助资金，引入文创和旅游业态，实现活化利用。",
        thing: "历史文化街区保护利用",
        action: "{我}已会同规划部门启动{地}历史文化街区保护规划编制，对濒危建筑开展抢救性修缮，并研究引入文创业态。",
    },
    Topic {
        units: &["应急管理局", "公安局"],
        key: None,
        at: Where::Country,
        title: "加强{地}基层应急救援能力建设",
        problem: "{地}地处山区，遇到山洪、森林火灾等突发事件时，专业救援队伍从城区赶来需要较长时间。",
        cause: "乡镇应急救援队伍装备简陋，培训和演练不足。",
        ask: "建议在{地}建立综合性应急救援队伍，配备必要装备，定期组织培训演练。",
        thing: "基层应急救援能力建设",
        action: "{我}已指导{地}组建乡镇综合应急救援队，配发救援装备，并组织开展山洪和森林火灾应急演练。",
    },
    Topic {
        units: &["数据局", "人民政府办公室"],
        key: None,
        at: Where::Any,
        title: "推进{地}政务服务一网通办",
        problem: "{地}群众和企业办事仍需在多个窗口和系统之间来回跑，有的材料需要重复提交。",
        cause: "部门业务系统数据不互通，线上办理事项的深度不够。",
        ask: "建议加快部门数据共享，推行一件事一次办，对常用事项实行免提交证明材料。",
        thing: "政务服务一网通办",
        action: "{我}已推动相关部门系统与政务服务平台对接，在{地}政务服务中心推出一批一件事一次办事项，常用证明通过数据共享免予提交。",
    },
    Topic {
        units: &["医疗保障局", "卫生健康委员会"],
        key: None,
        at: Where::Any,
        title: "方便{地}群众异地就医结算",
        problem: "{地}在外地务工和随子女居住的参保人员较多，异地就医备案手续繁琐，部分医院还不能直接结算。",
        cause: "异地就医备案的宣传不够，定点医疗机构联网覆盖不全。",
        ask: "建议推行线上备案，扩大异地就医直接结算的定点医疗机构范围，加强政策宣传。",
        thing: "异地就医直接结算",
        action: "{我}已开通手机备案渠道，备案即时办结，并扩大了异地就医直接结算的定点医疗机构范围，同时在{地}开展政策宣传。",
    },
    Topic {
        units: &["退役军人事务局", "人力资源和社会保障局"],
        key: None,
        at: Where::Any,
        title: "做好{地}退役军人就业创业服务",
        problem: "{地}每年都有一批退役士兵返乡，部分人员反映适应性培训时间短，就业岗位选择少。",
        cause: "培训内容与市场需求衔接不紧，专场招聘会举办次数少。",
        ask: "建议开展订单式技能培训，举办退役军人专场招聘会，对退役军人创业给予贷款贴息。",
        thing: "退役军人就业创业服务",
        action: "{我}已为{地}返乡退役士兵开设订单式技能培训班，举办专场招聘会，并落实创业贷款贴息政策。",
    },
    Topic {
        units: &["公安局", "应急管理局", "住房和城乡建设局"],
        key: None,
        at: Where::Town,
        title: "加强{地}电动自行车安全管理",
        problem: "{地}不少居民把电动自行车推进楼道和家中充电，存在较大火灾隐患；骑行不戴头盔、闯红灯的情况也较多。",
        cause: "小区集中充电设施不足，交通违法劝导力量有限。",
        ask: "建议在小区建设集中充电车棚，开展楼道违规充电专项整治，加强路口交通违法劝导。",
        thing: "电动自行车安全管理",
        action: "{我}已会同有关部门在{地}小区推进集中充电设施建设，开展违规充电专项整治，并在主要路口设置文明劝导岗。",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use renda_core::suggestion::{CommandKind, Settings};
    use renda_store::suggestions::{Due, SuggestionFilter, SuggestionRow};
    use renda_store::testing;

    /// The day the tests seed the demo as of: suggestions are dated relative to it.
    const TODAY: Date = date(2026, 6, 15);

    /// The statutory size of every demo congress, from the tables (not from the plan).
    fn expected_sizes() -> HashMap<String, i64> {
        let mut out = HashMap::new();
        let size = |level: CongressLevel, pop: u64| i64::from(level.statutory_size(pop));
        out.insert(format!("{CITY}人民代表大会"), size(CongressLevel::City, CITY_POPULATION));
        for c in COUNTIES {
            out.insert(format!("{}人民代表大会", c.name), size(CongressLevel::County, c.population));
            for (t, pop) in c.townships {
                out.insert(format!("{t}人民代表大会"), size(CongressLevel::Township, *pop));
            }
        }
        out
    }

    async fn seeded() -> (testing::TestStore, DemoSummary) {
        let t = testing::sqlite().await;
        let started = std::time::Instant::now();
        let summary = seed_on(&t.store, TODAY).await.expect("the demo loads into an empty store");
        eprintln!("seeded the demo in {:.1} s", started.elapsed().as_secs_f64());
        (t, summary)
    }

    async fn all_congresses(store: &Store) -> Vec<OrgId> {
        store.congresses().await.expect("congresses").into_iter().map(|r| r.org.id).collect()
    }

    #[test]
    fn every_generated_value_passes_the_parsers_the_store_uses() {
        let plan = plan();
        for c in &plan.congresses {
            OrgName::parse(&c.name).expect("congress name");
            for seat in &c.seats {
                seat.to_new_deputyship(OrgId(1), c.term).expect("deputyship parses");
                if let Holder::New(p) = &seat.holder {
                    p.to_new_person().expect("person parses");
                }
            }
        }
        for o in &plan.others {
            OrgName::parse(&o.name).expect("org name");
        }
        for u in &plan.users {
            Login::parse(u.login).expect("login");
            PersonName::parse(&u.display_name).expect("display name");
        }
        NewPassword::parse(DEMO_PASSWORD).expect("the demo password is strong enough");
    }

    #[test]
    fn deputies_are_about_seventy_percent_men_and_five_percent_minorities() {
        let plan = plan();
        let people: Vec<&PersonPlan> = plan
            .congresses
            .iter()
            .flat_map(|c| &c.seats)
            .filter_map(|s| match &s.holder {
                Holder::New(p) => Some(p),
                Holder::Below { .. } => None,
            })
            .collect();
        let share = |f: &dyn Fn(&PersonPlan) -> bool| {
            people.iter().copied().filter(|&p| f(p)).count() as f64 / people.len() as f64
        };
        let men = share(&|p| p.gender == Gender::Male);
        let minorities = share(&|p| p.ethnicity != "汉族");
        let with_dot = share(&|p| p.name.contains('·'));
        let single = share(&|p| p.name.chars().count() == 2);
        assert!((0.66..0.74).contains(&men), "men {men}");
        assert!((0.035..0.065).contains(&minorities), "minorities {minorities}");
        assert!(with_dot > 0.0, "no Uyghur-style name");
        assert!((0.2..0.4).contains(&single), "one-character given names {single}");
        assert!(people.iter().all(|p| (1955..=2000).contains(&p.birth.year) && p.birth.month.is_some()));
    }

    #[test]
    fn the_demo_logins_are_the_nine_accounts_with_chinese_roles() {
        let logins = demo_logins();
        let names: Vec<&str> = logins.iter().map(|l| l.login.as_str()).collect();
        assert_eq!(
            names,
            [
                "admin",
                "city.staff",
                "east.staff",
                "town.staff",
                "deputy",
                "deputy2",
                "unit.housing",
                "unit.court",
                "public"
            ]
        );
        assert!(logins.iter().all(|l| l.password == DEMO_PASSWORD));
        assert_eq!(logins[0].role_label, "系统管理员");
        assert_eq!(logins[1].who, "示范市人大常委会工作人员");
        assert_eq!(logins[3].who, "东湖镇人大主席团工作人员");
        assert!(logins[4].who.contains("同时是东城区人大代表"));
        assert_eq!(logins[5].role_label, "人大代表");
        assert!(logins[5].who.contains("东城区代表团") && logins[5].who.contains(&logins[4].who[..6]));
        assert_eq!(demo_logins(), logins, "the logins are the same on every call");
    }

    #[tokio::test]
    async fn each_congress_holds_exactly_its_statutory_number_of_seats() {
        let (t, summary) = seeded().await;
        let expected = expected_sizes();
        let mut total = 0;
        for row in t.store.congresses().await.expect("congresses") {
            let id = row.org.id;
            let seats = t
                .store
                .search_deputies(&DeputyFilter {
                    congresses: vec![id],
                    congress: Some(id),
                    per_page: 1,
                    ..DeputyFilter::default()
                })
                .await
                .expect("search")
                .total;
            let name = row.org.name.as_str();
            assert_eq!(Some(&seats), expected.get(name), "{name}");
            total += seats;
        }
        assert_eq!(total as usize, summary.deputies);
        assert_eq!(t.store.count_deputyships().await.expect("count"), total, "no seat outside a congress");
        assert!((3_000..5_000).contains(&summary.deputies));
    }

    #[tokio::test]
    async fn the_tree_has_one_city_six_counties_about_thirty_townships_and_sixty_units() {
        let (t, summary) = seeded().await;
        let tree = t.store.org_tree().await.expect("tree");
        let count = |f: &dyn Fn(OrgKind) -> bool| tree.iter().filter(|r| f(r.org.kind)).count();
        let level = |l: CongressLevel| move |k: OrgKind| k == OrgKind::Congress(l);
        assert_eq!(count(&level(CongressLevel::City)), 1);
        assert_eq!(count(&level(CongressLevel::County)), 6);
        let townships = count(&level(CongressLevel::Township));
        assert!((25..=35).contains(&townships), "{townships} townships");
        let units = count(&|k| matches!(k, OrgKind::Unit(_)));
        assert!((55..=70).contains(&units), "{units} units");
        assert_eq!(units, summary.units);
        assert_eq!(summary.congresses, 1 + 6 + townships);
        let stations = count(&|k| k == OrgKind::LiaisonStation);
        let groups = count(&|k| k == OrgKind::DeputyGroup);
        assert!((6..=12).contains(&stations) && (6..=12).contains(&groups));
        // Every township congress is a 镇 or a 乡: 街道 have no congress.
        for r in &tree {
            if r.org.kind == OrgKind::Congress(CongressLevel::Township) {
                let name = r.org.name.as_str();
                assert!(name.ends_with("镇人民代表大会") || name.ends_with("乡人民代表大会"), "{name}");
            }
        }
    }

    #[tokio::test]
    async fn seeding_a_store_that_is_not_empty_is_refused_and_changes_nothing() {
        let (t, _) = seeded().await;
        let orgs = t.store.count_orgs().await.expect("count");
        let seats = t.store.count_deputyships().await.expect("count");
        let err = seed_on(&t.store, TODAY).await.expect_err("a second run is refused");
        assert!(err.to_string().contains("数据库不是空的"), "{err}");
        assert_eq!(t.store.count_orgs().await.expect("count"), orgs);
        assert_eq!(t.store.count_deputyships().await.expect("count"), seats);
    }

    #[tokio::test]
    async fn every_demo_login_signs_in_with_the_demo_password_and_has_its_role() {
        let (t, summary) = seeded().await;
        assert_eq!(summary.logins, demo_logins());
        assert_eq!(summary.users, summary.logins.len());
        for l in &summary.logins {
            let user = t
                .store
                .verify_login(&l.login, DEMO_PASSWORD, "127.0.0.1")
                .await
                .unwrap_or_else(|e| panic!("{} cannot log in: {e}", l.login));
            assert_eq!(user.role.label(), l.role_label, "{}", l.login);
            let scope = user.scope_name.clone().unwrap_or_default();
            match l.login.as_str() {
                "city.staff" => assert_eq!(scope, "示范市人民代表大会"),
                "east.staff" => assert_eq!(scope, "东城区人民代表大会"),
                "town.staff" => assert_eq!(scope, "东湖镇人民代表大会"),
                "unit.housing" => assert_eq!(scope, "示范市住房和城乡建设局"),
                "unit.court" => assert_eq!(scope, "示范市中级人民法院"),
                "deputy" => {
                    let Role::Deputy { person } = user.role else { panic!("deputy has role {:?}", user.role) };
                    let seats = t.store.deputyships_of(person).await.expect("seats");
                    let mut where_: Vec<&str> = seats.iter().map(|s| s.congress_name.as_str()).collect();
                    where_.sort_unstable();
                    assert_eq!(where_, ["东城区人民代表大会", "示范市人民代表大会"]);
                    assert_eq!(scope, seats[0].name);
                }
                _ => {}
            }
        }
    }

    #[tokio::test]
    async fn about_ten_deputies_sit_in_two_congresses_and_a_few_seats_ended_in_2024() {
        let (t, _) = seeded().await;
        let all = all_congresses(&t.store).await;
        let mut rows = Vec::new();
        for c in &all {
            rows.extend(roster(&t.store, *c).await.expect("roster"));
        }
        let mut seats_per_person: HashMap<PersonId, usize> = HashMap::new();
        for r in &rows {
            *seats_per_person.entry(r.person).or_default() += 1;
        }
        let twice = seats_per_person.values().filter(|&&n| n == 2).count();
        assert!((8..=15).contains(&twice), "{twice} people sit twice");
        assert!(seats_per_person.values().all(|&n| n <= 2));
        let ended: Vec<&DeputyRow> = rows.iter().filter(|r| !r.is_active()).collect();
        let by_election = rows.iter().filter(|r| r.start_reason == StartReason::ByElection.code()).count();
        let share = ended.len() as f64 / rows.len() as f64;
        assert!((0.004..0.02).contains(&share), "{} ended", ended.len());
        assert!(by_election > 10, "{by_election} by-elections");
        assert!(ended.iter().all(|r| {
            r.end_date.as_deref().is_some_and(|d| d.starts_with("2024-"))
                && matches!(r.end_reason_label(), "辞职" | "调离")
        }));
    }

    #[tokio::test]
    async fn two_runs_on_fresh_stores_produce_the_same_deputies() {
        let mut firsts = Vec::new();
        for _ in 0..2 {
            let (t, _) = seeded().await;
            let page = t
                .store
                .search_deputies(&DeputyFilter {
                    congresses: all_congresses(&t.store).await,
                    per_page: 20,
                    ..DeputyFilter::default()
                })
                .await
                .expect("search");
            let names: Vec<(String, String, Option<String>)> =
                page.items.into_iter().map(|r| (r.name, r.delegation, r.occupation)).collect();
            assert_eq!(names.len(), 20);
            firsts.push(names);
        }
        assert_eq!(firsts[0], firsts[1]);
    }

    #[tokio::test]
    async fn the_audit_chain_of_the_demo_data_verifies_and_holds_every_suggestion_command() {
        let (t, summary) = seeded().await;
        let verified = t.store.verify_audit().await.expect("audit readable").expect("audit chain intact");
        assert!(verified.entries >= summary.deputies + summary.users + summary.suggestions);
        assert_eq!(verified.chains, 1 + summary.congresses, "global + one per congress");
        // Each suggestion got where it is through the store's calls only: its creation, one
        // audited command per step, and the lead's consent to publish.
        let planned = planned();
        let expected: usize = planned.iter().map(|p| 1 + p.steps.len() + usize::from(p.publish_reply)).sum();
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'suggestion'")
            .fetch_one(t.store.pool())
            .await
            .expect("count");
        assert_eq!(logged as usize, expected);
        assert_eq!(planned.len(), summary.suggestions);
    }

    #[tokio::test]
    async fn the_library_holds_the_demo_texts_dated_over_two_months_and_read_this_week() {
        use renda_store::documents::DocumentFilter;
        let (t, summary) = seeded().await;
        assert_eq!(summary.documents, 13);
        assert!(summary.shared.is_none(), "seed_on never reads ../shared");
        let open = DocumentFilter { open: true, published_only: true, per_page: 50, ..DocumentFilter::default() };
        let rows = t.store.list_documents(&open).await.expect("listed").items;
        assert_eq!(rows.len(), 12, "every text but the draft is published");
        let earliest = TODAY.checked_sub(jiff::Span::new().days(60)).expect("a date");
        let dated = rows.iter().filter(|r| r.published_at.is_some_and(|p| (earliest..=TODAY).contains(&p.date())));
        // The one published through `set_document_published` carries the real date.
        assert!(dated.count() >= 11);
        assert!(rows.iter().filter(|r| r.featured).count() >= 3);
        assert_eq!(rows.iter().filter(|r| r.visibility == renda_core::document::Visibility::Users).count(), 2);
        let week = TODAY.checked_sub(jiff::Span::new().days(7)).expect("a date");
        let hot = t.store.most_read(&open, week, 10).await.expect("most read");
        assert!(hot.len() >= 3 && hot[0].1 >= 5, "{hot:?}");
        assert!(summary.document_views > 100, "{} reads", summary.document_views);
        // The staff draft is 东城区's, seen by its staff and not by the portal.
        let east = t.store.org_by_name("东城区人民代表大会").await.expect("read").expect("東城区").id;
        let staff = DocumentFilter { staff_congresses: vec![east], per_page: 50, ..DocumentFilter::default() };
        let drafts = t.store.list_documents(&staff).await.expect("listed").items;
        assert_eq!(drafts.len(), 1);
        assert!(!drafts[0].published && drafts[0].visibility == renda_core::document::Visibility::Staff);
        let verified = t.store.verify_audit().await.expect("audit readable").expect("audit chain intact");
        assert!(verified.entries > 0);
    }

    /// The suggestions the plan makes for [`TODAY`].
    fn planned() -> Vec<SuggestionPlan> {
        Drafter::new(&plan(), TODAY).all()
    }

    async fn all_suggestions(store: &Store, f: SuggestionFilter) -> Vec<SuggestionRow> {
        let mut f = SuggestionFilter { congresses: all_congresses(store).await, per_page: 500, ..f };
        let mut out = Vec::new();
        loop {
            let page = store.list_suggestions(&f, TODAY).await.expect("list");
            let total = page.total as usize;
            out.extend(page.items);
            if out.len() >= total {
                return out;
            }
            f.page += 1;
        }
    }

    async fn person_of(store: &Store, login: &str) -> PersonId {
        match store.verify_login(login, DEMO_PASSWORD, "127.0.0.1").await.expect("login").role {
            Role::Deputy { person } => person,
            other => panic!("{login} has role {other:?}"),
        }
    }

    #[tokio::test]
    async fn every_suggestion_state_occurs_and_most_are_in_progress_answered_or_closed() {
        let (t, summary) = seeded().await;
        let rows = all_suggestions(&t.store, SuggestionFilter::default()).await;
        assert_eq!(rows.len(), summary.suggestions);
        let mut per_state: HashMap<SuggestionState, usize> = HashMap::new();
        for r in &rows {
            *per_state.entry(r.facts.state).or_default() += 1;
        }
        for s in SuggestionState::ALL {
            assert!(per_state.get(&s).is_some_and(|&n| n > 0), "no suggestion is {}", s.label());
        }
        let busy: usize = [SuggestionState::InProgress, SuggestionState::Replied, SuggestionState::Closed]
            .iter()
            .map(|s| per_state[s])
            .sum();
        assert!(busy * 2 > rows.len(), "{busy} of {} in progress, answered or closed", rows.len());
        let city = t.store.congresses().await.expect("congresses")[0].org.id;
        let mut per_congress: HashMap<OrgId, usize> = HashMap::new();
        for r in &rows {
            *per_congress.entry(r.congress).or_default() += 1;
        }
        assert_eq!(per_congress.get(&city), Some(&CITY_SUGGESTIONS));
        assert_eq!(per_congress.len(), 7, "the city and its six counties and districts");
        assert!(per_congress.iter().all(|(c, n)| *c == city || (15..=25).contains(n)), "{per_congress:?}");
        // Units answered in all four classes; deputies rated 不满意 now and then, with reasons.
        let classes: HashSet<ReplyClass> = rows.iter().filter_map(|r| r.facts.reply_class).collect();
        assert_eq!(classes.len(), 4);
        let unhappy = rows.iter().filter(|r| r.facts.result == Some(Satisfaction::Unsatisfied)).count();
        let rated = rows.iter().filter(|r| r.facts.result.is_some()).count();
        assert!(unhappy > 0 && unhappy * 5 < rated, "{unhappy} of {rated} unsatisfied");
        assert!(rows.iter().any(|r| r.facts.rehandled > 0 && r.facts.state == SuggestionState::Closed));
        assert!(rows.iter().any(|r| r.publish_reply));
    }

    #[tokio::test]
    async fn some_suggestions_are_overdue_near_due_extended_or_key_supervised_on_the_fixed_day() {
        let (t, _) = seeded().await;
        let rows = all_suggestions(&t.store, SuggestionFilter::default()).await;
        let settings = Settings::default();
        let count = |f: &dyn Fn(&SuggestionRow) -> bool| rows.iter().filter(|r| f(r)).count();
        let overdue = count(&|r| r.facts.is_overdue(TODAY));
        let near = count(&|r| r.facts.is_near_due(TODAY, &settings));
        assert!((1..=rows.len() / 10).contains(&overdue), "{overdue} overdue");
        assert!(near >= 1, "none near due");
        let overdue_listed =
            all_suggestions(&t.store, SuggestionFilter { due: Some(Due::Overdue), ..Default::default() }).await.len();
        assert_eq!(overdue_listed, overdue, "the overdue list shows the same");
        let extended = count(&|r| {
            !r.facts.complex
                && r.facts.assigned_on.zip(r.facts.due_on).is_some_and(|(on, due)| due > add_months(on, 3))
                && r.facts.state.is_with_unit()
                && r.facts.rehandled == 0
        });
        assert!(extended >= 1, "none extended");
        assert!(count(&|r| r.facts.complex) >= 1, "none complex");
        assert!(count(&|r| r.facts.extension_requested) >= 1, "no extension request pending");
        assert!(count(&|r| r.facts.return_requested) >= 1, "no return request pending");
        let key = count(&|r| r.facts.key_topic.is_some());
        assert!((3..=rows.len() / 5).contains(&key), "{key} key-supervised");
        let reassigned: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'suggestion.approve_return'")
                .fetch_one(t.store.pool())
                .await
                .expect("count");
        assert!(reassigned >= 1, "no return approved");
    }

    #[tokio::test]
    async fn the_deputy_login_leads_suggestions_waiting_for_cosigning_rating_and_closed() {
        let (t, _) = seeded().await;
        let s = &t.store;
        let (d1, d2) = (person_of(s, "deputy").await, person_of(s, "deputy2").await);
        let mine = all_suggestions(s, SuggestionFilter { person: Some(d1), ..Default::default() }).await;
        let led = |state| mine.iter().find(|r| r.lead == d1 && r.facts.state == state);
        let waiting = led(SuggestionState::Cosigning).expect("one waits for co-signing");
        let d = s.suggestion(waiting.id).await.expect("detail");
        assert!(d.signers.iter().any(|x| x.person == d2 && x.confirmed_at.is_none()), "deputy2 has not confirmed");
        let buttons = s.permitted_commands(&d, Role::Deputy { person: d2 }, TODAY).await.expect("buttons");
        assert!(buttons.contains(&CommandKind::ConfirmCosign), "{buttons:?}");

        let replied = led(SuggestionState::Replied).expect("one waits for the lead's rating");
        let d = s.suggestion(replied.id).await.expect("detail");
        let buttons = s.permitted_commands(&d, Role::Deputy { person: d1 }, TODAY).await.expect("buttons");
        assert_eq!(buttons, [CommandKind::Rate]);
        assert_eq!(d.replies.len(), 1);
        assert!(led(SuggestionState::Closed).is_some(), "one is closed");

        let theirs = all_suggestions(s, SuggestionFilter { person: Some(d2), ..Default::default() }).await;
        let mut cosigned = 0;
        for r in theirs.iter().filter(|r| r.lead == d1 && r.facts.state != SuggestionState::Cosigning) {
            let d = s.suggestion(r.id).await.expect("detail");
            cosigned += usize::from(d.signers.iter().any(|x| x.person == d2 && !x.lead && x.confirmed_at.is_some()));
        }
        assert!(cosigned >= 1, "deputy2 co-signed none of deputy's suggestions");
    }

    #[tokio::test]
    async fn the_housing_unit_has_a_suggestion_to_contact_and_one_to_answer() {
        let (t, _) = seeded().await;
        let s = &t.store;
        let user = s.verify_login("unit.housing", DEMO_PASSWORD, "127.0.0.1").await.expect("login");
        let Role::Unit { unit } = user.role else { panic!("unit.housing has role {:?}", user.role) };
        let inbox = all_suggestions(s, SuggestionFilter { unit: Some(unit), ..Default::default() }).await;
        let (mut to_contact, mut to_answer) = (0, 0);
        for r in &inbox {
            let d = s.suggestion(r.id).await.expect("detail");
            if !d.units.iter().any(|u| u.unit == unit && u.main) {
                continue;
            }
            let buttons = s.permitted_commands(&d, user.role, TODAY).await.expect("buttons");
            match r.facts.state {
                SuggestionState::Assigned if d.contacts.is_empty() => {
                    assert!(buttons.contains(&CommandKind::RecordContact), "{buttons:?}");
                    to_contact += 1;
                }
                SuggestionState::InProgress if !d.contacts.is_empty() => {
                    assert!(buttons.contains(&CommandKind::Reply), "{buttons:?}");
                    to_answer += 1;
                }
                _ => {}
            }
        }
        assert!(to_contact >= 1 && to_answer >= 1, "{to_contact} to contact, {to_answer} to answer");
    }

    #[test]
    fn no_demo_text_contains_thirty_characters_of_the_messages_csv() {
        const CSV: &str =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/messages/messages_with_replies_2816.csv");
        let Ok(csv) = std::fs::read_to_string(CSV) else {
            eprintln!("skipped: {CSV} is not here");
            return;
        };
        const N: usize = 30;
        let plans = planned();
        let mut windows: HashSet<&str> = HashSet::new();
        let mut texts: Vec<&str> =
            TOPICS.iter().flat_map(|t| [t.title, t.problem, t.cause, t.ask, t.thing, t.action]).collect();
        texts.extend(plans.iter().flat_map(SuggestionPlan::texts));
        for text in texts {
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for k in 0..starts.len().saturating_sub(N) {
                windows.insert(&text[starts[k]..starts[k + N]]);
            }
        }
        assert!(windows.len() > 10_000, "{} windows", windows.len());
        let starts: Vec<usize> = csv.char_indices().map(|(i, _)| i).chain([csv.len()]).collect();
        for k in 0..starts.len().saturating_sub(N) {
            let w = &csv[starts[k]..starts[k + N]];
            assert!(!windows.contains(w), "demo text repeats the messages CSV: {w}");
        }
    }

    #[test]
    fn texts_and_dates_of_the_demo_suggestions_are_plausible_for_the_fixed_day() {
        let plans = planned();
        for p in &plans {
            assert!(p.title.starts_with("关于") && p.title.ends_with("的建议"), "{}", p.title);
            assert!(!p.title.contains('{') && !p.body.contains('{'), "{}", p.title);
            let sentences = p.body.matches('。').count();
            assert!((2..=5).contains(&sentences), "{sentences} sentences: {}", p.body);
            let mut assigned: Option<Date> = None;
            for s in &p.steps {
                if let Command::Assign { on, .. } = s.command {
                    assert!(on <= TODAY);
                    assigned = Some(on);
                }
                let on = match &s.extra {
                    StepExtra::Given(Extra::Contact { on, summary, .. }) => {
                        assert!(!summary.contains('{'), "{summary}");
                        Some(*on)
                    }
                    StepExtra::Given(Extra::Reply { on, body, .. }) => {
                        let n = body.chars().count();
                        assert!((80..=300).contains(&n), "{n} characters: {body}");
                        assert!(body.contains("经研究") && !body.contains('{'), "{body}");
                        Some(*on)
                    }
                    _ => None,
                };
                if let Some(on) = on {
                    assert!(on <= TODAY, "{} on {on}", p.title);
                    assert!(assigned.is_some_and(|a| a <= on), "{} on {on}, assigned {assigned:?}", p.title);
                }
            }
        }
    }

    #[test]
    fn the_demo_suggestions_draw_on_sixty_topics_each_handled_by_a_fitting_city_unit() {
        assert!(TOPICS.len() >= 60, "{} topics", TOPICS.len());
        let plan = plan();
        let drafter = Drafter::new(&plan, TODAY);
        for t in TOPICS {
            let units = drafter.topic_units(0, t);
            let main = format!("{CITY}{}", t.units[0]);
            assert!(units.first().is_some_and(|u| *u == main || *u == t.units[0]), "{}: {units:?}", t.title);
            assert_eq!(units.len(), t.units.iter().filter(|u| !u.ends_with("卫生健康局")).count(), "{}", t.title);
        }
        let plans = planned();
        let used: HashSet<usize> = plans.iter().map(|p| p.topic).collect();
        assert!(used.len() >= 50, "{} topics used", used.len());
        let titles: HashSet<&str> = plans.iter().map(|p| p.title.as_str()).collect();
        assert!(titles.len() * 10 >= plans.len() * 9, "{} titles for {} suggestions", titles.len(), plans.len());
        let again: Vec<(String, SuggestionState)> = planned().into_iter().map(|p| (p.title, p.state)).collect();
        let first: Vec<(String, SuggestionState)> = plans.into_iter().map(|p| (p.title, p.state)).collect();
        assert_eq!(first, again, "the same day gives the same suggestions");
    }

    #[tokio::test]
    async fn the_demo_holds_opinions_in_every_state_at_the_citys_station() {
        use renda_core::liaison::opinion::OpinionState;
        let (t, summary) = seeded().await;
        let city = all_congresses(&t.store).await[0];
        let page = t
            .store
            .list_opinions(&renda_store::opinions::OpinionFilter {
                congresses: vec![city],
                per_page: 50,
                ..Default::default()
            })
            .await
            .expect("opinions");
        assert_eq!(page.total as usize, summary.opinions);
        let mut states: Vec<OpinionState> = page.items.iter().map(|o| o.facts.state).collect();
        states.sort_by_key(|s| s.code());
        states.dedup();
        assert_eq!(states.len(), OpinionState::ALL.len(), "every state: {states:?}");
    }

    /// Issue 13: with the demo's year every template spreads the deputies of the level it
    /// serves over its bands — none holds more than 60 %, 差 under 20 % — scored from the real
    /// items in the store (江北's district table over the counties' deputies, like 东宝's).
    #[tokio::test]
    async fn every_template_spreads_the_demo_deputies_over_its_bands() {
        use renda_core::scoring::templates::Template;
        use renda_core::scoring::{ArchiveItem, Period, score};
        let (t, _) = seeded().await;
        let admin = Actor::system();
        let period = Period::new(TODAY.first_of_year(), TODAY).expect("period");
        let level_index = |l: CongressLevel| match l {
            CongressLevel::City => 0,
            CongressLevel::County => 1,
            CongressLevel::Township => 2,
        };
        let mut by_level: [Vec<Vec<ArchiveItem>>; 3] = Default::default();
        for row in t.store.congresses().await.expect("congresses") {
            let OrgKind::Congress(level) = row.org.kind else { continue };
            for d in roster(&t.store, row.org.id).await.expect("roster") {
                let in_office = d.start_date.as_str() <= TODAY.to_string().as_str()
                    && d.end_date.as_deref().is_none_or(|e| e > TODAY.first_of_year().to_string().as_str());
                if !in_office {
                    continue;
                }
                let rows = t.store.archive_of(&admin, d.person, row.org.id, TODAY.year()).await.expect("archive");
                by_level[level_index(level)].push(rows.iter().map(|r| r.item()).collect());
            }
        }
        assert_eq!(by_level[0].len(), 366, "the city's deputies");
        for (template, level) in [
            (Template::Yinchuan, CongressLevel::City),
            (Template::Jiangbei, CongressLevel::County),
            (Template::Dongbao, CongressLevel::County),
            (Template::TownshipGroup, CongressLevel::Township),
        ] {
            let table = template.table().prepare().expect("valid");
            let deputies = &by_level[level_index(level)];
            let n = deputies.len();
            let mut counts: Vec<(String, usize)> = table.table().bands.iter().map(|b| (b.label.clone(), 0)).collect();
            for items in deputies {
                let sheet = score(items.iter().copied(), &table, period);
                counts[sheet.band.expect("every template has bands")].1 += 1;
            }
            eprintln!("{}: {n} deputies, {counts:?}", template.label());
            for (label, c) in &counts {
                assert!(c * 100 <= 60 * n, "{}: {label} holds {c} of {n}", template.label());
            }
            let poor = counts.iter().find(|(l, _)| l == "差").map_or(0, |(_, c)| *c);
            assert!(poor * 100 < 20 * n, "{}: 差 holds {poor} of {n}", template.label());
        }
    }

    #[tokio::test]
    async fn every_congress_scores_its_deputies_and_the_demo_deputys_archive_has_every_origin() {
        use renda_core::scoring::archive::DeclaredStatus;
        use renda_core::scoring::{ItemKind, Origin};
        let (t, summary) = seeded().await;
        let congresses = all_congresses(&t.store).await;
        assert_eq!(summary.archive.congresses, congresses.len());
        assert!(summary.archive.scores > 1000, "{} scores", summary.archive.scores);
        let admin = Actor::system();
        let city_scores = t.store.scores(&admin, congresses[0], TODAY.year()).await.expect("scores");
        assert!(!city_scores.is_empty());
        assert!(city_scores.iter().all(|s| s.band.is_some()), "the city's template (银川) has bands");

        let plan = plan();
        let (ci, seat) = plan
            .users
            .iter()
            .find_map(|u| match u.role {
                RolePlan::Deputy { congress, seat } => Some((congress, seat)),
                _ => None,
            })
            .expect("a demo deputy");
        let name = plan.person(ci, seat).expect("person").name.clone();
        let found = t
            .store
            .search_deputies(&renda_store::people::DeputyFilter {
                congresses: vec![congresses[ci]],
                name: Some(name),
                per_page: 5,
                ..Default::default()
            })
            .await
            .expect("search");
        let person = found.items[0].person;
        let items = t.store.archive_of(&admin, person, congresses[ci], TODAY.year()).await.expect("archive");
        let declared = |st: DeclaredStatus| {
            items.iter().filter(|i| matches!(i.origin, Origin::Declared { status, .. } if status == st)).count()
        };
        assert_eq!(
            (
                declared(DeclaredStatus::Verified),
                declared(DeclaredStatus::Declared),
                declared(DeclaredStatus::Rejected)
            ),
            (3, 1, 1)
        );
        assert!(items.iter().any(|i| i.kind == ItemKind::SuggestionLed || i.kind == ItemKind::SuggestionCosigned));
        let sheet = t.store.score_sheet(&admin, person, congresses[ci], TODAY.year(), TODAY).await.expect("sheet");
        assert!(sheet.lines.iter().any(|l| l.count > 0 && !l.explanation.is_empty()), "explained lines");
    }
}
