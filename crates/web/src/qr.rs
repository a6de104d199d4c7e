//! QR codes for the portal: a document page offers its address as a QR code, so a reader can
//! carry it over to a phone (the way notices are shared in China, by scanning).
//!
//! [`svg`] returns a standalone SVG document, served as `image/svg+xml` and shown with
//! `<img src>`. It is drawn by the `qrcode` crate's SVG renderer, which emits only
//! presentation attributes (`fill=`, `shape-rendering=`): no `style=` attribute, which the
//! site's Content-Security-Policy would block, and no script. The tests hold it to that.

use qrcode::render::svg as qr_svg;
use qrcode::types::QrError as EncodeError;
use qrcode::{EcLevel, QrCode};

/// Why a QR code could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// More data than the largest QR code holds at level M (2,331 bytes).
    #[error("网址过长（{bytes} 字节），无法生成二维码")]
    TooLong { bytes: usize },
    /// Any other refusal of the encoder (not expected for a URL in byte mode).
    #[error("无法生成二维码：{0}")]
    Encode(String),
}

/// The smallest width and height of the image, in SVG user units (pixels by default).
const MIN_SIZE: u32 = 200;

/// `url` as a QR code in an SVG document: black modules on white with the standard quiet
/// zone, error correction level M (about 15% of the code may be damaged or covered), at least
/// 200×200 with a matching `viewBox`. The same URL always gives the same bytes.
pub fn svg(url: &str) -> Result<String, QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).map_err(|e| match e {
        EncodeError::DataTooLong => QrError::TooLong { bytes: url.len() },
        other => QrError::Encode(other.to_string()),
    })?;
    Ok(code
        .render::<qr_svg::Color<'_>>()
        .min_dimensions(MIN_SIZE, MIN_SIZE)
        .quiet_zone(true)
        .dark_color(qr_svg::Color("#000"))
        .light_color(qr_svg::Color("#fff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1:8080/portal/docs/42";

    /// The `width="…"` of the root element.
    fn root_width(svg: &str) -> u32 {
        let rest = &svg[svg.find("<svg").expect("an <svg> element")..];
        let start = rest.find("width=\"").expect("a width attribute") + "width=\"".len();
        let end = start + rest[start..].find('"').expect("a closed attribute");
        rest[start..end].parse().expect("a numeric width")
    }

    #[test]
    fn an_ordinary_url_gives_a_sized_svg_without_inline_styles_or_scripts() {
        let s = svg(URL).expect("a short URL fits");
        assert!(s.contains("<svg"), "{s}");
        assert!(s.contains("xmlns=\"http://www.w3.org/2000/svg\""), "{s}");
        assert!(s.contains("viewBox=\"0 0 "), "{s}");
        assert!(s.contains("height=\""), "{s}");
        assert!(root_width(&s) >= MIN_SIZE, "{s}");
        assert!(s.contains("fill=\"#000\""), "{s}");
        assert!(s.contains("fill=\"#fff\""), "{s}");
        let lower = s.to_ascii_lowercase();
        assert!(!lower.contains("style"), "no style attribute or element: {s}");
        assert!(!lower.contains("<script"), "{s}");
        assert!(!lower.contains("href"), "no external references: {s}");
        assert!(s.trim_end().ends_with("</svg>"), "{s}");
    }

    #[test]
    fn a_five_thousand_character_url_is_an_error_not_a_panic() {
        let url = format!("http://127.0.0.1:8080/portal/search?q={}", "a".repeat(5_000 - 38));
        assert_eq!(url.len(), 5_000);
        let err = svg(&url).expect_err("5,000 bytes exceed any QR code");
        assert_eq!(err, QrError::TooLong { bytes: 5_000 });
        assert_eq!(err.to_string(), "网址过长（5000 字节），无法生成二维码");
    }

    #[test]
    fn the_same_url_gives_the_same_svg() {
        assert_eq!(svg(URL), svg(URL));
        assert_ne!(svg(URL), svg("http://127.0.0.1:8080/portal/docs/43"));
    }

    #[test]
    fn a_url_with_chinese_and_markup_characters_is_encoded_not_echoed() {
        let s = svg("http://127.0.0.1:8080/portal/search?q=<script>人大</script>").expect("fits");
        assert!(!s.contains("<script"), "{s}");
        assert!(!s.contains("人大"), "{s}");
    }
}
