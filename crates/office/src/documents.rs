//! Importers that turn three real sources into documents for the portal's library.
//!
//! - [`parse_page`]: one saved article page of a model-text site (公文范文网站) — the `yyyymmdd:标题`
//!   line, publication time and views, 文章导读, the text — with the site's furniture (slogans,
//!   阅读全文, tipping, share buttons, “related” lists) dropped and each dropped line reported.
//! - [`parse_reports_jsonl`]: the government work reports (政府工作报告) and the NPC resolutions
//!   on them, one JSON object per line, all or nothing.
//! - [`parse_law`] / [`read_laws_dir`]: Markdown laws (`# 标题`, adoption notes, `<!-- INFO END -->`,
//!   chapters and one 条 per line), walked recursively in sorted order; what is not a law is
//!   skipped with a reason. [`article_number`] finds the `第…条` a paragraph starts with.
//!
//! All of them produce an [`ImportedDocument`] whose body is the block format of
//! `renda_core::document` (blocks separated by one blank line, `# ` and `## ` headings, every
//! other block a one-line paragraph). They are pure functions over text, except that
//! [`read_laws_dir`] reads the directory it is given.

mod body;
mod laws;
mod page;
mod reports;

pub use laws::{LawsImport, article_number, parse_law, read_laws_dir};
pub use page::{Dropped, PageImport, parse_page};
pub use reports::parse_reports_jsonl;

use serde::Serialize;

/// One document ready for the library, with a `source` that stays the same each time the same
/// source text is imported, so a second import can update instead of duplicating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportedDocument {
    /// `page:<title>:<yyyymmdd>`, `report:<url>` or `law:<path relative to the laws dir>`.
    pub source: String,
    /// A `renda_core::document::DocKind` code: news, notice, speech, report, decision, law, model.
    pub kind: &'static str,
    pub title: String,
    /// The date of the text itself (of the speech, the report, the law's latest version).
    pub text_date: Option<jiff::civil::Date>,
    /// Whether `text_date` is the day of the text or only its year (kept as 1 January).
    pub date_precision: renda_core::document::DatePrecision,
    /// When the source page published it.
    pub published_at: Option<jiff::civil::DateTime>,
    pub views: u64,
    /// 导读 / summary; for a law its adoption notes, one per line. Empty if none.
    pub lead: String,
    /// Issuing organ or author; empty if unknown.
    pub organ: String,
    pub tags: Vec<String>,
    /// The text in the block format.
    pub body: String,
}

/// Why a source could not be imported, in Chinese, naming the line where there is one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("网页第{line}行：{message}")]
    Page { line: usize, message: String },
    #[error("工作报告数据第{line}行：{message}")]
    Report { line: usize, message: String },
    #[error("法规文件“{path}”{}：{message}", line_part(*.line))]
    Law { path: String, line: Option<usize>, message: String },
}

impl ImportError {
    /// What is wrong, without the where.
    pub fn message(&self) -> &str {
        match self {
            ImportError::Page { message, .. }
            | ImportError::Report { message, .. }
            | ImportError::Law { message, .. } => message,
        }
    }

    /// The 1-based line the problem is on, if it is on one line.
    pub fn line(&self) -> Option<usize> {
        match self {
            ImportError::Page { line, .. } | ImportError::Report { line, .. } => Some(*line),
            ImportError::Law { line, .. } => *line,
        }
    }
}

fn line_part(line: Option<usize>) -> String {
    line.map(|l| format!("第{l}行")).unwrap_or_default()
}
