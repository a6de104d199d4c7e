//! Citizens' opinions in the store, on SQLite and (when configured) PostgreSQL: the whole path
//! from the public form to the rating, the link to a suggestion, and refusals (flooding,
//! the wrong unit, the wrong staff) that change nothing.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId};
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::opinion::{Channel, Command, FeedbackMethod, OpinionState, SuggestionRef};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::suggestion::Satisfaction;
use renda_core::value::NewPassword;
use renda_store::liaison::opinions::{OpinionFilter, PUBLIC_PER_HOUR};
use renda_store::people::NewDeputyship;
use renda_store::suggestions::{NewSuggestion, Period};
use renda_store::users::NewUser;
use renda_store::{Store, testing};
use renda_testkit::{
    account_with, audit_count, count, deputy_with, label, new_user, org, person, public, seat, staff, unit,
};

const TODAY: Date = date(2026, 11, 20);

struct World {
    city: OrgId,
    county: OrgId,
    station: OrgId,
    housing: OrgId,
    county_unit: OrgId,
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    World {
        city,
        county,
        station: org(s, "示范市人大代表联络站（中心站）", OrgKind::LiaisonStation, Some(city)).await,
        housing: org(s, "示范市住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await,
        county_unit: org(s, "东城区教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(county)).await,
    }
}

fn form(content: &str) -> renda_core::liaison::form::PublicOpinion {
    OpinionForm {
        title: "小区路灯损坏".into(),
        content: content.into(),
        name: "张三".into(),
        phone: "13800138000".into(),
        consent_to_publish: true,
    }
    .validate()
    .expect("valid form")
}

#[tokio::test]
async fn an_opinion_goes_from_the_public_form_to_the_citizens_rating() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let public = public();
        let (id, receipt) = s
            .submit_opinion(
                &public,
                w.station,
                Channel::Online,
                &form("东湖小区三号楼前的路灯坏了两个月。"),
                "10.0.0.1",
                TODAY,
            )
            .await
            .expect("submit");
        let o = s.opinion_by_receipt(receipt).await.expect("found by receipt");
        assert_eq!((o.id, o.facts.state, o.congress), (id, OpinionState::Received, w.city));
        assert_eq!(o.name.as_deref(), Some("张三"));

        let due = date(2026, 12, 20);
        let o = s
            .act_on_opinion(&staff(w.city), id, &Command::Forward { unit: w.housing, due }, TODAY)
            .await
            .expect("forward");
        assert_eq!(o.facts.state, OpinionState::Forwarded);
        assert_eq!(o.unit_name.as_deref(), Some("示范市住房和城乡建设局"));
        let mine =
            s.list_opinions(&unit(w.housing), &OpinionFilter { per_page: 20, ..Default::default() }).await.expect("l");
        assert_eq!(mine.total, 1, "the unit sees what was forwarded to it");

        let answer = Command::UnitAnswer { answer: "已安排维修，12月1日前修复。".into() };
        s.act_on_opinion(&unit(w.housing), id, &answer, TODAY).await.expect("answer");
        let fb = Command::FeedBack { method: FeedbackMethod::ALL[0] };
        s.act_on_opinion(&staff(w.city), id, &fb, TODAY).await.expect("feedback");
        let o = s.rate_opinion(receipt, Satisfaction::Satisfied, "修得很快", TODAY).await.expect("rate");
        assert_eq!(o.facts.rating, Some(Satisfaction::Satisfied));
        assert_eq!(o.answer.as_deref(), Some("已安排维修，12月1日前修复。"));
        let again = s.rate_opinion(receipt, Satisfaction::Unsatisfied, "", TODAY).await.expect_err("once");
        assert_eq!(again.code(), ErrorCode::AlreadyRated);
        let o = s.act_on_opinion(&staff(w.city), id, &Command::Close, TODAY).await.expect("close");
        assert_eq!(o.facts.state, OpinionState::Closed);

        let audit: Vec<String> =
            sqlx::query_scalar("SELECT COALESCE(after_json, '') FROM audit_log WHERE entity = 'opinion' ORDER BY id")
                .fetch_all(s.pool())
                .await
                .expect("audit");
        assert_eq!(audit.len(), 6);
        assert!(audit.iter().all(|a| !a.contains("张三") && !a.contains("13800138000")), "no personal data: {audit:?}");
    }
}

