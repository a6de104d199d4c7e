//! Official documents in the store, on SQLite and (when configured) PostgreSQL: templates kept
//! as checked, a 交办函 issued from a unit's assigned suggestions with the register's next
//! number, refusals (no signatory, the same document twice, a suggestion not assigned to the
//! unit) that issue nothing, numbers without gaps under voiding and under clerks issuing at
//! once, and who reads what.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId};
use renda_core::official::Kind;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::suggestion::Command;
use renda_store::official::{Issue, IssuedDocument, OfficialFilter, Source};
use renda_store::suggestions::{Extra, NewSuggestion, Period, SuggestionId};
use renda_store::{Actor, Store, testing};
use renda_testkit::{as_deputy, count, deputy, org, public, staff, unit};

const TODAY: Date = date(2026, 3, 10);

struct World {
    city: OrgId,
    county: OrgId,
    housing: OrgId,
    transport: OrgId,
    lead: PersonId,
}

async fn world(s: &Store) -> World {
    s.clock().set_on(date(2026, 1, 5));
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit =
        |n: &'static str| async move { org(s, n, OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await };
    World {
        city,
        county,
        housing: unit("示范市住房和城乡建设局").await,
        transport: unit("示范市交通运输局").await,
        lead: deputy(s, "周建国", city).await,
    }
}

/// A suggestion of the city assigned to `main` (and `assisting`).
async fn assigned(s: &Store, w: &World, title: &str, main: OrgId, assisting: Vec<OrgId>) -> SuggestionId {
    let new = NewSuggestion {
        congress: w.city,
        title: title.into(),
        body: "建议的正文，说明情况和理由。".into(),
        period: Period::Recess,
        from_motion: false,
        cosigners: vec![],
    };
    let id = s.create_suggestion(&as_deputy(w.lead), w.lead, new, TODAY).await.expect("draft");
    s.act(&as_deputy(w.lead), id, &Command::Submit, &Extra::None, TODAY).await.expect("submit");
    s.act(&staff(w.city), id, &Command::Register, &Extra::None, TODAY).await.expect("register");
    let extra = Extra::Assign { main: vec![main], assisting };
    s.act(&staff(w.city), id, &Command::Assign { on: TODAY, complex: false }, &extra, TODAY).await.expect("assign");
    id
}

async fn sign(s: &Store, w: &World) {
    let mut t = s.official_template(&staff(w.city), w.city, Kind::Assignment).await.expect("template");
    t.signatory = "王主任".into();
    s.save_official_template(&staff(w.city), w.city, Kind::Assignment, t).await.expect("saved");
}

async fn issue_batch(
    s: &Store,
    who: &Actor,
    w: &World,
    unit: OrgId,
) -> Result<IssuedDocument, renda_store::StoreError> {
    let batch = s.assignment_batch(who, unit, &[]).await?;
    let issue = Issue {
        congress: w.city,
        kind: Kind::Assignment,
        title: format!("关于交办代表建议的函（{}）", batch.unit_name),
        unit: Some(unit),
        addressee: batch.unit_name.clone(),
        sources: batch.lines.iter().map(|l| Source::Suggestion(l.suggestion)).collect(),
        filename: "交办函".into(),
    };
    s.issue_official(who, issue, |t, number| Ok(format!("{}|{number}|{}", t.signatory, batch.lines.len()).into_bytes()))
        .await
}

