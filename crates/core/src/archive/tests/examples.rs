//! Each template scores a hand-worked example exactly.

use super::*;

fn explanations(sheet: &score::ScoreSheet<'_>) -> Vec<String> {
    sheet.lines.iter().map(|l| l.explanation()).collect()
}

#[test]
fn every_template_is_valid_and_names_its_source() {
    for t in Template::ALL {
        let table = t.table();
        assert_eq!(table.problems(), vec![], "{}", t.label());
        assert!(table.name.contains("模板") && table.note.starts_with("参照"), "{}", t.label());
        // The note speaks to the congress, never to our files.
        assert!(!table.note.contains("DOMAIN") && !table.note.contains(".md"), "{}", table.note);
        assert!(is_chinese(&table.note));
        // Every template rates: its lowest band is 差.
        assert!(table.bands.iter().any(|b| b.label == "差" && b.at_least.is_none()), "{}", t.label());
        assert_eq!(Template::from_code(t.code()), Some(t));
    }
}

#[test]
fn jiangbei_gives_3_per_suggestion_and_inspection_or_survey_and_takes_1_per_half_day_of_leave() {
    // 2 suggestions led (6) + 1 co-signed (not scored) + 3 inspections (9) + 1 survey (3)
    // − 3 half-days of leave (3) = 15.
    let t = template(Template::Jiangbei);
    let mut archive = items(ItemKind::SuggestionLed, 2);
    archive.extend(items(ItemKind::SuggestionCosigned, 1));
    archive.extend(items(ItemKind::Inspection, 3));
    archive.extend(items(ItemKind::Survey, 1));
    archive.push(item(ItemKind::SessionLeave, date(2025, 1, 7), 3));
    let sheet = score(&archive, &t, y2025());
    assert_eq!(
        explanations(&sheet)[..4],
        [
            "领衔提出建议 2 件 × 3 分 = 6 分",
            "参加视察 3 次 × 3 分 = 9 分",
            "参加调研 1 次 × 3 分 = 3 分",
            "代表大会会议请假 3 个半天 × 扣 1 分 = 扣 3 分",
        ]
    );
    assert_eq!(sheet.lines.len(), 11, "the original's 11 items");
    assert_eq!((sheet.base, sheet.total, sheet.band_label), (Points::ZERO, pts(15), Some("良好")));
}

#[test]
fn dongbao_starts_from_60_a_year_with_uncapped_additions_published_quarterly() {
    // 60 + 2 suggestions led + 1 co-signed + 14 inspections + a 述职 rated 满意 = 78;
    // leave is not scored; nothing is capped.
    let t = template(Template::Dongbao);
    assert_eq!(t.table().cadence, rules::Cadence::Quarterly);
    let mut archive = items(ItemKind::SuggestionLed, 2);
    archive.extend(items(ItemKind::SuggestionCosigned, 1));
    archive.extend(items(ItemKind::Inspection, 14));
    archive.push(item(ItemKind::ReportSatisfied, date(2025, 11, 20), 1));
    archive.push(item(ItemKind::SessionLeave, date(2025, 1, 7), 2));
    let sheet = score(&archive, &t, y2025());
    assert_eq!(sheet.total, pts(78));
    assert!(sheet.lines.iter().all(|l| l.cap.is_none() && !l.capped));
    assert!(explanations(&sheet).contains(&"参加视察 14 次 × 1 分 = 14 分".to_owned()));

    // The first quarter's published score: the year so far (the items of January to March).
    let q1 = Period::year_to_quarter(date(2025, 6, 1), 1);
    assert_eq!(q1.to(), date(2025, 3, 31));
    let early: Vec<ArchiveItem> = (1..=3)
        .map(|m| item(ItemKind::Survey, date(2025, m, 15), 1))
        .chain([item(ItemKind::Survey, date(2025, 4, 1), 1)])
        .collect();
    assert_eq!(score(&early, &t, q1).total, pts(63));
}

