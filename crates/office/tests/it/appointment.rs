//! The 任命书 and the 任免公告 through LibreOffice, as a reader sees them: each converted to PDF
//! and its page rasterised (the helpers of [`crate::official`]), one A4 page with red at the top —
//! the certificate's frame, closed on the same page, around its red title; the 公告's red mark.
//! Skips without LibreOffice and poppler-utils unless `RENDA_REQUIRE_SOFFICE` is set.

use crate::official::{pdf_first_page, soffice_here};
use jiff::civil::date;
use renda_core::official::Kind;
use renda_core::official::appointment::{Action, CertificateTemplate, Decision, Entry};
use renda_office::appointment::{appointment_notice, certificate};
use std::path::Path;
use std::process::Command;

fn decision() -> Decision {
    let entry = |name: &str, post: &str, action| Entry { name: name.into(), post: post.into(), action };
    Decision {
        congress: "示范市人民代表大会".into(),
        meeting: "示范市第十七届人民代表大会常务委员会第二十次会议".into(),
        decided_on: date(2026, 12, 5),
        entries: vec![
            entry("张三", "示范市教育局局长", Action::Appoint),
            entry("王五", "示范市教育局局长", Action::Remove),
            entry("李四", "示范市卫生健康委员会主任", Action::Appoint),
            entry("孙七", "示范市人民政府副市长", Action::AcceptResignation),
        ],
    }
}

/// How many pages the PDF next to `docx` has (`pdfinfo`, from poppler-utils like `pdftoppm`).
fn pages(docx: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(docx.with_extension("pdf")).output().expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&out.stdout).to_string();
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap_or_else(|| panic!("a page count: {info}"));
    line["Pages:".len()..].trim().parse().expect("a number")
}

fn is_red(p: &[u8]) -> bool {
    p[0] > 200 && p[1] < 90 && p[2] < 90
}

/// The page as rows of how many red pixels each holds.
fn red_per_row(w: usize, h: usize, rgb: &[u8]) -> Vec<usize> {
    (0..h).map(|y| (0..w).filter(|x| is_red(&rgb[(y * w + x) * 3..(y * w + x) * 3 + 3])).count()).collect()
}

#[test]
fn the_certificate_is_one_a4_page_in_a_red_frame_with_its_red_title_at_the_top() {
    if !soffice_here() {
        return;
    }
    let d = decision();
    let mut t = CertificateTemplate::default_for(&d.congress);
    t.signer = "陈志远".into();
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = dir.path().join("certificate.docx");
    std::fs::write(&docx, certificate(&d.entries[2], &d, &t, "示人常任〔2026〕6号").expect("lays out"))
        .expect("written");
    let (w, h, rgb) = pdf_first_page(dir.path(), &docx);
    assert_eq!(pages(&docx), 1, "one page");
    assert!((247..=249).contains(&w) && (350..=352).contains(&h), "an A4 page, got {w} × {h}");
    let red = red_per_row(w, h, &rgb);
    // The frame: red lines across most of the width, the top one in the upper quarter and a
    // bottom one on the same page, near its foot.
    let across: Vec<usize> = (0..h).filter(|y| red[*y] > w / 2).collect();
    let (top, bottom) = (*across.first().expect("the frame's top"), *across.last().expect("its bottom"));
    assert!(top < h / 4, "the frame starts at row {top} of {h}");
    assert!(bottom > h * 3 / 4 && bottom < h - 10, "the frame closes on the page, at row {bottom} of {h}");
    // Its sides: red in every row between.
    assert!((top..=bottom).all(|y| red[y] >= 2), "the frame's sides run from top to bottom");
    // The title: red that is not a frame line, in the upper third, inside the frame.
    let title: Vec<usize> = (top + 3..h / 3).filter(|y| red[*y] > 6 && red[*y] <= w / 2).collect();
    assert!(title.len() >= 5, "the red title near the top ({} rows)", title.len());
    // And the text in black below it.
    let dark =
        (h / 3..bottom).filter(|y| (0..w).any(|x| rgb[(y * w + x) * 3 + 1] < 80 && rgb[(y * w + x) * 3] < 80)).count();
    assert!(dark > 15, "the certificate's text is on the page ({dark} dark rows)");
}

#[test]
fn the_appointment_notice_is_one_a4_page_with_the_red_mark_at_the_top() {
    if !soffice_here() {
        return;
    }
    let d = decision();
    let t = Kind::AppointmentNotice.default_template(&d.congress);
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = dir.path().join("notice.docx");
    let doc = appointment_notice(&d, &t, "示人常公〔2026〕1号", date(2026, 12, 6));
    std::fs::write(&docx, doc.to_docx().expect("lays out")).expect("written");
    let (w, h, rgb) = pdf_first_page(dir.path(), &docx);
    assert_eq!(pages(&docx), 1, "one page");
    assert!((247..=249).contains(&w) && (350..=352).contains(&h), "an A4 page, got {w} × {h}");
    let red = red_per_row(w, h, &rgb);
    let first = red.iter().position(|n| *n > 0).expect("red on the page");
    assert!(first < h / 4, "the red mark starts at row {first} of {h}");
    let dark = (h / 3..h * 3 / 4).filter(|y| (0..w).any(|x| rgb[(y * w + x) * 3] < 80)).count();
    assert!(dark > 10, "the body's lines are on the page ({dark} dark rows)");
}
