//! A deputy's duty archive (履职档案) as a file for the paper record: DOCX (A4, 仿宋, a cover
//! block, the items as a table, the score line by line) and XLSX (a sheet of items and a sheet
//! of the score). Pure functions from [`ArchiveExport`] — plain text the web tier has already
//! put into words — to bytes.
//!
//! The DOCX is laid out by the official documents' engine ([`crate::official`], on `docx-rs`):
//! the same GB/T 9704 page, fonts, page-number footer, headings and tables.

use crate::official::{self, Block, DocTable};
use docx_rs::{AlignmentType, BreakType, DocumentChild, Docx, Paragraph, Run, SpecialIndentType, TableChild};
use rust_xlsxwriter::{Format, Workbook};

/// Everything the exported archive says, already in Chinese.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArchiveExport {
    pub name: String,
    pub congress: String,
    /// 第十九届.
    pub term: String,
    pub year: i16,
    /// Basic information: (label, value), e.g. ("代表团（选区）", "第一选区").
    pub basic: Vec<(String, String)>,
    pub items: Vec<ExportItem>,
    pub score: Option<ExportScore>,
}

/// One item of the archive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportItem {
    pub date: String,
    pub kind: String,
    pub quantity: String,
    /// Where it comes from: 平台记录（建议）, 代表本人申报 …
    pub source: String,
    /// 已计入 / 待审核 / 未通过核实.
    pub status: String,
}

/// The year's score, explained.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportScore {
    /// The rule table's name and version: 银川市…（第1版，2025-01-01起施行）.
    pub rules: String,
    /// One sentence per line: "参加视察 3 次 × 3 分 = 9 分".
    pub lines: Vec<String>,
    pub total: String,
    pub band: String,
}

#[derive(Debug, thiserror::Error)]
#[error("无法生成履职档案文件：{0}")]
pub struct ArchiveExportError(String);

impl ArchiveExport {
    /// 某某代表履职档案（2025年度）.
    pub fn title(&self) -> String {
        format!("{}代表履职档案（{}年度）", self.name, self.year)
    }
}

/// Text as the document may hold it: XML 1.0 forbids most control characters, which a name or
/// an item typed elsewhere could carry; `docx-rs` escapes markup but passes them through.
fn clean(s: &str) -> String {
    s.chars().filter(|c| (*c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')).collect()
}

/// A line of the cover, centred.
fn cover_line(text: &str) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(clean(text)))
}

/// A table of the engine's, its rows kept whole across pages.
fn list(headers: &[&str], widths: Vec<u32>, rows: Vec<Vec<String>>) -> Block {
    Block::Table(DocTable {
        headers: headers.iter().map(|h| (*h).to_string()).collect(),
        widths,
        rows: rows.into_iter().map(|r| r.iter().map(|c| clean(c)).collect()).collect(),
    })
}

/// The sections after the cover, as the engine's blocks: its level-1 headings number them
/// 一、二、三.
fn sections(a: &ArchiveExport) -> Vec<Block> {
    let heading = |text: &str| Block::Heading { level: 1, text: text.into() };
    let mut blocks = vec![heading("基本情况")];
    let basic = a.basic.iter().map(|(k, v)| vec![k.clone(), v.clone()]).collect();
    blocks.push(list(&["项目", "内容"], vec![1, 3], basic));
    blocks.push(heading("履职事项"));
    if a.items.is_empty() {
        blocks.push(Block::Paragraph("本年度暂无履职事项。".into()));
    } else {
        let rows = a
            .items
            .iter()
            .map(|i| vec![i.date.clone(), i.kind.clone(), i.quantity.clone(), i.source.clone(), i.status.clone()])
            .collect();
        blocks.push(list(&["日期", "事项", "数量", "来源", "状态"], vec![4, 6, 3, 5, 3], rows));
    }
    blocks.push(heading("年度履职得分"));
    match &a.score {
        Some(s) => {
            blocks.push(Block::Paragraph(clean(&format!("评分细则：{}", s.rules))));
            blocks.extend(s.lines.iter().map(|l| Block::Paragraph(clean(l))));
        }
        None => blocks.push(Block::Paragraph("本年度尚未发布评分细则，暂不计分。".into())),
    }
    blocks
}

