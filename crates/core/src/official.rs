//! Official documents the office issues from its records (公文): which kinds there are, how each
//! is laid out and numbered, and the templates a congress adjusts (its red mark, 机关代字,
//! signature, signatory, 抄送 list and the wording of the fixed paragraphs).
//!
//! A number is never typed or reserved: issuing takes the next number of the document's register
//! — one per congress, 机关代字 and year, so kinds that share a code (the 函) share a register and
//! no two documents print the same number — and a voided document keeps its number (marked 作废),
//! so a register has no gaps. The layout itself is `renda_office::official`'s.

use crate::ids::{OrgId, ReceptionId, ReviewId, SuggestionId};
use crate::text;
use crate::{ErrorCode, Refusal};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub mod appointment;

/// The layout of GB/T 9704-2012 a kind is issued in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// 通用格式 (§7): reports, opinions, 公告.
    General,
    /// 信函格式 (§10.1): 函.
    Letter,
}

/// What the office issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 交办函: a batch of suggestions assigned to one unit.
    Assignment,
    /// 催办函: a unit's near-due and overdue suggestions.
    Reminder,
    /// 审议意见书: an oversight item's approved review opinions, sent to the body.
    ReviewOpinion,
    /// 代表建议办理情况报告: the year's handling, to the standing committee.
    HandlingReport,
    /// 接待公告: a liaison station's reception day.
    ReceptionNotice,
    /// 任免公告: the standing committee's appointments and removals of one meeting, made public
    /// (its body comes from the decision, see [`appointment::notice_paragraphs`]).
    AppointmentNotice,
    /// 备案审查工作情况报告: the year's filing review, to the standing committee (its body is the
    /// clerk's text, drafted by `filing::annual::annual_draft`).
    FilingReport,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Assignment,
        Kind::Reminder,
        Kind::ReviewOpinion,
        Kind::HandlingReport,
        Kind::ReceptionNotice,
        Kind::AppointmentNotice,
        Kind::FilingReport,
    ];

    /// The stable code in URLs, the database and the audit log.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Assignment => "assignment",
            Kind::Reminder => "reminder",
            Kind::ReviewOpinion => "review_opinion",
            Kind::HandlingReport => "handling_report",
            Kind::ReceptionNotice => "reception_notice",
            Kind::AppointmentNotice => "appointment_notice",
            Kind::FilingReport => "filing_report",
        }
    }

    pub fn from_code(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Assignment => "交办函",
            Kind::Reminder => "催办函",
            Kind::ReviewOpinion => "审议意见书",
            Kind::HandlingReport => "代表建议办理情况报告",
            Kind::ReceptionNotice => "接待公告",
            Kind::AppointmentNotice => "任免公告",
            Kind::FilingReport => "备案审查工作情况报告",
        }
    }

    pub fn format(self) -> Format {
        match self {
            Kind::Assignment | Kind::Reminder => Format::Letter,
            Kind::ReviewOpinion
            | Kind::HandlingReport
            | Kind::ReceptionNotice
            | Kind::AppointmentNotice
            | Kind::FilingReport => Format::General,
        }
    }

    /// Whether the same document (kind, addressee, records) may be issued again on another day,
    /// not twice on one: a 催办函 reminds of the same items as long as they stay late. Others
    /// stand once until voided.
    pub fn once_a_day(self) -> bool {
        matches!(self, Kind::Reminder)
    }

    /// Whether the document is public once issued: a 公告 is put up for everyone (a 接待公告 on
    /// the portal beside its reception and on the station's notice board; a 任免公告 published
    /// after the meeting), so anyone may download it while it stands. Others are read only by
    /// the office and those addressed.
    pub fn public(self) -> bool {
        matches!(self, Kind::ReceptionNotice | Kind::AppointmentNotice)
    }

    /// Whether the document goes to a body above (上行文), which names its 签发人.
    pub fn upward(self) -> bool {
        matches!(self, Kind::HandlingReport | Kind::FilingReport)
    }

    /// The default 机关代字 after the congress's first character: 函 share `人常办函`, so a 交办函
    /// and a 催办函 draw on one register (`示人常办函〔2026〕3号`).
    fn code_suffix(self) -> &'static str {
        match self {
            Kind::Assignment | Kind::Reminder => "人常办函",
            Kind::ReviewOpinion => "人常审",
            Kind::HandlingReport => "人常办",
            Kind::ReceptionNotice => "人常联",
            Kind::AppointmentNotice => "人常公",
            Kind::FilingReport => "人常法",
        }
    }

    /// The placeholders its fixed paragraphs may use, each with what it stands for.
    pub fn placeholders(self) -> &'static [(&'static str, &'static str)] {
        const CONGRESS: (&str, &str) = ("人大", "本级人大的名称");
        const YEAR: (&str, &str) = ("年度", "年份，如2026");
        match self {
            Kind::Assignment => {
                &[CONGRESS, YEAR, ("单位", "承办单位"), ("件数", "交办的建议件数"), ("办理期限", "最早的答复期限")]
            }
            Kind::Reminder => {
                &[CONGRESS, YEAR, ("单位", "承办单位"), ("件数", "临期和逾期的件数"), ("逾期件数", "已逾期的件数")]
            }
            Kind::ReviewOpinion => {
                &[CONGRESS, YEAR, ("机关", "被监督的机关"), ("议题", "审议的议题"), ("期限", "报告研究处理情况的期限")]
            }
            Kind::HandlingReport => {
                &[CONGRESS, YEAR, ("件数", "建议总件数"), ("办结率", "办结率"), ("满意率", "满意和基本满意率")]
            }
            Kind::ReceptionNotice => {
                &[CONGRESS, ("联络站", "联络站名称"), ("日期", "接待日期"), ("地点", "接待地点"), ("代表", "接待代表")]
            }
            Kind::AppointmentNotice => &[CONGRESS, ("会议", "作出决定的会议"), ("日期", "决定的日期")],
            Kind::FilingReport => &[CONGRESS, YEAR, ("件数", "报送备案的件数"), ("审查意见", "提出书面审查意见的件数")],
        }
    }

    /// The template a congress starts from, for `congress` (its full name, e.g. 示范市人民代表大会).
    pub fn default_template(self, congress: &str) -> Template {
        let office = format!("{}常务委员会办公室", congress);
        let short = short_name(congress);
        let paragraphs: &[&str] = match self {
            Kind::Assignment => &[
                "现将{年度}年代表提出的{件数}件建议交你单位办理（清单见附件）。请按照《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》和本级代表建议办理办法的规定，认真研究办理，在{办理期限}前答复代表，并将答复抄送本办公室。",
                "办理过程中请加强与领衔代表的沟通联系，办理结果须征求代表意见。",
            ],
            Kind::Reminder => &[
                "你单位承办的{件数}件代表建议即将到期或已超过办理期限，其中已逾期{逾期件数}件。请抓紧办理，尽快答复代表。",
            ],
            Kind::ReviewOpinion => &[
                "{人大}常务委员会对{议题}进行了审议，现将审议意见送给你们，请认真研究处理，并在{期限}前将研究处理情况书面报告常务委员会。",
            ],
            Kind::HandlingReport => {
                &["{年度}年，代表共提出建议{件数}件，办结率{办结率}，代表对办理结果满意和基本满意率{满意率}。"]
            }
            Kind::ReceptionNotice => &[
                "{日期}，{代表}将在{联络站}接待群众，面对面听取意见和建议。接待地点：{地点}。欢迎广大群众前来反映情况。",
            ],
            // The body is the decision's (appointment::notice_paragraphs); paragraphs a congress
            // adds here are printed before "现予公告。".
            Kind::AppointmentNotice => &[],
            Kind::FilingReport => &[
                "根据《中华人民共和国各级人民代表大会常务委员会监督法》和本级规范性文件备案审查的规定，现将{年度}年度规范性文件备案审查工作情况报告如下。{年度}年，共收到报送备案的规范性文件{件数}件，提出书面审查意见{审查意见}件。",
            ],
        };
        // A 公告 is the standing committee's own, not its office's.
        let committee = format!("{congress}常务委员会");
        Template {
            mark: match (self, self.format()) {
                (Kind::AppointmentNotice, _) => committee.clone(),
                (_, Format::Letter) => office.clone(),
                (_, Format::General) => format!("{short}常委会办公室文件"),
            },
            code: format!("{}{}", short.chars().next().unwrap_or('某'), self.code_suffix()),
            signature: match self {
                Kind::AppointmentNotice => committee,
                _ => format!("{short}常委会办公室"),
            },
            signatory: String::new(),
            copy_to: Vec::new(),
            printed_by: format!("{short}常委会办公室"),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        }
    }
}

