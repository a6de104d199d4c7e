//! `renda import page|jsonl|laws`: documents for the portal's library, read with the parsers of
//! `renda_office::documents` and written with one `Store::import_documents` call per command.
//!
//! Each command reads and checks the whole input first: a file the parser refuses, or a
//! document without a title or a text, stops the command before anything is written. The import
//! itself is one transaction, and a document already imported from the same source is left
//! alone (or updated if its text changed), so running the same import twice is harmless.

use anyhow::{Context, Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressStyle};
use renda_core::document::{DocKind, DocumentDraft, Visibility};
use renda_core::ids::OrgId;
use renda_office::documents::{
    ImportedDocument, LawsImport, PageImport, parse_page, parse_reports_jsonl, read_laws_dir,
};
use renda_store::documents::{ImportReport, ImportedText};
use renda_store::{Actor, Store};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Where imported documents go and who may read them.
#[derive(Debug, clap::Args)]
pub struct DocTarget {
    /// The congress, by exact name or id (default: the top congress of this installation)
    #[arg(long)]
    pub congress: Option<String>,
    /// Who may read the documents: public, users (the text only when logged in) or staff
    #[arg(long)]
    pub visibility: Option<String>,
}

/// `renda import page FILE`.
pub async fn page(
    store: &Store,
    file: &Path,
    target: &DocTarget,
    kind: Option<&str>,
    verbose: bool,
) -> Result<ExitCode> {
    // The source page shows the full text only to logged-in readers.
    let visibility = visibility_or(target.visibility.as_deref(), Visibility::Users)?;
    let kind = kind.map(parse_kind).transpose()?;
    let (congress, congress_name) = resolve_congress(store, target.congress.as_deref()).await?;
    let text = read_text(file)?;
    let PageImport { document, dropped } = parse_page(&text).map_err(|e| anyhow!("{e}；未导入任何文档"))?;
    println!("已读取“{}”，略去网页中的 {} 行非正文内容（网站标语、链接、分享按钮等）。", document.title, dropped.len());
    if verbose {
        for d in &dropped {
            println!("  略去第{}行：{}", d.line, d.reason);
        }
    } else if !dropped.is_empty() {
        println!("加 -v 可逐行列出略去的内容及原因。");
    }
    let texts = vec![to_imported(document, visibility, kind)?];
    let report = write(store, congress, &texts).await?;
    print_report(&congress_name, &report);
    Ok(ExitCode::SUCCESS)
}

/// `renda import jsonl FILE`: government work reports, one JSON object per line.
pub async fn jsonl(store: &Store, file: &Path, target: &DocTarget) -> Result<ExitCode> {
    let visibility = visibility_or(target.visibility.as_deref(), Visibility::Public)?;
    let (congress, congress_name) = resolve_congress(store, target.congress.as_deref()).await?;
    let text = read_text(file)?;
    let docs = parse_reports_jsonl(&text).map_err(|e| anyhow!("{e}；整个文件未导入，请修改后重新导入"))?;
    if docs.is_empty() {
        bail!("{} 中没有任何文档", file.display());
    }
    println!("已读取 {} 篇文档。", docs.len());
    let texts = to_imported_all(docs, visibility)?;
    let report = write(store, congress, &texts).await?;
    print_report(&congress_name, &report);
    Ok(ExitCode::SUCCESS)
}

/// `renda import laws DIR`: every Markdown law below DIR.
pub async fn laws(store: &Store, dir: &Path, target: &DocTarget, verbose: bool) -> Result<ExitCode> {
    let visibility = visibility_or(target.visibility.as_deref(), Visibility::Public)?;
    let (congress, congress_name) = resolve_congress(store, target.congress.as_deref()).await?;
    if !dir.is_dir() {
        bail!("找不到目录 {}", dir.display());
    }
    let spinner = spinner("正在读取法规文件……");
    let LawsImport { documents, skipped } = read_laws_dir(dir);
    spinner.finish_and_clear();
    println!("已读取 {} 部法律法规，跳过 {} 个文件。", documents.len(), skipped.len());
    if verbose {
        for (path, reason) in &skipped {
            println!("  跳过 {path}：{reason}");
        }
    } else if !skipped.is_empty() {
        println!("加 -v 可列出跳过的文件及原因。");
    }
    if documents.is_empty() {
        bail!("{} 中没有可导入的法规文本（应为以“# 标题”开头的 Markdown 文件）", dir.display());
    }
    let texts = to_imported_all(documents, visibility)?;
    let report = write(store, congress, &texts).await?;
    print_report(&congress_name, &report);
    Ok(ExitCode::SUCCESS)
}

