use super::consultation::*;
use super::proposal::{self, Contact, ProposalForm, ProposalState, ReviewProposal, for_publication};
use super::report::report;
use super::review::*;
use super::*;
use crate::ids::{CommentGroupId, CommentId, FilingId, OrgId, PersonId};
use crate::liaison::assert_well_formed;
use jiff::ToSpan;
use jiff::civil::date;
use proptest::prelude::*;
use std::collections::BTreeSet;

// ---- fixtures ---------------------------------------------------------------------------------

const GOVERNMENT: OrgId = OrgId(30);
const COURT: OrgId = OrgId(31);

fn cal() -> HolidayCalendar {
    HolidayCalendar::builtin()
}

fn all_attachments() -> BTreeSet<Attachment> {
    Attachment::ALL.into_iter().collect()
}

fn new_filing(published_on: Date, attachments: BTreeSet<Attachment>) -> NewFiling {
    NewFiling {
        maker: GOVERNMENT,
        body: FilingBody::Government,
        title: "示范市人民政府关于优化营商环境的若干规定".into(),
        published_on,
        attachments,
        origin: Origin::Filed,
    }
}

/// Runs `commands` from a complete filing filed on `day`, each by its party on the day given,
/// every one expected to succeed.
fn run(day: Date, commands: &[(Date, Party, Command)]) -> Filing {
    let (s, c) = (Settings::default(), cal());
    let facts = Facts { today: day, party: Party::Maker(GOVERNMENT), settings: &s, calendar: &c };
    let filed = file(&new_filing(day, all_attachments()), &facts).expect("filed").filing;
    commands.iter().fold(filed, |f, (today, party, command)| {
        let facts = Facts { today: *today, party: *party, settings: &s, calendar: &c };
        apply(&f, command, &facts).unwrap_or_else(|e| panic!("{command:?} refused: {e:?}")).filing
    })
}

fn try_apply(f: &Filing, today: Date, party: Party, command: Command) -> Result<Step, Refusal> {
    let (s, c) = (Settings::default(), cal());
    apply(f, &command, &Facts { today, party, settings: &s, calendar: &c })
}

fn number(year: i16, seq: u32) -> FilingNumber {
    FilingNumber::new("示人常备", year, seq).expect("a number")
}

fn register(on: Date) -> (Date, Party, Command) {
    (on, Party::Office, Command::Register { number: number(on.year(), 1) })
}

fn send(on: Date) -> (Date, Party, Command) {
    (on, Party::Office, Command::Send { kind: ReviewKind::Active, topic: String::new() })
}

fn opinion(on: Date) -> (Date, Party, Command) {
    (
        on,
        Party::Committee,
        Command::SendOpinion {
            demand: Demand::Correct, text: "第五条增设的审批事项缺乏上位法依据。".into()
        },
    )
}

const MAKER: Party = Party::Maker(GOVERNMENT);

// ---- kinds and codes --------------------------------------------------------------------------

#[test]
fn every_kind_reads_back_from_its_code_and_has_a_chinese_label() {
    for b in FilingBody::ALL {
        assert_eq!(FilingBody::from_code(b.code()), Some(b));
    }
    for a in Attachment::ALL {
        assert_eq!(Attachment::from_code(a.code()), Some(a));
    }
    for s in FilingState::ALL {
        assert_eq!(FilingState::from_code(s.code()), Some(s));
        assert!(!s.label().is_empty());
    }
    for k in ReviewKind::ALL {
        assert_eq!(ReviewKind::from_code(k.code()), Some(k));
    }
    for d in Demand::ALL {
        assert_eq!(Demand::from_code(d.code()), Some(d));
    }
    for c in Channel::ALL {
        assert_eq!(Channel::from_code(c.code()), Some(c));
    }
    for d in Disposition::ALL {
        assert_eq!(Disposition::from_code(d.code()), Some(d));
    }
    for s in ProposalState::ALL {
        assert_eq!(ProposalState::from_code(s.code()), Some(s));
    }
    let labels: Vec<&str> = Disposition::ALL.iter().map(|d| d.label()).collect();
    assert_eq!(labels, ["采纳", "部分采纳", "未采纳"]);
    let labels: Vec<&str> = FilingBody::ALL.iter().map(|b| b.label()).collect();
    assert_eq!(labels, ["人民政府", "监察委员会", "人民法院", "人民检察院", "下一级人民代表大会及其常务委员会"]);
}

#[test]
fn a_unit_files_for_its_body_and_a_township_congress_receives_no_filings() {
    use crate::org::UnitKind;
    assert_eq!(FilingBody::of_unit(UnitKind::GovernmentDepartment), Some(FilingBody::Government));
    assert_eq!(FilingBody::of_unit(UnitKind::Court), Some(FilingBody::Court));
    assert_eq!(FilingBody::of_unit(UnitKind::Other), None);
    assert!(check_receives_filings(CongressLevel::City).is_ok());
    assert!(check_receives_filings(CongressLevel::County).is_ok());
    let e = check_receives_filings(CongressLevel::Township).expect_err("a township");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::NoFilingRemit);
}

// ---- settings ---------------------------------------------------------------------------------

#[test]
fn the_default_settings_are_domain_md_s_and_each_bound_names_its_field() {
    let s = Settings::default();
    assert!(s.check().is_ok());
    assert_eq!((s.filing_days, s.register_days, s.resubmit_days, s.transfer_days), (30, 10, 10, 10));
    assert_eq!((s.send_working_days, s.review_months, s.review_extension_months), (5, 3, 3));
    assert_eq!((s.committee_opinion_days, s.committee_extension_days), (30, 30));
    assert_eq!((s.proposal_answer_days, s.plan_days, s.correction_days, s.consultation_days), (10, 30, 30, 30));
    let refused = |s: Settings| {
        let e = s.check().expect_err("out of bounds");
        assert_well_formed(&e);
        assert_eq!(e.code, ErrorCode::PeriodOutOfRange);
        e.field
    };
    assert_eq!(refused(Settings { filing_days: 31, ..s }), Some("filing_days"), "the law's 30 days is the most");
    assert_eq!(refused(Settings { register_days: 0, ..s }), Some("register_days"));
    assert_eq!(refused(Settings { send_working_days: 0, ..s }), Some("send_working_days"));
    assert_eq!(refused(Settings { review_months: 7, ..s }), Some("review_months"));
    assert_eq!(refused(Settings { review_extension_months: -1, ..s }), Some("review_extension_months"));
    assert_eq!(refused(Settings { proposal_answer_days: 31, ..s }), Some("proposal_answer_days"));
    assert_eq!(refused(Settings { consultation_days: 9, ..s }), Some("consultation_days"));
    assert!(Settings { consultation_days: 15, ..s }.check().is_ok(), "Shanghai's 15 days");
}

// ---- deadlines --------------------------------------------------------------------------------

#[test]
fn a_document_published_on_31_january_is_filed_by_2_march_even_a_sunday() {
    let s = Settings::default();
    // 2025-01-31 + 30 days = Sunday 2025-03-02: the period ends there, as every deadline of the
    // platform does (no move to the next working day).
    assert_eq!(filing_due(date(2025, 1, 31), &s), date(2025, 3, 2));
    assert!(!is_filed_late(date(2025, 1, 31), date(2025, 3, 2), &s));
    assert!(is_filed_late(date(2025, 1, 31), date(2025, 3, 3), &s));
    // In a leap year the same count lands on Friday 2024-03-01.
    assert_eq!(filing_due(date(2024, 1, 31), &s), date(2024, 3, 1));
}