/// 示范市人民代表大会 → 示范市人大.
fn short_name(congress: &str) -> String {
    congress.strip_suffix("人民代表大会").map_or_else(|| congress.to_string(), |s| format!("{s}人大"))
}

/// What a congress sets for one kind: the layout stays the standard's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// 发文机关标志, printed in red.
    pub mark: String,
    /// 机关代字 of the number: `示人常办` makes `示人常办〔2026〕12号`.
    pub code: String,
    /// 发文机关署名.
    pub signature: String,
    /// 签发人 (an upward document) or the one who signs: required to issue.
    pub signatory: String,
    /// 抄送机关.
    pub copy_to: Vec<String>,
    /// 印发机关 (general format).
    pub printed_by: String,
    /// The fixed paragraphs, with `{placeholders}` filled from the record.
    pub paragraphs: Vec<String>,
}

/// One suggestion on a letter's list (a 交办函's or a 催办函's), as the store found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchLine {
    pub suggestion: SuggestionId,
    /// 2026年第12号.
    pub number: String,
    pub title: String,
    pub lead: String,
    /// 主办 or 会办.
    pub role: &'static str,
    pub due_on: Option<Date>,
    /// Past its reply deadline (a 催办函's line).
    pub overdue: bool,
}

/// A unit's suggestions from one congress that a letter lists: for a 交办函 those not yet on a
/// standing one, for a 催办函 those it leads that are near due or overdue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub congress: OrgId,
    pub congress_name: String,
    pub unit: OrgId,
    pub unit_name: String,
    pub lines: Vec<BatchLine>,
}

