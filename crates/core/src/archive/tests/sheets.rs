use super::*;
use crate::archive::rules::{CategoryCap, Formula};
use crate::archive::score::LineKind;

fn meeting_table() -> PreparedTable {
    prepared(table(vec![Rule::per_unit(ItemKind::MeetingAttended, pts(2)).capped(pts(10))]))
}

#[test]
fn a_line_says_count_times_points_with_its_cap() {
    let t = meeting_table();
    let sheet = score(items(ItemKind::MeetingAttended, 4), &t, y2025());
    assert_eq!(sheet.lines.len(), 1);
    assert_eq!(sheet.lines[0].explanation(), "出席常委会会议 4 次 × 2 分 = 8 分（上限 10 分）");
    assert_eq!((sheet.lines[0].count, sheet.lines[0].subtotal, sheet.lines[0].capped), (4, pts(8), false));
    assert_eq!(sheet.total, pts(8));
}

#[test]
fn a_line_above_its_cap_counts_the_cap_and_says_so() {
    let t = meeting_table();
    let sheet = score(items(ItemKind::MeetingAttended, 7), &t, y2025());
    let line = sheet.lines[0];
    assert_eq!((line.raw, line.subtotal, line.capped), (pts(14), pts(10), true));
    assert_eq!(line.explanation(), "出席常委会会议 7 次 × 2 分 = 14 分，超过上限，按 10 分计");
    assert_eq!(sheet.total, pts(10));
}

#[test]
fn a_deduction_takes_points_per_half_day_up_to_its_cap() {
    let t = prepared(table(vec![
        Rule::per_unit(ItemKind::SuggestionLed, pts(3)),
        Rule::per_unit(ItemKind::SessionLeave, pts(-1)).capped(pts(5)),
    ]));
    let mut archive = items(ItemKind::SuggestionLed, 4);
    archive.push(item(ItemKind::SessionLeave, date(2025, 1, 10), 3));
    let sheet = score(&archive, &t, y2025());
    assert_eq!(sheet.total, pts(9), "12 for suggestions, 3 half-days of leave cost 3");
    assert_eq!(sheet.lines[1].explanation(), "代表大会会议请假 3 个半天 × 扣 1 分 = 扣 3 分（最多扣 5 分）");

    archive.push(item(ItemKind::SessionLeave, date(2025, 1, 11), 5));
    let sheet = score(&archive, &t, y2025());
    assert_eq!(sheet.lines[1].subtotal, pts(-5), "8 half-days, but at most 5 are deducted");
    assert_eq!(
        sheet.lines[1].explanation(),
        "代表大会会议请假 8 个半天 × 扣 1 分 = 扣 8 分，超过扣分上限，按扣 5 分计"
    );
    assert_eq!(sheet.total, pts(7));
}

#[test]
fn a_total_below_zero_is_held_at_zero_by_an_explained_line() {
    let t = prepared(table(vec![Rule::per_unit(ItemKind::SessionLeave, pts(-2))]));
    let sheet = score([item(ItemKind::SessionLeave, date(2025, 3, 5), 4)], &t, y2025());
    assert_eq!(sheet.total, Points::ZERO);
    let floor = sheet.lines.last().copied().unwrap_or_else(|| panic!("no lines"));
    assert_eq!(floor.kind, LineKind::Floor);
    assert_eq!(floor.explanation(), "总分 -8 分，最低按 0 分计");
    assert_eq!(sheet.base + sheet.lines.iter().map(|l| l.subtotal).fold(Points::ZERO, |a, b| a + b), sheet.total);
}

#[test]
fn a_category_cap_takes_back_the_excess_on_a_line_of_its_own() {
    let mut t = table(vec![
        Rule::per_unit(ItemKind::Inspection, pts(3)).in_category("闭会活动"),
        Rule::per_unit(ItemKind::Survey, pts(3)).in_category("闭会活动"),
        Rule::per_unit(ItemKind::Training, pts(1)),
    ]);
    t.categories = vec![CategoryCap { name: "闭会活动".into(), cap: pts(10) }];
    let t = prepared(t);
    let mut archive = items(ItemKind::Inspection, 3);
    archive.extend(items(ItemKind::Survey, 2));
    archive.extend(items(ItemKind::Training, 2));
    let sheet = score(&archive, &t, y2025());
    let cat = sheet.lines.iter().find(|l| matches!(l.kind, LineKind::Category(_))).copied();
    let cat = cat.unwrap_or_else(|| panic!("no category line"));
    assert_eq!(cat.subtotal, pts(-5));
    assert_eq!(cat.explanation(), "闭会活动类合计 15 分，超过类别上限 10 分，核减 5 分");
    assert_eq!(sheet.total, pts(12));
}

