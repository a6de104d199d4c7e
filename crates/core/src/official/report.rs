//! The year's 代表建议办理情况报告 to the standing committee: the figures it is written from (the
//! statistics' own counts, so a number in the report is the number behind the statistics page's
//! link), the draft the office starts from, and what the clerk's edited text must be to be issued.
//!
//! The draft is plain text a clerk edits in a text box: one paragraph a line, a line starting
//! `一、` … `十、` is a first-level heading and `（一）` … a second-level one (the layout numbers
//! them again, so deleting a section leaves no gap). A passage the office must write itself is
//! marked `【请填写……】`, and a text still holding such a mark is not issued.

use super::Template;
use crate::suggestion::{OnTimeRate, SuggestionState};
use crate::text;
use crate::{ErrorCode, Refusal};

/// One 重点督办 topic's suggestions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicFigure {
    pub topic: String,
    pub total: i64,
    /// Answered at least once (答复).
    pub replied: i64,
    /// 已办结.
    pub closed: i64,
}

impl TopicFigure {
    /// A topic's line from its suggestions' states (the same counting as the report's).
    pub fn of(topic: String, by_state: &[(SuggestionState, i64)]) -> TopicFigure {
        let count =
            |of: &dyn Fn(SuggestionState) -> bool| by_state.iter().filter(|(s, _)| of(*s)).map(|(_, n)| n).sum();
        TopicFigure {
            topic,
            total: count(&|_| true),
            replied: count(&answered),
            closed: count(&|s| s == SuggestionState::Closed),
        }
    }
}

/// One main unit's line (主办).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitFigure {
    pub name: String,
    pub assigned: i64,
    pub replied: i64,
    /// Past the deadline today, still with the unit.
    pub overdue: i64,
    pub rate: OnTimeRate,
    /// 满意 or 基本满意 of the ratings of the result, in per cent.
    pub satisfied: Option<i64>,
}

/// What the report is written from: one congress's suggestions of one year, as of a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandlingFigures {
    /// 示范市人民代表大会.
    pub congress_name: String,
    pub year: i64,
    /// Suggestions in each state (the states without any left out).
    pub by_state: Vec<(SuggestionState, i64)>,
    /// Replies by class, labelled in the congress's scheme (A类：已解决或基本解决).
    pub by_class: Vec<(String, i64)>,
    /// 按期答复率 over every reply given and those overdue now.
    pub rate: OnTimeRate,
    pub overdue: i64,
    /// 满意 or 基本满意, in per cent, of the ratings of the attitude and of the result.
    pub attitude: Option<i64>,
    pub result: Option<i64>,
    pub topics: Vec<TopicFigure>,
    pub units: Vec<UnitFigure>,
}

impl HandlingFigures {
    fn count(&self, of: impl Fn(SuggestionState) -> bool) -> i64 {
        self.by_state.iter().filter(|(s, _)| of(*s)).map(|(_, n)| n).sum()
    }

    /// Made by deputies (submitted, whatever became of them): drafts and those awaiting
    /// co-signers are not.
    pub fn submitted(&self) -> i64 {
        self.count(|s| !matches!(s, SuggestionState::Draft | SuggestionState::Cosigning))
    }

    /// Assigned to units (交办) and now anywhere from assigned to closed.
    pub fn assigned(&self) -> i64 {
        self.count(|s| s.is_with_unit() || answered(s))
    }

    /// Answered (答复) at least once and not being handled again.
    pub fn replied(&self) -> i64 {
        self.count(answered)
    }

    pub fn closed(&self) -> i64 {
        self.count(|s| s == SuggestionState::Closed)
    }

    /// 办结率: closed over assigned, in whole per cent.
    pub fn closed_percent(&self) -> Option<i64> {
        percent(self.closed(), self.assigned())
    }

    /// 答复率: answered over assigned.
    pub fn replied_percent(&self) -> Option<i64> {
        percent(self.replied(), self.assigned())
    }

