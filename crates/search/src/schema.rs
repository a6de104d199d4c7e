//! What a record is to the index: [`IndexDoc`], the tantivy schema, and the conversion between
//! them.
//!
//! The schema is compared with the one stored in an index directory when it is opened: any
//! change here (a field, an option, a tokenizer name) makes [`crate::SearchIndex::open`] wipe
//! the index and start again at position 0, so that the caller rebuilds it from the store.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime, TantivyDocument};

use crate::error::Result;
use crate::tokenizer::INDEX_TOKENIZER;

/// One record as the index sees it. The store builds these; the index never reads the store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndexDoc {
    /// Unique across the index, `"<kind>:<id>"`, e.g. `"document:12"`, `"suggestion:7"`.
    pub key: String,
    /// The record's kind as a code: `"news"`, `"law"`, `"suggestion"`, …
    pub kind: String,
    /// The title; matches in it weigh three times as much as in the body.
    pub title: String,
    /// The summary (导读); stored, for snippets. Readers who may only know that the record
    /// exists (see `summary_principals`) find it by its title and this.
    pub lead: String,
    /// The full text; stored, for snippets.
    pub body: String,
    /// The organisation that issued or handles the record.
    pub organ: String,
    /// Free labels; each is searchable as text and kept whole.
    pub tags: Vec<String>,
    /// Publication or submission date: gives the year filter and the order of an empty query.
    pub date: Option<Date>,
    /// The record's congress, then each of its ancestors, so that filtering by a city congress
    /// also finds the records of its districts.
    pub congresses: Vec<u64>,
    /// Who may see the record: `"public"`, `"users"`, `"staff:3"`, `"person:9"`, `"unit:5"`, …
    /// A search sees a record only when it names one of these (or one of
    /// `summary_principals`).
    pub principals: Vec<String>,
    /// Who may find the record by its title and lead but not read its body — a document whose
    /// text is for logged-in users is `["public"]` here. A search with one of these (and none of
    /// `principals`) matches only the title and the lead, and its snippet is made of the lead.
    pub summary_principals: Vec<String>,
}

/// The fields of the schema, resolved once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub key: Field,
    pub kind: Field,
    pub title: Field,
    pub lead: Field,
    pub body: Field,
    pub organ: Field,
    pub tag: Field,
    pub tags_text: Field,
    pub year: Field,
    pub date: Field,
    pub congress: Field,
    pub principal: Field,
    pub summary_principal: Field,
}

impl Fields {
    /// The text fields a query term may match, with the boost of each.
    pub fn searched(&self) -> [(Field, f32); 5] {
        [(self.title, 3.0), (self.lead, 1.0), (self.body, 1.0), (self.organ, 1.0), (self.tags_text, 1.0)]
    }

    /// The fields a reader who may not read the body matches: the title and the lead.
    pub fn summary(&self) -> [(Field, f32); 2] {
        [(self.title, 3.0), (self.lead, 1.0)]
    }
}

/// The current schema and its fields.
pub(crate) fn build() -> (Schema, Fields) {
    // With positions (character offsets, see the tokenizer): a query word that jieba cut
    // differently in the text is matched as a phrase of its parts.
    let jieba = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(INDEX_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", jieba(true)),
        lead: b.add_text_field("lead", jieba(true)),
        body: b.add_text_field("body", jieba(true)),
        organ: b.add_text_field("organ", jieba(true)),
        tag: b.add_text_field("tag", STRING | STORED),
        tags_text: b.add_text_field("tags_text", jieba(false)),
        year: b.add_u64_field("year", NumericOptions::default().set_indexed().set_fast()),
        date: b.add_date_field(
            "date",
            DateOptions::default().set_stored().set_fast().set_precision(DateTimePrecision::Seconds),
        ),
        congress: b.add_u64_field("congress", NumericOptions::default().set_indexed()),
        // Stored, so that a hit tells whether it was found through the body or the summary.
        principal: b.add_text_field("principal", STRING | STORED),
        summary_principal: b.add_text_field("summary_principal", STRING),
    };
    (b.build(), fields)
}

/// The tantivy document for a record.
pub(crate) fn to_document(f: &Fields, doc: &IndexDoc) -> Result<TantivyDocument> {
    let mut d = TantivyDocument::new();
    d.add_text(f.key, &doc.key);
    d.add_text(f.kind, &doc.kind);
    d.add_text(f.title, &doc.title);
    d.add_text(f.lead, &doc.lead);
    d.add_text(f.body, &doc.body);
    d.add_text(f.organ, &doc.organ);
    for tag in &doc.tags {
        d.add_text(f.tag, tag);
        d.add_text(f.tags_text, tag);
    }
    if let Some(date) = doc.date {
        if let Ok(year) = u64::try_from(date.year()) {
            d.add_u64(f.year, year);
        }
        d.add_date(f.date, to_datetime(date)?);
    }
    for &congress in &doc.congresses {
        d.add_u64(f.congress, congress);
    }
    for principal in &doc.principals {
        d.add_text(f.principal, principal);
    }
    for principal in &doc.summary_principals {
        d.add_text(f.summary_principal, principal);
    }
    Ok(d)
}

/// Midnight UTC of `date`, as tantivy stores it.
fn to_datetime(date: Date) -> Result<DateTime> {
    let second = date.to_zoned_datetime(TimeZone::UTC)?.timestamp().as_second();
    Ok(DateTime::from_timestamp_secs(second))
}

/// The calendar date tantivy stored for `to_datetime(date)`.
pub(crate) fn from_datetime(value: DateTime) -> Option<Date> {
    let timestamp = jiff::Timestamp::from_second(value.into_timestamp_secs()).ok()?;
    Some(timestamp.to_zoned_datetime(TimeZone::UTC).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_survives_the_round_trip_through_a_timestamp() {
        for date in [jiff::civil::date(1954, 9, 23), jiff::civil::date(2025, 3, 5), jiff::civil::date(1969, 12, 31)] {
            let stored = to_datetime(date).expect("in range");
            assert_eq!(from_datetime(stored), Some(date));
        }
    }

    #[test]
    fn the_schema_is_stable_between_builds() {
        assert_eq!(build().0, build().0);
    }
}
