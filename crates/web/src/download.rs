//! Files as downloads: a stored upload, an export, a photo — with its type and its original
//! (Chinese) file name, which browsers read from `filename*` (RFC 6266/5987).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// `bytes` as a download named `filename`, of type `mime`.
pub fn file(filename: &str, mime: &str, bytes: Vec<u8>) -> Response {
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let encoded = crate::auth::urlencode(filename);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"file\"; filename*=UTF-8''{encoded}")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}
