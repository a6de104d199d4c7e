//! The year's 备案审查工作情况报告 to the standing committee: the figures it is written from (one
//! pure count over the year's filings and 审查建议, so the report, the statistics page and the
//! lists cannot disagree), the draft the office starts from, and the title it goes up under.
//!
//! The draft is plain text a clerk edits, as the 代表建议办理情况报告's is
//! (`crate::official::report`): a line starting `一、` is a heading, a passage still marked
//! `【请填写……】` is not issued.

use super::FilingBody;
use super::proposal::{ProposalState, ReviewProposal};
use super::review::{Filing, FilingState, Late, ReviewKind};
use crate::official::Template;
use crate::official::report::FILL_IN;
use crate::{ErrorCode, Refusal};
use jiff::civil::Date;
use serde::Serialize;

/// The year's figures of one filing body (`body: None` for the total).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BodyFigures {
    pub body: Option<FilingBody>,
    /// Filed (or recorded from the gazette) this year.
    pub filed: usize,
    pub on_time: usize,
    pub late: usize,
    /// Returned for completion at least once.
    pub returned: usize,
    /// Sent a written 审查意见.
    pub opinions: usize,
    pub corrected: usize,
    /// Revoked by the standing committee.
    pub revoked: usize,
}

/// One filing as the year's count reads it: the body that filed it, the day it was filed and
/// where it stands.
#[derive(Clone, Copy, Debug)]
pub struct Filed<'a> {
    pub body: FilingBody,
    pub filed_on: Date,
    pub filing: &'a Filing,
}

/// The figures per body of the filings filed in `year`, then the total: every filing counted
/// once in its body's row and once in the total.
pub fn body_figures<'a>(filings: impl IntoIterator<Item = Filed<'a>>, year: i16) -> Vec<BodyFigures> {
    let mut out: Vec<BodyFigures> =
        FilingBody::ALL.into_iter().map(|b| BodyFigures { body: Some(b), ..BodyFigures::default() }).collect();
    let mut total = BodyFigures::default();
    for f in filings.into_iter().filter(|f| f.filed_on.year() == year) {
        let late = f.filing.late().contains(&Late::Filing);
        let state = f.filing.state();
        for s in [out.iter_mut().find(|r| r.body == Some(f.body)).expect("every body has a row"), &mut total] {
            s.filed += 1;
            s.on_time += usize::from(!late);
            s.late += usize::from(late);
            s.returned += usize::from(f.filing.returns() > 0);
            s.opinions += usize::from(f.filing.opinion_on().is_some());
            s.corrected += usize::from(state == FilingState::Corrected);
            s.revoked += usize::from(state == FilingState::Revoked);
        }
    }
    out.push(total);
    out
}

/// The year's 审查建议: received, declined with the reason told, reviews opened, results fed
/// back, published with the proposer's consent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProposalFigures {
    pub received: usize,
    pub declined: usize,
    pub reviewed: usize,
    pub answered: usize,
    pub published: usize,
}

impl ProposalFigures {
    pub fn of<'a>(proposals: impl IntoIterator<Item = &'a ReviewProposal>) -> ProposalFigures {
        let mut f = ProposalFigures::default();
        for p in proposals {
            f.received += 1;
            f.declined += usize::from(p.state() == ProposalState::Declined);
            f.reviewed += usize::from(p.filing().is_some());
            f.answered += usize::from(p.state() == ProposalState::Answered);
            f.published += usize::from(p.published());
        }
        f
    }
}

/// A document registered in the year, as the published list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegisteredLine {
    pub number: String,
    pub title: String,
    pub maker_name: String,
    pub published_on: Date,
}

/// What the report is written from: one congress's filings and 审查建议 of one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnualFigures {
    /// 示范市人民代表大会.
    pub congress_name: String,
    pub year: i16,
    /// Per body, the total last ([`body_figures`]).
    pub bodies: Vec<BodyFigures>,
    /// The year's filings by the kind of their review (those not yet sent in none).
    pub by_kind: Vec<(ReviewKind, usize)>,
    /// The year's filings by where they stand, the states without any left out.
    pub by_state: Vec<(FilingState, usize)>,
    pub proposals: ProposalFigures,
    /// The documents registered in the year, in the order of their 备案号.
    pub registered: Vec<RegisteredLine>,
}

