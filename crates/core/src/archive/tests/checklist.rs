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

#[test]
fn a_group_s_members_checklist_and_activities_stay_in_its_congress() {
    use crate::archive::group::{
        check_config_owner, check_evidence, check_link, check_members, check_new_checklist, check_sitting,
        check_station,
    };
    use crate::ids::PersonId;
    let (a, b) = (PersonId(2), PersonId(1));
    assert_eq!(check_members(&[a, b, a], Some(a)), Ok(vec![b, a]), "each once, sorted");
    assert_eq!(check_members(&[a], Some(b)).expect_err("leader outside").field, Some("leader"));
    let many: Vec<PersonId> = (0..501).map(PersonId).collect();
    assert_eq!(check_members(&many, None).expect_err("too many").field, Some("members"));
    assert!(check_sitting(None).is_ok());
    let e = check_sitting(Some(Some("王大明"))).expect_err("not sitting");
    assert_eq!(e.message, "王大明不是本级人大的在任代表，不能编入本小组。");
    assert!(check_sitting(Some(None)).expect_err("unknown").message.starts_with("所选人员"));
    assert_eq!(check_station(false).expect_err("another congress's").field, Some("station"));
    assert_eq!(check_config_owner(false).expect_err("not a congress").field, Some("congress"));
    assert_eq!(check_new_checklist(true, 2026).expect_err("twice").code, crate::ErrorCode::ChecklistExists);
    assert!(check_evidence(&"字".repeat(500)).is_ok() && check_evidence(&"字".repeat(501)).is_err());
    assert_eq!(check_link(false, None).expect_err("not a group activity").field, Some("activity"));
    assert_eq!(check_link(true, Some(false)).expect_err("another congress's group").field, Some("group"));
    assert!(check_link(true, Some(true)).is_ok());
}
