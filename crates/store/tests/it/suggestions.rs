//! Suggestions in the store, on SQLite and (when configured) PostgreSQL: the whole flow, and
//! refusals that leave the database as it was.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::calendar::HolidayCalendar;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::suggestion::{Command, CommandKind, ReplyClass, Satisfaction, SuggestionState};
use renda_store::people::NewDeputyship;
use renda_store::suggestions::{ContactWay, Due, Extra, NewSuggestion, Period, SuggestionFilter, SuggestionId};
use renda_store::users::NewUser;
use renda_store::{Actor, Store, StoreError, testing};
use renda_testkit::{
    account_with, as_deputy, audit_count, count, deputy_with, label, new_user, org, person, seat, staff as as_staff,
    unit as as_unit,
};

const TODAY: Date = date(2025, 3, 10);

struct World {
    city: OrgId,
    county: OrgId,
    housing: OrgId,
    transport: OrgId,
    other_unit: OrgId,
    county_unit: OrgId,
    lead: PersonId,
    cosigner: PersonId,
    outsider: PersonId,
}

async fn deputy(s: &Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { delegation: label("东城区代表团"), ..seat(congress) }).await
}

/// The organisations and people of these tests, made on 2024-11-01: every suggestion is
/// registered before the dates the tests assign it on.
async fn world(s: &Store) -> World {
    s.clock().set_on(date(2024, 11, 1));
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit =
        |n: &'static str, p| async move { org(s, n, OrgKind::Unit(UnitKind::GovernmentDepartment), Some(p)).await };
    World {
        city,
        county,
        housing: unit("示范市住房和城乡建设局", city).await,
        transport: unit("示范市交通运输局", city).await,
        other_unit: unit("示范市教育局", city).await,
        county_unit: unit("东城区教育局", county).await,
        lead: deputy(s, "周建国", city).await,
        cosigner: deputy(s, "吴丽", city).await,
        outsider: deputy(s, "郑平", city).await,
    }
}

async fn draft(s: &Store, w: &World, cosigners: Vec<PersonId>) -> SuggestionId {
    s.create_suggestion(
        &as_deputy(w.lead),
        w.lead,
        NewSuggestion {
            congress: w.city,
            title: "关于增设东湖路口过街天桥的建议".into(),
            body: "东湖路与青石街交叉口车流量大，学生过街安全隐患突出，建议增设过街天桥。".into(),
            period: Period::Recess,
            from_motion: false,
            cosigners,
        },
        TODAY,
    )
    .await
    .expect("draft")
}

async fn act(
    s: &Store,
    who: Actor,
    id: SuggestionId,
    cmd: Command,
    extra: Extra,
) -> Result<SuggestionState, StoreError> {
    s.act(&who, id, &cmd, &extra, TODAY).await.map(|f| f.state)
}

#[tokio::test]
async fn a_joint_suggestion_goes_from_draft_to_closed_through_every_role() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = draft(s, &w, vec![w.cosigner]).await;
        assert_eq!(
            act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit"),
            SuggestionState::Cosigning
        );
        assert_eq!(
            act(s, as_deputy(w.cosigner), id, Command::ConfirmCosign, Extra::None).await.expect("confirm"),
            SuggestionState::Submitted
        );
        act(s, as_staff(w.city), id, Command::Register, Extra::None).await.expect("register");
        let assign = Extra::Assign { main: vec![w.housing], assisting: vec![w.transport] };
        act(s, as_staff(w.city), id, Command::Assign { on: date(2024, 11, 30), complex: false }, assign)
            .await
            .expect("assign");
        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        assert_eq!(d.row.number_label(), "2025年第1号");
        assert_eq!(d.row.facts.due_on, Some(date(2025, 2, 28)));
        assert_eq!(d.units.len(), 2);

        let view = Extra::View { text: "交通运输局同意在路口增设信号灯并配合建设。".into() };
        act(s, as_unit(w.transport), id, Command::SubmitView, view).await.expect("view");
        let contact = Extra::Contact {
            on: date(2025, 1, 6),
            way: ContactWay::Visit,
            summary: "登门听取周建国代表意见，现场查看路口。".into(),
        };
        assert_eq!(
            act(s, as_unit(w.housing), id, Command::RecordContact, contact).await.expect("contact"),
            SuggestionState::InProgress
        );
        let reply = |body: &str| Extra::Reply { body: body.into(), signer: "李明".into(), on: date(2025, 2, 20) };
        act(
            s,
            as_unit(w.housing),
            id,
            Command::Reply { class: ReplyClass::B },
            reply("已将东湖路口过街天桥列入2025年城建计划，预计年内开工建设。"),
        )
        .await
        .expect("reply");
        let unhappy = Command::Rate {
            attitude: Satisfaction::Satisfied,
            result: Satisfaction::Unsatisfied,
            reason: "未明确开工时间".into(),
        };
        act(s, as_deputy(w.lead), id, unhappy, Extra::None).await.expect("rate");
        assert_eq!(
            act(s, as_staff(w.city), id, Command::SendBack, Extra::None).await.expect("send back"),
            SuggestionState::Rehandling
        );
        act(
            s,
            as_unit(w.housing),
            id,
            Command::Reply { class: ReplyClass::A },
            reply("天桥已于2025年3月开工，预计6月底建成通行。"),
        )
        .await
        .expect("reply again");
        let happy =
            Command::Rate { attitude: Satisfaction::Satisfied, result: Satisfaction::Satisfied, reason: String::new() };
        act(s, as_deputy(w.lead), id, happy, Extra::None).await.expect("rate again");
        assert_eq!(
            act(s, as_staff(w.city), id, Command::Close, Extra::None).await.expect("close"),
            SuggestionState::Closed
        );

        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        assert_eq!((d.replies.len(), d.ratings.len(), d.contacts.len()), (2, 2, 1));
        assert_eq!(d.replies[1].round, 2);
        assert_eq!(
            d.units.iter().find(|u| !u.main).and_then(|u| u.view_text.as_deref()).map(|v| v.contains("信号灯")),
            Some(true)
        );
        assert!(s.verify_audit().await.expect("verify").is_ok());
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'suggestion' ORDER BY id")
                .fetch_all(s.pool())
                .await
                .expect("actions");
        assert_eq!(actions.first().map(String::as_str), Some("suggestion.create"));
        assert!(actions.iter().any(|a| a == "suggestion.send_back"));
        assert_eq!(actions.len(), 13, "create and twelve commands");

        let stats = s.suggestion_stats(&as_staff(w.city), 2025, TODAY).await.expect("stats");
        assert_eq!((stats.total, stats.by_state.clone()), (1, vec![("closed".to_owned(), 1)]));
        assert_eq!(stats.by_class, vec![("A".to_owned(), 1)], "the latest reply's class");
        let housing = stats.units.iter().find(|u| u.unit == w.housing).expect("the main unit has a line");
        assert_eq!((housing.assigned, housing.replied, housing.rate.on_time, housing.overdue), (1, 1, 2, 0));
        assert_eq!(housing.rate.replied, 2, "both rounds' replies count");
        assert_eq!(housing.on_time_percent(), Some(100));
        assert!(stats.units.iter().all(|u| u.unit != w.transport), "assisting units are not counted as handling");
        assert_eq!(stats.on_time_percent(), Some(100));
        assert_eq!(renda_store::suggestion_stats::SuggestionStats::satisfied_percent(&stats.result), Some(100));
    }
}