impl AnnualFigures {
    /// The year's filings by the kind of their review, from the same rows as [`body_figures`].
    pub fn by_kind<'a>(filings: impl IntoIterator<Item = Filed<'a>>, year: i16) -> Vec<(ReviewKind, usize)> {
        let kinds: Vec<Option<ReviewKind>> =
            filings.into_iter().filter(|f| f.filed_on.year() == year).map(|f| f.filing.review_kind()).collect();
        ReviewKind::ALL.iter().map(|k| (*k, kinds.iter().filter(|x| **x == Some(*k)).count())).collect()
    }

    /// The year's filings by where they stand, the states without any left out.
    pub fn by_state<'a>(filings: impl IntoIterator<Item = Filed<'a>>, year: i16) -> Vec<(FilingState, usize)> {
        let states: Vec<FilingState> =
            filings.into_iter().filter(|f| f.filed_on.year() == year).map(|f| f.filing.state()).collect();
        FilingState::ALL
            .iter()
            .map(|s| (*s, states.iter().filter(|x| **x == *s).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    pub fn total(&self) -> &BodyFigures {
        self.bodies.last().expect("the total row (body_figures)")
    }

    /// The values of the template's placeholders.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        vec![
            ("人大", self.congress_name.clone()),
            ("年度", self.year.to_string()),
            ("件数", self.total().filed.to_string()),
            ("审查意见", self.total().opinions.to_string()),
        ]
    }
}

/// 关于2026年度规范性文件备案审查工作情况的报告.
pub fn annual_title(year: i16) -> String {
    format!("关于{year}年度规范性文件备案审查工作情况的报告")
}

/// The draft the clerk edits: the template's paragraphs with the figures, then a section each
/// on filing, review and the 审查建议 written from the figures, and a last section marked for
/// the office to write. The list of registered documents is the report's attachment.
pub fn annual_draft(f: &AnnualFigures, t: &Template) -> String {
    let mut out: Vec<String> = t.fill(&f.values());
    let total = f.total();
    out.push("一、规范性文件报送备案情况".into());
    let bodies: Vec<String> = f
        .bodies
        .iter()
        .filter_map(|b| Some((b.body?, b.filed)))
        .filter(|(_, n)| *n > 0)
        .map(|(b, n)| format!("{}{}件", b.label(), n))
        .collect();
    let mut p = format!("本年度共收到报送备案的规范性文件{}件", total.filed);
    if !bodies.is_empty() {
        p.push_str(&format!("，其中{}", bodies.join("，")));
    }
    p.push_str(&format!(
        "。按时报送{}件，逾期报送{}件；因材料不齐全退回补正{}件。经审查登记备案{}件（目录见附件）。",
        total.on_time,
        total.late,
        total.returned,
        f.registered.len()
    ));
    out.push(p);
    out.push("二、审查工作情况".into());
    let kinds: Vec<String> =
        f.by_kind.iter().filter(|(_, n)| *n > 0).map(|(k, n)| format!("{}{}件", k.label(), n)).collect();
    let mut p = if kinds.is_empty() {
        "本年度尚未有文件送交审查。".to_owned()
    } else {
        format!("对报送备案的文件逐件审查，其中{}。", kinds.join("，"))
    };
    p.push_str(&format!("经审查，提出书面审查意见{}件", total.opinions));
    p.push_str(&format!("，制定机关已纠正{}件", total.corrected));
    if total.revoked > 0 {
        p.push_str(&format!("，常务委员会决定撤销{}件", total.revoked));
    }
    p.push('。');
    let states: Vec<String> =
        f.by_state.iter().filter(|(s, _)| !s.is_final()).map(|(s, n)| format!("{}{}件", s.label(), n)).collect();
    if !states.is_empty() {
        p.push_str(&format!("截至目前，{}。", states.join("，")));
    }
    out.push(p);
    out.push("三、审查建议办理情况".into());
    let pr = f.proposals;
    out.push(if pr.received == 0 {
        "本年度未收到公民、组织提出的审查建议。".to_owned()
    } else {
        format!(
            "收到公民、组织提出的审查建议{}件，其中不予审查并告知理由{}件，启动审查{}件，已反馈审查结果{}件，经建议人同意公开{}件。",
            pr.received, pr.declined, pr.reviewed, pr.answered, pr.published
        )
    });
    out.push("四、存在的问题和下一步工作".into());
    out.push(format!("{FILL_IN}存在的问题和下一步工作打算】"));
    out.join("\n")
}

/// A report is written about a year in which something was filed or proposed.
pub fn check_annual(f: &AnnualFigures) -> Result<(), Refusal> {
    if f.total().filed == 0 && f.proposals.received == 0 {
        return Err(Refusal::new(
            ErrorCode::NothingToIssue,
            format!("{}年没有报送备案的文件和审查建议，无需印发备案审查工作情况报告", f.year),
        ));
    }
    Ok(())
}