    /// The values of the template's placeholders.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        vec![
            ("人大", self.congress_name.clone()),
            ("年度", self.year.to_string()),
            ("件数", self.submitted().to_string()),
            ("办结率", percent_text(self.closed_percent())),
            ("满意率", percent_text(self.result)),
        ]
    }
}

fn answered(s: SuggestionState) -> bool {
    matches!(s, SuggestionState::Replied | SuggestionState::Rated | SuggestionState::FollowUp | SuggestionState::Closed)
}

fn percent(n: i64, of: i64) -> Option<i64> {
    (of > 0).then(|| (n * 100 + of / 2) / of)
}

/// "93%", or "—" when nothing is counted.
pub fn percent_text(p: Option<i64>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
}

/// What marks a passage the office must still write.
pub const FILL_IN: &str = "【请填写";

/// The longest report text a clerk may issue.
pub const MAX_REPORT: usize = 30_000;

/// 关于2026年代表建议办理情况的报告.
pub fn report_title(year: i64) -> String {
    format!("关于{year}年代表建议办理情况的报告")
}

/// The report goes to the standing committee: 示范市人民代表大会常务委员会.
pub fn report_addressee(congress_name: &str) -> String {
    format!("{congress_name}常务委员会")
}

/// The draft the clerk edits: the template's paragraphs with the figures, then a section each
/// on assignment, replies, satisfaction and the 重点督办 topics written from the figures, and a
/// last section marked for the office to write.
pub fn report_draft(f: &HandlingFigures, t: &Template) -> String {
    let mut out: Vec<String> = t.fill(&f.values());
    let states: Vec<String> = f
        .by_state
        .iter()
        .filter(|(s, n)| *n > 0 && !matches!(s, SuggestionState::Draft | SuggestionState::Cosigning))
        .map(|(s, n)| format!("{}{}件", s.label(), n))
        .collect();
    out.push("一、建议提出和交办情况".into());
    let mut p = format!("代表提出的{}件建议中，经审查交有关单位办理{}件。", f.submitted(), f.assigned());
    if !states.is_empty() {
        p.push_str(&format!("截至目前，{}。", states.join("，")));
    }
    out.push(p);
    out.push("二、办理和答复情况".into());
    let mut p = format!(
        "各承办单位已答复代表建议{}件，答复率{}；已办结{}件，办结率{}。按期答复率{}",
        f.replied(),
        percent_text(f.replied_percent()),
        f.closed(),
        percent_text(f.closed_percent()),
        f.rate.percent_text()
    );
    if f.overdue > 0 {
        p.push_str(&format!("，目前仍有{}件超过答复期限未答复，已督促有关单位抓紧办理。", f.overdue));
    } else {
        p.push_str("，目前没有超过答复期限未答复的建议。");
    }
    out.push(p);
    let classes: Vec<String> = f.by_class.iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{c}{n}件")).collect();
    if !classes.is_empty() {
        out.push(format!("从答复类别看，{}。", classes.join("；")));
    }
    let busiest: Vec<String> =
        f.units.iter().take(3).filter(|u| u.assigned > 0).map(|u| format!("{}{}件", u.name, u.assigned)).collect();
    if !busiest.is_empty() {
        out.push(format!("主办件数较多的单位是{}。各承办单位办理情况见附件。", busiest.join("、")));
    }
    out.push("三、代表满意情况".into());
    out.push(match (f.attitude, f.result) {
        (None, None) => "代表尚未对办理结果作出评价。".to_owned(),
        (a, r) => format!(
            "代表对办理工作的满意和基本满意率为{}，对办理结果的满意和基本满意率为{}。",
            percent_text(a),
            percent_text(r)
        ),
    });
    out.push("四、重点督办建议办理情况".into());
    if f.topics.is_empty() {
        out.push(format!("{}年度未确定重点督办建议。", f.year));
    } else {
        let lines: Vec<String> = f
            .topics
            .iter()
            .map(|t| format!("“{}”专题{}件，已答复{}件，已办结{}件", t.topic, t.total, t.replied, t.closed))
            .collect();
        out.push(format!(
            "本年度确定重点督办建议{}件：{}。",
            f.topics.iter().map(|t| t.total).sum::<i64>(),
            lines.join("；")
        ));
    }
    out.push("五、存在的问题和下一步工作".into());
    out.push(format!("{FILL_IN}存在的问题和下一步工作打算】"));
    out.join("\n")
}