#[test]
fn a_period_in_days_ends_where_it_counts_to_inside_a_holiday_too() {
    let s = Settings::default();
    // 2025-09-08 + 30 = 2025-10-08, the last day of 国庆中秋 (10-01..10-08): it stays.
    assert_eq!(filing_due(date(2025, 9, 8), &s), date(2025, 10, 8));
    // Received on the Sunday worked before it (09-28): 10 days = 10-08.
    assert_eq!(register_due(date(2025, 9, 28), &s), date(2025, 10, 8));
    assert_eq!(proposal_answer_due(date(2025, 9, 22), &s), date(2025, 10, 2));
    // A 30-day answer to an opinion of 2026-01-16 ends on 02-15, the first day of 春节.
    assert_eq!(plan_due(date(2026, 1, 16), &s), date(2026, 2, 15));
    assert_eq!(correction_due(date(2025, 3, 1), &s), date(2025, 3, 31));
    assert_eq!(resubmit_due(date(2025, 3, 5), &s), date(2025, 3, 15), "a Saturday");
    assert_eq!(transfer_due(date(2025, 3, 4), &s), date(2025, 3, 14));
    // Across the year's end.
    assert_eq!(register_due(date(2025, 12, 25), &s), date(2026, 1, 4));
}

#[test]
fn five_working_days_to_the_committee_skip_holidays_and_count_the_worked_weekend_day() {
    let (s, c) = (Settings::default(), cal());
    // Thu 2024-09-26: 09-27 (1), Sun 09-29 worked (2), 09-30 (3), 国庆 10-01..07, 10-08 (4), 10-09 (5).
    assert_eq!(send_due(date(2024, 9, 26), &s, &c), date(2024, 10, 9));
    // Fri 2025-01-24: Sun 01-26 worked (1), 01-27 (2), 春节 01-28..02-04, 02-05 (3), 02-06 (4), 02-07 (5).
    assert_eq!(send_due(date(2025, 1, 24), &s, &c), date(2025, 2, 7));
    assert!(c.is_working_day(send_due(date(2025, 6, 27), &s, &c)));
}

#[test]
fn a_review_runs_three_calendar_months_clamped_at_the_month_end_and_six_once_extended() {
    let s = Settings::default();
    // 2025-11-30 + 3 months = 2026-02-28 (clamped: February has no 30th).
    assert_eq!(review_due(date(2025, 11, 30), false, &s), date(2026, 2, 28));
    // + 6 months = Saturday 2026-05-30.
    assert_eq!(review_due(date(2025, 11, 30), true, &s), date(2026, 5, 30));
    // A leap year's February.
    assert_eq!(review_due(date(2023, 11, 30), false, &s), date(2024, 2, 29));
    assert_eq!(review_due(date(2025, 10, 31), false, &s), date(2026, 1, 31));
    assert_eq!(review_due(date(2025, 3, 14), false, &s), date(2025, 6, 14));
    assert_eq!(committee_opinion_due(date(2025, 3, 3), false, &s), date(2025, 4, 2));
    assert_eq!(committee_opinion_due(date(2025, 3, 3), true, &s), date(2025, 5, 2), "劳动节 included");
}

#[test]
fn the_annual_list_is_due_at_the_end_of_january() {
    assert_eq!(annual_list_due(2024), date(2025, 1, 31), "in 春节, as the count says");
    assert_eq!(annual_list_due(2025), date(2026, 1, 31));
}

// ---- 备案号 -----------------------------------------------------------------------------------

#[test]
fn a_filing_number_is_written_with_hexagonal_brackets_and_read_back_as_typed() {
    let n = number(2026, 12);
    assert_eq!(n.to_string(), "示人常备〔2026〕12号");
    assert_eq!(FilingNumber::parse("示人常备〔2026〕12号"), Ok(n.clone()));
    assert_eq!(FilingNumber::parse(" 示人常备[2026]12号 "), Ok(n.clone()));
    assert_eq!(FilingNumber::parse("示人常备（2026）12号"), Ok(n.clone()));
    for bad in ["示人常备〔2026〕012号", "示人常备〔26〕12号", "〔2026〕12号", "示人常备2026-12", "示人常备〔2026〕0号"]
    {
        let e = FilingNumber::parse(bad).expect_err(bad);
        assert_well_formed(&e);
        assert_eq!((e.code, e.field), (ErrorCode::BadFilingNumber, Some("number")), "{bad}");
    }
    let given = [number(2025, 40), number(2026, 3), number(2026, 11)];
    assert_eq!(next_filing_number("示人常备", 2026, &given), Ok(number(2026, 12)));
    assert_eq!(next_filing_number("示人常备", 2027, &given), Ok(number(2027, 1)), "numbers restart each year");
    let json = serde_json::to_string(&n).expect("json");
    assert_eq!(json, "\"示人常备〔2026〕12号\"");
    assert_eq!(serde_json::from_str::<FilingNumber>(&json).expect("back"), n);
}

// ---- filing -----------------------------------------------------------------------------------

#[test]
fn a_filing_with_no_text_is_refused_and_one_filed_late_is_flagged_not_refused() {
    let (s, c) = (Settings::default(), cal());
    let facts = Facts { today: date(2025, 3, 4), party: MAKER, settings: &s, calendar: &c };
    let mut without_text = all_attachments();
    without_text.remove(&Attachment::Text);
    let e = file(&new_filing(date(2025, 1, 31), without_text), &facts).expect_err("no text");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::TextAttachmentMissing, Some("attachments")));

    let late = file(&new_filing(date(2025, 1, 31), all_attachments()), &facts).expect("late, not refused");
    assert_eq!(late.event, Event::Filed { origin: Origin::Filed, late: true });
    assert_eq!(late.filing.late(), &BTreeSet::from([Late::Filing]));
    assert_eq!(late.filing.due_on(), Some(date(2025, 3, 14)), "the form check's 10 days");

    let on_time = Facts { today: date(2025, 3, 2), ..facts };
    let step = file(&new_filing(date(2025, 1, 31), all_attachments()), &on_time).expect("on time");
    assert!(step.filing.late().is_empty());
}

#[test]
fn only_its_maker_files_a_document_and_only_the_office_records_one_from_the_gazette() {
    let (s, c) = (Settings::default(), cal());
    let today = date(2025, 3, 3);
    let by = |party| Facts { today, party, settings: &s, calendar: &c };
    let new = new_filing(date(2025, 3, 1), all_attachments());
    let e = file(&new, &by(Party::Maker(COURT))).expect_err("another body");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::NotTheMaker);
    let e = file(&new, &by(Party::Office)).expect_err("the office does not file for the maker");
    assert_eq!(e.code, ErrorCode::NotPermitted);
    let gazette = NewFiling { origin: Origin::Gazette, ..new.clone() };
    assert!(file(&gazette, &by(Party::Office)).is_ok());
    assert_eq!(file(&gazette, &by(MAKER)).expect_err("not the maker's").code, ErrorCode::NotPermitted);
    let future = NewFiling { published_on: date(2025, 3, 4), ..new.clone() };
    let e = file(&future, &by(MAKER)).expect_err("future");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::DateInFuture);
    let untitled = NewFiling { title: "  ".into(), ..new };
    let e = file(&untitled, &by(MAKER)).expect_err("untitled");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::Required, Some("title")));
}

