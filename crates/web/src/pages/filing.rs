//! Filing review of normative documents (备案审查, issue 18): the list a congress's staff work
//! from — what was filed with them, overdue first marked, with the form to record a document
//! found in the gazette — and the list and filing form of a maker (a government department,
//! 监委, court or procuratorate user, or the staff of a congress below for its own resolutions)
//! (`/filings`); each filing's page with its files, its history and the steps its reader may take
//! (`/filings/{id}`); the year's figures per filing body (`/filings/stats`); the periods
//! (`/filings/settings`); the 审查建议 received (`/filings/proposals`). On the portal: the list of
//! documents registered in a year with the proposals published (`/portal/filings`) and the
//! 审查建议 form with its receipt (`/portal/review-proposal`).
//!
//! The rules are the core's (`renda_core::filing`); the store applies them in one audited
//! transaction per step (`renda_store::filing`).

use super::oversight::Fields;
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::filing::annual::{AnnualFigures, annual_draft, annual_title, check_annual};
use renda_core::filing::proposal::{Command as ProposalCommand, ProposalForm, PublishedProposal};
use renda_core::filing::review::{Command, CommandKind, Demand, ReviewKind};
use renda_core::filing::{Attachment, Settings};
use renda_core::ids::{FilingId, MeetingId, OrgId, ReviewProposalId};
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::meeting::MeetingKind;
use renda_core::official::{Kind as OfficialKind, number_to_come};
use renda_core::org::OrgKind;
use renda_office::official::filing_report;
use renda_store::files::Upload;
use renda_store::filing::proposals::{ProposalRow, ProposalStatus};
use renda_store::filing::review::{BodyStats, FilingRow, FilingStep, FilingView, NewDocument, PublicFiling};
use renda_store::meetings::MeetingRow;
use renda_store::official::{Issue, IssuedDocument, OfficialFilter, Source as OfficialSource};
use renda_store::users::Session;
use serde::Deserialize;

/// The congress whose filings a staff member receives.
fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以办理备案审查。"))
}

/// The organisation the user files for: a unit's user their unit, a staff member their congress.
fn maker_of(s: &Session) -> Option<OrgId> {
    s.user.role.unit().or_else(|| s.user.role.staff_congress())
}

/// The files of a form, each as the material its field names (`report`, `text`, …).
fn attachments(files: Vec<(String, Upload)>) -> AppResult<Vec<(Attachment, Upload)>> {
    files
        .into_iter()
        .filter(|(_, u)| !u.bytes.is_empty())
        .map(|(field, u)| {
            let a = Attachment::from_code(&field).ok_or_else(|| ValidationError::new("files", "请选择材料类别"))?;
            Ok((a, u))
        })
        .collect()
}

fn attachment_choices() -> Vec<(&'static str, &'static str)> {
    Attachment::ALL.iter().map(|a| (a.code(), a.label())).collect()
}

#[derive(Template)]
#[template(path = "filings.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    /// Filed with the user's congress (staff of a congress with a standing committee).
    pub received: Option<Vec<FilingRow>>,
    /// Filed by the user's organisation.
    pub made: Vec<FilingRow>,
    /// Whether the user's organisation files with a congress above (and with which).
    pub files_with: Option<String>,
    /// For a document found in the gazette: the makers that file with this congress.
    pub makers: Vec<(i64, String)>,
    /// 审查建议 past their days to tell the proposer.
    pub overdue_proposals: usize,
    pub materials: Vec<(&'static str, &'static str)>,
    pub today: Date,
}

impl ListPage {
    pub fn overdue(&self, f: &FilingRow) -> bool {
        f.due_on.is_some_and(|d| d < self.today)
    }
}

