//! Public consultation on a draft regulation (法规草案公开征求意见; 立法法 Art. 40, 81–87).
//!
//! Only a 设区的市 congress makes local regulations, so only it opens a consultation; a county
//! or township congress forwards what it gathers to the city's. A draft is published with its
//! 说明 for a period (30 days by default, [`Settings::consultation_days`]); a later draft is a new
//! [`Version`] of the same [`Regulation`] with its own period, and a comment stays attached to the
//! version it was made on — its article numbers are that version's.
//!
//! Comments come on the whole draft or on one article, by five channels ([`Source`]): citizens
//! online (name and contact kept, never published), letters and e-mails entered by staff, a
//! 基层立法联系点 recording what a meeting gathered (with the number of people), and deputies.
//! None is taken outside the period. Staff group duplicates — the same text sent many times
//! counts once per group, with its size; [`grouping_key`] proposes the groups — and answer each
//! group with a [`Disposition`]: 采纳, or 部分采纳 / 未采纳 with the reason.

use super::proposal::Contact;
use super::{Settings, text, zh};
use crate::ids::{CommentGroupId, CommentId, OrgId, PersonId};
use crate::org::CongressLevel;
use crate::{ErrorCode, Refusal};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

pub const TITLE_MAX: usize = 200;
pub const COMMENT_MAX: usize = 5_000;
pub const REASON_MAX: usize = 2_000;
const NAME_MAX: usize = 60;

/// One published draft: its number (第1稿, 第2稿…), how many articles it has, and its comment
/// period, both days included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub number: u32,
    pub articles: u32,
    pub opens_on: Date,
    pub closes_on: Date,
}

/// Where a version's comment period stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    NotYet,
    /// `days_left` after today: 0 on the last day.
    Open {
        days_left: i32,
    },
    Closed,
}

impl Phase {
    /// What the portal shows beside the draft.
    pub fn label(self) -> String {
        match self {
            Phase::NotYet => "尚未开始".to_owned(),
            Phase::Open { days_left: 0 } => "今日截止".to_owned(),
            Phase::Open { days_left } => format!("征求意见中，还有{days_left}天截止"),
            Phase::Closed => "征求意见已截止".to_owned(),
        }
    }
}

impl Version {
    pub fn phase(&self, today: Date) -> Phase {
        if today < self.opens_on {
            Phase::NotYet
        } else if today > self.closes_on {
            Phase::Closed
        } else {
            Phase::Open { days_left: (self.closes_on - today).get_days() }
        }
    }

    /// Days left after `today` while the period runs (0 on its last day); `None` otherwise.
    pub fn days_left(&self, today: Date) -> Option<i32> {
        match self.phase(today) {
            Phase::Open { days_left } => Some(days_left),
            _ => None,
        }
    }

    /// The period, in days: from the day after it opens to the day it closes (民法典 Art. 201).
    pub fn period_days(&self) -> i32 {
        (self.closes_on - self.opens_on).get_days()
    }
}

/// A draft regulation through its versions, as published for comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Regulation {
    title: String,
    versions: Vec<Version>,
}

impl Regulation {
    /// The first draft of `title`, with `articles` articles, open for comment from `opens_on`
    /// for `period_days` (the congress's setting when `None`) — or why not: only a 设区的市
    /// congress opens one.
    pub fn open(
        level: CongressLevel,
        title: &str,
        articles: u32,
        opens_on: Date,
        period_days: Option<u32>,
        s: &Settings,
    ) -> Result<Self, Refusal> {
        if level != CongressLevel::City {
            return Err(Refusal::new(
                ErrorCode::ConsultationNeedsCity,
                format!(
                    "{}人大没有地方立法权，不能公开征求法规草案意见；可以将收集到的意见转报市人大常委会。",
                    level.label()
                ),
            ));
        }
        let title = text("title", "法规草案名称", title, TITLE_MAX, ErrorCode::Required)?;
        let version = version(1, articles, opens_on, period_days, s)?;
        Ok(Regulation { title, versions: vec![version] })
    }

    /// The regulation with its next draft, open from `opens_on`: only once the last version's
    /// period has closed.
    pub fn add_version(
        &self,
        articles: u32,
        opens_on: Date,
        period_days: Option<u32>,
        s: &Settings,
    ) -> Result<Self, Refusal> {
        let last = self.latest();
        if opens_on <= last.closes_on {
            return Err(Refusal::new(
                ErrorCode::DateOutOfOrder,
                format!("第{}稿的征求意见至{}截止，新一稿须在此后开始征求意见。", last.number, zh(last.closes_on)),
            )
            .at("opens_on"));
        }
        let next = version(last.number + 1, articles, opens_on, period_days, s)?;
        let mut versions = self.versions.clone();
        versions.push(next);
        Ok(Regulation { title: self.title.clone(), versions })
    }

