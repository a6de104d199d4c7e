//! Property tests: the arithmetic of every sheet, over random archives and random valid tables;
//! ranking order; participation sequences.

use super::*;
use crate::archive::activity::{Participant, ParticipationCommand as C};
use crate::archive::rank::Place;
use crate::archive::rules::{CategoryCap, Formula};
use crate::archive::score::LineKind;
use crate::ids::DeputyshipId;
use proptest::prelude::*;

fn any_kind() -> impl Strategy<Value = ItemKind> {
    (0..ItemKind::COUNT).prop_map(|i| ItemKind::ALL[i])
}

fn any_points(lo: i64, hi: i64) -> impl Strategy<Value = Points> {
    (lo..=hi).prop_map(|h| Points::hundredths(h * 25))
}

fn any_item() -> impl Strategy<Value = ArchiveItem> {
    let status = prop_oneof![
        Just(None),
        Just(Some(DeclaredStatus::Declared)),
        Just(Some(DeclaredStatus::Verified)),
        Just(Some(DeclaredStatus::Rejected)),
    ];
    (any_kind(), 0u32..12, -30i64..400, status).prop_map(|(kind, quantity, day, status)| {
        let day = date(2025, 1, 1) + jiff::Span::new().days(day);
        let mut it = item(kind, day, quantity);
        if let Some(status) = status {
            it.origin = Origin::Declared { by: Declarant::Deputy, status };
        }
        it
    })
}

fn any_formula() -> impl Strategy<Value = Formula> {
    prop_oneof![
        any_points(-20, 40).prop_map(|points| Formula::PerUnit { points }),
        (1u32..6, any_points(0, 60), any_points(0, 30), any_points(0, 30)).prop_map(
            |(target, points, per_extra, per_missing)| Formula::Target { target, points, per_extra, per_missing }
        ),
        (any_points(0, 60), prop::collection::vec(any_kind(), 1..3))
            .prop_map(|(points, spoiled_by)| Formula::Full { points, spoiled_by }),
    ]
}

fn any_table() -> impl Strategy<Value = PreparedTable> {
    let rule = (any_kind(), any_formula(), prop::option::of(any_points(0, 80)), prop::option::of(0usize..2));
    (prop::collection::vec(rule, 0..10), any_points(0, 400), prop::option::of(any_points(400, 800)), any_points(0, 80))
        .prop_filter_map("valid tables only", |(rules, base, max_total, cat_cap)| {
            let mut t = table(vec![]);
            t.base = base;
            t.max_total = max_total;
            t.categories =
                vec![CategoryCap { name: "甲".into(), cap: cat_cap }, CategoryCap { name: "乙".into(), cap: cat_cap }];
            for (kind, formula, cap, cat) in rules {
                if t.rules.iter().all(|r| r.kind != kind) {
                    let category = cat.map(|c| ["甲", "乙"][c].to_owned());
                    t.rules.push(Rule { kind, formula, cap, category });
                }
            }
            t.prepare().ok()
        })
}

