//! Official documents (公文) laid out after GB/T 9704-2012: one typed model,
//! [`OfficialDocument`], rendered to DOCX with `docx-rs`.
//!
//! The page is the standard's: A4, top margin 37 mm, binding (left) margin 28 mm, a text block
//! of 156 × 225 mm holding 22 lines (a line grid) of 28 characters (character spacing, see
//! [`char_spacing`]), the body in 3号仿宋, the title in 2号小标宋, the four heading levels (`一、` 黑体,
//! `（一）` 楷体, `1.` and `（1）` 仿宋) numbered here, never typed, and page numbers `— 1 —` in
//! 4号宋体 at the outer edge (odd pages right, even pages left).
//!
//! Two formats:
//! - [`Format::General`] (通用格式, §7): the red issuing-body mark, the document number under it
//!   (with the 签发人 on the same line for an upward document), a red line, the title,
//!   addressee, body, attachment note, signature and date, attachments on pages of their own,
//!   and the 版记 (抄送, 印发机关 and 印发日期 between lines).
//! - [`Format::Letter`] (信函格式, §10.1) for 函: its own masthead (the mark without 文件, a
//!   double red line thick over thin under it, a thin over thick one at the foot of the first
//!   page), the number flush right under the line, no page number on the first page, and a
//!   版记 without 印发机关 and 印发日期.
//!
//! Fonts are named as Word and WPS on Windows name them (仿宋_GB2312, 方正小标宋简体, 黑体,
//! 楷体_GB2312, 宋体); where they are not installed, the reader's own substitution applies
//! (on Linux, fontconfig puts a CJK font it has, such as Noto CJK, in their place).

use docx_rs::{
    AlignmentType, BorderType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE, InstrText,
    LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders,
    Run, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableCell, TableRow, WidthType,
};
use jiff::civil::Date;
use renda_core::official::{Batch, Kind, ReceptionSource, ReviewSource, Template};

mod report;
mod specimen;
pub use report::{filing_report, handling_report};
pub use specimen::{NO_CERTIFICATE_SIGNER, NO_SIGNER, certificate_specimen, specimen};

/// Twips per millimetre (1 mm = 1440 / 25.4 twips).
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// A4 in twips.
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
/// The margins of §5.2.1, in millimetres: top 37, left (binding) 28; the text block is 156 × 225.
pub const MARGIN_TOP_MM: f64 = 37.0;
pub const MARGIN_LEFT_MM: f64 = 28.0;
pub const TEXT_WIDTH_MM: f64 = 156.0;
pub const TEXT_HEIGHT_MM: f64 = 225.0;
/// 22 lines of 28 characters (§5.2.2).
pub const LINES_PER_PAGE: u32 = 22;
pub const CHARS_PER_LINE: u32 = 28;
/// Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt.
pub const SIZE_2: usize = 44;
pub const SIZE_3: usize = 32;
pub const SIZE_4: usize = 28;
/// The issuing body's mark: red, in 小标宋.
pub const RED: &str = "FF0000";

pub const FONT_BODY: &str = "仿宋_GB2312";
pub const FONT_TITLE: &str = "方正小标宋简体";
pub const FONT_H1: &str = "黑体";
pub const FONT_H2: &str = "楷体_GB2312";
pub const FONT_PAGE_NUMBER: &str = "宋体";
/// Digits and Latin letters in the body.
pub const FONT_LATIN: &str = "Times New Roman";

pub(crate) fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// The grid's line pitch in twips: the text block's height over 22 lines.
pub fn line_pitch() -> usize {
    (f64::from(mm(TEXT_HEIGHT_MM)) / f64::from(LINES_PER_PAGE)).floor() as usize
}

/// The character spacing, in twips, that fits 28 characters of 3号 on a 156 mm line: each
/// character is drawn 16 pt wide and advances the text block's width over 28 (about 15.8 pt).
///
/// Kept as run spacing rather than as a character grid (`linesAndChars`): Word compresses
/// characters onto a grid narrower than the font, but LibreOffice gives each such character two
/// cells, which halves the line. Spacing reads the same in Word, WPS and LibreOffice.
pub fn char_spacing() -> i32 {
    let pitch = f64::from(mm(TEXT_WIDTH_MM)) / f64::from(CHARS_PER_LINE);
    let font = SIZE_3 as f64 * 10.0;
    (pitch - font).floor() as i32
}