/// The congress an organisation files with, by name, or `None` when it files nothing.
async fn files_with(state: &AppState, maker: OrgId) -> AppResult<Option<String>> {
    let org = state.store.org(maker).await?;
    let path = state.store.congress_path(maker).await?;
    Ok(match renda_core::filing::filed_with(org.kind, &path) {
        Ok((_, congress)) => {
            let receiving = state.store.org(congress).await?;
            match receiving.kind {
                OrgKind::Congress(level) if level.has_standing_committee() => {
                    Some(format!("{}常务委员会", receiving.name.as_str()))
                }
                _ => None,
            }
        }
        Err(_) => None,
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let a = actor(&s);
    let received = match s.user.role.staff_congress() {
        Some(congress) => match state.store.org(congress).await?.kind {
            OrgKind::Congress(level) if level.has_standing_committee() => {
                Some(state.store.filings_received(&a, congress).await?)
            }
            _ => None,
        },
        None => None,
    };
    let files_with = match maker_of(&s) {
        Some(m) => files_with(&state, m).await?,
        None => None,
    };
    if received.is_none() && files_with.is_none() {
        return Err(AppError::new(ErrorCode::Forbidden, "备案审查由人大常委会工作人员和报送备案的机关办理。"));
    }
    let makers = match (&received, s.user.role.staff_congress()) {
        (Some(_), Some(congress)) => gazette_makers(&state, congress).await?,
        _ => Vec::new(),
    };
    let made = if files_with.is_some() { state.store.filings_made(&a).await? } else { Vec::new() };
    let overdue_proposals = match (&received, s.user.role.staff_congress()) {
        (Some(_), Some(congress)) => overdue_proposals(&state, &s, congress, true).await?.len(),
        _ => 0,
    };
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), "备案审查", "/filings"),
        notice: notice_text(q.notice.as_deref()),
        received,
        made,
        files_with,
        makers,
        overdue_proposals,
        materials: attachment_choices(),
        today: state.today(),
    })
}

/// Who files with `congress`: its units that make normative documents and the congresses
/// directly below it.
async fn gazette_makers(state: &AppState, congress: OrgId) -> AppResult<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for r in state.store.org_tree().await? {
        let o = &r.org;
        let files = match o.kind {
            OrgKind::Unit(k) => r.congress == Some(congress) && renda_core::filing::FilingBody::of_unit(k).is_some(),
            OrgKind::Congress(_) => o.parent == Some(congress),
            _ => false,
        };
        if files {
            out.push((o.id.0, o.name.to_string()));
        }
    }
    Ok(out)
}

/// Files a document (its maker), or records one found in the gazette (the office, naming the
/// maker): a multipart form, each file in the field of its material.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let (pairs, files) = crate::extract::read_form_named(&headers, body).await?;
    let f = Fields(pairs);
    let maker = match f.opt_int("maker")? {
        Some(m) => OrgId(m),
        None => maker_of(&s).ok_or_else(|| AppError::of(ErrorCode::Forbidden))?,
    };
    let new = NewDocument {
        maker,
        title: f.get("title").to_owned(),
        published_on: f.date("published_on")?,
        files: attachments(files)?,
    };
    let id = state.store.file_document(&actor(&s), new).await?;
    Ok(done(&format!("/filings/{}", id.0), "filing_filed"))
}

#[derive(Template)]
#[template(path = "filing.html")]
pub struct FilingPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub v: FilingView,
    pub materials: Vec<(&'static str, &'static str)>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub demands: Vec<(&'static str, &'static str)>,
    pub topics: Vec<String>,
    /// The usual 专门委员会, offered when asking one for its opinion.
    pub committees: &'static [&'static str],
    /// Standing committee meetings to come, for a proposal to revoke.
    pub meetings: Vec<MeetingRow>,
    pub today: Date,
}

impl FilingPage {
    pub fn may(&self, code: &str) -> bool {
        self.v.permitted.iter().any(|k| k.code() == code)
    }

    pub fn overdue(&self) -> bool {
        self.v.row.due_on.is_some_and(|d| d < self.today)
    }

    /// The committees whose opinion is awaited, for the forms that record or extend one.
    pub fn awaited_committees(&self) -> Vec<&str> {
        self.v.row.filing.opinions().iter().filter(|o| o.awaited()).map(|o| o.committee.as_str()).collect()
    }

    pub fn opinion_overdue(&self, o: &renda_core::filing::review::CommitteeOpinion) -> bool {
        o.awaited() && o.due_on < self.today
    }

    pub fn missing_labels(&self) -> String {
        self.v.row.filing.missing().iter().map(|a| a.label()).collect::<Vec<_>>().join("、")
    }

