//! Accounts, passwords, sessions and login throttling.
//!
//! Passwords are kept only as argon2id PHC strings. A session is a random 256-bit token in an
//! HttpOnly cookie; the database keeps only its SHA-256, with the session's CSRF token and
//! expiry, so every `renda serve` process behind a load balancer sees the same sessions.
//! Sessions and login attempts are security records, not domain state: they are not on the
//! audit chain. Creating accounts and changing passwords or roles are, and are audited; so is
//! unlocking an account, which clears its failed attempts. Whether an attempt is refused is
//! decided by [`renda_core::throttle`] from the failures this module reads.

use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngCore;
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::policy::{Action, Resource, Role, RoleKind, Target, decide, may_grant};
use renda_core::throttle::{self, AccountState, Decision, Failure, Refusal};
use renda_core::user::{self, AccountChange};
use renda_core::value::{Login, NewPassword};
use renda_core::{ErrorCode, ValidationError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

/// How long a session lasts from login.
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// An account as the web tier sees it.
#[derive(Clone, Debug, Serialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// The name of the role's organisation or person, for display.
    pub scope_name: Option<String>,
    /// Where notifications are delivered, when delivery is configured.
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A new account.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub login: Login,
    pub display_name: String,
    pub password: NewPassword,
    pub role: Role,
}

/// Why a login failed. Each is a different code but the same sentence for the first two, so
/// that the answer does not tell which logins exist.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("用户名或密码错误。")]
    BadCredentials,
    /// Refused before the password was checked; the sentence says how long to wait.
    #[error("{0}")]
    Throttled(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LoginError {
    pub fn code(&self) -> ErrorCode {
        match self {
            LoginError::BadCredentials => ErrorCode::BadCredentials,
            LoginError::Throttled(_) => ErrorCode::TooManyAttempts,
            LoginError::Store(e) => e.code(),
        }
    }
}

/// A live session: who, and the CSRF token its forms must carry.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_unix: i64,
    /// Unread notifications, for the badge in every page's header.
    pub unread: i64,
    /// Holds the `major_matters` grant (the register of requests to the party committee).
    pub major_matters: bool,
    /// The account was given a one-time password (`renda import users`): it must set its own
    /// before anything else.
    pub must_change_password: bool,
}

fn role_columns(role: Role) -> (&'static str, Option<i64>, Option<i64>) {
    match role {
        Role::Admin => ("admin", None, None),
        Role::Staff { congress } => ("staff", Some(congress.0), None),
        Role::Deputy { person } => ("deputy", None, Some(person.0)),
        Role::Unit { unit } => ("unit", Some(unit.0), None),
        Role::Public => ("public", None, None),
    }
}

fn role_from_columns(code: &str, scope: Option<i64>, person: Option<i64>) -> Result<Role> {
    let bad = || StoreError::Internal(format!("inconsistent role {code} scope {scope:?} person {person:?}"));
    Ok(match (RoleKind::from_code(code).ok_or_else(bad)?, scope, person) {
        (RoleKind::Admin, _, _) => Role::Admin,
        (RoleKind::Staff, Some(c), _) => Role::Staff { congress: OrgId(c) },
        (RoleKind::Deputy, _, Some(p)) => Role::Deputy { person: PersonId(p) },
        (RoleKind::Unit, Some(u), _) => Role::Unit { unit: OrgId(u) },
        (RoleKind::Public, _, _) => Role::Public,
        _ => return Err(bad()),
    })
}

/// The columns [`user_from_row`] reads, and the joins they need (after `FROM users u`).
macro_rules! user_columns {
    () => {
        "u.id, u.login, u.display_name, u.role, u.scope_org_id, u.person_id, u.active,
    COALESCE(o.name, p.name) AS scope_name, u.email, u.phone"
    };
}
macro_rules! user_joins {
    () => {
        "LEFT JOIN organisations o ON o.id = u.scope_org_id LEFT JOIN persons p ON p.id = u.person_id"
    };
}
const USER_SELECT: &str = concat!("SELECT ", user_columns!(), " FROM users u ", user_joins!());