/// The text a clerk issues: trimmed, not empty, bounded, and nothing left marked to be
/// written. A report is issued by the standing committee's staff under a named signer.
pub fn check_report_text(raw: &str) -> Result<String, Refusal> {
    let text = text::bounded("text", "报告正文", &raw.replace("\r\n", "\n"), 1, MAX_REPORT)?;
    if let Some(line) = text.lines().find(|l| l.contains(FILL_IN)) {
        let shown: String = line.trim().chars().take(40).collect();
        return Err(Refusal::new(ErrorCode::InvalidInput, format!("正文还有待填写的内容（{shown}），请写完后再签发"))
            .at("text"));
    }
    Ok(text)
}

/// The year a report may be written for: one that has begun, from 2000 on.
pub fn check_year(raw: &str, today: jiff::civil::Date) -> Result<i64, Refusal> {
    let this_year = i64::from(today.year());
    match raw.trim().parse::<i64>() {
        Ok(y) if (2000..=this_year).contains(&y) => Ok(y),
        _ => Err(Refusal::invalid("year", format!("年度应为2000年至{this_year}年之间的年份"))),
    }
}

/// A report is written about suggestions deputies made.
pub fn check_figures(f: &HandlingFigures) -> Result<(), Refusal> {
    if f.submitted() == 0 {
        return Err(Refusal::new(
            ErrorCode::NothingToIssue,
            format!("{}年没有代表提出的建议，无需印发办理情况报告", f.year),
        ));
    }
    Ok(())
}

