//! Oversight for the demo city (issue 6): the year's oversight plan with an item of every
//! form the issue names, review opinions in several states (one overdue, one closed by its
//! handling report), a closed evaluation ballot of departments with the demo deputies' votes
//! and an open one, and the register of requests and reports to the party committee (a
//! request replied, a report sent, a draft) kept by `city.staff`, who holds the grant.
//!
//! Dates are relative to `today`, so the overdue opinion is overdue whenever the demo loads.

use super::parse_data;
use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::ids::{OrgId, PersonId};
use renda_core::oversight::OversightForm;
use renda_core::oversight::ballot::SubjectId;
use renda_core::oversight::major::{Command as MajorCommand, MatterKind, RegisterNumber};
use renda_core::oversight::review::Command;
use renda_core::policy::Role;
use renda_core::suggestion::Satisfaction;
use renda_store::ballots::NewBallot;
use renda_store::major_matters::{GRANT_MAJOR_MATTERS, NewMatter};
use renda_store::oversight::{ItemForm, ItemState, Meeting, PlanForm, PlanId, PlanItemId};
use renda_store::people::DeputyFilter;
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::sync::LazyLock;

/// What [`seed`] made.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OversightSummary {
    pub items: usize,
    pub reviews: usize,
    pub ballots: usize,
    pub votes: usize,
    pub major_matters: usize,
}

fn back(today: Date, days: i64) -> Date {
    today.checked_sub(days.days()).expect("demo dates stay in range")
}

async fn unit(store: &Store, city: OrgId, name: &str) -> Result<OrgId> {
    let full = format!("示范市{name}");
    store
        .orgs_of_congress(city)
        .await?
        .into_iter()
        .find(|o| o.name.to_string() == full || o.name.to_string() == name)
        .map(|o| o.id)
        .with_context(|| format!("演示数据中没有“{name}”"))
}

async fn person_of(store: &Store, login: &str) -> Result<Option<PersonId>> {
    Ok(store.user_by_login(login).await?.and_then(|u| match u.role {
        Role::Deputy { person } => Some(person),
        _ => None,
    }))
}

/// One item of the plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemPlan {
    form: OversightForm,
    title: String,
    #[serde(default)]
    body: Option<String>,
    committee: String,
    summary: String,
    /// Days before today of its meeting; `None`: planned for later.
    #[serde(default)]
    met: Option<i64>,
}

/// The review opinions' texts, and the reports and the comment on them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reviews {
    closed: String,
    closed_report: String,
    closed_comment: String,
    overdue: String,
    waiting: String,
    reported: String,
    reported_report: String,
    court: String,
    draft: String,
}

/// The register's requests and reports to the party committee.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Register {
    request_title: String,
    request_body: String,
    request_reply: String,
    report_title: String,
    report_body: String,
    draft_title: String,
    draft_body: String,
}

/// `data/oversight.toml`: the plan, its items and the texts written on them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OversightFile {
    plan_body: String,
    departments: Vec<String>,
    open_ballot_reports: Vec<String>,
    reviews: Reviews,
    register: Register,
    item: Vec<ItemPlan>,
}

const OVERSIGHT_TOML: &str = include_str!("data/oversight.toml");

static DATA: LazyLock<OversightFile> = LazyLock::new(|| parse_data("oversight.toml", OVERSIGHT_TOML));

/// The plan's items, in order.
static ITEMS: LazyLock<&'static [ItemPlan]> = LazyLock::new(|| &DATA.item);