    pub fn late_labels(&self) -> String {
        self.v.row.filing.late().iter().map(|l| l.label()).collect::<Vec<_>>().join("、")
    }

    /// A history line as the page reads it.
    pub fn describe(&self, e: &renda_store::filing::review::FilingEvent) -> String {
        use renda_core::filing::review::Event as E;
        let late = |l: bool| if l { "（逾期）" } else { "" };
        match &e.event {
            E::Filed { origin: renda_core::filing::review::Origin::Gazette, late: l } => {
                format!("备案审查工作机构从公报中发现并登记未报备文件{}", late(*l))
            }
            E::Filed { late: l, .. } => format!("制定机关报送备案{}", late(*l)),
            E::Registered { number, late: l } => format!("审查登记，备案号{number}{}", late(*l)),
            E::Returned { missing, note, due_on } => format!(
                "退回补正：缺{}，限{}前补正。{note}",
                missing.iter().map(|a| a.label()).collect::<Vec<_>>().join("、"),
                due_on
            ),
            E::Resubmitted { added, late: l } => format!(
                "制定机关补正材料：{}{}",
                added.iter().map(|a| a.label()).collect::<Vec<_>>().join("、"),
                late(*l)
            ),
            E::Transferred { to, reason } => format!("不属于本级审查范围，移送{to}：{reason}"),
            E::Sent { kind, topic, due_on, late: l } => format!(
                "送交专门委员会{}{}，审查期限至{due_on}{}",
                kind.label(),
                topic.as_ref().map(|t| format!("（专题：{t}）")).unwrap_or_default(),
                late(*l)
            ),
            E::Extended { reason, due_on } => format!("审查期限延长至{due_on}：{reason}"),
            E::FoundNoProblem { late: l } => format!("审查完毕，未发现问题{}", late(*l)),
            E::Communicated { note } => format!("与制定机关沟通：{note}"),
            E::OpinionSent { demand, text, due_on, late: l } => {
                format!("提出书面审查意见，要求{}，限{due_on}前回复{}：{text}", demand.label(), late(*l))
            }
            E::Answered { agrees: true, text, late: l } => format!("制定机关回复处理计划{}：{text}", late(*l)),
            E::Answered { agrees: false, text, late: l } => format!("制定机关不同意审查意见{}：{text}", late(*l)),
            E::CorrectionReported { text, late: l } => format!("制定机关报告纠正情况{}：{text}", late(*l)),
            E::RevocationProposed { reason, .. } => format!("提请常务委员会撤销：{reason}"),
            E::OpinionAsked { committee, due_on } => format!("征求{committee}意见，限{due_on}前回复"),
            E::OpinionExtended { committee, reason, due_on } => {
                format!("{committee}的意见期限延长至{due_on}：{reason}")
            }
            E::OpinionRecorded { committee, text, late: l } => format!("{committee}回复意见{}：{text}", late(*l)),
            E::Decided { revoked: true } => "常务委员会会议表决通过，决定撤销该文件".to_owned(),
            E::Decided { revoked: false } => "常务委员会会议表决未通过撤销该文件的决定".to_owned(),
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let a = actor(&s);
    let v = state.store.filing(&a, FilingId(id)).await?;
    let today = state.today();
    let (topics, meetings) = if v.runs_it {
        let topics = state.store.filing_topics(&a, v.row.congress, today.year()).await?;
        let meetings = if v.permitted.contains(&CommandKind::ProposeRevocation) {
            state
                .store
                .list_meetings(&a, v.row.congress)
                .await?
                .into_iter()
                .filter(|m| m.kind == MeetingKind::StandingCommittee && m.held_on >= today)
                .collect()
        } else {
            Vec::new()
        };
        (topics, meetings)
    } else {
        (Vec::new(), Vec::new())
    };
    let title = v.row.title.clone();
    render(&FilingPage {
        ctx: Ctx::new(&state, Some(&s), &title, "/filings"),
        notice: notice_text(q.notice.as_deref()),
        v,
        materials: attachment_choices(),
        kinds: ReviewKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        demands: Demand::ALL.iter().map(|d| (d.code(), d.label())).collect(),
        topics,
        committees: COMMITTEES,
        meetings,
        today,
    })
}

/// The 专门委员会 a congress usually has (地方组织法 Art. 53), offered by name; any other may be typed.
const COMMITTEES: &[&str] = &[
    "法制委员会",
    "监察和司法委员会",
    "财政经济委员会",
    "教育科学文化卫生委员会",
    "城乡建设环境保护委员会",
    "农业与农村委员会",
    "民族宗教侨务外事委员会",
    "社会建设委员会",
];

/// The step a form asks for: its `command` and the fields that command reads.
fn step_of(f: &Fields, files: Vec<(String, Upload)>) -> AppResult<FilingStep> {
    let text = |name: &str| f.get(name).to_owned();
    Ok(match f.get("command") {
        "register" => FilingStep::Register,
        "resubmit" => FilingStep::Resubmit(attachments(files)?),
        "return" => FilingStep::Act(Command::Return {
            missing: f.all("missing").into_iter().filter_map(Attachment::from_code).collect(),
            note: text("note"),
        }),
        "transfer" => FilingStep::Act(Command::Transfer { to: text("to"), reason: text("reason") }),
        "send" => FilingStep::Act(Command::Send {
            kind: ReviewKind::from_code(f.get("kind")).ok_or_else(|| ValidationError::new("kind", "请选择审查方式"))?,
            topic: text("topic"),
        }),
        "extend" => FilingStep::Act(Command::Extend { reason: text("reason") }),
        "find_no_problem" => FilingStep::Act(Command::FindNoProblem),
        "communicate" => FilingStep::Act(Command::Communicate { note: text("note") }),
        "send_opinion" => FilingStep::Act(Command::SendOpinion {
            demand: Demand::from_code(f.get("demand"))
                .ok_or_else(|| ValidationError::new("demand", "请选择审查意见的要求"))?,
            text: text("text"),
        }),
        "answer" => FilingStep::Act(Command::Answer {
            agrees: match f.get("agrees") {
                "yes" => true,
                "no" => false,
                _ => return Err(ValidationError::new("agrees", "请选择是否同意审查意见").into()),
            },
            text: text("text"),
        }),
        "report_correction" => FilingStep::Act(Command::ReportCorrection { text: text("text") }),
        "ask_opinion" => FilingStep::Act(Command::AskOpinion { committee: text("committee") }),
        "extend_opinion" => {
            FilingStep::Act(Command::ExtendOpinion { committee: text("committee"), reason: text("reason") })
        }
        "record_opinion" => {
            FilingStep::Act(Command::RecordOpinion { committee: text("committee"), text: text("text") })
        }
        "propose_revocation" => FilingStep::ProposeRevocation {
            reason: text("reason"),
            meeting: MeetingId(f.int("meeting", "提请审议的常委会会议")?),
        },
        _ => return Err(ValidationError::new("command", "请选择要办理的事项").into()),
    })
}

/// A step of a filing, from its page (a multipart form for a 补正 with files).
pub async fn step(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let (pairs, files) = crate::extract::read_form_named(&headers, body).await?;
    let f = Fields(pairs);
    let notice = format!("filing_{}", f.get("command"));
    let step = step_of(&f, files)?;
    state.store.filing_step(&actor(&s), FilingId(id), step).await?;
    Ok(done(&format!("/filings/{id}"), &notice))
}

pub async fn file_download(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (name, mime, bytes) = state.store.filing_file(&actor(&s), FilingId(id), &hash).await?;
    Ok(crate::download::file(&name, &mime, bytes))
}

#[derive(Deserialize)]
pub struct YearQuery {
    pub year: Option<i16>,
    pub congress: Option<i64>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "filing_stats.html")]
pub struct StatsPage {
    pub ctx: Ctx,
    pub year: i16,
    pub rows: Vec<BodyStats>,
}

/// The year's figures per filing body, for the annual report to the standing committee.
pub async fn stats(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let year = q.year.unwrap_or_else(|| state.today().year());
    let rows = state.store.filing_stats(&actor(&s), congress, year).await?;
    render(&StatsPage { ctx: Ctx::new(&state, Some(&s), "备案审查统计", "/filings"), year, rows })
}

#[derive(Template)]
#[template(path = "filing_report.html")]
pub struct AnnualReportPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub f: AnnualFigures,
    /// The draft the clerk edits into the 备案审查工作情况报告.
    pub text: String,
    /// The number it will take (示人常法〔2026〕N号 as the register runs).
    pub number: String,
    pub signatory: String,
    /// The year's report standing already.
    pub standing: Option<IssuedDocument>,
}

