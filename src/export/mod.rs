//! The table form of the output, shared by `--format csv` and `--format sqlite`: one record
//! (an article's analysis or its error) becomes rows of six normalized tables. The columns
//! here are the contract documented in the README ("Databases") and mirrored by
//! `schema/postgres.sql`; [`csv`] and [`sqlite`] only store them.
//!
//! ```text
//! documents          document* | source | title | published | issuer
//! entities           id* | type | name | canonical | value
//! document_entities  document* -> documents | entity* -> entities | ord | name | canonical | value
//! mentions           document* | start* | end | char_start | char_end | entity | text | rule
//!                    (document, entity) -> document_entities
//! roles              document* | ord* | person | title | organization
//!                    (document, person|title|organization) -> document_entities
//! errors             document* | source | line | kind | message
//! ```
//!
//! A document's key is its path, or for JSONL input its `id` (a string as is, any other JSON
//! value as its JSON text; a line whose id cannot be read is keyed `FILE:LINE`). A key is
//! either in `documents` (processed) or in `errors` (failed), never both.
//!
//! Entity ids are global (derived from type and canonical name), so `entities` has one row
//! per id; the per-document name, canonical and value live in `document_entities`.
//! `entities.name`/`canonical`/`value` are those of the representative document row: the
//! longest name (in characters), then the smallest name, canonical and value (byte order,
//! none first), so the choice does not depend on input order.

pub mod csv;
pub mod sqlite;

use std::collections::HashSet;

use crate::extract::Analysis;
use crate::output::Source;

/// One outcome of the runner, before formatting.
pub enum Record {
    Ok {
        src: Source,
        analysis: Analysis,
    },
    Failed {
        src: Source,
        /// JSONL input: the input's name and line number.
        input: Option<String>,
        line: Option<usize>,
        kind: &'static str,
        message: String,
    },
}

pub struct DocumentRow {
    pub source: &'static str,
    pub title: Option<String>,
    pub published: Option<String>,
    pub issuer: Option<String>,
}

pub struct EntityRow {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    pub canonical: Option<String>,
    pub value: Option<String>,
}

pub struct MentionRow {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub entity: String,
    pub text: String,
    pub rule: Option<&'static str>,
}

pub struct RoleRow {
    pub person: String,
    pub title: Option<String>,
    pub organization: Option<String>,
}

pub struct ErrorRow {
    pub source: &'static str,
    pub line: Option<usize>,
    pub kind: &'static str,
    pub message: String,
}

/// All rows of one document. `entities[i]` is the document's i-th entity (`ord` = i); ids
/// are unique within it (an article naming two entities whose ids coincide keeps the first
/// one's name and gives it the mentions of both).
pub struct Rows {
    pub document: String,
    pub doc: Option<DocumentRow>,
    pub entities: Vec<EntityRow>,
    pub mentions: Vec<MentionRow>,
    pub roles: Vec<RoleRow>,
    pub error: Option<ErrorRow>,
}

impl Rows {
    /// The rows of a record; `explain` keeps each mention's rule id.
    pub fn of(rec: &Record, explain: bool) -> Rows {
        match rec {
            Record::Ok { src, analysis: a } => {
                let mut seen = HashSet::new();
                let mut entities = Vec::with_capacity(a.entities.len());
                let mut mentions = Vec::new();
                for e in &a.entities {
                    if seen.insert(e.id.as_str()) {
                        entities.push(EntityRow {
                            id: e.id.clone(),
                            kind: e.kind,
                            name: e.name.clone(),
                            canonical: e.canonical.clone(),
                            value: e.value.clone(),
                        });
                    }
                    mentions.extend(e.mentions.iter().map(|m| MentionRow {
                        start: m.start,
                        end: m.end,
                        char_start: m.char_start,
                        char_end: m.char_end,
                        entity: e.id.clone(),
                        text: m.text.clone(),
                        rule: explain.then_some(m.rule),
                    }));
                }
                mentions.sort_by_key(|m| m.start);
                Rows {
                    document: document_key(src, None, None),
                    doc: Some(DocumentRow {
                        source: source_kind(src),
                        title: a.headline.clone(),
                        published: a.published.map(|d| d.to_string()),
                        issuer: a.issuer.clone(),
                    }),
                    entities,
                    mentions,
                    roles: a
                        .roles
                        .iter()
                        .map(|r| RoleRow {
                            person: r.person.clone(),
                            title: r.title.clone(),
                            organization: r.organization.clone(),
                        })
                        .collect(),
                    error: None,
                }
            }
            Record::Failed {
                src,
                input,
                line,
                kind,
                message,
            } => Rows {
                document: document_key(src, input.as_deref(), *line),
                doc: None,
                entities: Vec::new(),
                mentions: Vec::new(),
                roles: Vec::new(),
                error: Some(ErrorRow {
                    source: source_kind(src),
                    line: *line,
                    kind,
                    message: message.clone(),
                }),
            },
        }
    }
}

fn source_kind(src: &Source) -> &'static str {
    match src {
        Source::Path(_) => "path",
        Source::Id(_) => "id",
    }
}

/// The key of a document in the tables (see the module docs).
pub fn document_key(src: &Source, input: Option<&str>, line: Option<usize>) -> String {
    match src {
        Source::Path(p) => p.clone(),
        Source::Id(serde_json::Value::String(s)) => s.clone(),
        Source::Id(serde_json::Value::Null) => {
            format!("{}:{}", input.unwrap_or("<input>"), line.unwrap_or(0))
        }
        Source::Id(v) => v.to_string(),
    }
}

/// Whether `a` is a better representative than `b` for the `entities` row (longest name in
/// characters, then smallest name, canonical, value). Mirrors the SQL in
/// [`sqlite`]'s `REFRESH_ENTITY`.
pub fn better_representative(a: &EntityRow, b: &EntityRow) -> bool {
    let key = |e: &EntityRow| {
        (
            std::cmp::Reverse(e.name.chars().count()),
            e.name.clone(),
            e.canonical.clone(),
            e.value.clone(),
        )
    };
    key(a) < key(b)
}

/// Names of the tables in load order (parents before children).
pub const TABLES: [&str; 6] = [
    "documents",
    "entities",
    "document_entities",
    "mentions",
    "roles",
    "errors",
];

/// Duplicate keys within one run: the first record is kept, later ones are reported.
#[derive(Default)]
pub struct SeenKeys(HashSet<String>);

impl SeenKeys {
    /// True the first time a key is seen.
    pub fn first(&mut self, key: &str) -> bool {
        if self.0.contains(key) {
            false
        } else {
            self.0.insert(key.to_string());
            true
        }
    }
}
