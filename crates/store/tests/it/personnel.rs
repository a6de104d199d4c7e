//! Personnel cases (任免案) in the store, on SQLite and (when configured) PostgreSQL: a case goes
//! from its filing through the clerk's check and the agenda to its vote, which decides it in the
//! vote's own transaction; the exam and the defence hold the vote back; the oath and the 任命书
//! come once after; late filings, barred nominations and too few signatures are refused and
//! change nothing.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId, PostId};
use renda_core::meeting::appointment::Proposer;
use renda_core::meeting::case::{CaseState, Material, OathMode};
use renda_core::meeting::vote::{Choice, CountMethod, Secrecy};
use renda_core::official::appointment::{Action as Personnel, CertificateTemplate};
use renda_core::org::{OrgKind, UnitKind};
use renda_store::files::Upload;
use renda_store::meetings::personnel::{NewCase, NewExam, NomineeRef, Step};
use renda_store::meetings::votes::NewCount;
use renda_store::meetings::{MeetingId, NewMeeting};
use renda_store::{Store, StoreError, testing};
use renda_testkit::{as_deputy, audit_count, count, deputy, org, staff};

use super::meetings::DAY;

struct World {
    city: OrgId,
    /// Nine members: 主任, two 副主任, 秘书长, five 委员.
    members: Vec<PersonId>,
    meeting: MeetingId,
    post: PostId,
}

