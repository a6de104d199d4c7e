//! The HTML pages. Each page is an askama template struct holding a [`Ctx`] (what the layout
//! needs: the user, the navigation, the CSRF token) and its own data. Handlers live in one
//! module per area.

pub mod account;
pub mod activities;
pub mod archive;
pub mod audit;
pub mod ballots;
pub mod deputies;
pub mod documents;
pub mod groups;
pub mod home;
pub mod login;
pub mod major_matters;
pub mod notifications;
pub mod opinions;
pub mod orgs;
pub mod oversight;
pub mod portal;
pub mod public;
pub mod rankings;
pub mod reports;
pub mod rules;
pub mod search;
pub mod stations;
pub mod suggestions;
pub mod users;

use crate::AppState;
use crate::error::{AppError, AppResult};
use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};
use renda_core::ErrorCode;
use renda_core::policy::Role;
use renda_store::users::Session;

/// One entry of the navigation bar.
#[derive(Clone, Debug)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// What the layout (`base.html`) needs on every page.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub site: String,
    pub title: String,
    pub csrf: String,
    pub user_name: String,
    pub role_label: String,
    pub scope_name: String,
    pub logged_in: bool,
    pub nav: Vec<NavItem>,
    /// Unread notifications.
    pub unread: i64,
}

impl Ctx {
    pub fn new(state: &AppState, session: Option<&Session>, title: &str, path: &str) -> Ctx {
        let nav_for = |role: Option<Role>| -> Vec<(&'static str, &'static str)> {
            match role {
                Some(Role::Admin) => vec![
                    ("/", "首页"),
                    ("/suggestions", "建议"),
                    ("/admin/documents", "文档"),
                    ("/opinions", "意见"),
                    ("/oversight", "监督工作"),
                    ("/major-matters", "重大事项"),
                    ("/rankings", "履职档案"),
                    ("/admin/orgs", "机构"),
                    ("/admin/deputies", "代表"),
                    ("/admin/users", "用户"),
                    ("/admin/audit", "审计"),
                ],
                Some(Role::Staff { .. }) => vec![
                    ("/", "工作台"),
                    ("/suggestions", "建议"),
                    ("/admin/documents", "文档"),
                    ("/opinions", "意见"),
                    ("/activities", "履职活动"),
                    ("/oversight", "监督工作"),
                    ("/ballots", "代表评议"),
                    ("/major-matters", "重大事项"),
                    ("/rankings", "履职档案"),
                    ("/admin/deputies", "代表"),
                    ("/admin/orgs", "机构"),
                    ("/admin/users", "用户"),
                    ("/admin/audit", "审计"),
                ],
                Some(Role::Deputy { .. }) => vec![
                    ("/", "我的履职"),
                    ("/archive", "履职档案"),
                    ("/suggestions", "我的建议"),
                    ("/activities", "履职活动"),
                    ("/oversight", "监督工作"),
                    ("/ballots", "代表评议"),
                    ("/portal", "门户"),
                ],
                Some(Role::Unit { .. }) => {
                    vec![
                        ("/", "承办工作台"),
                        ("/suggestions", "交办建议"),
                        ("/opinions", "群众意见"),
                        ("/oversight", "审议意见"),
                        ("/portal", "门户"),
                    ]
                }
                Some(Role::Public) | None => {
                    vec![("/", "首页"), ("/portal", "门户"), ("/stations", "联络站"), ("/replies", "答复公开")]
                }
            }
        };
        let nav = nav_for(session.map(|s| s.user.role))
            .into_iter()
            // The register of major matters only for staff holding its grant (and the admin).
            .filter(|(href, _)| {
                *href != "/major-matters"
                    || session.is_some_and(|s| s.major_matters || matches!(s.user.role, Role::Admin))
            })
            .map(|(href, label)| NavItem {
                href,
                label,
                active: if href == "/" { path == "/" } else { path.starts_with(href) },
            })
            .collect();
        Ctx {
            site: state.config.site_name.clone(),
            title: title.to_owned(),
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            user_name: session.map(|s| s.user.display_name.clone()).unwrap_or_default(),
            role_label: session.map(|s| s.user.role.label().to_owned()).unwrap_or_default(),
            scope_name: session.and_then(|s| s.user.scope_name.clone()).unwrap_or_default(),
            logged_in: session.is_some(),
            nav,
            unread: session.map_or(0, |s| s.unread),
        }
    }
}