/// The archive as a DOCX file, on the official documents' page (`official::page`: A4, the
/// GB/T 9704 margins and line grid, 3号仿宋, `— 1 —` page numbers): a cover, then 一、基本情况,
/// 二、履职事项 and 三、年度履职得分 with the total in bold.
pub fn archive_docx(a: &ArchiveExport) -> Result<Vec<u8>, ArchiveExportError> {
    let mut docx = official::page(Docx::new());
    // The cover (封面): the title a third down the page, then who and which year; the
    // sections start on the next page.
    for _ in 0..5 {
        docx = docx.add_paragraph(official::blank());
    }
    docx = docx.add_paragraph(official::title("代表履职档案"));
    for _ in 0..3 {
        docx = docx.add_paragraph(official::blank());
    }
    for line in [format!("姓名：{}", a.name), format!("人大：{}", a.congress), format!("届次：{}", a.term)] {
        docx = docx.add_paragraph(cover_line(&line));
    }
    docx =
        docx.add_paragraph(cover_line(&format!("年度：{}年", a.year)).add_run(Run::new().add_break(BreakType::Page)));
    let blocks = sections(a);
    docx = official::add_blocks(docx, &blocks).map_err(|e| ArchiveExportError(e.to_string()))?;
    // The tables' rows are kept whole across pages.
    for child in &mut docx.document.children {
        if let DocumentChild::Table(t) = child {
            t.rows = std::mem::take(&mut t.rows)
                .into_iter()
                .map(|TableChild::TableRow(r)| TableChild::TableRow(r.cant_split()))
                .collect();
        }
    }
    if let Some(s) = &a.score {
        let band = if s.band.is_empty() { String::new() } else { format!("，等次：{}", s.band) };
        docx = docx.add_paragraph(
            Paragraph::new()
                .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                .add_run(Run::new().add_text(clean(&format!("合计：{} 分{band}", s.total))).bold()),
        );
    }
    official::pack(docx).map_err(ArchiveExportError)
}

/// The archive as an XLSX workbook: 履职事项 (a heading block, then one row per item) and
/// 年度得分 (one row per explained line, then the total).
pub fn archive_xlsx(a: &ArchiveExport) -> Result<Vec<u8>, ArchiveExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ArchiveExportError(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("履职事项").map_err(err)?;
    ws.write_string_with_format(0, 0, a.title(), &bold).map_err(err)?;
    ws.write_string(1, 0, format!("{} · {}", a.congress, a.term)).map_err(err)?;
    let mut r = 2u32;
    for (k, v) in &a.basic {
        ws.write_string(r, 0, k).map_err(err)?;
        ws.write_string(r, 1, v).map_err(err)?;
        r += 1;
    }
    r += 1;
    for (c, h) in ["日期", "事项", "数量", "来源", "状态"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &bold).map_err(err)?;
    }
    for i in &a.items {
        r += 1;
        for (c, v) in [&i.date, &i.kind, &i.quantity, &i.source, &i.status].iter().enumerate() {
            ws.write_string(r, c as u16, v.as_str()).map_err(err)?;
        }
    }
    for (c, w) in [14.0, 24.0, 8.0, 22.0, 12.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("年度得分").map_err(err)?;
    match &a.score {
        Some(s) => {
            ws.write_string_with_format(0, 0, "评分细则", &bold).map_err(err)?;
            ws.write_string(0, 1, &s.rules).map_err(err)?;
            let mut r = 1u32;
            for l in &s.lines {
                ws.write_string(r, 1, l).map_err(err)?;
                r += 1;
            }
            ws.write_string_with_format(r, 0, "合计", &bold).map_err(err)?;
            ws.write_string(r, 1, &s.total).map_err(err)?;
            if !s.band.is_empty() {
                ws.write_string_with_format(r + 1, 0, "等次", &bold).map_err(err)?;
                ws.write_string(r + 1, 1, &s.band).map_err(err)?;
            }
        }
        None => {
            ws.write_string(0, 0, "本年度尚未发布评分细则，暂不计分。").map_err(err)?;
        }
    }
    ws.set_column_width(0, 10.0).map_err(err)?;
    ws.set_column_width(1, 70.0).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped_and_the_rest_kept() {
        assert_eq!(clean("a<b>&\"c\u{1}\td\u{1f}"), "a<b>&\"c\td");
    }
}