#[tokio::test]
async fn refusals_change_nothing_and_the_public_form_is_rate_limited() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let public = public();
        let mut first = None;
        for i in 0..PUBLIC_PER_HOUR {
            let text = format!("第{i}条意见：路面坑洼需要修补。");
            first.get_or_insert(
                s.submit_opinion(&public, w.station, Channel::Online, &form(&text), "10.0.0.9", TODAY)
                    .await
                    .expect("ok"),
            );
        }
        let audit = audit_count(s).await;
        let flood = s
            .submit_opinion(&public, w.station, Channel::Online, &form("再来一条，刷屏的意见内容。"), "10.0.0.9", TODAY)
            .await
            .expect_err("flooding");
        assert_eq!(flood.code(), ErrorCode::TooManyOpinions);
        assert!(flood.user_message().contains("一小时内"));
        assert_eq!(count(s, "SELECT COUNT(*) FROM opinions").await, PUBLIC_PER_HOUR);
        assert_eq!(audit_count(s).await, audit);
        // Another address may still write; a reception needs staff.
        s.submit_opinion(&public, w.station, Channel::Online, &form("另一位群众的意见内容。"), "10.0.0.10", TODAY)
            .await
            .expect("ok");
        let e =
            s.submit_opinion(&public, w.station, Channel::Reception, &form("接待记录的意见内容。"), "", TODAY).await;
        assert_eq!(e.expect_err("staff only").code(), ErrorCode::Forbidden);

        let (id, _) = first.expect("one was made");
        let audit = audit_count(s).await;
        let to_county_unit = Command::Forward { unit: w.county_unit, due: date(2026, 12, 1) };
        let e = s.act_on_opinion(&staff(w.city), id, &to_county_unit, TODAY).await;
        assert_eq!(e.expect_err("not this congress's unit").code(), ErrorCode::InvalidInput);
        let e = s.act_on_opinion(&staff(w.county), id, &Command::Close, TODAY).await;
        assert_eq!(e.expect_err("another congress").code(), ErrorCode::Forbidden);
        let early = Command::Forward { unit: w.housing, due: date(2026, 11, 1) };
        let e = s.act_on_opinion(&staff(w.city), id, &early, TODAY).await;
        assert_eq!(e.expect_err("due before today").code(), ErrorCode::DueBeforeToday);
        let e = s.act_on_opinion(&unit(w.housing), id, &Command::UnitAnswer { answer: "x".into() }, TODAY).await;
        assert_eq!(e.expect_err("not forwarded to it").code(), ErrorCode::Forbidden);
        assert_eq!(audit_count(s).await, audit);
        assert_eq!(s.opinion(&staff(w.city), id).await.expect("o").facts.state, OpinionState::Received);
    }
}

#[tokio::test]
async fn an_opinion_turned_into_a_suggestion_is_linked_both_ways() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let ship = NewDeputyship { delegation: label("东城区代表团"), ..seat(w.city) };
        let lead: PersonId = deputy_with(s, person("周建国"), ship).await;
        let public = public();
        let (id, _) = s
            .submit_opinion(
                &public,
                w.station,
                Channel::Online,
                &form("建议在东湖路口增设过街天桥。"),
                "10.0.0.2",
                TODAY,
            )
            .await
            .expect("submit");
        let new = NewSuggestion {
            congress: w.city,
            title: "关于在东湖路口增设过街天桥的建议".into(),
            body: "群众反映东湖路口行人过街困难，建议增设过街天桥。".into(),
            period: Period::Recess,
            from_motion: false,
            cosigners: Vec::new(),
        };
        let sid = s.create_suggestion(&staff(w.city), lead, new, TODAY).await.expect("suggestion");
        let convert = Command::ConvertToSuggestion { suggestion: SuggestionRef(sid.0) };
        let o = s.act_on_opinion(&staff(w.city), id, &convert, TODAY).await.expect("convert");
        assert_eq!(o.facts.state, OpinionState::Converted);
        assert_eq!(o.facts.suggestion, Some(SuggestionRef(sid.0)));
        let back = s.opinions_of_suggestion(sid).await.expect("back link");
        assert_eq!(back.iter().map(|o| o.id).collect::<Vec<_>>(), vec![id]);
    }
}

#[tokio::test]
async fn the_staff_of_the_stations_congress_hear_of_a_new_opinion() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = |login: &str, role: Role| NewUser {
            display_name: "工作人员".into(),
            password: NewPassword::parse("renda2026-test").expect("password"),
            ..new_user(login, role)
        };
        let city_staff = account_with(s, clerk("city.clerk", Role::Staff { congress: w.city })).await.id;
        let county_staff = account_with(s, clerk("county.clerk", Role::Staff { congress: w.county })).await.id;
        let public = public();
        let (id, _) = s
            .submit_opinion(
                &public,
                w.station,
                Channel::Online,
                &form("东湖小区三号楼前的路灯坏了两个月。"),
                "10.0.0.1",
                TODAY,
            )
            .await
            .expect("submit");
        s.catch_up_notifications().await.expect("consume");
        let inbox = s.notifications(city_staff, 10).await.expect("inbox");
        assert_eq!(inbox.len(), 1);
        assert_eq!(inbox[0].kind, "opinion_new");
        assert_eq!(inbox[0].link.as_deref(), Some(format!("/opinions/{}", id.0).as_str()));
        assert!(inbox[0].text.contains("联络站") && inbox[0].text.contains("小区路灯损坏"), "{}", inbox[0].text);
        assert!(s.notifications(county_staff, 10).await.expect("inbox").is_empty(), "another congress hears nothing");
    }
}

