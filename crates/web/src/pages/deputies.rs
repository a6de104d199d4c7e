//! The deputy roster: search with filters and paging, one deputy, registering a deputy and
//! ending a deputyship.

use super::{Ctx, NoticeQuery, actor, done, notice_text, opt_id, render, require_admin_pages};
use crate::AppState;
use crate::auth::{CurrentUser, urlencode};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ids::{DeputyshipId, OrgId, PersonId};
use renda_core::person::{EndReason, StartReason, Term};
use renda_core::policy::{Action, Resource, Target, allows};
use renda_core::value::{ETHNIC_GROUPS, Ethnicity, Gender, Label, PartialDate, PersonName, Phone, parse_date};
use renda_store::Page;
use renda_store::people::{DeputyFilter, DeputyRow, NewDeputyship, NewPerson};
use serde::Deserialize;

pub const PER_PAGE: i64 = 30;

/// The search form as submitted; kept as text so the form shows back what was typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub congress: String,
    #[serde(default)]
    pub delegation: String,
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub active: String,
    /// Only the congresses below this one (the home page's 下级人大在任代表).
    #[serde(default)]
    pub below: String,
    #[serde(default)]
    pub page: Option<i64>,
    pub notice: Option<String>,
}

impl SearchQuery {
    /// Builds the store filter within `scope`, refusing a congress outside it.
    pub fn filter(&self, scope: Vec<OrgId>, per_page: i64) -> AppResult<DeputyFilter> {
        let congress = opt_id("congress", Some(&self.congress))?.map(OrgId);
        if congress.is_some_and(|c| !scope.contains(&c)) {
            return Err(AppError::of(ErrorCode::Forbidden));
        }
        let gender = match self.gender.as_str() {
            "" => None,
            g => {
                Some(Gender::from_db(g).ok_or_else(|| renda_core::ValidationError::new("gender", "性别只能是男或女"))?)
            }
        };
        Ok(DeputyFilter {
            congresses: scope,
            congress,
            name: Some(self.name.clone()),
            delegation: Some(self.delegation.clone()),
            ethnicity: Some(self.ethnicity.clone()),
            gender,
            active_only: self.active == "1",
            page: self.page.unwrap_or(1).max(1) - 1,
            per_page,
        })
    }

    fn link(&self, page: i64) -> String {
        format!(
            "/admin/deputies?name={}&congress={}&delegation={}&ethnicity={}&gender={}&active={}&below={}&page={page}",
            urlencode(&self.name),
            urlencode(&self.congress),
            urlencode(&self.delegation),
            urlencode(&self.ethnicity),
            urlencode(&self.gender),
            urlencode(&self.active),
            urlencode(&self.below),
        )
    }
}

#[derive(Template)]
#[template(path = "deputies.html")]
pub struct DeputiesPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub q: SearchQuery,
    pub page: Page<DeputyRow>,
    pub congresses: Vec<(i64, String)>,
    pub delegations: Vec<String>,
    pub ethnicities: Vec<String>,
    pub can_create: bool,
    pub prev_link: String,
    pub next_link: String,
}

