//! Filing review of normative documents (备案审查) and public consultation on draft
//! regulations (法规草案公开征求意见), issue 18 — the rules only, as data and pure functions; the
//! store keeps the records (DOMAIN.md, "Filing review and legislation").
//!
//! A standing committee at county level and above reviews the normative documents of its
//! government, 监委, court and procuratorate and the resolutions of the congress below (监督法
//! Art. 39–40, 45; 立法法 Art. 109–115). Each is filed within 30 days of its publication,
//! checked for form, registered under a 备案号 or returned for completion, sent to a committee
//! and reviewed; a problem found ends in the maker's correction or in a proposal that the
//! standing committee revoke the document.
//!
//! - [`review`]: one filing as a state machine (报送 → 登记 → 审查 → 审查意见 → 纠正, or 退回补正,
//!   移送, 提请撤销 → 撤销 by the standing committee's vote) with one transition function,
//!   [`review::apply`]; 专门委员会 asked for their opinion hold the review until they answer.
//! - [`proposal`]: a 审查建议 from a citizen or an organisation — the form, the 10-day answer
//!   when no review is opened, and publication only with the proposer's consent.
//! - [`consultation`]: a draft regulation's versions and their comment periods (设区的市
//!   only), comments by channel on the whole draft or one article, duplicate groups and their
//!   answers (采纳 / 部分采纳 / 未采纳).
//! - [`annual`]: the year's 备案审查工作情况报告 — its figures per filing body, counted once from
//!   the filings the lists show, and the draft the office edits and issues.
//! - [`report`]: the 征求意见情况 report's counts — by channel, by article, by answer — as one
//!   pure function over the comments and their groups.
//!
//! Every period is a congress [`Settings`] defaulting to DOMAIN.md's figures (Beijing 2024
//! practice), and every deadline is computed here from [`crate::calendar`], in the unit the
//! rule speaks: calendar days (报送, 登记, 补正, 移送, the maker's answers), working days (sent to
//! a committee within 5 working days), calendar months (主动审查 within 3 months, clamped at a
//! month's end). One engine for the whole platform, as DOMAIN.md states it for suggestions and
//! oversight: a period in days or months ends on the day it counts to, a weekend or holiday
//! included — it is never moved to the next working day (民法典 Art. 203 would move it; the
//! platform's deadlines are therefore never later than the law's, and read the same in every
//! module). Only a period counted in working days skips rest days.

use crate::calendar::{HolidayCalendar, add_months};
use crate::ids::OrgId;
use crate::org::{CongressLevel, OrgKind, UnitKind};
use crate::{ErrorCode, Refusal};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

pub mod annual;
pub mod consultation;
pub mod draft;
pub mod proposal;
pub mod report;
pub mod review;

#[cfg(test)]
mod tests;

/// Who files normative documents with a standing committee (监督法 Art. 39–40).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingBody {
    /// 人民政府 (its office files for it).
    Government,
    /// 监察委员会.
    SupervisoryCommission,
    /// 人民法院.
    Court,
    /// 人民检察院.
    Procuratorate,
    /// 下一级人民代表大会及其常务委员会 (a county's congress files with the city's standing
    /// committee; a township's with the county's).
    LowerCongress,
}

impl FilingBody {
    pub const ALL: [FilingBody; 5] = [
        FilingBody::Government,
        FilingBody::SupervisoryCommission,
        FilingBody::Court,
        FilingBody::Procuratorate,
        FilingBody::LowerCongress,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FilingBody::Government => "government",
            FilingBody::SupervisoryCommission => "supervisory_commission",
            FilingBody::Court => "court",
            FilingBody::Procuratorate => "procuratorate",
            FilingBody::LowerCongress => "lower_congress",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FilingBody::Government => "人民政府",
            FilingBody::SupervisoryCommission => "监察委员会",
            FilingBody::Court => "人民法院",
            FilingBody::Procuratorate => "人民检察院",
            FilingBody::LowerCongress => "下一级人民代表大会及其常务委员会",
        }
    }

    /// The body a handling unit's user files for: a government department files the
    /// government's documents (its office does), the others their own. `None` for a unit of
    /// another kind, which files nothing.
    pub fn of_unit(kind: UnitKind) -> Option<Self> {
        match kind {
            UnitKind::GovernmentDepartment => Some(FilingBody::Government),
            UnitKind::SupervisoryCommission => Some(FilingBody::SupervisoryCommission),
            UnitKind::Court => Some(FilingBody::Court),
            UnitKind::Procuratorate => Some(FilingBody::Procuratorate),
            UnitKind::Other => None,
        }
    }
}

