//! The columns of a board and its exports (issue 13, point 14): each board (the suggestions'
//! list and overdue board, the review opinions' and the citizens' opinions' overdue boards) has
//! its columns; a user chooses which to see and export, and the choice is remembered per user
//! and board (`Store::export_columns`). The board shows them in the board's own order and the
//! export (CSV or Excel) has the same headings and cells.

use super::suggestions::ActionFields;
use super::{actor, done};
use crate::AppState;
use crate::error::{AppError, AppResult};
use askama::Template;
use axum::body::Bytes;
use axum::response::Response;
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_store::users::Session;

/// The columns of a board whose columns can be chosen.
pub struct Columns {
    /// The name the choice is remembered under.
    pub export: &'static str,
    /// The export's title and the start of its file name.
    pub title: &'static str,
    /// Every column: (code, heading).
    pub columns: &'static [(&'static str, &'static str)],
}

/// A date cell (empty when there is none).
pub fn day(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The days overdue cell from a record's days left (empty unless it is late).
pub fn days_overdue(days_left: Option<i32>) -> String {
    days_left.filter(|n| *n < 0).map(|n| (-n).to_string()).unwrap_or_default()
}

/// A board's rows in the chosen columns.
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Row>,
}

/// One row: the record's address and its cells.
pub struct Row {
    pub href: String,
    pub cells: Vec<String>,
}

impl Columns {
    /// The columns this user chose (every column until they choose).
    pub async fn chosen(&self, state: &AppState, s: &Session) -> AppResult<Vec<String>> {
        Ok(state
            .store
            .export_columns(s.user.id, self.export)
            .await?
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| self.columns.iter().map(|(c, _)| (*c).to_owned()).collect()))
    }

    /// The chosen columns in the board's order.
    pub fn selected(&self, chosen: &[String]) -> Vec<(&'static str, &'static str)> {
        self.columns.iter().copied().filter(|(code, _)| chosen.iter().any(|c| c == code)).collect()
    }

    /// Every column with whether it is chosen, for the chooser's check boxes.
    pub fn picks(&self, chosen: &[String]) -> Vec<(&'static str, &'static str, bool)> {
        self.columns.iter().map(|(code, label)| (*code, *label, chosen.iter().any(|c| c == code))).collect()
    }

    /// Remembers the columns ticked in the chooser's form (`col`).
    pub(crate) async fn save(&self, state: &AppState, s: &Session, fields: &ActionFields) -> AppResult<()> {
        let chosen: Vec<String> = fields.all("col").into_iter().map(str::to_owned).collect();
        let known: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        state.store.set_export_columns(&actor(s), self.export, &chosen, &known).await?;
        Ok(())
    }

    /// `rows` in the columns this user chose (`cell` gives a column's cell of a row), with the
    /// chooser's check boxes.
    pub async fn table<R>(
        &self,
        state: &AppState,
        s: &Session,
        rows: &[R],
        href: impl Fn(&R) -> String,
        cell: impl Fn(&str, &R) -> String,
    ) -> AppResult<(Table, Vec<(&'static str, &'static str, bool)>)> {
        let chosen = self.chosen(state, s).await?;
        let cols = self.selected(&chosen);
        let rows = rows
            .iter()
            .map(|r| Row { href: href(r), cells: cols.iter().map(|(code, _)| cell(code, r)).collect() })
            .collect();
        Ok((Table { headers: cols.iter().map(|(_, h)| *h).collect(), rows }, self.picks(&chosen)))
    }

    /// A board's table as a download: `csv` or `xlsx`.
    pub fn download_table(&self, today: Date, table: Table, format: &str) -> AppResult<Response> {
        self.download(today, &table.headers, table.rows.into_iter().map(|r| r.cells).collect(), format)
    }

    /// Saves the columns posted by a board's chooser and goes back to the board.
    pub async fn save_form(&self, state: &AppState, s: &Session, body: &Bytes, board: &str) -> AppResult<Response> {
        let fields = ActionFields { pairs: crate::extract::form_pairs(body)? };
        self.save(state, s, &fields).await?;
        Ok(done(board, "columns_saved"))
    }

    /// The board's rows as a download: `csv` or `xlsx`.
    pub fn download(&self, today: Date, headers: &[&str], rows: Vec<Vec<String>>, format: &str) -> AppResult<Response> {
        let table = renda_office::table::Table {
            title: self.title.into(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        };
        let (bytes, mime) = match format {
            "csv" => (renda_office::table::to_csv(&table), "text/csv; charset=utf-8"),
            "xlsx" => (
                renda_office::table::to_xlsx(&table).map_err(|e| {
                    tracing::error!(error = %e, "xlsx export");
                    AppError::of(ErrorCode::Internal)
                })?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            _ => return Err(AppError::new(ErrorCode::NotFound, "不支持的导出格式。")),
        };
        Ok(crate::download::file(&format!("{}-{today}.{format}", self.title), mime, bytes))
    }
}

/// A board page of its own (the review opinions' and the citizens' opinions' overdue boards):
/// the table in the chosen columns, the chooser and the export links.
#[derive(Template)]
#[template(path = "board.html")]
pub struct BoardPage {
    pub ctx: super::Ctx,
    pub heading: &'static str,
    /// One line on what the board holds.
    pub summary: String,
    /// Where the chooser posts and the exports are (`{base}/columns`, `{base}/export/{format}`).
    pub base: &'static str,
    pub back: (&'static str, &'static str),
    pub columns: Vec<(&'static str, &'static str, bool)>,
    pub table: Table,
    pub empty: &'static str,
    pub notice: &'static str,
    /// A line under the summary linking to what else is overdue (href, text).
    pub also: Option<(String, String)>,
}
