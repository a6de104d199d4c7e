//! Static assets, embedded in the binary at compile time: the platform runs on intranets with
//! no internet, so nothing is fetched from a CDN.
//!
//! `build.rs` names each by its content (`app.3f2a9c1d.css`) and compresses it with gzip and
//! brotli once. Pages link the fingerprinted name ([`url`]), served as immutable for a year: a
//! new version has a new name, so no browser keeps an old stylesheet. The plain name still
//! answers (an hour's cache) for links from before. Each is sent in the best encoding the
//! browser accepts.

use crate::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub(crate) struct Asset {
    name: &'static str,
    hashed: &'static str,
    mime: &'static str,
    etag: &'static str,
    body: &'static [u8],
    gzip: &'static [u8],
    br: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The address pages link an asset by: its fingerprinted name.
pub fn url(name: &str) -> String {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => format!("/assets/{}", a.hashed),
        None => format!("/assets/{name}"),
    }
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(a) = ASSETS.iter().find(|a| a.hashed == file || a.name == file) else {
        return crate::error::AppError::new(renda_core::ErrorCode::NotFound, "文件不存在。").into_response();
    };
    let lifetime = if a.hashed == file { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
    let mut resp = if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(a.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let accept = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        let (body, encoding) = if crate::public::accepts(accept, "br") {
            (a.br, Some("br"))
        } else if crate::public::accepts(accept, "gzip") {
            (a.gzip, Some("gzip"))
        } else {
            (a.body, None)
        };
        let mut resp = body.into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(a.mime));
        if let Some(e) = encoding {
            resp.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        resp
    };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(lifetime));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(header::ETAG, HeaderValue::from_static(a.etag));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_has_a_name_of_its_content_and_compressed_forms_that_decode_to_it() {
        for a in ASSETS {
            assert!(url(a.name).starts_with(&format!("/assets/{}.", a.name.rsplit_once('.').expect("ext").0)));
            assert_ne!(url(a.name), format!("/assets/{}", a.name));
            let mut gz = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(a.gzip), &mut gz).expect("gzip");
            assert_eq!(gz, a.body, "{}", a.name);
            let mut br = Vec::new();
            brotli::BrotliDecompress(&mut std::io::Cursor::new(a.br), &mut br).expect("brotli");
            assert_eq!(br, a.body, "{}", a.name);
        }
    }
}