/// A parsed document as the store imports it: the draft built directly (imports are not run
/// through the form's validator, whose limits are for typing), refusing only a document
/// without a title or a text. `kind` overrides the parser's.
pub fn to_imported(doc: ImportedDocument, visibility: Visibility, kind: Option<DocKind>) -> Result<ImportedText> {
    let name = if doc.title.trim().is_empty() { doc.source.clone() } else { doc.title.clone() };
    if doc.title.trim().is_empty() {
        bail!("文档“{name}”没有标题；未导入任何文档");
    }
    if doc.body.trim().is_empty() {
        bail!("文档“{name}”没有正文；未导入任何文档");
    }
    let kind = match kind {
        Some(k) => k,
        None => DocKind::from_code(doc.kind).ok_or_else(|| anyhow!("文档“{name}”的类别“{}”无法识别", doc.kind))?,
    };
    Ok(ImportedText {
        draft: DocumentDraft {
            kind,
            visibility,
            title: doc.title,
            text_date: doc.text_date,
            date_precision: doc.date_precision,
            organ: doc.organ,
            lead: doc.lead,
            body: doc.body,
            tags: doc.tags,
            featured: false,
        },
        source: doc.source,
        published_at: doc.published_at,
        views: i64::try_from(doc.views).unwrap_or(i64::MAX),
    })
}

/// Every parsed document, with the parser's kinds; the first bad one refuses them all.
pub fn to_imported_all(docs: Vec<ImportedDocument>, visibility: Visibility) -> Result<Vec<ImportedText>> {
    docs.into_iter().map(|d| to_imported(d, visibility, None)).collect()
}

/// Reads a whole text file, refusing one that is not UTF-8.
pub fn read_text(file: &Path) -> Result<String> {
    let bytes = std::fs::read(file).with_context(|| format!("无法读取 {}", file.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow!("{} 不是 UTF-8 编码的文本", file.display()))
}

/// The congress named by `--congress` (name or id), else the top congress; with its name.
async fn resolve_congress(store: &Store, key: Option<&str>) -> Result<(OrgId, String)> {
    let id = match key {
        Some(k) => crate::user::find_org(store, k).await?,
        None => super::default_congress(store).await?,
    };
    let org = store.org(id).await.map_err(|e| anyhow!(e.user_message()))?;
    let name = org.name.to_string();
    if !org.kind.is_congress() {
        bail!("“{name}”不是人大：文档只能导入到某一级人大");
    }
    Ok((id, name))
}

fn visibility_or(code: Option<&str>, default: Visibility) -> Result<Visibility> {
    match code {
        None => Ok(default),
        Some(c) => Visibility::from_code(c.trim()).ok_or_else(|| {
            anyhow!("可见范围“{c}”无效：应为 public（公开）、users（登录用户可见全文）或 staff（仅工作人员）")
        }),
    }
}

fn parse_kind(code: &str) -> Result<DocKind> {
    DocKind::from_code(code.trim()).ok_or_else(|| {
        let all = DocKind::ALL.iter().map(|k| format!("{}（{}）", k.code(), k.label())).collect::<Vec<_>>().join("、");
        anyhow!("文档类别“{code}”无效：应为 {all}")
    })
}

async fn write(store: &Store, congress: OrgId, texts: &[ImportedText]) -> Result<ImportReport> {
    let spinner = spinner(&format!("正在写入 {} 篇文档……", texts.len()));
    let report = store.import_documents(&Actor::system(), congress, texts).await;
    spinner.finish_and_clear();
    report.map_err(|e| anyhow!("{}；未导入任何文档", e.user_message()))
}

/// A spinner on a terminal; nothing when the output is a file or a pipe.
fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn print_report(congress_name: &str, r: &ImportReport) {
    println!("已导入到{congress_name}：新增 {} 篇，更新 {} 篇，未变 {} 篇。", r.added, r.updated, r.unchanged);
}