#[tokio::test]
async fn a_template_is_kept_as_checked_and_a_bad_one_changes_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let default = s.official_template(&staff(w.city), w.city, Kind::Reminder).await.expect("default");
        assert_eq!(default.mark, "示范市人民代表大会常务委员会办公室");
        let mut bad = default.clone();
        bad.paragraphs.push("请{不存在}办理".into());
        let e = s.save_official_template(&staff(w.city), w.city, Kind::Reminder, bad).await.expect_err("refused");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(e.user_message().contains("占位符“{不存在}”不认识"), "{}", e.user_message());
        assert_eq!(count(s, "SELECT COUNT(*) FROM official_templates").await, 0, "nothing kept");
        let mut good = default.clone();
        good.signatory = "  王主任 ".into();
        let kept = s.save_official_template(&staff(w.city), w.city, Kind::Reminder, good).await.expect("saved");
        assert_eq!(kept.signatory, "王主任");
        assert_eq!(
            s.official_template(&staff(w.city), w.city, Kind::Reminder).await.expect("read").signatory,
            "王主任"
        );
        // The county's staff keep their own templates, not the city's.
        let e = s
            .save_official_template(&staff(w.county), w.city, Kind::Reminder, default.clone())
            .await
            .expect_err("another congress's template");
        assert_eq!(e.code(), ErrorCode::Forbidden);
    }
}

#[tokio::test]
async fn a_batch_is_issued_once_under_the_next_number_and_voiding_keeps_the_number() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let a = assigned(s, &w, "关于老旧小区改造的建议", w.housing, vec![w.transport]).await;
        let b = assigned(s, &w, "关于增设公交线路的建议", w.transport, vec![]).await;
        // No signatory in the template: refused, nothing issued.
        let e = issue_batch(s, &staff(w.city), &w, w.housing).await.expect_err("no signatory");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(e.user_message().contains("签发人"));
        assert_eq!(count(s, "SELECT COUNT(*) FROM official_documents").await, 0);
        sign(s, &w).await;

        let batch = s.assignment_batch(&staff(w.city), w.transport, &[]).await.expect("batch");
        let roles: Vec<(SuggestionId, &str)> = batch.lines.iter().map(|l| (l.suggestion, l.role)).collect();
        assert_eq!(roles, [(a, "会办"), (b, "主办")], "the transport bureau's: one assisting, one main");
        assert_eq!(batch.lines[0].number, "2026年第1号");

        let pending = s.assignment_pending(&staff(w.city), w.city).await.expect("pending");
        let pending: Vec<(OrgId, i64)> = pending.into_iter().map(|(u, _, n)| (u, n)).collect();
        assert_eq!(pending, [(w.transport, 2), (w.housing, 1)], "by name: 交通运输局, 住房和城乡建设局");
        let first = issue_batch(s, &staff(w.city), &w, w.housing).await.expect("issued");
        assert_eq!(first.number, "示人常办函〔2026〕1号");
        let second = issue_batch(s, &staff(w.city), &w, w.transport).await.expect("issued");
        assert_eq!(second.number, "示人常办函〔2026〕2号");
        let (_, file) = s.official_document_file(&staff(w.city), first.id).await.expect("file");
        assert_eq!(file, "王主任|示人常办函〔2026〕1号|1".as_bytes(), "rendered with its number");

        assert!(s.assignment_pending(&staff(w.city), w.city).await.expect("pending").is_empty());
        // Both batches are on a standing letter now: nothing is left to list, and the same
        // document again is refused.
        assert!(s.assignment_batch(&staff(w.city), w.housing, &[]).await.expect("batch").lines.is_empty());
        let again = Issue {
            congress: w.city,
            kind: Kind::Assignment,
            title: "重复".into(),
            unit: Some(w.housing),
            addressee: "示范市住房和城乡建设局".into(),
            sources: vec![Source::Suggestion(a)],
            filename: "交办函".into(),
        };
        let e =
            s.issue_official(&staff(w.city), again.clone(), |_, n| Ok(n.as_bytes().to_vec())).await.expect_err("twice");
        assert_eq!(e.code(), ErrorCode::AlreadyIssued);
        assert!(e.user_message().contains("示人常办函〔2026〕1号"), "{}", e.user_message());
        let e = s.assignment_batch(&staff(w.city), w.housing, &[b]).await.expect_err("not the housing bureau's");
        assert_eq!(e.code(), ErrorCode::NothingToIssue);

        // Voided, the letter keeps its number; issued again, the batch takes the next one.
        let voided = s.void_official(&staff(w.city), first.id, "单位名称有误").await.expect("voided");
        assert!(voided.is_void() && voided.number == first.number);
        let e = s.void_official(&staff(w.city), first.id, "再次").await.expect_err("twice");
        assert_eq!(e.code(), ErrorCode::DocumentVoided);
        let third = s.issue_official(&staff(w.city), again, |_, n| Ok(n.as_bytes().to_vec())).await.expect("reissued");
        assert_eq!(third.number, "示人常办函〔2026〕3号");
        let numbers: Vec<i64> = s
            .official_documents(&staff(w.city), &OfficialFilter { congress: Some(w.city), ..Default::default() })
            .await
            .expect("register")
            .iter()
            .map(|d| d.seq)
            .collect();
        assert_eq!(numbers, [3, 2, 1], "no gaps, newest first");
        let of_a = s
            .official_documents(
                &staff(w.city),
                &OfficialFilter { source: Some(Source::Suggestion(a)), ..Default::default() },
            )
            .await
            .expect("a's documents");
        // `a` is on the housing bureau's letters (1, voided, and 3) and, as 会办, on the transport
        // bureau's (2): its page lists all three.
        assert_eq!(of_a.iter().map(|d| d.seq).collect::<Vec<_>>(), [3, 2, 1]);
        // The template, three letters and the voiding: one audit entry each.
        assert_eq!(count(s, "SELECT COUNT(*) FROM audit_log WHERE action IN ('official_template.save', 'official_document.issue', 'official_document.void')").await, 5);
    }
}