/// The mark's size in half-points: 36 pt, smaller for a long name so it stays on one line.
fn mark_size(mark: &str) -> usize {
    let width_pt = f64::from(mm(TEXT_WIDTH_MM)) / 20.0;
    let fit = (width_pt / text_width(mark).max(1.0) * 2.0).floor() as usize;
    fit.min(72)
}

/// The layout of §7 or of §10.1 (the core decides which kind is issued in which).
pub use renda_core::official::Format;

/// Whom the document goes to, as far as the layout cares: an upward document (上行文, to a
/// body above) names its 签发人 beside the number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Direction {
    /// 下行文 or 平行文.
    Down,
    /// 上行文, with the 签发人's name.
    Up { signer: String },
}

/// One block of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 4; its number (`一、`, `（一）`, `1.`, `（1）`) is counted here.
    Heading { level: u8, text: String },
    /// A paragraph, indented two characters.
    Paragraph(String),
    /// A table (an attachment's list).
    Table(DocTable),
}

/// A table: a header row and its rows, each cell plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocTable {
    pub headers: Vec<String>,
    /// Relative column widths (any unit); empty = equal.
    pub widths: Vec<u32>,
    pub rows: Vec<Vec<String>>,
}

/// An attachment printed after the document, on pages of its own (附件).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A document as the engine lays it out: everything already in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficialDocument {
    pub format: Format,
    /// 发文机关标志, as printed in red: `示范市人大常委会办公室文件` (general) or
    /// `示范市人民代表大会常务委员会办公室` (letter).
    pub mark: String,
    /// 发文字号 as printed (`renda_core::official::number`), or what a preview prints instead.
    pub number: String,
    pub direction: Direction,
    pub title: String,
    /// 主送机关, without the closing colon.
    pub addressee: Option<String>,
    pub body: Vec<Block>,
    pub attachments: Vec<Attachment>,
    /// 发文机关署名.
    pub signature: String,
    /// 成文日期.
    pub date: Date,
    /// 抄送机关.
    pub copy_to: Vec<String>,
    /// 印发机关 and 印发日期 (general format only; the letter format has none).
    pub printed: Option<(String, Date)>,
}

/// Why a document cannot be laid out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("公文缺少{0}")]
    Missing(&'static str),
    #[error("上行文须注明签发人")]
    NoSigner,
    #[error("标题层级只能是1至4级")]
    HeadingLevel,
    #[error("表格“{0}”的列数与表头不一致")]
    Ragged(String),
    #[error("无法生成公文文件：{0}")]
    Write(String),
    /// A 任命书 (not a 公文) lacks what it prints.
    #[error("任命书缺少{0}")]
    CertificateMissing(&'static str),
    /// A 任命书 is for someone the decision appointed, nothing else.
    #[error("只有任命事项才制发任命书，免职、撤职和接受辞职不制发")]
    NotAnAppointment,
    #[error("该人员不在这次任免决定中")]
    NotInDecision,
}

/// 2026年12月7日: Arabic numerals, no padding (§7.3.5).
pub fn date_text(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 一, 二 … 九十九: the numbers of the first two heading levels.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[(n - 10) as usize] }),
        20..=99 => {
            let ones = n % 10;
            format!("{}十{}", DIGITS[(n / 10) as usize], if ones == 0 { "" } else { DIGITS[ones as usize] })
        }
        _ => n.to_string(),
    }
}

/// The headings' numbers, counted as the body goes: a heading restarts the levels below it.
#[derive(Default)]
struct Counter([u32; 4]);

impl Counter {
    fn next(&mut self, level: u8) -> Result<String, DocumentError> {
        let i = match level {
            1..=4 => usize::from(level - 1),
            _ => return Err(DocumentError::HeadingLevel),
        };
        self.0[i] += 1;
        for below in &mut self.0[i + 1..] {
            *below = 0;
        }
        let n = self.0[i];
        Ok(match level {
            1 => format!("{}、", chinese_number(n)),
            2 => format!("（{}）", chinese_number(n)),
            3 => format!("{n}."),
            _ => format!("（{n}）"),
        })
    }
}

