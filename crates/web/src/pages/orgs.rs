//! Organisation pages: the tree, one organisation, creating and renaming.

use super::{Ctx, NoticeQuery, actor, done, notice_text, opt_id, render, require_admin_pages};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::ValidationError;
use renda_core::ids::OrgId;
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Role, Target, allows, decide};
use renda_core::value::OrgName;
use renda_store::orgs::NewOrganisation;
use serde::Deserialize;

pub struct TreeRow {
    pub id: i64,
    pub name: String,
    pub kind_label: &'static str,
    pub depth: usize,
    pub is_congress: bool,
    /// Closed (撤销, `renda org close`): kept for the records that name it.
    pub closed: bool,
}

#[derive(Template)]
#[template(path = "orgs.html")]
pub struct OrgsPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub rows: Vec<TreeRow>,
    pub kinds: Vec<(String, &'static str)>,
    pub parents: Vec<(i64, String)>,
    pub can_create_top: bool,
    /// What the list is narrowed to (the home page's tiles), empty for the whole tree.
    pub narrowed: &'static str,
    /// The platform's name, for the admin's form (`None` for staff).
    pub site: Option<crate::Site>,
}

#[derive(Deserialize)]
pub struct OrgsQuery {
    pub notice: Option<String>,
    /// Only the organisations that belong to this congress (its units, stations, groups).
    #[serde(default)]
    pub of: String,
    /// Only the congresses below this one.
    #[serde(default)]
    pub below: String,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<OrgsQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let store = &state.store;
    let scope = store.listable_congresses(&crate::pages::actor(&s)).await?;
    let tree = store.org_tree().await?;
    let mut visible: Vec<_> = tree.into_iter().filter(|r| r.congress.is_some_and(|c| scope.contains(&c))).collect();
    // The home page's tiles open the list narrowed as they count it.
    let mut narrowed = "";
    if let Some(of) = opt_id("of", Some(&q.of))?.map(OrgId) {
        visible.retain(|r| r.congress == Some(of) && r.org.id != of);
        narrowed = "仅列本级人大的承办单位、联络站和代表小组";
    } else if let Some(top) = opt_id("below", Some(&q.below))?.map(OrgId) {
        let subtree = store.congress_subtree(top).await?;
        visible.retain(|r| r.org.kind.is_congress() && r.org.id != top && subtree.contains(&r.org.id));
        narrowed = "仅列下级人大";
    }
    let min_depth = visible.iter().map(|r| r.depth).min().unwrap_or(0);
    let closed: std::collections::HashSet<OrgId> =
        store.org_listing().await?.into_iter().filter(|o| o.closed).map(|o| o.id).collect();
    let rows = visible
        .iter()
        .map(|r| TreeRow {
            id: r.org.id.0,
            name: r.org.name.to_string(),
            kind_label: r.org.kind.label(),
            depth: r.depth - min_depth,
            is_congress: r.org.kind.is_congress(),
            closed: closed.contains(&r.org.id),
        })
        .collect();
    // Where this user may put a new organisation: the congresses where the policy allows it.
    let mut parents = Vec::new();
    for r in visible.iter().filter(|r| r.org.kind.is_congress()) {
        let path = store.congress_path(r.org.id).await?;
        let t = Target { congress_path: &path, ..Target::default() };
        if allows(s.user.role, Action::Create, Resource::Organisation, &t) {
            parents.push((r.org.id.0, r.org.name.to_string()));
        }
    }
    // The platform's name: whoever may edit the congress of no place in particular (the admin),
    // as the store's `set_site_name` asks.
    let is_admin = may_set_site_name(s.user.role);
    // Congresses are made by whoever may create one anywhere (the admin).
    let may_make_congress = allows(s.user.role, Action::Create, Resource::Congress, &Target::default());
    let kinds = OrgKind::all()
        .into_iter()
        .filter(|k| may_make_congress || !k.is_congress())
        .map(|k| (k.code(), k.label()))
        .collect();
    render(&OrgsPage {
        ctx: Ctx::new(&state, Some(&s), "机构管理", "/admin/orgs"),
        notice: notice_text(q.notice.as_deref()),
        rows,
        kinds,
        parents,
        can_create_top: may_make_congress,
        narrowed,
        site: is_admin.then(|| state.site()),
    })
}

#[derive(Deserialize)]
pub struct SiteForm {
    pub site_name: String,
}

