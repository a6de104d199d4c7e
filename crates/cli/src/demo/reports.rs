//! 述职 and deputy groups for the demo.
//!
//! - 2026 述职 meetings in 东城区: most deputies rated 满意, one 基本满意, one with more than
//!   half 不满意 who handed in a rectification plan; the clerks entered most of them from the
//!   paper ballots, one (the demo deputy's, when the demo deputy sits in 东城区) representative
//!   by representative. Meetings dated after `today` stay open with their representatives.
//! - Every deputy group: members from its congress's deputies in office, a leader, the station
//!   of its congress where there is one, its 2026 "十有" checklist partly met with evidence; the
//!   congress's 代表小组活动 counted for its first group.

use super::{COUNTIES, parse_data};
use anyhow::{Context, Result};
use jiff::civil::{Date, date};
use renda_core::archive::activity::ActivityKind;
use renda_core::archive::report::RatingCounts;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::policy::Role;
use renda_core::suggestion::Satisfaction;
use renda_store::activities::{ActivityFilter, ActivityId};
use renda_store::reports::{NewReportMeeting, PaperTally};
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What the demo wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportsSummary {
    pub meetings: usize,
    pub groups: usize,
}

/// A paper tally: those registered, and the 满意, 基本满意 and 不满意 counted.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tally {
    registered: u32,
    satisfied: u32,
    basic: u32,
    unsatisfied: u32,
}

/// The evidence of a group's "十有" checklist.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Checklist {
    /// By the item's label; `{小组}` is the group, `{场所}` where it meets.
    evidence: BTreeMap<String, String>,
    /// For a label not in `evidence`.
    other: String,
    /// Where a group meets: `{联络站}` its congress's liaison station, or without one.
    venue: String,
    no_station_venue: String,
    /// The note on the first item not met.
    missing: String,
}

/// `data/reports.toml`: the 述职 meetings' representatives, tallies and plan, and the groups'
/// evidence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportsFile {
    /// Single characters written together.
    surname_chars: String,
    given: Vec<String>,
    units: Vec<String>,
    /// Where the meetings are held, before 会议室.
    places: Vec<String>,
    rectification_plan: String,
    /// The paper tallies of the meetings after the first. The fourth is the one with more than
    /// half 不满意, the third the 基本满意.
    tally: Vec<Tally>,
    checklist: Checklist,
}

const REPORTS_TOML: &str = include_str!("data/reports.toml");

static DATA: LazyLock<ReportsFile> = LazyLock::new(|| parse_data("reports.toml", REPORTS_TOML));

/// The paper tallies of the meetings after the first.
static TALLIES: LazyLock<&'static [Tally]> = LazyLock::new(|| &DATA.tally);

/// Evidence for the items of the standard list a demo group has met.
fn evidence(label: &str, group: &str, station: Option<&str>) -> String {
    let c = &DATA.checklist;
    let venue = station.map_or_else(|| c.no_station_venue.clone(), |s| c.venue.replace("{联络站}", s));
    c.evidence.get(label).unwrap_or(&c.other).replace("{小组}", group).replace("{场所}", &venue)
}

pub async fn seed(store: &Store, today: Date) -> Result<ReportsSummary> {
    let mut summary = ReportsSummary::default();
    let congresses = store.congresses().await?;
    let east_name = format!("{}人民代表大会", COUNTIES[0].name);
    let east = congresses
        .iter()
        .find(|r| r.org.name.to_string() == east_name)
        .map(|r| r.org.id)
        .with_context(|| format!("演示数据中没有{east_name}"))?;
    summary.meetings = seed_meetings(store, east, today).await?;
    summary.groups = seed_groups(store).await?;
    Ok(summary)
}

/// The deputies of `congress` in office on `day`, in roster order, each once.
async fn sitting(store: &Store, congress: OrgId, day: Date) -> Result<Vec<PersonId>> {
    let mut out: Vec<PersonId> = Vec::new();
    for d in super::roster(store, congress).await? {
        if d.start_date <= day && d.end_date.is_none_or(|e| e > day) && !out.contains(&d.person) {
            out.push(d.person);
        }
    }
    Ok(out)
}

