use super::*;
use crate::archive::rules::{Band, CategoryCap, Formula, band_problems};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as DeError, F64Deserializer, I64Deserializer};

fn codes(errors: &[ScoringError]) -> Vec<&'static str> {
    errors.iter().map(|e| e.code().as_str()).collect()
}

fn bands(spec: &[(&str, Option<i64>, Option<i64>)]) -> Vec<Band> {
    spec.iter().map(|(l, a, b)| Band::new(l, *a, *b)).collect()
}

#[test]
fn a_negative_cap_is_refused_in_chinese() {
    let t = table(vec![Rule::per_unit(ItemKind::Survey, pts(3)).capped(pts(-1))]);
    let problems = t.problems();
    assert_eq!(codes(&problems), ["negative_cap"]);
    assert_eq!(problems[0].to_string(), "“参加调研”的上限不能为负数。");
    assert_eq!(t.prepare().map(|_| ()), Err(problems[0].clone()));
}

#[test]
fn two_rules_for_one_kind_an_unknown_category_and_a_bad_target_are_each_named() {
    let mut t = table(vec![
        Rule::per_unit(ItemKind::Survey, pts(3)),
        Rule::per_unit(ItemKind::Survey, pts(2)).in_category("调研类"),
        Rule {
            kind: ItemKind::SuggestionLed,
            formula: Formula::Target { target: 0, points: pts(10), per_extra: pts(5), per_missing: pts(5) },
            cap: None,
            category: None,
        },
    ]);
    t.base = pts(-5);
    t.name = " ".into();
    let problems = t.problems();
    assert_eq!(
        codes(&problems),
        ["table_name_missing", "negative_base", "duplicate_rule", "unknown_category", "invalid_formula"]
    );
    assert!(problems[4].to_string().contains("基准数量须大于0"));
}

#[test]
fn full_attendance_must_name_what_spoils_it_and_not_itself() {
    let full = |spoiled_by| Rule {
        kind: ItemKind::SessionAttended,
        formula: Formula::Full { points: pts(10), spoiled_by },
        cap: None,
        category: None,
    };
    assert_eq!(codes(&table(vec![full(vec![])]).problems()), ["invalid_formula"]);
    assert_eq!(codes(&table(vec![full(vec![ItemKind::SessionAttended])]).problems()), ["invalid_formula"]);
    assert_eq!(table(vec![full(vec![ItemKind::SessionLeave])]).problems(), vec![]);
}

#[test]
fn categories_must_be_named_once_with_a_non_negative_cap() {
    let mut t = table(vec![]);
    t.categories =
        vec![CategoryCap { name: "活动".into(), cap: pts(10) }, CategoryCap { name: "活动".into(), cap: pts(-1) }];
    assert_eq!(codes(&t.problems()), ["duplicate_category", "negative_category_cap"]);
}

#[test]
fn full_marks_below_the_base_are_refused() {
    let mut t = table(vec![]);
    t.base = pts(60);
    t.max_total = Some(pts(50));
    assert_eq!(codes(&t.problems()), ["max_below_base"]);
}

#[test]
fn bands_covering_every_score_once_are_accepted_in_any_order() {
    assert_eq!(
        band_problems(&bands(&[("较好", Some(60), Some(80)), ("差", None, Some(60)), ("好", Some(80), None)])),
        vec![]
    );
    assert_eq!(
        band_problems(&bands(&[("合格", Some(0), None)])),
        vec![],
        "starting at 0 is enough: totals are never negative"
    );
    assert_eq!(band_problems(&[]), vec![], "a table may have no bands");
}

#[test]
fn a_gap_between_bands_is_refused_with_the_uncovered_range() {
    let p = band_problems(&bands(&[("好", Some(80), None), ("较好", Some(60), Some(79)), ("差", None, Some(60))]));
    assert_eq!(codes(&p), ["band_gap"]);
    assert_eq!(p[0].to_string(), "79分至80分未归入任何等次（“较好”与“好”之间有空档）。");
}

#[test]
fn overlapping_bands_are_refused() {
    let p = band_problems(&bands(&[("好", Some(80), None), ("较好", Some(60), Some(85)), ("差", None, Some(60))]));
    assert_eq!(codes(&p), ["band_overlap"]);
    assert_eq!(p[0].to_string(), "等次“较好”与“好”的分数范围重叠。");
    let two_open_ended =
        band_problems(&bands(&[("好", Some(80), None), ("较好", Some(60), None), ("差", None, Some(60))]));
    assert_eq!(codes(&two_open_ended), ["band_overlap"]);
}

#[test]
fn bands_must_start_at_zero_and_leave_no_top_uncovered() {
    let p = band_problems(&bands(&[("好", Some(80), Some(100)), ("较好", Some(60), Some(80))]));
    assert_eq!(codes(&p), ["bands_start_above_zero", "bands_end_below_top"]);
}

#[test]
fn a_band_needs_a_label_of_its_own_and_a_non_empty_range() {
    let p = band_problems(&bands(&[("", None, Some(60)), ("好", Some(60), None), ("好", Some(90), Some(70))]));
    assert_eq!(codes(&p), ["band_label_missing", "duplicate_band", "empty_band"]);
}

#[test]
fn an_unknown_kind_code_is_refused() {
    assert_eq!(ItemKind::parse("inspection"), Ok(ItemKind::Inspection));
    let e = ItemKind::parse("karaoke").err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!((e.code().as_str(), e.to_string()), ("unknown_kind", "未知的履职事项类别“karaoke”。".to_owned()));
}

#[test]
fn every_kind_has_a_distinct_code_label_and_dense_index() {
    for (i, k) in ItemKind::ALL.into_iter().enumerate() {
        assert_eq!(k.index(), i);
        assert_eq!(ItemKind::parse(k.code()), Ok(k));
        assert!(is_chinese(k.label()));
    }
}

#[test]
fn points_read_from_json_numbers_with_at_most_two_decimals() {
    let from_f64 =
        |v: f64| Points::deserialize(IntoDeserializer::<DeError>::into_deserializer(v) as F64Deserializer<DeError>);
    assert_eq!(from_f64(2.5).ok(), Some(Points::hundredths(250)));
    assert_eq!(from_f64(-0.25).ok(), Some(Points::hundredths(-25)));
    assert!(from_f64(0.125).is_err());
    let from_i64 =
        Points::deserialize(IntoDeserializer::<DeError>::into_deserializer(3i64) as I64Deserializer<DeError>);
    assert_eq!(from_i64.ok(), Some(pts(3)));
    for (p, s) in [(300, "3"), (250, "2.5"), (25, "0.25"), (-100, "-1"), (-5, "-0.05")] {
        assert_eq!(Points::hundredths(p).to_string(), s);
    }
}