/// Whether a congress of `level` receives filings: only one with a standing committee (county
/// level and above). A township congress files its resolutions with the county's instead.
pub fn check_receives_filings(level: CongressLevel) -> Result<(), Refusal> {
    if level.has_standing_committee() {
        return Ok(());
    }
    Err(Refusal::new(
        ErrorCode::NoFilingRemit,
        "乡镇人大不设常务委员会，不受理规范性文件备案；乡镇人大的决议、决定应报县（区）人大常委会备案。",
    ))
}

/// Who makes a document and with which congress it is filed: a unit of a government, 监委,
/// court or procuratorate files with the congress it belongs to (the first of `path`, the
/// maker's congress path as the store reads it); a congress files its own resolutions with the
/// congress above it (the second). Anything else files nothing. The receiving congress's level
/// is checked apart ([`check_receives_filings`]).
pub fn filed_with(kind: OrgKind, path: &[OrgId]) -> Result<(FilingBody, OrgId), Refusal> {
    let (body, receiving) = match kind {
        OrgKind::Unit(unit) => match FilingBody::of_unit(unit) {
            Some(body) => (body, path.first()),
            None => {
                return Err(Refusal::new(
                    ErrorCode::NotPermitted,
                    "只有人民政府及其部门、监察委员会、人民法院、人民检察院和下一级人大常委会报送规范性文件备案。",
                ));
            }
        },
        OrgKind::Congress(_) => (FilingBody::LowerCongress, path.get(1)),
        OrgKind::LiaisonStation | OrgKind::DeputyGroup => {
            return Err(Refusal::new(ErrorCode::NotPermitted, "代表联络站和代表小组不报送规范性文件备案。"));
        }
    };
    match receiving {
        Some(congress) => Ok((body, *congress)),
        None => Err(Refusal::new(ErrorCode::NoFilingRemit, "没有受理该文件备案的上一级人大常委会。")),
    }
}

/// The 机关代字 of a congress's 备案号, from its name as the default templates make theirs:
/// 示范市人民代表大会 → 示人常备.
pub fn filing_prefix(congress_name: &str) -> String {
    format!("{}人常备", congress_name.chars().next().unwrap_or('某'))
}

/// The materials a filing carries (DOMAIN.md: filing report, text, drafting note, legal basis,
/// 公告). The text is required to file at all; a filing missing any other is returned for
/// completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attachment {
    /// 备案报告.
    Report,
    /// 规范性文件文本.
    Text,
    /// 起草说明.
    DraftingNote,
    /// 制定依据.
    LegalBasis,
    /// 公告 (or the notice that issued it).
    Announcement,
}

impl Attachment {
    /// Every material, in the order a filing lists them; all are required to register.
    pub const ALL: [Attachment; 5] = [
        Attachment::Report,
        Attachment::Text,
        Attachment::DraftingNote,
        Attachment::LegalBasis,
        Attachment::Announcement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Attachment::Report => "report",
            Attachment::Text => "text",
            Attachment::DraftingNote => "drafting_note",
            Attachment::LegalBasis => "legal_basis",
            Attachment::Announcement => "announcement",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Attachment::Report => "备案报告",
            Attachment::Text => "文件文本",
            Attachment::DraftingNote => "起草说明",
            Attachment::LegalBasis => "制定依据",
            Attachment::Announcement => "公告",
        }
    }
}

/// A congress's periods for filing review and consultation. The defaults are DOMAIN.md's
/// (立法法 Art. 109 for filing; Beijing 2024 practice for the rest; 30 days of consultation as
/// in Beijing and Chongqing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// A document is filed within this many days of its publication (30).
    pub filing_days: u32,
    /// Staff check form and register or return within this many days of receipt (10).
    pub register_days: u32,
    /// Missing items are supplied within this many days of the return (10).
    pub resubmit_days: u32,
    /// A document outside the remit is passed on within this many days of receipt (10).
    pub transfer_days: u32,
    /// A registered document goes to its committee within this many working days (5).
    pub send_working_days: u32,
    /// A review ends within this many months of reaching the committee (3).
    pub review_months: i32,
    /// Once, by this many months more (3).
    pub review_extension_months: i32,
    /// A committee asked for its opinion gives it within this many days (30)…
    pub committee_opinion_days: u32,
    /// …extendable once by this many (30).
    pub committee_extension_days: u32,
    /// A 审查建议 on which no review is opened is answered within this many days (10).
    pub proposal_answer_days: u32,
    /// The maker answers a written 审查意见 with its plan within this many days (30).
    pub plan_days: u32,
    /// …and reports the correction within this many days of its plan (30).
    pub correction_days: u32,
    /// A draft regulation is open for comment this many days (30).
    pub consultation_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            filing_days: 30,
            register_days: 10,
            resubmit_days: 10,
            transfer_days: 10,
            send_working_days: 5,
            review_months: 3,
            review_extension_months: 3,
            committee_opinion_days: 30,
            committee_extension_days: 30,
            proposal_answer_days: 10,
            plan_days: 30,
            correction_days: 30,
            consultation_days: 30,
        }
    }
}