/// The year's 备案审查 report to the standing committee: the figures per body, the reviews by
/// kind and where the year's filings stand, the 审查建议, and the register of the documents
/// filed that year — every number counted from the rows the lists show (the store's
/// `filing_annual`) — with the draft to edit, preview and issue as an upward 公文.
pub async fn annual_report(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let a = actor(&s);
    let today = state.today();
    let year = q.year.unwrap_or_else(|| today.year());
    let f = state.store.filing_annual(&a, congress, year).await?;
    let t = state.store.official_template(&a, congress, OfficialKind::FilingReport).await?;
    let standing = standing_report(&state, &s, congress, year).await?;
    render(&AnnualReportPage {
        ctx: Ctx::new(&state, Some(&s), "年度备案审查工作情况", "/filings"),
        notice: notice_text(q.notice.as_deref()),
        text: annual_draft(&f, &t),
        number: number_to_come(&t.code, today.year()),
        signatory: t.signatory,
        f,
        standing,
    })
}

/// The year's 备案审查工作情况报告 standing (not voided), if issued.
async fn standing_report(
    state: &AppState,
    s: &Session,
    congress: OrgId,
    year: i16,
) -> AppResult<Option<IssuedDocument>> {
    let filter = OfficialFilter {
        congress: Some(congress),
        source: Some(OfficialSource::FilingYear(i64::from(year))),
        ..Default::default()
    };
    Ok(state
        .store
        .official_documents(&actor(s), &filter)
        .await?
        .into_iter()
        .find(|d| d.kind == OfficialKind::FilingReport && !d.is_void()))
}

