//! The annual oversight plan (年度监督工作计划) and its items as a form gives them, with the
//! checks they pass before the store keeps them.

use super::OversightForm;
use crate::ErrorCode;
use crate::error::Refusal;
use crate::ids::{OrgId, PlanId};
use crate::org::CongressLevel;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where an item stands in its year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Planned,
    Underway,
    Done,
}

impl ItemState {
    pub const ALL: [ItemState; 3] = [ItemState::Planned, ItemState::Underway, ItemState::Done];

    pub fn code(self) -> &'static str {
        match self {
            ItemState::Planned => "planned",
            ItemState::Underway => "underway",
            ItemState::Done => "done",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemState::Planned => "计划中",
            ItemState::Underway => "实施中",
            ItemState::Done => "已完成",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// A meeting of an item (hearing the report, the inspection, the inquiry meeting…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub on: Date,
    pub note: String,
}

/// A plan as a form gives it.
#[derive(Clone, Debug)]
pub struct PlanForm {
    pub year: i64,
    pub title: String,
    pub body: String,
}

/// An item as a form gives it.
#[derive(Clone, Debug)]
pub struct ItemForm {
    pub plan: Option<PlanId>,
    pub year: i64,
    pub form: OversightForm,
    pub title: String,
    pub body_org: Option<OrgId>,
    pub committee: String,
    pub summary: String,
    pub meetings: Vec<Meeting>,
    pub state: ItemState,
    pub documents: Vec<i64>,
}

fn year(y: i64) -> Result<(), Refusal> {
    if (2000..=2100).contains(&y) { Ok(()) } else { Err(Refusal::invalid("year", "请填写正确的年度")) }
}

fn required(field: &'static str, text: &str, what: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() { Err(Refusal::invalid(field, format!("请填写{what}"))) } else { Ok(()) }
}

fn limit(field: &'static str, text: &str, max: usize, what: &str) -> Result<(), Refusal> {
    if text.chars().count() > max {
        Err(Refusal::invalid(field, format!("{what}不能超过{max}个字")))
    } else {
        Ok(())
    }
}

/// A plan's year, title and text, or why not.
pub fn check_plan(f: &PlanForm) -> Result<(), Refusal> {
    year(f.year)?;
    required("title", &f.title, "计划标题")?;
    limit("title", f.title.trim(), 100, "标题")?;
    limit("body", &f.body, 20_000, "计划正文")
}

/// What the store found of what an item's form names.
#[derive(Clone, Debug)]
pub struct ItemContext {
    /// The level of the congress the item is of.
    pub level: CongressLevel,
    /// For a chosen body: whether it is a unit (一府一委两院 or a department) of that congress.
    pub body_here: Option<bool>,
    /// For a chosen plan: whether it is that congress's.
    pub plan_here: Option<bool>,
    /// The first linked document that does not exist.
    pub missing_document: Option<i64>,
}

/// An item's form, or why not: its texts bounded, a form of oversight the congress's level
/// has, a body of its own congress where the form oversees one, its own congress's plan, and
/// documents that exist.
pub fn check_item(f: &ItemForm, cx: &ItemContext) -> Result<(), Refusal> {
    year(f.year)?;
    required("title", &f.title, "监督事项名称")?;
    limit("title", f.title.trim(), 100, "监督事项名称")?;
    limit("committee", f.committee.trim(), 60, "负责的专门委员会")?;
    limit("summary", &f.summary, 10_000, "事项说明")?;
    if f.meetings.len() > 20 || f.meetings.iter().any(|m| m.note.chars().count() > 200) {
        return Err(Refusal::invalid("meetings", "会议最多20次，每次说明不超过200个字"));
    }
    if !f.form.available_at(cx.level) {
        return Err(Refusal::invalid("form", "乡镇人大不设常务委员会，不适用监督法规定的监督形式"));
    }
    match cx.body_here {
        Some(false) => return Err(Refusal::invalid("body", "被监督单位须为本级人大的一府一委两院或其部门")),
        Some(true) => {}
        None if f.form.yields_review_opinions() || f.form == OversightForm::Interpellation => {
            return Err(Refusal::invalid("body", "请选择被监督单位"));
        }
        None => {}
    }
    if cx.plan_here == Some(false) {
        return Err(Refusal::invalid("plan", "只能列入本级人大的监督工作计划"));
    }
    if let Some(d) = cx.missing_document {
        return Err(Refusal::invalid("documents", format!("文档（编号{d}）不存在")));
    }
    Ok(())
}

/// A deputy's signature on an item of `form`: only a 质询 or 专题询问 is signed, by a deputy of
/// the congress in office that day (`seated`), once (`already` signed refuses it).
pub fn check_signature(form: OversightForm, seated: bool, already: bool) -> Result<(), Refusal> {
    if !matches!(form, OversightForm::Interpellation | OversightForm::SpecialInquiry) {
        return Err(Refusal::invalid("person", "只有质询和专题询问需要联名"));
    }
    if !seated {
        return Err(Refusal::invalid("person", "联名人须为本级人大在任代表"));
    }
    if already {
        return Err(Refusal::new(ErrorCode::AlreadySigned, "该代表已经联名，不能重复登记。"));
    }
    Ok(())
}

/// A congress has one plan a year: `taken` says whether `year`'s exists already.
pub fn check_year_free(taken: bool, year: i64) -> Result<(), Refusal> {
    if taken {
        return Err(Refusal::new(ErrorCode::PlanExists, format!("{year}年度监督工作计划已经存在，请直接修改。")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(form: OversightForm) -> ItemForm {
        ItemForm {
            plan: None,
            year: 2026,
            form,
            title: "关于全市医疗卫生服务体系建设情况的报告".into(),
            body_org: None,
            committee: "教科文卫委员会".into(),
            summary: String::new(),
            meetings: Vec::new(),
            state: ItemState::Planned,
            documents: Vec::new(),
        }
    }

    fn here() -> ItemContext {
        ItemContext { level: CongressLevel::City, body_here: Some(true), plan_here: None, missing_document: None }
    }

    fn field(r: Result<(), Refusal>) -> Option<&'static str> {
        r.expect_err("refused").field
    }

    #[test]
    fn only_an_inquiry_is_signed_by_a_seated_deputy_once() {
        let inquiry = OversightForm::Interpellation;
        assert!(check_signature(inquiry, true, false).is_ok());
        assert!(check_signature(OversightForm::SpecialInquiry, true, false).is_ok());
        assert_eq!(field(check_signature(OversightForm::SpecialWorkReport, true, false)), Some("person"));
        let r = check_signature(inquiry, false, false).expect_err("not seated");
        assert_eq!(r.message, "联名人须为本级人大在任代表");
        assert_eq!(check_signature(inquiry, true, true).expect_err("twice").code, ErrorCode::AlreadySigned);
    }

    #[test]
    fn a_plan_needs_a_year_and_a_title_of_at_most_a_hundred_characters() {
        let ok = PlanForm { year: 2026, title: "2026年度监督工作计划".into(), body: String::new() };
        assert!(check_plan(&ok).is_ok());
        assert_eq!(field(check_plan(&PlanForm { year: 1999, ..ok.clone() })), Some("year"));
        assert_eq!(field(check_plan(&PlanForm { title: "  ".into(), ..ok.clone() })), Some("title"));
        assert_eq!(field(check_plan(&PlanForm { title: "字".repeat(101), ..ok.clone() })), Some("title"));
        assert_eq!(field(check_plan(&PlanForm { body: "字".repeat(20_001), ..ok })), Some("body"));
    }

    #[test]
    fn an_item_oversees_a_body_of_its_own_congress_in_its_own_plan() {
        let f = item(OversightForm::SpecialWorkReport);
        assert!(check_item(&f, &here()).is_ok());
        let r = check_item(&f, &ItemContext { body_here: Some(false), ..here() }).expect_err("another congress's");
        assert_eq!((r.field, r.message.as_str()), (Some("body"), "被监督单位须为本级人大的一府一委两院或其部门"));
        let r = check_item(&f, &ItemContext { body_here: None, ..here() }).expect_err("a report needs its body");
        assert_eq!(r.message, "请选择被监督单位");
        let inspection = item(OversightForm::FilingReview);
        assert!(check_item(&inspection, &ItemContext { body_here: None, ..here() }).is_ok(), "no body needed");
        assert_eq!(field(check_item(&f, &ItemContext { plan_here: Some(false), ..here() })), Some("plan"));
        let r = check_item(&f, &ItemContext { missing_document: Some(7), ..here() }).expect_err("missing");
        assert_eq!(r.message, "文档（编号7）不存在");
        let township = ItemContext { level: CongressLevel::Township, ..here() };
        assert_eq!(field(check_item(&f, &township)), Some("form"), "townships have no standing committee");
        let many =
            ItemForm { meetings: vec![Meeting { on: jiff::civil::date(2026, 3, 1), note: String::new() }; 21], ..f };
        assert_eq!(field(check_item(&many, &here())), Some("meetings"));
    }
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn one_plan_a_year() {
        assert!(check_year_free(false, 2026).is_ok());
        let taken = check_year_free(true, 2026).expect_err("taken");
        assert_eq!(
            (taken.code, taken.message.as_str()),
            (ErrorCode::PlanExists, "2026年度监督工作计划已经存在，请直接修改。")
        );
    }
}