async fn congress_names(state: &AppState, scope: &[OrgId]) -> AppResult<Vec<(i64, String)>> {
    Ok(state
        .store
        .congresses()
        .await?
        .into_iter()
        .filter(|r| scope.contains(&r.org.id))
        .map(|r| (r.org.id.0, format!("{}{}", "　".repeat(r.depth), r.org.name)))
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let mut scope = state.store.listable_congresses(&crate::pages::actor(&s)).await?;
    if let Some(top) = opt_id("below", Some(&q.below))?.map(OrgId) {
        // The congresses below `top` that this user may list (as the home page counts them).
        let subtree = state.store.congress_subtree(top).await?;
        scope.retain(|c| *c != top && subtree.contains(c));
    }
    let filter = q.filter(scope.clone(), PER_PAGE)?;
    let page = state.store.search_deputies(&crate::pages::actor(&s), &filter).await?;
    let facet_scope = filter.congress.map_or_else(|| scope.clone(), |c| vec![c]);
    let (delegations, ethnicities) = state.store.deputy_facets(&crate::pages::actor(&s), &facet_scope).await?;
    let can_create = super::uses_admin_pages(s.user.role);
    render(&DeputiesPage {
        ctx: Ctx::new(&state, Some(&s), "代表名册", "/admin/deputies"),
        notice: notice_text(q.notice.as_deref()),
        prev_link: q.link(page.page),
        next_link: q.link(page.page + 2),
        congresses: congress_names(&state, &scope).await?,
        q,
        page,
        delegations,
        ethnicities,
        can_create,
    })
}

pub struct SeatView {
    pub row: DeputyRow,
    pub can_end: bool,
}

#[derive(Template)]
#[template(path = "deputy.html")]
pub struct DeputyPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub first: DeputyRow,
    pub phone: Option<String>,
    /// The work phone units may be shown, and whether this user may change it.
    pub work: renda_store::people::WorkPhone,
    pub can_edit_work: bool,
    pub seats: Vec<SeatView>,
    pub end_reasons: Vec<(&'static str, &'static str)>,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let store = &state.store;
    let all = store.deputyships_of(PersonId(person)).await?;
    // Only the seats this user may see; none visible reads as "not found".
    let mut seats = Vec::new();
    for row in all {
        let path = store.congress_path(row.congress).await?;
        let t = Target { congress_path: &path, persons: &[row.person], ..Target::default() };
        if allows(s.user.role, Action::View, Resource::Deputy, &t) {
            let can_end = row.end_date.is_none() && allows(s.user.role, Action::Edit, Resource::Deputy, &t);
            seats.push(SeatView { row, can_end });
        }
    }
    let first = seats.first().map(|v| v.row.clone()).ok_or_else(|| AppError::of(ErrorCode::NotFound))?;
    render(&DeputyPage {
        ctx: Ctx::new(&state, Some(&s), &first.name, "/admin/deputies"),
        notice: notice_text(q.notice.as_deref()),
        phone: store.person_phone(PersonId(person)).await?,
        work: store.work_phone(PersonId(person)).await?,
        can_edit_work: seats.iter().any(|v| v.row.end_date.is_none() && v.can_end),
        first,
        seats,
        end_reasons: EndReason::ALL.iter().map(|r| (r.code(), r.label())).collect(),
    })
}

#[derive(Template)]
#[template(path = "deputy_new.html")]
pub struct NewDeputyPage {
    pub ctx: Ctx,
    pub congresses: Vec<(i64, String)>,
    pub ethnic_groups: &'static [&'static str],
    pub start_reasons: Vec<(&'static str, &'static str)>,
}

/// Congresses where this user may register deputies.
async fn writable_congresses(state: &AppState, s: &renda_store::users::Session) -> AppResult<Vec<(i64, String)>> {
    let scope = state.store.listable_congresses(&crate::pages::actor(s)).await?;
    let mut out = Vec::new();
    for (id, name) in congress_names(state, &scope).await? {
        let path = state.store.congress_path(OrgId(id)).await?;
        if allows(s.user.role, Action::Create, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })
        {
            out.push((id, name));
        }
    }
    Ok(out)
}

pub async fn new_form(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    require_admin_pages(&s)?;
    render(&NewDeputyPage {
        ctx: Ctx::new(&state, Some(&s), "登记新代表", "/admin/deputies"),
        congresses: writable_congresses(&state, &s).await?,
        ethnic_groups: &ETHNIC_GROUPS,
        start_reasons: StartReason::ALL.iter().map(|r| (r.code(), r.label())).collect(),
    })
}

#[derive(Deserialize)]
pub struct NewDeputyForm {
    pub name: String,
    pub gender: String,
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub birth: String,
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub occupation: String,
    #[serde(default)]
    pub phone: String,
    pub congress: String,
    pub term: String,
    pub delegation: String,
    pub start: String,
    pub start_reason: String,
}