/// The admin sets the platform's name (the installation's setting `renda init` wrote). A name
/// fixed by configuration (`RENDA_SITE_NAME`) is not edited here.
pub async fn site_name(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<SiteForm>,
) -> AppResult<Response> {
    set_site_name(&state, &s, &f.site_name).await?;
    Ok(done("/admin/orgs", "site_name_saved"))
}

/// Sets the platform's name as the admin typed it (the page's form and the API's
/// `POST /api/v1/site`).
pub(crate) async fn set_site_name(state: &AppState, s: &renda_store::users::Session, raw: &str) -> AppResult<()> {
    if !may_set_site_name(s.user.role) {
        return Err(AppError::new(renda_core::ErrorCode::Forbidden, "只有系统管理员可以修改平台名称"));
    }
    if state.site().fixed {
        return Err(AppError::new(
            renda_core::ErrorCode::Conflict,
            "平台名称已由服务器配置（RENDA_SITE_NAME 或 --site-name）固定，请修改配置后重启服务",
        ));
    }
    let name = renda_core::install::SiteName::parse(raw)?;
    state.store.set_site_name(&actor(s), &name).await?;
    state.refresh_site().await?;
    Ok(())
}

#[derive(Deserialize)]
pub struct CreateForm {
    pub name: String,
    pub kind: String,
    pub parent: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let kind = OrgKind::from_code(&f.kind).ok_or_else(|| ValidationError::new("kind", "请选择机构类型"))?;
    let new = NewOrganisation {
        name: OrgName::parse(&f.name)?,
        kind,
        parent: opt_id("parent", f.parent.as_deref())?.map(OrgId),
    };
    state.store.create_org(&actor(&s), new).await?;
    Ok(done("/admin/orgs", "org_created"))
}

#[derive(Template)]
#[template(path = "org.html")]
pub struct OrgPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub id: i64,
    pub name: String,
    pub kind_label: &'static str,
    pub is_congress: bool,
    pub permanent_body: &'static str,
    pub parent: Option<(i64, String)>,
    pub children: Vec<(i64, String, &'static str)>,
    pub can_edit: bool,
}

fn resource_of(kind: OrgKind) -> Resource {
    if kind.is_congress() { Resource::Congress } else { Resource::Organisation }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let store = &state.store;
    let org = store.org(OrgId(id)).await?;
    let path = store.congress_path(org.id).await?;
    let target = Target { congress_path: &path, units: &[org.id], ..Target::default() };
    decide(s.user.role, Action::View, resource_of(org.kind), &target)
        .map_err(|_| AppError::of(renda_core::ErrorCode::NotFound))?;
    let parent = match org.parent {
        Some(p) => Some((p.0, store.org(p).await?.name.to_string())),
        None => None,
    };
    let children = store
        .org_tree()
        .await?
        .into_iter()
        .filter(|r| r.org.parent == Some(org.id))
        .map(|r| (r.org.id.0, r.org.name.to_string(), r.org.kind.label()))
        .collect();
    let (is_congress, permanent_body) = match org.kind {
        OrgKind::Congress(l) => (true, l.permanent_body()),
        _ => (false, ""),
    };
    render(&OrgPage {
        ctx: Ctx::new(&state, Some(&s), org.name.as_str(), "/admin/orgs"),
        notice: notice_text(q.notice.as_deref()),
        id,
        name: org.name.to_string(),
        kind_label: org.kind.label(),
        is_congress,
        permanent_body,
        parent,
        children,
        can_edit: allows(s.user.role, Action::Edit, resource_of(org.kind), &target),
    })
}

#[derive(Deserialize)]
pub struct RenameForm {
    pub name: String,
}

pub async fn rename(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<RenameForm>,
) -> AppResult<Response> {
    rename_org(&state, &s, OrgId(id), &f.name).await?;
    Ok(done(&format!("/admin/orgs/{id}"), "org_renamed"))
}

/// Renames an organisation to the name typed (the page's form and the API's
/// `POST /api/v1/organisations/{id}`).
pub(crate) async fn rename_org(
    state: &AppState,
    s: &renda_store::users::Session,
    id: OrgId,
    raw: &str,
) -> AppResult<renda_core::org::Organisation> {
    require_admin_pages(s)?;
    Ok(state.store.rename_org(&actor(s), id, OrgName::parse(raw)?).await?)
}

/// May `role` set the platform's name? The store's question (`Store::set_site_name`): may it edit
/// a congress wherever it sits.
fn may_set_site_name(role: Role) -> bool {
    allows(role, Action::Edit, Resource::Congress, &Target::default())
}