#[tokio::test]
async fn an_illegal_or_forbidden_command_changes_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = draft(s, &w, vec![]).await;
        act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit");
        let before = (s.suggestion(&Actor::system(), id).await.expect("d").row.facts, audit_count(s).await);

        let rate =
            Command::Rate { attitude: Satisfaction::Satisfied, result: Satisfaction::Satisfied, reason: String::new() };
        let e = act(s, as_deputy(w.lead), id, rate.clone(), Extra::None).await.expect_err("not replied");
        assert_eq!(e.code(), ErrorCode::WrongState);
        assert!(e.user_message().contains("已提交"), "{}", e.user_message());
        // Someone else's suggestion does not exist for another deputy.
        let e = act(s, as_deputy(w.outsider), id, rate, Extra::None).await.expect_err("not theirs");
        assert_eq!(e.code(), ErrorCode::NotFound);
        // Staff of the county below cannot touch a city suggestion.
        let e = act(s, as_staff(w.county), id, Command::Register, Extra::None).await.expect_err("other congress");
        assert_eq!(e.code(), ErrorCode::NotFound);
        // An assignment to a unit of another congress is refused whole.
        act(s, as_staff(w.city), id, Command::Register, Extra::None).await.expect("register");
        let registered = (s.suggestion(&Actor::system(), id).await.expect("d").row.facts, audit_count(s).await);
        let bad = Extra::Assign { main: vec![w.county_unit], assisting: vec![] };
        let e = act(s, as_staff(w.city), id, Command::Assign { on: TODAY, complex: false }, bad)
            .await
            .expect_err("wrong unit");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        let dup = Extra::Assign { main: vec![w.housing], assisting: vec![w.housing] };
        assert!(act(s, as_staff(w.city), id, Command::Assign { on: TODAY, complex: false }, dup).await.is_err());
        assert_eq!((s.suggestion(&Actor::system(), id).await.expect("d").row.facts, audit_count(s).await), registered);
        // A unit that was closed (撤销) takes no new work, whichever way the assignment comes.
        s.close_org(&Actor::system(), w.transport).await.expect("closed");
        let registered = (s.suggestion(&Actor::system(), id).await.expect("d").row.facts, audit_count(s).await);
        let closed = Extra::Assign { main: vec![w.housing], assisting: vec![w.transport] };
        let e = act(s, as_staff(w.city), id, Command::Assign { on: TODAY, complex: false }, closed)
            .await
            .expect_err("closed unit");
        assert!(e.user_message().contains("已撤销"), "{}", e.user_message());
        assert_eq!((s.suggestion(&Actor::system(), id).await.expect("d").row.facts, audit_count(s).await), registered);
        assert!(s.suggestion(&Actor::system(), id).await.expect("d").units.is_empty());
        assert_ne!(before.1, registered.1);
    }
}