impl OfficialDocument {
    /// A document of `kind` on the congress's template `t`: its format, red mark, signature,
    /// 抄送 and 印发 (dated `today`, like the document), numbered `number`, going down to
    /// `addressee` (none for a 公告); the caller sets what else its kind has (attachments, a
    /// 签发人).
    pub fn on_template(
        kind: Kind,
        t: &Template,
        number: &str,
        today: Date,
        title: String,
        addressee: Option<String>,
        body: Vec<Block>,
    ) -> OfficialDocument {
        OfficialDocument {
            format: kind.format(),
            mark: t.mark.clone(),
            number: number.to_string(),
            direction: Direction::Down,
            title,
            addressee,
            body,
            attachments: Vec::new(),
            signature: t.signature.clone(),
            date: today,
            copy_to: t.copy_to.clone(),
            printed: (!t.printed_by.is_empty()).then(|| (t.printed_by.clone(), today)),
        }
    }

    /// What the standard requires before a document can be laid out.
    pub fn check(&self) -> Result<(), DocumentError> {
        let blank = |s: &str| s.trim().is_empty();
        if blank(&self.mark) {
            return Err(DocumentError::Missing("发文机关标志"));
        }
        if blank(&self.number) {
            return Err(DocumentError::Missing("发文字号"));
        }
        if blank(&self.title) {
            return Err(DocumentError::Missing("标题"));
        }
        if blank(&self.signature) {
            return Err(DocumentError::Missing("发文机关署名"));
        }
        if self.body.is_empty() {
            return Err(DocumentError::Missing("正文"));
        }
        if let Direction::Up { signer } = &self.direction
            && blank(signer)
        {
            return Err(DocumentError::NoSigner);
        }
        let tables = self.body.iter().chain(self.attachments.iter().flat_map(|a| &a.blocks));
        for block in tables {
            match block {
                Block::Table(t) if t.rows.iter().any(|r| r.len() != t.headers.len()) => {
                    return Err(DocumentError::Ragged(t.headers.join("、")));
                }
                Block::Heading { level, .. } if !(1..=4).contains(level) => return Err(DocumentError::HeadingLevel),
                _ => {}
            }
        }
        Ok(())
    }

    /// The document as a DOCX file.
    pub fn to_docx(&self) -> Result<Vec<u8>, DocumentError> {
        self.check()?;
        let mut docx = page(Docx::new());
        if self.format == Format::Letter {
            // §10.1: no page number on the first page; the foot of the first page carries the
            // second double red line.
            docx = docx.first_footer(Footer::new().add_paragraph(
                Paragraph::new().set_borders(red_border(ParagraphBorderPosition::Top, BorderType::ThinThickSmallGap)),
            ));
        }
        for p in self.masthead() {
            docx = docx.add_paragraph(p);
        }
        docx = docx.add_paragraph(blank()).add_paragraph(title(&self.title));
        docx = docx.add_paragraph(blank());
        if let Some(to) = &self.addressee {
            docx = docx.add_paragraph(body_line(&format!("{to}："), false));
        }
        docx = add_blocks(docx, &self.body)?;
        if !self.attachments.is_empty() {
            docx = docx.add_paragraph(blank());
            for p in attachment_note(&self.attachments) {
                docx = docx.add_paragraph(p);
            }
        }
        docx = docx.add_paragraph(blank()).add_paragraph(blank());
        let date = date_text(self.date);
        // The signature is centred over the date, the date four characters from the right (§7.3.5.2).
        let sig_right = 4.0 + (text_width(&date) - text_width(&self.signature)) / 2.0;
        docx = docx
            .add_paragraph(right_at(&self.signature, sig_right.max(0.0)).keep_next(true))
            .add_paragraph(right_at(&date, 4.0));
        for (i, a) in self.attachments.iter().enumerate() {
            let label = if self.attachments.len() == 1 { "附件".to_string() } else { format!("附件{}", i + 1) };
            docx = docx
                .add_paragraph(
                    Paragraph::new().add_run(Run::new().add_break(BreakType::Page)).add_run(heiti_run(&label)),
                )
                .add_paragraph(blank())
                .add_paragraph(title(&a.title))
                .add_paragraph(blank());
            docx = add_blocks(docx, &a.blocks)?;
        }
        for p in self.record() {
            docx = docx.add_paragraph(p);
        }
        pack(docx).map_err(DocumentError::Write)
    }

