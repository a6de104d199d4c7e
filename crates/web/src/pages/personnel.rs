//! Personnel cases (任免案, issue 17), for the staff of a congress with a standing committee: the
//! list of cases with the forms to register one and to add a post (`/personnel`), each case's
//! page with every step of its way — the clerk's check (受理 or 退回), the agenda, the law exam,
//! the nominee's statement, the defence of a dismissal, the vote's result, the oath and the
//! 任命书 (`/personnel/{id}`) — the register of those appointed (`/personnel/register`, also as
//! Excel), and the 任免公告 a meeting issues (`/meetings/{id}/appointment-notice`), public on the
//! portal (`/portal/appointments`).
//!
//! The rules are the core's (`renda_core::meeting::case`, `appointment`); the store applies them
//! in one audited transaction per step (`renda_store::meetings::personnel`).

use super::oversight::Fields;
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::{CaseId, MeetingId, OrgId, PersonId, PostId};
use renda_core::meeting::MeetingKind;
use renda_core::meeting::appointment::Proposer;
use renda_core::meeting::case::{Material, OathMode, StatementMode};
use renda_core::official::Kind;
use renda_core::official::appointment::Action as Personnel;
use renda_store::files::Upload;
use renda_store::meetings::MeetingRow;
use renda_store::meetings::personnel::{CaseRow, CaseView, NewCase, NewExam, NomineeRef, PostRow, RegisterRow, Step};
use renda_store::official::IssuedDocument;
use renda_store::users::Session;

/// The congress whose cases a staff member keeps.
fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以办理人事任免。"))
}

/// The files of a form, each as the material its field names (`form`, `assessment`, …).
fn materials(files: Vec<(String, Upload)>) -> AppResult<Vec<(Material, Upload)>> {
    files
        .into_iter()
        .map(|(field, u)| {
            let m = Material::from_code(&field).ok_or_else(|| ValidationError::new("files", "请选择材料类别"))?;
            Ok((m, u))
        })
        .collect()
}

fn choice<T>(f: &Fields, name: &'static str, parse: impl Fn(&str) -> Option<T>, what: &str) -> AppResult<T> {
    parse(f.get(name).trim()).ok_or_else(|| ValidationError::new(name, format!("请选择{what}")).into())
}

#[derive(Template)]
#[template(path = "personnel.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub cases: Vec<CaseRow>,
    pub posts: Vec<PostRow>,
    /// Standing committee meetings still to come, for the filing form.
    pub meetings: Vec<MeetingRow>,
    pub units: Vec<(i64, String)>,
    /// People already in the register or in a case, for a removal's or a second case's person.
    pub people: Vec<(i64, String)>,
    pub actions: Vec<(&'static str, &'static str)>,
    pub proposers: Vec<(&'static str, &'static str)>,
    pub materials: Vec<(&'static str, &'static str)>,
    pub today: jiff::civil::Date,
}

/// The cases of the clerk's congress, with the forms to register a case and to add a post.
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let a = actor(&s);
    let cases = state.store.cases(&a, congress).await?;
    let posts = state.store.posts(&a, congress).await?;
    let today = state.today();
    let meetings = state
        .store
        .list_meetings(&a, congress)
        .await?
        .into_iter()
        .filter(|m| m.kind == MeetingKind::StandingCommittee && m.held_on >= today)
        .collect();
    let units = state.store.open_units_of(congress).await?.into_iter().map(|u| (u.id.0, u.name.to_string())).collect();
    let mut people: Vec<(i64, String)> = cases.iter().map(|c| (c.person.0, c.name.clone())).collect();
    people.sort_by(|x, y| x.1.cmp(&y.1).then(x.0.cmp(&y.0)));
    people.dedup();
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), "人事任免", "/personnel"),
        notice: notice_text(q.notice.as_deref()),
        cases,
        posts,
        meetings,
        units,
        people,
        actions: Personnel::ALL.iter().map(|a| (a.code(), a.label())).collect(),
        proposers: Proposer::ALL.iter().map(|p| (p.code(), p.label())).collect(),
        materials: Material::ALL.iter().map(|m| (m.code(), m.label())).collect(),
        today,
    })
}

