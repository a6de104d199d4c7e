use super::*;

/// One of each variant: adding a variant without adding it here fails the count below.
fn one_of_each() -> Vec<ScoringError> {
    use ScoringError as E;
    let k = ItemKind::Survey;
    let d = date(2025, 3, 1);
    let s = || "好".to_owned();
    vec![
        E::TableNameMissing,
        E::NegativeBase,
        E::NegativeCap { kind: k },
        E::DuplicateRule { kind: k },
        E::InvalidFormula { kind: k, reason: "基准数量须大于0" },
        E::UnknownCategory { kind: k, category: s() },
        E::UnknownKind { code: "x".into() },
        E::CategoryNameMissing,
        E::DuplicateCategory { name: s() },
        E::NegativeCategoryCap { name: s() },
        E::TooManyCategories { max: 24 },
        E::MaxBelowBase { max: "50".into(), base: "60".into() },
        E::BandLabelMissing,
        E::DuplicateBand { label: s() },
        E::EmptyBand { label: s() },
        E::BandGap { below: s(), above: s(), from: "1".into(), to: "2".into() },
        E::BandOverlap { first: s(), second: s() },
        E::BandsStartAboveZero { label: s(), from: "10".into() },
        E::BandsEndBelowTop { label: s(), below: "90".into() },
        E::TableLocked { year: 2025 },
        E::EffectiveDateNotLater { date: d, previous: d },
        E::EffectiveDateNotFuture { date: d, today: d },
        E::EffectiveDateAfterYear { date: d, year: 2024 },
        E::NoSuchVersion { version: 3 },
        E::InvalidPeriod { from: d, to: d },
        E::NotDeclarable { kind: k },
        E::EvidenceMissing,
        E::Missing { what: "理由" },
        E::ZeroQuantity,
        E::DateInFuture { date: d },
        E::NotPermitted { message: "只有活动组织方可以批准请假。".into() },
        E::WrongState { state: "已签到", action: "签到" },
        E::WrongPhase { message: "活动已开始，不能再报名。".into() },
        E::LeavePending,
        E::CheckinTokenExpired,
        E::CheckinTokenInvalid,
        E::TooManyRatings { ratings: 3, registered: 2 },
        E::NoRatings,
        E::ChecklistSize { max: 20 },
        E::DuplicateChecklistItem { label: s() },
        E::NoSuchChecklistItem { number: 11 },
    ]
}

#[test]
fn every_refusal_has_a_distinct_snake_case_code_and_a_chinese_message() {
    let all = one_of_each();
    assert_eq!(all.len(), 41);
    let mut seen = std::collections::HashSet::new();
    for e in &all {
        assert!(seen.insert(e.code().as_str()), "duplicate code {}", e.code().as_str());
        assert!(e.code().as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", e.code().as_str());
        assert!(is_chinese(&e.message()), "{} has no Chinese message", e.code().as_str());
    }
}

#[test]
fn dates_in_messages_are_written_the_chinese_way() {
    let e = ScoringError::EffectiveDateNotFuture { date: date(2025, 6, 10), today: date(2025, 6, 10) };
    assert_eq!(
        e.to_string(),
        "年度开始后发布的新版本只能从今后生效：生效日期（2025年6月10日）须晚于今天（2025年6月10日）。"
    );
}

#[test]
fn a_period_must_not_end_before_it_starts() {
    let e = Period::new(date(2025, 2, 1), date(2025, 1, 1)).err().map(|e| e.code().as_str());
    assert_eq!(e, Some("invalid_period"));
    let p = Period::new(date(2024, 1, 1), date(2024, 12, 31)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((p.days(), p.to_string()), (366, "2024年1月1日至2024年12月31日".to_owned()));
    assert_eq!(p.days_in_office(date(2023, 5, 1), Some(date(2024, 1, 31))), 31);
    assert_eq!(p.days_in_office(date(2025, 1, 1), None), 0);
}
