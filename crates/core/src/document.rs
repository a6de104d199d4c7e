//! The document library behind the public portal: news, notices, speeches, reports, decisions,
//! laws and model texts (公文范文).
//!
//! A document's body is plain text in a small block format that every importer produces and
//! the portal renders: blocks separated by one blank line; a block starting with `# ` is a
//! level-1 heading (a law's 章), `## ` a level-2 heading (节); every other block is a
//! paragraph. Keeping headings as text (not HTML) means an imported text can never inject
//! markup, and the search index sees the same words the reader sees.
//!
//! Who may read what is [`Visibility`] plus the policy: a public document is open to everyone;
//! a "logged-in users" document shows its title and 导读 to everyone but its text only to a
//! signed-in user; a staff document exists only for the staff of its congress (and the
//! congresses above, which read below them) — see [`can_read_text`] and [`can_see`].

use crate::ValidationError;
use crate::error::{ErrorCode, Refusal};
use crate::policy::{Action, Resource, Role, Target, allows};
use serde::{Deserialize, Serialize};

/// 文档类别.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    News,
    Notice,
    Speech,
    Report,
    Decision,
    Law,
    Model,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::News,
        DocKind::Notice,
        DocKind::Speech,
        DocKind::Report,
        DocKind::Decision,
        DocKind::Law,
        DocKind::Model,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocKind::News => "news",
            DocKind::Notice => "notice",
            DocKind::Speech => "speech",
            DocKind::Report => "report",
            DocKind::Decision => "decision",
            DocKind::Law => "law",
            DocKind::Model => "model",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::News => "新闻",
            DocKind::Notice => "通知公告",
            DocKind::Speech => "讲话",
            DocKind::Report => "工作报告",
            DocKind::Decision => "决议决定",
            DocKind::Law => "法律法规",
            DocKind::Model => "公文范文",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// 可见范围.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// 公开: everyone, logged in or not.
    Public,
    /// 登录用户: title and 导读 for everyone, the text for signed-in users.
    Users,
    /// 工作人员: only the staff of the document's congress and of the congresses above it.
    Staff,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Public, Visibility::Users, Visibility::Staff];

    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Users => "users",
            Visibility::Staff => "staff",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Public => "公开",
            Visibility::Users => "登录用户可见全文",
            Visibility::Staff => "仅工作人员",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }
}

/// How much of a text's date is known: the day (a speech given on 2021-05-03), or only the
/// year (a work report known as the 1954 one). A year-only date is kept as 1 January of that
/// year, so that texts sort by date, and shown as the year alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    #[default]
    Day,
    Year,
}

impl DatePrecision {
    pub fn code(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Year => "year",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [DatePrecision::Day, DatePrecision::Year].into_iter().find(|p| p.code() == s)
    }

    /// The date as people read it: `2021-05-03`, or `1954年` when only the year is known.
    pub fn show(self, date: jiff::civil::Date) -> String {
        match self {
            DatePrecision::Day => date.to_string(),
            DatePrecision::Year => format!("{}年", date.year()),
        }
    }
}

/// A text date typed into a form: a day (2025-03-05, 2025年3月5日, …) or a year alone (1954,
/// 1954年), which is kept as its 1 January with [`DatePrecision::Year`].
pub fn parse_text_date(field: &str, raw: &str) -> Result<(jiff::civil::Date, DatePrecision), ValidationError> {
    let s = raw.trim();
    let digits = s.strip_suffix('年').unwrap_or(s);
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let year: i16 = digits.parse().map_err(|_| ValidationError::new(field, "年份不正确"))?;
        if !(1800..=2100).contains(&year) {
            return Err(ValidationError::new(field, format!("年份“{year}”不在1800至2100年之间")));
        }
        let date = jiff::civil::Date::new(year, 1, 1).map_err(|_| ValidationError::new(field, "年份不正确"))?;
        return Ok((date, DatePrecision::Year));
    }
    Ok((crate::value::parse_date(field, s)?, DatePrecision::Day))
}

/// Whoever is reading: nobody signed in, or a user with their role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Anonymous,
    User(Role),
}

/// May this reader know that the document exists (see its title and 导读 in lists)?
/// `congress_path` is the document's congress and its ancestors.
pub fn can_see(vis: Visibility, reader: Reader, congress_path: &[crate::ids::OrgId]) -> bool {
    match vis {
        Visibility::Public | Visibility::Users => true,
        Visibility::Staff => staff_may_read(reader, congress_path),
    }
}

/// May this reader read the document's text?
pub fn can_read_text(vis: Visibility, reader: Reader, congress_path: &[crate::ids::OrgId]) -> bool {
    match vis {
        Visibility::Public => true,
        Visibility::Users => matches!(reader, Reader::User(_)),
        Visibility::Staff => staff_may_read(reader, congress_path),
    }
}