/// Registers a case as the proposing body filed it, with its materials (a multipart form: each
/// file in the field of its material).
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let (pairs, files) = crate::extract::read_form_named(&headers, body).await?;
    let f = Fields(pairs);
    let person = match f.opt_int("person")? {
        Some(p) => NomineeRef::Existing(PersonId(p)),
        None => NomineeRef::New { name: f.get("name").to_owned() },
    };
    let new = NewCase {
        meeting: MeetingId(f.int("meeting", "会议")?),
        action: choice(&f, "action", Personnel::from_code, "任免类别")?,
        proposer: choice(&f, "proposer", Proposer::from_code, "提请机关")?,
        signatures: usize::try_from(f.opt_int("signatures")?.unwrap_or(0))
            .map_err(|_| ValidationError::new("signatures", "联名人数不能为负数"))?,
        person,
        post: PostId(f.int("post", "职务")?),
        filed_on: f.date("filed_on")?,
        files: materials(files)?,
    };
    let id = state.store.file_case(&actor(&s), congress, new).await?;
    Ok(done(&format!("/personnel/{}", id.0), "case_filed"))
}

/// Adds a post the committee appoints to, in its organ.
pub async fn add_post(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let f = Fields::parse(&body)?;
    state.store.add_post(&actor(&s), congress, OrgId(f.int("organ", "所在单位")?), f.get("title")).await?;
    Ok(done("/personnel", "post_added"))
}

#[derive(Template)]
#[template(path = "personnel_case.html")]
pub struct CasePage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub v: CaseView,
    pub title: String,
    pub materials: Vec<(&'static str, &'static str)>,
    pub statement_modes: Vec<(&'static str, &'static str)>,
    pub oath_modes: Vec<(&'static str, &'static str)>,
    pub today: jiff::civil::Date,
}

impl CasePage {
    pub fn state_is(&self, code: &str) -> bool {
        self.v.case.state.code() == code
    }

    pub fn is_action(&self, code: &str) -> bool {
        self.v.case.action.code() == code
    }

