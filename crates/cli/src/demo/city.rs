//! The city's plan: its congresses, units, deputies and accounts generated in memory from one
//! seed (names, jobs, dates, phones), the tables they are drawn from (read from `data/city.toml`,
//! `data/jobs.toml` and `data/names.toml`), and the rosters written.

use super::{DEMO_PASSWORD, DemoLogin, SEED, head_of, pick, pick_by, pick_weighted, pick_word};
use anyhow::{Context, Result, ensure};
use jiff::civil::{Date, date};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::{EndReason, StartReason, Term, chinese_numeral};
use renda_core::policy::RoleKind;
use renda_core::value::{Ethnicity, Gender, Label, OrgName, PartialDate, PersonName, Phone};
use renda_store::orgs::NewOrganisation;
use renda_store::people::{DeputyFilter, DeputyRow, NewDeputyship, NewPerson};
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

pub(super) async fn create_org(
    store: &Store,
    actor: &Actor,
    name: &str,
    kind: OrgKind,
    parent: Option<OrgId>,
    term: Option<Term>,
) -> Result<OrgId> {
    let org = store
        .create_org_with(actor, NewOrganisation { name: OrgName::parse(name)?, kind, parent }, None, term)
        .await
        .with_context(|| format!("无法建立“{name}”"))?;
    Ok(org.id)
}

