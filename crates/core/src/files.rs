//! Uploaded files, whichever form takes them (suggestion replies, activity photos, archive
//! evidence, documents' attachments, major matters): what an upload must be to be kept — a PDF,
//! PNG, JPEG or DOCX judged by its content, not empty, not too large — and the name it is kept
//! under. The store keeps each file once by its hash.

use crate::ValidationError;

/// The most files one form takes, and the largest file.
pub const MAX_FILES: usize = 5;
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// An upload accepted: the name it is kept under and its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub filename: String,
    pub mime: &'static str,
}

/// Accepts PDF, PNG, JPEG and DOCX up to [`MAX_FILE_BYTES`], judged by content, not by the
/// name a browser sent. The name kept is the last part of the path sent, without control
/// characters, at most 100 characters (附件 when nothing is left).
/// A DOCX file's media type.
pub const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

pub fn check_upload(filename: &str, bytes: &[u8]) -> Result<Accepted, ValidationError> {
    let name: String =
        filename.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(100).collect();
    let bad = |m: String| ValidationError::new("files", m);
    if bytes.is_empty() {
        return Err(bad(format!("文件“{name}”是空的")));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(bad(format!("文件“{name}”超过{}MB", MAX_FILE_BYTES / 1024 / 1024)));
    }
    let lower = name.to_lowercase();
    let mime = if bytes.starts_with(b"%PDF-") {
        "application/pdf"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
        DOCX_MIME
    } else {
        return Err(bad(format!("文件“{name}”的类型不受支持：只接受 PDF、PNG、JPEG 图片和 DOCX 文档")));
    };
    Ok(Accepted { filename: if name.is_empty() { "附件".into() } else { name }, mime })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_judged_by_their_content() {
        let pdf = check_upload("C:\\文件\\报告.pdf", b"%PDF-1.7 ...").expect("a pdf");
        assert_eq!(pdf, Accepted { filename: "报告.pdf".into(), mime: "application/pdf" });
        assert_eq!(check_upload("a/b/图.png", b"\x89PNG\r\n\x1a\nxx").expect("png").mime, "image/png");
        assert_eq!(check_upload("照片.jpg", &[0xFF, 0xD8, 0xFF, 0]).expect("jpeg").mime, "image/jpeg");
        assert!(check_upload("意见.docx", b"PK\x03\x04...").is_ok());
        // A zip is not a DOCX for its first bytes alone, and a name does not make a PDF.
        let zip = check_upload("压缩包.zip", b"PK\x03\x04...").expect_err("a zip");
        assert_eq!(zip.message, "文件“压缩包.zip”的类型不受支持：只接受 PDF、PNG、JPEG 图片和 DOCX 文档");
        assert!(check_upload("假的.pdf", b"MZ\x90\x00").is_err());
        assert_eq!(check_upload("a.pdf", b"").expect_err("empty").message, "文件“a.pdf”是空的");
        let big = vec![b'%'; MAX_FILE_BYTES + 1];
        assert_eq!(check_upload("大.pdf", &big).expect_err("large").message, "文件“大.pdf”超过10MB");
        assert_eq!(check_upload("dir/", b"%PDF-").expect("no name").filename, "附件");
        let long = format!("{}.pdf\u{7}", "长".repeat(120));
        assert_eq!(check_upload(&long, b"%PDF-").expect("long name").filename.chars().count(), 100);
        assert_eq!(check_upload("a.pdf", b"").expect_err("field").field, "files");
    }
}