fn user_from_row(r: &AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: UserId(r.try_get("id")?),
        login: r.try_get("login")?,
        display_name: r.try_get("display_name")?,
        role: role_from_columns(&role, r.try_get("scope_org_id")?, r.try_get("person_id")?)?,
        active: r.try_get::<i64, _>("active")? != 0,
        scope_name: r.try_get("scope_name")?,
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
    })
}

/// Hashes a password with argon2id and a random salt. Costs ~20 ms of CPU in release builds and
/// 19 MiB of memory, so callers on the async runtime run it on the store's bounded hashing pool.
pub fn hash_password(password: &NewPassword) -> Result<String> {
    Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal(format!("argon2: {e}")))
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// 256 random bits from the OS generator, in hex: session tokens and CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A PHC string for a password nobody has, verified against when the login does not exist so
/// that a wrong login costs as much time as a wrong password.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

impl Store {
    /// The congress path of a role's scope, for the policy: the staff's congress, the unit's
    /// congress, or the congress of the deputy's latest seat.
    pub async fn role_congress_path(&self, role: Role) -> Result<Vec<OrgId>> {
        match role {
            Role::Admin | Role::Public => Ok(Vec::new()),
            Role::Staff { congress } => {
                user::check_staff_scope(self.org(congress).await?.kind.is_congress())?;
                self.congress_path(congress).await
            }
            Role::Unit { unit } => {
                user::check_unit_scope(self.org(unit).await?.kind.is_congress())?;
                self.congress_path(unit).await
            }
            Role::Deputy { person } => {
                let ships = self.deputyships_of(person).await?;
                let ship = user::deputy_seat(ships.first())?;
                self.congress_path(ship.congress).await
            }
        }
    }

    /// Creates an account. The actor must be allowed to create users there and to grant the role.
    pub async fn create_user(&self, actor: &Actor, new: NewUser) -> Result<User> {
        let path = self.role_congress_path(new.role).await?;
        decide(actor.role, Action::Create, Resource::User, &Target { congress_path: &path, ..Target::default() })?;
        may_grant(actor.role, new.role, &path)?;
        let display = user::display_name(&new.display_name)?;
        let password = new.password.clone();
        let hash = self.hashing.run(move || hash_password(&password)).await??;
        let (role, scope, person) = role_columns(new.role);
        let mut w = self.begin_write(Chain::for_congress(path.first().copied()), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (login, display_name, password_hash, role, scope_org_id, person_id, active, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
        )
        .bind(new.login.as_str())
        .bind(display.as_str())
        .bind(&hash)
        .bind(role)
        .bind(scope)
        .bind(person)
        .bind(self.now_text())
        .fetch_one(w.conn())
        .await
        .map_err(|e| {
            if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
                StoreError::Invalid(ValidationError::new("login", format!("登录名“{}”已被使用", new.login)))
            } else {
                StoreError::Db(e)
            }
        })?;
        let audit_view =
            serde_json::json!({ "login": new.login.as_str(), "display_name": display.as_str(), "role": new.role });
        w.record("user.create", "user", id, None::<&()>, Some(&audit_view)).await?;
        w.commit().await?;
        self.user_unchecked(UserId(id)).await
    }

    /// One account, for whom the policy lets view it (the admin; staff of the congress its role
    /// sits in, or of one above); for anyone else it does not exist.
    pub async fn user(&self, actor: &Actor, id: UserId) -> Result<User> {
        let user = self.user_unchecked(id).await?;
        let path = self.role_congress_path(user.role).await?;
        decide(actor.role, Action::View, Resource::User, &Target { congress_path: &path, ..Target::default() })
            .map_err(|_| StoreError::NotFound("该用户"))?;
        Ok(user)
    }

    /// One account, unchecked: the store's own paths (logins, sessions, writes that check the
    /// policy next).
    pub(crate) async fn user_unchecked(&self, id: UserId) -> Result<User> {
        let row = sqlx::query(AssertSqlSafe(format!("{USER_SELECT} WHERE u.id = $1")))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该用户"))?;
        user_from_row(&row)
    }