/// The year and the clerk's text a report form posts, the year checked by the core.
fn report_posted(state: &AppState, body: &Bytes) -> AppResult<(i16, String)> {
    let f = Fields::parse(body)?;
    let year = renda_core::official::report::check_year(f.get("year"), state.today())?;
    Ok((i16::try_from(year).unwrap_or_default(), f.get("text").to_owned()))
}

/// 预览: the report as it will be issued, its number still to come (nothing is kept).
pub async fn preview_annual_report(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let (year, text) = report_posted(&state, &body)?;
    let text = renda_core::text::bounded("text", "报告正文", &text, 1, renda_core::official::report::MAX_REPORT)?;
    let congress = own_congress(&s)?;
    let a = actor(&s);
    let today = state.today();
    let f = state.store.filing_annual(&a, congress, year).await?;
    let t = state.store.official_template(&a, congress, OfficialKind::FilingReport).await?;
    let doc = filing_report(&f, &text, &t, &number_to_come(&t.code, today.year()), today);
    let bytes = doc.to_docx().map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
    Ok(crate::download::file(
        &format!("{year}年度备案审查工作情况报告（预览）.docx"),
        renda_store::files::DOCX_MIME,
        bytes,
    ))
}

/// 签发 the year's report.
pub async fn issue_annual_report(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let (year, text) = report_posted(&state, &body)?;
    issue_filing_report(&state, &s, year, &text).await?;
    Ok(done(&format!("/filings/report?year={year}"), "filing_report_issued"))
}

/// Issues the year's 备案审查工作情况报告 with the clerk's `text` (checked: nothing left to
/// write), upward to the standing committee: the page's and the API's.
pub(crate) async fn issue_filing_report(
    state: &AppState,
    s: &Session,
    year: i16,
    text: &str,
) -> AppResult<IssuedDocument> {
    let text = renda_core::official::report::check_report_text(text)?;
    let congress = own_congress(s)?;
    let a = actor(s);
    let today = state.today();
    let f = state.store.filing_annual(&a, congress, year).await?;
    check_annual(&f)?;
    let issue = Issue {
        congress,
        kind: OfficialKind::FilingReport,
        title: annual_title(year),
        unit: None,
        addressee: renda_core::official::report::report_addressee(&f.congress_name),
        sources: vec![OfficialSource::FilingYear(i64::from(year))],
        filename: format!("{year}年度备案审查工作情况报告"),
    };
    Ok(state
        .store
        .issue_official(&a, issue, |t, number| {
            filing_report(&f, &text, t, number, today).to_docx().map_err(|e| e.to_string())
        })
        .await?)
}

