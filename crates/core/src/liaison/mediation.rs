//! Deputies' mediation of social conflicts (社会矛盾化解): the record a station keeps of a case —
//! who the parties are, what the dispute is, what was done, and how it ended — linked to the
//! station and the deputies who took part. [`MediationForm::validate`] checks a record the way
//! the public form is checked: every problem at once, each naming its field.

use crate::ValidationError;
use crate::ids::{OrgId, PersonId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub const PARTY_MAX: usize = 60;
pub const ISSUE_MAX: usize = 1000;
pub const STEP_MAX: usize = 500;
pub const STEPS_MAX: usize = 50;

/// How a mediation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediationOutcome {
    Resolved,
    PartlyResolved,
    Unresolved,
    /// Handed to the body able to deal with it (a court, a 信访 office, a department).
    Transferred,
}

impl MediationOutcome {
    pub const ALL: [MediationOutcome; 4] = [
        MediationOutcome::Resolved,
        MediationOutcome::PartlyResolved,
        MediationOutcome::Unresolved,
        MediationOutcome::Transferred,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MediationOutcome::Resolved => "调解成功",
            MediationOutcome::PartlyResolved => "部分化解",
            MediationOutcome::Unresolved => "未化解",
            MediationOutcome::Transferred => "转交处理",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MediationOutcome::Resolved => "resolved",
            MediationOutcome::PartlyResolved => "partly_resolved",
            MediationOutcome::Unresolved => "unresolved",
            MediationOutcome::Transferred => "transferred",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// A case record as entered.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MediationForm {
    pub station: OrgId,
    pub deputies: Vec<PersonId>,
    pub parties: Vec<String>,
    pub issue: String,
    pub steps: Vec<String>,
    /// `None` while the mediation goes on (化解中).
    pub outcome: Option<MediationOutcome>,
    /// Whom it was handed to, for [`MediationOutcome::Transferred`] only.
    pub transferred_to: String,
    pub started_on: Date,
    pub ended_on: Option<Date>,
}

/// A checked case record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationCase {
    pub station: OrgId,
    pub deputies: Vec<PersonId>,
    pub parties: Vec<String>,
    pub issue: String,
    pub steps: Vec<String>,
    pub outcome: Option<MediationOutcome>,
    pub transferred_to: Option<String>,
    pub started_on: Date,
    pub ended_on: Option<Date>,
}

fn text_problem(label: &str, s: &str, max: usize) -> Option<String> {
    let n = s.chars().count();
    if n == 0 {
        Some(format!("请填写{label}"))
    } else if n > max {
        Some(format!("{label}不能超过{max}个字（现为{n}个字）"))
    } else if s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Some(format!("{label}含有不可见的控制字符"))
    } else {
        None
    }
}

