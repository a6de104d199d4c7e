//! Accounts and roles.

use super::{Ctx, NoticeQuery, actor, done, notice_text, opt_id, render, require_admin_pages};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use renda_core::ValidationError;
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::policy::{Action, Resource, Role, RoleKind, Target, allows, may_grant};
use renda_core::value::{Login, NewPassword};
use renda_store::users::{NewUser, Session, User};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "users.html")]
pub struct UsersPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub users: Vec<User>,
    pub role_kinds: Vec<(&'static str, &'static str)>,
    pub scope_orgs: Vec<(i64, String)>,
    pub chosen: RoleChoice,
}

/// What the role fields show as chosen: the account's own role on its page (so saving another
/// part of the form never changes it unseen), nothing on the new-account form.
#[derive(Default)]
pub struct RoleChoice {
    pub role: &'static str,
    /// The scope organisation's id, 0 when the role has none.
    pub scope: i64,
    pub person: String,
    /// What the chosen deputy is shown as in the searchable list.
    pub person_label: String,
}

impl RoleChoice {
    fn of(role: Role) -> Self {
        let scope = role.staff_congress().or(role.unit()).map_or(0, |o| o.0);
        let person = role.deputy().map(|p| p.0.to_string()).unwrap_or_default();
        Self { role: role.kind().code(), scope, person, person_label: String::new() }
    }

    /// The same, with the chosen deputy's name for the list.
    async fn named(mut self, state: &AppState, role: Role) -> AppResult<Self> {
        if let Some(person) = role.deputy()
            && let Some(d) = state.store.deputyships_of(person).await?.into_iter().next()
        {
            self.person_label = crate::picker::deputy_choice(&d).label;
        }
        Ok(self)
    }
}

/// The congresses whose deputies this user may give accounts to.
async fn grantable_congresses(state: &AppState, s: &Session) -> AppResult<Vec<OrgId>> {
    // Staff give accounts in their own congress only (`may_grant`), though they read below it;
    // the admin in every congress it may list; the others in none (they list none).
    Ok(match s.user.role.staff_congress() {
        Some(congress) => vec![congress],
        None => state.store.listable_congresses(&crate::pages::actor(s)).await?,
    })
}

#[derive(Deserialize)]
pub struct ChoicesQuery {
    #[serde(default)]
    pub q: String,
}

/// The sitting deputies `q` finds, for the account form's searchable list (`picker.js` asks as
/// the clerk types): by name in the database, or, when `q` is latin letters, by the pinyin of
/// the name and delegation under the browser's own rule ([`crate::picker::Choice::matches`]). At
/// most 30, as JSON.
/// How many pages of 500 sitting deputies a pinyin search looks through at most.
const PINYIN_PAGES: i64 = 40;

pub async fn deputy_choices(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ChoicesQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let name = q.q.trim();
    let congresses = grantable_congresses(&state, &s).await?;
    let pinyin = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric());
    let found = if name.is_empty() || congresses.is_empty() {
        Vec::new()
    } else if pinyin {
        // Pinyin is not in the database: the sitting deputies these congresses hold are
        // matched here, a page at a time (a city with its counties and townships holds a few
        // thousand), until 30 are found.
        let mut hits = Vec::new();
        for page in 0..PINYIN_PAGES {
            let batch = state
                .store
                .search_deputies(
                    &crate::pages::actor(&s),
                    &renda_store::people::DeputyFilter {
                        congresses: congresses.clone(),
                        active_only: true,
                        page,
                        per_page: 500,
                        ..renda_store::people::DeputyFilter::default()
                    },
                )
                .await?;
            let last = (page + 1) * batch.per_page >= batch.total;
            hits.extend(batch.items.into_iter().filter(|d| crate::picker::deputy_choice(d).matches(name)));
            if hits.len() >= 30 || last {
                break;
            }
        }
        hits.truncate(30);
        hits
    } else {
        state
            .store
            .search_deputies(
                &crate::pages::actor(&s),
                &renda_store::people::DeputyFilter {
                    congresses,
                    name: Some(name.to_owned()),
                    active_only: true,
                    per_page: 30,
                    ..renda_store::people::DeputyFilter::default()
                },
            )
            .await?
            .items
    };
    let choices: Vec<serde_json::Value> = found
        .iter()
        .map(|d| {
            let c = crate::picker::deputy_choice(d);
            serde_json::json!({
                "value": c.value,
                "label": format!("{}（{} · {}）", d.name, d.delegation, d.congress_name),
                "name": c.name,
                "keys": c.keys,
            })
        })
        .collect();
    Ok(axum::Json(choices).into_response())
}

