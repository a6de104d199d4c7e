//! Oversight in the store, on SQLite and (when configured) PostgreSQL: a review opinion goes
//! out with a deadline, becomes overdue unanswered and is closed by the handling report; the
//! deadline setting stays in 2..=6; an evaluation ballot counts each entitled deputy once and
//! keeps who voted apart from what they chose; a major-matter request moves from draft to
//! replied with an audit entry per step, only for staff holding the grant.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::oversight::OversightForm;
use renda_core::oversight::ballot::BallotState;
use renda_core::oversight::major::{Command as MajorCommand, MatterKind, MatterState};
use renda_core::oversight::review::{Command, ReviewState};
use renda_core::policy::Role;
use renda_core::suggestion::Satisfaction;
use renda_core::value::NewPassword;
use renda_store::ballots::NewBallot;
use renda_store::major_matters::{GRANT_MAJOR_MATTERS, NewMatter};
use renda_store::oversight::{ItemForm, ItemState, Meeting, OversightFilter, PlanForm, PlanId, ReviewFilter};
use renda_store::people::NewDeputyship;
use renda_store::users::NewUser;
use renda_store::{Actor, Store, testing};
use renda_testkit::{
    account_with, as_deputy as deputy, count, deputy_with, label, new_user, org, person, public, seat_from, staff, unit,
};

const TODAY: Date = date(2026, 3, 10);