#[derive(Template)]
#[template(path = "filing_settings.html")]
pub struct SettingsPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub s: Settings,
}

pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let settings = state.store.filing_settings(congress).await?;
    render(&SettingsPage {
        ctx: Ctx::new(&state, Some(&s), "备案审查与征求意见设置", "/filings"),
        notice: notice_text(q.notice.as_deref()),
        s: settings,
    })
}

/// Reads the settings form: every period a whole number.
fn settings_of(f: &Fields) -> AppResult<Settings> {
    let n = |name: &'static str| -> AppResult<u32> {
        f.get(name).trim().parse().map_err(|_| ValidationError::new(name, "请填写整数").into())
    };
    let m = |name: &'static str| -> AppResult<i32> {
        f.get(name).trim().parse().map_err(|_| ValidationError::new(name, "请填写整数").into())
    };
    Ok(Settings {
        filing_days: n("filing_days")?,
        register_days: n("register_days")?,
        resubmit_days: n("resubmit_days")?,
        transfer_days: n("transfer_days")?,
        send_working_days: n("send_working_days")?,
        review_months: m("review_months")?,
        review_extension_months: m("review_extension_months")?,
        committee_opinion_days: n("committee_opinion_days")?,
        committee_extension_days: n("committee_extension_days")?,
        proposal_answer_days: n("proposal_answer_days")?,
        plan_days: n("plan_days")?,
        correction_days: n("correction_days")?,
        consultation_days: n("consultation_days")?,
    })
}

pub async fn save_settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let new = settings_of(&Fields::parse(&body)?)?;
    state.store.set_filing_settings(&actor(&s), congress, new).await?;
    Ok(done("/filings/settings", "filing_settings_saved"))
}

#[derive(Template)]
#[template(path = "filing_proposals.html")]
pub struct ProposalsPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub proposals: Vec<ProposalRow>,
    pub today: Date,
    pub overdue_only: bool,
}

impl ProposalsPage {
    pub fn overdue(&self, p: &ProposalRow) -> bool {
        p.progress.is_overdue(self.today)
    }
}

#[derive(Deserialize)]
pub struct ProposalsQuery {
    pub notice: Option<String>,
    /// Only those past their days to tell the proposer (`1`).
    pub overdue: Option<String>,
}

pub async fn proposals(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ProposalsQuery>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let today = state.today();
    let overdue_only = q.overdue.as_deref() == Some("1");
    let proposals = overdue_proposals(&state, &s, congress, overdue_only).await?;
    render(&ProposalsPage {
        ctx: Ctx::new(&state, Some(&s), "审查建议", "/filings"),
        notice: notice_text(q.notice.as_deref()),
        proposals,
        today,
        overdue_only,
    })
}

/// The congress's 审查建议, or only those past their days to tell the proposer (the core's
/// `is_overdue`): the list and the count on `/filings` come from here.
async fn overdue_proposals(state: &AppState, s: &Session, congress: OrgId, only: bool) -> AppResult<Vec<ProposalRow>> {
    let today = state.today();
    Ok(state
        .store
        .review_proposals(&actor(s), congress)
        .await?
        .into_iter()
        .filter(|p| !only || p.progress.is_overdue(today))
        .collect())
}

#[derive(Template)]
#[template(path = "filing_proposal.html")]
pub struct ProposalPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub p: ProposalRow,
    /// The congress's filings under way, for a review opened on the proposal.
    pub filings: Vec<FilingRow>,
    pub today: Date,
}

impl ProposalPage {
    pub fn state_is(&self, code: &str) -> bool {
        self.p.progress.state().code() == code
    }

    pub fn contact(&self) -> String {
        match &self.p.proposal.contact {
            renda_core::filing::proposal::Contact::Phone(p) => p.to_string(),
            renda_core::filing::proposal::Contact::Email(e) => e.clone(),
        }
    }
}

