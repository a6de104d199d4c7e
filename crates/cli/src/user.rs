//! `renda user add|passwd|list`: accounts from the command line, acting as the system (the
//! operator at the server's console is trusted like the admin; every change is still audited).

use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;
use renda_core::ids::{OrgId, PersonId};
use renda_core::policy::{Role, RoleKind};
use renda_core::value::{Login, NewPassword};
use renda_store::users::NewUser;
use renda_store::{Actor, Store};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account
    Add {
        /// Login name (letters, digits, . _ -)
        login: String,
        /// Name shown in the pages
        #[arg(long)]
        name: String,
        /// admin, staff, deputy, unit or public
        #[arg(long)]
        role: String,
        /// For staff and unit users: the congress or unit, by exact name or id
        #[arg(long)]
        org: Option<String>,
        /// For deputies: the person's id (shown in the roster's address)
        #[arg(long)]
        person: Option<i64>,
        /// Read the password from standard input instead of asking
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set an account's password
    Passwd {
        login: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts
    List,
}

/// Reads a password: one line from stdin when asked to (or when stdin is not a terminal),
/// otherwise twice from the terminal without echo.
pub(crate) fn read_password(from_stdin: bool) -> Result<NewPassword> {
    let raw = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("无法读取密码")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let a = rpassword::prompt_password("密码：").context("无法读取密码")?;
        let b = rpassword::prompt_password("再次输入密码：").context("无法读取密码")?;
        if a != b {
            bail!("两次输入的密码不一致");
        }
        a
    };
    NewPassword::parse(&raw).map_err(|e| anyhow!(e.message))
}

/// Finds an organisation by id or exact name.
pub async fn find_org(store: &Store, key: &str) -> Result<OrgId> {
    if let Ok(id) = key.trim().parse::<i64>() {
        return Ok(store.org(OrgId(id)).await.map_err(|e| anyhow!(e.user_message()))?.id);
    }
    store.org_by_name(key).await?.map(|o| o.id).ok_or_else(|| anyhow!("没有名为“{key}”的机构"))
}

pub async fn run(store: &Store, command: UserCommand) -> Result<ExitCode> {
    let system = Actor::system();
    match command {
        UserCommand::Add { login, name, role, org, person, password_stdin } => {
            let kind = RoleKind::from_code(&role)
                .ok_or_else(|| anyhow!("角色“{role}”无效：应为 admin、staff、deputy、unit 或 public"))?;
            let org = match org {
                Some(o) => Some(find_org(store, &o).await?),
                None => None,
            };
            let need_org = || anyhow!("该角色须用 --org 指定所属人大或承办单位");
            let role = match kind {
                RoleKind::Admin => Role::Admin,
                RoleKind::Public => Role::Public,
                RoleKind::Staff => Role::Staff { congress: org.ok_or_else(need_org)? },
                RoleKind::Unit => Role::Unit { unit: org.ok_or_else(need_org)? },
                RoleKind::Deputy => Role::Deputy {
                    person: PersonId(person.ok_or_else(|| anyhow!("代表账号须用 --person 指定代表编号"))?),
                },
            };
            let login = Login::parse(&login).map_err(|e| anyhow!(e.message))?;
            let password = read_password(password_stdin)?;
            let user = store
                .create_user(&system, NewUser { login, display_name: name, password, role })
                .await
                .map_err(|e| anyhow!(e.user_message()))?;
            println!("已创建用户 {}（{}）", user.login, user.role.label());
        }
        UserCommand::Passwd { login, password_stdin } => {
            let user = store.user_by_login(&login).await?.ok_or_else(|| anyhow!("没有登录名为“{login}”的用户"))?;
            let password = read_password(password_stdin)?;
            store.set_password(&system, user.id, password).await.map_err(|e| anyhow!(e.user_message()))?;
            println!("已修改 {} 的密码", user.login);
        }
        UserCommand::List => {
            for u in store.list_users(&Actor::system()).await? {
                let state = if u.active { "" } else { "（已停用）" };
                println!(
                    "{:<16} {:<10} {:<8} {}{state}",
                    u.login,
                    u.display_name,
                    u.role.label(),
                    u.scope_name.unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
