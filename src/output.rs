//! The wire format: one JSON object per article (JSON Lines), the only thing press-ner ever
//! writes to stdout. The serde types here are private to the format and kept apart from the
//! extractor's own types, so internal changes never change the output by accident.
//!
//! ```text
//! {"path": "...", "title": "...", "published": "2024-05-10", "issuer": "CCFAO",
//!  "entities": [{"id": "person:inna-dozortseva", "type": "person", "name": "Inna Dozortseva",
//!                "mentions": [{"text": "Inna Dozortseva", "start": 812, "end": 827,
//!                              "char_start": 806, "char_end": 821}]}, ...],
//!  "roles": [{"person": "person:...", "title": "title:...", "organization": "organization:..."}]}
//! ```
//! Articles from JSONL input carry `"id"` instead of `"path"`. An article that was not plain
//! valid UTF-8 says so: `"encoding": "utf-16le"` (or `"utf-16be"`) when it was decoded from
//! UTF-16, `"replaced_bytes": N` when `--lossy` replaced N invalid input bytes by U+FFFD;
//! both are absent otherwise (see [`Decoding`]). A failed article is
//! `{"path": ..., "error": {"kind": ..., "message": ...}}`. Fields may be added; none of the
//! above is ever removed or renamed. `start`/`end` are UTF-8 byte offsets and
//! `char_start`/`char_end` Unicode scalar offsets into the article exactly as read.

use serde::Serialize;

use crate::extract::{Analysis, Entity, Mention, Role};

/// Where an article came from: a file path or a JSONL id.
#[derive(Clone, Debug)]
pub enum Source {
    Path(String),
    Id(serde_json::Value),
}

#[derive(Serialize)]
struct RecordOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced_bytes: Option<usize>,
    title: Option<&'a str>,
    published: Option<String>,
    issuer: Option<&'a str>,
    entities: Vec<EntityOut<'a>>,
    roles: Vec<RoleOut<'a>>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical: Option<&'a str>,
    /// Dates always carry `value` (null when it cannot be known); other types never do.
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Option<&'a str>>,
    mentions: Vec<MentionOut<'a>>,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
}

#[derive(Serialize)]
struct RoleOut<'a> {
    person: &'a str,
    title: Option<&'a str>,
    organization: Option<&'a str>,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    error: ErrorOut<'a>,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    kind: &'a str,
    message: &'a str,
}

/// How records are printed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Indented JSON (records separated by a newline) instead of one line each.
    pub pretty: bool,
    /// Include each mention's rule id (`--explain`).
    pub explain: bool,
}

fn source_fields(src: &Source) -> (Option<&str>, Option<&serde_json::Value>) {
    match src {
        Source::Path(p) => (Some(p.as_str()), None),
        Source::Id(v) => (None, Some(v)),
    }
}

fn to_string<T: Serialize>(v: &T, style: Style) -> String {
    let mut s = if style.pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    }
    .expect("records serialize");
    s.push('\n');
    s
}

/// How an article's input was decoded, as far as its record tells: both fields are written
/// only when present.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Decoding<'a> {
    /// The input encoding when it was not UTF-8 (`"utf-16le"`, `"utf-16be"`).
    pub encoding: Option<&'a str>,
    /// Input bytes replaced by U+FFFD (`--lossy`), when there were any.
    pub replaced_bytes: Option<usize>,
}

/// Serializes one article's record, newline-terminated.
pub fn record(src: &Source, a: &Analysis, style: Style) -> String {
    record_with(src, a, Decoding::default(), style)
}

/// Serializes one article's record with what it says about its input's decoding.
pub fn record_with(src: &Source, a: &Analysis, decoding: Decoding<'_>, style: Style) -> String {
    let (path, id) = source_fields(src);
    let rec = RecordOut {
        path,
        id,
        encoding: decoding.encoding,
        replaced_bytes: decoding.replaced_bytes,
        title: a.headline.as_deref(),
        published: a.published.map(|d| d.to_string()),
        issuer: a.issuer.as_deref(),
        entities: a.entities.iter().map(|e| entity(e, style)).collect(),
        roles: a.roles.iter().map(role).collect(),
    };
    to_string(&rec, style)
}

fn entity(e: &Entity, style: Style) -> EntityOut<'_> {
    EntityOut {
        id: &e.id,
        kind: e.kind,
        name: &e.name,
        canonical: e.canonical.as_deref(),
        value: (e.kind == "date").then_some(e.value.as_deref()),
        mentions: e.mentions.iter().map(|m| mention(m, style)).collect(),
    }
}

fn mention(m: &Mention, style: Style) -> MentionOut<'_> {
    MentionOut {
        text: &m.text,
        start: m.start,
        end: m.end,
        char_start: m.char_start,
        char_end: m.char_end,
        rule: style.explain.then_some(m.rule),
    }
}

fn role(r: &Role) -> RoleOut<'_> {
    RoleOut {
        person: &r.person,
        title: r.title.as_deref(),
        organization: r.organization.as_deref(),
    }
}

/// Serializes an error record, newline-terminated. `line` is the input line for JSONL input.
pub fn error(src: &Source, line: Option<usize>, kind: &str, message: &str, style: Style) -> String {
    let (path, id) = source_fields(src);
    to_string(
        &ErrorRecord {
            path,
            id,
            line,
            error: ErrorOut { kind, message },
        },
        style,
    )
}