#[tokio::test]
async fn clerks_issuing_at_once_get_one_number_each() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        sign(s, &w).await;
        let mut units = Vec::new();
        for i in 0..6 {
            let u =
                org(s, &format!("示范市第{i}局"), OrgKind::Unit(UnitKind::GovernmentDepartment), Some(w.city)).await;
            assigned(s, &w, &format!("第{i}件建议"), u, vec![]).await;
            units.push(u);
        }
        let clerk = staff(w.city);
        let issued = futures_util::future::join_all(units.iter().map(|u| issue_batch(s, &clerk, &w, *u))).await;
        let mut seqs: Vec<i64> = issued.into_iter().map(|r| r.expect("issued").seq).collect();
        seqs.sort_unstable();
        assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
        // The same batch by two clerks at once: one letter, one refusal.
        let extra = assigned(s, &w, "再一件建议", w.housing, vec![]).await;
        let both =
            futures_util::future::join(issue_batch(s, &clerk, &w, w.housing), issue_batch(s, &clerk, &w, w.housing))
                .await;
        let oks = [&both.0, &both.1].iter().filter(|r| r.is_ok()).count();
        assert_eq!(oks, 1, "exactly one issued: {both:?}");
        // The other is refused: as the same letter (both read the batch before either wrote), or
        // as a batch with nothing left on it (it read the batch after the first had committed).
        for r in [&both.0, &both.1] {
            if let Err(e) = r {
                assert!(matches!(e.code(), ErrorCode::AlreadyIssued | ErrorCode::NothingToIssue), "{e}");
            }
        }
        let on_extra = s
            .official_documents(
                &clerk,
                &OfficialFilter { source: Some(Source::Suggestion(extra)), ..Default::default() },
            )
            .await
            .expect("list");
        assert_eq!(on_extra.len(), 1);
        assert_eq!(on_extra[0].seq, 7);
    }
}