    /// The masthead: the red mark, the number (and 签发人), the red line(s).
    fn masthead(&self) -> Vec<Paragraph> {
        let mark = Paragraph::new().align(AlignmentType::Center).snap_to_grid(false).add_run(
            Run::new()
                .add_text(&self.mark)
                .fonts(fonts(FONT_TITLE))
                .size(mark_size(&self.mark))
                .character_spacing(0)
                .color(RED),
        );
        let number = self.number.clone();
        match self.format {
            Format::General => {
                let number_line = match &self.direction {
                    // §7.2.4: the number one character from the left, 签发人 one from the right.
                    Direction::Up { signer } => Paragraph::new()
                        .indent(Some(320), None, Some(320), None)
                        .add_tab(Tab::new().val(TabValueType::Right).pos(text_width_twips() - 320))
                        .add_run(Run::new().add_text(&number))
                        .add_run(Run::new().add_tab().add_text("签发人："))
                        .add_run(Run::new().add_text(signer).fonts(fonts(FONT_H2))),
                    Direction::Down => {
                        Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(&number))
                    }
                };
                vec![
                    mark,
                    blank(),
                    blank(),
                    number_line.set_borders(red_border(ParagraphBorderPosition::Bottom, BorderType::Single)),
                ]
            }
            Format::Letter => vec![
                mark.set_borders(red_border(ParagraphBorderPosition::Bottom, BorderType::ThickThinSmallGap)),
                Paragraph::new().align(AlignmentType::Right).add_run(Run::new().add_text(&number)),
            ],
        }
    }

    /// 版记: 抄送 and (general format) 印发机关 and 印发日期, between lines, in 4号.
    fn record(&self) -> Vec<Paragraph> {
        let mut lines: Vec<(String, Option<String>)> = Vec::new();
        if !self.copy_to.is_empty() {
            lines.push((format!("抄送：{}。", self.copy_to.join("，")), None));
        }
        if self.format == Format::General
            && let Some((by, on)) = &self.printed
        {
            lines.push((by.clone(), Some(format!("{}印发", date_text(*on)))));
        }
        if lines.is_empty() {
            return Vec::new();
        }
        let n = lines.len();
        let mut out = vec![blank()];
        for (i, (left, right)) in lines.into_iter().enumerate() {
            let mut borders = ParagraphBorders::with_empty();
            if i == 0 {
                borders = borders.set(border(ParagraphBorderPosition::Top, BorderType::Single, 8, "000000"));
            }
            borders = borders.set(border(
                ParagraphBorderPosition::Bottom,
                BorderType::Single,
                if i + 1 == n { 8 } else { 4 },
                "000000",
            ));
            let mut p = Paragraph::new()
                .set_borders(borders)
                .indent(Some(280), None, Some(280), None)
                .add_run(Run::new().add_text(left).size(SIZE_4));
            if let Some(right) = right {
                p = p
                    .add_tab(Tab::new().val(TabValueType::Right).pos(text_width_twips() - 560))
                    .add_run(Run::new().add_tab().add_text(right).size(SIZE_4));
            }
            out.push(p);
        }
        out
    }
}

/// The standard's page on `docx`: A4 with the margins of §5.2.1, the body's font (3号仿宋,
/// Latin in Times New Roman) and character spacing by default, the line grid of 22 lines, and
/// the page number `— 1 —` at the outer edge of odd and even pages. Shared by every document the
/// crate lays out on this page (the official documents, the duty archive).
pub(crate) fn page(docx: Docx) -> Docx {
    page_setup(docx)
        .footer(page_number_footer(AlignmentType::Right))
        .even_footer(page_number_footer(AlignmentType::Left))
}