    /// A regulation as the store kept it: versions numbered from 1, each opening after the one
    /// before closed.
    pub fn from_versions(title: &str, versions: Vec<Version>) -> Option<Self> {
        let numbered =
            versions.iter().enumerate().all(|(i, v)| v.number as usize == i + 1 && v.opens_on <= v.closes_on);
        let ordered = versions.windows(2).all(|w| w[0].closes_on < w[1].opens_on);
        (numbered && ordered && !versions.is_empty()).then(|| Regulation { title: title.trim().to_owned(), versions })
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    pub fn latest(&self) -> &Version {
        self.versions.last().expect("a regulation has its first version (built by open)")
    }

    pub fn version(&self, number: u32) -> Option<&Version> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// The version open for comment on `day`, if any.
    pub fn open_on(&self, day: Date) -> Option<&Version> {
        self.versions.iter().find(|v| v.opens_on <= day && day <= v.closes_on)
    }
}

fn version(
    number: u32,
    articles: u32,
    opens_on: Date,
    period_days: Option<u32>,
    s: &Settings,
) -> Result<Version, Refusal> {
    if articles == 0 {
        return Err(Refusal::new(ErrorCode::ZeroQuantity, "草案的条数须大于0。").at("articles"));
    }
    let days = period_days.unwrap_or(s.consultation_days);
    if !(10..=90).contains(&days) {
        return Err(Refusal::new(ErrorCode::PeriodOutOfRange, format!("征求意见的期限应为10至90天（现为{days}天）。"))
            .at("period_days"));
    }
    let closes_on = opens_on.checked_add(i64::from(days).days()).unwrap_or(Date::MAX);
    Ok(Version { number, articles, opens_on, closes_on })
}

/// How a comment came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    Letter,
    Email,
    LiaisonPoint,
    Deputy,
}

impl Channel {
    pub const ALL: [Channel; 5] =
        [Channel::Online, Channel::Letter, Channel::Email, Channel::LiaisonPoint, Channel::Deputy];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Letter => "letter",
            Channel::Email => "email",
            Channel::LiaisonPoint => "liaison_point",
            Channel::Deputy => "deputy",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Online => "网上提交",
            Channel::Letter => "信函",
            Channel::Email => "电子邮件",
            Channel::LiaisonPoint => "基层立法联系点",
            Channel::Deputy => "人大代表",
        }
    }
}

/// Who a comment is from, by channel. Names and contacts are kept for staff, never published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "channel", rename_all = "snake_case")]
pub enum Source {
    /// A citizen on the portal: name and contact required.
    Online { name: String, contact: String },
    /// A letter, entered by staff: the sender's name if it has one.
    Letter { name: String },
    /// An e-mail, entered by staff: its address.
    Email { name: String, address: String },
    /// What a 基层立法联系点's meeting gathered, and how many took part.
    LiaisonPoint { station: OrgId, people: u32 },
    /// A deputy, through the platform.
    Deputy { person: PersonId },
}

impl Source {
    pub fn channel(&self) -> Channel {
        match self {
            Source::Online { .. } => Channel::Online,
            Source::Letter { .. } => Channel::Letter,
            Source::Email { .. } => Channel::Email,
            Source::LiaisonPoint { .. } => Channel::LiaisonPoint,
            Source::Deputy { .. } => Channel::Deputy,
        }
    }

    /// The people behind the comment: a 联系点 meeting's participants, otherwise one.
    pub fn people(&self) -> u32 {
        match self {
            Source::LiaisonPoint { people, .. } => *people,
            _ => 1,
        }
    }

    fn check(&self) -> Result<Source, Refusal> {
        Ok(match self {
            Source::Online { name, contact } => {
                let name = text("name", "姓名", name, NAME_MAX, ErrorCode::Required)?;
                Contact::parse(contact)?;
                Source::Online { name, contact: contact.trim().to_owned() }
            }
            Source::Letter { name } => Source::Letter { name: optional_name(name)? },
            Source::Email { name, address } => match Contact::parse(address) {
                Ok(Contact::Email(address)) => Source::Email { name: optional_name(name)?, address },
                Ok(Contact::Phone(_)) | Err(_) => {
                    return Err(Refusal::new(ErrorCode::ContactInvalid, "请填写来信的电子邮箱地址。").at("address"));
                }
            },
            Source::LiaisonPoint { station, people } => {
                if *people == 0 {
                    return Err(Refusal::new(ErrorCode::ZeroQuantity, "联系点座谈会的参加人数须大于0。").at("people"));
                }
                Source::LiaisonPoint { station: *station, people: *people }
            }
            Source::Deputy { person } => Source::Deputy { person: *person },
        })
    }
}

fn optional_name(name: &str) -> Result<String, Refusal> {
    if name.trim().is_empty() { Ok(String::new()) } else { text("name", "姓名", name, NAME_MAX, ErrorCode::Required) }
}

/// What a comment is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "target", content = "article", rename_all = "snake_case")]
pub enum Target {
    /// 草案整体.
    Whole,
    /// 第n条 of the version commented on.
    Article(u32),
}