#[test]
fn an_incomplete_filing_is_returned_for_completion_and_registered_once_supplied() {
    let (s, c) = (Settings::default(), cal());
    let day = date(2025, 3, 3);
    let facts = Facts { today: day, party: MAKER, settings: &s, calendar: &c };
    let attachments = BTreeSet::from([Attachment::Report, Attachment::Text, Attachment::LegalBasis]);
    let f = file(&new_filing(date(2025, 3, 1), attachments), &facts).expect("filed").filing;
    assert_eq!(f.missing(), [Attachment::DraftingNote, Attachment::Announcement]);

    let e = try_apply(&f, day, Party::Office, Command::Register { number: number(2025, 1) }).expect_err("incomplete");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::FilingIncomplete);
    assert!(e.message.contains("起草说明、公告"), "{}", e.message);

    let e = try_apply(&f, day, Party::Office, Command::Return { missing: vec![], note: String::new() })
        .expect_err("nothing named");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::MissingItemsRequired);

    let returned = try_apply(&f, day, Party::Office, Command::Return { missing: f.missing(), note: "请补充".into() })
        .expect("returned");
    assert_eq!(returned.filing.state(), FilingState::Returned);
    assert_eq!(returned.filing.due_on(), Some(date(2025, 3, 13)));

    // Supplied on day 12: flagged late, and back in the office's hands with a new form check.
    let back = try_apply(&returned.filing, date(2025, 3, 15), MAKER, Command::Resubmit { added: f.missing() })
        .expect("resubmitted");
    assert_eq!(back.event, Event::Resubmitted { added: f.missing(), late: true });
    assert_eq!(back.filing.state(), FilingState::Filed);
    assert!(back.filing.late().contains(&Late::Resubmission));
    assert_eq!(back.filing.returns(), 1);
    let registered =
        try_apply(&back.filing, date(2025, 3, 17), Party::Office, Command::Register { number: number(2025, 7) })
            .expect("registered");
    assert_eq!(registered.filing.number(), Some(&number(2025, 7)));
    assert_eq!(registered.filing.due_on(), Some(date(2025, 3, 24)), "5 working days");
}

#[test]
fn a_number_of_another_year_is_refused_and_a_document_outside_the_remit_is_passed_on_for_good() {
    let f = run(date(2025, 12, 30), &[]);
    let e = try_apply(&f, date(2026, 1, 2), Party::Office, Command::Register { number: number(2025, 9) })
        .expect_err("last year's number");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::BadFilingNumber);

    let e = try_apply(&f, date(2026, 1, 5), Party::Office, Command::Transfer { to: "".into(), reason: "x".into() })
        .expect_err("to nobody");
    assert_eq!((e.code, e.field), (ErrorCode::Required, Some("to")));
    let moved = try_apply(
        &f,
        date(2026, 1, 5),
        Party::Office,
        Command::Transfer { to: "示范省人大常委会".into(), reason: "属省人大常委会审查范围".into() },
    )
    .expect("transferred")
    .filing;
    assert_eq!(moved.state(), FilingState::Transferred);
    assert_eq!(moved.due_on(), None);
    let e = try_apply(&moved, date(2026, 1, 6), Party::Office, Command::Register { number: number(2026, 1) })
        .expect_err("final");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(e.message.contains("已移送"), "{}", e.message);
}

#[test]
fn a_special_review_names_its_topic_and_a_review_is_extended_once_with_a_reason() {
    let f = run(date(2025, 11, 27), &[register(date(2025, 11, 28))]);
    let special = |topic: &str| Command::Send { kind: ReviewKind::Special, topic: topic.into() };
    let e = try_apply(&f, date(2025, 11, 30), Party::Office, special(" ")).expect_err("no topic");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::SubjectRequired, Some("topic")));
    let step = try_apply(&f, date(2025, 11, 30), Party::Office, special("营商环境")).expect("sent");
    assert_eq!(
        step.event,
        Event::Sent {
            kind: ReviewKind::Special,
            topic: Some("营商环境".into()),
            due_on: date(2026, 2, 28),
            late: false
        }
    );
    let under = step.filing;
    assert_eq!(under.topic(), Some("营商环境"));

    let extend = |reason: &str| Command::Extend { reason: reason.into() };
    let e = try_apply(&under, date(2026, 2, 1), Party::Committee, extend("")).expect_err("no reason");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::ReasonRequired);
    let extended = try_apply(&under, date(2026, 2, 1), Party::Committee, extend("需征求省政府意见")).expect("once");
    assert_eq!(extended.filing.due_on(), Some(date(2026, 5, 30)));
    let e = try_apply(&extended.filing, date(2026, 2, 2), Party::Committee, extend("再议")).expect_err("twice");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::ExtensionAtMaximum);
    assert!(!permitted(&extended.filing, Party::Committee).contains(&CommandKind::Extend));
}

#[test]
fn a_written_opinion_is_answered_with_a_plan_and_the_correction_reported_each_within_30_days() {
    let f = run(date(2026, 1, 5), &[register(date(2026, 1, 6)), send(date(2026, 1, 7)), opinion(date(2026, 1, 16))]);
    assert_eq!(f.state(), FilingState::OpinionSent);
    assert_eq!(f.due_on(), Some(date(2026, 2, 15)), "the first day of 春节: the count is not moved");
    assert_eq!(permitted(&f, MAKER), [CommandKind::Answer]);
    assert!(permitted(&f, Party::Maker(COURT)).is_empty());

    let e = try_apply(&f, date(2026, 2, 10), MAKER, Command::Answer { agrees: true, text: " ".into() })
        .expect_err("empty plan");
    assert_eq!(e.code, ErrorCode::AnswerRequired);
    let plan =
        try_apply(&f, date(2026, 2, 15), MAKER, Command::Answer { agrees: true, text: "拟于3月修改第五条".into() })
            .expect("plan on its last day");
    assert_eq!(plan.event, Event::Answered { agrees: true, text: "拟于3月修改第五条".into(), late: false });
    assert_eq!(plan.filing.due_on(), Some(date(2026, 3, 17)));
    let done = try_apply(&plan.filing, date(2026, 3, 18), MAKER, Command::ReportCorrection { text: "已修改".into() })
        .expect("reported a day late");
    assert_eq!(done.filing.state(), FilingState::Corrected);
    assert_eq!(done.filing.late(), &BTreeSet::from([Late::Correction]));
    assert_eq!(done.filing.concluded_on(), Some(date(2026, 3, 18)));
    assert!(FilingState::Corrected.is_final());
}

