//! Uploaded files, shared by every module that takes them (suggestion replies, activity
//! photos, archive evidence, documents' attachments, major matters): the checks an upload must
//! pass (type judged by content, size, name cleaned) and the table that keeps each file once by
//! its hash.

use crate::{Result, StoreError};
use renda_core::ValidationError;
use sqlx::AnyConnection;

/// The most files one form takes, and the largest file.
pub const MAX_FILES: usize = 5;
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// A file as uploaded with a form.
#[derive(Clone, Debug)]
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// An upload that passed the checks: its type known from its first bytes, its hash computed.
pub(crate) struct CheckedUpload<'a> {
    pub(crate) filename: String,
    pub(crate) bytes: &'a [u8],
    mime: &'static str,
    pub(crate) hash: String,
}

impl CheckedUpload<'_> {
    /// Stores the bytes once by their hash (a second upload of the same file adds nothing).
    pub(crate) async fn save(&self, conn: &mut AnyConnection, now: &str) -> Result<()> {
        keep(conn, &self.hash, self.bytes, self.mime, now).await
    }
}

/// A DOCX file's media type.
pub const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Keeps bytes once by their hash (a second copy adds nothing).
async fn keep(conn: &mut AnyConnection, hash: &str, bytes: &[u8], mime: &str, now: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO files (hash, size, mime, data, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING",
    )
    .bind(hash)
    .bind(bytes.len() as i64)
    .bind(mime)
    .bind(bytes.to_vec())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps a file the platform made itself (an issued document); returns its hash.
pub(crate) async fn save_generated(conn: &mut AnyConnection, bytes: &[u8], mime: &str, now: &str) -> Result<String> {
    use sha2::Digest;
    let hash = hex::encode(sha2::Sha256::digest(bytes));
    keep(conn, &hash, bytes, mime, now).await?;
    Ok(hash)
}

impl Upload {
    /// Accepts PDF, PNG, JPEG and DOCX up to [`MAX_FILE_BYTES`], judged by content, not by the
    /// name a browser sent.
    pub(crate) fn check(&self) -> Result<CheckedUpload<'_>> {
        let name: String = self
            .filename
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(100)
            .collect();
        let bad = |m: String| StoreError::from(ValidationError::new("files", m));
        if self.bytes.is_empty() {
            return Err(bad(format!("文件“{name}”是空的")));
        }
        if self.bytes.len() > MAX_FILE_BYTES {
            return Err(bad(format!("文件“{name}”超过{}MB", MAX_FILE_BYTES / 1024 / 1024)));
        }
        let b = &self.bytes;
        let lower = name.to_lowercase();
        let mime = if b.starts_with(b"%PDF-") {
            "application/pdf"
        } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else if b.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
            DOCX_MIME
        } else {
            return Err(bad(format!("文件“{name}”的类型不受支持：只接受 PDF、PNG、JPEG 图片和 DOCX 文档")));
        };
        use sha2::Digest;
        let hash = hex::encode(sha2::Sha256::digest(b));
        Ok(CheckedUpload { filename: if name.is_empty() { "附件".into() } else { name }, bytes: b, mime, hash })
    }
}
