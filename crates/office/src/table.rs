//! Any list the pages show, as a file: CSV (UTF-8 with a byte-order mark, so that Excel on a
//! Chinese Windows opens it without mojibake) or XLSX (a bold, frozen header row and columns
//! sized to their text). The whole file is built in memory: lists are thousands of rows, not
//! millions.

use rust_xlsxwriter::{Format, Workbook};

/// A table: a sheet title, the column headers, and rows of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
#[error("无法生成 Excel 文件：{0}")]
pub struct ExportError(String);

/// The table as CSV bytes. Every cell goes through [`csv_cell`], so a title typed as a formula
/// stays text when the file is opened in Excel or WPS.
pub fn to_csv(t: &Table) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + t.rows.len() * 64);
    out.extend_from_slice("\u{feff}".as_bytes());
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    // Writing into a Vec cannot fail.
    let _ = w.write_record(t.headers.iter().map(|c| csv_cell(c).into_owned()));
    for row in &t.rows {
        let _ = w.write_record(row.iter().map(|c| csv_cell(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

/// A cell as a spreadsheet will read it as text: one that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be taken for a formula (`=HYPERLINK(…)`), so it gets a leading
/// `'`, which spreadsheets show as nothing. Plain numbers (`-3`, `+1.5`) are left alone.
pub fn csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() { format!("'{cell}").into() } else { cell.into() }
}

/// Display width of a cell: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The table as an XLSX workbook.
pub fn to_xlsx(t: &Table) -> Result<Vec<u8>, ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // Sheet names are at most 31 characters and may not hold []:*?/\.
    let name: String = t.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if !name.is_empty() {
        ws.set_name(&name).map_err(err)?;
    }
    let bold = Format::new().set_bold();
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold).map_err(err)?;
    }
    let mut widths: Vec<usize> = t.headers.iter().map(|h| width(h)).collect();
    for (r, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string((r + 1) as u32, c as u16, cell).map_err(err)?;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width(cell));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            title: "代表建议".into(),
            headers: vec!["编号".into(), "标题".into()],
            rows: vec![vec!["2025年第1号".into(), "关于增设\"过街\"天桥, 的建议".into()]],
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_quoting() {
        let bytes = to_csv(&sample());
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("编号,标题\r\n"));
        assert!(text.contains("\"关于增设\"\"过街\"\"天桥, 的建议\""));
    }

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text() {
        let t = Table {
            title: "代表建议".into(),
            headers: vec!["编号".into(), "标题".into()],
            rows: vec![
                vec!["1".into(), "=HYPERLINK(\"http://evil.example\",\"点我\")".into()],
                vec!["-2".into(), "+cmd|' /C calc'!A0".into()],
                vec!["3".into(), "@SUM(A1)".into()],
                vec!["4".into(), "\t=1+1".into()],
                vec!["5".into(), "-关于修路的建议".into()],
            ],
        };
        let text = String::from_utf8(to_csv(&t)).expect("utf-8");
        assert!(text.contains("1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\"\r\n"), "{text}");
        assert!(text.contains("-2,'+cmd|' /C calc'!A0\r\n"), "{text}");
        assert!(text.contains("3,'@SUM(A1)\r\n"), "{text}");
        assert!(text.contains("4,\"'\t=1+1\"\r\n") || text.contains("4,'\t=1+1\r\n"), "{text}");
        assert!(text.contains("5,'-关于修路的建议\r\n"), "{text}");
        assert!(!text.contains(",=") && !text.contains(",@") && !text.contains(",+"));
    }

    #[test]
    fn xlsx_reads_back_with_calamine() {
        use calamine::{Reader, Xlsx};
        let bytes = to_xlsx(&sample()).expect("xlsx");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
        let range = book.worksheet_range("代表建议").expect("the sheet is named after the title");
        let cells: Vec<String> = range.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
        assert_eq!(cells, vec!["编号", "标题", "2025年第1号", "关于增设\"过街\"天桥, 的建议"]);
    }
}