/// The meetings' world (the committee of nine and its meeting on [`DAY`]), the city in its
/// 18th term, and a post in its 教育局.
async fn world(s: &Store) -> World {
    let m = super::meetings::world(s).await;
    let city = m.city;
    sqlx::query("UPDATE organisations SET term = 18 WHERE id = $1")
        .bind(city.0)
        .execute(s.writer())
        .await
        .expect("term");
    let bureau = org(s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    let post = s.add_post(&staff(city), city, bureau, "示范市教育局局长职务").await.expect("a post");
    World { city, members: m.members, meeting: m.meeting, post }
}

fn meeting_on(day: Date) -> NewMeeting {
    NewMeeting {
        kind: renda_core::meeting::MeetingKind::StandingCommittee,
        number: Some(30),
        title: "示范市第十八届人民代表大会常务委员会第三十次会议".into(),
        held_on: day,
        place: "市人大常委会会议室".into(),
        notified_on: None,
    }
}

fn pdf(name: &str) -> Upload {
    Upload { filename: name.into(), bytes: format!("%PDF-1.4\n% {name}\n%%EOF\n").into_bytes() }
}

fn appointment(w: &World, name: &str, filed_on: Date, files: Vec<(Material, Upload)>) -> NewCase {
    NewCase {
        meeting: w.meeting,
        action: Personnel::Appoint,
        proposer: Proposer::Government,
        signatures: 0,
        person: NomineeRef::New { name: name.into() },
        post: w.post,
        filed_on,
        files,
    }
}

fn code(r: Result<impl std::fmt::Debug, StoreError>) -> ErrorCode {
    r.expect_err("refused").code()
}

/// On the meeting day, the first `present` members sign in and the vote opens; the first `yes`
/// vote 赞成, the rest of those present 反对; the vote closes.
async fn vote(s: &Store, w: &World, item: renda_core::ids::VoteId, present: usize, yes: usize) {
    let clerk = staff(w.city);
    for (i, p) in w.members[..present].iter().enumerate() {
        s.cast_vote(&as_deputy(*p), item, if i < yes { Choice::Yes } else { Choice::No }).await.expect("votes");
    }
    s.close_vote(&clerk, item).await.expect("closes");
}

#[tokio::test]
async fn an_appointment_goes_from_filing_through_its_vote_to_the_register() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let filed = s
            .file_case(
                &clerk,
                w.city,
                appointment(&w, "张三", date(2026, 3, 9), vec![(Material::Form, pdf("呈报表.pdf"))]),
            )
            .await
            .expect("filed eleven days ahead");
        // The assessment is missing: not accepted, nothing changes.
        let before = audit_count(s).await;
        assert_eq!(code(s.case_step(&clerk, filed, Step::Accept).await), ErrorCode::CaseIncomplete);
        assert_eq!(audit_count(s).await, before);
        s.add_case_files(&clerk, filed, vec![(Material::Assessment, pdf("考察材料.pdf"))]).await.expect("supplied");
        let accepted = s.case_step(&clerk, filed, Step::Accept).await.expect("complete");
        assert_eq!(accepted.state, CaseState::Accepted);
        let item = s.schedule_case(&clerk, filed).await.expect("on the agenda");
        let view = s.case(&clerk, filed).await.expect("the case");
        assert_eq!(view.case.state, CaseState::Scheduled);
        let vote_row = view.vote.expect("its vote");
        assert_eq!(vote_row.title, "关于任命张三为示范市教育局局长的议案");
        assert_eq!(vote_row.secrecy, Secrecy::Secret, "appointments are secret by default");

        s.clock().set_on(DAY);
        for p in &w.members[..7] {
            s.sign_in(&clerk, w.meeting, *p).await.expect("signed in");
        }
        // Each member signed in earns a 常委会会议 item in their duty archive, dated the meeting day.
        let credited = count(
            s,
            "SELECT COUNT(*) FROM archive_items WHERE kind = 'meeting_attended' AND source LIKE 'roll:%:meeting' AND item_date = '2026-03-20'",
        )
        .await;
        assert_eq!(credited, 7);
        // No exam, then a failed one: the vote does not open.
        assert_eq!(code(s.open_vote(&clerk, item).await), ErrorCode::ExamNotPassed);
        let person = view.case.person;
        s.record_exam(
            &clerk,
            w.city,
            &NewExam { person, post: w.post, sat_on: date(2026, 3, 12), score: Some(52), passed: false },
        )
        .await
        .expect("first sitting");
        assert_eq!(code(s.open_vote(&clerk, item).await), ErrorCode::ExamNotPassed);
        s.record_exam(
            &clerk,
            w.city,
            &NewExam { person, post: w.post, sat_on: date(2026, 3, 19), score: Some(86), passed: true },
        )
        .await
        .expect("the resit");
        assert_eq!(
            code(
                s.record_exam(
                    &clerk,
                    w.city,
                    &NewExam { person, post: w.post, sat_on: date(2026, 3, 19), score: Some(90), passed: true }
                )
                .await
            ),
            ErrorCode::ExamNotAllowed
        );
        s.open_vote(&clerk, item).await.expect("opens with the pass");
        // Five of nine is more than half of all members.
        vote(s, &w, item, 7, 5).await;
        let passed = s.case(&clerk, filed).await.expect("the case");
        assert_eq!(passed.case.state, CaseState::Passed);

        // The oath once, not before the decision.
        assert_eq!(
            code(s.record_oath(&clerk, filed, date(2026, 3, 19), OathMode::Individual, "陈志远").await),
            ErrorCode::InvalidInput
        );
        s.record_oath(&clerk, filed, DAY, OathMode::Collective, "陈志远").await.expect("sworn");
        assert_eq!(
            code(s.record_oath(&clerk, filed, DAY, OathMode::Collective, "陈志远").await),
            ErrorCode::IllegalTransition
        );

        // The 任命书: refused until the template names its signer, then once.
        let (decision, ids) = s.appointment_decision(&clerk, w.meeting).await.expect("a decision");
        assert_eq!(ids, vec![filed]);
        assert_eq!(decision.entries[0].post, "示范市教育局局长");
        let render = |_: &CertificateTemplate, e: &renda_core::official::appointment::Entry, _: &_, n: &str| {
            Ok(format!("{}|{}", e.name, n).into_bytes())
        };
        assert_eq!(code(s.issue_certificate(&clerk, filed, render).await), ErrorCode::InvalidInput);
        let mut t = s.certificate_template(&clerk, w.city).await.expect("the template");
        t.signer = "陈志远".into();
        s.save_certificate_template(&clerk, w.city, t).await.expect("saved");
        let c = s.issue_certificate(&clerk, filed, render).await.expect("issued");
        assert_eq!(c.number, "示人常任〔2026〕1号");
        let (_, bytes) = s.certificate_file(&clerk, filed).await.expect("its file");
        assert_eq!(bytes, "张三|示人常任〔2026〕1号".as_bytes());
        assert_eq!(code(s.issue_certificate(&clerk, filed, render).await), ErrorCode::AlreadyIssued);

        let register = s.appointment_register(&clerk, w.city).await.expect("the register");
        assert_eq!(register.len(), 1);
        let r = &register[0];
        assert_eq!((r.name.as_str(), r.yes, r.no, r.members), ("张三", 5, 2, 9));
        assert_eq!(r.exam_on, Some(date(2026, 3, 19)));
        assert_eq!(r.oath.as_ref().map(|o| o.mode), Some(OathMode::Collective));
        assert_eq!(r.certificate.as_deref(), Some("示人常任〔2026〕1号"));
        assert_eq!(r.until, None);
        // The pass holds for the government as a whole: a post in another department needs no
        // new sitting, one in the court does.
        let justice = org(s, "示范市司法局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(w.city)).await;
        let court = org(s, "示范市中级人民法院", OrgKind::Unit(UnitKind::Court), Some(w.city)).await;
        let justice_post = s.add_post(&clerk, w.city, justice, "示范市司法局局长").await.expect("post");
        let court_post = s.add_post(&clerk, w.city, court, "示范市中级人民法院副院长").await.expect("post");
        let sitting = |post| NewExam { person, post, sat_on: DAY, score: None, passed: true };
        assert_eq!(code(s.record_exam(&clerk, w.city, &sitting(justice_post)).await), ErrorCode::ExamNotAllowed);
        s.record_exam(&clerk, w.city, &sitting(court_post)).await.expect("a court post needs its own exam");
        // A deputy does not read the cases.
        assert!(s.case(&as_deputy(w.members[0]), filed).await.is_err());
    }
}

