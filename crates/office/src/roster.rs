//! Deputy rosters (代表名册) read from a .csv or .xlsx file.
//!
//! A roster is one table: a header row naming the columns, then one row per deputy. Columns are
//! found by their header, in any order; columns we do not know (序号, 身份证号…) are ignored.
//! Each row is parsed into the core value types, so a [`RosterRow`] holds only valid values;
//! every bad cell becomes one [`RowError`] naming the spreadsheet row and the column header, and
//! a row with any error is left out of [`Roster::rows`]. Problems with the whole file (cannot be
//! read, not UTF-8, no 姓名 column) are a [`RosterError`] instead.
//!
//! Cost: the whole file is held in memory while it is parsed. The national roster of 2,953
//! deputies is about 190 KB as CSV, so a roster of any congress fits easily.

use calamine::{Data, Reader, Xlsx};
use renda_core::ValidationError;
use renda_core::person::StartReason;
use renda_core::value::{Ethnicity, Gender, Label, PartialDate, PersonName, Phone};
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// One deputy as the roster gives them, every field already parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRow {
    /// The row number a spreadsheet shows for this row: the header is usually row 1, so the
    /// first deputy is row 2.
    pub row: usize,
    /// 代表团, or the 选区/选举单位 the deputy was elected from.
    pub delegation: Label,
    pub name: PersonName,
    /// 政党 as written (中共, 民盟, 无党派, 无…), with the traditional 無 read as 无.
    pub party: Option<Label>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<Ethnicity>,
    pub birth: Option<PartialDate>,
    /// 职务.
    pub occupation: Option<Label>,
    /// 备注, with the traditional 連任 read as 连任.
    pub note: Option<Label>,
    pub phone: Option<Phone>,
    /// Read from 备注: 补选 → by-election, 自…调入 → transferred in, otherwise elected.
    pub start_reason: StartReason,
}

/// One bad cell: its row as a spreadsheet numbers it, its column header as the file writes it
/// (e.g. 性别), and what is wrong, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}行“{}”：{}", self.row, self.field, self.message)
    }
}

/// A roster as read: the good rows, one error per bad cell, and how many blank rows were
/// passed over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    pub rows: Vec<RosterRow>,
    pub errors: Vec<RowError>,
    /// Rows below the header with nothing in any column we read.
    pub skipped_blank: usize,
    /// Rows read after a repair the user should check (see [`slipped_left`]).
    pub warnings: Vec<RowError>,
}

/// A problem with the file as a whole; nothing was imported. Each message is for the user.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("无法读取文件“{path}”：{}", io_reason(.source))]
    Open {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("读取名册数据时出错：{}", io_reason(.source))]
    Read {
        #[source]
        source: io::Error,
    },
    #[error("不支持的文件类型“{extension}”：名册须为 .csv 或 .xlsx 文件（.xls 或 WPS 表格请先另存为 .xlsx）")]
    UnsupportedExtension { extension: String },
    #[error("无法打开 Excel 文件“{path}”：文件可能已损坏，或并非 .xlsx 格式")]
    BadXlsx {
        path: String,
        #[source]
        source: calamine::XlsxError,
    },
    #[error("名册是空的：文件中既没有表头，也没有数据")]
    Empty,
    #[error(
        "文件不是 UTF-8 编码（第{line}行出现无法识别的字符），请另存为 UTF-8 编码的 CSV（Excel 中选择“CSV UTF-8（逗号分隔）”）"
    )]
    NotUtf8 { line: usize },
    #[error("CSV 文件第{line}行格式有误，无法解析")]
    Csv {
        line: u64,
        #[source]
        source: csv::Error,
    },
    #[error("缺少必需的列“{column}”{}", other_names(.column))]
    MissingColumn { column: &'static str },
    #[error("无法写入 Excel 文件“{path}”：{}", write_reason(.source))]
    Write {
        path: String,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
}

/// An I/O failure in words a clerk can act on. The system's own (English) text stays in the
/// error's `source` for the logs.
fn io_reason(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::NotFound => "文件不存在",
        io::ErrorKind::PermissionDenied => "没有访问权限",
        io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        _ => "系统读写出错",
    }
}

fn write_reason(e: &rust_xlsxwriter::XlsxError) -> &'static str {
    use rust_xlsxwriter::XlsxError as E;
    match e {
        E::IoError(io) => io_reason(io),
        E::RowColumnLimitError => "超出 Excel 的行数或列数上限",
        E::MaxStringLengthExceeded => "有单元格超过 Excel 的 32767 字上限",
        _ => "生成文件时出错",
    }
}

