//! Oversight for the demo city (issue 6): the year's oversight plan with an item of every
//! form the issue names, review opinions in several states (one overdue, one closed by its
//! handling report), a closed evaluation ballot of departments with the demo deputies' votes
//! and an open one, and the register of requests and reports to the party committee (a
//! request replied, a report sent, a draft) kept by `city.staff`, who holds the grant.
//!
//! Dates are relative to `today`, so the overdue opinion is overdue whenever the demo loads.

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
struct ItemPlan {
    form: OversightForm,
    title: &'static str,
    body: Option<&'static str>,
    committee: &'static str,
    summary: &'static str,
    /// Days before today of its meeting; `None`: planned for later.
    met: Option<i64>,
}

const ITEMS: &[ItemPlan] = &[
    ItemPlan {
        form: OversightForm::SpecialWorkReport,
        title: "听取和审议市人民政府关于基层医疗卫生服务体系建设情况的报告",
        body: Some("卫生健康委员会"),
        committee: "教育科学文化卫生委员会",
        summary: "围绕社区卫生服务中心建设、家庭医生签约和分级诊疗开展监督。",
        met: Some(160),
    },
    ItemPlan {
        form: OversightForm::LawEnforcementInspection,
        title: "检查《中华人民共和国道路交通安全法》在本市的实施情况",
        body: Some("交通运输局"),
        committee: "城乡建设环境保护委员会",
        summary: "组成执法检查组，赴六个区县实地检查，听取市政府有关部门汇报。",
        met: Some(130),
    },
    ItemPlan {
        form: OversightForm::AuditRectification,
        title: "听取和审议市人民政府关于2025年度审计查出问题整改情况的报告",
        body: Some("财政局"),
        committee: "财政经济委员会",
        summary: "审计整改情况报告在审计工作报告后六个月内听取。",
        met: Some(100),
    },
    ItemPlan {
        form: OversightForm::SpecialInquiry,
        title: "就住房保障和老旧小区改造工作开展专题询问",
        body: Some("住房和城乡建设局"),
        committee: "城乡建设环境保护委员会",
        summary: "结合审议专项工作报告，常委会组成人员现场询问，政府有关部门负责人到会应询。",
        met: Some(70),
    },
    ItemPlan {
        form: OversightForm::SpecialWorkReport,
        title: "听取和审议市中级人民法院关于执行工作情况的报告",
        body: Some("示范市中级人民法院"),
        committee: "监察和司法委员会",
        summary: "了解“切实解决执行难”工作进展，组织代表旁听执行案件。",
        met: Some(40),
    },
    ItemPlan {
        form: OversightForm::Interpellation,
        title: "关于东湖水体污染治理不力问题的质询案",
        body: Some("生态环境局"),
        committee: "城乡建设环境保护委员会",
        summary: "常委会组成人员联名提出质询案，要求市生态环境局作出答复。",
        met: Some(20),
    },
    ItemPlan {
        form: OversightForm::SpecialInvestigation,
        title: "关于滨江新区征地补偿问题的特定问题调查",
        body: Some("自然资源和规划局"),
        committee: "特定问题调查委员会",
        summary: "常委会决定组织特定问题调查委员会，调查结束后向常委会提出调查报告。",
        met: None,
    },
    ItemPlan {
        form: OversightForm::FilingReview,
        title: "对市人民政府2026年制定的规范性文件进行备案审查",
        body: Some("人民政府办公室"),
        committee: "法制工作委员会",
        summary: "对报送备案的规范性文件逐件审查，发现问题的依法督促制定机关纠正。",
        met: None,
    },
];

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
                year,
                title: format!("示范市人大常委会{year}年度监督工作计划"),
                body: "以习近平新时代中国特色社会主义思想为指导，围绕全市中心工作和人民群众普遍关心的问题，\
                       综合运用听取审议专项工作报告、执法检查、专题询问、质询、特定问题调查、备案审查等方式，\
                       增强监督刚性和实效。"
                    .into(),
            },
        )
        .await?;
    store.publish_plan(&staff, plan, true).await?;

    let mut items: Vec<PlanItemId> = Vec::new();
    for p in ITEMS {
        let body = match p.body {
            Some(name) => Some(unit(store, city, name).await?),
            None => None,
        };
        let f = ItemForm {
            plan: Some(plan),
            year,
            form: p.form,
            title: p.title.into(),
            body_org: body,
            committee: p.committee.into(),
            summary: p.summary.into(),
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
    let closed = r(0, "一、加快社区卫生服务中心标准化建设，年内实现街道全覆盖。\n二、做实家庭医生签约服务，提高重点人群签约率。\n三、完善分级诊疗制度，推动优质医疗资源下沉。").await?;
    act(store, &staff, closed, Command::Approve, None, back(today, 150)).await?;
    act(store, &staff, closed, Command::Send { on: back(today, 148) }, None, back(today, 148)).await?;
    let unit_health =
        Actor { user: None, role: Role::Unit { unit: unit(store, city, "卫生健康委员会").await? } };
    act(
        store,
        &unit_health,
        closed,
        Command::SubmitReport,
        Some("已新建社区卫生服务中心12个，街道覆盖率达到100%；家庭医生重点人群签约率提高到78%；与三家三甲医院组建医联体。"),
        back(today, 70),
    )
    .await?;
    act(
        store,
        &staff,
        closed,
        Command::Comment { text: "审议意见基本落实，建议继续加强基层人才队伍建设。".into() },
        None,
        back(today, 60),
    )
    .await?;
    act(store, &staff, closed, Command::Close, None, back(today, 55)).await?;
    act(store, &staff, closed, Command::Publish, None, back(today, 55)).await?;

    let overdue =
        r(1, "一、加大交通违法行为查处力度。\n二、完善城市道路交通安全设施。\n三、加强交通安全宣传教育。").await?;
    act(store, &staff, overdue, Command::Approve, None, back(today, 122)).await?;
    act(store, &staff, overdue, Command::Send { on: back(today, 120) }, None, back(today, 120)).await?;

    let waiting = r(3, "一、加快老旧小区改造进度。\n二、完善保障性住房分配和退出机制。").await?;
    act(store, &staff, waiting, Command::Approve, None, back(today, 62)).await?;
    act(store, &staff, waiting, Command::Send { on: back(today, 60) }, None, back(today, 60)).await?;

    let reported = r(2, "一、建立审计查出问题整改台账，逐项销号。\n二、追究屡审屡犯问题的责任。").await?;
    act(store, &staff, reported, Command::Approve, None, back(today, 95)).await?;
    act(store, &staff, reported, Command::Send { on: back(today, 93) }, None, back(today, 93)).await?;
    let unit_finance = Actor { user: None, role: Role::Unit { unit: unit(store, city, "财政局").await? } };
    act(
        store,
        &unit_finance,
        reported,
        Command::SubmitReport,
        Some("审计查出的43个问题已整改39个，其余4个正在推进。"),
        back(today, 10),
    )
    .await?;

    let court = r(4, "一、加大执行力度，提高执行到位率。\n二、完善失信被执行人联合惩戒机制。").await?;
    act(store, &staff, court, Command::Approve, None, back(today, 38)).await?;
    out.reviews = 5;
    r(0, "（草稿）关于进一步提升基层医疗服务能力的审议意见").await?;
    out.reviews += 1;

    // Evaluation ballots: a closed one with the demo deputies' votes, and an open one.
    let departments = ["卫生健康委员会", "交通运输局", "住房和城乡建设局", "生态环境局", "市场监督管理局"];
    let mut ids = Vec::new();
    for d in departments {
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
                reports: vec![
                    "市人民政府关于基层医疗卫生服务体系建设情况的报告".into(),
                    "市中级人民法院关于执行工作情况的报告".into(),
                ],
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
        .create_major_matter(&staff, city, &NewMatter::new(MatterKind::Request, "关于召开市第十八届人民代表大会第五次会议有关事项的请示", "市委：\n市第十八届人民代表大会第五次会议拟于明年一月召开，会期五天。现将会议议程、日程安排等事项请示如下……"), back(today, 40),
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
            &MajorCommand::RecordReply {
                on: back(today, 30),
                summary: "同意会议于明年一月召开，议程按请示意见执行。".into(),
            },
            back(today, 30),
        )
        .await?;
    let rep = store
        .create_major_matter(
            &staff,
            city,
            &NewMatter::new(
                MatterKind::Report,
                "关于开展道路交通安全法执法检查情况的报告",
                "市委：\n按照年度监督工作计划，市人大常委会组织开展了道路交通安全法执法检查，现将有关情况报告如下……",
            ),
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
            &NewMatter::new(MatterKind::Request, "关于开展市人大代表述职评议活动的请示", "（草稿）"),
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
