//! The text of a draft regulation as published for comment (法规草案文本及其说明), and the
//! checks around a consultation that are not its period's ([`super::consultation`] keeps those).
//!
//! A draft is typed or pasted as the people's congress publishes it: chapter headings
//! (`第一章 总则`), then one article after another, each starting `第…条` (the same test the
//! portal's laws use, [`crate::document::article_number`]), its items (（一）…) on the lines
//! after it. [`Draft::parse`] splits it into [`Article`]s numbered 1, 2, 3… in order — the numbers
//! a comment's `Target::Article` names and the portal anchors as `#art-5` — each under the chapter
//! it stands in. The text and the 说明 are kept as typed.

use super::consultation::{Source, Version};
use super::zh;
use crate::document::{article_number, is_cn_numeral};
use crate::policy::Role;
use crate::{ErrorCode, Refusal};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest draft text, in characters (a long regulation has about 100 articles).
pub const DRAFT_MAX: usize = 100_000;
/// The longest 说明, in characters.
pub const EXPLANATION_MAX: usize = 50_000;

/// One article of a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// 1, 2, 3… in the order of the text.
    pub number: u32,
    /// As written: `第五条`.
    pub heading: String,
    /// The article's words after its heading, its items on their own lines.
    pub text: String,
    /// The chapter (and section) heading it stands under, if the draft has chapters.
    #[serde(default)]
    pub chapter: Option<String>,
}

impl Article {
    /// The anchor the portal gives it: `art-5`.
    pub fn anchor(&self) -> String {
        format!("art-{}", self.number)
    }
}

/// A draft's text, its 说明 and its articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub text: String,
    pub explanation: String,
    pub articles: Vec<Article>,
}

impl Draft {
    /// The draft as typed, or why not: the text is blank or too long (`required`,
    /// `text_too_long`), has no `第…条` (`draft_without_articles`), or the 说明 is missing.
    pub fn parse(text: &str, explanation: &str) -> Result<Draft, Refusal> {
        let text = bounded("text", "草案文本", text, DRAFT_MAX)?;
        let explanation = bounded("explanation", "草案说明", explanation, EXPLANATION_MAX)?;
        let articles = split_articles(&text);
        if articles.is_empty() {
            return Err(Refusal::new(
                ErrorCode::DraftWithoutArticles,
                "草案文本中没有找到条文：每一条应另起一行，以“第一条”“第二条”……开头，后接空格。",
            )
            .at("text"));
        }
        Ok(Draft { text, explanation, articles })
    }

    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number)
    }
}

fn bounded(field: &'static str, label: &str, raw: &str, max: usize) -> Result<String, Refusal> {
    let t = raw.replace("\r\n", "\n").replace('\r', "\n");
    let t = t.trim();
    if t.is_empty() {
        return Err(Refusal::new(ErrorCode::Required, format!("请填写{label}。")).at(field));
    }
    let n = t.chars().count();
    if n > max {
        return Err(Refusal::new(ErrorCode::TextTooLong, format!("{label}不能超过{max}字（现为{n}字）。")).at(field));
    }
    Ok(t.to_owned())
}

/// The articles of `text`, numbered in order; lines before the first article (a title, a
/// preamble) belong to none, and a chapter heading goes to the articles after it.
pub fn split_articles(text: &str) -> Vec<Article> {
    let mut out: Vec<Article> = Vec::new();
    let mut chapter: Option<String> = None;
    let mut fresh_chapter = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(heading) = article_number(line) {
            out.push(Article {
                number: out.len() as u32 + 1,
                heading: heading.to_owned(),
                text: line[heading.len()..].trim().to_owned(),
                chapter: chapter.clone(),
            });
            fresh_chapter = false;
        } else if is_division(line) {
            // A section under a chapter: both headings, one after the other.
            chapter = match (&chapter, fresh_chapter) {
                (Some(c), true) if line.contains('节') => Some(format!("{c} {line}")),
                _ => Some(line.to_owned()),
            };
            fresh_chapter = true;
        } else if let Some(last) = out.last_mut() {
            if !last.text.is_empty() {
                last.text.push('\n');
            }
            last.text.push_str(line);
        }
    }
    out
}

/// `第一章 总则`, `第二节 监督检查`: a chapter or section heading.
fn is_division(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('第') else { return false };
    let after = rest.trim_start_matches(is_cn_numeral);
    after.len() < rest.len() && (after.starts_with('章') || after.starts_with('节'))
}

/// Whether `role` may give a comment from `source`: a citizen's online comment by anyone on the
/// portal, a deputy's only by that deputy, letters, e-mails and 联系点 records only by staff (the
/// policy then decides which congress's).
pub fn check_channel(role: Role, source: &Source) -> Result<(), Refusal> {
    let fits = match source {
        Source::Online { .. } => true,
        Source::Deputy { person } => role.deputy() == Some(*person),
        Source::Letter { .. } | Source::Email { .. } | Source::LiaisonPoint { .. } => {
            matches!(role, Role::Staff { .. })
        }
    };
    if fits {
        return Ok(());
    }
    Err(Refusal::new(
        ErrorCode::Forbidden,
        format!(
            "“{}”渠道的意见只能由{}提交。",
            source.channel().label(),
            match source {
                Source::Deputy { .. } => "代表本人",
                _ => "人大工作人员录入",
            }
        ),
    ))
}