/// The other headers a required column may be written as, for the missing-column message.
fn other_names(column: &str) -> String {
    let others = Column::ALL.iter().find(|c| c.canonical() == column).map_or(&[][..], |c| &c.headers()[1..]);
    if others.is_empty() { String::new() } else { format!("（也可写作“{}”）", others.join("”“")) }
}

/// Reads a roster, choosing the format by the file's extension (.csv or .xlsx, any case).
pub fn read_roster(path: &Path) -> Result<Roster, RosterError> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => {
            let bytes = std::fs::read(path).map_err(|source| RosterError::Open { path: shown(path), source })?;
            parse_csv(&bytes)
        }
        Some("xlsx") => read_roster_xlsx(path),
        Some(other) => Err(RosterError::UnsupportedExtension { extension: format!(".{other}") }),
        None => Err(RosterError::UnsupportedExtension { extension: "无扩展名".to_owned() }),
    }
}

/// Reads a roster from CSV text, which must be UTF-8 (a leading byte-order mark is fine).
pub fn read_roster_csv<R: Read>(mut r: R) -> Result<Roster, RosterError> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes).map_err(|source| RosterError::Read { source })?;
    parse_csv(&bytes)
}

/// Reads a roster from the first worksheet of an .xlsx workbook.
pub fn read_roster_xlsx(path: &Path) -> Result<Roster, RosterError> {
    let file = File::open(path).map_err(|source| RosterError::Open { path: shown(path), source })?;
    let bad = |source| RosterError::BadXlsx { path: shown(path), source };
    let mut book: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(bad)?;
    let Some(sheet) = book.worksheet_range_at(0) else {
        return Err(RosterError::Empty);
    };
    let sheet = sheet.map_err(bad)?;
    // A range starts at its first used cell, not at A1; row numbers count from the sheet's top.
    let top = sheet.start().map_or(0, |(row, _)| row as usize);
    let rows = sheet.rows().enumerate().map(|(i, cells)| (top + i + 1, cells.iter().map(Cell::from_xlsx).collect()));
    read_table(rows)
}

/// Writes one worksheet of text: a bold header row, then `rows`. Empty strings leave the cell
/// empty. A small helper for making .xlsx rosters and test fixtures, not a general exporter.
pub fn write_roster_xlsx(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<(), RosterError> {
    let failed = |source| RosterError::Write { path: shown(path), source };
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let too_big = || failed(rust_xlsxwriter::XlsxError::RowColumnLimitError);
    for (col, text) in header.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| too_big())?;
        sheet.write_string_with_format(0, col, *text, &bold).map_err(failed)?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| too_big())?;
        for (col, text) in cells.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let col = u16::try_from(col).map_err(|_| too_big())?;
            sheet.write_string(row, col, text).map_err(failed)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    book.save(path).map_err(failed)
}

pub(crate) fn shown(path: &Path) -> String {
    path.display().to_string()
}

// ---------------------------------------------------------------------------------------------
// Columns

/// The columns we read. Anything else in the file is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Delegation,
    Name,
    Party,
    Gender,
    Ethnicity,
    Birth,
    Occupation,
    Note,
    Phone,
}

impl Column {
    const ALL: [Column; 9] = [
        Column::Delegation,
        Column::Name,
        Column::Party,
        Column::Gender,
        Column::Ethnicity,
        Column::Birth,
        Column::Occupation,
        Column::Note,
        Column::Phone,
    ];

    /// The headers this column answers to, the canonical one first. When a file has two of
    /// them (say both 电话 and 手机), the one earlier in this list is read and the other ignored.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Delegation => &["代表团", "代表团（选区）", "选区", "选举单位"],
            Column::Name => &["姓名"],
            Column::Party => &["政党", "党派"],
            Column::Gender => &["性别"],
            Column::Ethnicity => &["民族"],
            Column::Birth => &["出生日期", "出生年月"],
            Column::Occupation => &["职务", "工作单位及职务"],
            Column::Note => &["备注"],
            Column::Phone => &["联系电话", "电话", "手机"],
        }
    }

    fn canonical(self) -> &'static str {
        self.headers()[0]
    }

    fn required(self) -> bool {
        matches!(self, Column::Delegation | Column::Name)
    }
}