#[tokio::test]
async fn a_unit_sees_only_what_is_assigned_to_it() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = draft(s, &w, vec![]).await;
        for (who, cmd, extra) in [
            (as_deputy(w.lead), Command::Submit, Extra::None),
            (as_staff(w.city), Command::Register, Extra::None),
            (
                as_staff(w.city),
                Command::Assign { on: date(2025, 3, 3), complex: true },
                Extra::Assign { main: vec![w.housing], assisting: vec![] },
            ),
        ] {
            act(s, who, id, cmd, extra).await.expect("step");
        }
        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        assert!(Store::check_can_view(&d, Role::Unit { unit: w.housing }).is_ok());
        assert!(Store::check_can_view(&d, Role::Unit { unit: w.other_unit }).is_err());
        let contact =
            Extra::Contact { on: TODAY, way: ContactWay::Phone, summary: "电话联系代表了解诉求".into() };
        let e = act(s, as_unit(w.other_unit), id, Command::RecordContact, contact).await.expect_err("not assigned");
        assert_eq!(e.code(), ErrorCode::NotFound);

        let inbox =
            |u: OrgId| SuggestionFilter { congresses: vec![w.city], unit: Some(u), per_page: 20, ..Default::default() };
        assert_eq!(s.list_suggestions(&Actor::system(), &inbox(w.housing), TODAY).await.expect("list").total, 1);
        assert_eq!(s.list_suggestions(&Actor::system(), &inbox(w.other_unit), TODAY).await.expect("list").total, 0);
        let mine =
            SuggestionFilter { congresses: vec![w.city], person: Some(w.lead), per_page: 20, ..Default::default() };
        assert_eq!(s.list_suggestions(&Actor::system(), &mine, TODAY).await.expect("list").total, 1);
        let theirs = SuggestionFilter { person: Some(w.outsider), ..mine.clone() };
        assert_eq!(s.list_suggestions(&Actor::system(), &theirs, TODAY).await.expect("list").total, 0);
        // Complex: due six months after 2025-03-03 (2025-09-03): not near due today, near due
        // ten days before, and under a five-day window only from 2025-08-29.
        let near =
            SuggestionFilter { congresses: vec![w.city], due: Some(Due::Near), per_page: 20, ..Default::default() };
        assert_eq!(s.list_suggestions(&Actor::system(), &near, TODAY).await.expect("list").total, 0);
        assert_eq!(s.count_suggestions(&Actor::system(), &near, date(2025, 8, 24)).await.expect("count"), 1);
        assert_eq!(s.count_suggestions(&Actor::system(), &near, date(2025, 8, 23)).await.expect("count"), 0);
        let settings = renda_core::suggestion::Settings { near_due_days: 5, ..Default::default() };
        s.set_suggestion_settings(&as_staff(w.city), w.city, settings).await.expect("settings");
        assert_eq!(s.count_suggestions(&Actor::system(), &near, date(2025, 8, 28)).await.expect("count"), 0);
        assert_eq!(s.list_suggestions(&Actor::system(), &near, date(2025, 8, 29)).await.expect("list").total, 1);
        assert_eq!(
            s.count_suggestions(&Actor::system(), &near, date(2025, 9, 4)).await.expect("count"),
            0,
            "overdue is not near"
        );
        let overdue = SuggestionFilter { due: Some(Due::Overdue), ..near.clone() };
        assert_eq!(
            s.count_suggestions(&Actor::system(), &overdue, date(2025, 9, 3)).await.expect("count"),
            0,
            "due today"
        );
        assert_eq!(s.count_suggestions(&Actor::system(), &overdue, date(2025, 9, 4)).await.expect("count"), 1);

        // Overdue as seen on a later day: due 2025-09-03, still unanswered on 2025-09-04. With
        // nothing answered and one overdue, the on-time rate is 0 %, not "no rate".
        let later = s.suggestion_stats(&as_staff(w.city), 2025, date(2025, 9, 4)).await.expect("stats");
        assert_eq!(later.units.iter().find(|u| u.unit == w.housing).map(|u| u.overdue), Some(1));
        assert_eq!(later.overdue, 1);
        assert_eq!(later.on_time_percent(), Some(0), "one overdue, no reply");
        assert_eq!(s.suggestion_stats(&as_staff(w.city), 2025, TODAY).await.expect("stats").on_time_percent(), None);
        let buttons = s.permitted_commands(&d, Role::Unit { unit: w.housing }, TODAY).await.expect("buttons");
        assert!(buttons.contains(&CommandKind::RecordContact) && buttons.contains(&CommandKind::RequestReturn));
        assert!(!buttons.contains(&CommandKind::Reply), "no reply before a contact");
        assert!(s.permitted_commands(&d, Role::Unit { unit: w.other_unit }, TODAY).await.expect("none").is_empty());
    }
}

