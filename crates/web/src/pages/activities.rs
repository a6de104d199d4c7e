//! 履职活动: staff's list and form, the detail page with the roll (the organiser's buttons per
//! deputy, the deputy's own buttons from the core's `permitted`), the organiser's QR page whose
//! signed code expires in 90 s (the page reloads itself every 60 s through a `Refresh` header:
//! no script), the check-in a deputy's phone opens from that code, and the report with photos.

use super::{Ctx, NoticeQuery, actor, done, local_time, notice_text, opt_id, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use jiff::civil::DateTime;
use renda_core::archive::activity::{
    ActivityKind, Attendance, MediationOutcome, Participant, ParticipationCommand, ParticipationKind, Phase,
};
use renda_core::clock::beijing;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Role};
use renda_core::{ErrorCode, ValidationError};
use renda_store::Page;
use renda_store::Store;
use renda_store::activities::{ActivityFilter, ActivityId, ActivityRow, Mediation, NewActivity, RollRow};
use renda_store::users::Session;
use serde::Deserialize;

mod qr;
pub use qr::{checkin, qr_page, qr_svg};

fn now(state: &AppState) -> DateTime {
    beijing(state.now())
}

/// `2026-03-05 09:00`.
pub fn show_time(t: &DateTime) -> String {
    t.strftime("%Y-%m-%d %H:%M").to_string()
}

fn phase_label(a: &ActivityRow, now: DateTime) -> &'static str {
    if a.cancelled {
        return "已取消";
    }
    match a.phase(now) {
        Phase::Before => "未开始",
        Phase::Underway => "进行中",
        Phase::Over => "已结束",
    }
}

// ---- list ----------------------------------------------------------------------------------

pub struct ListLine {
    pub a: ActivityRow,
    pub phase: &'static str,
    pub when: String,
    /// The deputy's own standing (我的活动).
    pub mine: Option<Attendance>,
}

#[derive(Template)]
#[template(path = "activities.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub lines: Vec<ListLine>,
    pub total: i64,
    pub is_deputy: bool,
    pub may_create: bool,
    pub years: Vec<i16>,
    pub year: i16,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub kind: String,
    pub prev_link: String,
    pub next_link: String,
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub year: Option<String>,
    pub kind: Option<String>,
    pub page: Option<i64>,
    pub notice: Option<String>,
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    ActivityKind::ALL.iter().map(|k| (k.code(), k.label())).collect()
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let now = now(&state);
    let this_year = now.year();
    let year = q.year.as_deref().and_then(|y| y.trim().parse::<i16>().ok()).unwrap_or(this_year);
    let kind = q.kind.as_deref().and_then(ActivityKind::from_code);
    let mut page_ = ListPage {
        ctx: Ctx::new(&state, Some(&s), "履职活动", "/activities"),
        notice: notice_text(q.notice.as_deref()),
        lines: Vec::new(),
        total: 0,
        is_deputy: false,
        may_create: renda_core::policy::may_at_all(s.user.role, Action::Create, Resource::Activity),
        years: (this_year - 3..=this_year + 1).rev().collect(),
        year,
        kinds: kinds(),
        kind: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        prev_link: String::new(),
        next_link: String::new(),
    };
    if let Some(person) = s.user.role.deputy() {
        page_.is_deputy = true;
        let mine = state.store.activities_of_person(&actor(&s), person, 200).await?;
        page_.total = i64::try_from(mine.len()).unwrap_or(0);
        page_.lines = mine
            .into_iter()
            .map(|(a, st)| ListLine { phase: phase_label(&a, now), when: show_time(&a.starts_at), mine: Some(st), a })
            .collect();
        return render(&page_);
    }
    // The staff's list: the activities of the congresses they work for (the store keeps it
    // within what they may read).
    let a = crate::pages::actor(&s);
    let congresses = state.store.listable_congresses(&a).await?;
    if congresses.is_empty() {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    let f = ActivityFilter { congresses, year: Some(year), kind, page: q.page.unwrap_or(1).max(1) - 1, per_page: 30 };
    let page: Page<ActivityRow> = state.store.list_activities(&a, &f).await?;
    let base = format!("/activities?year={year}&kind={}", page_.kind);
    if page.page > 0 {
        page_.prev_link = format!("{base}&page={}", page.page);
    }
    if (page.page + 1) * page.per_page < page.total {
        page_.next_link = format!("{base}&page={}", page.page + 2);
    }
    page_.total = page.total;
    page_.lines = page
        .items
        .into_iter()
        .map(|a| ListLine { phase: phase_label(&a, now), when: show_time(&a.starts_at), mine: None, a })
        .collect();
    render(&page_)
}

