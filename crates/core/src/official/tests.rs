use super::*;
use crate::ErrorCode;

fn template(kind: Kind) -> Template {
    let mut t = kind.default_template("示范市人民代表大会");
    t.signatory = "王主任".into();
    t
}

#[test]
fn each_kind_starts_from_a_template_that_passes_its_own_check() {
    for kind in Kind::ALL {
        let t = template(kind);
        assert_eq!(t.clone().check(kind).expect("the default is valid"), t, "{kind:?}");
        assert_eq!(Kind::from_code(kind.code()), Some(kind));
    }
    let t = Kind::Assignment.default_template("示范市人民代表大会");
    assert_eq!(t.mark, "示范市人民代表大会常务委员会办公室", "a letter's mark is the office's full name");
    assert_eq!(t.code, "示人常办函", "the 函 share a register");
    assert_eq!(Kind::Reminder.default_template("示范市人民代表大会").code, t.code);
    assert_eq!(Kind::HandlingReport.default_template("示范市人民代表大会").code, "示人常办");
    assert_eq!(Kind::HandlingReport.default_template("示范市人民代表大会").mark, "示范市人大常委会办公室文件");
}

#[test]
fn an_unknown_placeholder_is_refused_naming_the_ones_the_kind_knows() {
    let mut t = template(Kind::Reminder);
    t.paragraphs.push("请{承办人}尽快办理。".into());
    let e = t.check(Kind::Reminder).expect_err("refused");
    assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some("paragraphs")));
    assert!(e.message.contains("占位符“{承办人}”不认识") && e.message.contains("{逾期件数}"), "{}", e.message);
    let mut t = template(Kind::Reminder);
    t.paragraphs.push("请{单位尽快办理。".into());
    assert!(t.check(Kind::Reminder).expect_err("refused").message.contains("没有对应的"));
    let mut t = template(Kind::Reminder);
    t.paragraphs.push("请}尽快办理。".into());
    assert!(t.check(Kind::Reminder).expect_err("refused").message.contains("多了一个"));
    // A placeholder of another kind is unknown here too.
    let mut t = template(Kind::Reminder);
    t.paragraphs.push("{机关}".into());
    assert!(t.check(Kind::Reminder).is_err());
}

#[test]
fn the_number_code_holds_only_the_code() {
    for bad in ["示人常办〔2026〕", "示人常办12号", "", "示人常办[2026]"] {
        let mut t = template(Kind::Assignment);
        t.code = bad.into();
        let e = t.check(Kind::Assignment).expect_err(bad);
        assert_eq!(e.field, Some("code"), "{bad}");
    }
}

#[test]
fn a_template_is_trimmed_and_bounded() {
    let mut t = template(Kind::Assignment);
    t.mark = "  示范市人大常委会办公室  ".into();
    t.copy_to = vec![" 市政府办公室 ".into(), "  ".into()];
    t.paragraphs.push("   ".into());
    let n = t.paragraphs.len();
    let t = t.check(Kind::Assignment).expect("valid");
    assert_eq!(t.mark, "示范市人大常委会办公室");
    assert_eq!(t.copy_to, ["市政府办公室"], "blank 抄送 lines dropped");
    assert_eq!(t.paragraphs.len(), n - 1, "blank paragraphs dropped");
    let mut t = template(Kind::Assignment);
    t.signature = "办".repeat(MAX_LINE + 1);
    assert_eq!(t.check(Kind::Assignment).expect_err("too long").field, Some("signature"));
    let mut t = template(Kind::Assignment);
    t.paragraphs = vec!["段落".into(); MAX_PARAGRAPHS + 1];
    assert_eq!(t.check(Kind::Assignment).expect_err("too many").field, Some("paragraphs"));
}

#[test]
fn issuing_needs_a_signatory() {
    let mut t = template(Kind::Assignment);
    assert!(t.check_issue().is_ok());
    t.signatory = " ".into();
    let e = t.check_issue().expect_err("no signatory");
    assert_eq!(e.field, Some("signatory"));
    assert!(e.message.contains("签发人"));
}

#[test]
fn filling_puts_the_records_values_in_and_leaves_a_missing_one_visible() {
    let t = template(Kind::Reminder);
    let filled = t.fill(&[("件数", "5".into()), ("逾期件数", "2".into())]);
    assert_eq!(filled[0], "你单位承办的5件代表建议即将到期或已超过办理期限，其中已逾期2件。请抓紧办理，尽快答复代表。");
    let filled = t.fill(&[("件数", "5".into())]);
    assert!(filled[0].contains("已逾期{逾期件数}件"), "a preview shows what is missing");
}

#[test]
fn a_number_is_printed_with_the_year_in_hexagonal_brackets_and_no_padding() {
    assert_eq!(number("示人常办", 2026, 12), "示人常办〔2026〕12号");
    assert_eq!(number("示人常办", 2026, 3), "示人常办〔2026〕3号");
    assert_eq!(number_to_come("示人常办", 2026), "示人常办〔2026〕（签发时编号）号");
}

#[test]
fn a_register_takes_the_next_number_after_the_highest_voided_ones_included() {
    assert_eq!(next_number([]), 1);
    assert_eq!(next_number([1, 2, 3]), 4);
    assert_eq!(next_number([3, 1, 2]), 4);
}