#[tokio::test]
async fn an_invalid_draft_is_refused_in_chinese() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let base = NewSuggestion {
            congress: w.city,
            title: "标题".into(),
            body: "太短".into(),
            period: Period::Session,
            from_motion: false,
            cosigners: vec![],
        };
        let e = s.create_suggestion(&as_deputy(w.lead), w.lead, base.clone(), TODAY).await.expect_err("short body");
        assert!(e.user_message().contains("不能少于10个字"));
        let ok_body =
            NewSuggestion { body: "建议在东湖公园增设公共厕所和休息座椅。".into(), ..base.clone() };
        // A co-signer from another congress is refused.
        let county_deputy = deputy(s, "钱东", w.county).await;
        let e = s
            .create_suggestion(
                &as_deputy(w.lead),
                w.lead,
                NewSuggestion { cosigners: vec![county_deputy], ..ok_body.clone() },
                TODAY,
            )
            .await
            .expect_err("foreign co-signer");
        assert!(e.user_message().contains("在任代表"));
        // A deputy cannot draft in someone else's name.
        let e = s.create_suggestion(&as_deputy(w.outsider), w.lead, ok_body, TODAY).await.expect_err("not own");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        assert_eq!(count(s, "SELECT COUNT(*) FROM suggestions").await, 0);
    }
}

#[tokio::test]
async fn an_imported_holiday_calendar_is_used_for_later_years() {
    for t in testing::all().await {
        let s = &t.store;
        let cal =
            HolidayCalendar::parse("2027-01-01 休 元旦\n2027-02-06..2027-02-13 休 春节\n2027-02-20 班 春节调休\n")
                .expect("parse");
        assert_eq!(s.import_holidays(&Actor::system(), &cal).await.expect("import"), 10);
        let merged = s.holiday_calendar().await.expect("calendar");
        assert!(!merged.is_working_day(date(2027, 2, 8)));
        assert!(merged.is_working_day(date(2027, 2, 20)));
        assert!(!merged.is_working_day(date(2025, 1, 29)), "the shipped years stay");
        let e = s.import_holidays(&as_staff(OrgId(1)), &cal).await.expect_err("staff may not");
        assert_eq!(e.code(), ErrorCode::Forbidden);
    }
}

async fn user_for(s: &Store, login: &str, role: Role) -> renda_core::ids::UserId {
    account_with(s, NewUser { display_name: "用户".into(), ..new_user(login, role) }).await.id
}

async fn kinds(s: &Store, u: renda_core::ids::UserId) -> Vec<String> {
    s.notifications(u, 50).await.expect("inbox").into_iter().map(|n| n.kind).collect()
}

#[tokio::test]
async fn the_event_log_tells_each_person_what_waits_for_them_exactly_once() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let lead = user_for(s, "lead", Role::Deputy { person: w.lead }).await;
        let co = user_for(s, "cosigner", Role::Deputy { person: w.cosigner }).await;
        let unit = user_for(s, "housing", Role::Unit { unit: w.housing }).await;
        let staff = user_for(s, "staff", Role::Staff { congress: w.city }).await;
        let other_unit = user_for(s, "education", Role::Unit { unit: w.other_unit }).await;

        let id = draft(s, &w, vec![w.cosigner]).await;
        act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit");
        s.catch_up_notifications().await.expect("consume");
        assert_eq!(kinds(s, co).await, vec!["please_cosign"]);
        assert!(kinds(s, staff).await.is_empty(), "the staff wait until the co-signer has answered");
        act(s, as_deputy(w.cosigner), id, Command::ConfirmCosign, Extra::None).await.expect("confirm");
        act(s, as_staff(w.city), id, Command::Register, Extra::None).await.expect("register");
        let assign = Extra::Assign { main: vec![w.housing], assisting: vec![] };
        act(s, as_staff(w.city), id, Command::Assign { on: date(2024, 12, 16), complex: false }, assign)
            .await
            .expect("assign");
        s.catch_up_notifications().await.expect("consume");
        assert_eq!(kinds(s, unit).await, vec!["assigned"]);
        assert!(kinds(s, other_unit).await.is_empty(), "a unit hears only of its own");
        assert_eq!(kinds(s, staff).await, vec!["submitted"], "the staff hear of the suggestion reaching them");
        assert_eq!(kinds(s, lead).await, vec!["assigned", "registered"], "newest first");
        // Replaying the log (a second process, a restart) adds nothing.
        sqlx::query("UPDATE consumer_positions SET last_id = 0").execute(s.writer()).await.expect("rewind");
        s.catch_up_notifications().await.expect("replay");
        assert_eq!(kinds(s, unit).await.len(), 1);

        // Due 2025-03-16: near due on TODAY (6 days left), then overdue; each reminded once.
        assert_eq!(s.sweep_deadline_reminders(TODAY).await.expect("sweep"), 2, "the unit and the staff");
        assert_eq!(s.sweep_deadline_reminders(TODAY).await.expect("again"), 0);
        s.sweep_deadline_reminders(date(2025, 3, 17)).await.expect("overdue");
        assert_eq!(kinds(s, staff).await, vec!["overdue", "near_due", "submitted"]);

        let contact =
            Extra::Contact { on: TODAY, way: ContactWay::Meeting, summary: "与代表座谈听取意见".into() };
        act(s, as_unit(w.housing), id, Command::RecordContact, contact).await.expect("contact");
        let reply = Extra::Reply {
            body: "经研究，过街天桥已列入年度计划，将于二季度开工建设。".into(),
            signer: "王强".into(),
            on: TODAY,
        };
        act(s, as_unit(w.housing), id, Command::Reply { class: ReplyClass::B }, reply).await.expect("reply");
        s.catch_up_notifications().await.expect("consume");
        assert_eq!(kinds(s, lead).await.first().map(String::as_str), Some("please_rate"));
        assert_eq!(kinds(s, co).await.first().map(String::as_str), Some("replied"));

        assert_eq!(s.unread_notifications(lead).await.expect("unread"), 3);
        let first = s.notifications(lead, 1).await.expect("inbox")[0].id;
        s.mark_notifications_read(lead, Some(first)).await.expect("read one");
        assert_eq!(s.unread_notifications(lead).await.expect("unread"), 2);
        s.mark_notifications_read(co, Some(first)).await.expect("someone else's id changes nothing");
        assert_eq!(s.unread_notifications(lead).await.expect("unread"), 2);
        s.mark_notifications_read(lead, None).await.expect("read all");
        assert_eq!(s.unread_notifications(lead).await.expect("unread"), 0);
    }
}