/// Parses an optional text field: empty is none, anything else must parse.
fn optional<T, E>(raw: &str, parse: impl FnOnce(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if raw.trim().is_empty() { Ok(None) } else { parse(raw).map(Some) }
}

impl NewDeputyForm {
    pub fn parse(&self) -> AppResult<(NewPerson, NewDeputyship)> {
        let person = NewPerson {
            name: PersonName::parse(&self.name)?,
            gender: Some(Gender::parse(&self.gender)?),
            ethnicity: optional(&self.ethnicity, Ethnicity::parse)?,
            birth: optional(&self.birth, |b| PartialDate::parse("birth", b))?,
            party: optional(&self.party, Label::parse)?,
            occupation: optional(&self.occupation, Label::parse)?,
            phone: optional(&self.phone, Phone::parse)?,
        };
        let congress = opt_id("congress", Some(&self.congress))?
            .ok_or_else(|| renda_core::ValidationError::new("congress", "请选择人大"))?;
        let ship = NewDeputyship {
            congress: OrgId(congress),
            term: Term::parse(&self.term)?,
            delegation: Label::parse(&self.delegation)?,
            start: parse_date("start", &self.start)?,
            start_reason: StartReason::from_code(&self.start_reason)
                .ok_or_else(|| renda_core::ValidationError::new("start_reason", "请选择产生方式"))?,
            note: None,
        };
        Ok((person, ship))
    }
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<NewDeputyForm>,
) -> AppResult<Response> {
    let (person_id, _) = register_deputy(&state, &s, &f).await?;
    Ok(done(&format!("/admin/deputies/{person_id}"), "deputy_created"))
}

/// Registers a deputy as the form typed them: the person and their first deputyship (the
/// page's form and the API's `POST /api/v1/deputies`).
pub(crate) async fn register_deputy(
    state: &AppState,
    s: &renda_store::users::Session,
    f: &NewDeputyForm,
) -> AppResult<(PersonId, DeputyshipId)> {
    require_admin_pages(s)?;
    let (person, ship) = f.parse()?;
    Ok(state.store.create_deputy(&actor(s), person, ship).await?)
}

#[derive(Deserialize)]
pub struct EndForm {
    pub end: String,
    pub reason: String,
    #[serde(default)]
    pub confirm: String,
}

pub async fn end(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<EndForm>,
) -> AppResult<Response> {
    let row = end_seat(&state, &s, DeputyshipId(id), &f.end, &f.reason, f.confirm == "1").await?;
    Ok(done(&format!("/admin/deputies/{}", row.person), "deputyship_ended"))
}

/// Ends a deputyship on the day typed for the reason chosen, once confirmed (the page's form
/// and the API's `POST /api/v1/deputyships/{id}/end`).
pub(crate) async fn end_seat(
    state: &AppState,
    s: &renda_store::users::Session,
    id: DeputyshipId,
    end: &str,
    reason: &str,
    confirm: bool,
) -> AppResult<DeputyRow> {
    require_admin_pages(s)?;
    let end = parse_date("end", end)?;
    renda_core::confirm::Irreversible::EndDeputyship.check(confirm)?;
    let reason =
        EndReason::from_code(reason).ok_or_else(|| renda_core::ValidationError::new("reason", "请选择终止原因"))?;
    Ok(state.store.end_deputyship(&actor(s), id, end, reason).await?)
}

#[derive(Deserialize)]
pub struct WorkPhoneForm {
    #[serde(default)]
    pub work_phone: String,
    #[serde(default)]
    pub to_units: Option<String>,
}

/// Staff set the deputy's work phone and whether units handling the deputy's suggestions see it.
pub async fn work_phone(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
    Form(f): Form<WorkPhoneForm>,
) -> AppResult<Response> {
    save_work_phone(&state, &s, PersonId(person), &f.work_phone, f.to_units.is_some()).await?;
    Ok(done(&format!("/admin/deputies/{person}"), "work_phone_saved"))
}

/// Sets the deputy's work phone as typed (empty clears it) and whether units see it (the
/// page's form and the API's `POST /api/v1/deputies/{person}/work-phone`).
pub(crate) async fn save_work_phone(
    state: &AppState,
    s: &renda_store::users::Session,
    person: PersonId,
    raw: &str,
    to_units: bool,
) -> AppResult<renda_store::people::WorkPhone> {
    require_admin_pages(s)?;
    let phone = match raw.trim() {
        "" => None,
        raw => Some(Phone::parse(raw)?),
    };
    Ok(state.store.set_work_phone(&actor(s), person, phone, to_units).await?)
}