/// A header cell as compared: no spaces at all (templates write 姓　名 to line up two-character
/// headers), no required-field asterisk, and ASCII brackets read as full-width ones.
pub(crate) fn normalise_header(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// Where each column we read sits in the file, and the header the file gives it.
struct Layout {
    slots: [Option<(usize, String)>; Column::ALL.len()],
}

impl Layout {
    fn from_header(cells: &[Cell]) -> Result<Self, RosterError> {
        let headers: Vec<String> = cells.iter().map(|c| normalise_header(&c.header_text())).collect();
        let mut slots: [Option<(usize, String)>; Column::ALL.len()] = Default::default();
        for column in Column::ALL {
            let found = column
                .headers()
                .iter()
                .find_map(|want| headers.iter().position(|h| h == want))
                .map(|i| (i, cells[i].header_text().trim().to_owned()));
            if found.is_none() && column.required() {
                return Err(RosterError::MissingColumn { column: column.canonical() });
            }
            slots[column as usize] = found;
        }
        Ok(Self { slots })
    }

    /// The cell and header of `column` in `cells`, if the file has that column.
    fn get<'a>(&'a self, column: Column, cells: &'a [Cell]) -> Option<(&'a Cell, &'a str)> {
        let (index, header) = self.slots[column as usize].as_ref()?;
        Some((cells.get(*index).unwrap_or(&Cell::Empty), header.as_str()))
    }

    /// Whether a row has nothing in any column we read. A row holding only a 序号 is blank.
    fn is_blank(&self, cells: &[Cell]) -> bool {
        Column::ALL.iter().all(|c| self.get(*c, cells).is_none_or(|(cell, _)| cell.is_empty()))
    }
}

/// A header row must name a 姓名 column; rows above it (a title such as 第十四届全国人民代表大会
/// 代表名单) are passed over. We look no further than this many rows for it.
const HEADER_SEARCH_ROWS: usize = 10;

// ---------------------------------------------------------------------------------------------
// Cells

/// One cell as the file holds it, before it is read as a value. CSV gives only text; Excel also
/// gives numbers, dates and formula errors.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date { year: u16, month: u8, day: u8 },
    Error(String),
}

impl Cell {
    pub(crate) fn from_csv(field: &str) -> Self {
        if field.trim().is_empty() { Cell::Empty } else { Cell::Text(field.to_owned()) }
    }

    pub(crate) fn from_xlsx(data: &Data) -> Self {
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::from_csv(s),
            Data::Int(i) => Cell::Text(i.to_string()),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.to_owned()),
            // Serial 0 is Excel's "day zero"; below 1 a date cell holds only a time of day.
            Data::DateTime(dt) if dt.is_datetime() && dt.as_f64() >= 1.0 => {
                let (year, month, day, ..) = dt.to_ymd_hms_milli();
                Cell::Date { year, month, day }
            }
            Data::DateTime(dt) => Cell::Number(dt.as_f64()),
            // ISO text only comes from OpenDocument files; keep the date part.
            Data::DateTimeIso(s) => Cell::Text(s.split('T').next().unwrap_or_default().to_owned()),
            Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Error(e.to_string()),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as a header: its text, whatever the cell type.
    pub(crate) fn header_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) => s.clone(),
            Cell::Number(f) => number_text(*f),
            Cell::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
        }
    }

    /// The cell as text for `header`'s column, `None` when empty. An Excel number reads as its
    /// digits (13800138000.0 → 13800138000, 1967.0 → 1967); an Excel date as 1967-03-05; line
    /// breaks and tabs inside a cell as one space.
    fn text(&self, column: Column, header: &str) -> Result<Option<String>, String> {
        match self {
            Cell::Empty => Ok(None),
            // A line break typed in a cell (Alt+Enter) is layout, not content: it reads as a space.
            Cell::Text(s) => {
                Ok(Some(s.split(['\r', '\n', '\t']).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")))
            }
            // A month typed as 1967.10 is stored as the number 1967.1, the same as January.
            Cell::Number(f) if column == Column::Birth && number_text(*f).ends_with(".1") => Err(format!(
                "{header}“{}”是数字单元格，无法分辨是1月还是10月，请将该列设为文本格式后重新填写，如“1967年10月”",
                number_text(*f)
            )),
            Cell::Number(f) => Ok(Some(number_text(*f))),
            Cell::Date { .. } => Ok(Some(self.header_text())),
            Cell::Error(e) => Err(format!("单元格的值是错误“{e}”，请在 Excel 中修正后再导入")),
        }
    }
}

/// A number as a person would write it: whole numbers without a decimal point.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{f:.0}") } else { f.to_string() }
}

// ---------------------------------------------------------------------------------------------
// Rows