struct World {
    city: OrgId,
    county: OrgId,
    health: OrgId,
    transport: OrgId,
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    World {
        city,
        county,
        health: org(s, "示范市卫生健康委员会", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await,
        transport: org(s, "示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await,
    }
}

async fn seat(s: &Store, name: &str, congress: OrgId) -> PersonId {
    let ship = NewDeputyship { delegation: label("东城区代表团"), ..seat_from(congress, date(2022, 1, 1)) };
    deputy_with(s, person(name), ship).await
}

async fn user(s: &Store, login: &str, role: Role) -> UserId {
    let password = NewPassword::parse("renda2026-test").expect("password");
    account_with(s, NewUser { display_name: "测试用户".into(), password, ..new_user(login, role) }).await.id
}

fn item_form(form: OversightForm, body: Option<OrgId>) -> ItemForm {
    ItemForm {
        plan: None,
        year: 2026,
        form,
        title: "关于全市医疗卫生服务体系建设情况的报告".into(),
        body_org: body,
        committee: "教育科学文化卫生委员会".into(),
        summary: "听取和审议市政府专项工作报告。".into(),
        meetings: vec![Meeting { on: date(2026, 2, 26), note: "常委会第二十次会议".into() }],
        state: ItemState::Underway,
        documents: Vec::new(),
    }
}

#[tokio::test]
async fn a_review_opinion_goes_out_with_a_deadline_becomes_overdue_and_is_closed_by_the_handling_report() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let unit_user = user(s, "unit.health", Role::Unit { unit: w.health }).await;
        let plan = s
            .create_plan(
                &staff(w.city),
                w.city,
                &PlanForm { year: 2026, title: "2026年度监督工作计划".into(), body: "…".into() },
            )
            .await
            .expect("plan");
        let mut f = item_form(OversightForm::SpecialWorkReport, Some(w.health));
        f.plan = Some(plan);
        let item = s.create_item(&staff(w.city), w.city, &f).await.expect("item");
        let id = s.create_review(&staff(w.city), item, "一、加快基层医疗机构建设……").await.expect("draft");
        let r = s.review(&staff(w.city), id).await.expect("review");
        assert_eq!(r.facts.state, ReviewState::Drafted);
        assert!(
            s.check_can_view_review(&r, Role::Unit { unit: w.health }).await.is_err(),
            "a draft is not the body's yet"
        );

        s.act_on_review(&staff(w.city), id, &Command::Approve, None, TODAY).await.expect("approve");
        let r = s.act_on_review(&staff(w.city), id, &Command::Send { on: TODAY }, None, TODAY).await.expect("send");
        assert_eq!(r.facts.state, ReviewState::Sent);
        assert_eq!(r.facts.due_on, Some(date(2026, 6, 10)), "three months by default");
        s.check_can_view_review(&r, Role::Unit { unit: w.health }).await.expect("the body reads it now");
        assert!(s.check_can_view_review(&r, Role::Unit { unit: w.transport }).await.is_err());

        // The body hears of it from the notification consumer.
        s.catch_up_notifications().await.expect("consumer");
        let inbox = s.notifications(unit_user, 10).await.expect("inbox");
        assert!(inbox.iter().any(|n| n.text.contains("2026-06-10")), "{inbox:?}");

        let overdue =
            |day: Date| ReviewFilter { congresses: vec![w.city], overdue_on: Some(day), ..Default::default() };
        assert!(
            s.list_reviews(&staff(w.city), &overdue(date(2026, 6, 10))).await.expect("l").is_empty(),
            "due today is not overdue"
        );
        let late = s.list_reviews(&staff(w.city), &overdue(date(2026, 6, 11))).await.expect("l");
        assert_eq!(late.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
        assert!(late[0].facts.is_overdue(date(2026, 6, 11)));

        // Another unit cannot answer; an empty report is refused; nothing changes.
        let e = s
            .act_on_review(&unit(w.transport), id, &Command::SubmitReport, Some("报告"), date(2026, 6, 12))
            .await
            .expect_err("not its body");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let e = s
            .act_on_review(&unit(w.health), id, &Command::SubmitReport, Some("  "), date(2026, 6, 12))
            .await
            .expect_err("empty report");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert_eq!(s.review(&staff(w.city), id).await.expect("r").facts.state, ReviewState::Sent);

        let r = s
            .act_on_review(
                &unit(w.health),
                id,
                &Command::SubmitReport,
                Some("已新建社区卫生服务中心12个。"),
                date(2026, 6, 12),
            )
            .await
            .expect("report");
        assert_eq!(r.facts.state, ReviewState::Reported);
        assert_eq!(r.report_text.as_deref(), Some("已新建社区卫生服务中心12个。"));
        assert!(r.facts.reported_late());
        assert!(
            s.list_reviews(&staff(w.city), &overdue(date(2026, 7, 1))).await.expect("l").is_empty(),
            "answered: off the board"
        );

        let r = s
            .act_on_review(&staff(w.city), id, &Command::Comment { text: "基本落实。".into() }, None, date(2026, 6, 20))
            .await
            .expect("comment");
        assert_eq!(r.committee_comment.as_deref(), Some("基本落实。"));
        let r = s.act_on_review(&staff(w.city), id, &Command::Close, None, date(2026, 6, 25)).await.expect("close");
        assert_eq!(r.facts.state, ReviewState::Closed);
        // A closed review cannot be reported on again.
        let e = s
            .act_on_review(&unit(w.health), id, &Command::SubmitReport, Some("再报"), date(2026, 6, 26))
            .await
            .expect_err("closed");
        assert_eq!(e.code(), ErrorCode::WrongState);
        let steps: Vec<String> =
            s.audit_of("review", &id.0.to_string()).await.expect("audit").into_iter().map(|a| a.action).collect();
        assert_eq!(
            steps,
            ["review.draft", "review.approve", "review.send", "review.submit_report", "review.comment", "review.close"]
        );
        // The county's staff cannot act on the city's opinion.
        let e = s.act_on_review(&staff(w.county), id, &Command::Publish, None, TODAY).await.expect_err("county");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        assert!(s.verify_audit().await.expect("verify").is_ok());
    }
}

#[tokio::test]
async fn the_deadline_setting_outside_two_to_six_months_is_refused() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        for bad in [0, 1, 7, 12] {
            let e = s.set_review_months(&staff(w.city), w.city, bad).await.expect_err("out of range");
            assert_eq!(e.code(), ErrorCode::ReportMonthsOutOfRange);
            assert!(e.user_message().contains("2至6个月"), "{}", e.user_message());
        }
        assert_eq!(count(s, "SELECT COUNT(*) FROM oversight_settings").await, 0, "nothing stored");
        let e = s.set_review_months(&staff(w.county), w.city, 4).await.expect_err("not its congress");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        s.set_review_months(&staff(w.city), w.city, 4).await.expect("four months");
        assert_eq!(s.review_settings(w.city).await.expect("s").report_months(), 4);
        let item = s
            .create_item(&staff(w.city), w.city, &item_form(OversightForm::LawEnforcementInspection, Some(w.transport)))
            .await
            .expect("item");
        let id = s.create_review(&staff(w.city), item, "意见").await.expect("draft");
        s.act_on_review(&staff(w.city), id, &Command::Approve, None, TODAY).await.expect("approve");
        let r = s.act_on_review(&staff(w.city), id, &Command::Send { on: TODAY }, None, TODAY).await.expect("send");
        assert_eq!(r.facts.due_on, Some(date(2026, 7, 10)));
    }
}

