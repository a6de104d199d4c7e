use super::*;
use crate::ids::OrgId;

fn book_with_first_version() -> RuleBook {
    let mut book = RuleBook::new(OrgId(1), 2025);
    let v = book.publish(Template::Jiangbei.table(), date(2025, 1, 1), date(2024, 12, 1));
    assert_eq!(v, Ok(1));
    book
}

#[test]
fn a_table_published_in_advance_may_be_edited_until_its_year_starts() {
    let mut book = book_with_first_version();
    let mut t = Template::Jiangbei.table();
    t.min_activity = 4;
    assert_eq!(book.edit(1, t.clone(), date(2024, 12, 31)), Ok(()));
    assert_eq!(book.versions()[0].table.min_activity, 4);
    assert_eq!(book.edit(9, t, date(2024, 12, 31)).map_err(|e| e.code().as_str()), Err("no_such_version"));
}

#[test]
fn a_locked_year_refuses_edits_while_a_new_version_with_a_later_effective_date_works() {
    let mut book = book_with_first_version();
    let mut changed = Template::Jiangbei.table();
    changed.min_activity = 6;
    let today = date(2025, 1, 1);
    let refused = book.edit(1, changed.clone(), today).err().unwrap_or_else(|| panic!("edit accepted"));
    assert_eq!(refused.code().as_str(), "table_locked");
    assert_eq!(refused.code().class(), crate::ErrorCode::IllegalTransition);
    assert!(refused.to_string().starts_with("2025年度的评分细则已于2025年1月1日起锁定"));
    assert_eq!(book.versions()[0].table.min_activity, 0, "the refused edit changed nothing");

    let today = date(2025, 6, 10);
    let not_future = book.publish(changed.clone(), today, today).err().map(|e| e.code().as_str());
    assert_eq!(not_future, Some("effective_date_not_future"), "a change never reaches back to today");
    let v = book.publish(changed.clone(), date(2025, 7, 1), today);
    assert_eq!(v, Ok(2));
    assert_eq!(book.versions()[1].published_on, today);
    let same_day = book.publish(changed.clone(), date(2025, 7, 1), today).err().map(|e| e.code().as_str());
    assert_eq!(same_day, Some("effective_date_not_later"));
    let next_year = book.publish(changed, date(2026, 1, 1), today).err().map(|e| e.code().as_str());
    assert_eq!(next_year, Some("effective_date_after_year"));
}

#[test]
fn rules_for_picks_the_version_in_force_on_the_day() {
    let mut book = book_with_first_version();
    let mut v2 = Template::Jiangbei.table();
    v2.min_activity = 6;
    assert_eq!(book.publish(v2, date(2025, 7, 1), date(2025, 6, 10)), Ok(2));
    let version = |d| book.rules_for(d).map(|v| v.version);
    assert_eq!(version(date(2025, 1, 1)), Some(1));
    assert_eq!(version(date(2025, 6, 30)), Some(1));
    assert_eq!(version(date(2025, 7, 1)), Some(2));
    assert_eq!(version(date(2025, 12, 31)), Some(2));
    assert_eq!(version(date(2024, 12, 31)), None, "another year's book");
    assert_eq!(book.for_period(y2025()).map(|v| v.version), Some(2), "the year is scored by the rules at its end");
}

#[test]
fn a_version_effective_before_the_year_is_in_force_from_its_first_day() {
    let mut book = RuleBook::new(OrgId(1), 2025);
    assert_eq!(book.publish(Template::Yinchuan.table(), date(2024, 12, 15), date(2024, 12, 1)), Ok(1));
    assert_eq!(book.rules_for(date(2025, 1, 1)).map(|v| v.version), Some(1));
}

#[test]
fn an_invalid_table_is_not_published() {
    let mut book = RuleBook::new(OrgId(1), 2025);
    let mut t = Template::Yinchuan.table();
    t.bands[1].below = Some(pts(70));
    let e = book.publish(t, date(2025, 1, 1), date(2024, 12, 1)).err().map(|e| e.code().as_str());
    assert_eq!(e, Some("band_gap"));
    assert!(book.versions().is_empty());
}