/// Review opinions (审议意见) as the store found them, for the 审议意见书 to the body overseen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewSource {
    pub review: ReviewId,
    pub congress: OrgId,
    pub congress_name: String,
    /// The body overseen, to which the 审议意见书 goes.
    pub body: OrgId,
    pub body_name: String,
    /// The report reviewed (议题, `review_subject`): 示范市人民政府关于……工作情况的报告.
    pub topic: String,
    /// The opinions as approved, one paragraph a line.
    pub text: String,
    /// When the body's report on handling them is due, once they are sent.
    pub due_on: Option<Date>,
}

/// The report reviewed, named as a 审议意见书 names it, from the oversight item's title: the
/// item's "听取和审议" dropped, and the body's name before a title that starts at its "关于"
/// (听取和审议市人民政府关于……的报告 → 市人民政府关于……的报告; 关于……的报告 of the
/// housing bureau → 示范市住房和城乡建设局关于……的报告).
pub fn review_subject(item_title: &str, body_name: &str) -> String {
    let mut t = item_title.trim();
    for verb in ["听取和审议", "听取并审议", "听取审议", "审议"] {
        if let Some(rest) = t.strip_prefix(verb) {
            t = rest.trim_start();
            break;
        }
    }
    let t = t.trim_start_matches('《').trim_end_matches('》');
    if t.starts_with("关于") { format!("{}{t}", body_name.trim()) } else { t.to_string() }
}

/// A 审议意见书 is issued once the directors' meeting approved the opinions.
pub fn check_review(approved: bool) -> Result<(), Refusal> {
    if !approved {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "审议意见经主任会议通过后才能印发审议意见书。"));
    }
    Ok(())
}

/// A reception day at a liaison station as the store found it, for its 接待公告.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionSource {
    pub reception: ReceptionId,
    pub congress: OrgId,
    pub congress_name: String,
    pub station: OrgId,
    pub station_name: String,
    /// The station's address from its profile, when filled in.
    pub address: Option<String>,
    /// The station's phone from its profile, when known.
    pub phone: Option<String>,
    pub on: Date,
    /// 9:00—11:30.
    pub hours: String,
    /// 接待主题 ("" when none).
    pub topic: String,
    /// The receiving deputies' names, in the reception's order.
    pub deputies: Vec<String>,
    pub cancelled: bool,
    pub held: bool,
}

