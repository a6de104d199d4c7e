//! A deputy's duty archive (履职档案) as a file for the paper record: DOCX (A4, 仿宋, a cover
//! block, the items as a table, the score line by line) and XLSX (a sheet of items and a sheet
//! of the score). Pure functions from [`ArchiveExport`] — plain text the web tier has already
//! put into words — to bytes.
//!
//! The DOCX is written as the minimal OOXML package by hand (three parts in a zip): smaller
//! than a document library, and Word, WPS and LibreOffice all open it.

use rust_xlsxwriter::{Format, Workbook};
use std::io::Write;

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

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 forbids most control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A paragraph in 仿宋 of `half_points` size (32 = 三号, 44 = 二号), optionally bold and centred.
fn para(text: &str, half_points: u32, bold: bool, center: bool, page_break_before: bool) -> String {
    let mut ppr = String::new();
    if page_break_before {
        ppr.push_str("<w:pageBreakBefore/>");
    }
    if center {
        ppr.push_str("<w:jc w:val=\"center\"/>");
    }
    let b = if bold { "<w:b/>" } else { "" };
    format!(
        "<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"FangSong\" w:hAnsi=\"FangSong\" w:eastAsia=\"仿宋\"/>{b}<w:sz w:val=\"{half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml_escape(text)
    )
}

fn cell(text: &str, header: bool) -> String {
    let b = if header { "<w:b/>" } else { "" };
    format!(
        "<w:tc><w:p><w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/>{b}<w:sz w:val=\"24\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
        xml_escape(text)
    )
}

fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut t = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/>\
         <w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>\
         </w:tblBorders></w:tblPr>",
    );
    // The header row repeats on every page.
    t.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for h in headers {
        t.push_str(&cell(h, true));
    }
    t.push_str("</w:tr>");
    for r in rows {
        t.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for c in r {
            t.push_str(&cell(c, false));
        }
        t.push_str("</w:tr>");
    }
    t.push_str("</w:tbl>");
    t
}

/// The body of `word/document.xml`.
fn document_xml(a: &ArchiveExport) -> String {
    let mut body = String::new();
    // The cover (封面).
    body.push_str(&para("代表履职档案", 52, true, true, false));
    body.push_str(&para("", 32, false, false, false));
    body.push_str(&para(&format!("姓名：{}", a.name), 32, false, true, false));
    body.push_str(&para(&format!("人大：{}", a.congress), 32, false, true, false));
    body.push_str(&para(&format!("届次：{}", a.term), 32, false, true, false));
    body.push_str(&para(&format!("年度：{}年", a.year), 32, false, true, false));
    // Basic information.
    body.push_str(&para("一、基本情况", 32, true, false, true));
    let basic: Vec<Vec<String>> = a.basic.iter().map(|(k, v)| vec![k.clone(), v.clone()]).collect();
    body.push_str(&table(&["项目", "内容"], &basic));
    // Items.
    body.push_str(&para("二、履职事项", 32, true, false, false));
    if a.items.is_empty() {
        body.push_str(&para("本年度暂无履职事项。", 32, false, false, false));
    } else {
        let rows: Vec<Vec<String>> = a
            .items
            .iter()
            .map(|i| vec![i.date.clone(), i.kind.clone(), i.quantity.clone(), i.source.clone(), i.status.clone()])
            .collect();
        body.push_str(&table(&["日期", "事项", "数量", "来源", "状态"], &rows));
    }
    // Score.
    body.push_str(&para("三、年度履职得分", 32, true, false, false));
    match &a.score {
        Some(s) => {
            body.push_str(&para(&format!("评分细则：{}", s.rules), 28, false, false, false));
            for l in &s.lines {
                body.push_str(&para(l, 28, false, false, false));
            }
            let band = if s.band.is_empty() { String::new() } else { format!("，等次：{}", s.band) };
            body.push_str(&para(&format!("合计：{} 分{band}", s.total), 32, true, false, false));
        }
        None => body.push_str(&para("本年度尚未发布评分细则，暂不计分。", 28, false, false, false)),
    }
    // A4, margins after GB/T 9704 (top 37 mm, left 28 mm, text block 156 × 225 mm).
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>\
         </w:body></w:document>"
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

/// The archive as a DOCX file.
pub fn archive_docx(a: &ArchiveExport) -> Result<Vec<u8>, ArchiveExportError> {
    let err = |e: &dyn std::fmt::Display| ArchiveExportError(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", RELS.to_owned()),
        ("word/document.xml", document_xml(a)),
    ] {
        zip.start_file(name, opts).map_err(|e| err(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
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
    fn markup_in_names_is_escaped_and_control_characters_dropped() {
        assert_eq!(xml_escape("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c");
    }
}