#[tokio::test]
async fn an_interpellation_shows_when_its_signatures_meet_the_citys_threshold() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let item = s
            .create_item(&staff(w.city), w.city, &item_form(OversightForm::Interpellation, Some(w.health)))
            .await
            .expect("item");
        let mut filed = None;
        for n in 0..5 {
            let p = seat(s, &format!("委员{}", ["甲", "乙", "丙", "丁", "戊"][n]), w.city).await;
            filed = s.add_signature(&staff(w.city), item, p, TODAY).await.expect("sign");
            assert_eq!(filed, Some(n == 4), "five needed at a city, {} so far", n + 1);
        }
        assert_eq!(filed, Some(true));
        let outsider = seat(s, "区代表", w.county).await;
        let e = s.add_signature(&staff(w.city), item, outsider, TODAY).await.expect_err("not a city deputy");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert_eq!(s.signatures(item).await.expect("sigs").len(), 5);
    }
}

#[tokio::test]
async fn a_ballot_counts_each_entitled_deputy_once_and_links_no_person_to_a_choice() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let voters: Vec<PersonId> = vec![
            seat(s, "王一", w.city).await,
            seat(s, "王二", w.city).await,
            seat(s, "王三", w.city).await,
            seat(s, "王四", w.city).await,
        ];
        let outsider = seat(s, "李区", w.county).await;
        let new = NewBallot {
            title: "2026年度部门工作评议".into(),
            opens_on: TODAY,
            closes_on: date(2026, 3, 20),
            departments: vec![w.health, w.transport],
            reports: Vec::new(),
        };
        let id = s.create_ballot(&staff(w.city), w.city, &new).await.expect("ballot");
        let b = s.ballot(&staff(w.city), id).await.expect("b");
        let (health, transport) = (b.subjects[0].id, b.subjects[1].id);
        let e = s
            .cast_ballot(
                &deputy(voters[0]),
                id,
                &[(health, Satisfaction::Satisfied), (transport, Satisfaction::Satisfied)],
            )
            .await
            .expect_err("not open");
        assert_eq!(e.code(), ErrorCode::BallotNotOpen);

        let b = s.open_ballot(&staff(w.city), id, TODAY).await.expect("open");
        assert_eq!((b.state, b.electorate), (BallotState::Open, 4));
        // A deputy seated after opening is not in the snapshot.
        let late = seat(s, "王五", w.city).await;
        use Satisfaction::{Basic as B, Satisfied as S, Unsatisfied as U};
        let votes = [(S, U), (S, B), (B, U)];
        for (v, (h, tr)) in voters.iter().zip(votes) {
            s.cast_ballot(&deputy(*v), id, &[(transport, tr), (health, h)]).await.expect("vote");
        }
        let e = s.cast_ballot(&deputy(voters[0]), id, &[(health, U), (transport, U)]).await.expect_err("second vote");
        assert_eq!(e.code(), ErrorCode::AlreadyVoted);
        assert!(e.user_message().contains("只能投一次"), "{}", e.user_message());
        for who in [outsider, late] {
            let e = s.cast_ballot(&deputy(who), id, &[(health, U), (transport, U)]).await.expect_err("not entitled");
            assert_eq!(e.code(), ErrorCode::NotEntitled);
        }
        let e = s.cast_ballot(&deputy(voters[3]), id, &[(health, U)]).await.expect_err("incomplete");
        assert_eq!(e.code(), ErrorCode::SubjectNotMarked);
        assert_eq!(count(s, "SELECT COUNT(*) FROM ballot_marks").await, 3, "refusals stored no mark");
        assert_eq!(count(s, "SELECT COUNT(*) FROM ballot_papers").await, 6, "and no paper");
        assert_eq!(count(s, "SELECT COUNT(DISTINCT paper_key) FROM ballot_papers").await, 3);

        let e = s.ballot_results(Role::Staff { congress: w.city }, id).await.expect_err("still open");
        assert_eq!(e.code(), ErrorCode::BallotNotClosed);
        s.close_ballot(&staff(w.city), id).await.expect("close");
        let e = s.cast_ballot(&deputy(voters[3]), id, &[(health, U), (transport, U)]).await.expect_err("closed");
        assert_eq!(e.code(), ErrorCode::BallotNotOpen);

        let r = s.ballot_results(Role::Staff { congress: w.city }, id).await.expect("results");
        assert_eq!((r.electorate, r.cast), (4, 3));
        assert_eq!(r.turnout.to_string(), "75.0%");
        let h = &r.subjects[0];
        assert_eq!((h.satisfied, h.basic, h.unsatisfied), (2, 1, 0));
        assert_eq!(h.satisfaction_rate.to_string(), "100.0%");
        let tr = &r.subjects[1];
        assert_eq!((tr.satisfied, tr.basic, tr.unsatisfied), (0, 1, 2));
        assert_eq!(tr.satisfaction_rate.to_string(), "33.3%");
        // Entitled deputies read the results; others do not find the ballot.
        s.ballot_results(Role::Deputy { person: voters[3] }, id).await.expect("entitled non-voter reads");
        assert_eq!(
            s.ballot_results(Role::Deputy { person: outsider }, id).await.expect_err("x").code(),
            ErrorCode::NotFound
        );

        // No table links a person to a choice: the papers have no person column, and the only
        // key they share with the marks is the ballot.
        assert!(sqlx::query("SELECT person_id FROM ballot_papers").fetch_all(s.pool()).await.is_err());
        assert!(sqlx::query("SELECT choice FROM ballot_marks").fetch_all(s.pool()).await.is_err());
        let audit: Vec<Option<String>> =
            sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'ballot.vote'")
                .fetch_all(s.pool())
                .await
                .expect("a");
        assert_eq!(audit.len(), 3);
        for a in audit.iter().flatten() {
            assert!(!a.contains("satisfied") && !a.contains("basic"), "a vote's audit entry names no choice: {a}");
        }
    }
}