impl Settings {
    /// Bounds what a congress may choose, so that no setting empties a rule or outlives the
    /// law: filing 1–30 days (立法法 Art. 109 sets 30 as the most); the office's and makers'
    /// periods 1–60 days; 1–20 working days to a committee; a review of 1–6 months, extended by
    /// 0–6; consultation 10–90 days (Shanghai's 15 to well beyond Beijing's 30).
    pub fn check(&self) -> Result<(), Refusal> {
        let days = |field: &'static str, value: u32, min: u32, max: u32, what: &str| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(out_of_range(field, format!("{what}应为{min}至{max}天（现为{value}天）。")))
            }
        };
        days("filing_days", self.filing_days, 1, 30, "报送备案的期限")?;
        days("register_days", self.register_days, 1, 60, "审查登记的期限")?;
        days("resubmit_days", self.resubmit_days, 1, 60, "补正材料的期限")?;
        days("transfer_days", self.transfer_days, 1, 60, "移送的期限")?;
        if !(1..=20).contains(&self.send_working_days) {
            return Err(out_of_range(
                "send_working_days",
                format!("送交专门委员会的期限应为1至20个工作日（现为{}个工作日）。", self.send_working_days),
            ));
        }
        if !(1..=6).contains(&self.review_months) {
            return Err(out_of_range(
                "review_months",
                format!("审查期限应为1至6个月（现为{}个月）。", self.review_months),
            ));
        }
        if !(0..=6).contains(&self.review_extension_months) {
            return Err(out_of_range(
                "review_extension_months",
                format!("审查期限可延长0至6个月（现为{}个月）。", self.review_extension_months),
            ));
        }
        days("committee_opinion_days", self.committee_opinion_days, 1, 60, "专门委员会提出意见的期限")?;
        days("committee_extension_days", self.committee_extension_days, 0, 60, "专门委员会意见的延长期限")?;
        days("proposal_answer_days", self.proposal_answer_days, 1, 30, "告知审查建议人的期限")?;
        days("plan_days", self.plan_days, 1, 60, "制定机关回复处理意见的期限")?;
        days("correction_days", self.correction_days, 1, 60, "制定机关报告纠正情况的期限")?;
        days("consultation_days", self.consultation_days, 10, 90, "征求意见的期限")?;
        Ok(())
    }
}

fn out_of_range(field: &'static str, message: String) -> Refusal {
    Refusal::new(ErrorCode::PeriodOutOfRange, message).at(field)
}

// ---- deadlines ---------------------------------------------------------------------------------
//
// Each is the last day on which the step is on time. A period in days or months does not count
// its first day (`from` + n) and ends where it counts to, as every deadline of the platform does.

/// `from` + `days` calendar days.
fn days_after(from: Date, days: u32) -> Date {
    from.checked_add(i64::from(days).days()).unwrap_or(Date::MAX)
}

/// The last day to file a document published on `published_on` (30 days by default).
pub fn filing_due(published_on: Date, s: &Settings) -> Date {
    days_after(published_on, s.filing_days)
}

/// Whether a document published on `published_on` and filed on `filed_on` was filed late: a
/// flag on the filing, never a refusal (a late filing is still reviewed).
pub fn is_filed_late(published_on: Date, filed_on: Date, s: &Settings) -> bool {
    filed_on > filing_due(published_on, s)
}

/// The last day to register or return a filing received on `received_on` (10 days).
pub fn register_due(received_on: Date, s: &Settings) -> Date {
    days_after(received_on, s.register_days)
}

/// The last day to supply the missing items of a filing returned on `returned_on` (10 days).
pub fn resubmit_due(returned_on: Date, s: &Settings) -> Date {
    days_after(returned_on, s.resubmit_days)
}

/// The last day to pass on a filing outside the remit received on `received_on` (10 days).
pub fn transfer_due(received_on: Date, s: &Settings) -> Date {
    days_after(received_on, s.transfer_days)
}

/// The last day to send a document registered on `registered_on` to its committee (5
/// working days: the weekend and holidays are skipped, a 调休 Saturday counts).
pub fn send_due(registered_on: Date, s: &Settings, calendar: &HolidayCalendar) -> Date {
    calendar.add_working_days(registered_on, s.send_working_days)
}

/// The last day of a review that reached its committee on `sent_on`: 3 months, 6 once
/// extended.
pub fn review_due(sent_on: Date, extended: bool, s: &Settings) -> Date {
    let months = s.review_months + if extended { s.review_extension_months } else { 0 };
    add_months(sent_on, months)
}

