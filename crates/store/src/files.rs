//! Uploaded files, shared by every module that takes them (suggestion replies, activity
//! photos, archive evidence, documents' attachments, major matters): the checks an upload must
//! pass (type judged by content, size, name cleaned) and the table that keeps each file once by
//! its hash.

use crate::Result;
use sqlx::AnyConnection;

/// The most files one form takes, and the largest file (the core's rules).
pub use renda_core::files::{MAX_FILE_BYTES, MAX_FILES};

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

/// A DOCX file's media type (the core's).
pub use renda_core::files::DOCX_MIME;

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
    /// Accepts the upload by the core's rules ([`renda_core::files::check_upload`]: PDF, PNG,
    /// JPEG and DOCX up to [`MAX_FILE_BYTES`], judged by content) and computes its hash.
    pub(crate) fn check(&self) -> Result<CheckedUpload<'_>> {
        let accepted = renda_core::files::check_upload(&self.filename, &self.bytes)?;
        use sha2::Digest;
        let hash = hex::encode(sha2::Sha256::digest(&self.bytes));
        Ok(CheckedUpload { filename: accepted.filename, bytes: &self.bytes, mime: accepted.mime, hash })
    }
}
