//! The demo's document library: thirteen texts written for 示范市, and — when the real data
//! sits beside the repository (`../shared/data`) — the speech page, the government work
//! reports and the laws from there.
//!
//! The own texts ([`OWN`], the data file `data/documents.toml`) are news about the standing
//! committee's meetings, notices about deputy training and the liaison stations' reception
//! days, a decision, a model text (公文范文) and one staff-only draft of 东城区. They are dated relative to `today`, over the last two
//! months. The store's `create_document` always publishes "now", so the texts dated in the past
//! go in through `import_documents`, which takes a publication time (each with a `demo:` source,
//! audited as imports); the one published today goes through `create_document` and
//! `set_document_published`, the draft through `create_document` alone. Reads are then
//! noted with `note_view` (and flushed) under made-up reader keys on days of the last month, so the
//! portal's weekly and monthly most-read lists have something to show.
//!
//! Importing everything under `../shared/data/laws` (1,165 laws, 20 MB) adds about 1.0–1.3 s
//! to the demo in a debug build (half of it reading and parsing the files) and about 0.35 s in a
//! release build; `renda import laws` on its own takes 1.2–1.3 s and 0.4–0.75 s (measured on two
//! cores shared with other builds). That is far below the ~10 s that would make the demo slow to
//! start, so the demo imports all of it rather than only the 宪法 and 宪法相关法 folders.

use anyhow::{Context, Result, anyhow};
use jiff::civil::{Date, Time};
use jiff::{Span, ToSpan};
use rand::rngs::StdRng;
use rand::seq::IteratorRandom;
use rand::{Rng, SeedableRng};
use renda_core::document::{DocKind, DocumentDraft, Visibility, normalise_body, parse_tags};
use renda_core::ids::OrgId;
use renda_office::documents::{parse_page, parse_reports_jsonl, read_laws_dir};
use renda_store::documents::{DocumentId, ImportedText};
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::import::documents::{read_text, to_imported, to_imported_all};

/// The seed of the made-up reads.
const VIEWS_SEED: u64 = 0x5245_4e44_4120_0d0c;

/// Where an own text belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum At {
    /// 示范市人民代表大会.
    City,
    /// 东城区人民代表大会.
    East,
}

/// How an own text reaches the store. The file writes a number of days, `"today"` or `"draft"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "PublishField")]
enum Publish {
    /// Published this many days before `today` (0–60).
    DaysAgo(i64),
    /// Written as a draft, then published today.
    Today,
    /// Kept as a draft.
    Draft,
}

/// `publish` as the data file writes it.
#[derive(Deserialize)]
#[serde(untagged)]
enum PublishField {
    Days(i64),
    Word(String),
}

impl TryFrom<PublishField> for Publish {
    type Error = String;

    fn try_from(field: PublishField) -> Result<Publish, String> {
        match field {
            PublishField::Days(n) => Ok(Publish::DaysAgo(n)),
            PublishField::Word(w) if w == "today" => Ok(Publish::Today),
            PublishField::Word(w) if w == "draft" => Ok(Publish::Draft),
            PublishField::Word(w) => Err(format!("publish = \"{w}\": a number of days, \"today\" or \"draft\"")),
        }
    }
}

/// One text written for the demo. In `title` and `body`, `{年}` and `{月}` are the year and
/// month of its publication day (of `today` for a draft); `body` has one paragraph per line,
/// `# ` for a heading.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnDoc {
    at: At,
    publish: Publish,
    kind: DocKind,
    visibility: Visibility,
    featured: bool,
    title: String,
    organ: String,
    lead: String,
    body: String,
    tags: String,
    /// Readers on its first day; fewer as it ages. 0: never read (the draft).
    heat: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnFile {
    document: Vec<OwnDoc>,
}

const OWN_TOML: &str = include_str!("data/documents.toml");

/// The demo's own texts, newest first: `data/documents.toml`, parsed once.
static OWN: LazyLock<Vec<OwnDoc>> = LazyLock::new(|| parse_own(OWN_TOML));

/// Parses the texts file; it is part of the binary, so a broken one is a bug (a test parses it).
fn parse_own(text: &str) -> Vec<OwnDoc> {
    super::parse_data::<OwnFile>("documents.toml", text).document
}

/// What [`seed_own`] wrote.
pub(super) struct OwnSeeded {
    pub documents: usize,
    pub views: usize,
}