#[test]
fn a_committee_asked_for_its_opinion_has_30_days_once_extended_60_and_the_review_waits_for_it() {
    let f = run(date(2026, 1, 5), &[register(date(2026, 1, 6)), send(date(2026, 1, 7))]);
    let review_due = f.due_on().expect("the review's day");
    let ask = |committee: &str| Command::AskOpinion { committee: committee.into() };
    let asked = try_apply(&f, date(2026, 1, 30), Party::Committee, ask(" 财政经济委员会 ")).expect("asked");
    assert_eq!(
        asked.event,
        Event::OpinionAsked { committee: "财政经济委员会".into(), due_on: date(2026, 3, 1) },
        "30 days from 30 January end on 1 March (a Sunday: not moved)"
    );
    let f = asked.filing;
    assert_eq!(f.state(), FilingState::UnderReview);
    assert_eq!(f.due_on(), Some(date(2026, 3, 1)), "the opinion is due before the review");
    assert!(date(2026, 3, 1) < review_due);
    assert_eq!(f.opinions_awaited(), 1);
    let e = try_apply(&f, date(2026, 2, 2), Party::Committee, ask("财政经济委员会")).expect_err("asked twice");
    assert_eq!((e.code, e.field), (ErrorCode::CommitteeAlreadyAsked, Some("committee")));
    let e = try_apply(&f, date(2026, 2, 2), Party::Committee, ask("  ")).expect_err("no committee");
    assert_eq!(e.code, ErrorCode::Required);

    // The review cannot end while the committee's opinion is awaited.
    for command in [Command::FindNoProblem, opinion(date(2026, 2, 2)).2] {
        let e = try_apply(&f, date(2026, 2, 2), Party::Committee, command).expect_err("awaiting the opinion");
        assert_well_formed(&e);
        assert_eq!(e.code, ErrorCode::CommitteeOpinionsPending);
        assert!(e.message.contains("财政经济委员会"), "{}", e.message);
    }
    assert!(!permitted(&f, Party::Committee).contains(&CommandKind::FindNoProblem));
    assert!(permitted(&f, Party::Committee).contains(&CommandKind::RecordOpinion));

    // Extended once, across 春节: 60 days from 30 January.
    let extend =
        |reason: &str| Command::ExtendOpinion { committee: "财政经济委员会".into(), reason: reason.into() };
    let e = try_apply(&f, date(2026, 2, 20), Party::Committee, extend("")).expect_err("no reason");
    assert_eq!(e.code, ErrorCode::ReasonRequired);
    let f = try_apply(&f, date(2026, 2, 20), Party::Committee, extend("需调研")).expect("extended").filing;
    assert_eq!(f.due_on(), Some(date(2026, 3, 31)));
    let e = try_apply(&f, date(2026, 2, 21), Party::Committee, extend("再延")).expect_err("once only");
    assert_eq!(e.code, ErrorCode::ExtensionAtMaximum);
    let e = try_apply(
        &f,
        date(2026, 2, 21),
        Party::Committee,
        Command::RecordOpinion { committee: "教育科学文化卫生委员会".into(), text: "无意见".into() },
    )
    .expect_err("not asked");
    assert_eq!(e.code, ErrorCode::NoSuchCommitteeOpinion);

    // Given a day late: flagged, and the review can end.
    let record = Command::RecordOpinion {
        committee: "财政经济委员会".into(), text: "第五条与预算法不一致".into()
    };
    let given = try_apply(&f, date(2026, 4, 1), Party::Committee, record).expect("given late");
    assert_eq!(
        given.event,
        Event::OpinionRecorded {
            committee: "财政经济委员会".into(), text: "第五条与预算法不一致".into(), late: true
        }
    );
    assert!(given.filing.late().contains(&Late::CommitteeOpinion));
    assert_eq!(given.filing.due_on(), Some(review_due), "back to the review's own day");
    assert_eq!(given.filing.opinions()[0].given_on, Some(date(2026, 4, 1)));
    assert!(try_apply(&given.filing, date(2026, 4, 2), Party::Committee, Command::FindNoProblem).is_ok());
    let e = try_apply(
        &given.filing,
        date(2026, 4, 2),
        Party::Committee,
        Command::RecordOpinion { committee: "财政经济委员会".into(), text: "补充".into() },
    )
    .expect_err("already given");
    assert_eq!(e.code, ErrorCode::NoSuchCommitteeOpinion);
}

#[test]
fn revocation_is_proposed_only_once_the_maker_disagreed_or_let_its_day_pass() {
    let f = run(date(2026, 1, 5), &[register(date(2026, 1, 6)), send(date(2026, 1, 7)), opinion(date(2026, 1, 16))]);
    let propose = Command::ProposeRevocation { reason: "制定机关逾期未纠正".into() };
    let e = try_apply(&f, date(2026, 2, 15), Party::Committee, propose.clone()).expect_err("still within 30 days");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::NotOverdue);
    assert!(e.message.contains("2026年2月15日"), "{}", e.message);
    let step = try_apply(&f, date(2026, 2, 16), Party::Committee, propose.clone()).expect("overdue");
    assert_eq!(
        step.event,
        Event::RevocationProposed {
            maker: GOVERNMENT,
            number: Some(number(2026, 1)),
            reason: "制定机关逾期未纠正".into()
        }
    );
    assert_eq!(step.filing.state(), FilingState::RevocationProposed);
    assert_eq!(step.filing.due_on(), None, "awaiting the standing committee's vote, not a party's step");
    assert!(!step.filing.state().is_final(), "the vote is still to come");
    assert!(permitted(&step.filing, Party::Committee).is_empty());
    assert_eq!(permitted(&step.filing, Party::StandingCommittee), [CommandKind::Decide]);
    let revoked =
        try_apply(&step.filing, date(2026, 3, 1), Party::StandingCommittee, Command::Decide { revoked: true })
            .expect("the vote passed");
    assert_eq!(
        (revoked.filing.state(), revoked.event.clone()),
        (FilingState::Revoked, Event::Decided { revoked: true })
    );
    assert_eq!(revoked.filing.concluded_on(), Some(date(2026, 3, 1)));
    assert!(revoked.filing.state().is_final());
    let kept = try_apply(&step.filing, date(2026, 3, 1), Party::StandingCommittee, Command::Decide { revoked: false })
        .expect("the vote failed");
    assert_eq!(kept.filing.state(), FilingState::NotRevoked);
    let e = try_apply(&step.filing, date(2026, 3, 1), Party::Office, Command::Decide { revoked: true })
        .expect_err("only the meeting decides");
    assert_eq!(e.code, ErrorCode::NotPermitted);

    let disputed =
        try_apply(&f, date(2026, 1, 20), MAKER, Command::Answer { agrees: false, text: "有上位法依据".into() })
            .expect("disagrees")
            .filing;
    assert_eq!(disputed.state(), FilingState::Disputed);
    assert!(try_apply(&disputed, date(2026, 1, 21), Party::Committee, propose).is_ok(), "no need to wait");
    assert!(try_apply(&disputed, date(2026, 1, 21), Party::Committee, Command::FindNoProblem).is_ok(), "or accepted");
}

#[test]
fn communication_ends_in_a_correction_or_a_written_opinion_and_a_late_review_is_flagged() {
    let f = run(date(2025, 3, 3), &[register(date(2025, 3, 4)), send(date(2025, 3, 5))]);
    assert_eq!(f.due_on(), Some(date(2025, 6, 5)));
    let talk = try_apply(&f, date(2025, 4, 1), Party::Committee, Command::Communicate { note: "第五条".into() })
        .expect("communicating")
        .filing;
    assert_eq!(talk.due_on(), f.due_on(), "the review's day still runs");
    let fixed = try_apply(&talk, date(2025, 6, 6), MAKER, Command::ReportCorrection { text: "已自行修改".into() })
        .expect("corrected after talking")
        .filing;
    assert_eq!(fixed.late(), &BTreeSet::from([Late::Review]));
    assert_eq!(fixed.demand(), None);
    let found = try_apply(&f, date(2025, 6, 5), Party::Committee, Command::FindNoProblem).expect("no problem");
    assert_eq!(found.event, Event::FoundNoProblem { late: false });
}