#[test]
fn a_book_read_back_from_storage_is_put_in_order_and_checked() {
    let v = |version, effective_from| RuleVersion {
        version,
        effective_from,
        published_on: date(2024, 12, 1),
        table: Template::Jiangbei.table(),
        correction: None,
    };
    let book = RuleBook::from_versions(OrgId(1), 2025, vec![v(2, date(2025, 7, 1)), v(1, date(2025, 1, 1))])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(book.rules_for(date(2025, 8, 1)).map(|v| v.version), Some(2));
    assert_eq!(book.rules_for(date(2025, 2, 1)).map(|v| v.version), Some(1));
    let same_day = RuleBook::from_versions(OrgId(1), 2025, vec![v(1, date(2025, 1, 1)), v(2, date(2025, 1, 1))]);
    assert_eq!(same_day.err().map(|e| e.code().as_str()), Some("effective_date_not_later"));
    let late = RuleBook::from_versions(OrgId(1), 2025, vec![v(1, date(2026, 1, 1))]);
    assert_eq!(late.err().map(|e| e.code().as_str()), Some("effective_date_after_year"));
}

#[test]
fn the_version_in_force_scores_the_year() {
    let mut book = book_with_first_version();
    let mut v2 = Template::Jiangbei.table();
    v2.rules[0] = Rule::per_unit(ItemKind::SuggestionLed, pts(4));
    assert_eq!(book.publish(v2, date(2025, 7, 1), date(2025, 6, 10)), Ok(2));
    let archive = items(ItemKind::SuggestionLed, 2);
    let table_for = |day| book.rules_for(day).map(|v| prepared(v.table.clone()));
    let total = |day| table_for(day).map(|t| score(&archive, &t, y2025()).total);
    assert_eq!(total(date(2025, 3, 1)), Some(pts(6)));
    assert_eq!(total(date(2025, 12, 31)), Some(pts(8)));
}

#[test]
fn a_confirmed_correction_takes_effect_from_the_start_of_the_year_and_keeps_the_old_versions() {
    let mut book = book_with_first_version();
    let mut v2 = Template::Jiangbei.table();
    v2.min_activity = 6;
    assert_eq!(book.publish(v2, date(2025, 9, 1), date(2025, 6, 10)), Ok(2));
    let mut fixed = Template::Jiangbei.table();
    fixed.rules[0] = Rule::per_unit(ItemKind::SuggestionLed, pts(5));
    let today = date(2025, 7, 20);

    // Without a reason, outside the year or with an invalid table: refused, nothing changes.
    let code = |r: Result<u32, ScoringError>| r.err().map(|e| e.code().as_str());
    assert_eq!(code(book.correct(fixed.clone(), "  ", today)), Some("correction_reason_missing"));
    assert_eq!(code(book.correct(fixed.clone(), "笔误", date(2026, 1, 5))), Some("correction_outside_year"));
    assert_eq!(code(book.correct(fixed.clone(), "笔误", date(2024, 12, 5))), Some("correction_outside_year"));
    let mut bad = fixed.clone();
    bad.name.clear();
    assert_eq!(code(book.correct(bad, "笔误", today)), Some("table_name_missing"));
    assert_eq!(code(RuleBook::new(OrgId(1), 2025).correct(fixed.clone(), "笔误", today)), Some("nothing_to_correct"));
    assert_eq!(book.versions().len(), 2);

    assert_eq!(book.correct(fixed, "“领衔提出建议”分值录入有误，应为5分", today), Ok(3));
    let v3 = &book.versions()[2];
    assert_eq!((v3.effective_from, v3.published_on), (date(2025, 1, 1), today));
    assert_eq!(v3.correction.as_ref().map(|c| c.corrects), Some(2), "it corrects the latest version");
    assert_eq!(book.versions().len(), 3, "the old versions are kept");
    // In force from the first day of the year, over both earlier versions.
    for day in [date(2025, 1, 1), date(2025, 7, 1), date(2025, 12, 31)] {
        assert_eq!(book.rules_for(day).map(|v| v.version), Some(3), "{day}");
    }
    let archive = items(ItemKind::SuggestionLed, 2);
    let t = book.for_period(y2025()).map(|v| prepared(v.table.clone()));
    assert_eq!(t.map(|t| score(&archive, &t, y2025()).total), Some(pts(10)));

    // Stored and read back, the book is the same; later versions still follow the correction.
    let back = RuleBook::from_versions(OrgId(1), 2025, book.versions().to_vec()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, book);
    let mut later = book.clone();
    assert_eq!(later.publish(Template::Jiangbei.table(), date(2025, 10, 1), today), Ok(4));
    assert_eq!(later.rules_for(date(2025, 10, 2)).map(|v| v.version), Some(4));
    // The edit of a locked year is refused as before.
    assert_eq!(book.edit(3, Template::Jiangbei.table(), today).err().map(|e| e.code().as_str()), Some("table_locked"));
}