#[tokio::test]
async fn a_major_matter_request_moves_from_draft_to_replied_with_every_step_audited() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let keeper = user(s, "city.keeper", Role::Staff { congress: w.city }).await;
        let colleague = user(s, "city.other", Role::Staff { congress: w.city }).await;
        let county_staff = user(s, "county.keeper", Role::Staff { congress: w.county }).await;
        let admin = Actor::system();
        let k = Actor { user: Some(keeper), role: Role::Staff { congress: w.city } };
        let c = Actor { user: Some(colleague), role: Role::Staff { congress: w.city } };
        let cs = Actor { user: Some(county_staff), role: Role::Staff { congress: w.county } };

        // Without the grant, staff of the congress can neither write nor read.
        let e = s
            .create_major_matter(&k, w.city, &NewMatter::new(MatterKind::Request, "关于召开代表大会的请示", ""), TODAY)
            .await
            .expect_err("no grant");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let e = s.set_grant(&c, keeper, GRANT_MAJOR_MATTERS, true).await.expect_err("staff without it cannot give it");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        s.set_grant(&admin, keeper, GRANT_MAJOR_MATTERS, true).await.expect("admin grants");
        s.set_grant(&admin, county_staff, GRANT_MAJOR_MATTERS, true).await.expect("admin grants");

        let id = s
            .create_major_matter(
                &k,
                w.city,
                &NewMatter::new(MatterKind::Request, "关于召开市十八届人大五次会议有关事项的请示", "市委：……"),
                TODAY,
            )
            .await
            .expect("draft");
        for who in [&c, &cs] {
            let e = s.major_matter(who, id).await.expect_err("no read");
            assert_eq!(e.code(), ErrorCode::NotFound);
            let e = s.act_on_major_matter(who, id, &MajorCommand::Submit, TODAY).await.expect_err("no write");
            assert!(matches!(e.code(), ErrorCode::NotFound | ErrorCode::Forbidden));
        }
        let e = s.major_register(&cs, w.city, 2026).await.expect_err("the county reads not the city's register");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        s.major_matter(&admin, id).await.expect("the admin reads");

        s.act_on_major_matter(&k, id, &MajorCommand::Submit, TODAY).await.expect("submit");
        s.act_on_major_matter(&k, id, &MajorCommand::Approve, TODAY).await.expect("approve");
        let placeholder = renda_core::oversight::major::RegisterNumber::next(2026, MatterKind::Request, None);
        let m = s
            .act_on_major_matter(&k, id, &MajorCommand::Send { on: TODAY, number: placeholder }, TODAY)
            .await
            .expect("send");
        assert_eq!((m.facts.state, m.number()), (MatterState::Sent, "2026-请示-001".to_owned()));
        let e = s
            .act_on_major_matter(
                &k,
                id,
                &MajorCommand::RecordReply { on: date(2026, 3, 12), summary: "同意".into() },
                TODAY,
            )
            .await
            .expect_err("reply dated in the future");
        assert_eq!(e.code(), ErrorCode::DateInFuture);
        let m = s
            .act_on_major_matter(&k, id, &MajorCommand::RecordReply { on: TODAY, summary: "同意召开。".into() }, TODAY)
            .await
            .expect("reply");
        assert_eq!(
            (m.facts.state, m.facts.replied_on, m.reply_text.as_deref()),
            (MatterState::Replied, Some(TODAY), Some("同意召开。"))
        );
        let steps: Vec<String> =
            s.audit_of("major_matter", &id.0.to_string()).await.expect("audit").into_iter().map(|a| a.action).collect();
        assert_eq!(
            steps,
            [
                "major_matter.create",
                "major_matter.submit",
                "major_matter.approve",
                "major_matter.send",
                "major_matter.record_reply"
            ]
        );

        // A report ends when sent and takes its own number sequence; the grant holder passes it on.
        s.set_grant(&k, colleague, GRANT_MAJOR_MATTERS, true).await.expect("holder grants a colleague");
        let r = s
            .create_major_matter(&c, w.city, &NewMatter::new(MatterKind::Report, "关于开展执法检查的报告", ""), TODAY)
            .await
            .expect("report");
        s.act_on_major_matter(&c, r, &MajorCommand::Submit, TODAY).await.expect("submit");
        s.act_on_major_matter(&c, r, &MajorCommand::Approve, TODAY).await.expect("approve");
        let m = s
            .act_on_major_matter(&c, r, &MajorCommand::Send { on: TODAY, number: placeholder }, TODAY)
            .await
            .expect("send");
        assert_eq!(m.number(), "2026-报告-001");
        assert!(m.facts.is_finished());
        let e = s
            .act_on_major_matter(&c, r, &MajorCommand::RecordReply { on: TODAY, summary: "x".into() }, TODAY)
            .await
            .expect_err("a report takes no reply");
        assert_eq!(e.code(), ErrorCode::ReportNeedsNoReply);
        assert_eq!(s.major_register(&k, w.city, 2026).await.expect("register").len(), 2);
        assert_eq!(count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'grant.give'").await, 3);
        assert!(s.verify_audit().await.expect("verify").is_ok());
    }
}