/// Reads a table given as (spreadsheet row number, cells) pairs, blank rows included.
fn read_table(rows: impl IntoIterator<Item = (usize, Vec<Cell>)>) -> Result<Roster, RosterError> {
    let mut rows = rows.into_iter();
    // The header is the first row naming a 姓名 column, among the first few non-blank rows.
    let mut looked_at = 0;
    let layout = loop {
        let Some((_, cells)) = rows.next() else {
            return Err(if looked_at == 0 {
                RosterError::Empty
            } else {
                RosterError::MissingColumn { column: Column::Name.canonical() }
            });
        };
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        if cells.iter().any(|c| normalise_header(&c.header_text()) == Column::Name.canonical()) {
            break Layout::from_header(&cells)?;
        }
        looked_at += 1;
        if looked_at == HEADER_SEARCH_ROWS {
            return Err(RosterError::MissingColumn { column: Column::Name.canonical() });
        }
    };
    let mut roster = Roster::default();
    for (row, cells) in rows {
        if layout.is_blank(&cells) {
            roster.skipped_blank += 1;
            continue;
        }
        let cells = match slipped_left(&layout, &cells) {
            Some(repaired) => {
                roster.warnings.push(RowError {
                    row,
                    field: Column::Birth.canonical().to_owned(),
                    message: "出生日期、职务、备注三栏疑似向左错位一格，已按职务、备注读取，请核对".to_owned(),
                });
                repaired
            }
            None => cells,
        };
        match parse_row(&layout, row, &cells) {
            Ok(parsed) => roster.rows.push(parsed),
            Err(mut errors) => roster.errors.append(&mut errors),
        }
    }
    // Namesakes in one delegation happen (the national roster has three pairs); they are two
    // deputies, but a duplicated row looks the same, so the user is asked to check.
    let mut first_seen: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    let mut namesakes = Vec::new();
    for r in &roster.rows {
        match first_seen.entry((r.delegation.as_str(), r.name.as_str())) {
            std::collections::hash_map::Entry::Occupied(first) => namesakes.push(RowError {
                row: r.row,
                field: Column::Name.canonical().to_owned(),
                message: format!("与第{}行姓名、代表团相同，已作为两名代表导入，请核对", first.get()),
            }),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(r.row);
            }
        }
    }
    roster.warnings.append(&mut namesakes);
    roster.warnings.sort_by_key(|w| w.row);
    Ok(roster)
}

/// What a roster writes in 备注. Seen in 职务, it means the row's last cells slipped one
/// column to the left.
const NOTE_WORDS: [&str; 4] = ["连任", "連任", "补选", "補選"];

/// Detects a row whose 出生日期, 职务 and 备注 cells slipped one column to the left — the
/// job title under 出生日期, the note under 职务, 备注 empty — as one row of the national
/// roster has (河南省 金不换). Only that exact shape is repaired: a 出生日期 that is not a date,
/// a 职务 that is one of [`NOTE_WORDS`] and an empty 备注. Returns the row with the three cells
/// moved back; the caller records a warning so the user can check it.
fn slipped_left(layout: &Layout, cells: &[Cell]) -> Option<Vec<Cell>> {
    let index = |column: Column| layout.slots[column as usize].as_ref().map(|(i, _)| *i);
    let (birth, occupation, note) = (index(Column::Birth)?, index(Column::Occupation)?, index(Column::Note)?);
    let text = |i: usize| cells.get(i).map(Cell::header_text).unwrap_or_default();
    let (b, o, n) = (text(birth), text(occupation), text(note));
    let looks_slipped =
        !b.is_empty() && PartialDate::parse("", &b).is_err() && NOTE_WORDS.contains(&o.as_str()) && n.is_empty();
    if !looks_slipped {
        return None;
    }
    let mut repaired = cells.to_vec();
    let width = birth.max(occupation).max(note) + 1;
    if repaired.len() < width {
        repaired.resize(width, Cell::Empty);
    }
    repaired[note] = cells[occupation].clone();
    repaired[occupation] = cells[birth].clone();
    repaired[birth] = Cell::Empty;
    Some(repaired)
}

/// Parses one non-blank row into a deputy, or into one error per bad cell.
fn parse_row(layout: &Layout, row: usize, cells: &[Cell]) -> Result<RosterRow, Vec<RowError>> {
    let mut fields = Fields { layout, cells, row, errors: Vec::new() };
    let delegation = fields.read(Column::Delegation, label);
    let name = fields.read(Column::Name, |_, s| PersonName::parse(s));
    let party = fields.read(Column::Party, |h, s| label(h, &s.replace('無', "无").replace('黨', "党")));
    let gender = fields.read(Column::Gender, |_, s| Gender::parse(s));
    let ethnicity = fields.read(Column::Ethnicity, |_, s| Ethnicity::parse(s));
    let birth = fields.read(Column::Birth, PartialDate::parse);
    let occupation = fields.read(Column::Occupation, label);
    let note = fields.read(Column::Note, |h, s| label(h, &s.replace("連任", "连任")));
    let phone = fields.read(Column::Phone, |_, s| Phone::parse(s));
    // A required cell that is empty or bad has already left an error behind.
    let (Some(delegation), Some(name), true) = (delegation, name, fields.errors.is_empty()) else {
        return Err(fields.errors);
    };
    let start_reason = start_reason(note.as_ref());
    Ok(RosterRow { row, delegation, name, party, gender, ethnicity, birth, occupation, note, phone, start_reason })
}