fn staff_may_read(reader: Reader, congress_path: &[crate::ids::OrgId]) -> bool {
    match reader {
        Reader::Anonymous => false,
        Reader::User(role) => {
            allows(role, Action::View, Resource::Document, &Target { congress_path, ..Target::default() })
        }
    }
}

/// Whether `c` is a digit of a Chinese numeral (一, 十, 百, 零…), as ordinals are written.
pub fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '○'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    )
}

/// The `第…条` (`第一百零一条`, `第十条之一`) a paragraph starts with, if it is an article: the
/// number must be followed by a space or end the paragraph, so `第十条规定的…` is not one.
pub fn article_number(paragraph: &str) -> Option<&str> {
    let rest = paragraph.strip_prefix('第')?;
    let numeral = rest.len() - rest.trim_start_matches(is_cn_numeral).len();
    if numeral == 0 {
        return None;
    }
    let mut end = '第'.len_utf8() + numeral;
    end += paragraph[end..].strip_prefix('条').map(|_| '条'.len_utf8())?;
    if let Some(after) = paragraph[end..].strip_prefix('之') {
        let sub = after.len() - after.trim_start_matches(is_cn_numeral).len();
        if sub > 0 {
            end += '之'.len_utf8() + sub;
        }
    }
    let next = paragraph[end..].chars().next();
    match next {
        None => Some(&paragraph[..end]),
        Some(c) if c.is_whitespace() => Some(&paragraph[..end]),
        Some(_) => None,
    }
}

/// One block of a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block<'a> {
    Heading { level: u8, text: &'a str },
    Paragraph(&'a str),
}

/// Splits a body into its blocks. Blank blocks are skipped, so a body typed in a textarea with
/// stray blank lines still reads well.
pub fn blocks(body: &str) -> Vec<Block<'_>> {
    body.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| {
            if let Some(t) = b.strip_prefix("## ") {
                Block::Heading { level: 2, text: t.trim() }
            } else if let Some(t) = b.strip_prefix("# ") {
                Block::Heading { level: 1, text: t.trim() }
            } else {
                Block::Paragraph(b)
            }
        })
        .collect()
}

/// The body as plain text for indexing and excerpts: heading markers dropped.
pub fn plain_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for b in blocks(body) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(match b {
            Block::Heading { text, .. } | Block::Paragraph(text) => text,
        });
    }
    out
}

/// Normalises a body typed into a form: every non-empty line is a block (people type one
/// paragraph per line and never wrap by hand), so blank lines, Windows line ends and stray
/// spaces at the ends of lines disappear.
pub fn normalise_body(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The longest texts we accept (a long law is ~100,000 characters).
pub const MAX_BODY_CHARS: usize = 500_000;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_LEAD_CHARS: usize = 2_000;
pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_CHARS: usize = 20;

/// A document's editable fields, parsed from a form or an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentDraft {
    pub kind: DocKind,
    pub visibility: Visibility,
    pub title: String,
    pub text_date: Option<jiff::civil::Date>,
    /// Whether `text_date` is the day of the text or stands for its year only.
    pub date_precision: DatePrecision,
    pub organ: String,
    pub lead: String,
    pub body: String,
    pub tags: Vec<String>,
    pub featured: bool,
}

/// The raw fields of a document form.
#[derive(Clone, Debug, Default)]
pub struct DocumentInput<'a> {
    pub kind: &'a str,
    pub visibility: &'a str,
    pub title: &'a str,
    pub text_date: &'a str,
    pub organ: &'a str,
    pub lead: &'a str,
    pub body: &'a str,
    /// Tags separated by commas, 、 or spaces.
    pub tags: &'a str,
    pub featured: bool,
}

impl DocumentDraft {
    pub fn parse(input: &DocumentInput<'_>) -> Result<Self, ValidationError> {
        let kind =
            DocKind::from_code(input.kind.trim()).ok_or_else(|| ValidationError::new("kind", "请选择文档类别"))?;
        let visibility = Visibility::from_code(input.visibility.trim())
            .ok_or_else(|| ValidationError::new("visibility", "请选择可见范围"))?;
        let title = one_line(input.title);
        if title.is_empty() {
            return Err(ValidationError::new("title", "标题不能为空"));
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(ValidationError::new("title", format!("标题不能超过{MAX_TITLE_CHARS}个字")));
        }
        let (text_date, date_precision) = match input.text_date.trim() {
            "" => (None, DatePrecision::Day),
            s => parse_text_date("text_date", s).map(|(d, p)| (Some(d), p))?,
        };
        let organ = one_line(input.organ);
        if organ.chars().count() > 60 {
            return Err(ValidationError::new("organ", "发文机关或作者不能超过60个字"));
        }
        let lead = input.lead.trim().replace("\r\n", "\n");
        if lead.chars().count() > MAX_LEAD_CHARS {
            return Err(ValidationError::new("lead", format!("导读不能超过{MAX_LEAD_CHARS}个字")));
        }
        let body = normalise_body(input.body);
        if body.is_empty() {
            return Err(ValidationError::new("body", "正文不能为空"));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(ValidationError::new("body", format!("正文不能超过{MAX_BODY_CHARS}个字")));
        }
        let tags = parse_tags(input.tags)?;
        Ok(Self {
            kind,
            visibility,
            title,
            text_date,
            date_precision,
            organ,
            lead,
            body,
            tags,
            featured: input.featured,
        })
    }
}

