//! The documents of an appointment decision (人事任免, `renda_core::official::appointment`):
//!
//! - [`certificate`]: the 任命书, a one-page A4 certificate on the congress's own template — not
//!   a 公文, so no red 版头, number register line or 版记: a red double frame (docx-rs 0.4.22
//!   writes no page borders, so the frame is a single-cell table with a red double border), the
//!   title in large red 小标宋, the number, the legal basis, "任命张三为…。", the standing
//!   committee with its 主任's title and name, and the date in Chinese numerals, on the
//!   official page ([`official::page_setup`](crate::official), without page numbers).
//! - [`appointment_notice`]: the 任免公告, a 公文 in the general format laid out by
//!   [`official`](crate::official): titled "{常委会全称}公告", no addressee, the body worded by
//!   `notice_paragraphs`, signed by the standing committee.

use crate::official::{
    Block, DocumentError, FONT_BODY, FONT_TITLE, OfficialDocument, RED, SIZE_3, body_fonts, chinese_number, date_text,
    fonts, mm, page_setup, text_width_twips,
};
use docx_rs::{
    AlignmentType, BorderType, Docx, HeightRule, LineSpacing, LineSpacingType, Paragraph, Run, SpecialIndentType,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableRow, VAlignType,
    WidthType,
};
use jiff::civil::Date;
use renda_core::official::Kind;
use renda_core::official::Template;
use renda_core::official::appointment::{
    CertificateTemplate, Decision, Entry, certificate_sentence, notice_paragraphs,
};

/// The title's size in half-points: 小初, 36 pt.
pub const CERTIFICATE_TITLE_SIZE: usize = 72;
/// The text's size in half-points: 小二, 18 pt.
pub const CERTIFICATE_TEXT_SIZE: usize = 36;
/// The frame: a red double line, each of its lines 1.5 pt (`w:sz` in eighths of a point).
pub const FRAME_SIZE: usize = 12;
/// The frame's height in twips: the official page's text block (225 mm) less a line, so the
/// paragraph a document ends with stays on the one page.
pub const FRAME_HEIGHT: u32 = 12400;

/// 二〇二六年十二月五日: a certificate's date in Chinese numerals.
pub fn chinese_date(d: Date) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let year: String = d.year().to_string().chars().map(|c| c.to_digit(10).map_or(c, |n| DIGITS[n as usize])).collect();
    format!("{year}年{}月{}日", chinese_number(d.month() as u32), chinese_number(d.day() as u32))
}

/// A paragraph of the certificate: off the line grid, at an exact line height in twips.
fn line(align: AlignmentType, height: i32, before: u32) -> Paragraph {
    Paragraph::new()
        .align(align)
        .snap_to_grid(false)
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(height).before(before))
}

fn text_run(text: &str) -> Run {
    Run::new().add_text(text).fonts(body_fonts(FONT_BODY)).size(CERTIFICATE_TEXT_SIZE).character_spacing(0)
}

/// The 任命书 of `person` (an appointment of decision `d`) on template `t`, numbered `number`
/// (the issued one, or what a preview prints), as a one-page DOCX.
pub fn certificate(
    person: &Entry,
    d: &Decision,
    t: &CertificateTemplate,
    number: &str,
) -> Result<Vec<u8>, DocumentError> {
    let sentence = certificate_sentence(person).ok_or(DocumentError::NotAnAppointment)?;
    if !d.entries.contains(person) {
        return Err(DocumentError::NotInDecision);
    }
    let blank = |s: &str| s.trim().is_empty();
    for (value, what) in [
        (t.title.as_str(), "标题"),
        (number, "编号"),
        (t.basis.as_str(), "任命依据"),
        (t.signer_title.as_str(), "签署人职务"),
        (t.signer.as_str(), "签署人姓名"),
        (person.name.as_str(), "被任命人姓名"),
        (person.post.as_str(), "职务"),
    ] {
        if blank(value) {
            return Err(DocumentError::CertificateMissing(what));
        }
    }
    let text_line = 640; // 32 pt for 18 pt characters.
    let indent = (CERTIFICATE_TEXT_SIZE * 10 * 2) as i32; // two characters
    let paragraphs = vec![
        // The title, spread out: 任 命 书.
        line(AlignmentType::Center, 1200, 1000).add_run(
            Run::new()
                .add_text(&t.title)
                .fonts(fonts(FONT_TITLE))
                .size(CERTIFICATE_TITLE_SIZE)
                .character_spacing(if t.title.chars().count() <= 4 { 480 } else { 0 })
                .color(RED),
        ),
        line(AlignmentType::Right, 480, 700)
            .add_run(Run::new().add_text(number).fonts(body_fonts(FONT_BODY)).size(SIZE_3).character_spacing(0)),
        line(AlignmentType::Both, text_line, 700)
            .indent(None, Some(SpecialIndentType::FirstLine(indent)), None, None)
            .add_run(text_run(&t.basis_for(d))),
        line(AlignmentType::Both, text_line, 200)
            .indent(None, Some(SpecialIndentType::FirstLine(indent)), None, None)
            .add_run(text_run(&sentence)),
        // The signature block, one character in from the right.
        line(AlignmentType::Right, text_line, 1400)
            .indent(None, None, Some(indent / 2), None)
            .add_run(text_run(&d.committee())),
        line(AlignmentType::Right, text_line, 200)
            .indent(None, None, Some(indent / 2), None)
            .add_run(text_run(&format!("{}　{}", t.signer_title, t.signer))),
        line(AlignmentType::Right, text_line, 200)
            .indent(None, None, Some(indent / 2), None)
            .add_run(text_run(&chinese_date(d.decided_on))),
    ];
    let width = text_width_twips();
    let mut cell = TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Top);
    for p in paragraphs {
        cell = cell.add_paragraph(p);
    }
    let frame = |position| TableBorder::new(position).border_type(BorderType::Double).size(FRAME_SIZE).color(RED);
    let borders = TableBorders::with_empty()
        .set(frame(TableBorderPosition::Top))
        .set(frame(TableBorderPosition::Left))
        .set(frame(TableBorderPosition::Bottom))
        .set(frame(TableBorderPosition::Right));
    let margin = mm(14.0) as usize;
    let table =
        Table::new(vec![TableRow::new(vec![cell]).row_height(FRAME_HEIGHT as f32).height_rule(HeightRule::Exact)])
            .set_grid(vec![width])
            .width(width, WidthType::Dxa)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(mm(4.0) as usize, margin, mm(4.0) as usize, margin));
    let docx = page_setup(Docx::new()).add_table(table).add_paragraph(
        Paragraph::new()
            .snap_to_grid(false)
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(20)),
    );
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| DocumentError::Write(e.to_string()))?;
    Ok(out.into_inner())
}

/// The 任免公告 of decision `d` on the congress's template `t` for
/// [`Kind::AppointmentNotice`], numbered `number`, dated `today`: the decision's wording, with
/// any paragraphs the congress added to its template before "现予公告。".
pub fn appointment_notice(d: &Decision, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let values = [("人大", d.congress.clone()), ("会议", d.meeting.clone()), ("日期", date_text(d.decided_on))];
    let mut body = notice_paragraphs(d);
    let closing = body.pop();
    body.extend(t.fill(&values));
    body.extend(closing);
    let body = body.into_iter().map(Block::Paragraph).collect();
    OfficialDocument::on_template(Kind::AppointmentNotice, t, number, today, notice_title(d), None, body)
}

/// 示范市人民代表大会常务委员会公告.
pub fn notice_title(d: &Decision) -> String {
    format!("{}公告", d.committee())
}

#[cfg(test)]
mod tests;