/// Whether a comment may come from the liaison station named: a 基层立法联系点 (`flagged`) of
/// the consulting congress or one below it (`within`).
pub fn check_liaison_point(flagged: bool, within: bool) -> Result<(), Refusal> {
    if flagged && within {
        return Ok(());
    }
    Err(Refusal::new(
        ErrorCode::NotLiaisonPoint,
        "所选联络站不是本市的基层立法联系点；请先在联络站页面将其设为基层立法联系点，或按信函录入。",
    )
    .at("station"))
}

/// Staff group at least one comment (a comment answered alone is a group of one).
pub fn check_members(count: usize) -> Result<(), Refusal> {
    if count == 0 {
        return Err(Refusal::new(ErrorCode::Required, "请至少选择一条意见。").at("comments"));
    }
    Ok(())
}

/// Whether the 征求意见情况 report of `version` may be published on `today`: once its period
/// has closed, and once only.
pub fn check_report(version: &Version, today: Date, published: bool) -> Result<(), Refusal> {
    if published {
        return Err(Refusal::new(
            ErrorCode::ReportAlreadyPublished,
            format!("第{}稿的征求意见情况已经公布，不能重复公布。", version.number),
        ));
    }
    if today <= version.closes_on {
        return Err(Refusal::new(
            ErrorCode::ConsultationStillOpen,
            format!("第{}稿的征求意见至{}截止，截止后才能公布征求意见情况。", version.number, zh(version.closes_on)),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const DRAFT: &str = "示范市养犬管理条例（草案）\n\
        第一章　总　则\n\
        第一条　为了规范养犬行为，制定本条例。\n\
        第二条 本条例适用于本市行政区域。\n\
        第二章 管理\n\
        第一节 登记\n\
        第三条 养犬人应当办理登记：\n\
        （一）提交身份证明；\n\
        （二）提交免疫证明。\n\
        \n\
        第四条 第三条规定的登记免费。\n\
        第五条 禁止在公共场所遛犬不牵绳。";

    #[test]
    fn a_draft_is_split_into_numbered_articles_under_their_chapters() {
        let d = Draft::parse(DRAFT, "说明").expect("a draft");
        let heads: Vec<(u32, &str)> = d.articles.iter().map(|a| (a.number, a.heading.as_str())).collect();
        assert_eq!(heads, [(1, "第一条"), (2, "第二条"), (3, "第三条"), (4, "第四条"), (5, "第五条")]);
        assert_eq!(d.articles[0].text, "为了规范养犬行为，制定本条例。");
        assert_eq!(d.articles[0].chapter.as_deref(), Some("第一章　总　则"));
        assert_eq!(d.articles[2].text, "养犬人应当办理登记：\n（一）提交身份证明；\n（二）提交免疫证明。");
        assert_eq!(d.articles[2].chapter.as_deref(), Some("第二章 管理 第一节 登记"));
        assert_eq!(d.articles[3].text, "第三条规定的登记免费。", "a reference inside is no heading");
        assert_eq!(d.article(5).map(Article::anchor).as_deref(), Some("art-5"));
    }

    #[test]
    fn a_draft_without_articles_or_explanation_is_refused_naming_the_field() {
        let e = Draft::parse("关于养犬的几点想法", "说明").expect_err("no article");
        assert_eq!((e.code, e.field), (ErrorCode::DraftWithoutArticles, Some("text")));
        let e = Draft::parse(DRAFT, "  ").expect_err("no explanation");
        assert_eq!((e.code, e.field), (ErrorCode::Required, Some("explanation")));
        let long = "第一条 ".to_owned() + &"字".repeat(DRAFT_MAX);
        assert_eq!(Draft::parse(&long, "说明").expect_err("too long").code, ErrorCode::TextTooLong);
    }

    #[test]
    fn each_channel_is_given_by_whom_it_names() {
        use crate::ids::{OrgId, PersonId};
        let deputy = Role::Deputy { person: PersonId(7) };
        let staff = Role::Staff { congress: OrgId(1) };
        let letter = Source::Letter { name: String::new() };
        let own = Source::Deputy { person: PersonId(7) };
        let online = Source::Online { name: "张三".into(), contact: "13800000000".into() };
        assert!(check_channel(deputy, &own).is_ok());
        assert!(check_channel(Role::Public, &online).is_ok());
        assert!(check_channel(staff, &letter).is_ok());
        assert!(check_channel(Role::Deputy { person: PersonId(8) }, &own).is_err(), "another deputy");
        assert!(check_channel(Role::Public, &letter).is_err());
        assert!(check_channel(deputy, &letter).is_err());
    }

    #[test]
    fn only_a_flagged_station_of_the_city_records_a_meeting() {
        assert!(check_liaison_point(true, true).is_ok());
        for (flagged, within) in [(false, true), (true, false)] {
            let e = check_liaison_point(flagged, within).expect_err("refused");
            assert_eq!(e.code, ErrorCode::NotLiaisonPoint);
        }
    }

    #[test]
    fn a_report_is_published_once_after_the_period() {
        let v = Version { number: 1, articles: 5, opens_on: date(2026, 3, 1), closes_on: date(2026, 3, 31) };
        let code = |day, published| check_report(&v, day, published).err().map(|e| e.code);
        assert_eq!(code(date(2026, 3, 31), false), Some(ErrorCode::ConsultationStillOpen));
        assert_eq!(code(date(2026, 4, 1), false), None);
        assert_eq!(code(date(2026, 4, 1), true), Some(ErrorCode::ReportAlreadyPublished));
        assert_eq!(check_members(0).err().map(|e| e.code), Some(ErrorCode::Required));
    }
}