#[test]
fn full_marks_cap_the_total_on_a_line_of_its_own() {
    let mut t = table(vec![Rule::per_unit(ItemKind::Inspection, pts(10))]);
    t.base = pts(60);
    t.max_total = Some(pts(100));
    let t = prepared(t);
    let sheet = score(items(ItemKind::Inspection, 5), &t, y2025());
    assert_eq!(sheet.total, pts(100));
    assert_eq!(sheet.lines[1].explanation(), "总分 110 分，超过满分 100 分，按 100 分计");
}

#[test]
fn a_declared_item_counts_only_once_verified() {
    let t = prepared(table(vec![Rule::per_unit(ItemKind::Survey, pts(3))]));
    let day = date(2025, 5, 20);
    let waiting = [declared(ItemKind::Survey, day, DeclaredStatus::Declared)];
    let rejected = [declared(ItemKind::Survey, day, DeclaredStatus::Rejected)];
    let verified = [declared(ItemKind::Survey, day, DeclaredStatus::Verified)];
    assert_eq!(score(waiting, &t, y2025()).total, Points::ZERO);
    assert_eq!(score(rejected, &t, y2025()).total, Points::ZERO);
    assert_eq!(score(verified, &t, y2025()).total, pts(3));
    assert_eq!(summarize(waiting, &t, y2025()).activity, 0, "nor towards the minimum of activity");
}

#[test]
fn items_outside_the_period_do_not_count() {
    let t = prepared(table(vec![Rule::per_unit(ItemKind::Survey, pts(3))]));
    let archive = [
        item(ItemKind::Survey, date(2024, 12, 31), 1),
        item(ItemKind::Survey, date(2025, 1, 1), 1),
        item(ItemKind::Survey, date(2025, 12, 31), 1),
        item(ItemKind::Survey, date(2026, 1, 1), 1),
    ];
    assert_eq!(score(archive, &t, y2025()).total, pts(6));
}

#[test]
fn leave_and_absence_do_not_count_as_activity() {
    let t = prepared(table(vec![Rule::per_unit(ItemKind::Survey, pts(3))]));
    let archive = [
        item(ItemKind::Survey, date(2025, 2, 1), 1),
        item(ItemKind::SessionLeave, date(2025, 2, 1), 2),
        item(ItemKind::ActivityAbsent, date(2025, 2, 3), 1),
        item(ItemKind::VoterContact, date(2025, 2, 4), 10),
    ];
    assert_eq!(summarize(archive, &t, y2025()).activity, 2, "the survey and the visits, one item each");
}

#[test]
fn every_rule_has_a_line_even_with_nothing_recorded() {
    let t = template(Template::Jiangbei);
    let sheet = score(&[] as &[ArchiveItem], &t, y2025());
    assert_eq!(sheet.lines.len(), 11);
    assert_eq!(sheet.lines[0].explanation(), "领衔提出建议 0 件 × 3 分 = 0 分");
    assert_eq!(sheet.total, Points::ZERO);
}

#[test]
fn a_full_attendance_award_is_lost_to_any_leave() {
    let full = Rule {
        kind: ItemKind::SessionAttended,
        formula: Formula::Full { points: pts(10), spoiled_by: vec![ItemKind::SessionLeave, ItemKind::SessionAbsent] },
        cap: None,
        category: None,
    };
    let t = prepared(table(vec![full]));
    let present = [item(ItemKind::SessionAttended, date(2025, 1, 8), 6)];
    let sheet = score(present, &t, y2025());
    assert_eq!(sheet.total, pts(10));
    assert_eq!(sheet.lines[0].explanation(), "出席代表大会会议 6 个半天，全勤 = 10 分");
    let with_leave = [present[0], item(ItemKind::SessionLeave, date(2025, 1, 9), 1)];
    let sheet = score(with_leave, &t, y2025());
    assert_eq!(sheet.total, Points::ZERO);
    assert_eq!(
        sheet.lines[0].explanation(),
        "出席代表大会会议 6 个半天，有“代表大会会议请假”或“代表大会会议缺席”记录，不计全勤分 = 0 分"
    );
}

#[test]
fn the_summary_agrees_with_the_sheet() {
    let t = template(Template::Yinchuan);
    let mut archive = items(ItemKind::SuggestionLed, 3);
    archive.extend(items(ItemKind::Inspection, 4));
    let sheet = score(&archive, &t, y2025());
    assert_eq!(summarize(&archive, &t, y2025()), sheet.summary());
    assert_eq!(sheet.band_label, Some("差"));
}