/// [`page`] without page numbers: the page, the body's font and spacing and the line grid (a
/// one-page certificate such as the 任命书 is laid out on it).
pub(crate) fn page_setup(docx: Docx) -> Docx {
    let mut docx = docx
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(mm(MARGIN_TOP_MM))
                .left(mm(MARGIN_LEFT_MM))
                .right(PAGE_WIDTH as i32 - mm(MARGIN_LEFT_MM) - mm(TEXT_WIDTH_MM))
                .bottom(PAGE_HEIGHT as i32 - mm(MARGIN_TOP_MM) - mm(TEXT_HEIGHT_MM))
                // The page number's line sits 7 mm under the text block (§7.5).
                .footer(PAGE_HEIGHT as i32 - mm(MARGIN_TOP_MM) - mm(TEXT_HEIGHT_MM) - mm(7.0) - 400)
                .header(mm(15.0)),
        )
        .default_fonts(body_fonts(FONT_BODY))
        .default_size(SIZE_3)
        .default_spacing(char_spacing());
    docx.document = docx.document.doc_grid(DocGrid::new().grid_type(DocGridType::Lines).line_pitch(line_pitch()));
    docx
}

pub(crate) fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(east_asia).hi_ansi(east_asia)
}

pub(crate) fn body_fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(FONT_LATIN).hi_ansi(FONT_LATIN)
}

pub(crate) fn text_width_twips() -> usize {
    mm(TEXT_WIDTH_MM) as usize
}

/// Width of a line in characters: a CJK character counts one, a digit or Latin letter half.
fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

fn border(position: ParagraphBorderPosition, kind: BorderType, size: usize, color: &str) -> ParagraphBorder {
    ParagraphBorder::new(position).val(kind).size(size).space(1).color(color)
}

fn red_border(position: ParagraphBorderPosition, kind: BorderType) -> ParagraphBorders {
    ParagraphBorders::with_empty().set(border(position, kind, 12, RED))
}

pub(crate) fn blank() -> Paragraph {
    Paragraph::new()
}

pub(crate) fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .snap_to_grid(false)
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(line_pitch() as i32))
        .add_run(Run::new().add_text(text).fonts(fonts(FONT_TITLE)).size(SIZE_2).character_spacing(0))
}

fn heiti_run(text: &str) -> Run {
    Run::new().add_text(text).fonts(body_fonts(FONT_H1))
}

/// A body line: indented two characters, or flush left (the addressee).
fn body_line(text: &str, indent: bool) -> Paragraph {
    let p = Paragraph::new().align(AlignmentType::Both);
    let p = if indent { p.indent(None, Some(SpecialIndentType::FirstLine(640)), None, None) } else { p };
    p.add_run(Run::new().add_text(text))
}

/// A line flush right, `chars` characters from the right edge.
fn right_at(text: &str, chars: f64) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Right)
        .indent(None, None, Some((chars * 320.0).round() as i32), None)
        .add_run(Run::new().add_text(text))
}

pub(crate) fn add_blocks(mut docx: Docx, blocks: &[Block]) -> Result<Docx, DocumentError> {
    let mut counter = Counter::default();
    for block in blocks {
        docx = match block {
            Block::Paragraph(text) => docx.add_paragraph(body_line(text, true)),
            Block::Heading { level, text } => {
                let number = counter.next(*level)?;
                let run = match level {
                    1 => heiti_run(&format!("{number}{text}")),
                    2 => Run::new().add_text(format!("{number}{text}")).fonts(body_fonts(FONT_H2)),
                    _ => Run::new().add_text(format!("{number}{text}")),
                };
                docx.add_paragraph(
                    Paragraph::new()
                        .keep_next(true)
                        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                        .add_run(run),
                )
            }
            Block::Table(t) => docx.add_table(table(t)),
        };
    }
    Ok(docx)
}