#[test]
fn each_command_is_given_by_its_own_party_and_refused_to_any_other() {
    let f = run(date(2025, 3, 3), &[]);
    let e = try_apply(&f, date(2025, 3, 4), Party::Committee, Command::Register { number: number(2025, 1) })
        .expect_err("the committee does not register");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::NotPermitted);
    assert_eq!(permitted(&f, Party::Office), [CommandKind::Register, CommandKind::Return, CommandKind::Transfer]);
    assert!(permitted(&f, MAKER).is_empty());
    assert!(permitted(&f, Party::Committee).is_empty());
}

#[test]
fn every_command_has_one_rule_and_no_rule_leaves_a_final_state() {
    for k in CommandKind::ALL {
        assert_eq!(RULES.iter().filter(|r| r.command == k).count(), 1, "{k:?}");
    }
    for r in RULES {
        assert!(r.from.iter().all(|s| !s.is_final()), "{:?} leaves a final state", r.command);
        assert!(!r.to.is_empty());
    }
    let reachable: BTreeSet<FilingState> = RULES.iter().flat_map(|r| r.to.iter().copied()).collect();
    assert!(FilingState::ALL.iter().all(|s| *s == FilingState::Filed || reachable.contains(s)));
}

// ---- 审查建议 ----------------------------------------------------------------------------------

fn proposal_form() -> ProposalForm {
    ProposalForm {
        document: "示范市人民政府关于优化营商环境的若干规定".into(),
        provision: "第五条".into(),
        reasons: "增设行政许可，与行政许可法第十五条不符".into(),
        name: "王五".into(),
        contact: "138 0013 8000".into(),
        consent_to_publish: true,
    }
}

#[test]
fn a_proposal_without_a_document_is_refused_and_every_problem_is_named_at_once() {
    let e = ProposalForm { document: " ".into(), ..proposal_form() }.check().expect_err("no document");
    assert_eq!(e.len(), 1);
    assert_well_formed(&e[0]);
    assert_eq!((e[0].code, e[0].field), (ErrorCode::Required, Some("document")));
    assert!(e[0].message.contains("规范性文件"), "{}", e[0].message);

    let all = ProposalForm::default().check().expect_err("empty");
    let fields: Vec<_> = all.iter().map(|r| (r.code, r.field.unwrap_or(""))).collect();
    assert_eq!(
        fields,
        [
            (ErrorCode::Required, "document"),
            (ErrorCode::Required, "provision"),
            (ErrorCode::ReasonRequired, "reasons"),
            (ErrorCode::Required, "name"),
            (ErrorCode::Required, "contact"),
        ]
    );
    all.iter().for_each(assert_well_formed);

    let e = ProposalForm { contact: "微信 wangwu".into(), ..proposal_form() }.check().expect_err("contact");
    assert_eq!(e[0].code, ErrorCode::ContactInvalid);
    let e = ProposalForm { reasons: "理".repeat(5_001), ..proposal_form() }.check().expect_err("long");
    assert_eq!((e[0].code, e[0].field), (ErrorCode::TextTooLong, Some("reasons")));
    let ok = ProposalForm { contact: "wang@example.cn".into(), ..proposal_form() }.check().expect("email");
    assert_eq!(ok.contact, Contact::Email("wang@example.cn".into()));
}

#[test]
fn a_proposal_not_reviewed_is_answered_within_ten_days_and_published_only_with_consent() {
    let s = Settings::default();
    let p = proposal_form().check().expect("valid");
    let received = ReviewProposal::received(&p, date(2025, 9, 22), &s);
    assert_eq!(received.due_on(), Some(date(2025, 10, 2)), "inside 国庆: not moved");
    assert!(!received.is_overdue(date(2025, 10, 2)) && received.is_overdue(date(2025, 10, 3)));

    let decline = proposal::Command::Decline { reason: "该文件已于2025年8月废止".into() };
    let (declined, event) = proposal::apply(&received, &decline, date(2025, 10, 10)).expect("declined");
    assert_eq!(event, proposal::Event::Declined { reason: "该文件已于2025年8月废止".into(), late: true });
    assert!(declined.answered_late() && declined.due_on().is_none());
    let e = proposal::apply(&declined, &decline, date(2025, 10, 11)).expect_err("twice");
    assert_well_formed(&e);

    let (published, _) = proposal::apply(&declined, &proposal::Command::Publish, date(2025, 10, 11)).expect("consent");
    let public = for_publication(&published, &p, "该文件已废止，联系电话 13800138000").expect("published");
    assert!(!format!("{public:?}").contains("王五"));
    assert!(!public.answer.contains("13800138000"), "{}", public.answer);
    let e = proposal::apply(&published, &proposal::Command::Publish, date(2025, 10, 12)).expect_err("again");
    assert_eq!(e.code, ErrorCode::AlreadyPublished);

    let private = ProposalForm { consent_to_publish: false, ..proposal_form() }.check().expect("valid");
    let r = ReviewProposal::received(&private, date(2025, 3, 3), &s);
    let (opened, _) =
        proposal::apply(&r, &proposal::Command::OpenReview { filing: FilingId(9) }, date(2025, 3, 5)).expect("opened");
    assert_eq!(opened.filing(), Some(FilingId(9)));
    let e = proposal::apply(&opened, &proposal::Command::Publish, date(2025, 3, 6)).expect_err("not final");
    assert_eq!(e.code, ErrorCode::WrongState);
    let (answered, _) =
        proposal::apply(&opened, &proposal::Command::Answer { result: "已督促修改".into() }, date(2025, 5, 6))
            .expect("answered");
    let e = proposal::apply(&answered, &proposal::Command::Publish, date(2025, 5, 7)).expect_err("no consent");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::NotPermitted);
    assert_eq!(for_publication(&answered, &private, "已督促修改"), None);
}

// ---- consultation -----------------------------------------------------------------------------

fn regulation() -> Regulation {
    Regulation::open(
        CongressLevel::City,
        "示范市物业管理条例（草案）",
        40,
        date(2026, 3, 1),
        None,
        &Settings::default(),
    )
    .expect("a city")
}

fn online(target: Target, text: &str) -> NewComment {
    NewComment {
        target,
        source: Source::Online { name: "李四".into(), contact: "13800138000".into() },
        text: text.into(),
    }
}

#[test]
fn a_county_or_township_congress_cannot_open_a_consultation() {
    for level in [CongressLevel::County, CongressLevel::Township] {
        let e = Regulation::open(level, "某条例（草案）", 10, date(2026, 3, 1), None, &Settings::default())
            .expect_err("not a city");
        assert_well_formed(&e);
        assert_eq!(e.code, ErrorCode::ConsultationNeedsCity);
        assert!(e.message.contains(level.label()) && e.message.contains("转报"), "{}", e.message);
    }
}

#[test]
fn a_draft_is_open_thirty_days_by_default_and_shows_the_days_left() {
    let r = regulation();
    let v = *r.latest();
    assert_eq!((v.number, v.opens_on, v.closes_on, v.period_days()), (1, date(2026, 3, 1), date(2026, 3, 31), 30));
    assert_eq!(v.phase(date(2026, 2, 28)), Phase::NotYet);
    assert_eq!(v.days_left(date(2026, 3, 1)), Some(30));
    assert_eq!(v.phase(date(2026, 3, 21)).label(), "征求意见中，还有10天截止");
    assert_eq!(v.phase(date(2026, 3, 31)).label(), "今日截止");
    assert_eq!(v.phase(date(2026, 4, 1)), Phase::Closed);
    assert_eq!(v.days_left(date(2026, 4, 1)), None);
    let e = Regulation::open(CongressLevel::City, "条例", 10, date(2026, 3, 1), Some(5), &Settings::default())
        .expect_err("too short");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::PeriodOutOfRange, Some("period_days")));
    let e = Regulation::open(CongressLevel::City, "条例", 0, date(2026, 3, 1), None, &Settings::default())
        .expect_err("no articles");
    assert_eq!(e.code, ErrorCode::ZeroQuantity);
}

