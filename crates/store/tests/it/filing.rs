//! Filing review in the store, on SQLite and (when configured) PostgreSQL: a government
//! department files a document, the office returns it for a missing item and registers it under
//! the year's 备案号 once complete, the committee reviews it to a written 审查意见 and the maker
//! answers and reports the correction — each step one audited transaction with its history line;
//! the district's congress files its own resolution with the city; a filing without its text, to
//! a township, or by someone else's unit changes nothing; a citizen's 审查建议 is answered within
//! its days and published only with consent, never with the proposer's contact.

use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::filing::Attachment;
use renda_core::filing::proposal::{Command as ProposalCommand, ProposalForm, ProposalState};
use renda_core::filing::review::{Command, CommandKind, Demand, FilingState, Late, ReviewKind};
use renda_core::ids::OrgId;
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::files::Upload;
use renda_store::filing::review::{FilingStep, NewDocument};
use renda_store::{Store, testing};
use renda_testkit::{audit_count, count, org, public, staff, unit, user};

struct World {
    city: OrgId,
    district: OrgId,
    township: OrgId,
    education: OrgId,
    transport: OrgId,
    township_office: OrgId,
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let district = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let township = org(s, "东湖镇人民代表大会", OrgKind::Congress(CongressLevel::Township), Some(district)).await;
    World {
        city,
        district,
        township,
        education: org(s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await,
        transport: org(s, "示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await,
        township_office: org(s, "东湖镇人民政府", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(township)).await,
    }
}

fn pdf(name: &str) -> Upload {
    Upload { filename: format!("{name}.pdf"), bytes: format!("%PDF-1.4\n% {name}\n%%EOF\n").into_bytes() }
}

fn files(of: &[Attachment]) -> Vec<(Attachment, Upload)> {
    of.iter().map(|a| (*a, pdf(a.code()))).collect()
}

fn document(maker: OrgId, of: &[Attachment]) -> NewDocument {
    NewDocument {
        maker, title: "示范市校外培训机构管理办法".into(), published_on: date(2026, 2, 1), files: files(of)
    }
}

const ALL_BUT_NOTE: [Attachment; 4] =
    [Attachment::Report, Attachment::Text, Attachment::LegalBasis, Attachment::Announcement];

#[tokio::test]
async fn a_filed_document_is_returned_registered_reviewed_and_corrected_each_step_audited() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        // Published 2026-02-01, filed 2026-03-10: 30 days ended on 03-03, so it is late (flagged).
        let id = s.file_document(&unit(w.education), document(w.education, &ALL_BUT_NOTE)).await.expect("filed");
        let v = s.filing(&staff(w.city), id).await.expect("the office reads it");
        assert_eq!(v.row.filing.state(), FilingState::Filed);
        assert!(v.row.filing.late().contains(&Late::Filing));
        assert_eq!(v.row.due_on, Some(date(2026, 3, 20)), "the form check's 10 days");
        assert_eq!(v.files.len(), 4);
        assert!(v.permitted.contains(&CommandKind::Register) && v.permitted.contains(&CommandKind::Return));
        // On the overdue board the day after its 10 days, not on the last of them.
        let clerk = staff(w.city);
        assert!(s.filings_overdue(&clerk, w.city, date(2026, 3, 20)).await.expect("board").is_empty());
        let late = s.filings_overdue(&clerk, w.city, date(2026, 3, 21)).await.expect("board");
        assert_eq!(late.iter().map(|f| f.id).collect::<Vec<_>>(), vec![id]);

        // Another department does not see it; nor does the public.
        let e = s.filing(&unit(w.transport), id).await.expect_err("not its maker");
        assert_eq!(e.code(), ErrorCode::NotFound);
        assert!(s.filing(&public(), id).await.is_err());

        // Registering an incomplete filing is refused and changes nothing.
        let before = audit_count(s).await;
        let e = s.filing_step(&staff(w.city), id, FilingStep::Register).await.expect_err("incomplete");
        assert_eq!(e.code(), ErrorCode::FilingIncomplete);
        assert_eq!(audit_count(s).await, before);
        // The maker cannot register it; the office returns it for the drafting note.
        let e = s.filing_step(&unit(w.education), id, FilingStep::Register).await.expect_err("not the office");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let ret = Command::Return { missing: vec![Attachment::DraftingNote], note: "请补充起草说明".into() };
        let row = s.filing_step(&staff(w.city), id, FilingStep::Act(ret)).await.expect("returned");
        assert_eq!(row.filing.state(), FilingState::Returned);
        // A 补正 without a file is refused; with the note it goes back to the office.
        let e = s.filing_step(&unit(w.education), id, FilingStep::Resubmit(Vec::new())).await.expect_err("no file");
        assert_eq!(e.code(), ErrorCode::Required);
        let row = s
            .filing_step(&unit(w.education), id, FilingStep::Resubmit(files(&[Attachment::DraftingNote])))
            .await
            .expect("resubmitted");
        assert_eq!(row.filing.state(), FilingState::Filed);
        let row = s.filing_step(&staff(w.city), id, FilingStep::Register).await.expect("registered");
        assert_eq!(row.number.as_deref(), Some("示人常备〔2026〕1号"));
        // The 备案号 reaches the department as its electronic receipt; the office heard of the filing.
        let (edu_user, clerk) = (
            user(s, "unit.edu", Role::Unit { unit: w.education }).await,
            user(s, "staff.city", Role::Staff { congress: w.city }).await,
        );
        s.catch_up_notifications().await.expect("consumer");
        let inbox = s.notifications(edu_user, 10).await.expect("inbox");
        assert!(inbox.iter().any(|n| n.text.contains("备案号示人常备〔2026〕1号")), "{inbox:?}");
        assert!(inbox.iter().any(|n| n.text.contains("退回补正")), "{inbox:?}");
        let inbox = s.notifications(clerk, 10).await.expect("inbox");
        assert!(inbox.iter().any(|n| n.text.contains("收到报送备案的规范性文件")), "{inbox:?}");
        assert_eq!(row.due_on, Some(date(2026, 3, 17)), "5 working days to the committee");

        let send = Command::Send { kind: ReviewKind::Special, topic: "营商环境".into() };
        let row = s.filing_step(&staff(w.city), id, FilingStep::Act(send)).await.expect("sent");
        assert_eq!(row.topic.as_deref(), Some("营商环境"));
        assert_eq!(row.due_on, Some(date(2026, 6, 10)), "three calendar months");
        assert_eq!(s.filing_topics(&staff(w.city), w.city, 2026).await.expect("topics"), vec!["营商环境".to_owned()]);

        let opinion = Command::SendOpinion {
            demand: Demand::Correct,
            text: "第五条超出上位法规定的处罚种类，建议修改。".into(),
        };
        s.filing_step(&staff(w.city), id, FilingStep::Act(opinion)).await.expect("opinion");
        let answer = Command::Answer { agrees: true, text: "拟于4月修改第五条".into() };
        let e = s.filing_step(&staff(w.city), id, FilingStep::Act(answer.clone())).await.expect_err("maker's");
        assert_eq!(e.code(), ErrorCode::NotTheMaker);
        s.filing_step(&unit(w.education), id, FilingStep::Act(answer)).await.expect("plan");
        let report = Command::ReportCorrection { text: "已删除第五条第二项".into() };
        let row = s.filing_step(&unit(w.education), id, FilingStep::Act(report)).await.expect("corrected");
        assert_eq!(row.filing.state(), FilingState::Corrected);
        assert!(row.due_on.is_none());

        let v = s.filing(&unit(w.education), id).await.expect("the maker reads it");
        let kinds: Vec<&str> = v.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["file", "return", "resubmit", "register", "send", "send_opinion", "answer", "report_correction"]
        );
        assert!(v.permitted.is_empty(), "final");
        assert_eq!(v.files.len(), 5);
        // Eight steps, and the files the 补正 added.
        assert_eq!(count(s, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'filing.%'").await, 9);
        assert_eq!(count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'filing_topic.create'").await, 1);

        // Once registered it is on the public list; the year's figures count it.
        let list = s.public_filings(w.city, 2026).await.expect("public");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].number, "示人常备〔2026〕1号");
        let stats = s.filing_stats(&staff(w.city), w.city, 2026).await.expect("stats");
        let total = stats.last().expect("total");
        assert_eq!((total.filed, total.late, total.returned, total.opinions, total.corrected), (1, 1, 1, 1, 1));
        let e = s.filing_stats(&unit(w.education), w.city, 2026).await.expect_err("staff only");
        assert_eq!(e.code(), ErrorCode::Forbidden);
    }
}