/// Writes [`OWN`] into the city (and 东城区) and records reads over the last month.
pub(super) async fn seed_own(store: &Store, city: OrgId, east: OrgId, today: Date) -> Result<OwnSeeded> {
    let actor = Actor::system();
    let mut written: Vec<(DocumentId, Date, u32)> = Vec::new();
    // The dated texts of each congress, imported together.
    let mut dated: Vec<(OrgId, Vec<(usize, ImportedText)>)> = vec![(city, Vec::new()), (east, Vec::new())];
    for (i, d) in OWN.iter().enumerate() {
        let congress = match d.at {
            At::City => city,
            At::East => east,
        };
        match d.publish {
            Publish::DaysAgo(n) => {
                let day = days_before(today, n)?;
                // Between 8:30 and 17:30, varying from text to text.
                let minutes = 510 + (i as i64 * 97) % 540;
                let at = day.to_datetime(Time::midnight()).checked_add(minutes.minutes())?;
                let text = ImportedText {
                    source: format!("demo:{}", i + 1),
                    draft: draft(d, day)?,
                    published_at: Some(at),
                    views: 0,
                };
                let k = usize::from(d.at == At::East);
                dated[k].1.push((i, text));
            }
            Publish::Today | Publish::Draft => {
                let id = store
                    .create_document(&actor, congress, &draft(d, today)?, false)
                    .await
                    .with_context(|| format!("无法建立演示文档“{}”", d.title))?;
                if d.publish == Publish::Today {
                    store.set_document_published(&actor, id, true).await.context("无法发布演示文档")?;
                    written.push((id, today, d.heat));
                }
            }
        }
    }
    for (congress, batch) in dated.into_iter().filter(|(_, b)| !b.is_empty()) {
        let texts: Vec<ImportedText> = batch.iter().map(|(_, t)| t.clone()).collect();
        let report = store.import_documents(&actor, congress, &texts).await.context("无法写入演示文档")?;
        anyhow::ensure!(report.added == texts.len(), "演示文档只写入了{}篇（应为{}篇）", report.added, texts.len());
        let ids = ids_by_source(store, &texts).await?;
        for ((i, t), id) in batch.iter().zip(ids) {
            let day = t.published_at.map_or(today, |p| p.date());
            written.push((id, day, OWN[*i].heat));
        }
    }
    let views = record_reads(store, &written, today).await?;
    Ok(OwnSeeded { documents: OWN.len(), views })
}

/// The draft of an own text, its placeholders filled for `day`.
fn draft(d: &OwnDoc, day: Date) -> Result<DocumentDraft> {
    let fill = |s: &str| s.replace("{年}", &day.year().to_string()).replace("{月}", &day.month().to_string());
    Ok(DocumentDraft {
        kind: d.kind,
        visibility: d.visibility,
        title: fill(&d.title),
        text_date: Some(day),
        date_precision: renda_core::document::DatePrecision::Day,
        organ: d.organ.clone(),
        lead: fill(&d.lead),
        body: normalise_body(&fill(&d.body)),
        tags: parse_tags(&d.tags).map_err(|e| anyhow!("演示文档“{}”的标签：{}", d.title, e.message))?,
        featured: d.featured,
    })
}

fn days_before(today: Date, n: i64) -> Result<Date> {
    Ok(today.checked_sub(Span::new().try_days(n)?)?)
}

/// The ids of just-imported texts, in their order (the import does not return them). Their
/// sources are unique, so the newest documents are searched for them.
async fn ids_by_source(store: &Store, texts: &[ImportedText]) -> Result<Vec<DocumentId>> {
    let mut out = Vec::with_capacity(texts.len());
    let ids = store.document_ids().await?;
    let mut by_source = std::collections::HashMap::new();
    for id in ids.into_iter().rev().take(texts.len() + OWN.len()) {
        let d = store.document(&Actor::system(), id).await?;
        if let Some(s) = d.source {
            by_source.insert(s, id);
        }
    }
    for t in texts {
        out.push(*by_source.get(&t.source).with_context(|| format!("导入后找不到演示文档“{}”", t.draft.title))?);
    }
    Ok(out)
}

/// Made-up reads: on each of the last 30 days since a text was published, a few readers
/// (up to its heat on its first day, fewer as it ages, now and then one on an old text).
/// Deterministic for the same `today`.
async fn record_reads(store: &Store, docs: &[(DocumentId, Date, u32)], today: Date) -> Result<usize> {
    let mut rng = StdRng::seed_from_u64(VIEWS_SEED ^ u64::from(today.day().unsigned_abs()));
    let mut counted = 0;
    for &(id, published, heat) in docs {
        if heat == 0 {
            continue;
        }
        for ago in 0..30_i64 {
            let day = days_before(today, ago)?;
            if day < published {
                continue;
            }
            let age = (day - published).get_days().max(0);
            let expected = f64::from(heat) * 0.8_f64.powi(age / 2);
            let readers = expected.floor() as usize + usize::from(rng.random_bool(0.3));
            for r in (1..=400_u32).choose_multiple(&mut rng, readers) {
                if store.note_view(id, &format!("demo-visitor-{r}"), day) {
                    counted += 1;
                }
            }
        }
    }
    store.flush_views().await?;
    Ok(counted)
}