/// A 接待公告 announces a reception still to come: not for one cancelled, already held, or
/// whose day has passed (`today`, Beijing time).
pub fn check_reception(r: &ReceptionSource, today: Date) -> Result<(), Refusal> {
    if r.cancelled {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "该接待安排已取消，不能印发接待公告。"));
    }
    if r.held {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "该接待活动已经举行，不能再印发接待公告。"));
    }
    if r.on < today {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "该接待日期已过，不能再印发接待公告。"));
    }
    Ok(())
}

/// Why a 接待公告 was voided when its reception was cancelled (the cancellation's reason).
pub fn reception_cancelled_void_reason(reason: &str) -> String {
    format!("接待安排已取消：{reason}")
}

/// One piece of a paragraph: text as written, or a placeholder's name.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// Splits a paragraph at its `{placeholders}`; an unclosed `{` or a `}` without one is an error.
fn pieces(paragraph: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("多了一个“}”".into());
        }
        let Some(close) = rest[open..].find('}') else {
            return Err("“{”没有对应的“}”".into());
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Slot(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// The longest a template's line may be, and how many paragraphs and 抄送 it may have.
pub const MAX_LINE: usize = 200;
pub const MAX_PARAGRAPH: usize = 2000;
pub const MAX_PARAGRAPHS: usize = 20;
pub const MAX_COPY_TO: usize = 20;

impl Template {
    /// Checks a template a clerk saved for `kind`: its lines present and of bounded length, the
    /// number's code free of the brackets the number adds, and each placeholder one the kind
    /// knows. Returns the template trimmed.
    pub fn check(self, kind: Kind) -> Result<Template, Refusal> {
        let line = |field: &'static str, label: &str, v: String, required: bool| -> Result<String, Refusal> {
            text::bounded(field, label, &v, usize::from(required), MAX_LINE)
        };
        let mark = line("mark", "发文机关标志", self.mark, true)?;
        let code = check_code(line("code", "机关代字", self.code, true)?, "示人常办")?;
        let signature = line("signature", "发文机关署名", self.signature, true)?;
        let signatory = line("signatory", "签发人", self.signatory, false)?;
        let printed_by = line("printed_by", "印发机关", self.printed_by, false)?;
        let mut copy_to = Vec::new();
        for c in self.copy_to {
            let c = line("copy_to", "抄送机关", c, false)?;
            if !c.is_empty() {
                copy_to.push(c);
            }
        }
        if copy_to.len() > MAX_COPY_TO {
            return Err(Refusal::invalid("copy_to", format!("抄送机关最多{MAX_COPY_TO}个")));
        }
        let mut paragraphs = Vec::new();
        for p in self.paragraphs {
            let p = text::bounded("paragraphs", "正文段落", &p, 0, MAX_PARAGRAPH)?;
            if p.is_empty() {
                continue;
            }
            check_placeholders(&p, ("paragraphs", "正文段落"), kind.placeholders(), kind.label())?;
            paragraphs.push(p);
        }
        if paragraphs.len() > MAX_PARAGRAPHS {
            return Err(Refusal::invalid("paragraphs", format!("正文段落最多{MAX_PARAGRAPHS}段")));
        }
        Ok(Template { mark, code, signature, signatory, copy_to, printed_by, paragraphs })
    }

    /// Whether a document may be issued from this template: it names the one who signs.
    pub fn check_issue(&self) -> Result<(), Refusal> {
        if self.signatory.trim().is_empty() {
            return Err(Refusal::invalid("signatory", "公文模板未填写签发人，请先在“公文模板”中填写后再签发"));
        }
        Ok(())
    }

    /// The fixed paragraphs with the record's values in their placeholders. A placeholder with
    /// no value is left as it is written, so a preview shows what is missing.
    pub fn fill(&self, values: &[(&str, String)]) -> Vec<String> {
        self.paragraphs.iter().map(|p| fill(p, values)).collect()
    }
}

/// One paragraph with `values` in its placeholders; one with no value is left as written.
fn fill(paragraph: &str, values: &[(&str, String)]) -> String {
    match pieces(paragraph) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(t) => t.to_string(),
                Piece::Slot(name) => {
                    values.iter().find(|(k, _)| *k == name).map_or_else(|| format!("{{{name}}}"), |(_, v)| v.clone())
                }
            })
            .collect(),
        Err(_) => paragraph.to_string(),
    }
}

