//! PDF through LibreOffice, when the server has it: `soffice --headless --convert-to pdf` on a
//! DOCX in a temporary folder, with a user profile of its own per conversion (two at once would
//! otherwise share one and the second would fail). Without LibreOffice the pages offer the DOCX
//! only and say so.

use std::process::Command;

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No `soffice` on this machine.
    #[error("本平台所在的服务器未安装 LibreOffice，公文只能下载 DOCX 格式。")]
    Unavailable,
    #[error("无法生成 PDF：{0}")]
    Failed(String),
}

/// Whether LibreOffice answers on this machine.
pub fn available() -> bool {
    Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The DOCX as a PDF.
pub fn docx_to_pdf(docx: &[u8]) -> Result<Vec<u8>, PdfError> {
    let dir = tempfile::tempdir().map_err(|e| PdfError::Failed(e.to_string()))?;
    let input = dir.path().join("document.docx");
    std::fs::write(&input, docx).map_err(|e| PdfError::Failed(e.to_string()))?;
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = Command::new("soffice")
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .env("HOME", dir.path())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                PdfError::Unavailable
            } else {
                PdfError::Failed(e.to_string())
            }
        })?;
    let pdf = dir.path().join("document.pdf");
    if !out.status.success() || !pdf.exists() {
        return Err(PdfError::Failed(String::from_utf8_lossy(&out.stderr).trim().chars().take(200).collect()));
    }
    std::fs::read(&pdf).map_err(|e| PdfError::Failed(e.to_string()))
}
