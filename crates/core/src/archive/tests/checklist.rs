use crate::archive::group::{Checklist, STANDARD};
use crate::ids::OrgId;

#[test]
fn the_standard_checklist_has_the_ten_items_and_counts_those_met() {
    let mut c = Checklist::standard(OrgId(9), 2025);
    assert_eq!(c.entries().len(), 10);
    assert!(STANDARD.contains(&"有活动场所") && STANDARD.contains(&"有活动记录"));
    for n in 1..=7 {
        c.mark_met(n, "见附件").unwrap_or_else(|e| panic!("{e}"));
    }
    let s = c.summary();
    assert_eq!((s.met, s.total), (7, 10));
    assert_eq!(s.to_string(), "共 10 项，已达标 7 项；未达标：有学习资料、有履职档案、有考评机制");
    c.mark_unmet(1, "组长调离，待补选").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.summary().met, 6);
}

#[test]
fn an_item_is_met_only_with_evidence() {
    let mut c = Checklist::standard(OrgId(9), 2025);
    assert_eq!(c.mark_met(2, " ").err().map(|e| e.code().as_str()), Some("evidence_missing"));
    assert_eq!(c.mark_met(0, "x").err().map(|e| e.code().as_str()), Some("no_such_checklist_item"));
    assert_eq!(c.mark_met(11, "x").err().map(|e| e.to_string()), Some("没有第11项检查项目。".into()));
    assert_eq!(c.summary().met, 0);
}

#[test]
fn a_congress_may_configure_its_own_list() {
    let c = Checklist::new(OrgId(9), 2025, &["有场所", "有制度", "有计划"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.summary().to_string(), "共 3 项，已达标 0 项；未达标：有场所、有制度、有计划");
    let dup = Checklist::new(OrgId(9), 2025, &["有场所", "有场所 "]).err().map(|e| e.code().as_str());
    assert_eq!(dup, Some("duplicate_checklist_item"));
    let empty: [&str; 0] = [];
    assert_eq!(Checklist::new(OrgId(9), 2025, &empty).err().map(|e| e.code().as_str()), Some("checklist_size"));
}