/// The cells of one row being read, and the errors found so far.
struct Fields<'a> {
    layout: &'a Layout,
    cells: &'a [Cell],
    row: usize,
    errors: Vec<RowError>,
}

impl Fields<'_> {
    /// Reads `column` with `parse` (given the header and the cell's text). `None` when the file
    /// has no such column, the cell is empty, or the cell is bad; a bad cell, or an empty one in
    /// a required column, is recorded as an error.
    fn read<T>(&mut self, column: Column, parse: impl FnOnce(&str, &str) -> Result<T, ValidationError>) -> Option<T> {
        let (layout, cells) = (self.layout, self.cells);
        let (cell, header) = layout.get(column, cells)?;
        let outcome = match cell.text(column, header) {
            Ok(Some(text)) => parse(header, &text).map(Some).map_err(|e| e.message),
            Ok(None) if column.required() => Err(format!("{header}不能为空")),
            Ok(None) => Ok(None),
            Err(message) => Err(message),
        };
        outcome.unwrap_or_else(|message| {
            self.errors.push(RowError { row: self.row, field: header.to_owned(), message });
            None
        })
    }
}

/// A [`Label`] whose messages name the column: core says 内容不能超过120个字, we say
/// 职务不能超过120个字.
fn label(header: &str, text: &str) -> Result<Label, ValidationError> {
    Label::parse(text).map_err(|e| ValidationError { message: e.message.replacen("内容", header, 1), ..e })
}

/// How the deputyship began, as 备注 says: 补选 (by-election), 自某代表团调入 (transferred in),
/// or nothing of the kind (elected at the general election).
fn start_reason(note: Option<&Label>) -> StartReason {
    let Some(note) = note.map(Label::as_str) else {
        return StartReason::Elected;
    };
    let transferred = note.find('自').is_some_and(|at| note[at..].contains("调入") || note[at..].contains("調入"));
    if note.contains("补选") || note.contains("補選") {
        StartReason::ByElection
    } else if transferred {
        StartReason::TransferredIn
    } else {
        StartReason::Elected
    }
}

// ---------------------------------------------------------------------------------------------
// CSV

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Checks the encoding, then reads the table.
fn parse_csv(bytes: &[u8]) -> Result<Roster, RosterError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        RosterError::NotUtf8 { line }
    })?;
    read_table(csv_rows(text)?)
}

/// Splits CSV text into rows numbered as a spreadsheet shows them. The csv crate passes over
/// empty lines without a word, but a spreadsheet shows each as a row, so we count the line
/// breaks between one record and the next; a quoted cell spanning lines stays one row.
pub(crate) fn csv_rows(text: &str) -> Result<Vec<(usize, Vec<Cell>)>, RosterError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    let mut row = 0;
    // Byte offset just past the previous record and its line break.
    let mut end = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(source) => {
                let line = source.position().map_or(0, csv::Position::line);
                return Err(RosterError::Csv { line, source });
            }
        }
        let start = end;
        end = usize::try_from(reader.position().byte()).unwrap_or(text.len());
        let after_cr = start > 0 && text.as_bytes().get(start - 1) == Some(&b'\r');
        for _ in 0..leading_line_breaks(text.as_bytes().get(start..end).unwrap_or_default(), after_cr) {
            row += 1;
            rows.push((row, Vec::new()));
        }
        row += 1;
        rows.push((row, record.iter().map(Cell::from_csv).collect()));
    }
    Ok(rows)
}

/// How many empty lines open `bytes`: each `\r\n`, `\r` or `\n` is one, except a `\n` that
/// finishes the previous record's `\r\n` (`after_cr`).
fn leading_line_breaks(mut bytes: &[u8], after_cr: bool) -> usize {
    if after_cr {
        bytes = bytes.strip_prefix(b"\n").unwrap_or(bytes);
    }
    let mut count = 0;
    loop {
        bytes = match bytes {
            [b'\r', b'\n', rest @ ..] | [b'\r' | b'\n', rest @ ..] => rest,
            _ => return count,
        };
        count += 1;
    }
}