/// The error page (also used by `AppError`).
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub status: u16,
    pub code: &'a str,
    pub message: &'a str,
}

/// Renders a template into a response.
pub fn render(t: &impl Template) -> AppResult<Response> {
    Ok(Html(t.render()?).into_response())
}

/// A 303 redirect after a successful form post, with a notice code shown on the next page.
pub fn done(to: &str, notice: &str) -> Response {
    let sep = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{sep}notice={notice}")).into_response()
}

/// The Chinese sentence behind a notice code (codes only, so a link cannot make us say anything).
pub fn notice_text(code: Option<&str>) -> &'static str {
    match code {
        Some("org_created") => "机构已创建。",
        Some("org_renamed") => "机构名称已修改。",
        Some("deputy_created") => "代表已登记。",
        Some("deputyship_ended") => "代表资格已终止。",
        Some("user_created") => "用户已创建。",
        Some("user_updated") => "用户已更新。",
        Some("password_changed") => "密码已修改，请牢记新密码。",
        Some("suggestion_created") => "建议草稿已保存。确认无误后请点击“提交”。",
        Some("done") => "操作已完成。",
        Some("bulk_assigned") => "所选建议已全部交办。",
        Some("document_saved") => "文档已保存。",
        Some("document_published") => "文档已发布到门户。",
        Some("document_withdrawn") => "文档已从门户撤回。",
        Some("files_attached") => "附件已上传。",
        Some("file_removed") => "附件已删除。",
        Some("opinion_rated") => "感谢您的评价。",
        Some("activity_saved") => "活动已保存。",
        Some("activity_cancelled") => "活动已取消，其签到记录不再计入履职档案。",
        Some("invited") => "已发出邀请。",
        Some("nobody_new") => "所选代表均已在邀请名单中。",
        Some("ballot_cast") => "您的评议票已提交，感谢参与。",
        _ => "",
    }
}

/// The `?notice=` of a page reached after a form post.
#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

/// The acting user as the store wants it.
pub fn actor(s: &Session) -> renda_store::Actor {
    renda_store::Actor { user: Some(s.user.id), role: s.user.role }
}

/// Refuses users who do not work with the admin pages.
pub fn require_admin_pages(session: &Session) -> AppResult<()> {
    if crate::scope::uses_admin_pages(session.user.role) { Ok(()) } else { Err(AppError::of(ErrorCode::Forbidden)) }
}

/// Parses an optional integer query or form field; empty means none.
pub fn opt_id(field: &str, raw: Option<&str>) -> AppResult<Option<i64>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::from(renda_core::ValidationError::new(field, "请选择有效的选项"))),
    }
}

/// A stored UTC time (RFC 3339) as Beijing time for people: `2026-11-29 21:02`. China keeps
/// one zone without daylight saving, so a fixed +08:00 needs no time-zone database.
pub fn local_time(rfc3339: &str) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(ts) => {
            ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8))).strftime("%Y-%m-%d %H:%M").to_string()
        }
        Err(_) => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_times_are_shown_in_beijing_time() {
        assert_eq!(super::local_time("2026-11-29T13:02:42.415240Z"), "2026-11-29 21:02");
        assert_eq!(super::local_time("2026-12-31T16:30:00Z"), "2027-01-01 00:30");
        assert_eq!(super::local_time("not a time"), "not a time");
    }
}