async fn seed_meetings(store: &Store, east: OrgId, today: Date) -> Result<usize> {
    let staff = Actor { user: None, role: Role::Staff { congress: east } };
    let demo_deputy = match store.user_by_login("deputy").await?.map(|u| u.role) {
        Some(Role::Deputy { person }) => Some(person),
        _ => None,
    };
    // Every twelve days up to a few days before `today` (with the real date, all in 2026).
    let day_of = |k: usize| today - jiff::Span::new().days((TALLIES.len() - k) as i64 * 12 + 5);
    let (first_day, last_day) = (day_of(0), day_of(TALLIES.len()));
    // In office on the first meeting day and the last, so on every day between.
    let until = sitting(store, east, last_day).await?;
    let mut deputies: Vec<PersonId> =
        sitting(store, east, first_day).await?.into_iter().filter(|p| until.contains(p)).collect();
    // The demo deputy reports first, when they sit in 东城区.
    if let Some(d) = demo_deputy
        && let Some(at) = deputies.iter().position(|p| *p == d)
    {
        deputies.remove(at);
        deputies.insert(0, d);
    }
    let activity: Option<ActivityId> = store
        .list_activities(
            &Actor::system(),
            &ActivityFilter {
                congresses: vec![east],
                year: Some(2026),
                kind: Some(ActivityKind::Report),
                page: 0,
                per_page: 1,
            },
        )
        .await?
        .items
        .first()
        .map(|a| a.id);
    let mut n = 0;
    for (k, person) in deputies.iter().take(TALLIES.len() + 1).enumerate() {
        let on = day_of(k);
        let new = NewReportMeeting {
            person: *person,
            on,
            place: format!("{}会议室", DATA.places[k % DATA.places.len()]),
            activity: if k == 0 { activity } else { None },
        };
        let id = store.create_report_meeting(&staff, east, &new).await?;
        n += 1;
        if k == 0 {
            // Registered by name and rated one by one: 50 representatives.
            let surnames: Vec<char> = DATA.surname_chars.chars().collect();
            let (given, units) = (&DATA.given, &DATA.units);
            let names: String = (0..50)
                .map(|i| {
                    format!(
                        "{}{} {}\n",
                        surnames[i % surnames.len()],
                        given[(i * 7 + 3) % given.len()],
                        units[i % units.len()]
                    )
                })
                .collect();
            store.register_representatives(&staff, id, &names).await?;
            let m = store.report_meeting(&staff, id).await?;
            let ratings: Vec<(i64, Satisfaction)> = m
                .representatives
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 17 && *i != 33) // two left before the vote
                .map(|(i, r)| {
                    let s = match i % 12 {
                        5 => Satisfaction::Basic,
                        11 if i > 40 => Satisfaction::Unsatisfied,
                        _ => Satisfaction::Satisfied,
                    };
                    (r.id, s)
                })
                .collect();
            store.rate_report_many(&staff, id, &ratings).await?;
        } else {
            let Tally { registered, satisfied, basic, unsatisfied } = TALLIES[k - 1];
            let tally = PaperTally { registered, counts: RatingCounts { satisfied, basic, unsatisfied } };
            store.record_paper_tally(&staff, id, tally).await?;
        }
        let result = store.close_report_meeting(&staff, id).await?;
        if result.rectification_required {
            let plan = &DATA.rectification_plan;
            let plan_on = (on + jiff::Span::new().days(20)).min(today);
            store.submit_rectification_plan(&staff, id, plan, plan_on.max(on)).await?;
        }
    }
    Ok(n)
}