#[tokio::test]
async fn a_district_files_its_resolution_with_the_city_and_bad_filings_change_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let resolution = NewDocument {
            title: "东城区人民代表大会常务委员会关于加强生态环境保护的决议".into(),
            ..document(w.district, &renda_core::filing::Attachment::ALL)
        };
        let id = s.file_document(&staff(w.district), resolution).await.expect("the district files");
        let v = s.filing(&staff(w.city), id).await.expect("the city receives it");
        assert_eq!(v.row.congress, w.city);
        assert_eq!(v.row.body, renda_core::filing::FilingBody::LowerCongress);
        assert!(s.filing(&staff(w.district), id).await.is_ok(), "its maker reads it");
        let made = s.filings_made(&staff(w.district)).await.expect("made");
        assert_eq!(made.iter().map(|f| f.id).collect::<Vec<_>>(), vec![id]);
        assert!(s.filings_received(&staff(w.district), w.city).await.is_err(), "not the city's list");

        let (filings, audit) = (count(s, "SELECT COUNT(*) FROM filings").await, audit_count(s).await);
        // No text.
        let no_text = [Attachment::Report, Attachment::DraftingNote];
        let e = s.file_document(&unit(w.education), document(w.education, &no_text)).await.expect_err("no text");
        assert_eq!(e.code(), ErrorCode::TextAttachmentMissing);
        // A township has no standing committee to file with.
        let e = s
            .file_document(&unit(w.township_office), document(w.township_office, &ALL_BUT_NOTE))
            .await
            .expect_err("no remit");
        assert_eq!(e.code(), ErrorCode::NoFilingRemit);
        // Filing for another department.
        let e = s.file_document(&unit(w.transport), document(w.education, &ALL_BUT_NOTE)).await.expect_err("other");
        assert!(matches!(e.code(), ErrorCode::Forbidden | ErrorCode::NotFound), "{e:?}");
        // Published in the future.
        let future = NewDocument { published_on: date(2026, 4, 1), ..document(w.education, &ALL_BUT_NOTE) };
        let e = s.file_document(&unit(w.education), future).await.expect_err("future");
        assert_eq!(e.code(), ErrorCode::DateInFuture);
        assert_eq!(count(s, "SELECT COUNT(*) FROM filings").await, filings);
        assert_eq!(audit_count(s).await, audit);
        let _ = w.township;
    }
}