// ---- the form ------------------------------------------------------------------------------

/// The form as typed, kept to show it again with the reason when it fails.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub description: String,
    pub station: Option<String>,
    pub joint: Option<String>,
    #[serde(default)]
    pub parties: String,
    #[serde(default)]
    pub issue: String,
    #[serde(default)]
    pub steps: String,
    #[serde(default)]
    pub outcome: String,
}

fn parse_time(field: &str, label: &str, raw: &str) -> AppResult<DateTime> {
    let t = raw.trim().replace(' ', "T");
    let t = if t.len() == 16 { format!("{t}:00") } else { t };
    t.parse::<DateTime>()
        .map_err(|_| renda_core::ValidationError::new(field, format!("请填写{label}，如 2026-03-05 09:00")).into())
}

impl ActivityForm {
    fn from_row(a: &ActivityRow) -> Self {
        let m = a.mediation.clone().unwrap_or_default();
        ActivityForm {
            kind: a.kind.code().into(),
            title: a.title.clone(),
            place: a.place.clone(),
            organiser: a.organiser.clone(),
            starts_at: a.starts_at.strftime("%Y-%m-%dT%H:%M").to_string(),
            ends_at: a.ends_at.strftime("%Y-%m-%dT%H:%M").to_string(),
            description: a.description.clone(),
            station: a.station.map(|s| s.0.to_string()),
            joint: None,
            parties: m.parties,
            issue: m.issue,
            steps: m.steps,
            outcome: m.outcome.map(|o| o.code().to_owned()).unwrap_or_default(),
        }
    }

    pub(crate) fn parse(&self) -> AppResult<NewActivity> {
        let bad = |f: &str, m: &str| AppError::from(renda_core::ValidationError::new(f, m));
        let kind = ActivityKind::from_code(&self.kind).ok_or_else(|| bad("kind", "请选择活动类别"))?;
        let mediation = if kind == ActivityKind::Mediation {
            Some(Mediation {
                parties: self.parties.clone(),
                issue: self.issue.clone(),
                steps: self.steps.clone(),
                outcome: match self.outcome.trim() {
                    "" => None,
                    c => Some(MediationOutcome::from_code(c).ok_or_else(|| bad("outcome", "请选择化解结果"))?),
                },
            })
        } else {
            None
        };
        Ok(NewActivity {
            kind,
            title: self.title.clone(),
            place: self.place.clone(),
            organiser: self.organiser.clone(),
            starts_at: parse_time("starts_at", "开始时间", &self.starts_at)?,
            ends_at: parse_time("ends_at", "结束时间", &self.ends_at)?,
            description: self.description.clone(),
            station: opt_id("station", self.station.as_deref())?.map(OrgId),
            mediation,
        })
    }
}

#[derive(Template)]
#[template(path = "activity_form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub id: Option<i64>,
    pub f: ActivityForm,
    pub error: String,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub outcomes: Vec<(&'static str, &'static str)>,
    pub stations: Vec<(i64, String)>,
    pub congresses: Vec<(i64, String)>,
}

impl FormPage {
    fn is_kind(&self, k: &&str) -> bool {
        self.f.kind == *k
    }
    fn is_outcome(&self, k: &&str) -> bool {
        self.f.outcome == *k
    }
    fn is_station(&self, id: &i64) -> bool {
        self.f.station.as_deref() == Some(id.to_string().as_str())
    }
}

pub(crate) fn staff_congress(role: Role) -> AppResult<OrgId> {
    role.staff_congress().ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以组织履职活动。"))
}

async fn form_page(
    state: &AppState,
    s: &renda_store::users::Session,
    congress: OrgId,
    id: Option<i64>,
    f: ActivityForm,
    error: String,
) -> AppResult<FormPage> {
    let tree = state.store.org_tree().await?;
    let stations = tree
        .iter()
        .filter(|r| r.org.kind == OrgKind::LiaisonStation && r.org.parent == Some(congress))
        .map(|r| (r.org.id.0, r.org.name.to_string()))
        .collect();
    let congresses = tree
        .iter()
        .filter(|r| r.org.kind.is_congress() && r.org.id != congress)
        .map(|r| (r.org.id.0, r.org.name.to_string()))
        .collect();
    Ok(FormPage {
        ctx: Ctx::new(state, Some(s), if id.is_some() { "编辑活动" } else { "新建活动" }, "/activities"),
        id,
        f,
        error,
        kinds: kinds(),
        outcomes: MediationOutcome::ALL.iter().map(|o| (o.code(), o.label())).collect(),
        stations,
        congresses,
    })
}