fn table(t: &DocTable) -> Table {
    let total = text_width_twips();
    let weights: Vec<u32> = if t.widths.len() == t.headers.len() && t.widths.iter().any(|w| *w > 0) {
        t.widths.clone()
    } else {
        vec![1; t.headers.len()]
    };
    let sum: u32 = weights.iter().sum::<u32>().max(1);
    let grid: Vec<usize> = weights.iter().map(|w| total * *w as usize / sum as usize).collect();
    let cell = |text: &str, width: usize, head: bool| {
        let run = Run::new().add_text(text).size(24);
        let run = if head { run.fonts(body_fonts(FONT_H1)) } else { run };
        TableCell::new()
            .width(width, WidthType::Dxa)
            .add_paragraph(Paragraph::new().snap_to_grid(false).align(AlignmentType::Center).add_run(run))
    };
    let header = TableRow::new(t.headers.iter().zip(&grid).map(|(h, w)| cell(h, *w, true)).collect())
        .row_height(HEADER_ROW_HEIGHT);
    let rows = t.rows.iter().map(|r| TableRow::new(r.iter().zip(&grid).map(|(c, w)| cell(c, *w, false)).collect()));
    Table::new(std::iter::once(header).chain(rows).collect()).set_grid(grid).width(total, WidthType::Dxa)
}

/// A table's header row is marked with this minimum height (twips) so [`pack`] can make it
/// repeat on every page (`w:tblHeader`), which docx-rs 0.4 cannot write; no other row has a
/// height set.
const HEADER_ROW_HEIGHT: f32 = 397.0;

/// The DOCX package of `docx`, its tables' header rows repeated at the top of each page they
/// run onto.
pub(crate) fn pack(docx: Docx) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let mut built = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut built).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(built.into_inner())).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let marker = format!(r#"<w:trHeight w:val="{HEADER_ROW_HEIGHT}" w:hRule="atLeast" />"#);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.into_owned();
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name.as_str(), options).map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            bytes = xml.replace(&marker, &format!("<w:tblHeader />{marker}")).into_bytes();
        }
        out.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

/// 附件：1．… under the body, two characters in, the later lines aligned with the first name.
fn attachment_note(attachments: &[Attachment]) -> Vec<Paragraph> {
    if let [only] = attachments {
        return vec![body_line(&format!("附件：{}", only.title), true)];
    }
    attachments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let text =
                if i == 0 { format!("附件：{}．{}", i + 1, a.title) } else { format!("{}．{}", i + 1, a.title) };
            let p = Paragraph::new().add_run(Run::new().add_text(text));
            // The first line starts two characters in; the others under the first number.
            if i == 0 { p.indent(Some(640), None, None, None) } else { p.indent(Some(640 + 960), None, None, None) }
        })
        .collect()
}

/// The page number `— 1 —` in 4号宋体, one character in from the outer edge.
fn page_number_footer(align: AlignmentType) -> Footer {
    let run = || Run::new().size(SIZE_4).fonts(fonts(FONT_PAGE_NUMBER));
    let side = match align {
        AlignmentType::Left => (Some(280), None),
        _ => (None, Some(280)),
    };
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(align)
            .snap_to_grid(false)
            .indent(side.0, None, side.1, None)
            .add_run(run().add_text("— "))
            .add_run(run().add_field_char(FieldCharType::Begin, false))
            .add_run(run().add_instr_text(InstrText::PAGE(InstrPAGE {})))
            .add_run(run().add_field_char(FieldCharType::Separate, false))
            .add_run(run().add_text("1"))
            .add_run(run().add_field_char(FieldCharType::End, false))
            .add_run(run().add_text(" —")),
    )
}

// ---- letters from the records ------------------------------------------------------------

/// 2026年6月10日.
fn day(d: Date) -> String {
    date_text(d)
}