#[tokio::test]
async fn a_co_signer_confirms_once_and_a_joint_withdrawal_needs_every_signature_back() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = draft(s, &w, vec![w.cosigner, w.outsider]).await;
        act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit");
        act(s, as_deputy(w.cosigner), id, Command::ConfirmCosign, Extra::None).await.expect("confirm");
        let e = act(s, as_deputy(w.cosigner), id, Command::ConfirmCosign, Extra::None).await.expect_err("twice");
        assert_eq!(e.code(), ErrorCode::AlreadyCosigned);
        assert_eq!(
            s.suggestion(&Actor::system(), id).await.expect("d").row.facts.pending_cosigners,
            1,
            "the second confirmation counted nothing"
        );
        let e = act(s, as_deputy(w.cosigner), id, Command::DeclineCosign, Extra::None)
            .await
            .expect_err("confirmed already");
        assert!(e.user_message().contains("提交后方可撤回"));
        act(s, as_deputy(w.outsider), id, Command::ConfirmCosign, Extra::None).await.expect("confirm");
        assert_eq!(s.suggestion(&Actor::system(), id).await.expect("d").row.facts.state, SuggestionState::Submitted);

        let e = act(s, as_deputy(w.lead), id, Command::Withdraw, Extra::None).await.expect_err("co-signers first");
        assert_eq!(e.code(), ErrorCode::JointWithdrawalNeedsCosigners);
        act(s, as_deputy(w.cosigner), id, Command::DeclineCosign, Extra::None).await.expect("take back");
        act(s, as_deputy(w.outsider), id, Command::DeclineCosign, Extra::None).await.expect("take back");
        let d = s.suggestion(&Actor::system(), id).await.expect("d");
        assert_eq!((d.signers.len(), d.row.facts.cosigners), (1, 0));
        assert_eq!(
            act(s, as_deputy(w.lead), id, Command::Withdraw, Extra::None).await.expect("withdraw"),
            SuggestionState::Withdrawn
        );
    }
}

#[tokio::test]
async fn reply_documents_are_stored_once_by_content_and_read_back_whole() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = draft(s, &w, vec![]).await;
        for (who, cmd, extra) in [
            (as_deputy(w.lead), Command::Submit, Extra::None),
            (as_staff(w.city), Command::Register, Extra::None),
            (
                as_staff(w.city),
                Command::Assign { on: TODAY, complex: false },
                Extra::Assign { main: vec![w.housing], assisting: vec![] },
            ),
            (
                as_unit(w.housing),
                Command::RecordContact,
                Extra::Contact { on: TODAY, way: ContactWay::Phone, summary: "电话听取代表意见".into() },
            ),
        ] {
            act(s, who, id, cmd, extra).await.expect("step");
        }
        let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8, 1, 2, 250, 251, 252]].concat();
        let files = vec![
            renda_store::files::Upload { filename: "现场照片.png".into(), bytes: png.clone() },
            renda_store::files::Upload { filename: "C:\\Users\\x\\同一照片.png".into(), bytes: png.clone() },
        ];
        let reply = Extra::Reply {
            body: "经研究，已在路口增设护栏和警示标志，并安排专人值守。".into(),
            signer: "王强".into(),
            on: TODAY,
        };
        s.act_with_files(&as_unit(w.housing), id, &Command::Reply { class: ReplyClass::A }, &reply, TODAY, &files)
            .await
            .expect("reply");
        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        let names: Vec<&str> = d.replies[0].files.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(names, vec!["现场照片.png"], "the same content is attached once; the first name is kept");
        assert_eq!(count(s, "SELECT COUNT(*) FROM files").await, 1);
        let (name, mime, bytes) =
            s.reply_file(Role::Deputy { person: w.lead }, id, &d.replies[0].files[0].0).await.expect("file");
        assert_eq!((name.as_str(), mime.as_str(), bytes), ("现场照片.png", "image/png", png));
        let e = s
            .act_with_files(&as_staff(w.city), id, &Command::Close, &Extra::None, TODAY, &files)
            .await
            .expect_err("files only with replies");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
    }
}