    /// The materials still missing, as the page names them: 考察材料、本人辞职请求.
    pub fn missing_labels(&self) -> String {
        self.v.missing.iter().map(|m| m.label()).collect::<Vec<_>>().join("、")
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let v = state.store.case(&actor(&s), CaseId(id)).await?;
    let title = v.case.title();
    render(&CasePage {
        ctx: Ctx::new(&state, Some(&s), &title, "/personnel"),
        notice: notice_text(q.notice.as_deref()),
        v,
        title,
        materials: Material::ALL.iter().map(|m| (m.code(), m.label())).collect(),
        statement_modes: StatementMode::ALL.iter().map(|m| (m.code(), m.label())).collect(),
        oath_modes: OathMode::ALL.iter().map(|m| (m.code(), m.label())).collect(),
        today: state.today(),
    })
}

/// The clerk's step on a case: 受理, 退回 (with the reason), 重新提请 or 撤回 (with the reason).
pub async fn step(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let step = match f.get("step") {
        "accept" => Step::Accept,
        "return" => Step::Return(f.get("reason").to_owned()),
        "refile" => Step::Refile,
        "withdraw" => Step::Withdraw(f.get("reason").to_owned()),
        _ => return Err(ValidationError::new("step", "请选择办理操作").into()),
    };
    let notice = match step {
        Step::Accept => "case_accepted",
        Step::Return(_) => "case_returned",
        Step::Refile => "case_refiled",
        Step::Withdraw(_) => "case_withdrawn",
    };
    state.store.case_step(&actor(&s), CaseId(id), step).await?;
    Ok(done(&format!("/personnel/{id}"), notice))
}

/// Materials supplied for a case (a multipart form).
pub async fn add_files(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let (_, files) = crate::extract::read_form_named(&headers, body).await?;
    if files.is_empty() {
        return Err(ValidationError::new("files", "请选择要上传的材料").into());
    }
    state.store.add_case_files(&actor(&s), CaseId(id), materials(files)?).await?;
    Ok(done(&format!("/personnel/{id}"), "case_files_added"))
}

/// Puts an accepted case on its meeting's agenda.
pub async fn schedule(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    state.store.schedule_case(&actor(&s), CaseId(id)).await?;
    Ok(done(&format!("/personnel/{id}"), "case_scheduled"))
}

pub async fn statement(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let mode = choice(&f, "mode", StatementMode::from_code, "发言方式")?;
    state.store.record_statement(&actor(&s), CaseId(id), mode, f.get("statement")).await?;
    Ok(done(&format!("/personnel/{id}"), "statement_recorded"))
}

pub async fn defence(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    state.store.record_defence(&actor(&s), CaseId(id), f.get("defence")).await?;
    Ok(done(&format!("/personnel/{id}"), "defence_recorded"))
}

/// A sitting of the law exam of the case's nominee, for the case's post.
pub async fn exam(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let c = state.store.case(&actor(&s), CaseId(id)).await?.case;
    let score = match f.opt_int("score")? {
        None => None,
        Some(n) => Some(u32::try_from(n).map_err(|_| ValidationError::new("score", "考试成绩应为0至100分。"))?),
    };
    let passed = match f.get("passed") {
        "yes" => true,
        "no" => false,
        _ => return Err(ValidationError::new("passed", "请选择是否合格").into()),
    };
    let exam = NewExam { person: c.person, post: c.post, sat_on: f.date("sat_on")?, score, passed };
    state.store.record_exam(&actor(&s), c.congress, &exam).await?;
    Ok(done(&format!("/personnel/{id}"), "exam_recorded"))
}

pub async fn oath(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let mode = choice(&f, "mode", OathMode::from_code, "宣誓方式")?;
    state.store.record_oath(&actor(&s), CaseId(id), f.date("sworn_on")?, mode, f.get("supervisor")).await?;
    Ok(done(&format!("/personnel/{id}"), "oath_recorded"))
}

/// Issues the 任命书 of a passed appointment on the congress's template.
pub async fn issue_certificate(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    certificate_for(&state, &s, CaseId(id)).await?;
    Ok(done(&format!("/personnel/{id}"), "certificate_issued"))
}

/// Issues a 任命书: the page's and the API's.
pub(crate) async fn certificate_for(
    state: &AppState,
    s: &Session,
    id: CaseId,
) -> AppResult<renda_store::meetings::personnel::CertificateRow> {
    Ok(state
        .store
        .issue_certificate(&actor(s), id, |t, entry, decision, number| {
            renda_office::appointment::certificate(entry, decision, t, number).map_err(|e| e.to_string())
        })
        .await?)
}

pub async fn certificate_file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, bytes) = state.store.certificate_file(&actor(&s), CaseId(id)).await?;
    Ok(crate::download::file(&c.filename, renda_store::files::DOCX_MIME, bytes))
}

pub async fn case_file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (name, mime, bytes) = state.store.case_file(&actor(&s), CaseId(id), &hash).await?;
    Ok(crate::download::file(&name, &mime, bytes))
}

#[derive(Template)]
#[template(path = "personnel_register.html")]
pub struct RegisterPage {
    pub ctx: Ctx,
    pub rows: Vec<RegisterRow>,
}

const REGISTER_HEADERS: [&str; 11] = [
    "届次",
    "姓名",
    "职务",
    "所在单位",
    "任命会议",
    "决定日期",
    "表决（赞成/反对/弃权/全体）",
    "任前考试",
    "宪法宣誓",
    "任命书编号",
    "免职日期",
];

fn register_cells(r: &RegisterRow) -> Vec<String> {
    vec![
        r.term.label(),
        r.name.clone(),
        r.post_title.clone(),
        r.organ_name.clone(),
        r.meeting_title.clone(),
        r.decided_on.to_string(),
        format!("{}/{}/{}/{}", r.yes, r.no, r.abstain, r.members),
        r.exam_on.map_or_else(|| "—".to_owned(), |d| format!("{d}合格")),
        r.oath.as_ref().map_or_else(
            || "未宣誓".to_owned(),
            |o| format!("{} {}（监誓人{}）", o.sworn_on, o.mode.label(), o.supervisor),
        ),
        r.certificate.clone().unwrap_or_default(),
        r.until.map(|d| d.to_string()).unwrap_or_default(),
    ]
}