/// A 机关代字 as typed: the code itself, without the year, brackets or number the register adds
/// (`example` shows one).
fn check_code(code: String, example: &str) -> Result<String, Refusal> {
    if code.contains(['〔', '〕', '[', ']', '号']) || code.chars().any(|c| c.is_ascii_digit()) {
        return Err(Refusal::invalid("code", format!("机关代字只写代字本身（如“{example}”），年份和序号由系统编排")));
    }
    Ok(code)
}

/// Whether each `{placeholder}` of `text` (the form field and its label) is one of `known`, which
/// `owner` (a kind's or the certificate's name) offers; refused naming the known ones.
fn check_placeholders(
    text: &str,
    (field, label): (&'static str, &str),
    known: &[(&str, &str)],
    owner: &str,
) -> Result<(), Refusal> {
    for piece in pieces(text).map_err(|e| Refusal::invalid(field, format!("{label}中{e}")))? {
        if let Piece::Slot(name) = piece
            && !known.iter().any(|(k, _)| *k == name)
        {
            let names: Vec<String> = known.iter().map(|(k, _)| format!("{{{k}}}")).collect();
            return Err(Refusal::invalid(
                field,
                format!("占位符“{{{name}}}”不认识，{owner}可用：{}", names.join("、")),
            ));
        }
    }
    Ok(())
}

/// 发文字号 as printed: the code, the year in 六角括号, the number without padding —
/// `示人常办〔2026〕12号`.
pub fn number(code: &str, year: i16, seq: u32) -> String {
    format!("{code}〔{year}〕{seq}号")
}

/// What a preview prints where the number will be: issuing takes the number.
pub fn number_to_come(code: &str, year: i16) -> String {
    format!("{code}〔{year}〕（签发时编号）号")
}

/// Whether the suggestions a clerk ticked (`only`; none: the whole batch) are all in the unit's
/// batch for `kind` (`found`), and the batch then lists something.
pub fn check_choice(kind: Kind, found: &[SuggestionId], only: &[SuggestionId]) -> Result<(), Refusal> {
    if let Some(missing) = only.iter().find(|id| !found.contains(id)) {
        let why = match kind {
            Kind::Reminder => "不是该单位主办的临期或逾期建议",
            _ => "没有交办给该单位，或已列入未作废的交办函",
        };
        return Err(Refusal::new(ErrorCode::NothingToIssue, format!("建议（编号{}）{why}", missing.0)));
    }
    Ok(())
}

/// A document is made from at least one record.
pub fn check_sources(count: usize) -> Result<(), Refusal> {
    if count == 0 {
        return Err(Refusal::of(ErrorCode::NothingToIssue));
    }
    Ok(())
}

/// The same document (kind, addressee, records) is not issued twice while the first stands
/// (`standing`: its number).
pub fn check_not_standing(standing: Option<&str>) -> Result<(), Refusal> {
    match standing {
        Some(number) => Err(already_issued(number)),
        None => Ok(()),
    }
}

/// The refusal of a document issued already as `number` (by this clerk before, or just now by
/// another: the store maps the register's unique index to it).
pub fn already_issued(number: &str) -> Refusal {
    Refusal::new(
        ErrorCode::AlreadyIssued,
        format!("该公文已经签发（{number}），不能重复签发；如需重发，请先作废原件。"),
    )
}

/// Voiding: once, with a reason (trimmed, 1 to 200 characters).
pub fn check_void(voided: bool, reason: &str) -> Result<String, Refusal> {
    if voided {
        return Err(Refusal::of(ErrorCode::DocumentVoided));
    }
    text::bounded("reason", "作废原因", reason, 1, 200)
}

/// The next number of a register from the numbers it holds (voided ones included): one more
/// than the highest, so numbers are never skipped or reused.
pub fn next_number(taken: impl IntoIterator<Item = u32>) -> u32 {
    taken.into_iter().max().unwrap_or(0) + 1
}

pub mod report;

#[cfg(test)]
mod tests;