#[test]
fn a_comment_after_the_period_or_on_an_article_the_draft_lacks_is_refused() {
    let r = regulation();
    let e = comment(&r, &online(Target::Article(5), "建议增加停车位"), date(2026, 4, 1)).expect_err("after");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::ConsultationNotOpen);
    assert!(e.message.contains("2026年3月31日截止"), "{}", e.message);
    let e = comment(&r, &online(Target::Article(5), "建议"), date(2026, 2, 28)).expect_err("before");
    assert_eq!(e.code, ErrorCode::ConsultationNotOpen);
    let e = comment(&r, &online(Target::Article(41), "建议"), date(2026, 3, 5)).expect_err("no article 41");
    assert_well_formed(&e);
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::NoSuchArticle, "草案第1稿共40条，没有第41条。"));
    assert!(comment(&r, &online(Target::Article(0), "建议"), date(2026, 3, 5)).is_err());
    let e = comment(&r, &online(Target::Whole, "  "), date(2026, 3, 5)).expect_err("blank");
    assert_eq!(e.code, ErrorCode::CommentRequired);
    let c = comment(&r, &online(Target::Article(40), "建议增加停车位"), date(2026, 3, 31)).expect("last day");
    assert_eq!((c.version, c.target), (1, Target::Article(40)));
}

#[test]
fn each_channel_brings_what_it_must() {
    let (r, day) = (regulation(), date(2026, 3, 5));
    let with = |source: Source| comment(&r, &NewComment { target: Target::Whole, source, text: "意见".into() }, day);
    let e = with(Source::Online { name: "".into(), contact: "13800138000".into() }).expect_err("anonymous online");
    assert_eq!((e.code, e.field), (ErrorCode::Required, Some("name")));
    let e = with(Source::Online { name: "李四".into(), contact: "none".into() }).expect_err("no contact");
    assert_eq!(e.code, ErrorCode::ContactInvalid);
    assert!(with(Source::Letter { name: "".into() }).is_ok(), "an unsigned letter");
    let e = with(Source::Email { name: "".into(), address: "13800138000".into() }).expect_err("not an address");
    assert_well_formed(&e);
    let e = with(Source::LiaisonPoint { station: OrgId(70), people: 0 }).expect_err("nobody");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::ZeroQuantity, Some("people")));
    let c = with(Source::LiaisonPoint { station: OrgId(70), people: 23 }).expect("a meeting");
    assert_eq!((c.source.channel(), c.source.people()), (Channel::LiaisonPoint, 23));
    assert!(with(Source::Deputy { person: PersonId(5) }).is_ok());
}

#[test]
fn a_later_draft_is_a_new_version_and_a_comment_keeps_the_version_it_was_made_on() {
    let s = Settings::default();
    let r = regulation();
    let e = r.add_version(45, date(2026, 3, 31), None, &s).expect_err("overlaps");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::DateOutOfOrder);
    let first = comment(&r, &online(Target::Article(40), "第四十条"), date(2026, 3, 10)).expect("on v1");
    let r2 = r.add_version(45, date(2026, 6, 1), Some(20), &s).expect("second draft");
    assert_eq!(r2.versions().len(), 2);
    assert_eq!(r2.latest().closes_on, date(2026, 6, 21));
    let second = comment(&r2, &online(Target::Article(45), "第四十五条"), date(2026, 6, 2)).expect("on v2");
    assert_eq!((first.version, second.version), (1, 2));
    let e = comment(&r2, &online(Target::Article(5), "建议"), date(2026, 5, 1)).expect_err("between drafts");
    assert!(e.message.contains("2026年3月31日"), "{}", e.message);
    assert_eq!(check_group(&[&first, &second]).expect_err("two versions").code, ErrorCode::GroupAcrossVersions);
    assert!(check_group(&[&first, &first]).is_ok());
    assert_eq!(Regulation::from_versions(r2.title(), r2.versions().to_vec()), Some(r2.clone()));
    assert_eq!(Regulation::from_versions("x", vec![r2.versions()[1]]), None, "numbered from 1");
}

#[test]
fn copies_of_one_text_share_a_key_whatever_their_spaces_punctuation_and_width() {
    assert_eq!(grouping_key("建议，增加 停车位！"), grouping_key("建议增加停车位"));
    assert_eq!(grouping_key("第５条　应当删除。"), grouping_key("第5条应当删除"));
    assert_eq!(grouping_key("Ａbc"), "abc");
    assert_ne!(grouping_key("建议增加停车位"), grouping_key("建议减少停车位"));
    let r = regulation();
    let c = |text: &str| comment(&r, &online(Target::Article(5), text), date(2026, 3, 5)).expect("taken");
    let comments = vec![
        (CommentId(1), c("建议增加停车位。")),
        (CommentId(2), c("物业费应公示")),
        (CommentId(3), c("建议 增加停车位")),
        (CommentId(4), c("建议增加停车位！！")),
        (CommentId(5), c("——")),
        (CommentId(6), c("……")),
    ];
    assert_eq!(suggest_groups(&comments), [vec![CommentId(1), CommentId(3), CommentId(4)]]);
}

#[test]
fn a_partial_or_refused_adoption_says_why() {
    for d in [Disposition::PartlyAdopted, Disposition::NotAdopted] {
        let e = Answer::new(d, " ").expect_err("no reason");
        assert_well_formed(&e);
        assert_eq!((e.code, e.field), (ErrorCode::ReasonRequired, Some("reason")));
        assert!(e.message.contains(d.label()), "{}", e.message);
    }
    assert_eq!(
        Answer::new(Disposition::Adopted, ""),
        Ok(Answer { disposition: Disposition::Adopted, reason: "".into() })
    );
    assert_eq!(Answer::new(Disposition::NotAdopted, " 与上位法不符 ").expect("reason").reason, "与上位法不符");
}

#[test]
fn the_report_counts_comments_by_channel_article_and_answer() {
    let r = regulation();
    let day = date(2026, 3, 5);
    let make = |target, source: Source, group: Option<i64>| {
        let mut c = comment(&r, &NewComment { target, source, text: "意见".into() }, day).expect("taken");
        c.group = group.map(CommentGroupId);
        c
    };
    let citizen = || Source::Online { name: "李四".into(), contact: "13800138000".into() };
    let comments = vec![
        make(Target::Article(5), citizen(), Some(1)),
        make(Target::Article(5), citizen(), Some(1)),
        make(Target::Article(5), Source::Letter { name: "".into() }, Some(1)),
        make(Target::Whole, Source::LiaisonPoint { station: OrgId(70), people: 23 }, Some(2)),
        make(Target::Article(12), Source::Deputy { person: PersonId(5) }, Some(3)),
        make(Target::Article(12), citizen(), None),
    ];
    let groups = vec![
        Group { id: CommentGroupId(1), answer: Some(Answer::new(Disposition::Adopted, "").expect("ok")) },
        Group {
            id: CommentGroupId(2), answer: Some(Answer::new(Disposition::NotAdopted, "属政策问题").expect("ok"))
        },
        Group { id: CommentGroupId(3), answer: None },
    ];
    let rep = report(&comments, &groups);
    assert_eq!((rep.comments, rep.opinions, rep.people), (6, 4, 28));
    use Channel::*;
    assert_eq!(rep.by_channel, [(Online, 3), (Letter, 1), (Email, 0), (LiaisonPoint, 1), (Deputy, 1)]);
    assert_eq!(rep.by_target, [(Target::Whole, 1), (Target::Article(5), 3), (Target::Article(12), 2)]);
    assert_eq!(
        rep.by_disposition,
        [
            (Some(Disposition::Adopted), 3),
            (Some(Disposition::PartlyAdopted), 0),
            (Some(Disposition::NotAdopted), 1),
            (None, 2)
        ]
    );
    assert_eq!(rep.groups[0].size, 3);
    assert_eq!(rep.groups[1].reason, "属政策问题");
    assert_eq!(rep.groups[2].disposition, None);
}