#[tokio::test]
async fn what_is_published_to_deputies_reaches_the_deputies_of_that_congress_only() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let city_deputy = seat(s, "市代表", w.city).await;
        let county_deputy = seat(s, "区代表", w.county).await;
        let item = s
            .create_item(&staff(w.city), w.city, &item_form(OversightForm::SpecialWorkReport, Some(w.health)))
            .await
            .expect("item");
        assert!(s.item(&deputy(city_deputy), item).await.is_err(), "not yet published");
        s.publish_item(&staff(w.city), item, false).await.expect("publish to deputies");
        s.item(&deputy(city_deputy), item).await.expect("the city's deputy reads it");
        assert!(s.item(&deputy(county_deputy), item).await.is_err());
        assert!(s.item(&public(), item).await.is_err(), "not on the portal");
        s.publish_item(&staff(w.city), item, true).await.expect("and on the portal");
        s.item(&public(), item).await.expect("everyone reads it now");
    }
}

#[tokio::test]
async fn the_clerk_sees_who_has_not_voted_and_reminds_them_once_a_day() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let (a, b, c) = (seat(s, "赵甲", w.city).await, seat(s, "钱乙", w.city).await, seat(s, "孙丙", w.city).await);
        let (ua, ub) =
            (user(s, "zhaojia", Role::Deputy { person: a }).await, user(s, "qianyi", Role::Deputy { person: b }).await);
        let uc = user(s, "sunbing", Role::Deputy { person: c }).await;
        let new = NewBallot {
            title: "2026年度部门工作评议".into(),
            opens_on: TODAY,
            closes_on: date(2026, 3, 20),
            departments: vec![w.health],
            reports: Vec::new(),
        };
        let id = s.create_ballot(&staff(w.city), w.city, &new).await.expect("ballot");
        let e = s.remind_non_voters(&staff(w.city), id, TODAY).await.expect_err("not open yet");
        assert_eq!(e.code(), ErrorCode::WrongState);
        s.open_ballot(&staff(w.city), id, TODAY).await.expect("open");
        let subject = s.ballot(&staff(w.city), id).await.expect("b").subjects[0].id;
        s.cast_ballot(&deputy(a), id, &[(subject, Satisfaction::Basic)]).await.expect("vote");

        let names: Vec<String> =
            s.ballot_non_voters(&staff(w.city), id).await.expect("list").into_iter().map(|(_, n)| n).collect();
        let mut expected = vec!["钱乙".to_owned(), "孙丙".to_owned()];
        expected.sort();
        assert_eq!(names, expected, "the electorate without a mark");
        for who in [deputy(b), staff(w.county)] {
            assert!(s.ballot_non_voters(&who, id).await.is_err(), "only the ballot's clerk reads the list");
            assert!(s.remind_non_voters(&who, id, TODAY).await.is_err(), "and only the clerk reminds");
        }

        assert_eq!(s.remind_non_voters(&staff(w.city), id, TODAY).await.expect("remind"), 2);
        let e = s.remind_non_voters(&staff(w.city), id, TODAY).await.expect_err("once a day");
        assert_eq!(e.code(), ErrorCode::AlreadyReminded);
        assert!(e.user_message().contains("今天已经提醒过"), "{}", e.user_message());
        // One of them votes before the consumer runs: only the other is bothered.
        s.cast_ballot(&deputy(c), id, &[(subject, Satisfaction::Satisfied)]).await.expect("vote");
        s.catch_up_notifications().await.expect("consume");
        let inbox = s.notifications(ub, 10).await.expect("inbox");
        assert_eq!(inbox.len(), 1);
        assert_eq!(inbox[0].kind, "ballot_remind");
        assert_eq!(inbox[0].link.as_deref(), Some(format!("/ballots/{}", id.0).as_str()));
        assert!(
            inbox[0].text.contains("2026年度部门工作评议") && inbox[0].text.contains("尚未投票"),
            "{}",
            inbox[0].text
        );
        for u in [ua, uc] {
            assert!(s.notifications(u, 10).await.expect("inbox").is_empty(), "who voted is not reminded");
        }
        assert_eq!(count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ballot.remind'").await, 1, "audited");
        // The next day the clerk may remind again.
        assert_eq!(s.remind_non_voters(&staff(w.city), id, date(2026, 3, 11)).await.expect("next day"), 1);
        s.close_ballot(&staff(w.city), id).await.expect("close");
        let e = s.remind_non_voters(&staff(w.city), id, date(2026, 3, 12)).await.expect_err("closed");
        assert_eq!(e.code(), ErrorCode::WrongState);
    }
}

