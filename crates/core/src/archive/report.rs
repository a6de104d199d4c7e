//! 述职: a deputy reports to voter representatives (often 50 or more), who rate them
//! 满意 / 基本满意 / 不满意 on the spot. DOMAIN.md: "in some places more than half 不满意 requires
//! a written rectification plan" — a setting, on by default.
//!
//! The overall rating archived with the 述职 is ours to define, since DOMAIN.md gives none:
//! 不满意 when more than half rated 不满意, 满意 when more than half rated 满意, otherwise
//! 基本满意. "More than half" is strict: exactly half is not more than half.

use super::ScoringError;
use super::items::ItemKind;
use crate::ErrorCode;
use crate::error::Refusal;
use crate::suggestion::Satisfaction;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A congress's settings for 述职.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// More than half 不满意 requires a written rectification plan (整改报告).
    pub rectify_when_most_unsatisfied: bool,
    /// Fewer voter representatives than this are flagged (not refused): 50 is common practice.
    pub recommended_representatives: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings { rectify_when_most_unsatisfied: true, recommended_representatives: 50 }
    }
}

/// Ratings by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingCounts {
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
}

impl RatingCounts {
    pub fn from_ratings<'a>(ratings: impl IntoIterator<Item = &'a Satisfaction>) -> RatingCounts {
        let mut c = RatingCounts::default();
        for r in ratings {
            let slot = match r {
                Satisfaction::Satisfied => &mut c.satisfied,
                Satisfaction::Basic => &mut c.basic,
                Satisfaction::Unsatisfied => &mut c.unsatisfied,
            };
            *slot = slot.saturating_add(1);
        }
        c
    }

    pub fn total(self) -> u32 {
        self.satisfied.saturating_add(self.basic).saturating_add(self.unsatisfied)
    }
}

/// `part` is more than half of `whole` (strictly: 25 of 50 is not).
pub fn more_than_half(part: u32, whole: u32) -> bool {
    u64::from(part) * 2 > u64::from(whole)
}

/// The result of one 述职 meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportResult {
    /// Voter representatives registered at the meeting.
    pub registered: u32,
    pub counts: RatingCounts,
    pub overall: Satisfaction,
    /// (满意 + 基本满意) / ratings, in tenths of a percent.
    pub approval_permille: u32,
    pub rectification_required: bool,
    /// Fewer representatives than the congress recommends.
    pub few_representatives: bool,
}

impl ReportResult {
    /// The archive item this 述职 becomes.
    pub fn item_kind(&self) -> ItemKind {
        match self.overall {
            Satisfaction::Satisfied => ItemKind::ReportSatisfied,
            Satisfaction::Basic => ItemKind::ReportBasic,
            Satisfaction::Unsatisfied => ItemKind::ReportUnsatisfied,
        }
    }
}

/// "满意 30 票、基本满意 15 票、不满意 5 票，满意率 90%，测评结果：满意".
impl fmt::Display for ReportResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.counts;
        let (whole, tenth) = (self.approval_permille / 10, self.approval_permille % 10);
        write!(f, "满意 {} 票、基本满意 {} 票、不满意 {} 票，满意率 {whole}", c.satisfied, c.basic, c.unsatisfied)?;
        if tenth != 0 {
            write!(f, ".{tenth}")?;
        }
        write!(f, "%，测评结果：{}", self.overall.label())?;
        if self.rectification_required {
            write!(f, "。不满意票超过半数，须提交书面整改报告")?;
        }
        Ok(())
    }
}

/// Tallies the ratings of a 述职 meeting with `registered` voter representatives.
pub fn tally_report(
    registered: u32,
    ratings: &[Satisfaction],
    settings: &ReportSettings,
) -> Result<ReportResult, ScoringError> {
    let counts = RatingCounts::from_ratings(ratings);
    let rated = counts.total();
    if rated == 0 {
        return Err(ScoringError::NoRatings);
    }
    if rated > registered {
        return Err(ScoringError::TooManyRatings { ratings: rated, registered });
    }
    let overall = if more_than_half(counts.unsatisfied, rated) {
        Satisfaction::Unsatisfied
    } else if more_than_half(counts.satisfied, rated) {
        Satisfaction::Satisfied
    } else {
        Satisfaction::Basic
    };
    let approving = u64::from(counts.satisfied) + u64::from(counts.basic);
    let permille = (approving * 1000 + u64::from(rated) / 2) / u64::from(rated);
    Ok(ReportResult {
        registered,
        counts,
        overall,
        approval_permille: u32::try_from(permille).unwrap_or(1000),
        rectification_required: settings.rectify_when_most_unsatisfied && more_than_half(counts.unsatisfied, rated),
        few_representatives: registered < settings.recommended_representatives,
    })
}

/// The most voter representatives one meeting registers.
pub const MAX_REPRESENTATIVES: usize = 2000;

/// The paper ballots' tally, recorded instead of ratings one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperTally {
    pub registered: u32,
    pub counts: RatingCounts,
}