#[tokio::test]
async fn a_published_reply_opens_to_everyone_but_the_handling_record_stays_with_its_parties() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = draft(s, &w, vec![w.cosigner]).await;
        for (who, cmd, extra) in [
            (as_deputy(w.lead), Command::Submit, Extra::None),
            (as_deputy(w.cosigner), Command::ConfirmCosign, Extra::None),
            (as_staff(w.city), Command::Register, Extra::None),
            (
                as_staff(w.city),
                Command::Assign { on: TODAY, complex: false },
                Extra::Assign { main: vec![w.housing], assisting: vec![w.transport] },
            ),
            (
                as_unit(w.housing),
                Command::RecordContact,
                Extra::Contact { on: TODAY, way: ContactWay::Visit, summary: "上门听取代表意见".into() },
            ),
            (as_unit(w.transport), Command::SubmitView, Extra::View { text: "同意主办单位的办理意见。".into() }),
        ] {
            act(s, who, id, cmd, extra).await.expect("step");
        }
        let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
        let files = vec![renda_store::files::Upload { filename: "答复函.pdf".into(), bytes: pdf }];
        let reply = Extra::Reply {
            body: "经研究，已在东湖路口增设护栏和警示标志，并安排专人值守。".into(),
            signer: "王强".into(),
            on: TODAY,
        };
        s.act_with_files(&as_unit(w.housing), id, &Command::Reply { class: ReplyClass::A }, &reply, TODAY, &files)
            .await
            .expect("reply");
        s.act(&as_deputy(w.lead), id, &Command::PublishReply { publish: true }, &Extra::None, TODAY)
            .await
            .expect("publish");
        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        assert!(d.is_public());
        let hash = d.replies[0].files[0].0.clone();

        let parties = [
            Role::Admin,
            Role::Staff { congress: w.city },
            Role::Deputy { person: w.lead },
            Role::Deputy { person: w.cosigner },
            Role::Unit { unit: w.housing },
            Role::Unit { unit: w.transport },
        ];
        let outsiders = [
            Role::Public,
            Role::Deputy { person: w.outsider },
            Role::Unit { unit: w.other_unit },
            Role::Unit { unit: w.county_unit },
            Role::Staff { congress: w.county },
        ];
        for role in parties {
            Store::check_can_view(&d, role).unwrap_or_else(|e| panic!("{role:?} opens the record: {e}"));
            Store::check_can_read_public_reply(&d, role).unwrap_or_else(|e| panic!("{role:?} reads the reply: {e}"));
            s.reply_file(role, id, &hash).await.unwrap_or_else(|e| panic!("{role:?} downloads the document: {e}"));
        }
        for role in outsiders {
            Store::check_can_read_public_reply(&d, role).unwrap_or_else(|e| panic!("{role:?} reads the reply: {e}"));
            let e = Store::check_can_view(&d, role).expect_err("the record is not theirs");
            assert_eq!(e.code(), ErrorCode::NotFound, "{role:?}");
            let e = s.reply_file(role, id, &hash).await.expect_err("the document is not public");
            assert_eq!(e.code(), ErrorCode::NotFound, "{role:?}");
        }
        let before = audit_count(s).await;
        let rate =
            Command::Rate { attitude: Satisfaction::Satisfied, result: Satisfaction::Satisfied, reason: String::new() };
        let e = act(s, as_deputy(w.outsider), id, rate, Extra::None).await.expect_err("an outsider gives no command");
        assert_eq!(e.code(), ErrorCode::NotFound);
        assert_eq!(audit_count(s).await, before);

        // Withdrawn from publication, the reply is nobody's to read on the portal.
        s.act(&as_deputy(w.lead), id, &Command::PublishReply { publish: false }, &Extra::None, TODAY)
            .await
            .expect("unpublish");
        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        assert!(Store::check_can_read_public_reply(&d, Role::Public).is_err());
        assert!(Store::check_can_read_public_reply(&d, Role::Staff { congress: w.city }).is_err());
    }
}

#[tokio::test]
async fn the_deadline_board_lists_the_most_pressing_first() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let mut ids = Vec::new();
        for (on, complex) in [(date(2025, 3, 3), true), (date(2025, 1, 6), false)] {
            let id = draft(s, &w, vec![]).await;
            act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit");
            act(s, as_staff(w.city), id, Command::Register, Extra::None).await.expect("register");
            let extra = Extra::Assign { main: vec![w.housing], assisting: vec![] };
            act(s, as_staff(w.city), id, Command::Assign { on, complex }, extra).await.expect("assign");
            ids.push(id);
        }
        let board =
            SuggestionFilter { congresses: vec![w.city], due: Some(Due::Overdue), per_page: 10, ..Default::default() };
        let listed: Vec<SuggestionId> = s
            .list_suggestions(&Actor::system(), &board, date(2025, 9, 4))
            .await
            .expect("board")
            .items
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(listed, vec![ids[1], ids[0]], "due 2025-04-06 before 2025-09-03");
    }
}

/// A suggestion submitted, registered and assigned to 住建局 with 交通运输局 assisting.
async fn assigned_with_a_view_awaited(s: &Store, w: &World) -> SuggestionId {
    let id = draft(s, w, vec![]).await;
    act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit");
    act(s, as_staff(w.city), id, Command::Register, Extra::None).await.expect("register");
    let assign = Extra::Assign { main: vec![w.housing], assisting: vec![w.transport] };
    act(s, as_staff(w.city), id, Command::Assign { on: TODAY, complex: false }, assign).await.expect("assign");
    id
}

