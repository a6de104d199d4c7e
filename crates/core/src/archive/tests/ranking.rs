use super::*;
use crate::archive::rank::{Place, Unranked, bottom_in_both, required_activity};
use crate::archive::score::Summary;
use crate::ids::DeputyshipId;

fn inspection_table(min_activity: u32, base: i64) -> PreparedTable {
    let mut t = table(vec![Rule::per_unit(ItemKind::Inspection, pts(3))]);
    t.min_activity = min_activity;
    t.base = pts(base);
    prepared(t)
}

fn entrant(id: i64, inspections: u32, days: u32, t: &PreparedTable) -> Entrant {
    Entrant {
        deputy: DeputyshipId(id),
        summary: summarize(items(ItemKind::Inspection, inspections), t, y2025()),
        days_in_office: days,
    }
}

fn standing_of(r: &Ranking<'_>, id: i64) -> Place {
    r.rows
        .iter()
        .find(|row| row.deputy == DeputyshipId(id))
        .map(|row| row.standing)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn a_mid_year_joiner_with_the_same_monthly_rate_ranks_equal_to_a_full_year_deputy() {
    let t = inspection_table(0, 0);
    // In office from 20 October 2025: 73 days, a fifth of the year. 2 inspections in a fifth of
    // the year is the rate of 10 in a whole one.
    let joined = date(2025, 10, 20);
    assert_eq!(y2025().days_in_office(joined, None), 73);
    let r = rank(&[entrant(1, 10, 365, &t), entrant(2, 2, 73, &t), entrant(3, 8, 365, &t)], &t, y2025());
    assert_eq!(standing_of(&r, 1), Place::Ranked { rank: 1 });
    assert_eq!(standing_of(&r, 2), Place::Ranked { rank: 1 });
    assert_eq!(standing_of(&r, 3), Place::Ranked { rank: 3 });
    let joiner = r.rows.iter().find(|row| row.deputy == DeputyshipId(2)).copied().unwrap_or_else(|| panic!("missing"));
    assert_eq!((joiner.total, joiner.comparable), (pts(6), pts(30)));
    assert!(r.average.is_some_and(|avg| joiner.comparable >= avg), "not below average for joining late");
}

#[test]
fn the_base_score_is_not_scaled_for_time_in_office() {
    // 东宝-style base of 60: the joiner's 6 earned points in a fifth of the year compare with
    // 30 earned in a whole one; the 60 is not multiplied by five.
    let t = inspection_table(0, 60);
    let r = rank(&[entrant(1, 10, 365, &t), entrant(2, 2, 73, &t)], &t, y2025());
    let comparable: Vec<Points> = r.rows.iter().map(|row| row.comparable).collect();
    assert_eq!(comparable, [pts(90), pts(90)]);
}

#[test]
fn deputies_below_the_minimum_of_activity_are_not_ranked_and_say_why() {
    let t = inspection_table(5, 0);
    let r = rank(
        &[entrant(1, 4, 365, &t), entrant(2, 6, 365, &t), entrant(3, 1, 73, &t), entrant(4, 0, 0, &t)],
        &t,
        y2025(),
    );
    let below = standing_of(&r, 1);
    assert_eq!(below, Place::Unranked(Unranked::BelowMinimum { activity: 4, required: 5 }));
    if let Place::Unranked(u) = below {
        assert_eq!((u.label(), u.reason()), ("不参与排名", "履职活动 4 次，少于参与排名所需的 5 次".to_owned()));
    }
    assert_eq!(standing_of(&r, 2), Place::Ranked { rank: 1 });
    assert_eq!(standing_of(&r, 3), Place::Ranked { rank: 2 }, "a fifth of the year needs a fifth of the minimum");
    assert_eq!(standing_of(&r, 4), Place::Unranked(Unranked::NotInOffice));
    assert_eq!((r.ranked, r.unranked), (2, 2));
    assert!(matches!(r.rows[2].standing, Place::Unranked(_)), "the unranked come after the ranked");
}

#[test]
fn the_minimum_is_pro_rated_and_rounded_up() {
    assert_eq!(required_activity(5, 365, 365), 5);
    assert_eq!(required_activity(5, 73, 365), 1);
    assert_eq!(required_activity(5, 74, 365), 2);
    assert_eq!(required_activity(0, 200, 365), 0);
}

#[test]
fn equal_scores_share_a_rank_and_the_next_rank_skips() {
    let t = inspection_table(0, 0);
    let r = rank(
        &[entrant(4, 1, 365, &t), entrant(3, 5, 365, &t), entrant(2, 5, 365, &t), entrant(1, 9, 365, &t)],
        &t,
        y2025(),
    );
    let ranks: Vec<(i64, Place)> = r.rows.iter().map(|row| (row.deputy.0, row.standing)).collect();
    assert_eq!(
        ranks,
        [
            (1, Place::Ranked { rank: 1 }),
            (2, Place::Ranked { rank: 2 }),
            (3, Place::Ranked { rank: 2 }),
            (4, Place::Ranked { rank: 4 }),
        ]
    );
}

#[test]
fn band_counts_cover_every_deputy_in_office() {
    let t = template(Template::Yinchuan);
    let s = |total: i64, activity| Summary { total: pts(total), band: None, activity };
    let e = |id, total, days| Entrant { deputy: DeputyshipId(id), summary: s(total, 10), days_in_office: days };
    let r = rank(&[e(1, 85, 365), e(2, 70, 365), e(3, 40, 365), e(4, 20, 73), e(5, 50, 0)], &t, y2025());
    let counts: Vec<(&str, u32)> = r.bands.iter().map(|b| (b.label, b.count)).collect();
    assert_eq!(counts, [("好", 2), ("较好", 1), ("差", 1)], "the joiner's 20 in a fifth of the year is 100: 好");
    let joiner = r.rows.iter().find(|row| row.deputy == DeputyshipId(4)).map(|row| row.comparable);
    assert_eq!(joiner, Some(pts(100)), "annualised, but never above full marks");
}

#[test]
fn those_in_the_bottom_places_two_years_running_are_found() {
    let t = inspection_table(0, 0);
    let y1 = rank(
        &[entrant(1, 9, 365, &t), entrant(2, 1, 365, &t), entrant(3, 2, 365, &t), entrant(4, 5, 365, &t)],
        &t,
        y2025(),
    );
    let y2 = rank(
        &[entrant(1, 1, 365, &t), entrant(2, 2, 365, &t), entrant(3, 9, 365, &t), entrant(4, 5, 365, &t)],
        &t,
        y2025(),
    );
    assert_eq!(bottom_in_both(&y1, &y2, 2), [DeputyshipId(2)]);
    assert_eq!(bottom_in_both(&y1, &y2, 0), []);
}