#[tokio::test]
async fn the_unit_addressed_and_the_congress_above_read_a_letter_and_no_one_else() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        sign(s, &w).await;
        assigned(s, &w, "关于老旧小区改造的建议", w.housing, vec![]).await;
        let housing_clerk =
            renda_testkit::user(s, "housing.clerk", renda_core::policy::Role::Unit { unit: w.housing }).await;
        let transport_clerk =
            renda_testkit::user(s, "transport.clerk", renda_core::policy::Role::Unit { unit: w.transport }).await;
        let d = issue_batch(s, &staff(w.city), &w, w.housing).await.expect("issued");
        // The unit addressed hears of it (the event log's follower), no other unit does.
        s.catch_up_notifications().await.expect("consume");
        let inbox = s.notifications(housing_clerk, 10).await.expect("inbox");
        let inbox: Vec<_> = inbox.into_iter().filter(|n| n.kind == "official_new").collect();
        assert_eq!((inbox.len(), inbox[0].link.as_deref()), (1, Some("/official")));
        assert!(inbox[0].text.contains("示人常办函〔2026〕1号"), "{}", inbox[0].text);
        let other = s.notifications(transport_clerk, 10).await.expect("inbox");
        assert!(other.iter().all(|n| n.kind != "official_new"), "{other:?}");
        let everyone: [(&str, Actor, bool); 6] = [
            ("the city's staff", staff(w.city), true),
            ("the admin", Actor::system(), true),
            ("the housing bureau", unit(w.housing), true),
            ("the transport bureau", unit(w.transport), false),
            ("the county's staff", staff(w.county), false),
            ("the lead deputy", as_deputy(w.lead), false),
        ];
        for (who, actor, reads) in everyone.iter().cloned().chain([("the public", public(), false)]) {
            let opened = s.official_document(&actor, d.id).await.is_ok();
            let listed = !s.official_documents(&actor, &OfficialFilter::default()).await.expect("list").is_empty();
            assert_eq!((opened, listed), (reads, reads), "{who}");
        }
        // Only the city's staff issue and void.
        let e = s.void_official(&unit(w.housing), d.id, "不要").await.expect_err("a unit voids nothing");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let e = issue_batch(s, &staff(w.county), &w, w.housing).await.expect_err("another congress's unit");
        assert_eq!(e.code(), ErrorCode::Forbidden);
    }
}

#[tokio::test]
async fn a_reminder_lists_what_the_unit_leads_near_due_or_overdue_and_shares_the_letters_register() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        sign(s, &w).await;
        let mut r = s.official_template(&staff(w.city), w.city, Kind::Reminder).await.expect("template");
        r.signatory = "王主任".into();
        s.save_official_template(&staff(w.city), w.city, Kind::Reminder, r).await.expect("saved");
        let a = assigned(s, &w, "关于老旧小区改造的建议", w.housing, vec![w.transport]).await;
        let letter = issue_batch(s, &staff(w.city), &w, w.housing).await.expect("交办函");
        assert_eq!(letter.number, "示人常办函〔2026〕1号");
        let due = s.suggestion(&Actor::system(), a).await.expect("read").row.facts.due_on.expect("a due date");
        assert_eq!(due, date(2026, 6, 10));

        // Weeks before the deadline nothing is due; ten days before it is near; after, overdue.
        s.clock().set_on(date(2026, 4, 1));
        assert!(s.reminder_batch(&staff(w.city), w.housing, &[]).await.expect("batch").lines.is_empty());
        s.clock().set_on(date(2026, 6, 5));
        let near = s.reminder_batch(&staff(w.city), w.housing, &[]).await.expect("batch");
        assert_eq!(near.lines.iter().map(|l| (l.suggestion, l.overdue)).collect::<Vec<_>>(), [(a, false)]);
        s.clock().set_on(date(2026, 6, 15));
        let late = s.reminder_batch(&staff(w.city), w.housing, &[]).await.expect("batch");
        assert_eq!(late.lines.iter().map(|l| (l.suggestion, l.overdue)).collect::<Vec<_>>(), [(a, true)]);
        // The assisting unit is not reminded: the 主办 answers for the reply.
        assert!(s.reminder_batch(&staff(w.city), w.transport, &[]).await.expect("batch").lines.is_empty());

        let remind = |on: &'static str| Issue {
            congress: w.city,
            kind: Kind::Reminder,
            title: format!("关于抓紧办理代表建议的函（{on}）"),
            unit: Some(w.housing),
            addressee: "示范市住房和城乡建设局".into(),
            sources: vec![Source::Suggestion(a)],
            filename: "催办函".into(),
        };
        let first =
            s.issue_official(&staff(w.city), remind("一"), |_, n| Ok(n.as_bytes().to_vec())).await.expect("催办函");
        assert_eq!(first.number, "示人常办函〔2026〕2号", "the 函 share one register");
        let e = s
            .issue_official(&staff(w.city), remind("二"), |_, n| Ok(n.as_bytes().to_vec()))
            .await
            .expect_err("same day");
        assert_eq!(e.code(), ErrorCode::AlreadyIssued);
        s.clock().set_on(date(2026, 6, 16));
        let again =
            s.issue_official(&staff(w.city), remind("三"), |_, n| Ok(n.as_bytes().to_vec())).await.expect("next day");
        assert_eq!(again.number, "示人常办函〔2026〕3号");
    }
}