/// The last day for a committee asked on `asked_on` to give its opinion: 30 days, 60 once
/// extended.
pub fn committee_opinion_due(asked_on: Date, extended: bool, s: &Settings) -> Date {
    let days = s.committee_opinion_days + if extended { s.committee_extension_days } else { 0 };
    days_after(asked_on, days)
}

/// The last day to tell the proposer of a 审查建议 received on `received_on` why no review was
/// opened (10 days).
pub fn proposal_answer_due(received_on: Date, s: &Settings) -> Date {
    days_after(received_on, s.proposal_answer_days)
}

/// The last day for the maker to answer a written 审查意见 sent on `opinion_on` (30 days).
pub fn plan_due(opinion_on: Date, s: &Settings) -> Date {
    days_after(opinion_on, s.plan_days)
}

/// The last day for the maker to report the correction it planned on `plan_on` (30 days).
pub fn correction_due(plan_on: Date, s: &Settings) -> Date {
    days_after(plan_on, s.correction_days)
}

/// The last day for each body to file its list of the documents it made in `year`: the end of
/// the following January (Beijing).
pub fn annual_list_due(year: i16) -> Date {
    Date::new(year.saturating_add(1), 1, 31).unwrap_or(Date::MAX)
}

// ---- 备案号 -----------------------------------------------------------------------------------

/// A 备案号 as the office gives it on registering a filing: the congress's 机关代字 ending in
/// 备, the full year in 六角括号, the number without padding — `示人常备〔2026〕12号`, laid out
/// as official document numbers are (GB/T 9704).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FilingNumber {
    prefix: String,
    year: i16,
    seq: u32,
}

impl FilingNumber {
    /// The number `seq` of `year` under `prefix` (the 机关代字, e.g. 示人常备), or why not: the
    /// prefix is 1–12 Chinese characters or letters, the year 1949–2100, the number from 1.
    pub fn new(prefix: &str, year: i16, seq: u32) -> Result<Self, Refusal> {
        let prefix = prefix.trim();
        let n = prefix.chars().count();
        let prefix_ok = (1..=12).contains(&n) && prefix.chars().all(|c| c.is_alphanumeric());
        if !prefix_ok || !(1949..=2100).contains(&year) || seq == 0 {
            return Err(Refusal::of(ErrorCode::BadFilingNumber).at("number"));
        }
        Ok(FilingNumber { prefix: prefix.to_owned(), year, seq })
    }

    /// Reads `示人常备〔2026〕12号` back (half-width brackets `[` `]` and `(` `)` are taken for
    /// the 六角括号, as people type them).
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let bad = || Refusal::of(ErrorCode::BadFilingNumber).at("number");
        let s = raw.trim().replace(['[', '(', '（', '【'], "〔").replace([']', ')', '）', '】'], "〕");
        let (prefix, rest) = s.split_once('〔').ok_or_else(bad)?;
        let (year, rest) = rest.split_once('〕').ok_or_else(bad)?;
        let seq = rest.strip_suffix('号').ok_or_else(bad)?;
        if seq.starts_with('0') {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        Self::new(prefix, year, seq)
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn year(&self) -> i16 {
        self.year
    }

    pub fn seq(&self) -> u32 {
        self.seq
    }
}

impl fmt::Display for FilingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.seq)
    }
}

impl TryFrom<String> for FilingNumber {
    type Error = Refusal;
    fn try_from(s: String) -> Result<Self, Refusal> {
        Self::parse(&s)
    }
}

impl From<FilingNumber> for String {
    fn from(n: FilingNumber) -> String {
        n.to_string()
    }
}

/// The next 备案号 of `year` under `prefix`: one more than the highest already given that year
/// (numbers restart each year; none is reused).
pub fn next_filing_number(prefix: &str, year: i16, given: &[FilingNumber]) -> Result<FilingNumber, Refusal> {
    let last = given.iter().filter(|n| n.year == year && n.prefix == prefix.trim()).map(|n| n.seq).max();
    FilingNumber::new(prefix, year, last.unwrap_or(0) + 1)
}

// ---- shared helpers ---------------------------------------------------------------------------

/// Trims `raw` and bounds it: blank is refused with `missing` ("请填写{label}。"), longer than
/// `max` characters with `text_too_long`; both about `field`.
pub(crate) fn text(
    field: &'static str,
    label: &str,
    raw: &str,
    max: usize,
    missing: ErrorCode,
) -> Result<String, Refusal> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(Refusal::new(missing, format!("请填写{label}。")).at(field));
    }
    let n = t.chars().count();
    if n > max {
        return Err(
            Refusal::new(ErrorCode::TextTooLong, format!("{label}不能超过{max}个字（现为{n}个字）。")).at(field)
        );
    }
    Ok(t.to_owned())
}

/// 2026年12月5日, as the messages write a day.
pub(crate) fn zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
