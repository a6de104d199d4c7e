//! Official documents through LibreOffice: each format converted to PDF (`soffice --headless`)
//! and its first page rasterised (`pdftoppm`), then checked as a reader sees it: an A4 page with
//! the red issuing-body mark at the top. Needs LibreOffice and poppler-utils; without them the
//! test says so and skips, unless `RENDA_REQUIRE_SOFFICE` is set (`.ci/run` sets it and installs
//! both, with the CJK fonts).

use jiff::civil::date;
use renda_office::official::{Attachment, Block, Direction, DocTable, Format, OfficialDocument};
use std::path::Path;
use std::process::Command;

fn document(format: Format) -> OfficialDocument {
    OfficialDocument {
        format,
        mark: "示范市人民代表大会常务委员会办公室".into(),
        number: renda_core::official::number("示人常办", 2026, 3),
        direction: Direction::Down,
        title: "关于催办代表建议的函".into(),
        addressee: Some("示范市交通运输局".into()),
        body: (1..=30).map(|i| Block::Paragraph(format!("第{i}段：请抓紧办理并按期答复代表。"))).collect(),
        attachments: vec![Attachment {
            title: "临近期限的建议".into(),
            blocks: vec![Block::Table(DocTable {
                headers: vec!["编号".into(), "标题".into()],
                widths: vec![1, 3],
                rows: vec![vec!["第0001号".into(), "关于优化公交线路的建议".into()]],
            })],
        }],
        signature: "示范市人大常委会办公室".into(),
        date: date(2026, 12, 7),
        copy_to: vec!["示范市人民政府办公室".into()],
        printed: Some(("示范市人大常委会办公室".into(), date(2026, 12, 7))),
    }
}

fn have(tool: &str, version_flag: &str) -> bool {
    Command::new(tool).arg(version_flag).output().is_ok_and(|o| o.status.success())
}

/// Whether LibreOffice and poppler-utils are here to render pages; without them a test says so
/// and skips — unless `RENDA_REQUIRE_SOFFICE` is set, where their absence fails it.
pub(crate) fn soffice_here() -> bool {
    if have("soffice", "--version") && have("pdftoppm", "-v") {
        return true;
    }
    assert!(
        std::env::var_os("RENDA_REQUIRE_SOFFICE").is_none(),
        "RENDA_REQUIRE_SOFFICE is set but LibreOffice (soffice) or pdftoppm is missing"
    );
    eprintln!("skipped: LibreOffice (soffice) or pdftoppm (poppler-utils) is not installed");
    false
}

/// A binary PPM (P6): width, height and the RGB bytes.
fn read_ppm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).expect("ascii header").to_string());
    }
    assert_eq!(fields[0], "P6", "a binary PPM");
    let (w, h) = (fields[1].parse().expect("width"), fields[2].parse().expect("height"));
    (w, h, &bytes[i + 1..])
}

pub(crate) fn pdf_first_page(dir: &Path, docx: &Path) -> (usize, usize, Vec<u8>) {
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
    let pdf = docx.with_extension("pdf");
    assert!(pdf.exists(), "LibreOffice made {}", pdf.display());
    // 30 dpi: an A4 page is 248 × 351 pixels.
    let prefix = dir.join("page");
    let out = Command::new("pdftoppm")
        .args(["-r", "30", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "ppm"))
        .expect("a page image");
    let bytes = std::fs::read(&page).expect("the page");
    std::fs::remove_file(&page).expect("cleaned");
    let (w, h, rgb) = read_ppm(&bytes);
    (w, h, rgb.to_vec())
}

#[test]
fn each_format_opens_in_libreoffice_as_a4_pages_with_the_red_mark_at_the_top() {
    if !soffice_here() {
        return;
    }
    for format in [Format::General, Format::Letter] {
        let dir = tempfile::tempdir().expect("temp dir");
        let docx = dir.path().join("doc.docx");
        std::fs::write(&docx, document(format).to_docx().expect("lays out")).expect("written");
        let (w, h, rgb) = pdf_first_page(dir.path(), &docx);
        // A4 at 30 dpi (210 × 297 mm), give or take a pixel of rounding.
        assert!((247..=249).contains(&w) && (350..=352).contains(&h), "{format:?}: an A4 page, got {w} × {h}");
        let (red, dark) = red_top_and_text(w, h, &rgb);
        let first = red.unwrap_or_else(|| panic!("{format:?}: no red on the first page"));
        // The mark starts within the top margin's reach: above 25% of the page's height.
        assert!(first < h / 4, "{format:?}: the red mark starts at row {first} of {h}");
        // And the text is black below it (the body is on the page, not only the mark).
        assert!(dark > 20, "{format:?}: the body's lines are on the page ({dark} dark rows)");
    }
}

/// The page's first row with red on it and how many rows hold dark text in its middle half.
fn red_top_and_text(w: usize, h: usize, rgb: &[u8]) -> (Option<usize>, usize) {
    let px = |x: usize, y: usize| &rgb[(y * w + x) * 3..(y * w + x) * 3 + 3];
    let red = (0..h).find(|y| (0..w).any(|x| px(x, *y)[0] > 200 && px(x, *y)[1] < 90 && px(x, *y)[2] < 90));
    let dark = (h / 4..h * 3 / 4).filter(|y| (0..w).any(|x| px(x, *y).iter().all(|c| *c < 80))).count();
    (red, dark)
}

#[test]
fn every_kind_for_the_demo_city_converts_to_a4_pages_with_the_red_mark_at_the_top() {
    use renda_core::official::{Kind, number};
    if !soffice_here() {
        return;
    }
    let congress = "示范市人民代表大会";
    for kind in Kind::ALL {
        let mut t = kind.default_template(congress);
        t.signatory = "陈志远".into();
        let doc = renda_office::official::specimen(kind, congress, &t, &number(&t.code, 2026, 1), date(2026, 12, 7));
        let dir = tempfile::tempdir().expect("temp dir");
        let docx = dir.path().join(format!("{}.docx", kind.code()));
        std::fs::write(&docx, doc.to_docx().expect("lays out")).expect("written");
        let (w, h, rgb) = pdf_first_page(dir.path(), &docx);
        assert!((247..=249).contains(&w) && (350..=352).contains(&h), "{kind:?}: an A4 page, got {w} × {h}");
        let (red, dark) = red_top_and_text(w, h, &rgb);
        let red = red.unwrap_or_else(|| panic!("{kind:?}: no red on the first page"));
        assert!(red < h / 4, "{kind:?}: the red mark starts at row {red} of {h}");
        assert!(dark > 10, "{kind:?}: the text is on the page ({dark} dark rows)");
    }
}

#[test]
fn a_document_converts_to_pdf_when_libreoffice_is_there_and_says_why_not_otherwise() {
    let docx = document(Format::Letter).to_docx().expect("lays out");
    match renda_office::pdf::docx_to_pdf(&docx) {
        Ok(pdf) => {
            assert!(renda_office::pdf::available());
            assert!(pdf.starts_with(b"%PDF-"), "a PDF");
        }
        Err(renda_office::pdf::PdfError::Unavailable) => {
            assert!(std::env::var_os("RENDA_REQUIRE_SOFFICE").is_none(), "LibreOffice is required here");
            assert!(!renda_office::pdf::available());
            assert!(renda_office::pdf::PdfError::Unavailable.to_string().contains("DOCX"));
            eprintln!("skipped the conversion: LibreOffice (soffice) is not installed");
        }
        Err(e) => panic!("{e}"),
    }
}