/// A line of the report's text as the layout takes it: its heading level (1 for `一、`, 2 for
/// `（一）`) with the number taken off, or none for a paragraph.
pub fn report_line(line: &str) -> (Option<u8>, &str) {
    const DIGITS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let line = line.trim();
    let numeral_end = line.find(|c: char| !DIGITS.contains(&c)).unwrap_or(line.len());
    if numeral_end > 0 && line[numeral_end..].starts_with('、') {
        return (Some(1), line[numeral_end + '、'.len_utf8()..].trim());
    }
    if let Some(rest) = line.strip_prefix('（') {
        let end = rest.find(|c: char| !DIGITS.contains(&c)).unwrap_or(rest.len());
        if end > 0 && rest[end..].starts_with('）') {
            return (Some(2), rest[end + '）'.len_utf8()..].trim());
        }
    }
    (None, line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::official::Kind;

    fn figures() -> HandlingFigures {
        HandlingFigures {
            congress_name: "示范市人民代表大会".into(),
            year: 2026,
            by_state: vec![
                (SuggestionState::Draft, 4),
                (SuggestionState::Registered, 1),
                (SuggestionState::Assigned, 2),
                (SuggestionState::InProgress, 1),
                (SuggestionState::Replied, 3),
                (SuggestionState::Rated, 1),
                (SuggestionState::Closed, 3),
            ],
            by_class: vec![("A类：已解决或基本解决".into(), 4), ("B类：正在解决或列入规划逐步解决".into(), 3)],
            rate: OnTimeRate { on_time: 6, replied: 7, overdue: 1 },
            overdue: 1,
            attitude: Some(100),
            result: Some(75),
            topics: vec![TopicFigure { topic: "老旧小区改造".into(), total: 2, replied: 2, closed: 1 }],
            units: vec![UnitFigure {
                name: "示范市住房和城乡建设局".into(),
                assigned: 5,
                replied: 3,
                overdue: 1,
                rate: OnTimeRate { on_time: 3, replied: 3, overdue: 1 },
                satisfied: Some(100),
            }],
        }
    }

    #[test]
    fn the_counts_follow_the_states() {
        let f = figures();
        assert_eq!(f.submitted(), 11, "drafts are not submitted");
        assert_eq!(f.assigned(), 10, "registered but not assigned is not counted as assigned");
        assert_eq!(f.replied(), 7);
        assert_eq!(f.closed(), 3);
        assert_eq!(f.closed_percent(), Some(30));
        assert_eq!(f.replied_percent(), Some(70));
        let empty = HandlingFigures { by_state: vec![], ..figures() };
        assert_eq!(empty.closed_percent(), None);
        assert_eq!(percent_text(None), "—");
    }

    #[test]
    fn the_draft_is_written_from_the_figures_and_leaves_the_next_steps_to_the_office() {
        let mut t = Kind::HandlingReport.default_template("示范市人民代表大会");
        t.signatory = "陈志远".into();
        let text = report_draft(&figures(), &t);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "2026年，代表共提出建议11件，办结率30%，代表对办理结果满意和基本满意率75%。");
        assert!(text.contains("代表提出的11件建议中，经审查交有关单位办理10件。"), "{text}");
        assert!(text.contains("按期答复率75%，目前仍有1件超过答复期限"), "{text}");
        assert!(text.contains("A类：已解决或基本解决4件"), "{text}");
        assert!(text.contains("“老旧小区改造”专题2件，已答复2件，已办结1件"), "{text}");
        assert!(text.contains("对办理结果的满意和基本满意率为75%"), "{text}");
        let headings: Vec<u8> = lines.iter().filter_map(|l| report_line(l).0).collect();
        assert_eq!(headings, vec![1, 1, 1, 1, 1], "five sections");
        let e = check_report_text(&text).expect_err("the next steps are still to write");
        assert_eq!(e.field, Some("text"));
        assert!(e.message.contains("待填写"), "{}", e.message);
        let done = text.replace("【请填写存在的问题和下一步工作打算】", "下一步，将继续加强督办。");
        assert_eq!(check_report_text(&format!("  {done}\r\n")).expect("issued"), done);
        assert!(check_report_text("   ").is_err());
        assert!(check_report_text(&"字".repeat(MAX_REPORT + 1)).is_err());
    }

    #[test]
    fn a_report_is_for_a_year_begun_with_suggestions_in_it() {
        let today = jiff::civil::date(2026, 12, 7);
        assert_eq!(check_year(" 2025 ", today), Ok(2025));
        for bad in ["2027", "1999", "明年", ""] {
            assert_eq!(check_year(bad, today).expect_err(bad).field, Some("year"), "{bad}");
        }
        assert!(check_figures(&figures()).is_ok());
        let none = HandlingFigures { by_state: vec![(SuggestionState::Draft, 3)], ..figures() };
        assert_eq!(check_figures(&none).expect_err("nothing made").code, ErrorCode::NothingToIssue);
    }

    #[test]
    fn headings_are_read_from_their_numbers() {
        assert_eq!(report_line("一、基本情况"), (Some(1), "基本情况"));
        assert_eq!(report_line(" 十二、其他 "), (Some(1), "其他"));
        assert_eq!(report_line("（三）重点督办"), (Some(2), "重点督办"));
        assert_eq!(report_line("一是加强沟通。"), (None, "一是加强沟通。"));
        assert_eq!(report_line("（注）说明"), (None, "（注）说明"));
        assert_eq!(report_line("、开头"), (None, "、开头"));
        assert_eq!(report_line("2026年，代表共提出建议。"), (None, "2026年，代表共提出建议。"));
    }
}
