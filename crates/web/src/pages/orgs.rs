//! Organisation pages: the tree, one organisation, creating and renaming.

use super::{Ctx, NoticeQuery, actor, done, notice_text, opt_id, render, require_admin_pages};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::scope::listable_congresses;
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
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let store = &state.store;
    let scope = listable_congresses(store, s.user.role).await?;
    let tree = store.org_tree().await?;
    let visible: Vec<_> = tree.into_iter().filter(|r| r.congress.is_some_and(|c| scope.contains(&c))).collect();
    let min_depth = visible.iter().map(|r| r.depth).min().unwrap_or(0);
    let rows = visible
        .iter()
        .map(|r| TreeRow {
            id: r.org.id.0,
            name: r.org.name.to_string(),
            kind_label: r.org.kind.label(),
            depth: r.depth - min_depth,
            is_congress: r.org.kind.is_congress(),
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
    let is_admin = s.user.role == Role::Admin;
    let kinds =
        OrgKind::all().into_iter().filter(|k| is_admin || !k.is_congress()).map(|k| (k.code(), k.label())).collect();
    render(&OrgsPage {
        ctx: Ctx::new(&state, Some(&s), "机构管理", "/admin/orgs"),
        notice: notice_text(q.notice.as_deref()),
        rows,
        kinds,
        parents,
        can_create_top: is_admin,
    })
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
    require_admin_pages(&s)?;
    state.store.rename_org(&actor(&s), OrgId(id), OrgName::parse(&f.name)?).await?;
    Ok(done(&format!("/admin/orgs/{id}"), "org_renamed"))
}