/// The city's station with the lead deputy attached and its profile filled in, and a reception
/// posted there for `on`.
async fn station_with_reception(
    s: &Store,
    w: &World,
    on: Date,
) -> (OrgId, renda_store::liaison::stations::ReceptionId) {
    use renda_core::liaison::station::StationProfile;
    use renda_store::liaison::stations::NewReception;
    let station =
        renda_testkit::org(s, "示范市人大代表联络站（市民中心）", OrgKind::LiaisonStation, Some(w.city)).await;
    s.attach_station_deputy(&staff(w.city), station, w.lead, date(2026, 1, 5)).await.expect("attached");
    let profile = StationProfile {
        address: "市民中心便民服务中心2楼".into(),
        opening_hours: "工作日 9:00—17:00".into(),
        reception_days: "每月10日上午".into(),
        phone: Some(renda_core::value::Phone::parse("0571-86001000").expect("a phone")),
        intro: String::new(),
    };
    s.set_station_profile(&staff(w.city), station, &profile).await.expect("profile");
    let new = NewReception {
        on,
        starts: jiff::civil::time(9, 0, 0, 0),
        ends: jiff::civil::time(11, 30, 0, 0),
        topic: "老旧小区加装电梯".into(),
        deputies: vec![w.lead],
    };
    let id = s.schedule_reception(&staff(w.city), station, &new, date(2026, 1, 5)).await.expect("posted");
    (station, id)
}

fn notice_issue(w: &World, r: &renda_core::official::ReceptionSource) -> Issue {
    Issue {
        congress: w.city,
        kind: Kind::ReceptionNotice,
        title: format!("关于{}代表接待活动的公告", r.station_name),
        unit: None,
        addressee: String::new(),
        sources: vec![Source::Reception(r.reception)],
        filename: "接待公告".into(),
    }
}

