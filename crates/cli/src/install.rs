//! Making a database a congress's own (issue 14): `renda init` (the platform's name, the top
//! congress and the first admin), `renda import orgs|users` (the organisation tree and the
//! accounts from sheets, each one transaction, with every bad cell named by row and column and
//! nothing imported), and `renda org list|add|rename|move|close` for single changes. The rules
//! are the core's (`renda_core::install`), the writes the store's (`renda_store::install`).

use crate::user::read_password;
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand};
use renda_core::ids::OrgId;
use renda_core::install::{
    ORG_COLUMNS, ORG_REQUIRED, OrgCode, SheetError, SheetRow, SiteName, USER_COLUMNS, level_sheet_label, parse_level,
    parse_unit_kind, parse_user_rows, type_sheet_label,
};
use renda_core::org::{OrgKind, UnitKind};
use renda_core::person::Term;
use renda_core::value::{Login, OrgName};
use renda_office::sheet::{read_sheet, write_sheets};
use renda_store::install::Installation;
use renda_store::orgs::NewOrganisation;
use renda_store::{Actor, Store};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `renda init`'s arguments.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The platform's name, e.g. 某县人大代表工作平台
    #[arg(long)]
    pub name: String,
    /// The top congress, e.g. 某县人民代表大会
    #[arg(long)]
    pub congress: String,
    /// Its level: 市, 县区 or 乡镇
    #[arg(long)]
    pub level: String,
    /// Its current term (届次), e.g. 18 or 十八
    #[arg(long)]
    pub term: String,
    /// The first admin's login name (the password is read from standard input, or asked twice)
    #[arg(long)]
    pub admin: String,
    /// The admin's name as pages show it
    #[arg(long, default_value = "系统管理员")]
    pub admin_name: String,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// List every organisation with its code (机构代码), kind and term
    List,
    /// Add one organisation
    Add {
        /// Its name
        name: String,
        /// 人大, 承办单位, 联络站 or 代表小组
        #[arg(long = "type")]
        kind: String,
        /// The congress above it, or the congress it belongs to: by code, exact name or id
        #[arg(long)]
        parent: Option<String>,
        /// Its stable code (机构代码), as in the organisation sheet
        #[arg(long)]
        code: Option<String>,
        /// For a congress: 市, 县区 or 乡镇
        #[arg(long)]
        level: Option<String>,
        /// For a congress: its current term
        #[arg(long)]
        term: Option<String>,
        /// For a unit: 政府部门, 法院, 检察院, 监察委员会 or 其他
        #[arg(long, default_value = "政府部门")]
        unit_kind: String,
    },
    /// Rename an organisation (by code, exact name or id)
    Rename { org: String, name: String },
    /// Move an organisation under another congress
    Move {
        org: String,
        #[arg(long)]
        parent: String,
    },
    /// Close (撤销) an organisation: it stays for the records, its accounts are disabled
    Close { org: String },
}

fn store_err(e: renda_store::StoreError) -> anyhow::Error {
    anyhow!(e.user_message())
}

