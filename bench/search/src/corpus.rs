//! The corpus: the real documents, then synthetic ones recombined from their paragraphs.
//!
//! Real: the government work reports (JSON lines: title, url, content, year) and the Markdown
//! laws (`# title` on the first line). Synthetic document `i` takes a real title plus a number
//! and 3–8 real paragraphs chosen by a fixed-seed generator, so every run builds the same corpus
//! and its words and their frequencies are those of real government text.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// One document as both engines index it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub title: String,
    pub body: String,
    pub kind: &'static str,
    pub year: Option<i16>,
}

/// The real documents and their paragraphs, read once.
pub struct Sources {
    pub real: Vec<Doc>,
    paragraphs: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Report {
    title: String,
    content: String,
    /// A string ("2025") in the file; a number is accepted too.
    year: Option<serde_json::Value>,
}

impl Sources {
    /// Reads `data/documents/government_work_reports.jsonl` and `data/laws/**.md`.
    pub fn read(data: &Path) -> anyhow::Result<Self> {
        let reports_path = data.join("documents/government_work_reports.jsonl");
        let laws_dir = data.join("laws");
        if !reports_path.is_file() || !laws_dir.is_dir() {
            bail!(
                "data not found under {} (expected documents/government_work_reports.jsonl and laws/); \
                 pass --data DIR / 未找到数据目录，请用 --data 指定",
                data.display()
            );
        }
        let mut real = Vec::new();
        let reports = std::fs::read_to_string(&reports_path).with_context(|| reports_path.display().to_string())?;
        for (n, line) in reports.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let r: Report =
                serde_json::from_str(line).with_context(|| format!("{}:{}", reports_path.display(), n + 1))?;
            let year = match r.year {
                Some(serde_json::Value::String(y)) => y.trim().parse().ok(),
                Some(serde_json::Value::Number(y)) => y.as_i64().and_then(|y| i16::try_from(y).ok()),
                _ => None,
            };
            real.push(Doc { title: r.title, body: r.content, kind: "report", year });
        }
        let mut laws = Vec::new();
        markdown_files(&laws_dir, &mut laws)?;
        laws.sort();
        for path in laws {
            let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
            let title = text.lines().find_map(|l| l.strip_prefix("# ")).unwrap_or_default().trim().to_string();
            if title.is_empty() {
                continue;
            }
            let body = text.lines().filter(|l| !l.starts_with("# ")).collect::<Vec<_>>().join("\n");
            real.push(Doc { title, body, kind: "law", year: None });
        }
        let paragraphs = real
            .iter()
            .flat_map(|d| d.body.lines())
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("<!--"))
            .map(String::from)
            .collect::<Vec<_>>();
        if paragraphs.is_empty() {
            bail!("no paragraphs in {}", data.display());
        }
        Ok(Self { real, paragraphs })
    }

    /// The first `n` documents of the corpus: the real ones, then synthetic ones.
    pub fn docs(&self, n: usize) -> impl Iterator<Item = Doc> + '_ {
        let mut rng = SplitMix64(0x5EED_2026_0303);
        let real = self.real.iter().take(n).cloned();
        let synthetic = (self.real.len()..n).map(move |i| {
            let source = &self.real[rng.below(self.real.len())];
            let count = 3 + rng.below(6);
            let body =
                (0..count).map(|_| self.paragraphs[rng.below(self.paragraphs.len())].as_str()).collect::<Vec<_>>();
            Doc {
                title: format!("{}（第{}号）", source.title, i),
                body: body.join("\n"),
                kind: source.kind,
                year: Some(1954 + rng.below(72) as i16),
            }
        });
        real.chain(synthetic)
    }
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let path = entry?.path();
        if path.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") && path.file_name().is_some_and(|n| n != "_index.md") {
            out.push(path);
        }
    }
    Ok(())
}

/// A tiny deterministic generator (SplitMix64): the corpus must not change with a crate version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