#[test]
fn yinchuan_scores_out_of_100_with_its_three_bands() {
    // 9 half-days at the session 36; 5 suggestions led 25 → cap 15; 3 co-signed 6; 4
    // inspections 20, 3 surveys 15, 2 checks 10 = 45 → category cap 30 (−15); 2 receptions 6;
    // 1 training 3; 1 absence −2. 36+15+6+45+6+3−2−15 = 94: 好.
    let t = template(Template::Yinchuan);
    let mut a = vec![item(ItemKind::SessionAttended, date(2025, 1, 8), 9)];
    for (k, n) in [
        (ItemKind::SuggestionLed, 5),
        (ItemKind::SuggestionCosigned, 3),
        (ItemKind::Inspection, 4),
        (ItemKind::Survey, 3),
        (ItemKind::LawEnforcementCheck, 2),
        (ItemKind::StationReception, 2),
        (ItemKind::Training, 1),
        (ItemKind::ActivityAbsent, 1),
    ] {
        a.extend(items(k, n));
    }
    let sheet = score(&a, &t, y2025());
    assert_eq!(sheet.total, pts(94));
    assert_eq!(sheet.band_label, Some("好"));
    let ex = explanations(&sheet);
    assert!(ex.contains(&"领衔提出建议 5 件 × 5 分 = 25 分，超过上限，按 15 分计".to_owned()), "{ex:?}");
    assert!(ex.contains(&"闭会期间活动类合计 45 分，超过类别上限 30 分，核减 15 分".to_owned()), "{ex:?}");

    // Three of the nine half-days on leave: 24 for attendance and 6 deducted, 94 − 12 − 6 = 76, 较好.
    a[0] = item(ItemKind::SessionAttended, date(2025, 1, 8), 6);
    a.push(item(ItemKind::SessionLeave, date(2025, 1, 9), 3));
    let sheet = score(&a, &t, y2025());
    assert_eq!((sheet.total, sheet.band_label), (pts(76), Some("较好")));

    // A plain year is not 差: the session (36), two meetings and two activities (20) and one
    // suggestion (5) make 61.
    let mut plain = vec![item(ItemKind::SessionAttended, date(2025, 1, 8), 9)];
    for k in [ItemKind::MeetingAttended, ItemKind::Inspection, ItemKind::GroupActivity] {
        plain.extend(items(k, if k == ItemKind::MeetingAttended { 2 } else { 1 }));
    }
    plain.extend(items(ItemKind::SuggestionLed, 1));
    let sheet = score(&plain, &t, y2025());
    assert_eq!((sheet.total, sheet.band_label), (pts(61), Some("较好")));

    // Bands at their edges: 80 is 好, 79.99 较好, 60 较好, 59.99 差.
    for (p, band) in [(8000, "好"), (7999, "较好"), (6000, "较好"), (5999, "差"), (0, "差")] {
        let label = t.band_of(Points::hundredths(p)).and_then(|b| t.band_label(b));
        assert_eq!(label, Some(band), "{p}");
    }
}

#[test]
fn the_township_group_table_scores_targets_with_bonuses_and_shortfalls() {
    // 全勤 10; 4 suggestions = 10 + 5; no speech = 10 − 10 = 0; 3 group activities × 2.5 = 7.5;
    // 12 households × 0.5 = 6 → cap 5. Total 37.5.
    let t = template(Template::TownshipGroup);
    let mut a = vec![item(ItemKind::SessionAttended, date(2025, 1, 8), 4)];
    a.extend(items(ItemKind::SuggestionLed, 4));
    a.extend(items(ItemKind::GroupActivity, 3));
    a.push(item(ItemKind::VoterContact, date(2025, 4, 2), 12));
    let sheet = score(&a, &t, y2025());
    assert_eq!(sheet.total, Points::hundredths(3750));
    assert_eq!(
        explanations(&sheet),
        [
            "出席代表大会会议 4 个半天，全勤 = 10 分",
            "领衔提出建议 4 件（基准 3 件得 10 分，每多 1 件加 5 分，每少 1 件减 5 分）= 15 分",
            "大会审议发言 0 次（基准 1 次得 10 分，每多 1 次加 5 分，每少 1 次减 10 分）= 0 分",
            "参加代表小组活动 3 次 × 2.5 分 = 7.5 分（上限 10 分）",
            "走访联系选民 12 户 × 0.5 分 = 6 分，超过上限，按 5 分计",
        ]
    );

    // Leave costs the 全勤 10; no suggestion would be 10 − 15, held at 0; 3 speeches 10 + 10;
    // 5 group activities 12.5 → cap 10; 4 households 2. Total 32.
    let mut b =
        vec![item(ItemKind::SessionAttended, date(2025, 1, 8), 3), item(ItemKind::SessionLeave, date(2025, 1, 8), 1)];
    b.extend(items(ItemKind::DeliberationSpeech, 3));
    b.extend(items(ItemKind::GroupActivity, 5));
    b.push(item(ItemKind::VoterContact, date(2025, 4, 2), 4));
    let sheet = score(&b, &t, y2025());
    assert_eq!(sheet.total, pts(32));
    assert_eq!(
        sheet.lines[1].explanation(),
        "领衔提出建议 0 件（基准 3 件得 10 分，每多 1 件加 5 分，每少 1 件减 5 分）= -5 分，最低按 0 分计"
    );
    assert_eq!(sheet.lines[1].subtotal, Points::ZERO);
}