#[test]
fn issuing_refuses_a_choice_outside_the_batch_nothing_and_the_same_document_twice() {
    use crate::ids::SuggestionId;
    let found = [SuggestionId(1), SuggestionId(2)];
    assert!(check_choice(Kind::Assignment, &found, &[]).is_ok());
    assert!(check_choice(Kind::Assignment, &found, &[SuggestionId(2)]).is_ok());
    let e = check_choice(Kind::Assignment, &found, &[SuggestionId(3)]).expect_err("not in the batch");
    assert_eq!(e.code, ErrorCode::NothingToIssue);
    assert!(e.message.contains("编号3") && e.message.contains("交办函"), "{}", e.message);
    assert!(check_choice(Kind::Reminder, &found, &[SuggestionId(3)]).expect_err("x").message.contains("临期或逾期"));
    assert_eq!(check_sources(0).expect_err("nothing").code, ErrorCode::NothingToIssue);
    assert!(check_sources(1).is_ok());
    assert!(check_not_standing(None).is_ok());
    let e = check_not_standing(Some("示人常办函〔2026〕1号")).expect_err("standing");
    assert_eq!(e.code, ErrorCode::AlreadyIssued);
    assert!(e.message.contains("示人常办函〔2026〕1号"));
}

#[test]
fn a_document_is_voided_once_with_a_reason() {
    assert_eq!(check_void(false, "  主送有误 ").expect("voided"), "主送有误");
    assert_eq!(check_void(false, " ").expect_err("no reason").field, Some("reason"));
    assert_eq!(check_void(false, &"长".repeat(201)).expect_err("too long").field, Some("reason"));
    assert_eq!(check_void(true, "再次").expect_err("voided").code, ErrorCode::DocumentVoided);
}

#[test]
fn a_review_names_the_report_reviewed_once_with_its_body() {
    let body = "示范市人民政府";
    assert_eq!(
        review_subject("听取和审议市人民政府关于基层医疗卫生服务体系建设情况的报告", body),
        "市人民政府关于基层医疗卫生服务体系建设情况的报告"
    );
    assert_eq!(review_subject(" 关于全市住房保障工作情况的报告", body), "示范市人民政府关于全市住房保障工作情况的报告");
    assert_eq!(review_subject("《关于东湖治理情况的报告》", body), "示范市人民政府关于东湖治理情况的报告");
    assert_eq!(review_subject("审议计划执行情况的报告", body), "计划执行情况的报告");
    let t = Kind::ReviewOpinion.default_template("示范市人民代表大会");
    let filled = t.fill(&[("人大", "示范市人民代表大会".into()), ("议题", review_subject("关于住房保障的报告", body))]);
    assert!(
        filled[0].starts_with("示范市人民代表大会常务委员会对示范市人民政府关于住房保障的报告进行了审议"),
        "{filled:?}"
    );
}

#[test]
fn a_review_opinion_letter_waits_for_the_directors_approval() {
    assert_eq!(check_review(false).expect_err("drafted").code, ErrorCode::IllegalTransition);
    assert!(check_review(true).is_ok());
}

#[test]
fn only_a_reminder_may_be_issued_again_another_day() {
    let again: Vec<Kind> = Kind::ALL.into_iter().filter(|k| k.once_a_day()).collect();
    assert_eq!(again, [Kind::Reminder]);
}

fn reception() -> ReceptionSource {
    use crate::ids::ReceptionId;
    ReceptionSource {
        reception: ReceptionId(7),
        congress: OrgId(1),
        congress_name: "示范市人民代表大会".into(),
        station: OrgId(9),
        station_name: "示范市人大代表联络站（市民中心）".into(),
        address: Some("市民中心二楼".into()),
        phone: None,
        on: jiff::civil::date(2026, 12, 10),
        hours: "9:00—11:30".into(),
        topic: String::new(),
        deputies: vec!["周建国".into()],
        cancelled: false,
        held: false,
    }
}

#[test]
fn a_reception_notice_is_issued_only_for_a_reception_still_to_come() {
    assert!(check_reception(&reception(), jiff::civil::date(2026, 12, 3)).is_ok());
    let e = check_reception(&ReceptionSource { cancelled: true, ..reception() }, jiff::civil::date(2026, 12, 3))
        .expect_err("cancelled");
    assert_eq!(e.code, ErrorCode::IllegalTransition);
    assert!(e.message.contains("已取消"), "{}", e.message);
    let e = check_reception(&ReceptionSource { held: true, ..reception() }, jiff::civil::date(2026, 12, 3))
        .expect_err("held");
    assert_eq!(e.code, ErrorCode::IllegalTransition);
    assert!(e.message.contains("已经举行"), "{}", e.message);
    // The day itself still takes a notice; the day after, no longer.
    assert!(check_reception(&reception(), jiff::civil::date(2026, 12, 10)).is_ok());
    let e = check_reception(&reception(), jiff::civil::date(2026, 12, 11)).expect_err("past");
    assert_eq!(e.code, ErrorCode::IllegalTransition);
    assert!(e.message.contains("日期已过"), "{}", e.message);
    assert_eq!(reception_cancelled_void_reason("代表另有公务"), "接待安排已取消：代表另有公务");
}

#[test]
fn only_the_announcements_are_public() {
    let public: Vec<Kind> = Kind::ALL.into_iter().filter(|k| k.public()).collect();
    assert_eq!(public, [Kind::ReceptionNotice, Kind::AppointmentNotice]);
    assert_eq!(Kind::ReceptionNotice.format(), Format::General, "a 公告 is in the general format");
    assert_eq!(Kind::ReceptionNotice.default_template("示范市人民代表大会").code, "示人常联");
}