pub async fn proposal(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let a = actor(&s);
    let p = state.store.review_proposal(&a, ReviewProposalId(id)).await?;
    let filings = state.store.filings_received(&a, p.congress).await.unwrap_or_default();
    render(&ProposalPage {
        ctx: Ctx::new(&state, Some(&s), "审查建议", "/filings"),
        notice: notice_text(q.notice.as_deref()),
        p,
        filings,
        today: state.today(),
    })
}

pub async fn act_on_proposal(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let command = match f.get("command") {
        "decline" => ProposalCommand::Decline { reason: f.get("reason").to_owned() },
        "open_review" => ProposalCommand::OpenReview { filing: FilingId(f.int("filing", "审查的备案文件")?) },
        "answer" => ProposalCommand::Answer { result: f.get("result").to_owned() },
        "publish" => ProposalCommand::Publish,
        _ => return Err(ValidationError::new("command", "请选择要办理的事项").into()),
    };
    let notice = format!("proposal_{}", f.get("command"));
    state.store.act_on_review_proposal(&actor(&s), ReviewProposalId(id), &command).await?;
    Ok(done(&format!("/filings/proposals/{id}"), &notice))
}

// ---- the portal ---------------------------------------------------------------------------------

/// The congresses that receive filings (county level and above), for the portal's choices.
async fn receiving_congresses(state: &AppState) -> AppResult<Vec<(i64, String)>> {
    Ok(state
        .store
        .congresses()
        .await?
        .into_iter()
        .filter(|r| matches!(r.org.kind, OrgKind::Congress(l) if l.has_standing_committee()))
        .map(|r| (r.org.id.0, r.org.name.to_string()))
        .collect())
}

#[derive(Template)]
#[template(path = "portal_filings.html")]
pub struct PortalPage {
    pub ctx: Ctx,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub congresses: Vec<(i64, String)>,
    pub congress: i64,
    pub year: i16,
    pub filings: Vec<PublicFiling>,
    pub proposals: Vec<PublishedProposal>,
}

/// The documents a congress registered in a year, and the 审查建议 it published.
pub async fn portal(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let congresses = receiving_congresses(&state).await?;
    let congress = match q.congress {
        Some(c) if congresses.iter().any(|(id, _)| *id == c) => c,
        Some(_) => return Err(AppError::new(ErrorCode::NotFound, "未找到该人大常委会。")),
        None => congresses.first().map_or(0, |c| c.0),
    };
    let year = q.year.unwrap_or_else(|| state.today().year());
    let (filings, proposals) = if congress == 0 {
        (Vec::new(), Vec::new())
    } else {
        (
            state.store.public_filings(OrgId(congress), year).await?,
            state.store.published_review_proposals(OrgId(congress)).await?,
        )
    };
    render(&PortalPage {
        ctx: Ctx::new(&state, s.as_ref(), "规范性文件备案", "/portal"),
        kinds: super::portal::kinds(),
        congresses,
        congress,
        year,
        filings,
        proposals,
    })
}

#[derive(Template)]
#[template(path = "portal_review_proposal.html")]
pub struct ProposalFormPage {
    pub ctx: Ctx,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub csrf: String,
    pub congresses: Vec<(i64, String)>,
}

/// The 审查建议 form: anyone may propose that a normative document be reviewed.
pub async fn proposal_form(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (csrf, fresh) = super::portal::visitor_token(&headers, s.as_ref());
    let page = ProposalFormPage {
        ctx: Ctx::new(&state, s.as_ref(), "提出审查建议", "/portal"),
        kinds: super::portal::kinds(),
        csrf,
        congresses: receiving_congresses(&state).await?,
    };
    super::portal::with_visitor_cookie(&state, render(&page)?, fresh)
}

/// Receives a 审查建议: every problem at once, beside its field (`crate::echo`); then the
/// receipt page, which a refresh shows again without sending anything.
pub async fn submit_proposal(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let congress = OrgId(f.int("congress", "受理的人大常委会")?);
    let form = ProposalForm {
        document: f.get("document").to_owned(),
        provision: f.get("provision").to_owned(),
        reasons: f.get("reasons").to_owned(),
        name: f.get("name").to_owned(),
        contact: f.get("contact").to_owned(),
        consent_to_publish: !f.get("consent").is_empty(),
    };
    let proposal = form.check().map_err(AppError::of_refusals)?;
    let (_, receipt) = state.store.submit_review_proposal(congress, &proposal, &addr).await?;
    Ok(done(&format!("/portal/review-proposal/{}", receipt.as_str()), "review_proposal_received"))
}