// ---- properties -------------------------------------------------------------------------------

fn any_party() -> impl Strategy<Value = Party> {
    prop_oneof![
        Just(MAKER),
        Just(Party::Maker(COURT)),
        Just(Party::Office),
        Just(Party::Committee),
        Just(Party::StandingCommittee)
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        " ",
        "理由",
        "第五条缺乏上位法依据",
        "营商环境",
        "示范省人大常委会",
        "财政经济委员会",
    ])
    .prop_map(String::from)
}

fn any_command() -> impl Strategy<Value = Command> {
    let attachments = prop::collection::vec(prop::sample::select(Attachment::ALL.to_vec()), 0..3);
    prop_oneof![
        (2024i16..=2027, 1u32..5).prop_map(|(y, n)| Command::Register { number: number(y, n) }),
        (attachments.clone(), any_text()).prop_map(|(missing, note)| Command::Return { missing, note }),
        attachments.prop_map(|added| Command::Resubmit { added }),
        (any_text(), any_text()).prop_map(|(to, reason)| Command::Transfer { to, reason }),
        (prop::sample::select(ReviewKind::ALL.to_vec()), any_text())
            .prop_map(|(kind, topic)| Command::Send { kind, topic }),
        any_text().prop_map(|reason| Command::Extend { reason }),
        Just(Command::FindNoProblem),
        any_text().prop_map(|note| Command::Communicate { note }),
        (prop::sample::select(Demand::ALL.to_vec()), any_text())
            .prop_map(|(demand, text)| Command::SendOpinion { demand, text }),
        (any::<bool>(), any_text()).prop_map(|(agrees, text)| Command::Answer { agrees, text }),
        any_text().prop_map(|text| Command::ReportCorrection { text }),
        any_text().prop_map(|reason| Command::ProposeRevocation { reason }),
        any_text().prop_map(|committee| Command::AskOpinion { committee }),
        (any_text(), any_text()).prop_map(|(committee, reason)| Command::ExtendOpinion { committee, reason }),
        (any_text(), any_text()).prop_map(|(committee, text)| Command::RecordOpinion { committee, text }),
        any::<bool>().prop_map(|revoked| Command::Decide { revoked }),
    ]
}

/// The combinations of state and data the machine must never reach.
fn assert_consistent(f: &Filing) -> Result<(), TestCaseError> {
    let s = f.state();
    prop_assert!(f.attachments().contains(&Attachment::Text));
    prop_assert_eq!(f.number().is_some(), s.is_registered(), "{:?}", f);
    prop_assert_eq!(f.registered_on().is_some(), s.is_registered());
    prop_assert_eq!(f.review_kind().is_some(), s.is_reviewed());
    prop_assert_eq!(f.sent_on().is_some(), s.is_reviewed());
    prop_assert_eq!(f.topic().is_some(), f.review_kind() == Some(ReviewKind::Special));
    prop_assert_eq!(
        f.due_on().is_none(),
        s.is_final() || matches!(s, FilingState::Disputed | FilingState::RevocationProposed)
    );
    prop_assert!(
        f.opinions_awaited() == 0 || matches!(s, FilingState::UnderReview | FilingState::Communicating),
        "a committee's opinion awaited in {:?}",
        s
    );
    for o in f.opinions() {
        prop_assert!(o.asked_on < o.due_on && o.given_on.is_none_or(|g| g >= o.asked_on));
    }
    prop_assert_eq!(f.concluded_on().is_some(), s.is_final());
    if matches!(s, FilingState::OpinionSent | FilingState::PlanReceived | FilingState::Disputed) {
        prop_assert!(f.demand().is_some() && f.opinion_on().is_some());
    }
    if f.demand().is_some() {
        prop_assert!(matches!(
            s,
            FilingState::OpinionSent
                | FilingState::PlanReceived
                | FilingState::Disputed
                | FilingState::Corrected
                | FilingState::RevocationProposed
                | FilingState::Revoked
                | FilingState::NotRevoked
                | FilingState::NoProblem
        ));
    }
    if matches!(s, FilingState::PlanReceived | FilingState::Disputed) {
        prop_assert!(f.plan_on().is_some());
    }
    if f.plan_on().is_some() && !s.is_final() {
        prop_assert!(matches!(s, FilingState::PlanReceived | FilingState::Disputed | FilingState::RevocationProposed));
    }
    prop_assert!(f.extended() <= s.is_reviewed());
    prop_assert!(f.missing().is_empty() || !s.is_registered());
    Ok(())
}