#[tokio::test]
async fn a_reception_notice_is_issued_once_for_a_reception_to_come_and_is_public_while_it_stands() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let (station, r) = station_with_reception(s, &w, date(2026, 1, 15)).await;
        let mut tpl = s.official_template(&staff(w.city), w.city, Kind::ReceptionNotice).await.expect("template");
        tpl.signatory = "王主任".into();
        s.save_official_template(&staff(w.city), w.city, Kind::ReceptionNotice, tpl).await.expect("saved");

        // Only the staff of the station's congress issue it.
        for (who, actor) in
            [("the county's staff", staff(w.county)), ("the public", public()), ("a unit", unit(w.housing))]
        {
            let e = s.reception_source(&actor, r).await.expect_err(who);
            assert_eq!(e.code(), ErrorCode::Forbidden, "{who}");
        }
        let source = s.reception_source(&staff(w.city), r).await.expect("a reception to come");
        assert_eq!(
            (source.station, source.address.as_deref(), source.phone.as_deref(), source.hours.as_str()),
            (station, Some("市民中心便民服务中心2楼"), Some("0571-86001000"), "9:00—11:30")
        );
        assert_eq!(
            (source.deputies.as_slice(), source.topic.as_str()),
            (&["周建国".to_string()][..], "老旧小区加装电梯")
        );
        assert!(s.public_reception_notices(&[r]).await.expect("none yet").is_empty());

        let d = s
            .issue_official(&staff(w.city), notice_issue(&w, &source), |t, n| {
                Ok(format!("{}|{n}", t.signatory).into_bytes())
            })
            .await
            .expect("issued");
        assert_eq!((d.kind, d.number.as_str(), d.unit), (Kind::ReceptionNotice, "示人常联〔2026〕1号", None));
        // Twice: refused, with the standing number.
        let e = s
            .issue_official(&staff(w.city), notice_issue(&w, &source), |_, n| Ok(n.as_bytes().to_vec()))
            .await
            .expect_err("twice");
        assert_eq!(e.code(), ErrorCode::AlreadyIssued);
        assert!(e.user_message().contains("示人常联〔2026〕1号"), "{}", e.user_message());
        assert_eq!(count(s, "SELECT COUNT(*) FROM official_documents").await, 1);

        // The portal finds it beside its reception, and anyone downloads it.
        let standing =
            s.public_reception_notices(&[r, renda_store::liaison::stations::ReceptionId(999)]).await.expect("found");
        assert_eq!(standing.len(), 1);
        assert_eq!(
            (standing[0].reception, standing[0].id, standing[0].number.as_str()),
            (r, d.id, "示人常联〔2026〕1号")
        );
        let (doc, file) = s.public_official_file(d.id).await.expect("public");
        assert_eq!((doc.id, file.as_slice()), (d.id, "王主任|示人常联〔2026〕1号".as_bytes()));
        let of_r = OfficialFilter { source: Some(Source::Reception(r)), ..Default::default() };
        assert_eq!(s.official_documents(&staff(w.city), &of_r).await.expect("listed").len(), 1);

        // A 交办函 is not public, nor is an unknown id.
        sign(s, &w).await;
        assigned(s, &w, "关于老旧小区改造的建议", w.housing, vec![]).await;
        let letter = issue_batch(s, &staff(w.city), &w, w.housing).await.expect("交办函");
        let e = s.public_official_file(letter.id).await.expect_err("a letter is not public");
        assert_eq!(e.code(), ErrorCode::NotFound);
        let e = s.public_official_file(renda_core::ids::OfficialDocumentId(9999)).await.expect_err("unknown");
        assert_eq!(e.code(), ErrorCode::NotFound);

        // Voided, the notice is no longer public and may be issued again under the next number.
        s.void_official(&staff(w.city), d.id, "接待时间有变").await.expect("voided");
        assert_eq!(s.public_official_file(d.id).await.expect_err("voided").code(), ErrorCode::NotFound);
        assert!(s.public_reception_notices(&[r]).await.expect("none standing").is_empty());
        let again = s
            .issue_official(&staff(w.city), notice_issue(&w, &source), |_, n| Ok(n.as_bytes().to_vec()))
            .await
            .expect("reissued");
        assert_eq!(again.number, "示人常联〔2026〕2号");
        assert_eq!(s.public_reception_notices(&[r]).await.expect("standing")[0].id, again.id);
    }
}