/// Seeds the city's oversight as `city.staff` (given the grant here). Returns what it made.
pub async fn seed(store: &Store, city: OrgId, today: Date) -> Result<OversightSummary> {
    let mut out = OversightSummary::default();
    let staff_user = store.user_by_login("city.staff").await?.context("演示数据中没有 city.staff")?;
    let staff = Actor { user: Some(staff_user.id), role: staff_user.role };
    store.set_grant(&Actor::system(), staff_user.id, GRANT_MAJOR_MATTERS, true).await?;
    let year = i64::from(today.year());

    let plan: PlanId = store
        .create_plan(
            &staff,
            city,
            &PlanForm {
                year, title: format!("示范市人大常委会{year}年度监督工作计划"), body: DATA.plan_body.clone()
            },
        )
        .await?;
    store.publish_plan(&staff, plan, true).await?;

    let mut items: Vec<PlanItemId> = Vec::new();
    for p in ITEMS.iter() {
        let body = match &p.body {
            Some(name) => Some(unit(store, city, name).await?),
            None => None,
        };
        let f = ItemForm {
            plan: Some(plan),
            year,
            form: p.form,
            title: p.title.clone(),
            body_org: body,
            committee: p.committee.clone(),
            summary: p.summary.clone(),
            meetings: p.met.map(|d| Meeting { on: back(today, d), note: "常委会会议".into() }).into_iter().collect(),
            state: if p.met.is_some() { ItemState::Done } else { ItemState::Planned },
            documents: Vec::new(),
        };
        let id = store.create_item(&staff, city, &f).await?;
        if p.met.is_some() {
            store.publish_item(&staff, id, true).await?;
        }
        items.push(id);
    }
    out.items = items.len();

    // Five members sign the interpellation (the city's threshold).
    let deputies = store
        .search_deputies(
            &renda_store::Actor::system(),
            &DeputyFilter { congresses: vec![city], active_only: true, per_page: 200, ..Default::default() },
        )
        .await?
        .items;
    let mut seen = std::collections::BTreeSet::new();
    let signers: Vec<PersonId> = deputies.iter().map(|d| d.person).filter(|p| seen.insert(*p)).take(5).collect();
    for p in &signers {
        store.add_signature(&staff, items[5], *p, back(today, 25)).await?;
    }

    // Review opinions: closed by its handling report; overdue; sent and waiting; reported and
    // waiting for the committee; voted unsatisfied and followed up; approved; drafted.
    let r = |i: usize, text: &str| {
        let item = items[i];
        let text = text.to_owned();
        async move { store.create_review(&staff, item, &text).await }
    };
    let closed = r(0, &DATA.reviews.closed).await?;
    act(store, &staff, closed, Command::Approve, None, back(today, 150)).await?;
    act(store, &staff, closed, Command::Send { on: back(today, 148) }, None, back(today, 148)).await?;
    let unit_health =
        Actor { user: None, role: Role::Unit { unit: unit(store, city, "卫生健康委员会").await? } };
    act(store, &unit_health, closed, Command::SubmitReport, Some(DATA.reviews.closed_report.as_str()), back(today, 70))
        .await?;
    act(store, &staff, closed, Command::Comment { text: DATA.reviews.closed_comment.clone() }, None, back(today, 60))
        .await?;
    act(store, &staff, closed, Command::Close, None, back(today, 55)).await?;
    act(store, &staff, closed, Command::Publish, None, back(today, 55)).await?;

    let overdue = r(1, &DATA.reviews.overdue).await?;
    act(store, &staff, overdue, Command::Approve, None, back(today, 122)).await?;
    act(store, &staff, overdue, Command::Send { on: back(today, 120) }, None, back(today, 120)).await?;

    let waiting = r(3, &DATA.reviews.waiting).await?;
    act(store, &staff, waiting, Command::Approve, None, back(today, 62)).await?;
    act(store, &staff, waiting, Command::Send { on: back(today, 60) }, None, back(today, 60)).await?;

    let reported = r(2, &DATA.reviews.reported).await?;
    act(store, &staff, reported, Command::Approve, None, back(today, 95)).await?;
    act(store, &staff, reported, Command::Send { on: back(today, 93) }, None, back(today, 93)).await?;
    let unit_finance = Actor { user: None, role: Role::Unit { unit: unit(store, city, "财政局").await? } };
    act(
        store,
        &unit_finance,
        reported,
        Command::SubmitReport,
        Some(DATA.reviews.reported_report.as_str()),
        back(today, 10),
    )
    .await?;

    let court = r(4, &DATA.reviews.court).await?;
    act(store, &staff, court, Command::Approve, None, back(today, 38)).await?;
    out.reviews = 5;
    r(0, &DATA.reviews.draft).await?;
    out.reviews += 1;

    // Evaluation ballots: a closed one with the demo deputies' votes, and an open one.
    let mut ids = Vec::new();
    for d in &DATA.departments {
        ids.push(unit(store, city, d).await?);
    }
    let demo_deputies = [person_of(store, "deputy").await?, person_of(store, "deputy2").await?];
    let closed_ballot = store
        .create_ballot(
            &staff,
            city,
            &NewBallot {
                title: format!("{}年度市人大代表评议政府部门工作", year - 1),
                opens_on: back(today, 45),
                closes_on: back(today, 30),
                departments: ids.clone(),
                reports: Vec::new(),
            },
        )
        .await?;
    let b = store.open_ballot(&staff, closed_ballot, back(today, 45)).await?;
    let subjects: Vec<SubjectId> = b.subjects.iter().map(|s| s.id).collect();
    let electorate: Vec<PersonId> = store.ballot_electorate(closed_ballot).await?;
    // About four in five vote; the demo deputies are among them.
    let mut voters: Vec<PersonId> =
        electorate.iter().enumerate().filter(|(i, _)| i % 5 != 4).map(|(_, p)| *p).collect();
    for d in demo_deputies.into_iter().flatten() {
        if electorate.contains(&d) && !voters.contains(&d) {
            voters.push(d);
        }
    }
    for (n, v) in voters.iter().enumerate() {
        let marks: Vec<(SubjectId, Satisfaction)> =
            subjects.iter().enumerate().map(|(k, s)| (*s, choice(n, k))).collect();
        store.cast_ballot(&Actor { user: None, role: Role::Deputy { person: *v } }, closed_ballot, &marks).await?;
        out.votes += 1;
    }
    store.close_ballot(&staff, closed_ballot).await?;

    let open_ballot = store
        .create_ballot(
            &staff,
            city,
            &NewBallot {
                title: format!("{year}年度代表评议：市人民政府专项工作报告满意度测评"),
                opens_on: back(today, 3),
                closes_on: today.checked_add(14.days()).expect("in range"),
                departments: Vec::new(),
                reports: DATA.open_ballot_reports.clone(),
            },
        )
        .await?;
    let b = store.open_ballot(&staff, open_ballot, back(today, 3)).await?;
    let subjects: Vec<SubjectId> = b.subjects.iter().map(|s| s.id).collect();
    // Some have voted already; the demo deputies have not, so they can try it.
    let early: Vec<PersonId> =
        electorate.iter().copied().filter(|p| !demo_deputies.contains(&Some(*p))).step_by(7).collect();
    for (n, v) in early.iter().enumerate() {
        let marks: Vec<(SubjectId, Satisfaction)> =
            subjects.iter().enumerate().map(|(k, s)| (*s, choice(n + 3, k))).collect();
        if store
            .cast_ballot(&Actor { user: None, role: Role::Deputy { person: *v } }, open_ballot, &marks)
            .await
            .is_ok()
        {
            out.votes += 1;
        }
    }
    out.ballots = 2;

    // The register: a request replied, a report sent, a draft.
    let req = store
        .create_major_matter(
            &staff,
            city,
            &NewMatter::new(MatterKind::Request, &DATA.register.request_title, &DATA.register.request_body),
            back(today, 40),
        )
        .await?;
    let placeholder = RegisterNumber::next(today.year(), MatterKind::Request, None);
    store.act_on_major_matter(&staff, req, &MajorCommand::Submit, back(today, 39)).await?;
    store.act_on_major_matter(&staff, req, &MajorCommand::Approve, back(today, 38)).await?;
    store
        .act_on_major_matter(
            &staff,
            req,
            &MajorCommand::Send { on: back(today, 37), number: placeholder },
            back(today, 37),
        )
        .await?;
    store
        .act_on_major_matter(
            &staff,
            req,
            &MajorCommand::RecordReply { on: back(today, 30), summary: DATA.register.request_reply.clone() },
            back(today, 30),
        )
        .await?;
    let rep = store
        .create_major_matter(
            &staff,
            city,
            &NewMatter::new(MatterKind::Report, &DATA.register.report_title, &DATA.register.report_body),
            back(today, 125),
        )
        .await?;
    store.act_on_major_matter(&staff, rep, &MajorCommand::Submit, back(today, 124)).await?;
    store.act_on_major_matter(&staff, rep, &MajorCommand::Approve, back(today, 123)).await?;
    store
        .act_on_major_matter(
            &staff,
            rep,
            &MajorCommand::Send { on: back(today, 122), number: placeholder },
            back(today, 122),
        )
        .await?;
    store
        .create_major_matter(
            &staff,
            city,
            &NewMatter::new(MatterKind::Request, &DATA.register.draft_title, &DATA.register.draft_body),
            today,
        )
        .await?;
    out.major_matters = 3;
    Ok(out)
}