/// Every reader lists exactly the plans, items and review opinions the single-record getters
/// open for them: a lower congress's staff see none of the city's unpublished work, the body
/// only its own items and what was sent to it, deputies what was published in their congress.
#[tokio::test]
async fn each_reader_lists_exactly_what_the_getters_open_for_them() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let city_staff = staff(w.city);
        // One plan a year: three years of the city's.
        let plan = |year: i64, title: &str| PlanForm { year, title: title.into(), body: "…".into() };
        let hidden_plan = s.create_plan(&city_staff, w.city, &plan(2026, "未公开的计划")).await.expect("plan");
        let deputies_plan = s.create_plan(&city_staff, w.city, &plan(2025, "向代表公开的计划")).await.expect("plan");
        s.publish_plan(&city_staff, deputies_plan, false).await.expect("published to deputies");
        let portal_plan = s.create_plan(&city_staff, w.city, &plan(2024, "门户公开的计划")).await.expect("plan");
        s.publish_plan(&city_staff, portal_plan, true).await.expect("on the portal");
        let county_plan = s.create_plan(&staff(w.county), w.county, &plan(2026, "区计划")).await.expect("plan");

        let item = |plan: PlanId, body: OrgId| ItemForm {
            plan: Some(plan),
            ..item_form(OversightForm::SpecialWorkReport, Some(body))
        };
        let hidden_item = s.create_item(&city_staff, w.city, &item(hidden_plan, w.health)).await.expect("item");
        let deputies_item = s.create_item(&city_staff, w.city, &item(deputies_plan, w.transport)).await.expect("item");
        s.publish_item(&city_staff, deputies_item, false).await.expect("published");
        let portal_item = s.create_item(&city_staff, w.city, &item(portal_plan, w.transport)).await.expect("item");
        s.publish_item(&city_staff, portal_item, true).await.expect("on the portal");
        let county_body =
            org(s, "东城区卫生健康局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(w.county)).await;
        let county_item = s
            .create_item(&staff(w.county), w.county, &item_form(OversightForm::SpecialWorkReport, Some(county_body)))
            .await
            .expect("item");

        let drafted = s.create_review(&city_staff, hidden_item, "草拟的审议意见").await.expect("draft");
        let sent = s.create_review(&city_staff, hidden_item, "交办的审议意见").await.expect("draft");
        let published = s.create_review(&city_staff, portal_item, "公开的审议意见").await.expect("draft");
        for id in [sent, published] {
            s.act_on_review(&city_staff, id, &Command::Approve, None, TODAY).await.expect("approve");
            s.act_on_review(&city_staff, id, &Command::Send { on: TODAY }, None, TODAY).await.expect("send");
        }
        s.act_on_review(&city_staff, published, &Command::Publish, None, TODAY).await.expect("publish");

        let city_deputy = seat(s, "市代表", w.city).await;
        let county_deputy = seat(s, "区代表", w.county).await;
        let admin = Actor { user: None, role: Role::Admin };
        let readers = [
            ("admin", admin),
            ("city staff", city_staff),
            ("county staff", staff(w.county)),
            ("health", unit(w.health)),
            ("transport", unit(w.transport)),
            ("city deputy", deputy(city_deputy)),
            ("county deputy", deputy(county_deputy)),
            ("public", public()),
        ];
        let all = OversightFilter::default();
        for (who, reader) in &readers {
            let listed: Vec<PlanId> = s.list_plans(reader, &all).await.expect("plans").iter().map(|p| p.id).collect();
            for id in [hidden_plan, deputies_plan, portal_plan, county_plan] {
                assert_eq!(listed.contains(&id), s.plan(reader, id).await.is_ok(), "{who}: plan {id:?}");
            }
            let listed: Vec<_> = s.list_items(reader, &all).await.expect("items").iter().map(|i| i.id).collect();
            for id in [hidden_item, deputies_item, portal_item, county_item] {
                assert_eq!(listed.contains(&id), s.item(reader, id).await.is_ok(), "{who}: item {id:?}");
            }
            let listed: Vec<_> =
                s.list_reviews(reader, &ReviewFilter::default()).await.expect("reviews").iter().map(|r| r.id).collect();
            for id in [drafted, sent, published] {
                assert_eq!(listed.contains(&id), s.review(reader, id).await.is_ok(), "{who}: review {id:?}");
            }
        }

        // What each sees, spelled out where it matters most.
        let items_of = |reader: Actor| {
            let all = all.clone();
            async move { s.list_items(&reader, &all).await.expect("items").iter().map(|i| i.id).collect::<Vec<_>>() }
        };
        let county_sees = items_of(staff(w.county)).await;
        assert!(!county_sees.contains(&hidden_item) && !county_sees.contains(&deputies_item), "{county_sees:?}");
        assert!(county_sees.contains(&portal_item) && county_sees.contains(&county_item));
        assert!(items_of(unit(w.health)).await.contains(&hidden_item), "the body's own item");
        let deputy_sees = items_of(deputy(city_deputy)).await;
        assert!(deputy_sees.contains(&deputies_item) && !deputy_sees.contains(&hidden_item));
        assert!(!items_of(deputy(county_deputy)).await.contains(&deputies_item), "not their congress");
        assert_eq!(items_of(public()).await, vec![portal_item]);
        let plan_items = s
            .list_items(&staff(w.county), &OversightFilter { plan: Some(hidden_plan), ..Default::default() })
            .await
            .expect("items");
        assert!(plan_items.is_empty(), "a plan's unpublished items stay with its congress");
    }
}