pub async fn new_form(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    let congress = staff_congress(s.user.role)?;
    let start = now(&state).date().tomorrow().map_err(|_| AppError::of(ErrorCode::Internal))?;
    let f = ActivityForm {
        kind: ActivityKind::Inspection.code().into(),
        starts_at: format!("{start}T09:00"),
        ends_at: format!("{start}T11:30"),
        organiser: format!("{}常委会办公室", state.store.org(congress).await?.name),
        ..ActivityForm::default()
    };
    render(&form_page(&state, &s, congress, None, f, String::new()).await?)
}

/// Shows the form again with what was typed and the reason, as a 4xx.
async fn form_again(
    state: &AppState,
    s: &renda_store::users::Session,
    congress: OrgId,
    id: Option<i64>,
    f: ActivityForm,
    e: AppError,
) -> AppResult<Response> {
    if e.status().is_server_error() {
        return Err(e);
    }
    // The form again with what was typed; `crate::echo` puts the reason beside the field.
    let status = e.status();
    let mut resp = render(&form_page(state, s, congress, id, f, String::new()).await?)?;
    *resp.status_mut() = status;
    resp.extensions_mut().insert(crate::echo::Refusal { field: e.field, message: e.message });
    resp.extensions_mut().insert(crate::echo::InPlace);
    Ok(resp)
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<ActivityForm>,
) -> AppResult<Response> {
    let congress = staff_congress(s.user.role)?;
    let new = match f.parse() {
        Ok(n) => n,
        Err(e) => return form_again(&state, &s, congress, None, f, e).await,
    };
    let joint = match opt_id("joint", f.joint.as_deref()) {
        Ok(j) => j.map(OrgId),
        Err(e) => return form_again(&state, &s, congress, None, f, e).await,
    };
    let id = match state.store.create_activity(&actor(&s), congress, &new).await {
        Ok(id) => id,
        Err(e) => return form_again(&state, &s, congress, None, f, e.into()).await,
    };
    if let Some(j) = joint {
        state.store.add_joint_congress(&actor(&s), id, j).await?;
    }
    Ok(done(&format!("/activities/{}", id.0), "activity_saved"))
}

pub async fn edit_form(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let a = state.store.activity(&actor(&s), ActivityId(id)).await?;
    state.store.check_organiser(&actor(&s), &a).await?;
    render(&form_page(&state, &s, a.congress, Some(id), ActivityForm::from_row(&a), String::new()).await?)
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<ActivityForm>,
) -> AppResult<Response> {
    let a = state.store.activity(&actor(&s), ActivityId(id)).await?;
    let result = match f.parse() {
        Ok(new) => state.store.update_activity(&actor(&s), a.id, &new).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(done(&format!("/activities/{id}"), "activity_saved")),
        Err(e) => form_again(&state, &s, a.congress, Some(id), f, e).await,
    }
}

// ---- detail --------------------------------------------------------------------------------

pub struct RollLine {
    pub r: RollRow,
    /// Leave reasons and decisions are for the organiser and the deputy themself.
    pub notes: bool,
    pub buttons: Vec<(&'static str, &'static str)>,
    pub checked_in: String,
}