/// The register of officials the congress appointed, by term.
pub async fn register(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let rows = state.store.appointment_register(&actor(&s), congress).await?;
    render(&RegisterPage { ctx: Ctx::new(&state, Some(&s), "任命人员名册", "/personnel/register"), rows })
}

/// The register as an Excel workbook.
pub async fn register_xlsx(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let rows = state.store.appointment_register(&actor(&s), congress).await?;
    let table = renda_office::table::Table {
        title: "任命人员名册".into(),
        headers: REGISTER_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows: rows.iter().map(register_cells).collect(),
    };
    let bytes = renda_office::table::to_xlsx(&table).map_err(|e| {
        tracing::error!(error = %e, "register xlsx");
        AppError::of(ErrorCode::Internal)
    })?;
    let name = format!("任命人员名册-{}.xlsx", state.today());
    Ok(crate::download::file(&name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes))
}

/// Issues the 任免公告 of what a meeting decided about people: a 公文 in the general format
/// (GB/T 9704), public on the portal while it stands.
pub async fn issue_notice(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    notice_for(&state, &s, MeetingId(id)).await?;
    Ok(done(&format!("/meetings/{id}"), "appointment_notice_issued"))
}

/// Issues a meeting's 任免公告: the page's and the API's.
pub(crate) async fn notice_for(state: &AppState, s: &Session, meeting: MeetingId) -> AppResult<IssuedDocument> {
    let today = state.today();
    Ok(state
        .store
        .issue_appointment_notice(&actor(s), meeting, |decision, t, number| {
            renda_office::appointment::appointment_notice(decision, t, number, today)
                .to_docx()
                .map_err(|e| e.to_string())
        })
        .await?)
}

#[derive(Template)]
#[template(path = "portal_appointments.html")]
pub struct PortalPage {
    pub ctx: Ctx,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub notices: Vec<IssuedDocument>,
    pub pdf: bool,
}

/// The portal's 任免公告: every standing one, newest first, each to download.
pub async fn portal(State(state): State<AppState>, MaybeUser(s): MaybeUser) -> AppResult<Response> {
    let notices = state.store.public_official_documents(Kind::AppointmentNotice).await?;
    let pdf = !notices.is_empty() && super::official::pdf_available().await;
    render(&PortalPage {
        ctx: Ctx::new(&state, s.as_ref(), "任免公告", "/portal"),
        kinds: super::portal::kinds(),
        notices,
        pdf,
    })
}

#[derive(Template)]
#[template(path = "portal_appointment.html")]
pub struct PortalNoticePage {
    pub ctx: Ctx,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub d: IssuedDocument,
    /// The 公告's paragraphs: what the meeting decided, then 现予公告。
    pub paragraphs: Vec<String>,
    /// Who publishes it: the standing committee, and the day it did (Beijing): 2026年12月8日.
    pub committee: String,
    pub issued_on: String,
    pub pdf: bool,
}

/// One 任免公告 to read on the portal — its text, who publishes it and when — with its files.
pub async fn portal_notice(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (d, decision) = state.store.public_appointment_notice(renda_core::ids::OfficialDocumentId(id)).await?;
    let pdf = super::official::pdf_available().await;
    render(&PortalNoticePage {
        ctx: Ctx::new(&state, s.as_ref(), &d.title.clone(), "/portal"),
        kinds: super::portal::kinds(),
        paragraphs: renda_core::official::appointment::notice_paragraphs(&decision),
        committee: decision.committee(),
        issued_on: d
            .issued_at
            .parse::<jiff::Timestamp>()
            .map(|t| {
                let day = renda_core::clock::beijing(t).date();
                format!("{}年{}月{}日", day.year(), day.month(), day.day())
            })
            .unwrap_or_default(),
        d,
        pdf,
    })
}