impl MediationForm {
    /// Checks the record as of `today`; returns every problem found.
    pub fn validate(&self, today: Date) -> Result<MediationCase, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let mut err = |field: &str, m: String| errors.push(ValidationError::new(field, m));
        let parties: Vec<String> = self.parties.iter().map(|p| p.trim().to_owned()).collect();
        if parties.len() < 2 {
            err("parties", "矛盾纠纷至少涉及两方当事人".to_owned());
        }
        for (i, p) in parties.iter().enumerate() {
            if let Some(m) = text_problem(&format!("第{}方当事人", i + 1), p, PARTY_MAX) {
                err("parties", m);
            } else if parties[..i].contains(p) {
                err("parties", format!("当事人“{p}”重复填写"));
            }
        }
        let issue = self.issue.trim().to_owned();
        if let Some(m) = text_problem("矛盾纠纷事项", &issue, ISSUE_MAX) {
            err("issue", m);
        }
        let steps: Vec<String> = self.steps.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
        if steps.len() > STEPS_MAX {
            err("steps", format!("化解过程最多记录{STEPS_MAX}条"));
        }
        for (i, s) in steps.iter().enumerate() {
            if let Some(m) = text_problem(&format!("第{}条化解过程", i + 1), s, STEP_MAX) {
                err("steps", m);
            }
        }
        if self.outcome.is_some() && steps.is_empty() {
            err("steps", "已有化解结果的，请记录化解过程".to_owned());
        }
        let transferred_to = self.transferred_to.trim();
        let transferred_to = match self.outcome {
            Some(MediationOutcome::Transferred) => match text_problem("接收单位", transferred_to, PARTY_MAX) {
                Some(m) => {
                    err("transferred_to", m);
                    None
                }
                None => Some(transferred_to.to_owned()),
            },
            _ if !transferred_to.is_empty() => {
                err("transferred_to", "只有“转交处理”的案件才填写接收单位".to_owned());
                None
            }
            _ => None,
        };
        if self.deputies.is_empty() {
            err("deputies", "请至少填写一名参与化解的代表".to_owned());
        }
        let mut ds = self.deputies.clone();
        ds.sort_unstable();
        ds.dedup();
        if ds.len() != self.deputies.len() {
            err("deputies", "同一名代表不能重复填写".to_owned());
        }
        if self.started_on > today {
            err("started_on", "开始日期不能晚于今天".to_owned());
        }
        match (self.outcome, self.ended_on) {
            (Some(_), None) => err("ended_on", "已有化解结果的，请填写结束日期".to_owned()),
            (None, Some(_)) => err("outcome", "填写了结束日期的，请选择化解结果".to_owned()),
            (_, Some(end)) if end < self.started_on => err("ended_on", "结束日期不能早于开始日期".to_owned()),
            (_, Some(end)) if end > today => err("ended_on", "结束日期不能晚于今天".to_owned()),
            _ => {}
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(MediationCase {
            station: self.station,
            deputies: self.deputies.clone(),
            parties,
            issue,
            steps,
            outcome: self.outcome,
            transferred_to,
            started_on: self.started_on,
            ended_on: self.ended_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 3, 20);

    fn resolved() -> MediationForm {
        MediationForm {
            station: OrgId(5),
            deputies: vec![PersonId(1), PersonId(2)],
            parties: vec!["张某（业主）".into(), "某物业公司".into()],
            issue: "小区电梯维修费用分摊争议".into(),
            steps: vec!["3月2日代表上门听取双方意见".into(), "3月9日组织双方协商".into()],
            outcome: Some(MediationOutcome::Resolved),
            transferred_to: String::new(),
            started_on: date(2026, 3, 2),
            ended_on: Some(date(2026, 3, 9)),
        }
    }

    fn fields(errors: &[ValidationError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_resolved_case_with_two_parties_and_its_steps_is_recorded() {
        let case = resolved().validate(TODAY).expect("valid");
        assert_eq!(case.outcome.map(MediationOutcome::label), Some("调解成功"));
        assert_eq!((case.parties.len(), case.steps.len(), case.transferred_to), (2, 2, None));
    }

    #[test]
    fn a_case_still_going_on_has_neither_outcome_nor_end() {
        let f = MediationForm { outcome: None, ended_on: None, steps: vec![], ..resolved() };
        assert!(f.validate(TODAY).is_ok());
        let f = MediationForm { outcome: None, ..resolved() };
        assert_eq!(fields(&f.validate(TODAY).expect_err("ended without outcome")), vec!["outcome"]);
    }

    #[test]
    fn a_transferred_case_names_where_it_went_and_only_then() {
        let f = MediationForm { outcome: Some(MediationOutcome::Transferred), ..resolved() };
        assert_eq!(fields(&f.validate(TODAY).expect_err("no receiver")), vec!["transferred_to"]);
        let f = MediationForm { transferred_to: "区人民法院诉前调解中心".into(), ..f };
        assert_eq!(f.validate(TODAY).expect("ok").transferred_to.as_deref(), Some("区人民法院诉前调解中心"));
        let f = MediationForm { transferred_to: "区信访局".into(), ..resolved() };
        assert_eq!(fields(&f.validate(TODAY).expect_err("resolved, yet transferred")), vec!["transferred_to"]);
    }

    #[test]
    fn every_problem_of_a_bad_record_is_named() {
        let f = MediationForm {
            deputies: vec![],
            parties: vec!["张某".into()],
            issue: " ".into(),
            steps: vec![],
            started_on: date(2026, 3, 10),
            ended_on: Some(date(2026, 3, 9)),
            ..resolved()
        };
        let errors = f.validate(TODAY).expect_err("bad");
        assert_eq!(fields(&errors), vec!["parties", "issue", "steps", "deputies", "ended_on"]);
        assert!(errors.iter().all(|e| e.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
        let f = MediationForm { parties: vec!["张某".into(), "张某".into()], ..resolved() };
        assert!(f.validate(TODAY).expect_err("twice")[0].message.contains("重复"));
        let f = MediationForm { started_on: date(2026, 4, 1), outcome: None, ended_on: None, ..resolved() };
        assert_eq!(fields(&f.validate(TODAY).expect_err("future")), vec!["started_on"]);
    }

    #[test]
    fn outcomes_have_labels_and_stable_codes() {
        let labels: Vec<_> = MediationOutcome::ALL.into_iter().map(MediationOutcome::label).collect();
        assert_eq!(labels, vec!["调解成功", "部分化解", "未化解", "转交处理"]);
        for o in MediationOutcome::ALL {
            assert_eq!(MediationOutcome::from_code(o.code()), Some(o));
        }
    }
}
