//! Static assets, embedded in the binary at compile time: the platform runs on intranets with
//! no internet, so nothing is fetched from a CDN. Each is served with a long cache lifetime
//! and an ETag of its content hash.

use crate::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

struct Asset {
    name: &'static str,
    mime: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset { name: "app.css", mime: "text/css; charset=utf-8", body: include_bytes!("../assets/app.css") },
    Asset { name: "print.css", mime: "text/css; charset=utf-8", body: include_bytes!("../assets/print.css") },
    Asset { name: "picker.js", mime: "text/javascript; charset=utf-8", body: include_bytes!("../assets/picker.js") },
    Asset { name: "favicon.svg", mime: "image/svg+xml", body: include_bytes!("../assets/favicon.svg") },
    Asset { name: "share.js", mime: "text/javascript; charset=utf-8", body: include_bytes!("../assets/share.js") },
];

/// A weak content hash for the ETag (FNV-1a: fast, and collisions only cost a re-download).
fn etag(body: &[u8]) -> String {
    let h = body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("\"{h:016x}\"")
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(a) = ASSETS.iter().find(|a| a.name == file) else {
        return crate::error::AppError::new(renda_core::ErrorCode::NotFound, "文件不存在。").into_response();
    };
    let tag = etag(a.body);
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut resp = a.body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(a.mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    resp
}