#[derive(Template)]
#[template(path = "portal_review_receipt.html")]
pub struct ReceiptPage {
    pub ctx: Ctx,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub notice: &'static str,
    pub code: String,
    pub status: ProposalStatus,
}

/// What the holder of a receipt code reads: the state of the proposal and its answer.
pub async fn receipt(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    Path(code): Path<String>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    if let Some(refused) = super::liaison::opinions::receipt_flood(&state, &addr) {
        return Ok(refused);
    }
    let code = ReceiptCode::parse(&code).map_err(AppError::from)?;
    let status = state.store.review_proposal_by_receipt(code).await?;
    render(&ReceiptPage {
        ctx: Ctx::new(&state, s.as_ref(), "审查建议回执", "/portal"),
        kinds: super::portal::kinds(),
        notice: notice_text(q.notice.as_deref()),
        code: code.grouped(),
        status,
    })
}

// ---- the overdue board --------------------------------------------------------------------------

/// The filings' overdue board and its exports.
pub const OVERDUE: super::columns::Columns = super::columns::Columns {
    export: "filing_overdue",
    title: "备案审查逾期",
    columns: &[
        ("title", "文件名称"),
        ("maker", "制定机关"),
        ("number", "备案号"),
        ("state", "状态"),
        ("waiting", "待办理方"),
        ("due_on", "期限"),
        ("days_overdue", "逾期天数"),
    ],
};

fn overdue_cell(code: &str, f: &FilingRow, today: Date) -> String {
    match code {
        "title" => f.title.clone(),
        "maker" => f.maker_name.clone(),
        "number" => f.number.clone().unwrap_or_default(),
        "state" => f.filing.state().label().to_owned(),
        "waiting" => f.filing.waiting_on().unwrap_or_default(),
        "due_on" => super::columns::day(f.due_on),
        "days_overdue" => super::columns::days_overdue(f.filing.days_left(today)),
        _ => String::new(),
    }
}

async fn overdue_table(
    state: &AppState,
    s: &Session,
) -> AppResult<(super::columns::Table, Vec<(&'static str, &'static str, bool)>, Date)> {
    let congress = own_congress(s)?;
    let today = state.today();
    let rows = state.store.filings_overdue(&actor(s), congress, today).await?;
    let href = |f: &FilingRow| format!("/filings/{}", f.id.0);
    let (table, picks) = OVERDUE.table(state, s, &rows, href, |code, f| overdue_cell(code, f, today)).await?;
    Ok((table, picks, today))
}

/// 逾期看板: filings whose awaited step — the office's form check or sending, the committee's
/// review, the maker's 补正, answer or correction — is past its day.
pub async fn overdue(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let (table, columns, today) = overdue_table(&state, &s).await?;
    let proposals = overdue_proposals(&state, &s, own_congress(&s)?, true).await?.len();
    render(&super::columns::BoardPage {
        ctx: Ctx::new(&state, Some(&s), "备案审查逾期看板", "/filings"),
        heading: "备案审查逾期看板",
        summary: format!("截至{today}，当前环节已超过期限的备案文件共{}件。", table.rows.len()),
        base: "/filings/overdue",
        back: ("/filings", "返回备案审查"),
        columns,
        table,
        empty: "没有逾期的备案文件。",
        notice: notice_text(q.notice.as_deref()),
        also: (proposals > 0).then(|| {
            ("/filings/proposals?overdue=1".to_owned(), format!("另有超过十日未告知建议人的审查建议{proposals}件"))
        }),
    })
}

/// The overdue board as CSV or Excel.
pub async fn overdue_export(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(format): Path<String>,
) -> AppResult<Response> {
    let (table, _, today) = overdue_table(&state, &s).await?;
    OVERDUE.download_table(today, table, &format)
}

/// Saves the overdue board's columns.
pub async fn overdue_columns(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    OVERDUE.save_form(&state, &s, &body, "/filings/overdue").await
}