#[derive(Template)]
#[template(path = "activity.html")]
pub struct DetailPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub a: ActivityRow,
    pub phase: &'static str,
    pub starts: String,
    pub ends: String,
    pub organiser: bool,
    pub roll: Vec<RollLine>,
    pub counts: Vec<(&'static str, usize)>,
    /// The deputy's own line: standing and buttons.
    pub mine: Option<(Attendance, Vec<(&'static str, &'static str)>)>,
    pub may_scan: bool,
    pub photos: Vec<(String, String)>,
    /// For the bulk invitation: (value, label).
    pub groups: Vec<(String, String)>,
    /// The deputies the organiser may still invite, for the searchable list.
    pub invitable: Vec<crate::picker::Group>,
    pub congresses: Vec<(i64, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let a = state.store.activity(&actor(&s), ActivityId(id)).await?;
    let organiser = state.store.check_organiser(&actor(&s), &a).await.is_ok();
    let now = now(&state);
    let roll = state.store.activity_roll(&actor(&s), a.id).await?;
    let button = |k: ParticipationKind| (k.code(), k.label());
    let mut mine = None;
    let mut may_scan = false;
    if let Some(person) = s.user.role.deputy()
        && let Some(r) = roll.iter().find(|r| r.person == person)
    {
        let all = Store::buttons(&a, r.attendance, Participant::Deputy, now);
        may_scan = all.contains(&ParticipationKind::CheckIn);
        let own = all.into_iter().filter(|k| *k != ParticipationKind::CheckIn).map(button).collect();
        mine = Some((r.attendance, own));
    }
    let counts = Attendance::ALL
        .iter()
        .map(|st| (st.label(), roll.iter().filter(|r| r.attendance == *st).count()))
        .filter(|c| c.1 > 0)
        .collect();
    let roll = roll
        .into_iter()
        .map(|r| RollLine {
            notes: organiser || s.user.role.deputy() == Some(r.person),
            buttons: if organiser {
                Store::buttons(&a, r.attendance, Participant::Organiser, now).into_iter().map(button).collect()
            } else {
                Vec::new()
            },
            checked_in: r.checked_in_at.as_ref().map(local_time).unwrap_or_default(),
            r,
        })
        .collect();
    let (mut groups, mut congresses, mut invitable) = (Vec::new(), Vec::new(), Vec::new());
    if organiser && !a.cancelled {
        let choices: Vec<_> = state
            .store
            .invitable(&actor(&s), a.id)
            .await?
            .into_iter()
            .map(|(person, name, delegation)| crate::picker::Choice {
                value: person,
                label: if delegation.is_empty() { name.clone() } else { format!("{name}（{delegation}）") },
                keys: format!(
                    "{} {delegation} {}",
                    crate::picker::pinyin_keys(&name),
                    crate::picker::pinyin_keys(&delegation)
                ),
                name,
            })
            .collect();
        invitable.push(crate::picker::Group {
            label: format!("可邀请的在任代表（{}人）", choices.len()),
            scope: 0,
            choices,
        });
    }
    if organiser {
        let tree = state.store.org_tree().await?;
        for c in a.congresses() {
            let name = tree.iter().find(|r| r.org.id == c).map(|r| r.org.name.to_string()).unwrap_or_default();
            groups.push((format!("{}|", c.0), format!("{name}全体代表")));
            for d in state.store.delegations(&actor(&s), c).await? {
                groups.push((format!("{}|{d}", c.0), format!("{name} · {d}")));
            }
        }
        congresses = tree
            .iter()
            .filter(|r| r.org.kind.is_congress() && !a.congresses().contains(&r.org.id))
            .map(|r| (r.org.id.0, r.org.name.to_string()))
            .collect();
    }
    render(&DetailPage {
        ctx: Ctx::new(&state, Some(&s), &a.title, "/activities"),
        notice: notice_text(q.notice.as_deref()),
        phase: phase_label(&a, now),
        starts: show_time(&a.starts_at),
        ends: show_time(&a.ends_at),
        organiser,
        roll,
        counts,
        mine,
        may_scan,
        photos: state.store.activity_photos(&actor(&s), a.id).await?,
        groups,
        invitable,
        congresses,
        a,
    })
}

#[derive(Deserialize)]
pub struct ActPost {
    pub command: String,
    pub person: Option<String>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// One participation command from the detail page: the organiser's for a line of the roll,
/// or the deputy's own (a deputy checks in only by scanning the organiser's code).
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(p): Form<ActPost>,
) -> AppResult<Response> {
    let person = opt_id("person", p.person.as_deref())?.map(PersonId);
    let cmd = participate(&state, &s, ActivityId(id), &p.command, person, p.reason, p.note).await?;
    let notice = format!("activity_{}", super::audit::code_of(cmd.kind()));
    Ok(done(&format!("/activities/{id}"), &notice))
}

/// One participation command (`command`: sign_up, request_leave, approve_leave, refuse_leave,
/// check_in, mark_absent): the deputy's own, or the organiser's for `person` (a deputy checks
/// in only by scanning the organiser's code). For the page and the API.
pub(crate) async fn participate(
    state: &AppState,
    s: &Session,
    id: ActivityId,
    command: &str,
    person: Option<PersonId>,
    reason: String,
    note: String,
) -> AppResult<ParticipationCommand> {
    let bad = |field: &str, msg: &str| AppError::from(renda_core::ValidationError::new(field, msg));
    let cmd = match command {
        "sign_up" => ParticipationCommand::SignUp,
        "request_leave" => ParticipationCommand::RequestLeave { reason },
        "approve_leave" => ParticipationCommand::ApproveLeave,
        "refuse_leave" => ParticipationCommand::RefuseLeave { note },
        "check_in" => ParticipationCommand::CheckIn,
        "mark_absent" => ParticipationCommand::MarkAbsent,
        _ => return Err(bad("command", "未知的操作")),
    };
    // A deputy acts for themselves; the organiser names the deputy.
    let person = match s.user.role.deputy() {
        Some(me) => {
            if cmd == ParticipationCommand::CheckIn {
                return Err(AppError::new(ErrorCode::Forbidden, "代表请扫描组织方手机上出示的签到二维码签到。"));
            }
            me
        }
        None => person.ok_or_else(|| bad("person", "请选择代表"))?,
    };
    state.store.participate(&actor(s), id, person, &cmd, now(state)).await?;
    Ok(cmd)
}

pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    state.store.cancel_activity(&actor(&s), ActivityId(id)).await?;
    Ok(done(&format!("/activities/{id}"), "activity_cancelled"))
}