    pub async fn user_by_login(&self, login: &str) -> Result<Option<User>> {
        let row = sqlx::query(AssertSqlSafe(format!("{USER_SELECT} WHERE u.login = $1")))
            .bind(login.trim().to_ascii_lowercase())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The accounts `actor` may list: every account for the admin; for staff those whose role
    /// sits in a congress they may list ([`Store::listable_congresses`]: staff and units of those
    /// congresses, deputies with a seat there); none for the others.
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<User>> {
        let scope = match actor.role {
            Role::Admin => None,
            _ => Some(self.listable_congresses(actor).await?),
        };
        let sql = match scope.as_deref() {
            None => format!("{USER_SELECT} ORDER BY u.id"),
            Some([]) => return Ok(Vec::new()),
            Some(cs) => {
                let list = cs.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
                format!(
                    "{USER_SELECT} WHERE o.congress_id IN ({list})
                     OR u.person_id IN (SELECT person_id FROM deputyships WHERE congress_id IN ({list}))
                     ORDER BY u.id"
                )
            }
        };
        let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(self.pool()).await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Checks that `actor` may edit `target_user`, returning the target's congress path.
    async fn check_user_edit(&self, actor: &Actor, target_user: &User) -> Result<Vec<OrgId>> {
        let path = self.role_congress_path(target_user.role).await?;
        let own = actor.user == Some(target_user.id);
        if !own {
            decide(actor.role, Action::Edit, Resource::User, &Target { congress_path: &path, ..Target::default() })?;
            // Staff may not touch an account whose role they could not have granted.
            may_grant(actor.role, target_user.role, &path)?;
        }
        Ok(path)
    }

    /// Sets a new password: one's own, or an account the actor may edit.
    pub async fn set_password(&self, actor: &Actor, id: UserId, password: NewPassword) -> Result<()> {
        let user = self.user_unchecked(id).await?;
        let path = self.check_user_edit(actor, &user).await?;
        let hash = self.hashing.run(move || hash_password(&password)).await??;
        let mut w = self.begin_write(Chain::for_congress(path.first().copied()), actor.user).await?;
        // A new password ends a one-time password's forced change.
        sqlx::query("UPDATE users SET password_hash = $2, must_change_password = 0 WHERE id = $1")
            .bind(id.0)
            .bind(&hash)
            .execute(w.conn())
            .await?;
        // Every other session of the account ends with the old password.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(w.conn()).await?;
        w.record("user.password", "user", id, None::<&()>, None::<&()>).await?;
        w.commit().await
    }

    /// Changes an account's role. Both the old and the new role must be within the actor's grant.
    pub async fn set_role(&self, actor: &Actor, id: UserId, role: Role) -> Result<User> {
        let user = self.user_unchecked(id).await?;
        user::check_not_own(actor.user, id, AccountChange::Role)?;
        self.check_user_edit(actor, &user).await?;
        let new_path = self.role_congress_path(role).await?;
        may_grant(actor.role, role, &new_path)?;
        let (code, scope, person) = role_columns(role);
        let mut w = self.begin_write(Chain::for_congress(new_path.first().copied()), actor.user).await?;
        sqlx::query("UPDATE users SET role = $2, scope_org_id = $3, person_id = $4 WHERE id = $1")
            .bind(id.0)
            .bind(code)
            .bind(scope)
            .bind(person)
            .execute(w.conn())
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(w.conn()).await?;
        w.record("user.role", "user", id, Some(&user.role), Some(&role)).await?;
        w.commit().await?;
        self.user_unchecked(id).await
    }

    /// Sets where an account's notifications are delivered (e-mail, mobile for SMS): one's own,
    /// or an account the actor may edit.
    pub async fn set_contact(
        &self,
        actor: &Actor,
        id: UserId,
        email: Option<renda_core::value::Email>,
        phone: Option<renda_core::value::Phone>,
    ) -> Result<User> {
        let user = self.user_unchecked(id).await?;
        let path = self.check_user_edit(actor, &user).await?;
        let mut w = self.begin_write(Chain::for_congress(path.first().copied()), actor.user).await?;
        sqlx::query("UPDATE users SET email = $2, phone = $3 WHERE id = $1")
            .bind(id.0)
            .bind(email.as_ref().map(|e| e.as_str().to_owned()))
            .bind(phone.as_ref().map(|p| p.as_str().to_owned()))
            .execute(w.conn())
            .await?;
        let before = serde_json::json!({ "email": user.email, "phone": user.phone });
        let after = serde_json::json!({ "email": email, "phone": phone });
        w.record("user.contact", "user", id, Some(&before), Some(&after)).await?;
        w.commit().await?;
        self.user_unchecked(id).await
    }

    /// Enables or disables an account. A disabled account cannot log in and loses its sessions.
    pub async fn set_active(&self, actor: &Actor, id: UserId, active: bool) -> Result<User> {
        let user = self.user_unchecked(id).await?;
        user::check_not_own(actor.user, id, AccountChange::Deactivate)?;
        let path = self.check_user_edit(actor, &user).await?;
        let mut w = self.begin_write(Chain::for_congress(path.first().copied()), actor.user).await?;
        sqlx::query("UPDATE users SET active = $2 WHERE id = $1")
            .bind(id.0)
            .bind(i64::from(active))
            .execute(w.conn())
            .await?;
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(w.conn()).await?;
        }
        w.record("user.active", "user", id, Some(&user.active), Some(&active)).await?;
        w.commit().await?;
        self.user_unchecked(id).await
    }

    /// Checks a login and password from `address`, counting failures. The recent failures on
    /// the account and from the address decide first ([`throttle::decide`]): a refused attempt —
    /// even with the right password — is not checked and not counted, and says how long to wait.
    pub async fn verify_login(&self, login: &str, password: &str, address: &str) -> Result<User, LoginError> {
        self.verify_login_at(login, password, address, self.now_unix()).await
    }

    /// [`Store::verify_login`] at the Unix time `now`: decided and recorded as if it were then.
    pub async fn verify_login_at(
        &self,
        login: &str,
        password: &str,
        address: &str,
        now: i64,
    ) -> Result<User, LoginError> {
        let login = login.trim().to_ascii_lowercase();
        if let Decision::Refuse(refusal) = throttle::decide(&self.recent_failures(&login, address, now).await?, now) {
            return Err(LoginError::Throttled(refusal));
        }
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT password_hash, id FROM users WHERE login = $1 AND active = 1")
                .bind(&login)
                .fetch_optional(self.pool())
                .await
                .map_err(StoreError::from)?;
        let (phc, id) = match row {
            Some((phc, id)) => (phc, Some(id)),
            None => (
                DUMMY_HASH
                    .get_or_init(|| {
                        NewPassword::parse("no-such-account-0")
                            .ok()
                            .and_then(|p| hash_password(&p).ok())
                            .unwrap_or_default()
                    })
                    .clone(),
                None,
            ),
        };
        let pw = password.to_owned();
        let ok = self.hashing.run(move || verify_password(&pw, &phc)).await.map_err(StoreError::from)? && id.is_some();
        sqlx::query("INSERT INTO login_attempts (login, address, at_unix, ok) VALUES ($1, $2, $3, $4)")
            .bind(&login)
            .bind(address)
            .bind(now)
            .bind(i64::from(ok))
            .execute(self.writer())
            .await
            .map_err(StoreError::from)?;
        match (ok, id) {
            (true, Some(id)) => Ok(self.user_unchecked(UserId(id)).await?),
            _ => Err(LoginError::BadCredentials),
        }
    }

    /// The failures within the throttle's window on `login` (from anywhere) and from `address`
    /// (on any account): one query, each half on its own index (`login_attempts_login`,
    /// `login_attempts_address`). A refused attempt adds no row, so each half stays below its
    /// lock's count (20 and 50) but for attempts racing each other.
    async fn recent_failures(&self, login: &str, address: &str, now: i64) -> Result<Vec<Failure>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at_unix, login, address FROM login_attempts WHERE login = $1 AND ok = 0 AND at_unix > $3
             UNION ALL
             SELECT at_unix, login, address FROM login_attempts
             WHERE address = $2 AND login <> $1 AND ok = 0 AND at_unix > $3",
        )
        .bind(login)
        .bind(address)
        .bind(now - throttle::WINDOW_SECONDS)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at_unix, l, a)| Failure { at_unix, same_account: l == login, same_address: a == address })
            .collect())
    }

    /// How an account stands towards the throttle now: its recent failures and the longest
    /// refusal it meets from some address. For those who may see the account.
    pub async fn login_state(&self, actor: &Actor, id: UserId) -> Result<AccountState> {
        self.login_state_at(actor, id, self.now_unix()).await
    }

    /// [`Store::login_state`] at the Unix time `now`.
    pub async fn login_state_at(&self, actor: &Actor, id: UserId, now: i64) -> Result<AccountState> {
        let user = self.user_unchecked(id).await?;
        if actor.user != Some(id) {
            let path = self.role_congress_path(user.role).await?;
            decide(actor.role, Action::View, Resource::User, &Target { congress_path: &path, ..Target::default() })?;
        }
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT at_unix, address FROM login_attempts WHERE login = $1 AND ok = 0 AND at_unix > $2")
                .bind(&user.login)
                .bind(now - throttle::WINDOW_SECONDS)
                .fetch_all(self.pool())
                .await?;
        let failures: Vec<(i64, &str)> = rows.iter().map(|(at, a)| (*at, a.as_str())).collect();
        Ok(throttle::account_state(&failures, now))
    }

    /// Lifts an account's login locks and delay by clearing its failed attempts (from every
    /// address), for those who may edit the account. An address locked for password spraying
    /// stays locked: that is the address's, not the account's. Returns how many were cleared.
    pub async fn unlock_login(&self, actor: &Actor, id: UserId) -> Result<u64> {
        let user = self.user_unchecked(id).await?;
        let path = self.check_user_edit(actor, &user).await?;
        let mut w = self.begin_write(Chain::for_congress(path.first().copied()), actor.user).await?;
        let cleared = sqlx::query("DELETE FROM login_attempts WHERE login = $1 AND ok = 0")
            .bind(&user.login)
            .execute(w.conn())
            .await?
            .rows_affected();
        let before = serde_json::json!({ "failures": cleared });
        let after = serde_json::json!({ "failures": 0 });
        w.record("user.unlock", "user", id, Some(&before), Some(&after)).await?;
        w.commit().await?;
        Ok(cleared)
    }

    /// Opens a session for `user`; returns the cookie token (the database keeps only its hash).
    pub async fn create_session(&self, user: UserId) -> Result<String> {
        let token = random_token();
        let now = self.now_unix();
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_unix, expires_unix) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash(&token))
            .bind(user.0)
            .bind(random_token())
            .bind(now)
            .bind(now + SESSION_SECONDS)
            .execute(self.writer())
            .await?;
        // Housekeeping: expired sessions and old attempts go whenever someone logs in.
        sqlx::query("DELETE FROM sessions WHERE expires_unix < $1").bind(now).execute(self.writer()).await?;
        sqlx::query("DELETE FROM login_attempts WHERE at_unix < $1")
            .bind(now - 7 * 86_400)
            .execute(self.writer())
            .await?;
        Ok(token)
    }

    /// The live session behind a cookie token, if any (and if its account is still active).
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        // One query for the session and its user: it runs on every logged-in request.
        let row = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            ", s.csrf_token, s.expires_unix, u.must_change_password,
                (SELECT COUNT(*) FROM notifications n WHERE n.user_id = s.user_id AND n.read_at IS NULL) AS unread,
                (SELECT COUNT(*) FROM staff_grants g WHERE g.user_id = s.user_id AND g.grant_code = 'major_matters') AS major_grant
             FROM sessions s JOIN users u ON u.id = s.user_id ",
            user_joins!(),
            " WHERE s.token_hash = $1 AND s.expires_unix > $2 AND u.active = 1"
        ))
        .bind(token_hash(token))
        .bind(self.now_unix())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Session {
            user: user_from_row(&row)?,
            csrf_token: row.try_get("csrf_token")?,
            expires_unix: row.try_get("expires_unix")?,
            unread: row.try_get("unread")?,
            major_matters: row.try_get::<i64, _>("major_grant")? > 0,
            must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
        }))
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await?)
    }
}