/// The roles this user may grant, and the organisations a role may be scoped to.
async fn role_choices(
    state: &AppState,
    s: &Session,
) -> AppResult<(Vec<(&'static str, &'static str)>, Vec<(i64, String)>)> {
    let kinds = RoleKind::ALL
        .into_iter()
        .filter(|k| *k != RoleKind::Admin || renda_core::policy::may_grant(s.user.role, Role::Admin, &[]).is_ok())
        .map(|k| (k.code(), k.label()))
        .collect();
    let scope = grantable_congresses(state, s).await?;
    let mut orgs = Vec::new();
    for r in state.store.org_tree().await? {
        if r.congress.is_some_and(|c| scope.contains(&c))
            && !matches!(r.org.kind, renda_core::org::OrgKind::LiaisonStation | renda_core::org::OrgKind::DeputyGroup)
        {
            orgs.push((r.org.id.0, format!("{}{}", "　".repeat(r.depth), r.org.name)));
        }
    }
    Ok((kinds, orgs))
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let users = state.store.list_users(&actor(&s)).await?;
    let (role_kinds, scope_orgs) = role_choices(&state, &s).await?;
    render(&UsersPage {
        ctx: Ctx::new(&state, Some(&s), "用户与角色", "/admin/users"),
        notice: notice_text(q.notice.as_deref()),
        users,
        role_kinds,
        scope_orgs,
        chosen: RoleChoice::default(),
    })
}

/// The role part of a user form.
#[derive(Deserialize)]
pub struct RoleFields {
    pub role: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub person: String,
}

impl RoleFields {
    pub fn parse(&self) -> AppResult<Role> {
        let kind = RoleKind::from_code(&self.role).ok_or_else(|| ValidationError::new("role", "请选择角色"))?;
        let scope = opt_id("scope", Some(&self.scope))?.map(OrgId);
        let person = opt_id("person", Some(&self.person))?.map(PersonId);
        let need_scope = || ValidationError::new("scope", "请选择所属人大或承办单位");
        Ok(match kind {
            RoleKind::Admin => Role::Admin,
            RoleKind::Public => Role::Public,
            RoleKind::Staff => Role::Staff { congress: scope.ok_or_else(need_scope)? },
            RoleKind::Unit => Role::Unit { unit: scope.ok_or_else(need_scope)? },
            RoleKind::Deputy => {
                Role::Deputy { person: person.ok_or_else(|| ValidationError::new("person", "请填写代表编号"))? }
            }
        })
    }
}

#[derive(Deserialize)]
pub struct CreateForm {
    pub login: String,
    pub display_name: String,
    pub password: String,
    #[serde(flatten)]
    pub role: RoleFields,
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    let user = create_account(&state, &s, f).await?;
    Ok(done(&format!("/admin/users/{}", user.id), "user_created"))
}

/// Creates the account the form describes (the page's form and the API's `POST /api/v1/users`).
pub(crate) async fn create_account(state: &AppState, s: &Session, f: CreateForm) -> AppResult<User> {
    require_admin_pages(s)?;
    let new = NewUser {
        login: Login::parse(&f.login)?,
        display_name: f.display_name,
        password: NewPassword::parse(&f.password)?,
        role: f.role.parse()?,
    };
    Ok(state.store.create_user(&actor(s), new).await?)
}