/// What the demo took from `../shared/data`.
#[derive(Clone, Debug, Default)]
pub struct SharedImport {
    /// The `data` directory found.
    pub dir: PathBuf,
    /// Documents added (the speech page, the work reports, the laws).
    pub page: usize,
    pub reports: usize,
    pub laws: usize,
    /// What could not be imported, in Chinese (the demo goes on without it).
    pub problems: Vec<String>,
}

/// `../shared/data`, the real data kept beside the repository, if it is there: looked for
/// beside the working directory (`cargo run` from the repository root), beside the
/// repository this binary was built from, and beside the folders above the executable
/// (`target/debug/renda`). `None` when none of them holds it.
pub fn shared_data_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.push(cwd.join("../shared/data"));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if let Ok(exe) = std::env::current_exe() {
        candidates.extend(exe.ancestors().skip(1).take(4).map(|a| a.join("../shared/data")));
    }
    let found = candidates.into_iter().find(|c| c.join("laws").is_dir() && c.join("documents").is_dir())?;
    Some(found.canonicalize().unwrap_or(found))
}

/// Imports the speech page (visible to logged-in users), the work reports and the laws
/// (public) into `congress`, each in its own transaction. A file that cannot be read or
/// parsed is noted in [`SharedImport::problems`] and skipped; a database error stops the demo.
pub async fn import_shared(store: &Store, congress: OrgId, dir: &Path) -> Result<SharedImport> {
    let mut out = SharedImport { dir: dir.to_path_buf(), ..SharedImport::default() };
    let page = dir.join("../samples/000_284f5eaf7f680906.txt");
    let texts = read_text(&page)
        .and_then(|t| parse_page(&t).map_err(|e| anyhow!("{e}")))
        .and_then(|p| to_imported(p.document, Visibility::Users, None));
    match texts {
        Ok(t) => out.page = import(store, congress, &[t]).await?,
        Err(e) => out.problems.push(format!("{}：{e:#}", page.display())),
    }
    let jsonl = dir.join("documents/government_work_reports.jsonl");
    let texts = read_text(&jsonl)
        .and_then(|t| parse_reports_jsonl(&t).map_err(|e| anyhow!("{e}")))
        .and_then(|d| to_imported_all(d, Visibility::Public));
    match texts {
        Ok(t) => out.reports = import(store, congress, &t).await?,
        Err(e) => out.problems.push(format!("{}：{e:#}", jsonl.display())),
    }
    let started = std::time::Instant::now();
    let laws = read_laws_dir(&dir.join("laws"));
    let read = started.elapsed();
    match to_imported_all(laws.documents, Visibility::Public) {
        Ok(t) => out.laws = import(store, congress, &t).await?,
        Err(e) => out.problems.push(format!("{}：{e:#}", dir.join("laws").display())),
    }
    tracing::info!(
        laws = out.laws,
        read_ms = read.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "demo: laws imported"
    );
    Ok(out)
}

async fn import(store: &Store, congress: OrgId, texts: &[ImportedText]) -> Result<usize> {
    let report = store.import_documents(&Actor::system(), congress, texts).await.context("无法导入文档")?;
    Ok(report.added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_own_text_makes_a_valid_draft_without_placeholders_or_real_congresses() {
        let day = jiff::civil::date(2026, 6, 15);
        let own = parse_own(OWN_TOML);
        assert_eq!(own.len(), 13, "the module's doc says thirteen");
        for d in &own {
            let draft = draft(d, day).expect("a draft");
            assert!(!draft.title.is_empty() && !draft.body.is_empty(), "{}", d.title);
            for text in [&draft.title, &draft.lead, &draft.body] {
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
                assert!(!text.contains("全国人"), "a real congress is named: {text}");
                assert!(!text.contains("省人"), "a real congress is named: {text}");
            }
            assert!(draft.title.chars().count() <= renda_core::document::MAX_TITLE_CHARS);
            assert!(draft.lead.chars().count() <= renda_core::document::MAX_LEAD_CHARS);
        }
        assert!(draft(&own[0], day).expect("a draft").title.contains("2026年6月"));
        let published = own.iter().filter(|d| d.publish != Publish::Draft);
        assert!(published.clone().all(|d| matches!(d.publish, Publish::Today | Publish::DaysAgo(0..=60))));
        assert!(published.clone().filter(|d| d.featured).count() >= 3);
        assert_eq!(published.filter(|d| d.visibility == Visibility::Users).count(), 2);
        let drafts: Vec<&OwnDoc> = own.iter().filter(|d| d.publish == Publish::Draft).collect();
        assert!(drafts.len() == 1 && drafts[0].at == At::East && drafts[0].visibility == Visibility::Staff);
    }
}