proptest! {
    #[test]
    fn the_total_is_the_base_plus_the_lines_and_no_line_exceeds_its_cap(
        table in any_table(),
        archive in prop::collection::vec(any_item(), 0..60),
    ) {
        let sheet = score(&archive, &table, y2025());
        let sum = sheet.lines.iter().fold(Points::ZERO, |a, l| a + l.subtotal);
        prop_assert_eq!(sheet.total, sheet.base + sum);
        prop_assert!(sheet.total >= Points::ZERO);
        if let Some(max) = table.table().max_total {
            prop_assert!(sheet.total <= max);
        }
        for line in &sheet.lines {
            if let (LineKind::Item(_), Some(cap)) = (line.kind, line.cap) {
                prop_assert!(line.subtotal.abs() <= cap, "{} exceeds {}", line.explanation(), cap);
            }
            prop_assert!(is_chinese(&line.explanation()));
        }
        // After its correction line, no category sums above its cap.
        for (c, cat) in table.table().categories.iter().enumerate() {
            let in_cat = sheet.lines.iter().filter(|l| match l.kind {
                LineKind::Item(k) => table.table().rules.iter().position(|r| r.kind == k)
                    .is_some_and(|i| table.table().rules[i].category.as_deref() == Some(cat.name.as_str())),
                LineKind::Category(name) => name == cat.name,
                _ => false,
            }).fold(Points::ZERO, |a, l| a + l.subtotal);
            prop_assert!(in_cat <= cat.cap, "category {} sums to {}", c, in_cat);
        }
        prop_assert_eq!(summarize(&archive, &table, y2025()), sheet.summary());
    }

    #[test]
    fn per_kind_totals_give_the_same_sheet_as_the_items(
        table in any_table(),
        archive in prop::collection::vec(any_item(), 0..60),
    ) {
        // What a GROUP BY over the counted items of the period hands over.
        let mut totals: Vec<KindTotal> = Vec::new();
        for it in archive.iter().filter(|i| i.counts() && y2025().contains(i.date)) {
            match totals.iter_mut().find(|t| t.kind == it.kind) {
                Some(t) => { t.quantity += u64::from(it.quantity); t.items += 1; }
                None => totals.push(KindTotal { kind: it.kind, quantity: u64::from(it.quantity), items: 1 }),
            }
        }
        prop_assert_eq!(score_totals(&totals, &table, y2025()), score(&archive, &table, y2025()));
    }

    #[test]
    fn the_order_of_the_items_does_not_matter(
        table in any_table(),
        archive in prop::collection::vec(any_item(), 0..40),
    ) {
        let mut reversed = archive.clone();
        reversed.reverse();
        prop_assert_eq!(score(&archive, &table, y2025()), score(&reversed, &table, y2025()));
    }

    #[test]
    fn ranks_never_go_down_the_list_and_full_year_deputies_compare_as_they_score(
        totals in prop::collection::vec((0i64..100, 1u32..=365, 0u32..10), 1..40),
    ) {
        let mut t = table(vec![]);
        t.min_activity = 3;
        let t = prepared(t);
        let entrants: Vec<Entrant> = totals.iter().enumerate().map(|(i, (total, days, activity))| Entrant {
            deputy: DeputyshipId(i64::try_from(i).unwrap_or(0)),
            summary: score::Summary { total: pts(*total), band: None, activity: *activity },
            days_in_office: *days,
        }).collect();
        let r = rank(&entrants, &t, y2025());
        prop_assert_eq!(r.rows.len(), entrants.len());
        let mut last = (0u32, None::<Points>);
        for row in &r.rows {
            if row.days_in_office == 365 {
                prop_assert_eq!(row.comparable, row.total);
            }
            prop_assert!(row.comparable >= row.total, "annualising never lowers a score without deductions");
            if let Place::Ranked { rank } = row.standing {
                prop_assert!(rank >= last.0);
                if let Some(prev) = last.1 {
                    prop_assert!(row.comparable <= prev);
                    prop_assert_eq!(rank == last.0, row.comparable == prev);
                }
                last = (rank, Some(row.comparable));
            }
        }
    }

    #[test]
    fn no_participation_sequence_leaves_a_check_in_or_refuses_without_a_chinese_reason(
        steps in prop::collection::vec((0usize..6, any::<bool>(), 0usize..3), 0..30),
    ) {
        let mut s = Attendance::Invited;
        for (c, organiser, phase) in steps {
            let cmd = [
                C::SignUp,
                C::RequestLeave { reason: "出差".into() },
                C::ApproveLeave,
                C::RefuseLeave { note: "须参加".into() },
                C::CheckIn,
                C::MarkAbsent,
            ][c].clone();
            let who = if organiser { Participant::Organiser } else { Participant::Deputy };
            let phase = [Phase::Before, Phase::Underway, Phase::Over][phase];
            let was_in = s == Attendance::CheckedIn;
            match participate(s, who, &cmd, phase) {
                Ok(next) => s = next,
                Err(e) => prop_assert!(is_chinese(&e.to_string()) && !e.code().as_str().is_empty()),
            }
            prop_assert!(!was_in || s == Attendance::CheckedIn);
        }
    }
}
