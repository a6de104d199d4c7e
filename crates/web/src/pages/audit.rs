//! The audit log page: the latest entries of the chains this user may read, and (for the
//! admin) a verification of every chain.

use super::{Ctx, render, require_admin_pages};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::scope::listable_congresses;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::policy::Role;
use renda_store::audit::AuditEntry;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub ctx: Ctx,
    pub entries: Vec<AuditEntry>,
    pub is_admin: bool,
    pub verify: Option<(bool, String)>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    pub verify: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let is_admin = s.user.role == Role::Admin;
    let mut chains: Vec<i64> = listable_congresses(&state.store, s.user.role).await?.into_iter().map(|c| c.0).collect();
    if is_admin {
        chains.push(0);
    }
    let entries = state.store.recent_audit(&chains, 200).await?;
    let verify = if is_admin && q.verify.is_some() {
        Some(match state.store.verify_audit().await? {
            Ok(v) => (true, format!("审计链完好：{} 条链，共 {} 条记录。", v.chains, v.entries)),
            Err(b) => (false, b.to_string()),
        })
    } else {
        None
    };
    render(&AuditPage { ctx: Ctx::new(&state, Some(&s), "审计日志", "/admin/audit"), entries, is_admin, verify })
}