/// `renda init`.
pub async fn init(store: &Store, args: InitArgs) -> Result<ExitCode> {
    let site_name = SiteName::parse(&args.name).map_err(|e| anyhow!("--name：{}", e.message))?;
    let congress = OrgName::parse(&args.congress).map_err(|e| anyhow!("--congress：{}", e.message))?;
    let level = parse_level(&args.level).map_err(|e| anyhow!("--level：{}", e.message))?;
    let term = Term::parse(&args.term).map_err(|e| anyhow!("--term：{}", e.message))?;
    let admin_login = Login::parse(&args.admin).map_err(|e| anyhow!("--admin：{}", e.message))?;
    // Refuse before asking for a password.
    if store.is_demo().await? {
        bail!("这是示范数据库（renda demo 生成），不能初始化为正式平台：请换用新的数据库地址");
    }
    let admin_password = read_password(false)?;
    let (org, _) = store
        .init_installation(
            &Actor::system(),
            Installation {
                site_name: site_name.clone(),
                congress: congress.clone(),
                level,
                term,
                admin_login: admin_login.clone(),
                admin_name: args.admin_name,
                admin_password,
            },
        )
        .await
        .map_err(store_err)?;
    println!("平台已初始化：{site_name}");
    println!("顶层人大：{congress}（{}，{}，编号{}）", level.label(), term.label(), org.0);
    println!("管理员：{admin_login}");
    println!(
        "下一步：renda import orgs --template 机构表.xlsx 生成机构表模板，填好后用 renda import orgs 机构表.xlsx 导入。"
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints a sheet's errors and the closing sentence.
fn report_errors(errors: &[SheetError]) -> ExitCode {
    for e in errors {
        println!("{e}");
    }
    println!("共 {} 处错误，未导入任何数据。请修改后重新导入。", errors.len());
    ExitCode::FAILURE
}

/// `renda import orgs --template OUT`.
pub fn write_template(out: &Path) -> Result<ExitCode> {
    write_org_template(out)?;
    println!("已生成机构表模板：{}（“机构”表为示例，请改为本地的机构后导入）", out.display());
    Ok(ExitCode::SUCCESS)
}

/// `renda import orgs FILE` or `--template OUT`.
pub async fn import_orgs(store: &Store, file: Option<&Path>, template: Option<&Path>) -> Result<ExitCode> {
    match (file, template) {
        (None, Some(out)) => return write_template(out),
        (Some(_), Some(_)) => bail!("请只给出要导入的文件，或只用 --template 生成模板"),
        (None, None) => bail!("请给出要导入的机构表文件（.xlsx 或 .csv），或用 --template 文件名.xlsx 生成模板"),
        (Some(_), None) => {}
    }
    let file = file.unwrap_or(Path::new(""));
    let known: Vec<&'static str> = ORG_COLUMNS.iter().copied().filter(|c| !ORG_REQUIRED.contains(c)).collect();
    let rows = read_sheet(file, &ORG_REQUIRED, &known).map_err(|e| anyhow!("{e}"))?;
    if rows.is_empty() {
        bail!("机构表中没有数据行");
    }
    match store.import_orgs(&Actor::system(), &rows).await.map_err(store_err)? {
        Err(errors) => Ok(report_errors(&errors)),
        Ok(s) if s.created == 0 && s.updated == 0 => {
            println!("机构表与数据库一致，未做任何修改（共 {} 个机构）。", s.unchanged);
            Ok(ExitCode::SUCCESS)
        }
        Ok(s) => {
            println!("已导入机构表：新增 {} 个，更新 {} 个，未变 {} 个。", s.created, s.updated, s.unchanged);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The template: the sheet with its Chinese headers and example rows of a county, and a sheet
/// explaining each column.
fn write_org_template(out: &Path) -> Result<()> {
    let header: Vec<String> = ORG_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    let row = |cells: [&str; 8]| cells.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    let examples = vec![
        row(["X", "人大", "某县人民代表大会", "", "县区", "18", "", ""]),
        row(["X-T01", "人大", "甲镇人民代表大会", "X", "乡镇", "18", "", ""]),
        row(["X-T02", "人大", "乙乡人民代表大会", "X", "乡镇", "18", "", ""]),
        row(["X-U01", "承办单位", "某县人民政府办公室", "X", "", "", "政府部门", ""]),
        row(["X-U02", "承办单位", "某县教育局", "X", "", "", "政府部门", ""]),
        row(["X-U03", "承办单位", "某县人民法院", "X", "", "", "法院", ""]),
        row(["X-U04", "承办单位", "某县人民检察院", "X", "", "", "检察院", ""]),
        row(["X-U05", "承办单位", "某县监察委员会", "X", "", "", "监察委员会", ""]),
        row(["X-S01", "联络站", "甲镇人大代表联络站", "X-T01", "", "", "", "甲镇人民路1号"]),
        row(["X-G01", "代表小组", "甲镇第一代表小组", "X-T01", "", "", "", ""]),
    ];
    let kinds: Vec<&str> = UnitKind::ALL.iter().map(|k| renda_core::install::unit_kind_sheet_label(*k)).collect();
    let help = vec![
        vec!["机构代码".into(), "必填。每个机构一个、长期不变的代码（英文字母、数字或 - _ .），再次导入时按代码对应：名称或上级改了就更新，新代码就新增，表中没有的机构不会删除。".into()],
        vec!["类型".into(), "必填：人大、承办单位、联络站 或 代表小组。".into()],
        vec!["名称".into(), "必填。同一上级下名称不能重复。".into()],
        vec!["上级代码".into(), "人大填上一级人大的代码（顶层人大留空）；承办单位、联络站、代表小组填所属人大的代码。".into()],
        vec!["层级".into(), "人大必填：市、县区 或 乡镇。乡镇人大的上级须是县区人大。".into()],
        vec!["届次".into(), "人大选填：本届届次，如 18 或 十八。".into()],
        vec!["单位类别".into(), format!("承办单位必填：{}。", kinds.join("、"))],
        vec!["地址".into(), "联络站选填：接待地址。".into()],
    ];
    let sheets = [
        renda_office::table::Table { title: "机构".into(), headers: header, rows: examples },
        renda_office::table::Table {
            title: "填写说明".into(), headers: vec!["列".into(), "说明".into()], rows: help
        },
    ];
    write_sheets(out, &sheets).map_err(|e| anyhow!("{e}"))
}

/// `renda import users FILE --out passwords.csv`.
pub async fn import_users(store: &Store, file: &Path, out: &Path) -> Result<ExitCode> {
    let required = ["登录名", "姓名", "角色"];
    let known: Vec<&'static str> = USER_COLUMNS.iter().copied().filter(|c| !required.contains(c)).collect();
    let rows: Vec<SheetRow> = read_sheet(file, &required, &known).map_err(|e| anyhow!("{e}"))?;
    if rows.is_empty() {
        bail!("账号表中没有数据行");
    }
    let (lines, errors) = parse_user_rows(&rows);
    if !errors.is_empty() {
        return Ok(report_errors(&errors));
    }
    // The passwords' file is made first (only its owner may read it), so that passwords are
    // never issued with nowhere to write them.
    let mut file_out = create_private(out)?;
    let summary = match store.import_users(&Actor::system(), &lines).await.map_err(store_err)? {
        Ok(s) => s,
        Err(errors) => {
            drop(file_out);
            let _ = std::fs::remove_file(out);
            return Ok(report_errors(&errors));
        }
    };
    let table = renda_office::table::Table {
        title: "初始密码".into(),
        headers: ["行号", "登录名", "姓名", "角色", "初始密码"].map(String::from).to_vec(),
        rows: summary
            .created
            .iter()
            .map(|c| {
                vec![c.row.to_string(), c.login.clone(), c.name.clone(), c.role.label().to_owned(), c.password.clone()]
            })
            .collect(),
    };
    file_out.write_all(&renda_office::table::to_csv(&table)).with_context(|| {
        format!("账号已创建，但无法写入初始密码文件 {}：请用 renda user passwd 重设这些账号的密码", out.display())
    })?;
    for login in &summary.skipped {
        println!("提示：登录名“{login}”已存在，未做修改");
    }
    if summary.created.is_empty() {
        drop(file_out);
        let _ = std::fs::remove_file(out);
        println!("没有新的账号，未做任何修改。");
    } else {
        println!(
            "已创建 {} 个账号，初始密码已写入 {}（仅本用户可读）。首次登录时须修改密码；请将密码逐一交给本人后删除该文件。",
            summary.created.len(),
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A new file only its owner may read; an existing one is not overwritten.
fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            anyhow!("文件 {} 已存在：为免覆盖其中的密码，请换一个文件名", path.display())
        }
        _ => anyhow!("无法创建初始密码文件 {}：{e}", path.display()),
    })
}

/// An organisation by id, code or exact name.
pub async fn find_org(store: &Store, key: &str) -> Result<OrgId> {
    let key = key.trim();
    if let Ok(code) = OrgCode::parse(key)
        && let Some(id) = store.org_by_code(&code).await?
    {
        return Ok(id);
    }
    crate::user::find_org(store, key).await.map_err(|_| anyhow!("没有机构代码、名称或编号为“{key}”的机构"))
}

/// `renda org …`.
pub async fn org(store: &Store, command: OrgCommand) -> Result<ExitCode> {
    let system = Actor::system();
    match command {
        OrgCommand::List => {
            let list = store.org_listing().await?;
            if list.is_empty() {
                println!("还没有机构：请先运行 renda init。");
            }
            for o in list {
                let kind = match o.kind {
                    OrgKind::Congress(l) => format!("人大·{}", level_sheet_label(l)),
                    OrgKind::Unit(u) => format!("承办单位·{}", renda_core::install::unit_kind_sheet_label(u)),
                    k => type_sheet_label(k).to_owned(),
                };
                println!(
                    "{:<5} {:<10} {}{} （{kind}{}）{}",
                    o.id.0,
                    o.code.unwrap_or_else(|| "-".into()),
                    "  ".repeat(o.depth),
                    o.name,
                    o.term.map(|t| format!("，{}", Term(t).label())).unwrap_or_default(),
                    if o.closed { " 已撤销" } else { "" }
                );
            }
        }
        OrgCommand::Add { name, kind, parent, code, level, term, unit_kind } => {
            let name = OrgName::parse(&name).map_err(|e| anyhow!(e.message))?;
            let kind = match kind.trim() {
                "人大" => OrgKind::Congress(
                    parse_level(level.as_deref().ok_or_else(|| anyhow!("人大须用 --level 指定层级：市、县区或乡镇"))?)
                        .map_err(|e| anyhow!(e.message))?,
                ),
                "承办单位" => OrgKind::Unit(parse_unit_kind(&unit_kind).map_err(|e| anyhow!(e.message))?),
                "联络站" | "代表联络站" => OrgKind::LiaisonStation,
                "代表小组" => OrgKind::DeputyGroup,
                other => bail!("类型“{other}”无效：应为 人大、承办单位、联络站 或 代表小组"),
            };
            let term = term.map(|t| Term::parse(&t).map_err(|e| anyhow!(e.message))).transpose()?;
            if term.is_some() && !kind.is_congress() {
                bail!("只有人大有届次");
            }
            let code = code.map(|c| OrgCode::parse(&c).map_err(|e| anyhow!(e.message))).transpose()?;
            if let Some(c) = &code
                && store.org_by_code(c).await?.is_some()
            {
                bail!("机构代码“{c}”已被其他机构使用");
            }
            let parent = match parent {
                Some(p) => Some(find_org(store, &p).await?),
                None => None,
            };
            // One transaction: the organisation with its code and term.
            let org = store
                .create_org_with(&system, NewOrganisation { name, kind, parent }, code.as_ref(), term)
                .await
                .map_err(store_err)?;
            println!("已添加{}“{}”（编号{}）", org.kind.label(), org.name, org.id.0);
        }
        OrgCommand::Rename { org, name } => {
            let id = find_org(store, &org).await?;
            let name = OrgName::parse(&name).map_err(|e| anyhow!(e.message))?;
            let before = store.org(id).await.map_err(store_err)?;
            let after = store.rename_org(&system, id, name).await.map_err(store_err)?;
            println!("已将“{}”改名为“{}”", before.name, after.name);
        }
        OrgCommand::Move { org, parent } => {
            let id = find_org(store, &org).await?;
            let parent = find_org(store, &parent).await?;
            store.move_org(&system, id, parent).await.map_err(store_err)?;
            let (o, p) = (store.org(id).await.map_err(store_err)?, store.org(parent).await.map_err(store_err)?);
            println!("已将“{}”移到“{}”之下", o.name, p.name);
        }
        OrgCommand::Close { org } => {
            let id = find_org(store, &org).await?;
            let o = store.org(id).await.map_err(store_err)?;
            let disabled = store.close_org(&system, id).await.map_err(store_err)?;
            println!(
                "已撤销“{}”{}",
                o.name,
                if disabled > 0 { format!("，停用其账号 {disabled} 个") } else { String::new() }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use renda_core::install::parse_org_rows;

    #[test]
    fn the_template_reads_back_as_a_valid_sheet() {
        let dir = tempfile::tempdir().expect("succeeds");
        let out = dir.path().join("t.xlsx");
        write_org_template(&out).expect("succeeds");
        let known: Vec<&'static str> = ORG_COLUMNS.iter().copied().filter(|c| !ORG_REQUIRED.contains(c)).collect();
        let rows = read_sheet(&out, &ORG_REQUIRED, &known).expect("succeeds");
        let (lines, errors) = parse_org_rows(&rows);
        assert!(errors.is_empty(), "{errors:?}");
        let plan = renda_core::install::plan_orgs(&lines, &[]).expect("succeeds");
        assert_eq!(plan.creates.len(), 10);
    }
}