#[derive(Deserialize)]
pub struct JointPost {
    pub congress: Option<String>,
}

pub async fn joint(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(p): Form<JointPost>,
) -> AppResult<Response> {
    let c = opt_id("congress", p.congress.as_deref())?
        .ok_or_else(|| AppError::from(renda_core::ValidationError::new("congress", "请选择联合举办的人大")))?;
    state.store.add_joint_congress(&actor(&s), ActivityId(id), OrgId(c)).await?;
    Ok(done(&format!("/activities/{id}"), "activity_joint"))
}

/// Invites the deputies picked from the list (`persons`, repeated), by names typed (`names`:
/// older pages, scripts), or a whole congress or delegation (`group` = "congress|delegation").
pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let pairs = crate::extract::form_pairs(&body)?;
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map_or("", |(_, v)| v.as_str());
    let who = if let Some((c, d)) = get("group").split_once('|') {
        let c = opt_id("group", Some(c))?.ok_or_else(|| AppError::new(ErrorCode::InvalidInput, "请选择邀请范围"))?;
        Invitees::Group { congress: OrgId(c), delegation: Some(d.to_owned()).filter(|d| !d.is_empty()) }
    } else if pairs.iter().any(|(k, _)| k == "persons") || get("names").is_empty() {
        let persons = pairs
            .iter()
            .filter(|(k, v)| k == "persons" && !v.is_empty())
            .map(|(_, v)| v.parse().map(PersonId).map_err(|_| ValidationError::new("persons", "请从列表中选择代表")))
            .collect::<Result<Vec<_>, _>>()?;
        Invitees::Persons(persons)
    } else {
        Invitees::Names(get("names").to_owned())
    };
    let n = invite_whom(&state, &s, ActivityId(id), who).await?;
    Ok(done(&format!("/activities/{id}"), if n == 0 { "nobody_new" } else { "invited" }))
}

/// Whom an invitation names: a whole congress or one delegation of it, deputies picked from a
/// list, or names typed.
pub(crate) enum Invitees {
    Group { congress: OrgId, delegation: Option<String> },
    Persons(Vec<PersonId>),
    Names(String),
}

/// Invites `who`; how many were newly invited. For the page and the API.
pub(crate) async fn invite_whom(state: &AppState, s: &Session, id: ActivityId, who: Invitees) -> AppResult<usize> {
    Ok(match who {
        Invitees::Group { congress, delegation } => {
            state.store.invite_delegation(&actor(s), id, congress, delegation.as_deref()).await?
        }
        Invitees::Persons(persons) => {
            if persons.is_empty() {
                return Err(ValidationError::new("persons", "请从列表中选择要邀请的代表").into());
            }
            state.store.invite(&actor(s), id, &persons).await?
        }
        Invitees::Names(names) => state.store.invite_by_names(&actor(s), id, &names).await?,
    })
}

#[derive(Deserialize)]
pub struct ReportPost {
    #[serde(default)]
    pub report: String,
    pub published: Option<String>,
}

pub async fn report(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(p): Form<ReportPost>,
) -> AppResult<Response> {
    state.store.set_activity_report(&actor(&s), ActivityId(id), &p.report, p.published.is_some()).await?;
    let notice = if p.published.is_some() { "activity_report_published" } else { "activity_report_saved" };
    Ok(done(&format!("/activities/{id}"), notice))
}

/// Photos of a multipart form (the CSRF middleware has read its token).
pub async fn photos(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("multipart/form-data") {
        return Err(AppError::new(ErrorCode::InvalidInput, "请通过上传表单选择照片"));
    }
    let (pairs, files) = crate::extract::read_multipart(content_type, body).await?;
    let caption = pairs.iter().find(|(k, _)| k == "caption").map(|(_, v)| v.as_str()).unwrap_or("");
    state.store.attach_activity_photos(&actor(&s), ActivityId(id), &files, caption).await?;
    Ok(done(&format!("/activities/{id}"), "files_attached"))
}

pub async fn photo(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (mime, bytes) = state.store.activity_photo(&actor(&s), ActivityId(id), &hash).await?;
    Ok(crate::download::file("照片", &mime, bytes))
}
