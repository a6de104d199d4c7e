use super::*;
use crate::archive::items::Review;

fn survey_declaration() -> Declaration {
    Declaration::new(
        ItemKind::Survey,
        date(2025, 4, 2),
        1,
        Declarant::TownshipStaff,
        "参加镇人大组织的农村供水调研".into(),
        vec!["调研签到表.jpg".into()],
        date(2025, 4, 3),
    )
    .unwrap_or_else(|e| panic!("refused: {e}"))
}

#[test]
fn a_declaration_needs_evidence_a_past_date_and_a_declarable_kind() {
    let new = |kind, day, evidence: Vec<String>| {
        Declaration::new(kind, day, 1, Declarant::Deputy, "走访".into(), evidence, date(2025, 4, 3))
            .err()
            .map(|e| e.code().as_str())
    };
    assert_eq!(new(ItemKind::VoterContact, date(2025, 4, 1), vec![]), Some("evidence_missing"));
    assert_eq!(new(ItemKind::VoterContact, date(2025, 4, 1), vec!["  ".into()]), Some("evidence_missing"));
    assert_eq!(new(ItemKind::VoterContact, date(2025, 4, 4), vec!["照片".into()]), Some("date_in_future"));
    assert_eq!(new(ItemKind::SuggestionLed, date(2025, 4, 1), vec!["照片".into()]), Some("not_declarable"));
    assert_eq!(new(ItemKind::SessionLeave, date(2025, 4, 1), vec!["照片".into()]), Some("not_declarable"));
    assert_eq!(new(ItemKind::VoterContact, date(2025, 4, 1), vec!["照片".into()]), None);
}

#[test]
fn a_declared_item_is_verified_or_rejected_and_only_the_verified_one_counts() {
    let d = survey_declaration();
    assert!(!d.item(1).counts());
    let verified = d.review(&Review::Verify).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(verified.status, DeclaredStatus::Verified);
    assert!(verified.item(1).counts());
    assert_eq!(
        verified.review(&Review::Verify).err().map(|e| e.to_string()),
        Some("当前为“已核实”，不能核实。".into())
    );

    let no_reason = d.review(&Review::Reject { reason: "".into() }).err().map(|e| e.code().as_str());
    assert_eq!(no_reason, Some("required"));
    let rejected = d.review(&Review::Reject { reason: "签到表上没有该代表".into() }).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (rejected.status, rejected.review_note.as_deref()),
        (DeclaredStatus::Rejected, Some("签到表上没有该代表"))
    );
    assert!(!rejected.item(1).counts());
}

#[test]
fn a_rejected_declaration_may_be_amended_and_declared_again() {
    let rejected =
        survey_declaration().review(&Review::Reject { reason: "缺少照片".into() }).unwrap_or_else(|e| panic!("{e}"));
    let amend =
        |evidence: Vec<String>| Review::Amend { description: "参加供水调研".into(), evidence, quantity: 1 };
    assert_eq!(rejected.review(&amend(vec![])).err().map(|e| e.code().as_str()), Some("evidence_missing"));
    let again = rejected.review(&amend(vec!["现场照片.jpg".into()])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((again.status, again.evidence.len()), (DeclaredStatus::Declared, 1));
    assert_eq!(
        survey_declaration().review(&amend(vec!["x".into()])).err().map(|e| e.code().as_str()),
        Some("wrong_state")
    );
}