fn illegal(message: &str) -> Refusal {
    Refusal::new(ErrorCode::IllegalTransition, message)
}

/// Parses the bulk registration: one representative a line, "姓名 单位" (the unit may be
/// missing; full-width spaces and commas separate too). Blank lines are skipped.
pub fn parse_representatives(text: &str) -> Result<Vec<(String, String)>, Refusal> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.splitn(2, |c: char| c.is_whitespace() || c == '，' || c == ',' || c == '\u{3000}');
        let name = parts.next().unwrap_or("").trim().to_owned();
        let unit = parts.next().unwrap_or("").trim().to_owned();
        if name.chars().count() > 20 {
            return Err(Refusal::invalid("representatives", format!("第{}行：姓名不能超过20个字。", i + 1)));
        }
        if unit.chars().count() > 60 {
            return Err(Refusal::invalid(
                "representatives",
                format!("第{}行：单位或村（社区）不能超过60个字。", i + 1),
            ));
        }
        if out.iter().any(|(n, u)| *n == name && *u == unit) {
            return Err(Refusal::invalid("representatives", format!("第{}行：“{name} {unit}”重复。", i + 1)));
        }
        out.push((name, unit));
    }
    if out.is_empty() {
        return Err(Refusal::invalid("representatives", "请填写选民代表，每行一人：姓名 单位。"));
    }
    if out.len() > MAX_REPRESENTATIVES {
        return Err(Refusal::invalid("representatives", format!("一次最多登记{MAX_REPRESENTATIVES}名选民代表。")));
    }
    Ok(out)
}

/// A congress's 述职 settings, or why not.
pub fn check_settings(s: &ReportSettings) -> Result<(), Refusal> {
    if s.recommended_representatives > MAX_REPRESENTATIVES as u32 {
        return Err(Refusal::invalid("recommended", format!("建议到会人数不能超过{MAX_REPRESENTATIVES}。")));
    }
    Ok(())
}

/// A new meeting: its place (trimmed, at most 100 characters), a deputy in office in the
/// congress on its day (`seated`), and, when an activity is linked, a 述职 activity of that
/// congress (`activity_fits`).
pub fn check_new_meeting(place: &str, seated: bool, activity_fits: Option<bool>) -> Result<String, Refusal> {
    let place = place.trim();
    if place.is_empty() || place.chars().count() > 100 {
        return Err(Refusal::invalid("place", "请填写述职地点（100字以内）。"));
    }
    if !seated {
        return Err(Refusal::invalid("person", "述职代表须是本级人大在述职之日在任的代表。"));
    }
    if activity_fits == Some(false) {
        return Err(Refusal::invalid("activity", "只能关联本级人大的“述职”活动。"));
    }
    Ok(place.to_owned())
}

/// A meeting is changed only until it is closed.
pub fn check_open(closed: bool) -> Result<(), Refusal> {
    if closed { Err(illegal("该述职测评已结束，不能再修改。")) } else { Ok(()) }
}

/// Representatives are registered one by one unless a paper tally was recorded, up to
/// [`MAX_REPRESENTATIVES`], each (name and unit) once.
pub fn check_registration(paper: bool, registered: &[(&str, &str)], new: &[(String, String)]) -> Result<(), Refusal> {
    if paper {
        return Err(illegal("已录入纸质票统计结果，不能再逐人登记。"));
    }
    if registered.len() + new.len() > MAX_REPRESENTATIVES {
        return Err(Refusal::invalid("representatives", format!("一次述职最多登记{MAX_REPRESENTATIVES}名选民代表。")));
    }
    if let Some((n, u)) = new.iter().find(|(n, u)| registered.iter().any(|(rn, ru)| rn == n && ru == u)) {
        return Err(Refusal::new(ErrorCode::VoterRepresentativeRegistered, format!("选民代表“{n} {u}”已登记。")));
    }
    Ok(())
}

/// Ratings are recorded one by one unless a paper tally was: at least one, each representative
/// once (`already_rated`: the name of the first of them who has rated already, if any).
pub fn check_ratings(paper: bool, ratings: usize, already_rated: Option<&str>) -> Result<(), Refusal> {
    if ratings == 0 {
        return Err(Refusal::invalid("rating", "请至少选择一名选民代表的测评意见。"));
    }
    if paper {
        return Err(illegal("已录入纸质票统计结果，不能再逐人测评。"));
    }
    if let Some(name) = already_rated {
        return Err(Refusal::new(ErrorCode::AlreadyRated, format!("选民代表{name}已作出测评，每人只能测评一次。")));
    }
    Ok(())
}

