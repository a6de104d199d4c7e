//! Plain sheets read by their column headers: the organisation and account sheets of
//! `renda import orgs|users`. The first worksheet of an .xlsx (or a UTF-8 .csv) is read like a
//! roster (see [`crate::roster`]: the same cells, header normalisation and row numbers): the
//! header row is the first among the first ten rows that names the sheet's first required
//! column; every later non-blank row becomes a [`SheetRow`] of its known columns' text. What the
//! values mean is the core's business (`renda_core::install`).

use crate::roster::{Cell, RosterError, UTF8_BOM, csv_rows, normalise_header, shown};
use crate::table::Table;
use calamine::{Reader, Xlsx};
use renda_core::install::SheetRow;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// How far down the header row may be (a title row or two above it is fine).
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads a sheet's rows by their headers. `required` columns must all be there (the first one
/// finds the header row); `known` are the others read; any other column is ignored.
pub fn read_sheet(
    path: &Path,
    required: &[&'static str],
    known: &[&'static str],
) -> Result<Vec<SheetRow>, RosterError> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let rows: Vec<(usize, Vec<Cell>)> = match extension.as_deref() {
        Some("csv") => {
            let bytes = std::fs::read(path).map_err(|source| RosterError::Open { path: shown(path), source })?;
            let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(&bytes);
            let text = std::str::from_utf8(bytes).map_err(|e| {
                let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
                RosterError::NotUtf8 { line }
            })?;
            csv_rows(text)?
        }
        Some("xlsx") => {
            let file = File::open(path).map_err(|source| RosterError::Open { path: shown(path), source })?;
            let bad = |source| RosterError::BadXlsx { path: shown(path), source };
            let mut book: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(bad)?;
            let Some(sheet) = book.worksheet_range_at(0) else {
                return Err(RosterError::Empty);
            };
            let sheet = sheet.map_err(bad)?;
            let top = sheet.start().map_or(0, |(row, _)| row as usize);
            sheet
                .rows()
                .enumerate()
                .map(|(i, cells)| (top + i + 1, cells.iter().map(Cell::from_xlsx).collect()))
                .collect()
        }
        Some(other) => return Err(RosterError::UnsupportedExtension { extension: format!(".{other}") }),
        None => return Err(RosterError::UnsupportedExtension { extension: "无扩展名".to_owned() }),
    };
    read_rows(rows, required, known)
}

fn read_rows(
    rows: Vec<(usize, Vec<Cell>)>,
    required: &[&'static str],
    known: &[&'static str],
) -> Result<Vec<SheetRow>, RosterError> {
    let first = required.first().copied().unwrap_or_default();
    let mut rows = rows.into_iter();
    let mut looked_at = 0;
    let headers: Vec<String> = loop {
        let Some((_, cells)) = rows.next() else {
            return Err(if looked_at == 0 { RosterError::Empty } else { RosterError::MissingColumn { column: first } });
        };
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let headers: Vec<String> = cells.iter().map(|c| normalise_header(&c.header_text())).collect();
        if headers.iter().any(|h| h == first) {
            break headers;
        }
        looked_at += 1;
        if looked_at == HEADER_SEARCH_ROWS {
            return Err(RosterError::MissingColumn { column: first });
        }
    };
    if let Some(missing) = required.iter().find(|r| !headers.iter().any(|h| h == *r)) {
        return Err(RosterError::MissingColumn { column: missing });
    }
    let columns: Vec<(usize, &'static str)> = required
        .iter()
        .chain(known)
        .filter_map(|name| headers.iter().position(|h| h == name).map(|i| (i, *name)))
        .collect();
    let mut out = Vec::new();
    for (row, cells) in rows {
        let mut r = SheetRow { row, ..SheetRow::default() };
        for (i, name) in &columns {
            let Some(cell) = cells.get(*i) else { continue };
            let text = match cell {
                Cell::Error(e) => format!("#错误{e}"),
                // A line break typed in a cell is layout, not content.
                other => other
                    .header_text()
                    .split(['\r', '\n', '\t'])
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            if !text.trim().is_empty() {
                r.cells.insert((*name).to_owned(), text.trim().to_owned());
            }
        }
        if !r.cells.is_empty() {
            out.push(r);
        }
    }
    Ok(out)
}

/// Writes a workbook of text sheets: each table a sheet named by its title, a bold header row,
/// then its rows. For the import templates (`renda import orgs --template`).
pub fn write_sheets(path: &Path, sheets: &[Table]) -> Result<(), RosterError> {
    let failed = |source| RosterError::Write { path: shown(path), source };
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    // Codes such as 001 stay text when typed into the template.
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    for Table { title: name, headers: header, rows } in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(failed)?;
        for (col, h) in header.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| failed(rust_xlsxwriter::XlsxError::RowColumnLimitError))?;
            sheet.write_string_with_format(0, col, h, &bold).map_err(failed)?;
            let width = h.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum::<f64>().max(10.0) + 2.0;
            sheet.set_column_width(col, width).map_err(failed)?;
            sheet.set_column_format(col, &text).map_err(failed)?;
        }
        for (i, cells) in rows.iter().enumerate() {
            let row = u32::try_from(i + 1).map_err(|_| failed(rust_xlsxwriter::XlsxError::RowColumnLimitError))?;
            for (col, value) in cells.iter().enumerate() {
                if value.is_empty() {
                    continue;
                }
                let col = u16::try_from(col).map_err(|_| failed(rust_xlsxwriter::XlsxError::RowColumnLimitError))?;
                sheet.write_string(row, col, value).map_err(failed)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
    }
    book.save(path).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_sheet_is_read_by_its_headers_with_row_numbers() {
        let dir = tempfile::tempdir().expect("succeeds");
        let path = dir.path().join("orgs.csv");
        std::fs::write(&path, "\u{feff}某县机构表\n名称,机构代码,类型,上级代码,备注\n某县人民代表大会,X,人大,,顶层\n\n教育局,X-U1,承办单位,X,\n")
            .expect("succeeds");
        let rows = read_sheet(&path, &["机构代码", "类型", "名称", "上级代码"], &["层级"]).expect("succeeds");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].row, 3);
        assert_eq!(rows[0].get("名称"), Some("某县人民代表大会"));
        assert_eq!(rows[0].get("上级代码"), None);
        assert_eq!(rows[0].get("备注"), None, "unknown columns are ignored");
        assert_eq!(rows[1].row, 5);
        assert_eq!(rows[1].get("上级代码"), Some("X"));
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let dir = tempfile::tempdir().expect("succeeds");
        let path = dir.path().join("orgs.csv");
        std::fs::write(&path, "机构代码,类型,名称\nX,人大,某县人民代表大会\n").expect("succeeds");
        let err = read_sheet(&path, &["机构代码", "类型", "名称", "上级代码"], &[]).expect_err("refused");
        assert!(err.to_string().contains("上级代码"), "{err}");
    }

    #[test]
    fn the_written_template_reads_back() {
        let dir = tempfile::tempdir().expect("succeeds");
        let path = dir.path().join("t.xlsx");
        let header: Vec<String> = ["机构代码", "类型", "名称", "上级代码"].map(String::from).to_vec();
        let rows = vec![["001", "人大", "某县人民代表大会", ""].map(String::from).to_vec()];
        let sheets = [
            Table { title: "机构".into(), headers: header, rows },
            Table { title: "填写说明".into(), headers: vec!["列".into()], rows: vec![] },
        ];
        write_sheets(&path, &sheets).expect("succeeds");
        let back = read_sheet(&path, &["机构代码", "类型", "名称", "上级代码"], &[]).expect("succeeds");
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].get("机构代码"), Some("001"));
        assert_eq!(back[0].row, 2);
    }
}