#[tokio::test]
async fn cancelling_a_reception_voids_its_notice_with_the_reason_and_takes_it_off_the_portal() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let (station, r) = station_with_reception(s, &w, date(2026, 1, 15)).await;
        let mut tpl = s.official_template(&staff(w.city), w.city, Kind::ReceptionNotice).await.expect("template");
        tpl.signatory = "王主任".into();
        s.save_official_template(&staff(w.city), w.city, Kind::ReceptionNotice, tpl).await.expect("saved");
        let source = s.reception_source(&staff(w.city), r).await.expect("to come");
        let d = s
            .issue_official(&staff(w.city), notice_issue(&w, &source), |_, n| Ok(n.as_bytes().to_vec()))
            .await
            .expect("issued");
        assert!(s.public_official_file(d.id).await.is_ok());

        s.cancel_reception(&staff(w.city), r, "代表另有公务").await.expect("cancelled");
        let voided = s.official_document(&staff(w.city), d.id).await.expect("read");
        assert_eq!(voided.void_reason.as_deref(), Some("接待安排已取消：代表另有公务"));
        assert_eq!(s.public_official_file(d.id).await.expect_err("withdrawn").code(), ErrorCode::NotFound);
        assert!(s.public_reception_notices(&[r]).await.expect("read").is_empty());
        // One audit entry for each change, written with it.
        let voids = "SELECT COUNT(*) FROM audit_log WHERE action = 'official_document.void' AND entity_id = ";
        assert_eq!(count(s, &format!("{voids}'{}'", d.id.0)).await, 1);
        assert_eq!(count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'reception.cancel'").await, 1);
        // A reception whose day has passed takes no notice either.
        let new = renda_store::liaison::stations::NewReception {
            on: date(2026, 1, 20),
            starts: jiff::civil::time(14, 0, 0, 0),
            ends: jiff::civil::time(16, 0, 0, 0),
            topic: String::new(),
            deputies: vec![w.lead],
        };
        let past = s.schedule_reception(&staff(w.city), station, &new, date(2026, 1, 5)).await.expect("posted");
        s.clock().set_on(date(2026, 1, 21));
        let e = s.reception_source(&staff(w.city), past).await.expect_err("past");
        assert_eq!(e.code(), ErrorCode::IllegalTransition);
        assert!(e.user_message().contains("日期已过"), "{}", e.user_message());
    }
}

#[tokio::test]
async fn no_reception_notice_for_a_cancelled_or_a_held_reception() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let (_, r) = station_with_reception(s, &w, date(2026, 1, 15)).await;
        s.cancel_reception(&staff(w.city), r, "代表另有公务").await.expect("cancelled");
        let e = s.reception_source(&staff(w.city), r).await.expect_err("cancelled");
        assert_eq!(e.code(), ErrorCode::IllegalTransition);
        assert!(e.user_message().contains("已取消"), "{}", e.user_message());

        let new = renda_store::liaison::stations::NewReception {
            on: date(2026, 1, 20),
            starts: jiff::civil::time(14, 0, 0, 0),
            ends: jiff::civil::time(16, 0, 0, 0),
            topic: String::new(),
            deputies: vec![w.lead],
        };
        let station = s.reception(r).await.expect("read").station;
        let held = s.schedule_reception(&staff(w.city), station, &new, date(2026, 1, 5)).await.expect("posted");
        s.hold_reception(&staff(w.city), held, 12, date(2026, 1, 20)).await.expect("held");
        let e = s.reception_source(&staff(w.city), held).await.expect_err("held");
        assert_eq!(e.code(), ErrorCode::IllegalTransition);
        assert!(e.user_message().contains("已经举行"), "{}", e.user_message());
        let e = s
            .reception_source(&staff(w.city), renda_store::liaison::stations::ReceptionId(999))
            .await
            .expect_err("unknown");
        assert_eq!(e.code(), ErrorCode::NotFound);
        assert_eq!(count(s, "SELECT COUNT(*) FROM official_documents").await, 0);
    }
}