impl Target {
    pub fn label(self) -> String {
        match self {
            Target::Whole => "草案整体".to_owned(),
            Target::Article(n) => format!("第{n}条"),
        }
    }
}

/// A comment as submitted or entered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    pub target: Target,
    pub source: Source,
    pub text: String,
}

/// A comment taken: attached to the version it was made on, with its grouping key; staff put
/// it in a group later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub version: u32,
    pub target: Target,
    pub source: Source,
    pub text: String,
    pub on: Date,
    /// [`grouping_key`] of the text.
    pub key: String,
    pub group: Option<CommentGroupId>,
}

/// A comment made on `today`, or why not: no version is open (`consultation_not_open`), the
/// article is not in the version open (`no_such_article`), the text is blank (`comment_required`)
/// or too long, or the channel's details are wanting.
pub fn comment(regulation: &Regulation, new: &NewComment, today: Date) -> Result<Comment, Refusal> {
    let Some(version) = regulation.open_on(today) else {
        let first = regulation.versions[0];
        let message = if today < first.opens_on {
            format!("《{}》的征求意见自{}开始，尚未开始。", regulation.title, zh(first.opens_on))
        } else {
            let last = regulation.versions.iter().rev().find(|v| v.closes_on < today).unwrap_or(&first);
            format!("《{}》的征求意见已于{}截止，不再接收意见。", regulation.title, zh(last.closes_on))
        };
        return Err(Refusal::new(ErrorCode::ConsultationNotOpen, message));
    };
    if let Target::Article(n) = new.target
        && !(1..=version.articles).contains(&n)
    {
        return Err(Refusal::new(
            ErrorCode::NoSuchArticle,
            format!("草案第{}稿共{}条，没有第{n}条。", version.number, version.articles),
        )
        .at("article"));
    }
    let body = text("text", "意见", &new.text, COMMENT_MAX, ErrorCode::CommentRequired)?;
    let source = new.source.check()?;
    Ok(Comment {
        version: version.number,
        target: new.target,
        source,
        key: grouping_key(&body),
        text: body,
        on: today,
        group: None,
    })
}

/// The key under which copies of one text fall together: compatibility-normalised (full-width
/// letters and digits as half-width), lower case, with every space and punctuation mark gone —
/// so "建议，增加停车位！" and "建议增加停车位" are one text.
pub fn grouping_key(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// The groups staff are offered: comments on one version with one key, two or more, each
/// group's ids in order, groups in the order of their first comment.
pub fn suggest_groups(comments: &[(CommentId, Comment)]) -> Vec<Vec<CommentId>> {
    let mut by_key: BTreeMap<(u32, &str), Vec<CommentId>> = BTreeMap::new();
    for (id, c) in comments {
        if !c.key.is_empty() {
            by_key.entry((c.version, c.key.as_str())).or_default().push(*id);
        }
    }
    let mut groups: Vec<Vec<CommentId>> = by_key.into_values().filter(|g| g.len() > 1).collect();
    groups.iter_mut().for_each(|g| g.sort());
    groups.sort();
    groups
}

/// Whether `members` may form one group: comments of one version only.
pub fn check_group(members: &[&Comment]) -> Result<(), Refusal> {
    match members.split_first() {
        Some((first, rest)) if rest.iter().any(|c| c.version != first.version) => {
            Err(Refusal::of(ErrorCode::GroupAcrossVersions))
        }
        _ => Ok(()),
    }
}

/// How a group of comments was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Adopted,
    PartlyAdopted,
    NotAdopted,
}

impl Disposition {
    pub const ALL: [Disposition; 3] = [Disposition::Adopted, Disposition::PartlyAdopted, Disposition::NotAdopted];

    pub fn code(self) -> &'static str {
        match self {
            Disposition::Adopted => "adopted",
            Disposition::PartlyAdopted => "partly_adopted",
            Disposition::NotAdopted => "not_adopted",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Disposition::Adopted => "采纳",
            Disposition::PartlyAdopted => "部分采纳",
            Disposition::NotAdopted => "未采纳",
        }
    }

    /// 部分采纳 and 未采纳 say why.
    pub fn needs_reason(self) -> bool {
        self != Disposition::Adopted
    }
}

/// A group's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub disposition: Disposition,
    /// Required unless adopted; may explain an adoption too.
    pub reason: String,
}

impl Answer {
    /// The answer as staff typed it, or `reason_required` for a 部分采纳 or 未采纳 without one.
    pub fn new(disposition: Disposition, reason: &str) -> Result<Self, Refusal> {
        let reason = if disposition.needs_reason() || !reason.trim().is_empty() {
            text("reason", &format!("{}的理由", disposition.label()), reason, REASON_MAX, ErrorCode::ReasonRequired)?
        } else {
            String::new()
        };
        Ok(Answer { disposition, reason })
    }
}

/// A group of duplicate comments (a comment names its group) and its answer once given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: CommentGroupId,
    pub answer: Option<Answer>,
}