proptest! {
    #[test]
    fn no_command_sequence_reaches_a_forbidden_state_and_a_finished_filing_never_changes(
        steps in prop::collection::vec((0i64..20, any_party(), any::<bool>(), any_command()), 0..60),
        start in 0i64..700,
        attachments in prop::collection::btree_set(prop::sample::select(Attachment::ALL.to_vec()), 0..5),
    ) {
        let (s, c) = (Settings::default(), cal());
        let mut today = date(2024, 1, 1).checked_add(start.days()).expect("a day");
        let mut with_text = attachments;
        with_text.insert(Attachment::Text);
        let facts = Facts { today, party: MAKER, settings: &s, calendar: &c };
        let mut filing = file(&new_filing(today, with_text), &facts).expect("filed").filing;
        assert_consistent(&filing)?;
        for (gap, random_party, aimed, mut command) in steps {
            today = today.checked_add(gap.days()).expect("a day");
            // Half the steps are aimed: given by the command's own party, a 备案号 of this year, every
            // missing item supplied,
            // so that sequences reach the deep states and not only refusals.
            let party = match (aimed, rule(command.kind()).by) {
                (false, _) => random_party,
                (true, Role::Maker) => MAKER,
                (true, Role::Office) => Party::Office,
                (true, Role::Committee) => Party::Committee,
                (true, Role::StandingCommittee) => Party::StandingCommittee,
            };
            match (aimed, &command) {
                (true, Command::Register { number: n }) => {
                    command = Command::Register { number: number(today.year(), n.seq()) };
                }
                (true, Command::Resubmit { .. }) => command = Command::Resubmit { added: filing.missing() },
                _ => {}
            }
            let facts = Facts { today, party, settings: &s, calendar: &c };
            let before = filing.clone();
            match apply(&filing, &command, &facts) {
                Err(e) => {
                    prop_assert_ne!(e.code, e.code.class(), "a precise reason: {:?}", e);
                    prop_assert_eq!(&filing, &before);
                }
                Ok(step) => {
                    prop_assert!(!before.state().is_final(), "a final filing accepted {:?}", command);
                    let rule = rule(command.kind());
                    prop_assert!(rule.from.contains(&before.state()) && rule.to.contains(&step.filing.state()));
                    prop_assert_eq!(party.role(), rule.by);
                    prop_assert!(before.late().is_subset(step.filing.late()), "a flag is never cleared");
                    filing = step.filing;
                }
            }
            assert_consistent(&filing)?;
        }
        if filing.state().is_final() {
            let facts = Facts { today, party: Party::Office, settings: &s, calendar: &c };
            prop_assert!(permitted(&filing, MAKER).is_empty());
            prop_assert!(permitted(&filing, Party::Office).is_empty());
            prop_assert!(permitted(&filing, Party::Committee).is_empty());
            prop_assert!(permitted(&filing, Party::StandingCommittee).is_empty());
            prop_assert!(apply(&filing, &Command::FindNoProblem, &facts).is_err());
        }
    }

    #[test]
    fn report_counts_always_sum_to_the_comments(
        raw in prop::collection::vec((0usize..5, 0u32..=40, 1u32..30, prop::option::of(0i64..6)), 0..80),
        answers in prop::collection::vec(prop::option::of(0usize..3), 0..6),
    ) {
        let r = regulation();
        let day = date(2026, 3, 10);
        let comments: Vec<Comment> = raw.iter().map(|(channel, article, people, group)| {
            let source = match channel {
                0 => Source::Online { name: "李四".into(), contact: "13800138000".into() },
                1 => Source::Letter { name: "".into() },
                2 => Source::Email { name: "".into(), address: "a@b.cn".into() },
                3 => Source::LiaisonPoint { station: OrgId(70), people: *people },
                _ => Source::Deputy { person: PersonId(5) },
            };
            let target = if *article == 0 { Target::Whole } else { Target::Article(*article) };
            let mut c = comment(&r, &NewComment { target, source, text: "意见".into() }, day).expect("taken");
            c.group = group.map(CommentGroupId);
            c
        }).collect();
        let groups: Vec<Group> = answers.iter().enumerate().map(|(i, a)| Group {
            id: CommentGroupId(i as i64),
            answer: a.map(|d| Answer::new(Disposition::ALL[d], "理由").expect("answer")),
        }).collect();
        let rep = report(&comments, &groups);
        let n = comments.len();
        prop_assert_eq!(rep.comments, n);
        prop_assert_eq!(rep.by_channel.iter().map(|(_, k)| k).sum::<usize>(), n);
        prop_assert_eq!(rep.by_target.iter().map(|(_, k)| k).sum::<usize>(), n);
        prop_assert_eq!(rep.by_disposition.iter().map(|(_, k)| k).sum::<usize>(), n);
        let grouped: usize = rep.groups.iter().map(|g| g.size).sum();
        prop_assert_eq!(grouped + comments.iter().filter(|c| c.group.is_none()).count(), n);
        prop_assert!(rep.opinions <= n);
        prop_assert!(rep.people >= n as u64);
    }
}

// ---- who files with whom ----------------------------------------------------------------------

#[test]
fn a_unit_files_with_its_congress_a_congress_with_the_one_above_and_a_station_not_at_all() {
    use crate::ids::OrgId;
    use crate::org::{OrgKind, UnitKind};
    let (city, district) = (OrgId(1), OrgId(2));
    assert_eq!(
        filed_with(OrgKind::Unit(UnitKind::GovernmentDepartment), &[district, city]),
        Ok((FilingBody::Government, district))
    );
    assert_eq!(filed_with(OrgKind::Unit(UnitKind::Court), &[city]), Ok((FilingBody::Court, city)));
    assert_eq!(
        filed_with(OrgKind::Congress(CongressLevel::County), &[district, city]),
        Ok((FilingBody::LowerCongress, city))
    );
    let top = filed_with(OrgKind::Congress(CongressLevel::City), &[city]).expect_err("nothing above");
    assert_eq!(top.code, ErrorCode::NoFilingRemit);
    assert_eq!(filed_with(OrgKind::Unit(UnitKind::Other), &[city]).map_err(|e| e.code), Err(ErrorCode::NotPermitted));
    assert_eq!(filed_with(OrgKind::LiaisonStation, &[city]).map_err(|e| e.code), Err(ErrorCode::NotPermitted));
    assert_eq!(filing_prefix("示范市人民代表大会"), "示人常备");
}

// ---- the annual report -------------------------------------------------------------------------

#[test]
fn the_annual_figures_count_each_filing_once_per_body_and_the_draft_says_what_they_say() {
    use super::annual::{
        AnnualFigures, Filed, ProposalFigures, annual_draft, annual_title, body_figures, check_annual,
    };
    use crate::official::Kind;
    let corrected = run(
        date(2026, 1, 5),
        &[
            register(date(2026, 1, 6)),
            send(date(2026, 1, 7)),
            opinion(date(2026, 1, 16)),
            (date(2026, 1, 20), MAKER, Command::Answer { agrees: true, text: "拟修改".into() }),
            (date(2026, 2, 1), MAKER, Command::ReportCorrection { text: "已修改".into() }),
        ],
    );
    let filed = run(date(2026, 3, 2), &[]);
    let last_year = run(date(2025, 12, 30), &[]);
    let rows = [
        Filed { body: FilingBody::Government, filed_on: date(2026, 1, 5), filing: &corrected },
        Filed { body: FilingBody::Court, filed_on: date(2026, 3, 2), filing: &filed },
        Filed { body: FilingBody::Court, filed_on: date(2025, 12, 30), filing: &last_year },
    ];
    let bodies = body_figures(rows, 2026);
    let total = bodies.last().expect("total");
    assert_eq!(total.body, None);
    assert_eq!((total.filed, total.opinions, total.corrected, total.revoked), (2, 1, 1, 0), "last year's left out");
    let sum: usize = bodies[..bodies.len() - 1].iter().map(|b| b.filed).sum();
    assert_eq!(sum, total.filed, "each filing once in its body's row");
    assert_eq!(bodies.iter().find(|b| b.body == Some(FilingBody::Court)).map(|b| b.filed), Some(1));

    let f = AnnualFigures {
        congress_name: "示范市人民代表大会".into(),
        year: 2026,
        bodies,
        by_kind: AnnualFigures::by_kind(rows, 2026),
        by_state: AnnualFigures::by_state(rows, 2026),
        proposals: ProposalFigures::default(),
        registered: Vec::new(),
    };
    check_annual(&f).expect("something to report");
    let draft = annual_draft(&f, &Kind::FilingReport.default_template("示范市人民代表大会"));
    assert!(draft.contains("共收到报送备案的规范性文件2件"), "{draft}");
    assert!(draft.contains("提出书面审查意见1件，制定机关已纠正1件"), "{draft}");
    assert!(draft.contains("已报送1件"), "a filing still open is named: {draft}");
    assert!(draft.contains("未收到公民、组织提出的审查建议") && draft.contains("【请填写"), "{draft}");
    assert_eq!(annual_title(2026), "关于2026年度规范性文件备案审查工作情况的报告");

    let empty = AnnualFigures { bodies: body_figures([], 2026), by_kind: Vec::new(), by_state: Vec::new(), ..f };
    assert_eq!(check_annual(&empty).expect_err("nothing").code, ErrorCode::NothingToIssue);
}
