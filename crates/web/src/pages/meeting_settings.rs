//! `/meetings/settings`: a congress's own settings for meetings and appointments (会议与任免设置),
//! kept by its staff — the notice a meeting needs, the filing days of an appointment case, the
//! law exam, secret appointments, the re-nomination bar and the publication days. The bounds are
//! the core's (`meeting::Settings::check`); a refused form comes back as typed with the reason
//! beside its field (`crate::echo`).

use super::oversight::Fields;
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use renda_core::ids::OrgId;
use renda_core::meeting::Settings;
use renda_core::{ErrorCode, ValidationError};
use renda_store::users::Session;

/// The staff's congress: the only one whose settings they keep.
fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有本级人大工作人员可以修改会议与任免设置。"))
}

#[derive(Template)]
#[template(path = "meeting_settings.html")]
pub struct SettingsPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub congress: String,
    pub s: Settings,
    pub defaults: Settings,
}

pub async fn form(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    render(&SettingsPage {
        ctx: Ctx::new(&state, Some(&s), "会议与任免设置", "/meetings"),
        notice: notice_text(q.notice.as_deref()),
        congress: state.store.org(congress).await?.name.to_string(),
        s: state.store.meeting_settings(congress).await?,
        defaults: Settings::default(),
    })
}

/// A number of days or months as typed: a whole number, or a refusal beside its field. Its
/// bounds are the core's (`Settings::check`, applied by the store): a number no setting can
/// hold (negative, or beyond any bound) is taken as 0, which the core refuses with its own words.
fn number(f: &Fields, field: &'static str) -> AppResult<u32> {
    let n: i64 = f.get(field).trim().parse().map_err(|_| ValidationError::new(field, "请填写整数"))?;
    Ok(out_of_any_bound_as_zero(n))
}

/// `n` as a setting's number; 0 (below every bound) when it cannot be one.
pub(crate) fn out_of_any_bound_as_zero(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// A check box: posted only when ticked.
fn ticked(f: &Fields, field: &str) -> bool {
    matches!(f.get(field), "1" | "on" | "true")
}

pub async fn save(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let f = Fields::parse(&body)?;
    let new = Settings {
        notice_days: number(&f, "notice_days")?,
        filing_days: number(&f, "filing_days")?,
        exam_required: ticked(&f, "exam_required"),
        secret_appointments: ticked(&f, "secret_appointments"),
        renomination_months: number(&f, "renomination_months")?,
        bar_after_second_failure: ticked(&f, "bar_after_second_failure"),
        publish_days: number(&f, "publish_days")?,
    };
    state.store.set_meeting_settings(&actor(&s), congress, new).await?;
    Ok(done("/meetings/settings", "meeting_settings"))
}