/// Writes one congress's roster: its new people in one import, then the seats that ended, then
/// the seats held by people already written for the congress below. Records who holds each
/// seat in `persons[ci]`.
pub(super) async fn load_roster(
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
pub(super) async fn roster(store: &Store, congress: OrgId) -> Result<Vec<DeputyRow>> {
    let mut out = Vec::new();
    let mut filter =
        DeputyFilter { congresses: vec![congress], congress: Some(congress), per_page: 500, ..DeputyFilter::default() };
    loop {
        let page = store.search_deputies(&renda_store::Actor::system(), &filter).await?;
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
pub(super) struct Plan {
    /// Every congress after its parent: the city, then each county followed by its townships.
    pub(super) congresses: Vec<CongressPlan>,
    /// Handling units, liaison stations and deputy groups.
    pub(super) others: Vec<OtherOrg>,
    pub(super) users: Vec<UserPlan>,
}

pub(super) struct CongressPlan {
    pub(super) name: String,
    pub(super) level: CongressLevel,
    /// Index of the congress above in [`Plan::congresses`].
    pub(super) parent: Option<usize>,
    pub(super) population: u64,
    pub(super) term: Term,
    pub(super) seats: Vec<SeatPlan>,
}

pub(super) struct OtherOrg {
    pub(super) name: String,
    pub(super) kind: OrgKind,
    /// Index of its congress in [`Plan::congresses`].
    pub(super) congress: usize,
}

/// One seat of a roster.
pub(super) struct SeatPlan {
    /// 东城区代表团 for the city, 第3选区 below it.
    pub(super) delegation: String,
    pub(super) start: Date,
    pub(super) start_reason: StartReason,
    pub(super) end: Option<(Date, EndReason)>,
    pub(super) holder: Holder,
}

pub(super) enum Holder {
    /// Someone who appears here first.
    New(PersonPlan),
    /// The holder of seat `seat` of the congress below (index `congress`): one person, two seats.
    Below { congress: usize, seat: usize },
}

/// A generated person, as plain text; parsed into the store's value types when written.
pub(super) struct PersonPlan {
    pub(super) name: String,
    pub(super) gender: Gender,
    pub(super) ethnicity: &'static str,
    pub(super) birth: PartialDate,
    pub(super) party: &'static str,
    pub(super) occupation: String,
    pub(super) phone: Option<String>,
}

pub(super) struct UserPlan {
    pub(super) login: &'static str,
    pub(super) display_name: String,
    pub(super) role: RolePlan,
    pub(super) who: String,
}

/// A role whose scope is named by the plan, resolved to ids once they exist.
pub(super) enum RolePlan {
    Admin,
    Staff { congress: usize },
    Deputy { congress: usize, seat: usize },
    Unit { name: String },
    Public,
}

impl RolePlan {
    pub(super) fn kind(&self) -> RoleKind {
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
    pub(super) fn logins(&self) -> Vec<DemoLogin> {
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
    pub(super) fn person(&self, congress: usize, seat: usize) -> Option<&PersonPlan> {
        match &self.congresses.get(congress)?.seats.get(seat)?.holder {
            Holder::New(p) => Some(p),
            Holder::Below { congress, seat } => self.person(*congress, *seat),
        }
    }
}

impl PersonPlan {
    pub(super) fn to_new_person(&self) -> Result<NewPerson> {
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
    pub(super) fn to_new_deputyship(&self, congress: OrgId, term: Term) -> Result<NewDeputyship> {
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
pub(super) struct Place {
    pub(super) level: CongressLevel,
    pub(super) county: &'static CountySpec,
    /// The township, for a township deputy.
    pub(super) township: Option<&'static str>,
}

/// Generates the demo city. Pure: the same plan on every call.
pub(super) fn plan() -> Plan {
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
    for county in COUNTIES.iter() {
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
        for (township, population) in &county.townships {
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
        for (&ti, (township, _)) in townships_at[k].iter().zip(&county.townships) {
            let place = Place { level: CongressLevel::Township, county, township: Some(township.as_str()) };
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
pub(super) fn other_orgs(county_at: &[usize]) -> Vec<OtherOrg> {
    let dept = UnitKind::GovernmentDepartment;
    let mut out = Vec::new();
    let mut add = |name: String, kind: OrgKind, congress: usize| out.push(OtherOrg { name, kind, congress });
    for d in CITY_DATA.city_departments.split_whitespace() {
        add(format!("{CITY}{d}"), OrgKind::Unit(dept), 0);
    }
    // The city's own station, where the city's deputies receive citizens at the 市民中心.
    add(format!("{CITY}人大代表联络站（市民中心）"), OrgKind::LiaisonStation, 0);
    for unit in &CITY_DATA.other_units {
        add(unit.name.clone(), OrgKind::Unit(unit.kind), 0);
    }
    let rotating: Vec<&str> = CITY_DATA.county_departments.split_whitespace().collect();
    for (k, county) in COUNTIES.iter().enumerate() {
        let ci = county_at[k];
        let c = &county.name;
        add(format!("{c}住房和城乡建设局"), OrgKind::Unit(dept), ci);
        for j in 0..2 {
            let d = rotating[(2 * k + j) % rotating.len()];
            add(format!("{c}{d}"), OrgKind::Unit(dept), ci);
        }
        add(format!("{c}人民法院"), OrgKind::Unit(UnitKind::Court), ci);
        add(format!("{c}人民检察院"), OrgKind::Unit(UnitKind::Procuratorate), ci);
        // Stations sit in a 街道 where there is one, else in a township: two in every other
        // county, one in the rest; deputy groups the other way round.
        let sites = county.streets.iter().map(String::as_str).chain(county.townships.iter().map(|(t, _)| t.as_str()));
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
pub(super) fn users(
    plan: &Plan,
    county_at: &[usize],
    townships_at: &[Vec<usize>],
    demo_deputy_seat: usize,
) -> Vec<UserPlan> {
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
        staff("east.staff", county_at[0], &east.name),
        staff("town.staff", townships_at[0][0], &east.townships[0].0),
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
    pub(super) fn below(delegation: String, start: Date, congress: usize, seat: usize) -> SeatPlan {
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
pub(super) fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
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

/// A name of a weighted table, each drawn in proportion to its weight.
pub(super) fn weighted_name(rng: &mut StdRng, items: &'static [Weighted]) -> &'static str {
    &pick_by(rng, items, |w| w.weight).name
}

// ---------------------------------------------------------------------------------------------
// The generator: names, jobs, dates and phone numbers from one seeded RNG.
// ---------------------------------------------------------------------------------------------

/// Fills one placeholder of a job template, given the place and the township.
pub(super) type Fill = fn(&mut Generator, Place, &str) -> String;

pub(super) struct Generator {
    pub(super) rng: StdRng,
    pub(super) surnames: Vec<(&'static str, u32)>,
    pub(super) male_given: Vec<&'static str>,
    pub(super) female_given: Vec<&'static str>,
    pub(super) male_chars: Vec<char>,
    pub(super) female_chars: Vec<char>,
    pub(super) place_first: Vec<char>,
    pub(super) place_second: Vec<char>,
    /// Titles one person holds (镇长, 院长), once given, so no town gets two mayors.
    pub(super) titles_given: HashSet<String>,
}

impl Generator {
    pub(super) fn new() -> Generator {
        Generator::with_seed(SEED)
    }

    pub(super) fn with_seed(seed: u64) -> Generator {
        Generator {
            rng: StdRng::seed_from_u64(seed),
            surnames: NAMES
                .surnames
                .iter()
                .flat_map(|tier| tier.names.split_whitespace().map(move |n| (n, tier.weight)))
                .collect(),
            male_given: NAMES.male_given.split_whitespace().collect(),
            female_given: NAMES.female_given.split_whitespace().collect(),
            male_chars: NAMES.male_chars.chars().collect(),
            female_chars: NAMES.female_chars.chars().collect(),
            place_first: NAMES.place_first.chars().collect(),
            place_second: NAMES.place_second.chars().collect(),
            titles_given: HashSet::new(),
        }
    }

    /// A seat for a new person. About 1 % ended in 2024 (resigned or moved away) and about 1 %
    /// were filled by a by-election during the term.
    pub(super) fn new_seat(
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
    pub(super) fn eligible_seat(&mut self, seats: &[SeatPlan]) -> usize {
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
    pub(super) fn districts(&mut self, seats: usize) -> Vec<String> {
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
    pub(super) fn person(&mut self, place: Place, names: &mut HashSet<String>) -> PersonPlan {
        let gender = if self.rng.random_range(0..100) < 70 { Gender::Male } else { Gender::Female };
        let ethnicity =
            if self.rng.random_range(0..100) < 5 { weighted_name(&mut self.rng, &NAMES.minorities) } else { "汉族" };
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
            weighted_name(&mut self.rng, &NAMES.parties_township)
        } else {
            weighted_name(&mut self.rng, &NAMES.parties_upper)
        };
        let phone = (self.rng.random_range(0..100) < 85).then(|| self.mobile());
        PersonPlan { name, gender, ethnicity, birth, party, occupation, phone }
    }

    pub(super) fn name(&mut self, gender: Gender, ethnicity: &str) -> String {
        let female = gender == Gender::Female;
        match ethnicity {
            // Uyghur names: one's own name, a middle dot, the father's name.
            "维吾尔族" => {
                let own = if female { &NAMES.uyghur_female } else { &NAMES.uyghur_male };
                let own = pick_word(&mut self.rng, own);
                let father = pick_word(&mut self.rng, &NAMES.uyghur_father);
                format!("{own}·{father}")
            }
            // Half of Mongol deputies go by a Mongolian name without a surname.
            "蒙古族" if self.rng.random_bool(0.5) => {
                pick_word(&mut self.rng, if female { &NAMES.mongol_female } else { &NAMES.mongol_male }).to_owned()
            }
            _ => self.han_name(female),
        }
    }

    /// Surname (weighted by frequency) and a given name: a common two-character name, a
    /// single character, or two characters put together.
    pub(super) fn han_name(&mut self, female: bool) -> String {
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
    pub(super) fn occupation(&mut self, place: Place) -> String {
        let table = match place.level {
            CongressLevel::City => &JOBS.city,
            CongressLevel::County => &JOBS.county,
            CongressLevel::Township => &JOBS.township,
        };
        // Titles held once run out only if drawn very often; then plainer jobs are drawn.
        loop {
            let job = pick_by(&mut self.rng, table, |j| j.weight);
            let township = match place.township {
                Some(t) => t,
                None => pick(&mut self.rng, &place.county.townships).0.as_str(),
            };
            let mut text = job.template.to_owned();
            let fills: [(&str, Fill); 8] = [
                ("{县}", |_, p, _| p.county.name.clone()),
                ("{县长}", |_, p, _| head_of(&p.county.name)),
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
    pub(super) fn village(&mut self, place: Place, township: &str) -> String {
        let word = self.place_word();
        match place.level {
            CongressLevel::Township => format!("{word}村"),
            _ => format!("{township}{word}村"),
        }
    }

    /// 柳湾社区; above the township, with its 街道 (or the county): 文昌街道柳湾社区.
    pub(super) fn community(&mut self, place: Place, _township: &str) -> String {
        let word = self.place_word();
        match place.level {
            CongressLevel::Township => format!("{word}社区"),
            _ => {
                let area = if place.county.streets.is_empty() {
                    place.county.name.as_str()
                } else {
                    pick(&mut self.rng, &place.county.streets).as_str()
                };
                format!("{area}{word}社区")
            }
        }
    }

    /// 示范青柳机械制造有限公司.
    pub(super) fn company(&mut self) -> String {
        let word = self.place_word();
        let trade = pick_word(&mut self.rng, &JOBS.trades);
        format!("示范{word}{trade}有限公司")
    }

    /// Two characters that sound like a Chinese place: 柳湾, 石桥, 王庄.
    pub(super) fn place_word(&mut self) -> String {
        let a = *pick(&mut self.rng, &self.place_first);
        let b = *pick(&mut self.rng, &self.place_second);
        format!("{a}{b}")
    }

    /// An 11-digit mobile number on a real operator prefix.
    pub(super) fn mobile(&mut self) -> String {
        let mut s = pick_word(&mut self.rng, &NAMES.mobile_prefixes).to_owned();
        for _ in 0..8 {
            s.push(char::from(b'0' + self.rng.random_range(0..10u8)));
        }
        s
    }

    /// A day of `year` (the 1st to the 28th, so every month has it).
    pub(super) fn day_in(&mut self, year: i16) -> Date {
        date(year, self.rng.random_range(1..=12), self.rng.random_range(1..=28))
    }
}

// ---------------------------------------------------------------------------------------------
// Tables. All places are fictional; only the pattern of their names is real. The tables are
// data (`data/city.toml`, `data/jobs.toml`, `data/names.toml`), embedded in the binary and
// parsed once; the draws index them in the files' order.
// ---------------------------------------------------------------------------------------------

pub(super) const CITY: &str = "示范市";
pub(super) const CITY_POPULATION: u64 = 3_200_000;

/// A district (区) or county (县) of the city, with its townships and 街道.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CountySpec {
    pub(super) name: String,
    pub(super) population: u64,
    /// Its 镇 and 乡, each with a congress, and their populations.
    pub(super) townships: Vec<(String, u64)>,
    /// Its 街道: subdistricts, which have no congress of their own but host liaison stations.
    pub(super) streets: Vec<String>,
}

/// One of the city's other handling units, by its full name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NamedUnit {
    pub(super) name: String,
    pub(super) kind: UnitKind,
}

/// `data/city.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CityFile {
    /// The city government's departments, each named 示范市 + this.
    pub(super) city_departments: String,
    /// County departments besides housing; each county takes the next two in turn.
    pub(super) county_departments: String,
    /// The court, the procuratorate, the supervisory commission and the power company.
    pub(super) other_units: Vec<NamedUnit>,
    /// Six districts and counties; their populations add up to the city's.
    pub(super) county: Vec<CountySpec>,
}

/// A job title template. `{县}` is the county or district, `{县长}` its head (区长/县长),
/// `{乡镇}` a township, `{乡镇长}` its head (镇长/乡长), `{村}` a village, `{社区}` a residents'
/// community, `{企业}` a company, `{词}` a two-character place word.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Job {
    pub(super) weight: u32,
    /// Held by one person only (a mayor, a hospital's president).
    #[serde(default)]
    pub(super) once: bool,
    pub(super) template: String,
}

/// `data/jobs.toml`: job titles by level, and the trades of generated companies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct JobsFile {
    pub(super) township: Vec<Job>,
    pub(super) county: Vec<Job>,
    /// City deputies; `{县}` is the county of their delegation.
    pub(super) city: Vec<Job>,
    pub(super) trades: String,
}

/// A name drawn with a weight (a party, an ethnic group).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Weighted {
    pub(super) name: String,
    pub(super) weight: u32,
}

/// Surnames of one frequency tier, each drawn with the tier's weight.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SurnameTier {
    pub(super) weight: u32,
    pub(super) names: String,
}

/// `data/names.toml`: what people are made of. Word lists are separated by white space;
/// `*_chars` and `place_*` are single characters written together.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NamesFile {
    pub(super) surnames: Vec<SurnameTier>,
    pub(super) male_given: String,
    pub(super) female_given: String,
    pub(super) male_chars: String,
    pub(super) female_chars: String,
    pub(super) mongol_male: String,
    pub(super) mongol_female: String,
    pub(super) uyghur_male: String,
    pub(super) uyghur_female: String,
    pub(super) uyghur_father: String,
    pub(super) place_first: String,
    pub(super) place_second: String,
    pub(super) mobile_prefixes: String,
    pub(super) parties_upper: Vec<Weighted>,
    pub(super) parties_township: Vec<Weighted>,
    pub(super) minorities: Vec<Weighted>,
}

pub(super) const CITY_TOML: &str = include_str!("data/city.toml");
pub(super) const JOBS_TOML: &str = include_str!("data/jobs.toml");
pub(super) const NAMES_TOML: &str = include_str!("data/names.toml");

/// Parses one of the embedded data files; they are part of the binary, so a broken one is a
/// bug (the tests parse each).
pub(super) fn parse_data<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> T {
    match toml::from_str(text) {
        Ok(data) => data,
        Err(e) => panic!("demo/data/{file}: {e}"),
    }
}

pub(super) static CITY_DATA: LazyLock<CityFile> = LazyLock::new(|| parse_data("city.toml", CITY_TOML));
pub(super) static JOBS: LazyLock<JobsFile> = LazyLock::new(|| parse_data("jobs.toml", JOBS_TOML));
pub(super) static NAMES: LazyLock<NamesFile> = LazyLock::new(|| parse_data("names.toml", NAMES_TOML));

/// Six districts and counties; their populations add up to the city's.
pub(super) static COUNTIES: LazyLock<&'static [CountySpec]> = LazyLock::new(|| &CITY_DATA.county);

#[cfg(test)]
mod data_tests {
    use super::*;

    const PLACEHOLDERS: [&str; 8] = ["{县}", "{县长}", "{乡镇}", "{乡镇长}", "{村}", "{社区}", "{企业}", "{词}"];

    fn words(list: &str) -> Vec<&str> {
        list.split_whitespace().collect()
    }

    #[test]
    fn the_city_file_is_well_formed() {
        let city: CityFile = parse_data("city.toml", CITY_TOML);
        assert_eq!(city.county.len(), 6);
        assert_eq!(city.county.iter().map(|c| c.population).sum::<u64>(), CITY_POPULATION);
        for c in &city.county {
            assert!(c.name.ends_with('区') || c.name.ends_with('县'), "{}", c.name);
            assert!(!c.townships.is_empty(), "{} has no township", c.name);
            for (t, pop) in &c.townships {
                assert!(t.ends_with('镇') || t.ends_with('乡'), "{t}");
                assert!(*pop > 0, "{t}");
            }
            assert!(c.streets.iter().all(|s| s.ends_with("街道")), "{:?}", c.streets);
        }
        let departments = words(&city.city_departments);
        assert!(departments.contains(&"住房和城乡建设局"), "the demo's housing unit account");
        assert!(departments.len() >= 20, "{departments:?}");
        assert!(words(&city.county_departments).len() >= 2);
        assert!(city.other_units.iter().any(|u| u.name == format!("{CITY}中级人民法院") && u.kind == UnitKind::Court));
        assert!(city.other_units.iter().all(|u| !u.name.trim().is_empty()));
    }

    #[test]
    fn the_jobs_file_is_well_formed() {
        let jobs: JobsFile = parse_data("jobs.toml", JOBS_TOML);
        for table in [&jobs.township, &jobs.county, &jobs.city] {
            // Held-once titles run out; plain ones never do.
            assert!(table.iter().any(|j| !j.once && j.weight > 0));
            for j in table {
                assert!(j.weight > 0 && !j.template.trim().is_empty(), "{}", j.template);
                let mut rest = j.template.clone();
                for p in PLACEHOLDERS {
                    rest = rest.replace(p, "");
                }
                assert!(!rest.contains('{') && !rest.contains('}'), "unknown placeholder in {}", j.template);
            }
        }
        assert!(words(&jobs.trades).len() >= 5);
    }

    #[test]
    fn the_names_file_is_well_formed() {
        let names: NamesFile = parse_data("names.toml", NAMES_TOML);
        assert!(names.surnames.iter().all(|t| t.weight > 0 && !words(&t.names).is_empty()));
        for list in [
            &names.male_given,
            &names.female_given,
            &names.mongol_male,
            &names.mongol_female,
            &names.uyghur_male,
            &names.uyghur_female,
            &names.uyghur_father,
            &names.mobile_prefixes,
        ] {
            assert!(words(list).len() >= 5, "{list}");
        }
        for chars in [&names.male_chars, &names.female_chars, &names.place_first, &names.place_second] {
            assert!(chars.chars().count() >= 10 && !chars.chars().any(char::is_whitespace), "{chars}");
        }
        assert!(words(&names.mobile_prefixes).iter().all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())));
        for table in [&names.parties_upper, &names.parties_township, &names.minorities] {
            assert!(table.iter().all(|w| w.weight > 0 && !w.name.trim().is_empty()));
        }
        // The generator names these by their names.
        assert!(names.parties_upper.iter().chain(&names.parties_township).any(|p| p.name == "中共"));
        for group in ["维吾尔族", "蒙古族"] {
            assert!(names.minorities.iter().any(|m| m.name == group), "{group}");
        }
        for m in &names.minorities {
            renda_core::value::Ethnicity::parse(&m.name).expect("a real ethnic group");
        }
    }
}