async fn seed_groups(store: &Store) -> Result<usize> {
    let tree = store.org_tree().await?;
    let mut done = 0;
    let congresses: Vec<OrgId> = tree.iter().filter(|r| r.org.kind.is_congress()).map(|r| r.org.id).collect();
    for congress in congresses {
        let groups: Vec<(OrgId, String)> = tree
            .iter()
            .filter(|r| r.org.kind == OrgKind::DeputyGroup && r.org.parent == Some(congress))
            .map(|r| (r.org.id, r.org.name.to_string()))
            .collect();
        if groups.is_empty() {
            continue;
        }
        let station = tree
            .iter()
            .find(|r| r.org.kind == OrgKind::LiaisonStation && r.org.parent == Some(congress))
            .map(|r| (r.org.id, r.org.name.to_string()));
        let staff = Actor { user: None, role: Role::Staff { congress } };
        let deputies = sitting(store, congress, date(2026, 11, 1)).await?;
        // The congress's deputies shared among its groups, up to eight each.
        let share = (deputies.len() / groups.len()).clamp(1, 8);
        for (k, (group, name)) in groups.iter().enumerate() {
            let members: Vec<PersonId> = deputies.iter().skip(k * share).take(share).copied().collect();
            if !members.is_empty() {
                store.set_group_members(&staff, *group, &members, members.first().copied()).await?;
            }
            if let Some((s, _)) = &station {
                store.set_group_station(&staff, *group, Some(*s)).await?;
            }
            let list = store.install_checklist(&staff, *group, 2026).await?;
            let met = 6 + k % 3;
            for (i, e) in list.entries().iter().enumerate() {
                let number = i + 1;
                if i < met {
                    let text = evidence(&e.label, name, station.as_ref().map(|s| s.1.as_str()));
                    store.mark_checklist_item(&staff, *group, 2026, number, true, &text).await?;
                } else if i == met {
                    store.mark_checklist_item(&staff, *group, 2026, number, false, &DATA.checklist.missing).await?;
                }
            }
            if k == 0 {
                for (a, _, _) in store.unlinked_group_activities(congress, 2026).await? {
                    store.link_group_activity(&staff, a, Some(*group)).await?;
                }
            }
            done += 1;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use renda_core::archive::report::{ReportSettings, tally_report};
    use renda_store::testing;

    fn result(t: Tally) -> renda_core::archive::report::ReportResult {
        let Tally { registered, satisfied: s, basic: b, unsatisfied: u } = t;
        let mut v = vec![Satisfaction::Satisfied; s as usize];
        v.extend(vec![Satisfaction::Basic; b as usize]);
        v.extend(vec![Satisfaction::Unsatisfied; u as usize]);
        tally_report(registered, &v, &ReportSettings::default()).expect("a valid tally")
    }

    #[test]
    fn the_paper_tallies_hold_one_basic_and_one_flagged_result_and_the_rest_satisfied() {
        let results: Vec<_> = TALLIES.iter().map(|t| result(*t)).collect();
        assert_eq!(results.iter().filter(|r| r.rectification_required).count(), 1);
        assert_eq!(results.iter().filter(|r| r.overall == Satisfaction::Basic).count(), 1);
        assert!(results.iter().filter(|r| r.overall == Satisfaction::Satisfied).count() >= 4);
    }

    #[test]
    fn the_reports_file_is_well_formed() {
        let data: ReportsFile = parse_data("reports.toml", REPORTS_TOML);
        assert!(data.surname_chars.chars().count() >= 10 && !data.surname_chars.chars().any(char::is_whitespace));
        for list in [&data.given, &data.units, &data.places] {
            assert!(list.len() >= 4 && list.iter().all(|w| !w.trim().is_empty() && !w.contains(' ')), "{list:?}");
        }
        assert_eq!(data.tally.len(), 6);
        assert!(data.tally.iter().all(|t| t.satisfied + t.basic + t.unsatisfied <= t.registered));
        assert!(!data.rectification_plan.trim().is_empty());
        // Every item of the standard list, in the words the core gives them.
        let c = &data.checklist;
        for label in c.evidence.keys() {
            assert!(renda_core::archive::group::STANDARD.contains(&label.as_str()), "{label}: not a standard item");
        }
        assert!(c.venue.contains("{联络站}"));
        for text in c.evidence.values().chain([&c.other, &c.no_station_venue, &c.missing]) {
            assert!(!text.trim().is_empty());
        }
    }

    #[tokio::test]
    async fn the_demo_holds_rated_reports_and_groups_with_members_and_checklists() {
        let t = testing::sqlite().await;
        let today = date(2026, 11, 20);
        super::super::seed_on(&t.store, today).await.expect("demo");
        let s = &t.store;
        let east_name = format!("{}人民代表大会", COUNTIES[0].name);
        let east = s.org_by_name(&east_name).await.expect("read").expect("东城区").id;
        let meetings = s.report_meetings(&renda_store::Actor::system(), east, 2026).await.expect("meetings");
        assert_eq!(meetings.len(), TALLIES.len() + 1);
        assert!(meetings.iter().all(|m| m.closed && m.on <= today));
        let flagged: Vec<_> = meetings.iter().filter(|m| m.result.is_some_and(|r| r.rectification_required)).collect();
        assert_eq!(flagged.len(), 1);
        assert!(flagged[0].plan_text.is_some(), "the flagged deputy handed in a plan");
        if let Some(Role::Deputy { person }) = s.user_by_login("deputy").await.expect("user").map(|u| u.role) {
            let mine = s
                .report_meetings_of(&renda_store::Actor { user: None, role: Role::Deputy { person } }, person)
                .await
                .expect("mine");
            assert_eq!(mine.len(), 1, "the demo deputy reported in 东城区");
            assert_eq!(mine[0].named, 50);
        }
        let mut groups = Vec::new();
        for c in s.congresses().await.expect("congresses") {
            groups.extend(s.groups_of_congress(c.org.id).await.expect("groups"));
        }
        assert!(groups.len() > 3, "every congress's groups");
        for g in &groups {
            assert!(!g.members.is_empty() && !g.leader_name().is_empty(), "{} has members and a leader", g.name);
            let list = s.group_checklist(g.id, 2026).await.expect("read").expect("installed");
            let sum = list.summary();
            assert!(sum.met >= 6 && sum.met < sum.total, "{}: {sum}", g.name);
        }
    }
}
