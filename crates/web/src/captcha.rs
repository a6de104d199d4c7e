//! The registration captcha: four digits drawn as SVG strokes, each digit's segments bent,
//! shifted and rotated at random, over random crossing lines and dots. Drawn here so that no
//! third-party service is involved and it works offline; the answer is never in the markup as
//! text (only as strokes).

use rand::Rng;
use std::fmt::Write;

/// The seven segments of a digit cell 20 wide and 36 high: (x1, y1, x2, y2).
const SEGMENTS: [(f64, f64, f64, f64); 7] = [
    (2.0, 2.0, 18.0, 2.0),    // a: top
    (18.0, 2.0, 18.0, 18.0),  // b: upper right
    (18.0, 18.0, 18.0, 34.0), // c: lower right
    (2.0, 34.0, 18.0, 34.0),  // d: bottom
    (2.0, 18.0, 2.0, 34.0),   // e: lower left
    (2.0, 2.0, 2.0, 18.0),    // f: upper left
    (2.0, 18.0, 18.0, 18.0),  // g: middle
];

/// Which segments light for each digit (bits a..g).
const DIGITS: [u8; 10] =
    [0b0111111, 0b0000110, 0b1011011, 0b1001111, 0b1100110, 0b1101101, 0b1111101, 0b0000111, 0b1111111, 0b1101111];

const WIDTH: f64 = 160.0;
const HEIGHT: f64 = 60.0;

/// The SVG of `digits` (ASCII digits; anything else is skipped).
pub fn svg(digits: &str) -> String {
    let mut rng = rand::rng();
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="图形验证码"><rect width="100%" height="100%" fill="#f4f1ea"/>"##
    );
    for _ in 0..6 {
        let _ = write!(
            out,
            r##"<path d="M{:.1} {:.1} Q{:.1} {:.1} {:.1} {:.1}" stroke="#{:06x}" stroke-width="1.2" fill="none"/>"##,
            rng.random_range(0.0..20.0),
            rng.random_range(0.0..HEIGHT),
            rng.random_range(40.0..120.0),
            rng.random_range(0.0..HEIGHT),
            rng.random_range(140.0..WIDTH),
            rng.random_range(0.0..HEIGHT),
            rng.random_range(0x606060..0xb0b0b0u32),
        );
    }
    for (i, d) in digits.bytes().filter(u8::is_ascii_digit).enumerate() {
        let lit = DIGITS[(d - b'0') as usize];
        let x = 14.0 + i as f64 * 36.0 + rng.random_range(-3.0..3.0);
        let y = 10.0 + rng.random_range(-4.0..4.0);
        let angle = rng.random_range(-14.0..14.0);
        let skew = rng.random_range(-10.0..10.0);
        let color = [0x8a1c1c, 0x1d3f6e, 0x2f5d2a, 0x5a3a12][rng.random_range(0..4)];
        let _ = write!(
            out,
            r##"<g transform="translate({x:.1} {y:.1}) rotate({angle:.1} 10 18) skewX({skew:.1})" stroke="#{color:06x}" stroke-width="3.2" stroke-linecap="round" fill="none">"##
        );
        for (bit, (x1, y1, x2, y2)) in SEGMENTS.iter().enumerate() {
            if lit & (1 << bit) == 0 {
                continue;
            }
            let mut j = || rng.random_range(-1.8..1.8);
            let (mx, my) = ((x1 + x2) / 2.0 + j() * 1.5, (y1 + y2) / 2.0 + j() * 1.5);
            let _ = write!(
                out,
                r#"<path d="M{:.1} {:.1} Q{mx:.1} {my:.1} {:.1} {:.1}"/>"#,
                x1 + j(),
                y1 + j(),
                x2 + j(),
                y2 + j()
            );
        }
        out.push_str("</g>");
    }
    for _ in 0..30 {
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="#{:06x}"/>"##,
            rng.random_range(0.0..WIDTH),
            rng.random_range(0.0..HEIGHT),
            rng.random_range(0.5..1.6),
            rng.random_range(0x505050..0xa0a0a0u32),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_digit_is_drawn_with_its_segments_and_never_as_text() {
        let a = super::svg("1874");
        assert!(a.starts_with("<svg") && a.ends_with("</svg>"));
        assert_eq!(a.matches("<g ").count(), 4);
        // 1 has two segments, 8 seven, 7 three, 4 four; the crossing lines are outside the groups.
        let inner: usize =
            a.split("<g ").skip(1).map(|g| g.split("</g>").next().unwrap_or("").matches("<path").count()).sum();
        assert_eq!(inner, 2 + 7 + 3 + 4);
        assert!(!a.contains("<text"), "no digit as text");
        assert_ne!(a, super::svg("1874"), "drawn afresh each time");
    }
}