#[tokio::test]
async fn the_appointment_notices_template_is_kept_like_the_others_with_its_own_placeholders() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let kind = Kind::AppointmentNotice;
        let default = s.official_template(&staff(w.city), w.city, kind).await.expect("default");
        assert_eq!((default.code.as_str(), default.paragraphs.len()), ("示人常公", 0), "the body is the decision's");
        assert_eq!(default.signature, "示范市人民代表大会常务委员会");
        let mut bad = default.clone();
        bad.paragraphs = vec!["请{单位}知悉".into()];
        let e = s.save_official_template(&staff(w.city), w.city, kind, bad).await.expect_err("another kind's");
        assert!(e.user_message().contains("任免公告可用：{人大}、{会议}、{日期}"), "{}", e.user_message());
        let mut good = default.clone();
        good.signatory = "陈志远".into();
        good.paragraphs = vec!["以上人员的任职自{日期}起生效。".into()];
        s.save_official_template(&staff(w.city), w.city, kind, good.clone()).await.expect("saved");
        assert_eq!(s.official_template(&staff(w.city), w.city, kind).await.expect("read"), good);
        let code: String =
            sqlx::query_scalar("SELECT kind FROM official_templates").fetch_one(s.pool()).await.expect("row");
        assert_eq!(Kind::from_code(&code), Some(kind), "the stored code reads back");
    }
}

#[tokio::test]
async fn a_review_template_saved_with_the_old_default_sentence_gets_the_new_one() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let kind = Kind::ReviewOpinion;
        let mut tpl = s.official_template(&staff(w.city), w.city, kind).await.expect("template");
        tpl.paragraphs = vec![
            "{人大}常务委员会对{机关}关于{议题}的报告进行了审议，请研究处理。".into(),
            "另请{机关}于{期限}前报告。".into(),
        ];
        s.save_official_template(&staff(w.city), w.city, kind, tpl).await.expect("saved");
        // Migration 0025, run again over the saved template (the same text on both backends).
        for sql in [
            include_str!("../../migrations/sqlite/0025_review_opinion_wording.sql"),
            include_str!("../../migrations/postgres/0025_review_opinion_wording.sql"),
        ] {
            sqlx::query(sql).execute(s.writer()).await.expect("the migration runs");
        }
        let kept = s.official_template(&staff(w.city), w.city, kind).await.expect("read");
        assert_eq!(
            kept.paragraphs,
            ["{人大}常务委员会对{议题}进行了审议，请研究处理。", "另请{机关}于{期限}前报告。"],
            "the old sentence replaced, the rest as the congress wrote it"
        );
    }
}

#[tokio::test]
async fn the_certificate_template_is_kept_beside_the_documents_checked_by_the_core_and_audited() {
    use renda_core::official::appointment::CertificateTemplate;
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let default = s.certificate_template(&staff(w.city), w.city).await.expect("default");
        assert_eq!(default, CertificateTemplate::default_for("示范市人民代表大会"));
        assert_eq!((default.code.as_str(), default.signer.as_str()), ("示人常任", ""));
        for (who, actor) in
            [("the county's staff", staff(w.county)), ("the public", public()), ("a unit", unit(w.housing))]
        {
            let e = s.save_certificate_template(&actor, w.city, default.clone()).await.expect_err(who);
            assert_eq!(e.code(), ErrorCode::Forbidden, "{who}");
        }
        let bad = CertificateTemplate { basis: "经{单位}决定：".into(), ..default.clone() };
        let e = s.save_certificate_template(&staff(w.city), w.city, bad).await.expect_err("unknown placeholder");
        assert!(e.user_message().contains("{单位}"), "{}", e.user_message());
        let good = CertificateTemplate { signer: " 陈志远 ".into(), ..default.clone() };
        let kept = s.save_certificate_template(&staff(w.city), w.city, good).await.expect("saved");
        assert_eq!(kept.signer, "陈志远", "trimmed by the core");
        assert_eq!(s.certificate_template(&staff(w.city), w.city).await.expect("read"), kept);
        // The 公文 templates are not touched; one audit entry for the one save.
        assert_eq!(s.official_template(&staff(w.city), w.city, Kind::Assignment).await.expect("t").signatory, "");
        let saves = "SELECT COUNT(*) FROM audit_log WHERE action = 'official_template.save'";
        assert_eq!(count(s, saves).await, 1);
    }
}