#[tokio::test]
async fn late_repeated_and_unsigned_cases_are_refused_and_change_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let persons = count(s, "SELECT COUNT(*) FROM persons").await;
        let audit = audit_count(s).await;
        // Filed nine days ahead of a meeting that wants ten.
        s.clock().set_on(date(2026, 3, 11));
        let late = appointment(&w, "李四", date(2026, 3, 11), vec![]);
        assert_eq!(code(s.file_case(&clerk, w.city, late).await), ErrorCode::FiledTooLate);
        assert_eq!(count(s, "SELECT COUNT(*) FROM persons").await, persons, "the new nominee is not kept");
        assert_eq!(audit_count(s).await, audit);

        // Members may propose a dismissal with a fifth of all (two of nine), not with one.
        let incumbent = deputy(s, "王五", w.city).await;
        let dismissal = |signatures| NewCase {
            meeting: w.meeting,
            action: Personnel::Dismiss,
            proposer: Proposer::Members,
            signatures,
            person: NomineeRef::Existing(incumbent),
            post: w.post,
            filed_on: date(2026, 3, 9),
            files: vec![(Material::Form, pdf("撤职案.pdf"))],
        };
        assert_eq!(code(s.file_case(&clerk, w.city, dismissal(1)).await), ErrorCode::RemovalTooFewSignatures);
        let dismiss = s.file_case(&clerk, w.city, dismissal(2)).await.expect("two of nine");
        assert_eq!(code(s.file_case(&clerk, w.city, dismissal(2)).await), ErrorCode::Conflict, "one pending case");
        s.case_step(&clerk, dismiss, Step::Accept).await.expect("accepted");
        let dismiss_item = s.schedule_case(&clerk, dismiss).await.expect("scheduled");

        // An appointment to the same post, which the agenda puts after the dismissal.
        let nominee = s
            .file_case(
                &clerk,
                w.city,
                appointment(
                    &w,
                    "赵六",
                    date(2026, 3, 10),
                    // One scan holding both: the same bytes stand as both materials.
                    vec![
                        (Material::Form, pdf("呈报表及考察材料.pdf")),
                        (Material::Assessment, pdf("呈报表及考察材料.pdf")),
                    ],
                ),
            )
            .await
            .expect("filed ten days ahead");
        s.case_step(&clerk, nominee, Step::Accept).await.expect("accepted");
        let appoint_item = s.schedule_case(&clerk, nominee).await.expect("scheduled");
        let person = s.case(&clerk, nominee).await.expect("the case").case.person;
        s.record_exam(
            &clerk,
            w.city,
            &NewExam { person, post: w.post, sat_on: date(2026, 3, 11), score: None, passed: true },
        )
        .await
        .expect("passed");

        s.clock().set_on(DAY);
        for p in &w.members {
            s.sign_in(&clerk, w.meeting, *p).await.expect("signed in");
        }
        assert_eq!(code(s.open_vote(&clerk, appoint_item).await), ErrorCode::VoteOutOfOrder);
        assert_eq!(code(s.open_vote(&clerk, dismiss_item).await), ErrorCode::DefenceNotHeard);
        s.record_defence(&clerk, dismiss, "本人对撤职理由提出申辩：……").await.expect("heard");
        s.open_vote(&clerk, dismiss_item).await.expect("opens");
        // The devices fail: paper ballots counted by two tellers decide the dismissal too.
        let count = NewCount {
            method: CountMethod::PaperBallot,
            yes: 6,
            no: 3,
            abstain: 0,
            tellers: [w.members[3], w.members[4]],
        };
        s.record_count(&clerk, dismiss_item, &count).await.expect("counted");
        s.open_vote(&clerk, appoint_item).await.expect("opens");
        // Four of nine is not more than half of all members: the nomination fails.
        vote(s, &w, appoint_item, 9, 4).await;
        assert_eq!(s.case(&clerk, nominee).await.expect("the case").case.state, CaseState::Failed);

        // The same nomination three months later is barred until 20 September.
        let june = s.create_meeting(&clerk, w.city, &meeting_on(date(2026, 6, 30))).await.expect("June");
        s.clock().set_on(date(2026, 6, 1));
        let again = NewCase {
            meeting: june,
            person: NomineeRef::Existing(person),
            filed_on: date(2026, 6, 1),
            ..appointment(&w, "", DAY, vec![])
        };
        let audit = audit_count(s).await;
        let refused = s.file_case(&clerk, w.city, again).await.expect_err("barred");
        assert_eq!(refused.code(), ErrorCode::NominationBarred);
        assert!(refused.to_string().contains("2026年9月20日"), "{refused}");
        assert_eq!(audit_count(s).await, audit);

        // The register shows no one: the dismissal passed, the appointment failed.
        assert!(s.appointment_register(&clerk, w.city).await.expect("the register").is_empty());
        let (decision, _) = s.appointment_decision(&clerk, w.meeting).await.expect("the decision");
        assert_eq!(decision.entries.len(), 1);
        assert_eq!(decision.entries[0].action, Personnel::Dismiss);
    }
}