/// A letter for a unit's batch, in words, under `number` (the issued one, or what a preview
/// prints): the 交办函 with its 交办建议清单, the 催办函 with the items near due and overdue.
pub fn batch_letter(kind: Kind, batch: &Batch, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let earliest = batch.lines.iter().filter_map(|l| l.due_on).min();
    let overdue = batch.lines.iter().filter(|l| l.overdue).count();
    let values = [
        ("人大", batch.congress_name.clone()),
        ("年度", today.year().to_string()),
        ("单位", batch.unit_name.clone()),
        ("件数", batch.lines.len().to_string()),
        ("逾期件数", overdue.to_string()),
        ("办理期限", earliest.map_or_else(|| "规定期限".to_string(), day)),
    ];
    let (headers, widths, attachment): (Vec<&str>, Vec<u32>, &str) = match kind {
        Kind::Reminder => (
            vec!["序号", "建议编号", "建议标题", "领衔代表", "答复期限", "状态"],
            vec![3, 6, 10, 5, 7, 5],
            "临期和逾期建议清单",
        ),
        _ => (
            vec!["序号", "建议编号", "建议标题", "领衔代表", "办理方式", "答复期限"],
            vec![3, 6, 10, 5, 5, 7],
            "交办建议清单",
        ),
    };
    let rows = batch
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let due = l.due_on.map_or_else(String::new, day);
            let mut row = vec![(i + 1).to_string(), l.number.clone(), l.title.clone(), l.lead.clone()];
            match kind {
                Kind::Reminder => row.extend([due, if l.overdue { "已逾期" } else { "临近期限" }.to_string()]),
                _ => row.extend([l.role.to_string(), due]),
            }
            row
        })
        .collect();
    let table = DocTable { headers: headers.into_iter().map(String::from).collect(), widths, rows };
    let body = t.fill(&values).into_iter().map(Block::Paragraph).collect();
    let addressee = Some(batch.unit_name.clone());
    OfficialDocument {
        attachments: vec![Attachment { title: attachment.into(), blocks: vec![Block::Table(table)] }],
        ..OfficialDocument::on_template(kind, t, number, today, letter_title(kind), addressee, body)
    }
}

pub fn letter_title(kind: Kind) -> String {
    match kind {
        Kind::Reminder => "关于抓紧办理代表建议的函",
        _ => "关于交办代表建议的函",
    }
    .into()
}

/// The 审议意见书 for review opinions, in words, under `number`: the template's paragraphs, then
/// the opinions as approved, one paragraph a line.
pub fn review_letter(r: &ReviewSource, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let values = [
        ("人大", r.congress_name.clone()),
        ("年度", today.year().to_string()),
        ("机关", r.body_name.clone()),
        ("议题", r.topic.clone()),
        ("期限", r.due_on.map_or_else(|| "规定期限".to_string(), day)),
    ];
    let mut body: Vec<Block> = t.fill(&values).into_iter().map(Block::Paragraph).collect();
    body.extend(r.text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Block::Paragraph(l.to_string())));
    let addressee = Some(r.body_name.clone());
    OfficialDocument::on_template(Kind::ReviewOpinion, t, number, today, review_title(r), addressee, body)
}

/// 关于《…》的审议意见.
pub fn review_title(r: &ReviewSource) -> String {
    format!("关于《{}》的审议意见", r.topic.trim_start_matches('《').trim_end_matches('》'))
}

/// 2026年12月10日（星期四）.
pub fn date_with_weekday(d: Date) -> String {
    const DAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    let i = usize::try_from(d.weekday().to_monday_one_offset() - 1).unwrap_or(0);
    format!("{}（星期{}）", date_text(d), DAYS[i % 7])
}

/// The 接待公告 of a reception day, in words, under `number`: the template's paragraphs (the
/// day and hours, the receiving deputies, the station and where it is), then the topic and the
/// station's phone when there are. A 公告 is for everyone: it has no 主送机关.
pub fn reception_notice(r: &ReceptionSource, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let values = [
        ("人大", r.congress_name.clone()),
        ("联络站", r.station_name.clone()),
        ("日期", format!("{}{}", date_with_weekday(r.on), r.hours)),
        ("地点", r.address.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| r.station_name.clone())),
        ("代表", r.deputies.join("、")),
    ];
    let mut body: Vec<Block> = t.fill(&values).into_iter().map(Block::Paragraph).collect();
    let topic = r.topic.trim();
    if !topic.is_empty() {
        body.push(Block::Paragraph(format!("本次接待的主题是：{}。", topic.trim_end_matches('。'))));
    }
    if let Some(phone) = r.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        body.push(Block::Paragraph(format!("联系电话：{phone}。")));
    }
    OfficialDocument::on_template(Kind::ReceptionNotice, t, number, today, reception_title(r), None, body)
}

/// 关于示范市人大代表联络站（市民中心）2026年12月10日代表接待活动的公告.
pub fn reception_title(r: &ReceptionSource) -> String {
    format!("关于{}{}代表接待活动的公告", r.station_name, date_text(r.on))
}

#[cfg(test)]
pub(crate) mod tests;