async fn act(
    store: &Store,
    actor: &Actor,
    id: renda_store::oversight::ReviewId,
    cmd: Command,
    report: Option<&str>,
    day: Date,
) -> Result<()> {
    store.act_on_review(actor, id, &cmd, report, day).await.with_context(|| format!("审议意见 {cmd:?}"))?;
    Ok(())
}

/// A deterministic spread of choices: mostly 满意 and 基本满意, some 不满意, varying by subject.
fn choice(voter: usize, subject: usize) -> Satisfaction {
    match (voter * 7 + subject * 3) % 10 {
        0..=4 => Satisfaction::Satisfied,
        5..=7 => Satisfaction::Basic,
        _ => Satisfaction::Unsatisfied,
    }
}

/// The data file's own check, apart from the seeding's test below.
#[cfg(test)]
mod data_tests {
    use super::*;

    #[test]
    fn the_oversight_file_is_well_formed() {
        let data: OversightFile = parse_data("oversight.toml", OVERSIGHT_TOML);
        // The seeding refers to the items by place: five reviewed, the sixth the interpellation.
        assert!(data.item.len() >= 6);
        assert_eq!(data.item[5].form, OversightForm::Interpellation);
        assert!(data.item[..5].iter().all(|i| i.met.is_some()), "the reviewed items have met");
        assert!(data.item.iter().any(|i| i.met.is_none()), "an item planned for later");
        for i in &data.item {
            assert!(!i.title.trim().is_empty() && !i.committee.trim().is_empty() && !i.summary.trim().is_empty());
            assert!(i.body.as_deref().is_none_or(|b| !b.trim().is_empty()));
        }
        assert!(!data.departments.is_empty() && !data.open_ballot_reports.is_empty());
        let r = &data.reviews;
        let g = &data.register;
        for text in [
            &data.plan_body,
            &r.closed,
            &r.closed_report,
            &r.closed_comment,
            &r.overdue,
            &r.waiting,
            &r.reported,
            &r.reported_report,
            &r.court,
            &r.draft,
            &g.request_title,
            &g.request_body,
            &g.request_reply,
            &g.report_title,
            &g.report_body,
            &g.draft_title,
            &g.draft_body,
        ] {
            assert!(!text.trim().is_empty());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use renda_core::oversight::ballot::BallotState;
    use renda_core::oversight::major::MatterState;
    use renda_core::oversight::review::ReviewState;
    use renda_store::oversight::{OversightFilter, ReviewFilter};
    use renda_store::testing;

    #[tokio::test]
    async fn the_demo_city_has_a_plan_of_every_form_reviews_in_several_states_ballots_and_a_register() {
        let t = testing::sqlite().await;
        let today = jiff::civil::date(2026, 11, 20);
        crate::demo::seed_on(&t.store, today).await.expect("demo");
        let s = &t.store;
        let city = s.congresses().await.expect("c")[0].org.id;
        let city_staff = renda_store::Actor { user: None, role: Role::Staff { congress: city } };
        let on_portal = OversightFilter { congresses: vec![city], portal_only: true, ..Default::default() };
        let plans = s.list_plans(&city_staff, &on_portal).await.expect("plans");
        assert_eq!(plans.len(), 1, "the year's plan, published on the portal");
        let of_plan = OversightFilter { plan: Some(plans[0].id), ..Default::default() };
        let items = s.list_items(&city_staff, &of_plan).await.expect("items");
        for form in [
            OversightForm::SpecialWorkReport,
            OversightForm::LawEnforcementInspection,
            OversightForm::SpecialInquiry,
            OversightForm::Interpellation,
            OversightForm::SpecialInvestigation,
            OversightForm::FilingReview,
            OversightForm::AuditRectification,
        ] {
            assert!(items.iter().any(|i| i.form == form), "{form:?}");
        }
        let interpellation = items.iter().find(|i| i.form == OversightForm::Interpellation).expect("质询");
        assert_eq!(s.signatures(interpellation.id).await.expect("sig").len(), 5);

        let reviews = s
            .list_reviews(&city_staff, &ReviewFilter { congresses: vec![city], ..Default::default() })
            .await
            .expect("r");
        for state in
            [ReviewState::Drafted, ReviewState::Approved, ReviewState::Sent, ReviewState::Reported, ReviewState::Closed]
        {
            assert!(reviews.iter().any(|r| r.facts.state == state), "{state:?}");
        }
        let overdue = s
            .list_reviews(
                &city_staff,
                &ReviewFilter { congresses: vec![city], overdue_on: Some(today), ..Default::default() },
            )
            .await
            .expect("overdue");
        assert_eq!(overdue.len(), 1, "one overdue opinion");
        assert!(reviews.iter().any(|r| r.facts.state == ReviewState::Closed && r.report_text.is_some()));

        let ballots = s.list_ballots(&city_staff).await.expect("ballots");
        assert_eq!(ballots.iter().map(|b| b.state).collect::<Vec<_>>(), [BallotState::Open, BallotState::Closed]);
        let closed = &ballots[1];
        let results = s.ballot_results(Role::Staff { congress: city }, closed.id).await.expect("results");
        assert!(results.cast > 0 && results.cast < results.electorate);
        let deputy = person_of(s, "deputy").await.expect("p").expect("deputy");
        assert!(s.has_voted(closed.id, deputy).await.expect("v"), "the demo deputy voted in the closed one");
        assert!(!s.has_voted(ballots[0].id, deputy).await.expect("v"), "and may still vote in the open one");

        let staff = s.user_by_login("city.staff").await.expect("u").expect("city.staff");
        let actor = Actor { user: Some(staff.id), role: staff.role };
        let register = s.major_register(&actor, city, 2026).await.expect("register");
        let states: Vec<MatterState> = register.iter().map(|m| m.facts.state).collect();
        assert!(
            states.contains(&MatterState::Replied)
                && states.contains(&MatterState::Sent)
                && states.contains(&MatterState::Draft)
        );
        assert!(s.verify_audit().await.expect("verify").is_ok());
    }
}