fn proposal_form(consent: bool) -> ProposalForm {
    ProposalForm {
        document: "示范市校外培训机构管理办法".into(),
        provision: "第五条".into(),
        reasons: "增设的罚款种类没有上位法依据，联系电话13800138000。".into(),
        name: "王某".into(),
        contact: "13900139000".into(),
        consent_to_publish: consent,
    }
}

#[tokio::test]
async fn a_review_proposal_is_answered_by_receipt_and_published_only_with_consent_without_its_contact() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let p = proposal_form(true).check().expect("valid");
        let (id, receipt) = s.submit_review_proposal(w.city, &p, "198.51.100.7").await.expect("received");
        let status = s.review_proposal_by_receipt(receipt).await.expect("status");
        assert_eq!(status.state, ProposalState::Received);
        assert!(status.answer.is_none());
        let row = s.review_proposal(&staff(w.city), id).await.expect("the office reads it");
        assert_eq!(row.progress.due_on(), Some(date(2026, 3, 20)), "10 days to tell why no review");
        assert!(s.review_proposal(&unit(w.education), id).await.is_err());

        // Publishing before the last word is refused; declining without a reason too.
        let e = s.act_on_review_proposal(&staff(w.city), id, &ProposalCommand::Publish).await.expect_err("early");
        assert_eq!(e.code(), ErrorCode::WrongState);
        let decline = ProposalCommand::Decline { reason: " ".into() };
        let e = s.act_on_review_proposal(&staff(w.city), id, &decline).await.expect_err("no reason");
        assert_eq!(e.code(), ErrorCode::ReasonRequired);
        let decline = ProposalCommand::Decline { reason: "该办法已于2026年3月废止。".into() };
        s.act_on_review_proposal(&staff(w.city), id, &decline).await.expect("declined");
        s.act_on_review_proposal(&staff(w.city), id, &ProposalCommand::Publish).await.expect("published");
        let status = s.review_proposal_by_receipt(receipt).await.expect("status");
        assert_eq!(status.answer.as_deref(), Some("该办法已于2026年3月废止。"));
        let published = s.published_review_proposals(w.city).await.expect("published");
        assert_eq!(published.len(), 1);
        let shown = serde_json::to_string(&published).expect("json");
        assert!(!shown.contains("王某") && !shown.contains("13900139000") && !shown.contains("13800138000"), "{shown}");

        // Without consent it is never published.
        let (quiet, _) = s
            .submit_review_proposal(w.city, &proposal_form(false).check().expect("v"), "198.51.100.8")
            .await
            .expect("r");
        s.act_on_review_proposal(
            &staff(w.city),
            quiet,
            &ProposalCommand::Decline { reason: "不属于本级审查范围".into() },
        )
        .await
        .expect("declined");
        let e =
            s.act_on_review_proposal(&staff(w.city), quiet, &ProposalCommand::Publish).await.expect_err("no consent");
        assert_eq!(e.code(), ErrorCode::NotPermitted);
        assert_eq!(s.published_review_proposals(w.city).await.expect("p").len(), 1);

        // A township receives none; an unknown receipt code is not found.
        let e = s.submit_review_proposal(w.township, &p, "198.51.100.9").await.expect_err("township");
        assert_eq!(e.code(), ErrorCode::NoFilingRemit);
        let unknown = ReceiptCode::from_random([7; 16]);
        assert_eq!(s.review_proposal_by_receipt(unknown).await.expect_err("unknown").code(), ErrorCode::NotFound);
        let _ = w.district;
    }
}

