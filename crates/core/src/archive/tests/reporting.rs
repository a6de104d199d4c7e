use super::*;
use crate::archive::report::{ReportSettings, more_than_half};
use crate::suggestion::Satisfaction;

fn ratings(satisfied: usize, basic: usize, unsatisfied: usize) -> Vec<Satisfaction> {
    let mut v = vec![Satisfaction::Satisfied; satisfied];
    v.extend(vec![Satisfaction::Basic; basic]);
    v.extend(vec![Satisfaction::Unsatisfied; unsatisfied]);
    v
}

fn tally(registered: u32, r: &[Satisfaction]) -> ReportResult {
    tally_report(registered, r, &ReportSettings::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn exactly_half_unsatisfied_is_not_more_than_half() {
    let r = tally(50, &ratings(20, 5, 25));
    assert!(!r.rectification_required);
    assert_eq!(r.overall, Satisfaction::Basic);
    assert!(!more_than_half(25, 50));
}

#[test]
fn one_more_than_half_unsatisfied_requires_a_written_rectification_plan() {
    let r = tally(60, &ratings(20, 4, 26));
    assert!(r.rectification_required);
    assert_eq!(r.overall, Satisfaction::Unsatisfied);
    assert_eq!(r.item_kind(), ItemKind::ReportUnsatisfied);
    assert!(r.to_string().ends_with("测评结果：不满意。不满意票超过半数，须提交书面整改报告"));
    let odd = tally(51, &ratings(10, 15, 26));
    assert!(odd.rectification_required, "26 of 51");
    let odd = tally(51, &ratings(10, 16, 25));
    assert!(!odd.rectification_required, "25 of 51");
}

#[test]
fn the_rule_is_a_setting() {
    let off = ReportSettings { rectify_when_most_unsatisfied: false, ..ReportSettings::default() };
    let r = tally_report(50, &ratings(0, 0, 50), &off).unwrap_or_else(|e| panic!("{e}"));
    assert!(!r.rectification_required);
    assert_eq!(r.overall, Satisfaction::Unsatisfied);
}

#[test]
fn the_result_reads_with_its_counts_and_rate() {
    let r = tally(52, &ratings(30, 15, 5));
    assert_eq!(r.to_string(), "满意 30 票、基本满意 15 票、不满意 5 票，满意率 90%，测评结果：满意");
    assert_eq!(r.item_kind(), ItemKind::ReportSatisfied);
    assert!(!r.few_representatives);
    let small = tally(30, &ratings(10, 10, 9));
    assert_eq!(small.approval_permille, 690);
    assert!(small.to_string().contains("满意率 69%"));
    assert!(small.few_representatives, "fewer than the 50 usually convened");
    assert_eq!(tally(3, &ratings(1, 1, 1)).approval_permille, 667);
}

#[test]
fn more_ratings_than_representatives_or_none_at_all_are_refused() {
    let e = tally_report(2, &ratings(3, 0, 0), &ReportSettings::default()).err().map(|e| e.to_string());
    assert_eq!(e.as_deref(), Some("测评票数（3）多于登记的选民代表人数（2）。"));
    let e = tally_report(50, &[], &ReportSettings::default()).err().map(|e| e.code().as_str());
    assert_eq!(e, Some("no_ratings"));
}