/// Tags typed as `代表建议, 监督、联络站`: split, trimmed, deduplicated, in order.
pub fn parse_tags(raw: &str) -> Result<Vec<String>, ValidationError> {
    let mut tags: Vec<String> = Vec::new();
    for t in raw.split([',', '，', '、', ' ', '\u{3000}', ';', '；']) {
        let t = t.trim();
        if t.is_empty() || tags.iter().any(|x| x == t) {
            continue;
        }
        if t.chars().count() > MAX_TAG_CHARS {
            return Err(ValidationError::new("tags", format!("每个标签不能超过{MAX_TAG_CHARS}个字")));
        }
        tags.push(t.to_string());
    }
    if tags.len() > MAX_TAGS {
        return Err(ValidationError::new("tags", format!("标签不能超过{MAX_TAGS}个")));
    }
    Ok(tags)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most attachments one document has.
pub const MAX_ATTACHMENTS: usize = 10;

/// Attachments are added some at a time (at least one) up to [`MAX_ATTACHMENTS`]: `had` is how
/// many the document has.
pub fn check_attachments(had: usize, adding: usize) -> Result<(), ValidationError> {
    if adding == 0 {
        return Err(ValidationError::new("files", "请选择要上传的文件"));
    }
    if had + adding > MAX_ATTACHMENTS {
        return Err(ValidationError::new("files", format!("每篇文档最多{MAX_ATTACHMENTS}个附件")));
    }
    Ok(())
}

/// Publishing a published document, or withdrawing a draft, is refused.
pub fn check_publish(published: bool, publish: bool) -> Result<(), Refusal> {
    match (published, publish) {
        (true, true) => Err(Refusal::new(ErrorCode::AlreadyPublished, "该文档已经发布。")),
        (false, false) => Err(Refusal::new(ErrorCode::NotPublished, "该文档尚未发布。")),
        _ => Ok(()),
    }
}

/// An import names each source once.
pub fn check_sources_once<'a>(sources: impl IntoIterator<Item = &'a str>) -> Result<(), Refusal> {
    let mut seen = std::collections::HashSet::new();
    for source in sources {
        if !seen.insert(source) {
            return Err(Refusal::new(ErrorCode::DuplicateSource, format!("导入文件中“{source}”出现了两次。")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{OrgId, PersonId};

    fn input<'a>() -> DocumentInput<'a> {
        DocumentInput {
            kind: "news",
            visibility: "public",
            title: "  示范市人大常委会召开  第十次会议 ",
            text_date: "2026-05-03",
            organ: "示范市人大常委会办公室",
            lead: "会议听取了关于代表建议办理情况的报告。",
            body: "会议由主任主持。\n\n# 一、会议议程\n\n听取报告。",
            tags: "代表建议，常委会、 代表建议",
            featured: false,
        }
    }

    #[test]
    fn a_valid_form_parses_with_the_title_on_one_line_and_tags_deduplicated() {
        let d = DocumentDraft::parse(&input()).expect("valid");
        assert_eq!(d.title, "示范市人大常委会召开 第十次会议");
        assert_eq!(d.kind, DocKind::News);
        assert_eq!(d.text_date.map(|d| d.to_string()).as_deref(), Some("2026-05-03"));
        assert_eq!(d.tags, vec!["代表建议".to_string(), "常委会".to_string()]);
    }

    #[test]
    fn a_text_date_is_a_day_or_a_year_alone_shown_as_the_year() {
        let mut i = input();
        i.text_date = "1954年";
        let d = DocumentDraft::parse(&i).expect("a year");
        assert_eq!((d.text_date, d.date_precision), (Some(jiff::civil::date(1954, 1, 1)), DatePrecision::Year));
        assert_eq!(DatePrecision::Year.show(jiff::civil::date(1954, 1, 1)), "1954年");
        assert_eq!(parse_text_date("d", "2021-05-03").expect("day").1, DatePrecision::Day);
        assert_eq!(DatePrecision::Day.show(jiff::civil::date(2021, 5, 3)), "2021-05-03");
        assert!(parse_text_date("d", "0999").is_err());
        assert_eq!(DatePrecision::from_code("year"), Some(DatePrecision::Year));
    }

    #[test]
    fn an_empty_title_body_or_unknown_kind_is_refused_naming_the_field() {
        let mut i = input();
        i.title = "  ";
        assert_eq!(DocumentDraft::parse(&i).expect_err("empty").field, "title");
        let mut i = input();
        i.body = "\n \n";
        assert_eq!(DocumentDraft::parse(&i).expect_err("empty").field, "body");
        let mut i = input();
        i.kind = "blog";
        assert_eq!(DocumentDraft::parse(&i).expect_err("kind").field, "kind");
        let mut i = input();
        i.text_date = "2026-13-01";
        assert_eq!(DocumentDraft::parse(&i).expect_err("date").field, "text_date");
        let long = "字".repeat(MAX_TITLE_CHARS + 1);
        let mut i = input();
        i.title = &long;
        assert!(DocumentDraft::parse(&i).expect_err("long").message.contains("200"));
    }

    #[test]
    fn a_body_typed_one_paragraph_per_line_becomes_blocks() {
        let mut i = input();
        i.body = "第一段\r\n第二段\r\n\r\n\r\n 第三段 ";
        let d = DocumentDraft::parse(&i).expect("valid");
        assert_eq!(d.body, "第一段\n\n第二段\n\n第三段");
        i.body = "第一段\n第二段\n# 标题";
        let d = DocumentDraft::parse(&i).expect("valid");
        assert_eq!(
            blocks(&d.body),
            vec![Block::Paragraph("第一段"), Block::Paragraph("第二段"), Block::Heading { level: 1, text: "标题" }]
        );
    }

    #[test]
    fn blocks_know_headings_and_plain_text_drops_their_markers() {
        let body = "# 第一章 总则\n\n## 第一节 一般规定\n\n第一条 为了……\n\n\n\n第二条 本法";
        let b = blocks(body);
        assert_eq!(b[0], Block::Heading { level: 1, text: "第一章 总则" });
        assert_eq!(b[1], Block::Heading { level: 2, text: "第一节 一般规定" });
        assert_eq!(b.len(), 4);
        assert_eq!(plain_text(body), "第一章 总则\n第一节 一般规定\n第一条 为了……\n第二条 本法");
    }

    #[test]
    fn who_may_read_follows_the_visibility() {
        const C: OrgId = OrgId(1);
        const K: OrgId = OrgId(2);
        let path = [K, C];
        let staff_k = Reader::User(Role::Staff { congress: K });
        let staff_c = Reader::User(Role::Staff { congress: C });
        let staff_other = Reader::User(Role::Staff { congress: OrgId(3) });
        let deputy = Reader::User(Role::Deputy { person: PersonId(9) });
        let public_user = Reader::User(Role::Public);

        assert!(can_read_text(Visibility::Public, Reader::Anonymous, &path));
        assert!(can_see(Visibility::Users, Reader::Anonymous, &path));
        assert!(!can_read_text(Visibility::Users, Reader::Anonymous, &path));
        assert!(can_read_text(Visibility::Users, public_user, &path));
        assert!(can_read_text(Visibility::Users, deputy, &path));

        assert!(!can_see(Visibility::Staff, Reader::Anonymous, &path));
        assert!(!can_see(Visibility::Staff, deputy, &path));
        assert!(!can_see(Visibility::Staff, staff_other, &path));
        assert!(can_read_text(Visibility::Staff, staff_k, &path));
        assert!(can_read_text(Visibility::Staff, staff_c, &path), "the city reads below it");
        assert!(can_read_text(Visibility::Staff, Reader::User(Role::Admin), &path));
    }
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn attachments_publishing_and_imported_sources() {
        assert!(check_attachments(9, 1).is_ok());
        assert_eq!(check_attachments(0, 0).expect_err("none").message, "请选择要上传的文件");
        assert_eq!(check_attachments(9, 2).expect_err("eleven").message, "每篇文档最多10个附件");
        assert!(check_publish(false, true).is_ok());
        assert!(check_publish(true, false).is_ok());
        assert_eq!(check_publish(true, true).expect_err("again").code, ErrorCode::AlreadyPublished);
        assert_eq!(check_publish(false, false).expect_err("a draft").code, ErrorCode::NotPublished);
        assert!(check_sources_once(["a.md", "b.md"]).is_ok());
        let twice = check_sources_once(["a.md", "b.md", "a.md"]).expect_err("twice");
        assert_eq!((twice.code, twice.message.as_str()), (ErrorCode::DuplicateSource, "导入文件中“a.md”出现了两次。"));
    }
}