/// Migration 0030 finds the oversight items of the form 备案审查 kept before filing review had
/// its own register: each becomes its year's 专项审查 topic, linked to the item (which stays),
/// and the migration says how many it linked (SQLite: the schema stops at 0029 first).
#[tokio::test]
async fn the_filing_migration_links_each_oversight_item_of_the_form_filing_review_and_says_so() {
    // One such test per process: the process id keeps parallel runs apart.
    let dir = std::env::temp_dir().join(format!("renda_migration_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let s = Store::connect(&format!("sqlite://{}/m.db", dir.display())).await.expect("connects");
    s.migrate_until(29).await.expect("up to 0029");
    let w = s.writer();
    sqlx::query("INSERT INTO organisations (id, name, kind, congress_id, created_at) VALUES (1, '示范市人民代表大会', 'congress:city', 1, 'x')")
        .execute(w)
        .await
        .expect("congress");
    for (id, form, title) in
        [(1, "filing_review", "对市政府规范性文件开展营商环境专项审查"), (2, "inquiry", "专题询问")]
    {
        sqlx::query(
            "INSERT INTO oversight_items (id, congress_id, year, form, title, committee, summary, meetings, state, created_at, updated_at)
             VALUES ($1, 1, 2026, $2, $3, '法制委员会', '', '[]', 'planned', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z')",
        )
        .bind(id)
        .bind(form)
        .bind(title)
        .execute(w)
        .await
        .expect("item");
    }
    s.migrate().await.expect("the rest");
    let topics: Vec<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT title, year, oversight_item_id FROM filing_topics")
            .fetch_all(s.pool())
            .await
            .expect("topics");
    assert_eq!(topics, vec![("对市政府规范性文件开展营商环境专项审查".to_owned(), 2026, Some(1))]);
    let items: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM oversight_items").fetch_one(s.pool()).await.expect("items");
    assert_eq!(items, 2, "the items stay");
    let notes = s.migration_notes().await.expect("notes");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].0 == 30 && notes[0].1.contains("1个形式为“备案审查”的监督事项"), "{notes:?}");
    s.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 专门委员会 asked for its opinion holds the review until it answers; a revocation put to the
/// standing committee is decided by the vote on its agenda item, in the vote's transaction, and
/// the maker hears of it.
#[tokio::test]
async fn a_committees_opinion_holds_the_review_and_the_vote_on_a_revocation_decides_the_filing() {
    use renda_core::meeting::vote::Choice;
    for t in testing::all().await {
        let s = &t.store;
        let m = super::meetings::world(s).await;
        let (city, clerk) = (m.city, staff(m.city));
        let bureau = org(s, "示范市市场监督管理局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let bureau_user = user(s, "unit.market", Role::Unit { unit: bureau }).await;
        let id = s.file_document(&unit(bureau), document(bureau, &Attachment::ALL)).await.expect("filed");
        s.filing_step(&clerk, id, FilingStep::Register).await.expect("registered");
        let send = Command::Send { kind: ReviewKind::Active, topic: String::new() };
        let row = s.filing_step(&clerk, id, FilingStep::Act(send)).await.expect("sent");
        assert_eq!(row.due_on, Some(date(2026, 6, 10)));

        // Asked on 03-10: the committee's 30 days end on 04-09, before the review's own day.
        let ask = Command::AskOpinion { committee: "财政经济委员会".into() };
        let row = s.filing_step(&clerk, id, FilingStep::Act(ask)).await.expect("asked");
        assert_eq!(row.due_on, Some(date(2026, 4, 9)));
        let late = s.filings_overdue(&clerk, city, date(2026, 4, 10)).await.expect("board");
        assert_eq!(late.iter().map(|f| f.id).collect::<Vec<_>>(), vec![id], "on the board once its day passed");
        let before = audit_count(s).await;
        let e = s.filing_step(&clerk, id, FilingStep::Act(Command::FindNoProblem)).await.expect_err("awaited");
        assert_eq!(e.code(), ErrorCode::CommitteeOpinionsPending);
        assert_eq!(audit_count(s).await, before, "a refused step changes nothing");
        let give = Command::RecordOpinion {
            committee: "财政经济委员会".into(), text: "第五条与预算法不一致".into()
        };
        let row = s.filing_step(&clerk, id, FilingStep::Act(give)).await.expect("given");
        assert_eq!(row.due_on, Some(date(2026, 6, 10)), "back to the review's day");

        let opinion = Command::SendOpinion { demand: Demand::Repeal, text: "建议废止。".into() };
        s.filing_step(&clerk, id, FilingStep::Act(opinion)).await.expect("opinion");
        let answer = Command::Answer { agrees: false, text: "我局认为不抵触。".into() };
        s.filing_step(&unit(bureau), id, FilingStep::Act(answer)).await.expect("disputed");
        let propose =
            FilingStep::ProposeRevocation { reason: "制定机关不同意审查意见".into(), meeting: m.meeting };
        let row = s.filing_step(&clerk, id, propose).await.expect("proposed");
        assert_eq!(row.filing.state(), FilingState::RevocationProposed);
        let item = row.item.expect("on the agenda");
        // Staff cannot record the decision themselves: it is the meeting's.
        let e = s
            .filing_step(&clerk, id, FilingStep::Act(Command::Decide { revoked: true }))
            .await
            .expect_err("the vote decides");
        assert_eq!(e.code(), ErrorCode::NotPermitted);

        // Seven of nine sign in; five vote yes: revoked.
        s.clock().set_on(super::meetings::DAY);
        for p in &m.members[..7] {
            s.sign_in(&clerk, m.meeting, *p).await.expect("signed in");
        }
        s.open_vote(&clerk, item).await.expect("opens");
        for p in &m.members[..5] {
            s.cast_vote(&renda_testkit::as_deputy(*p), item, Choice::Yes).await.expect("votes");
        }
        s.close_vote(&clerk, item).await.expect("closes");
        let v = s.filing(&clerk, id).await.expect("read");
        assert_eq!(v.row.filing.state(), FilingState::Revoked);
        assert_eq!(v.row.filing.concluded_on(), Some(super::meetings::DAY));
        assert_eq!(v.events.last().map(|e| e.kind.as_str()), Some("decide"));
        assert!(v.permitted.is_empty());
        assert_eq!(count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'filing.decide'").await, 1);
        let stats = s.filing_stats(&clerk, city, 2026).await.expect("stats");
        assert_eq!(stats.last().map(|t| t.revoked), Some(1));
        s.catch_up_notifications().await.expect("consumer");
        let inbox = s.notifications(bureau_user, 20).await.expect("inbox");
        assert!(inbox.iter().any(|n| n.text.contains("表决决定撤销")), "{inbox:?}");
    }
}