/// The return window as the clock decides it: assigned Wednesday 2025-03-05, the 7th working
/// day is Friday 03-14. A request at 23:59 Beijing time that Friday is in time; one at 00:01 on
/// the Saturday is late, whatever the host's time zone (CI runs this under several `TZ`).
#[tokio::test]
async fn a_return_request_is_in_time_until_midnight_beijing_time_of_the_last_working_day() {
    use jiff::civil::datetime;
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        s.clock().set_on(date(2025, 3, 4));
        let assigned = |id| async move {
            act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit");
            act(s, as_staff(w.city), id, Command::Register, Extra::None).await.expect("register");
            let assign = Extra::Assign { main: vec![w.housing], assisting: vec![] };
            let on = date(2025, 3, 5);
            act(s, as_staff(w.city), id, Command::Assign { on, complex: false }, assign).await.expect("assign");
        };
        let (in_time, late) = (draft(s, &w, vec![]).await, draft(s, &w, vec![]).await);
        assigned(in_time).await;
        assigned(late).await;
        let ask = Command::RequestReturn { reason: "不属于本单位职责".into() };
        let unit = as_unit(w.housing);
        let request = |id| s.act(&unit, id, &ask, &Extra::None, s.today());

        s.clock().set_beijing(datetime(2025, 3, 14, 23, 59, 0, 0));
        assert_eq!(s.today(), date(2025, 3, 14));
        request(in_time).await.expect("23:59 on the last working day is in time");

        s.clock().set_beijing(datetime(2025, 3, 15, 0, 1, 0, 0));
        assert_eq!(s.today(), date(2025, 3, 15));
        let before = audit_count(s).await;
        let e = request(late).await.expect_err("00:01 on the Saturday after is late");
        assert!(e.to_string().contains("7个工作日"), "{e}");
        assert_eq!(audit_count(s).await, before, "a refusal changes nothing");
    }
}

#[tokio::test]
async fn the_main_unit_replies_only_once_the_assisting_view_is_in_or_staff_waived_it() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = assigned_with_a_view_awaited(s, &w).await;
        assert_eq!(s.suggestion(&Actor::system(), id).await.expect("detail").row.facts.views_pending, 1);
        let contact = Extra::Contact { on: TODAY, way: ContactWay::Phone, summary: "电话听取代表意见".into() };
        act(s, as_unit(w.housing), id, Command::RecordContact, contact).await.expect("contact");
        let reply = || Extra::Reply {
            body: "已将东湖路口改造列入年度计划，预计年内完成。".into(),
            signer: "李明".into(),
            on: TODAY,
        };
        let before = audit_count(s).await;
        let e = act(s, as_unit(w.housing), id, Command::Reply { class: ReplyClass::A }, reply())
            .await
            .expect_err("the view is awaited");
        assert_eq!(e.code(), ErrorCode::ViewsPending);
        assert_eq!(audit_count(s).await, before, "a refused reply writes nothing");
        // Only staff waive, and with a reason kept on the unit's row and in the audit entry.
        let waive = Command::WaiveViews { reason: "交通运输局逾期未复，经协调不再等待".into() };
        let e = act(s, as_unit(w.housing), id, waive.clone(), Extra::None).await.expect_err("a unit");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        act(s, as_staff(w.city), id, waive, Extra::None).await.expect("waive");
        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        assert_eq!(d.row.facts.views_pending, 0);
        let transport = d.units.iter().find(|u| u.unit == w.transport).expect("assisting");
        assert_eq!(transport.view_waiver.as_deref(), Some("交通运输局逾期未复，经协调不再等待"));
        let e = act(s, as_unit(w.transport), id, Command::SubmitView, Extra::View { text: "迟到的会办意见。".into() })
            .await
            .expect_err("waived: no view any more");
        assert_eq!(e.code(), ErrorCode::ViewAlreadySent);
        act(s, as_unit(w.housing), id, Command::Reply { class: ReplyClass::A }, reply()).await.expect("reply");
        assert!(s.verify_audit().await.expect("verify").is_ok(), "the chain holds");
    }
}

#[tokio::test]
async fn an_assisting_unit_sends_its_view_once_and_the_count_follows_the_rows() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = assigned_with_a_view_awaited(s, &w).await;
        let view = || Extra::View { text: "交通运输局同意配合。".into() };
        act(s, as_unit(w.transport), id, Command::SubmitView, view()).await.expect("view");
        assert_eq!(s.suggestion(&Actor::system(), id).await.expect("detail").row.facts.views_pending, 0);
        let e = act(s, as_unit(w.transport), id, Command::SubmitView, view()).await.expect_err("twice");
        assert_eq!(e.code(), ErrorCode::ViewAlreadySent);
    }
}

