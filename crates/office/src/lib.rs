//! Office formats: spreadsheet imports and exports, letters after GB/T 9704-2012.
//!
//! - [`appointment`]: the documents of an appointment decision — the 任命书 (a certificate on
//!   the congress's own template, in a red double frame) and the 任免公告 (a 公文 on [`official`]).
//! - [`archive`]: a deputy's duty archive as DOCX (laid out on [`official`]'s page) and XLSX.
//! - [`documents`]: the library's importers — a saved model-text page, the government work
//!   reports (JSON lines) and the Markdown laws — each into an [`ImportedDocument`] in the block
//!   body format, with what was dropped or skipped reported in Chinese.
//! - [`official`]: official documents (公文) after GB/T 9704-2012 — one typed model in the
//!   general and the letter format, rendered to DOCX with `docx-rs`.
//! - [`pdf`]: a DOCX as PDF through LibreOffice (`soffice --headless`) when it is installed.
//! - [`roster`]: deputy rosters (代表名册) read from .csv or .xlsx into parsed rows, with one
//!   Chinese error per bad cell; also a small .xlsx writer for making roster files.
//! - [`sheet`]: plain sheets read by their headers (the organisation and account sheets of
//!   `renda import orgs|users`), and the import templates written as .xlsx.
//! - [`table`]: any list as CSV (with a BOM for Excel) or XLSX, for the pages' export links.

pub mod appointment;
pub mod archive;
pub mod documents;
pub mod official;
pub mod pdf;
pub mod roster;
pub mod sheet;
pub mod table;

pub use documents::{ImportError, ImportedDocument};
pub use roster::{
    Roster, RosterError, RosterRow, RowError, read_roster, read_roster_csv, read_roster_xlsx, write_roster_xlsx,
};
