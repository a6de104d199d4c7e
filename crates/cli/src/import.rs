//! `renda import roster FILE`: a deputy roster from .csv or .xlsx into one congress; and
//! `renda import page|jsonl|laws`: documents for the portal's library (see [`documents`]).
//!
//! The roster file is read and checked whole first. Any bad row is reported with its row number and
//! column, and nothing is imported — unless `--skip-invalid`, which imports the good rows and
//! still lists the bad ones. The import itself is one transaction: all rows or none. Rows
//! already present (same name, delegation, congress and term) are skipped, so running the
//! same import twice is harmless.

pub mod documents;

use crate::user::find_org;
use anyhow::{Result, anyhow};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use renda_core::ids::OrgId;
use renda_core::person::Term;
use renda_core::value::parse_date;
use renda_office::roster::{RosterRow, read_roster};
use renda_store::people::{NewDeputyship, NewPerson};
use renda_store::{Actor, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a deputy roster (.csv or .xlsx; the columns of the national roster are accepted)
    Roster {
        file: PathBuf,
        /// The congress, by exact name or id (default: the top congress of this installation)
        #[arg(long)]
        congress: Option<String>,
        /// The term (届), e.g. 14 or 十四 (default: the congress's current term, else 1)
        #[arg(long)]
        term: Option<String>,
        /// The first day of the deputyships (default: today)
        #[arg(long)]
        start: Option<String>,
        /// Import the valid rows even if some rows are invalid
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import the organisation tree from a sheet (.xlsx or .csv; columns 机构代码, 类型, 名称,
    /// 上级代码, 层级, 届次, 单位类别, 地址), or write its template with --template
    Orgs {
        file: Option<PathBuf>,
        /// Write the template (Chinese headers, example rows, a sheet explaining each column)
        #[arg(long)]
        template: Option<PathBuf>,
    },
    /// Create accounts in bulk from a sheet (登录名, 姓名, 角色, 机构代码 or 机构名称, 代表团);
    /// one-time passwords go to --out, changed at first login
    Users {
        file: PathBuf,
        /// Where to write the one-time passwords (a new file, readable only by you)
        #[arg(long)]
        out: PathBuf,
    },
    /// Import one saved article page (title line `yyyymmdd:标题`, publication time and views, the text)
    Page {
        file: PathBuf,
        #[command(flatten)]
        target: documents::DocTarget,
        /// The document kind, overriding the one the page suggests: news, notice, speech, report, decision, law, model
        #[arg(long)]
        kind: Option<String>,
        /// List every line left out of the document, with the reason
        #[arg(short, long)]
        verbose: bool,
    },
    /// Import government work reports, one JSON object per line ({"title", "url", "content", "year"})
    Jsonl {
        file: PathBuf,
        #[command(flatten)]
        target: documents::DocTarget,
    },
    /// Import every Markdown law below a directory (`# 标题`, adoption notes, `<!-- INFO END -->`, the articles)
    Laws {
        dir: PathBuf,
        #[command(flatten)]
        target: documents::DocTarget,
        /// List every skipped file, with the reason
        #[arg(short, long)]
        verbose: bool,
    },
}

pub async fn run(store: &Store, command: ImportCommand) -> Result<ExitCode> {
    match command {
        ImportCommand::Roster { file, congress, term, start, skip_invalid } => {
            roster(store, &file, congress.as_deref(), term.as_deref(), start.as_deref(), skip_invalid).await
        }
        ImportCommand::Orgs { file, template } => {
            crate::install::import_orgs(store, file.as_deref(), template.as_deref()).await
        }
        ImportCommand::Users { file, out } => crate::install::import_users(store, &file, &out).await,
        ImportCommand::Page { file, target, kind, verbose } => {
            documents::page(store, &file, &target, kind.as_deref(), verbose).await
        }
        ImportCommand::Jsonl { file, target } => documents::jsonl(store, &file, &target).await,
        ImportCommand::Laws { dir, target, verbose } => documents::laws(store, &dir, &target, verbose).await,
    }
}

/// The top congress (the one with no congress above it).
pub(crate) async fn default_congress(store: &Store) -> Result<OrgId> {
    let top = store.congresses().await?.into_iter().find(|r| r.depth == 0);
    top.map(|r| r.org.id).ok_or_else(|| {
        anyhow!(
            "数据库中还没有人大：请先运行 renda init 创建平台和顶层人大（再用 renda import orgs 导入机构表），\
             或运行 renda demo --no-serve --database-url <同一数据库地址> 载入示范市"
        )
    })
}

async fn roster(
    store: &Store,
    file: &std::path::Path,
    congress: Option<&str>,
    term: Option<&str>,
    start: Option<&str>,
    skip_invalid: bool,
) -> Result<ExitCode> {
    let congress = match congress {
        Some(c) => find_org(store, c).await?,
        None => default_congress(store).await?,
    };
    let congress_name = store.org(congress).await.map_err(|e| anyhow!(e.user_message()))?.name;
    let term = match term {
        Some(t) => Term::parse(t).map_err(|e| anyhow!(e.message))?,
        None => store.org_term(congress).await?.unwrap_or(Term(1)),
    };
    let start: Date = match start {
        Some(s) => parse_date("start", s).map_err(|e| anyhow!(e.message))?,
        None => store.today(),
    };
    let roster = read_roster(file).map_err(|e| anyhow!("{e}"))?;
    for w in &roster.warnings {
        println!("提示：{w}");
    }
    if !roster.errors.is_empty() {
        for e in &roster.errors {
            println!("{e}");
        }
        if !skip_invalid {
            println!(
                "共 {} 处错误，未导入任何数据。请修改后重新导入，或使用 --skip-invalid 只导入正确的行。",
                roster.errors.len()
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    let rows: Vec<(NewPerson, NewDeputyship)> = roster.rows.iter().map(|r| to_new(r, congress, term, start)).collect();
    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} 名代表").unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let summary = store
        .import_roster(&Actor::system(), congress, &rows, |n| bar.set_position(n as u64))
        .await
        .map_err(|e| anyhow!(e.user_message()))?;
    bar.finish_and_clear();
    println!(
        "已导入 {} 名代表到{}{}；{} 名已存在而跳过{}。",
        summary.created,
        congress_name,
        term.label(),
        summary.already_present,
        if roster.errors.is_empty() {
            String::new()
        } else {
            format!(
                "；{} 行有错误未导入",
                roster.errors.iter().map(|e| e.row).collect::<std::collections::BTreeSet<_>>().len()
            )
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn to_new(r: &RosterRow, congress: OrgId, term: Term, start: Date) -> (NewPerson, NewDeputyship) {
    (
        NewPerson {
            name: r.name.clone(),
            gender: r.gender,
            ethnicity: r.ethnicity.clone(),
            birth: r.birth,
            party: r.party.clone(),
            occupation: r.occupation.clone(),
            phone: r.phone.clone(),
        },
        NewDeputyship {
            congress,
            term,
            delegation: r.delegation.clone(),
            start,
            start_reason: r.start_reason,
            note: r.note.clone(),
        },
    )
}