/// A paper tally replaces ratings one by one (none may have been recorded: `any_rated`): 1 to
/// [`MAX_REPRESENTATIVES`] present, some votes, no more votes than present.
pub fn check_paper_tally(any_rated: bool, tally: &PaperTally) -> Result<(), Refusal> {
    if any_rated {
        return Err(illegal("已逐人录入测评意见，不能再录入纸质票统计结果。"));
    }
    if tally.registered == 0 || tally.registered as usize > MAX_REPRESENTATIVES {
        return Err(Refusal::invalid("registered", format!("到会选民代表人数须为1至{MAX_REPRESENTATIVES}。")));
    }
    if tally.counts.total() == 0 {
        let e = ScoringError::NoRatings;
        return Err(Refusal::new(e.code(), e.to_string()));
    }
    if tally.counts.total() > tally.registered {
        return Err(Refusal::invalid(
            "registered",
            format!("测评票数（{}）不能多于到会选民代表人数（{}）。", tally.counts.total(), tally.registered),
        ));
    }
    Ok(())
}

/// The written rectification plan of a deputy the meeting flagged (`required`): its text
/// (trimmed, at most 10,000 characters), dated on or after the meeting.
pub fn check_plan(required: bool, text: &str, on: Date, meeting_on: Date) -> Result<String, Refusal> {
    if !required {
        return Err(illegal("该述职测评未要求提交书面整改报告。"));
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(Refusal::invalid("plan", "请填写整改报告（10000字以内）。"));
    }
    if on < meeting_on {
        return Err(Refusal::invalid("plan_date", "整改报告日期不能早于述职日期。"));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod meeting_tests {
    use super::*;

    #[test]
    fn representatives_parse_one_a_line_each_once() {
        let reps = parse_representatives("王大明 东湖村\n\n李小红，幸福社区\n赵四").expect("parsed");
        assert_eq!(reps[1], ("李小红".to_owned(), "幸福社区".to_owned()));
        assert_eq!(reps[2], ("赵四".to_owned(), String::new()));
        let e = parse_representatives("王大明 东湖村\n王大明 东湖村").expect_err("twice");
        assert_eq!((e.field, e.message.as_str()), (Some("representatives"), "第2行：“王大明 东湖村”重复。"));
        assert!(parse_representatives(" \n").is_err());
    }

    #[test]
    fn a_meeting_takes_ratings_one_by_one_or_a_paper_tally_never_both() {
        let new = vec![("王大明".to_owned(), "东湖村".to_owned())];
        assert!(check_registration(false, &[("李小红", "幸福社区")], &new).is_ok());
        let e = check_registration(false, &[("王大明", "东湖村")], &new).expect_err("registered");
        assert_eq!(e.code, ErrorCode::VoterRepresentativeRegistered);
        assert_eq!(check_registration(true, &[], &new).expect_err("paper").code, ErrorCode::IllegalTransition);
        assert_eq!(check_ratings(false, 0, None).expect_err("none").field, Some("rating"));
        assert_eq!(check_ratings(true, 1, None).expect_err("paper").code, ErrorCode::IllegalTransition);
        let e = check_ratings(false, 2, Some("王大明")).expect_err("twice");
        assert_eq!(e.message, "选民代表王大明已作出测评，每人只能测评一次。");
        let counts = RatingCounts { satisfied: 30, basic: 15, unsatisfied: 5 };
        let tally = PaperTally { registered: 50, counts };
        assert!(check_paper_tally(false, &tally).is_ok());
        assert_eq!(check_paper_tally(true, &tally).expect_err("rated").code, ErrorCode::IllegalTransition);
        let over = PaperTally { registered: 40, counts };
        assert_eq!(check_paper_tally(false, &over).expect_err("more votes").field, Some("registered"));
        let empty = PaperTally { registered: 40, counts: RatingCounts::default() };
        assert_eq!(check_paper_tally(false, &empty).expect_err("no votes").code, ScoringError::NoRatings.code());
        assert_eq!(check_open(true).expect_err("closed").code, ErrorCode::IllegalTransition);
    }

    #[test]
    fn a_meeting_has_a_place_a_seated_deputy_and_a_plan_only_when_flagged() {
        assert_eq!(check_new_meeting(" 东湖村委会 ", true, None).as_deref(), Ok("东湖村委会"));
        assert_eq!(check_new_meeting("", true, None).expect_err("no place").field, Some("place"));
        assert_eq!(check_new_meeting("村委会", false, None).expect_err("not seated").field, Some("person"));
        assert_eq!(check_new_meeting("村委会", true, Some(false)).expect_err("activity").field, Some("activity"));
        let day = jiff::civil::date(2026, 5, 1);
        assert_eq!(check_plan(true, " 整改 ", day, day).as_deref(), Ok("整改"));
        assert_eq!(check_plan(false, "整改", day, day).expect_err("not flagged").code, ErrorCode::IllegalTransition);
        let early = jiff::civil::date(2026, 4, 30);
        assert_eq!(check_plan(true, "整改", early, day).expect_err("early").field, Some("plan_date"));
        let too_many = ReportSettings { recommended_representatives: 2001, ..ReportSettings::default() };
        assert_eq!(check_settings(&too_many).expect_err("too many").field, Some("recommended"));
    }
}