#[derive(Template)]
#[template(path = "user.html")]
pub struct UserPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub user: User,
    pub can_edit: bool,
    pub role_kinds: Vec<(&'static str, &'static str)>,
    pub scope_orgs: Vec<(i64, String)>,
    pub chosen: RoleChoice,
    /// Failed logins on the account within the throttle's window, from every address.
    pub login_failures: usize,
    /// The lock or delay the account meets now, if any; those who may edit it can lift it.
    pub login_lock: Option<LoginLockView>,
}

/// A login lock as the account page says it: which, and for how much longer.
pub struct LoginLockView {
    pub label: &'static str,
    /// "3 分钟", "8 秒".
    pub wait: String,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let (user, can_edit) = visible_user(&state, &s, UserId(id)).await?;
    let (role_kinds, scope_orgs) = role_choices(&state, &s).await?;
    let login = state.store.login_state(&actor(&s), user.id).await?;
    render(&UserPage {
        ctx: Ctx::new(&state, Some(&s), &user.display_name, "/admin/users"),
        notice: notice_text(q.notice.as_deref()),
        chosen: RoleChoice::of(user.role).named(&state, user.role).await?,
        user,
        can_edit,
        role_kinds,
        scope_orgs,
        login_failures: login.recent_failures,
        login_lock: login.refusal.map(|r| LoginLockView { label: r.scope.label(), wait: r.wait_text() }),
    })
}

/// An account this user may see (none other is found), and whether they may change it (the
/// account page and the API's `GET /api/v1/users/{id}`).
pub(crate) async fn visible_user(state: &AppState, s: &Session, id: UserId) -> AppResult<(User, bool)> {
    require_admin_pages(s)?;
    let user = state.store.user(&actor(s), id).await?;
    let path = state.store.role_congress_path(user.role).await?;
    let t = Target { congress_path: &path, ..Target::default() };
    let can_edit = user.id != s.user.id
        && allows(s.user.role, Action::Edit, Resource::User, &t)
        && may_grant(s.user.role, user.role, &path).is_ok();
    Ok((user, can_edit))
}

#[derive(Deserialize)]
pub struct UpdateForm {
    pub op: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<UpdateForm>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let change = match f.op.as_str() {
        "password" => AccountChange::Password(f.password),
        "contact" => AccountChange::Contact { email: f.email, phone: f.phone },
        "disable" => AccountChange::Active(false),
        "enable" => AccountChange::Active(true),
        "unlock" => AccountChange::Unlock,
        "role" => AccountChange::Role(RoleFields { role: f.role, scope: f.scope, person: f.person }),
        _ => return Err(ValidationError::new("op", "未知的操作").into()),
    };
    change_account(&state, &s, UserId(id), change).await?;
    Ok(done(&format!("/admin/users/{id}"), "user_updated"))
}

/// One change to an account, as the account page's forms type it.
pub(crate) enum AccountChange {
    /// A new password (at least 8 characters, letters and digits).
    Password(String),
    /// Where notifications go; empty clears.
    Contact {
        email: String,
        phone: String,
    },
    /// Enabled (`true`) or disabled.
    Active(bool),
    /// Lifts the login lock.
    Unlock,
    Role(RoleFields),
}

/// Makes one change to an account (the page's forms and the API's `POST /api/v1/users/{id}`).
pub(crate) async fn change_account(state: &AppState, s: &Session, id: UserId, change: AccountChange) -> AppResult<()> {
    require_admin_pages(s)?;
    let a = actor(s);
    match change {
        AccountChange::Password(p) => state.store.set_password(&a, id, NewPassword::parse(&p)?).await?,
        AccountChange::Contact { email, phone } => {
            let email = match email.trim() {
                "" => None,
                e => Some(renda_core::value::Email::parse(e)?),
            };
            let phone = match phone.trim() {
                "" => None,
                p => Some(renda_core::value::Phone::parse(p)?),
            };
            drop(state.store.set_contact(&a, id, email, phone).await?);
        }
        AccountChange::Active(on) => drop(state.store.set_active(&a, id, on).await?),
        AccountChange::Unlock => {
            state.store.unlock_login(&a, id).await?;
        }
        AccountChange::Role(fields) => {
            let role = fields.parse()?;
            drop(state.store.set_role(&a, id, role).await?);
        }
    }
    Ok(())
}