/// The "before" of the suggestion's last audit entry, which must be `action`.
async fn last_before(s: &Store, id: SuggestionId, action: &str) -> serde_json::Value {
    let (last, before): (String, Option<String>) = sqlx::query_as(
        "SELECT action, before_json FROM audit_log WHERE entity = 'suggestion' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id.to_string())
    .fetch_one(s.pool())
    .await
    .expect("an entry");
    assert_eq!(last, action);
    serde_json::from_str(before.as_deref().expect("a before")).expect("json")
}

#[tokio::test]
async fn editing_and_publishing_are_commands_whose_audit_keeps_what_they_replaced() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        s.clock().set_on(TODAY);
        let id = draft(s, &w, vec![w.cosigner]).await;
        let edit = Command::Edit {
            title: "  关于东湖路口增设过街天桥的建议 ".into(),
            body: "东湖路与青石街交叉口学生过街安全隐患突出。".into(),
        };
        // Only the lead edits, and only what the core accepts.
        let e = act(s, as_deputy(w.cosigner), id, edit.clone(), Extra::None).await.expect_err("co-signer");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let blank = Command::Edit {
            title: " ".into(), body: "东湖路与青石街交叉口学生过街安全隐患突出。".into()
        };
        let before = audit_count(s).await;
        let e = act(s, as_deputy(w.lead), id, blank, Extra::None).await.expect_err("blank title");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert_eq!(audit_count(s).await, before, "a refused edit writes nothing");

        assert_eq!(act(s, as_deputy(w.lead), id, edit, Extra::None).await.expect("edit"), SuggestionState::Draft);
        let d = s.suggestion(&Actor::system(), id).await.expect("detail");
        assert_eq!(d.row.title, "关于东湖路口增设过街天桥的建议", "trimmed");
        let old = last_before(s, id, "suggestion.edit").await;
        assert_eq!(old["title"], "关于增设东湖路口过街天桥的建议", "the old title is kept");
        assert_eq!(old["state"], "draft", "beside the facts found");

        let publish = Command::PublishReply { publish: true };
        let e = act(s, as_deputy(w.cosigner), id, publish.clone(), Extra::None).await.expect_err("co-signer");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        act(s, as_deputy(w.lead), id, publish, Extra::None).await.expect("publish");
        assert!(s.suggestion(&Actor::system(), id).await.expect("detail").row.publish_reply);
        assert_eq!(last_before(s, id, "suggestion.publish_reply").await["publish_reply"], false);
    }
}

#[tokio::test]
async fn every_list_is_scoped_by_the_store_to_what_the_actor_may_list() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        s.clock().set_on(date(2025, 3, 3));
        let assigned = draft(s, &w, vec![]).await;
        let waiting = draft(s, &w, vec![]).await;
        for id in [assigned, waiting] {
            act(s, as_deputy(w.lead), id, Command::Submit, Extra::None).await.expect("submit");
        }
        act(s, as_staff(w.city), assigned, Command::Register, Extra::None).await.expect("register");
        let extra = Extra::Assign { main: vec![w.housing], assisting: vec![] };
        let assign = Command::Assign { on: date(2025, 3, 3), complex: false };
        act(s, as_staff(w.city), assigned, assign, extra).await.expect("assign");
        s.clock().set_on(TODAY);

        let all = SuggestionFilter { per_page: 50, ..Default::default() };
        let listed = async |who: Actor, f: &SuggestionFilter| {
            let page = s.list_suggestions(&who, f, TODAY).await.expect("list");
            let n = s.count_suggestions(&who, f, TODAY).await.expect("count");
            assert_eq!(page.total, n, "the count is the list's total");
            page.items.iter().map(|r| r.id).collect::<Vec<_>>()
        };
        assert_eq!(listed(as_unit(w.housing), &all).await, vec![assigned], "a unit: its assignments");
        assert!(listed(as_unit(w.other_unit), &all).await.is_empty());
        // A unit cannot widen its list by naming another unit.
        let other = SuggestionFilter { unit: Some(w.other_unit), ..all.clone() };
        assert_eq!(listed(as_unit(w.housing), &other).await, vec![assigned]);
        assert_eq!(listed(as_deputy(w.lead), &all).await.len(), 2, "a deputy: their own");
        assert!(listed(as_deputy(w.outsider), &all).await.is_empty());
        assert_eq!(listed(as_staff(w.city), &all).await.len(), 2);
        assert!(listed(as_staff(w.county), &all).await.is_empty(), "staff below do not see the city's");
        let elsewhere = SuggestionFilter { congresses: vec![w.county], ..all.clone() };
        assert!(listed(as_staff(w.city), &elsewhere).await.is_empty());
        let e = s.list_suggestions(&testing_public(), &all, TODAY).await.expect_err("the public has no list");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let published = SuggestionFilter { published_only: true, ..all.clone() };
        assert!(listed(testing_public(), &published).await.is_empty(), "nothing published yet");
        // One record, too: a party opens it, anyone else finds nothing.
        assert!(s.suggestion(&as_unit(w.housing), assigned).await.is_ok());
        let e = s.suggestion(&as_unit(w.other_unit), assigned).await.expect_err("not its own");
        assert_eq!(e.code(), ErrorCode::NotFound);
        assert_eq!(
            s.public_reply(&testing_public(), assigned).await.expect_err("unpublished").code(),
            ErrorCode::NotFound
        );
    }
}

fn testing_public() -> Actor {
    Actor { user: None, role: Role::Public }
}