#[tokio::test]
async fn approved_review_opinions_go_out_as_one_review_opinion_letter_to_the_body() {
    use renda_core::official::Kind;
    use renda_store::official::{Issue, OfficialFilter, Source};
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let item = s
            .create_item(&staff(w.city), w.city, &item_form(OversightForm::SpecialWorkReport, Some(w.health)))
            .await
            .expect("item");
        let id = s
            .create_review(&staff(w.city), item, "一、加快基层医疗机构建设。\n二、补齐公共卫生短板。")
            .await
            .expect("draft");
        let mut t = s.official_template(&staff(w.city), w.city, Kind::ReviewOpinion).await.expect("template");
        t.signatory = "王主任".into();
        s.save_official_template(&staff(w.city), w.city, Kind::ReviewOpinion, t).await.expect("saved");
        // Drafted only: no letter yet.
        let e = s.review_source(&staff(w.city), id).await.expect_err("not approved");
        assert_eq!(e.code(), ErrorCode::IllegalTransition);
        s.act_on_review(&staff(w.city), id, &Command::Approve, None, TODAY).await.expect("approve");
        let r = s.review_source(&staff(w.city), id).await.expect("approved");
        assert_eq!((r.body, r.body_name.as_str()), (w.health, "示范市卫生健康委员会"));
        assert!(r.text.contains("补齐公共卫生短板"));
        let issue = Issue {
            congress: w.city,
            kind: Kind::ReviewOpinion,
            title: "关于《关于全市医疗卫生服务体系建设情况的报告》的审议意见".into(),
            unit: Some(r.body),
            addressee: r.body_name.clone(),
            sources: vec![Source::Review(id)],
            filename: "审议意见书".into(),
        };
        let d =
            s.issue_official(&staff(w.city), issue.clone(), |_, n| Ok(n.as_bytes().to_vec())).await.expect("issued");
        assert_eq!(d.number, "示人常审〔2026〕1号", "the 审议意见书's own register");
        let e = s.issue_official(&staff(w.city), issue, |_, n| Ok(n.as_bytes().to_vec())).await.expect_err("twice");
        assert_eq!(e.code(), ErrorCode::AlreadyIssued);
        // The body reads it; the county's staff cannot issue the city's.
        let f = OfficialFilter { source: Some(Source::Review(id)), ..Default::default() };
        assert_eq!(s.official_documents(&unit(w.health), &f).await.expect("list").len(), 1);
        assert_eq!(s.review_source(&staff(w.county), id).await.expect_err("not theirs").code(), ErrorCode::NotFound);
    }
}