#[tokio::test]
async fn each_user_lists_exactly_the_opinions_they_may_open() {
    use renda_store::Actor;
    use renda_store::liaison::opinions::OpinionId;
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let county_station = org(s, "东城区人大代表联络站", OrgKind::LiaisonStation, Some(w.county)).await;
        let public = public();
        let mut ids = Vec::new();
        for (station, addr) in [
            (w.station, "10.1.0.1"),
            (w.station, "10.1.0.2"),
            (w.station, "10.1.0.3"),
            (county_station, "10.1.0.4"),
            (county_station, "10.1.0.5"),
        ] {
            let (id, _) = s
                .submit_opinion(&public, station, Channel::Online, &form("小区门口的下水道经常堵塞。"), addr, TODAY)
                .await
                .expect("submit");
            ids.push(id);
        }
        let due = date(2026, 12, 20);
        // The city's: received; forwarded to its housing bureau; forwarded and returned by it.
        // The county's: received; forwarded to its education bureau.
        for (who, id, unit) in [
            (staff(w.city), ids[1], w.housing),
            (staff(w.city), ids[2], w.housing),
            (staff(w.county), ids[4], w.county_unit),
        ] {
            s.act_on_opinion(&who, id, &Command::Forward { unit, due }, TODAY).await.expect("forward");
        }
        let back = Command::UnitReturn { reason: "  不属于本单位职责  ".into() };
        let o = s.act_on_opinion(&unit(w.housing), ids[2], &back, TODAY).await.expect("return");
        assert_eq!(o.note.as_deref(), Some("不属于本单位职责"), "the reason, trimmed, in the note");

        let lead = deputy_with(s, person("周建国"), seat(w.city)).await;
        let everyone: [(&str, Actor); 7] = [
            ("admin", Actor::system()),
            ("city staff", staff(w.city)),
            ("county staff", staff(w.county)),
            ("city unit", unit(w.housing)),
            ("county unit", unit(w.county_unit)),
            ("deputy", renda_testkit::as_deputy(lead)),
            ("public", public),
        ];
        let all = OpinionFilter { per_page: 200, ..Default::default() };
        let mut seen: Vec<(&str, Vec<OpinionId>)> = Vec::new();
        for (name, who) in &everyone {
            let mut opens = Vec::new();
            for id in &ids {
                if s.opinion(who, *id).await.is_ok() {
                    opens.push(*id);
                }
            }
            match s.list_opinions(who, &all).await {
                Ok(page) => {
                    let mut listed: Vec<OpinionId> = page.items.iter().map(|o| o.id).collect();
                    listed.sort();
                    assert_eq!(listed, opens, "{name}: listed ⇔ may open");
                    assert_eq!(page.total as usize, opens.len(), "{name}");
                }
                Err(e) => {
                    assert_eq!(e.code(), ErrorCode::Forbidden, "{name}");
                    assert!(opens.is_empty(), "{name} may open {opens:?} but lists nothing");
                }
            }
            seen.push((name, opens));
        }
        let opens = |name: &str| seen.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()).unwrap_or_default();
        assert_eq!(opens("admin"), ids);
        assert_eq!(opens("city staff"), ids, "the city's and the county's below");
        assert_eq!(opens("county staff"), vec![ids[3], ids[4]], "not the city's above");
        assert_eq!(opens("city unit"), vec![ids[1]], "what is forwarded to it, not what it returned");
        assert_eq!(opens("county unit"), vec![ids[4]]);
        assert!(opens("deputy").is_empty() && opens("public").is_empty());

        // A filter's congresses narrow the scope, never widen it.
        let only = |c: OrgId| OpinionFilter { congresses: vec![c], ..all.clone() };
        let listed = |p: renda_store::Page<renda_store::liaison::opinions::OpinionRow>| {
            let mut v: Vec<OpinionId> = p.items.iter().map(|o| o.id).collect();
            v.sort();
            v
        };
        assert_eq!(listed(s.list_opinions(&staff(w.city), &only(w.county)).await.expect("l")), vec![ids[3], ids[4]]);
        assert!(listed(s.list_opinions(&staff(w.county), &only(w.city)).await.expect("l")).is_empty());
        let others = OpinionFilter { unit: Some(w.county_unit), ..all.clone() };
        assert!(listed(s.list_opinions(&unit(w.housing), &others).await.expect("l")).is_empty(), "only its own");

        // The audit names each command as before (hashed into the chain).
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'opinion' AND entity_id = $1 ORDER BY id")
                .bind(ids[2].0.to_string())
                .fetch_all(s.pool())
                .await
                .expect("audit");
        assert_eq!(actions, ["opinion.submit", "opinion.forward", "opinion.unit_return"]);
    }
}
