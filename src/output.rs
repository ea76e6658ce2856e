//! The wire format: one JSON object per article (JSON Lines), the only thing press-ner ever
//! writes to stdout. The serde types here are private to the format and kept apart from the
//! extractor's own types, so internal changes never change the output by accident.
//!
//! ```text
//! {"path": "...", "title": "...", "published": "2024-05-10", "issuer": "CCFAO",
//!  "entities": [{"id": "person:vera-kalinovska", "type": "person", "name": "Vera Kalinovska",
//!                "mentions": [{"text": "Vera Kalinovska", "start": 812, "end": 827,
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
//!
//! Compact records (the JSON Lines hot path) are written by hand straight into a byte
//! buffer ([`write_record`]; the batch runner's `write_extracted` writes the same bytes from
//! the extractor's borrowed result, with no [`Analysis`] strings built); serde was a tenth of
//! the per-article time, mostly spent building intermediate structs and going through its
//! generic serializer. The hand-written writer
//! must stay byte-identical to serde_json's compact output of the serde types, which
//! remain the definition of the format: they print `--pretty` records and error records, and
//! the tests compare both writers.

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

/// One entity as the compact writer reads it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EntityView<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub canonical: Option<&'a str>,
    pub value: Option<&'a str>,
}

/// One mention as the compact writer reads it (and as the extractor's borrowed result keeps
/// it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MentionView<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub rule: &'static str,
}

/// What the compact writer reads from a record: an [`Analysis`], or the extractor's borrowed
/// result (`extract::Extracted`), which the batch runner writes without first copying every
/// name, mention text and id into strings of their own (about 110 allocations an article).
pub(crate) trait RecordData {
    fn headline(&self) -> Option<&str>;
    fn published(&self) -> Option<crate::calendar::Date>;
    fn issuer(&self) -> Option<&str>;
    fn entity_count(&self) -> usize;
    fn entity(&self, i: usize) -> EntityView<'_>;
    fn mentions(&self, i: usize) -> impl ExactSizeIterator<Item = MentionView<'_>>;
    fn role_count(&self) -> usize;
    /// (person id, title id, organization id)
    fn role(&self, i: usize) -> (&str, Option<&str>, Option<&str>);
    /// About the record's size, so that the buffer is allocated once: the strings plus the
    /// fixed text around them (keys, punctuation, typical numbers). Escapes only make it grow.
    fn size_hint(&self, explain: bool) -> usize {
        compact::size_hint(self, explain)
    }
    /// Entity ids (and so the ids in roles) are known to need no JSON escapes.
    fn plain_ids(&self) -> bool {
        false
    }
}

impl RecordData for Analysis {
    fn headline(&self) -> Option<&str> {
        self.headline.as_deref()
    }

    fn published(&self) -> Option<crate::calendar::Date> {
        self.published
    }

    fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    fn entity_count(&self) -> usize {
        self.entities.len()
    }

    fn entity(&self, i: usize) -> EntityView<'_> {
        let e = &self.entities[i];
        EntityView {
            id: &e.id,
            kind: e.kind,
            name: &e.name,
            canonical: e.canonical.as_deref(),
            value: e.value.as_deref(),
        }
    }

    fn mentions(&self, i: usize) -> impl ExactSizeIterator<Item = MentionView<'_>> {
        self.entities[i].mentions.iter().map(|m| MentionView {
            text: &m.text,
            start: m.start,
            end: m.end,
            char_start: m.char_start,
            char_end: m.char_end,
            rule: m.rule,
        })
    }

    fn role_count(&self) -> usize {
        self.roles.len()
    }

    fn role(&self, i: usize) -> (&str, Option<&str>, Option<&str>) {
        let r = &self.roles[i];
        (&r.person, r.title.as_deref(), r.organization.as_deref())
    }
}

/// Serializes one article's record, newline-terminated.
pub fn record(src: &Source, a: &Analysis, style: Style) -> String {
    record_with(src, a, Decoding::default(), style)
}

/// Serializes one article's record with what it says about its input's decoding.
pub fn record_with(src: &Source, a: &Analysis, decoding: Decoding<'_>, style: Style) -> String {
    if style.pretty {
        return serde_record(src, a, decoding, style);
    }
    let mut out = Vec::new();
    compact::record(&mut out, src, a, decoding, style.explain);
    String::from_utf8(out).expect("records are UTF-8")
}

/// Appends one article's record, newline-terminated, to `out` (the batch runner's path: no
/// intermediate `String`).
pub fn write_record(
    out: &mut Vec<u8>,
    src: &Source,
    a: &Analysis,
    decoding: Decoding<'_>,
    style: Style,
) {
    if style.pretty {
        out.extend_from_slice(serde_record(src, a, decoding, style).as_bytes());
    } else {
        compact::record(out, src, a, decoding, style.explain);
    }
}

/// [`write_record`] of the extractor's borrowed result: the same bytes as of its
/// [`Analysis`], which only `--pretty` builds.
pub(crate) fn write_extracted(
    out: &mut Vec<u8>,
    src: &Source,
    a: &crate::extract::Extracted<'_>,
    decoding: Decoding<'_>,
    style: Style,
) {
    if style.pretty {
        write_record(out, src, &a.to_analysis(), decoding, style);
    } else {
        compact::record(out, src, a, decoding, style.explain);
    }
}

/// The record through serde: `--pretty` output, and the reference the compact writer is
/// tested against.
fn serde_record(src: &Source, a: &Analysis, decoding: Decoding<'_>, style: Style) -> String {
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

/// The hand-written compact writer. Field order, skipped fields and `null`s follow the serde
/// types above exactly; strings are escaped as serde_json does.
///
/// Most of its cost was per field, not per byte: a capacity check for every small push and
/// a call to `memcpy` for every string. So the punctuation around a string is written as
/// part of the constant keys before and after it (`","name":"`), an entity's type with its
/// key and the next key as one constant, a mention's four offsets with their keys through
/// one fixed-size buffer, and strings of up to 32 bytes are checked for escapes and copied
/// with the same few 8-byte words, appended as one fixed-size block that is then cut to
/// length. The commas and brackets of the arrays and a mention's opening are written with
/// the constants beside them, and the extractor's ids, which never need an escape, are
/// copied unchecked (compact::record 7.42M -> 6.37M instructions on the 330-article sample).
mod compact {
    use std::io::Write as _;

    use super::{Decoding, EntityView, MentionView, RecordData, Source};

    pub(super) fn record<R: RecordData>(
        out: &mut Vec<u8>,
        src: &Source,
        a: &R,
        decoding: Decoding<'_>,
        explain: bool,
    ) {
        out.reserve(a.size_hint(explain));
        match src {
            Source::Path(p) => {
                out.extend_from_slice(b"{\"path\":\"");
                body(out, p);
                out.push(b'"');
            }
            Source::Id(v) => {
                out.extend_from_slice(b"{\"id\":");
                serde_json::to_writer(&mut *out, v).expect("JSON values serialize");
            }
        }
        if let Some(enc) = decoding.encoding {
            out.extend_from_slice(b",\"encoding\":");
            string(out, enc);
        }
        if let Some(n) = decoding.replaced_bytes {
            out.extend_from_slice(b",\"replaced_bytes\":");
            uint(out, n);
        }
        out.extend_from_slice(b",\"title\":");
        opt_string(out, a.headline());
        out.extend_from_slice(b",\"published\":");
        match a.published() {
            Some(d) => date(out, d),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"issuer\":");
        opt_string(out, a.issuer());
        // (the brackets and commas of the arrays are written with the constants beside them)
        out.extend_from_slice(b",\"entities\":[");
        // (one buffer for the offsets of every mention: zeroed once, not for each)
        let mut buf = [0u8; MENTION_BUF];
        let plain = a.plain_ids();
        for i in 0..a.entity_count() {
            entity(
                out,
                i == 0,
                plain,
                a.entity(i),
                a.mentions(i),
                explain,
                &mut buf,
            );
        }
        out.extend_from_slice(b"],\"roles\":[");
        for i in 0..a.role_count() {
            role(out, i == 0, plain, a.role(i));
        }
        out.extend_from_slice(b"]}\n");
    }

    /// [`RecordData::size_hint`] from the record's parts, one at a time.
    pub(super) fn size_hint<R: RecordData + ?Sized>(a: &R, explain: bool) -> usize {
        let opt = |s: Option<&str>| s.map_or(0, str::len);
        let mut n = 160 + opt(a.headline()) + opt(a.issuer());
        for i in 0..a.entity_count() {
            let e = a.entity(i);
            n += 80 + e.kind.len() + e.id.len() + e.name.len() + opt(e.canonical) + opt(e.value);
            for m in a.mentions(i) {
                n += 80 + m.text.len() + if explain { 10 + m.rule.len() } else { 0 };
            }
        }
        for i in 0..a.role_count() {
            let (p, t, o) = a.role(i);
            n += 48 + p.len() + opt(t) + opt(o);
        }
        n
    }

    /// The offsets buffer of [`mention`]: its longest piece (four keys, four numbers of up to
    /// 20 digits, the rule's key or the next mention's opening) with room for the fixed-size
    /// writes that end past it.
    const MENTION_BUF: usize = 160;

    /// An entity, with the comma before it unless it is the first, and its mentions, each
    /// mention writing the opening of the next one or the end of the entity.
    fn entity<'a>(
        out: &mut Vec<u8>,
        first: bool,
        plain_ids: bool,
        e: EntityView<'_>,
        mentions: impl ExactSizeIterator<Item = MentionView<'a>>,
        explain: bool,
        buf: &mut [u8; MENTION_BUF],
    ) {
        // (each constant in a call of its own: a choice of slices is copied by `memcpy`)
        if first {
            out.extend_from_slice(b"{\"id\":\"");
        } else {
            out.extend_from_slice(b",{\"id\":\"");
        }
        id(out, e.id, plain_ids);
        // the type (nothing to escape in the extractor's own kinds) between its neighbours'
        // keys and quotes, as one constant
        match e.kind {
            "person" => out.extend_from_slice(b"\",\"type\":\"person\",\"name\":\""),
            "organization" => out.extend_from_slice(b"\",\"type\":\"organization\",\"name\":\""),
            "date" => out.extend_from_slice(b"\",\"type\":\"date\",\"name\":\""),
            "title" => out.extend_from_slice(b"\",\"type\":\"title\",\"name\":\""),
            "place" => out.extend_from_slice(b"\",\"type\":\"place\",\"name\":\""),
            "event" => out.extend_from_slice(b"\",\"type\":\"event\",\"name\":\""),
            kind => {
                out.extend_from_slice(b"\",\"type\":");
                string(out, kind);
                out.extend_from_slice(b",\"name\":\"");
            }
        }
        body(out, e.name);
        if let Some(c) = e.canonical {
            out.extend_from_slice(b"\",\"canonical\":\"");
            body(out, c);
        }
        // dates always carry `value`, other types never do (as `EntityOut::value`); the
        // mentions' key comes with the first mention's opening (an entity without mentions
        // only comes from a hand-made `Analysis`)
        let n = mentions.len();
        let null_value = match e.value {
            Some(v) if e.kind == "date" => {
                out.extend_from_slice(b"\",\"value\":\"");
                body(out, v);
                false
            }
            _ => e.kind == "date",
        };
        match (null_value, n > 0) {
            (false, true) => out.extend_from_slice(b"\",\"mentions\":[{\"text\":\""),
            (false, false) => out.extend_from_slice(b"\",\"mentions\":[]}"),
            (true, true) => out.extend_from_slice(b"\",\"value\":null,\"mentions\":[{\"text\":\""),
            (true, false) => out.extend_from_slice(b"\",\"value\":null,\"mentions\":[]}"),
        }
        for (i, m) in mentions.enumerate() {
            mention(out, m, i + 1 == n, explain, buf);
        }
    }

    /// A mention from its text on (its opening was written before it), then the opening of
    /// the next mention, or the end of the entity after the last.
    #[inline(always)]
    fn mention(
        out: &mut Vec<u8>,
        m: MentionView<'_>,
        last: bool,
        explain: bool,
        buf: &mut [u8; MENTION_BUF],
    ) {
        body(out, m.text);
        // the offsets and their keys, from the text's closing quote to the mention's end
        // (`buf` holds what the mention before left: all of it is overwritten or cut off)
        let mut n = 0;
        let mut put = |buf: &mut [u8; MENTION_BUF], key: &[u8], v: usize| {
            buf[n..n + key.len()].copy_from_slice(key);
            n += key.len();
            n += digits(&mut buf[n..n + 20], v);
            n
        };
        let start_end = put(buf, b"\",\"start\":", m.start);
        put(buf, b",\"end\":", m.end);
        if m.char_start == m.start && m.char_end == m.end && (m.start | m.end) < 1 << 26 {
            // ASCII text (most): the char offsets are the byte offsets, so `,"char_` +
            // `start":D,"` + `char_` + `end":D` repeats the two pieces written already, copied
            // as fixed-size blocks that what follows cuts to length (making the digits again
            // cost twice as much). With at most eight digits each (below 2^26), the pieces
            // are at most 17 and 13 bytes and the blocks end by byte 86.
            let block = |buf: &mut [u8; MENTION_BUF], from: usize, to: usize| {
                let b: [u8; 24] = buf[from..from + 24].try_into().expect("24 bytes");
                buf[to..to + 24].copy_from_slice(&b);
            };
            let end_piece = start_end + 2;
            let mut k = n;
            buf[k..k + 7].copy_from_slice(b",\"char_");
            k += 7;
            block(buf, 3, k);
            k += end_piece - 3;
            buf[k..k + 5].copy_from_slice(b"char_");
            k += 5;
            block(buf, end_piece, k);
            n = k + (n - end_piece);
        } else {
            put(buf, b",\"char_start\":", m.char_start);
            put(buf, b",\"char_end\":", m.char_end);
        }
        // what follows: the next mention's opening or the end of the entity, as one
        // fixed-size write cut to length
        const NEXT: &[u8; 16] = b"},{\"text\":\"\0\0\0\0\0";
        const END: &[u8; 16] = b"}]}\0\0\0\0\0\0\0\0\0\0\0\0\0";
        let (tail, tail_len) = if last { (END, 3) } else { (NEXT, 11) };
        if explain {
            buf[n..n + 9].copy_from_slice(b",\"rule\":\"");
            push_short(out, buf, n + 9);
            body(out, m.rule);
            buf[0] = b'"';
            buf[1..17].copy_from_slice(tail);
            push_short(out, buf, 1 + tail_len);
        } else {
            buf[n..n + 16].copy_from_slice(tail);
            push_short(out, buf, n + tail_len);
        }
    }

    /// [`push_cut`] of the first `n` bytes of the offsets buffer: most mentions fill less
    /// than 96 bytes of it, which are copied as a smaller block.
    #[inline(always)]
    fn push_short(out: &mut Vec<u8>, buf: &[u8; MENTION_BUF], n: usize) {
        if n <= 96 {
            push_cut::<96>(out, buf[..96].try_into().expect("96 bytes"), n);
        } else {
            push_cut(out, buf, n);
        }
    }

    /// Appends the first `n` bytes of `buf`: the whole (fixed-size) array and then a cut,
    /// since a fixed-size copy is a few moves and a variable one a call to `memcpy`.
    fn push_cut<const N: usize>(out: &mut Vec<u8>, buf: &[u8; N], n: usize) {
        let end = out.len() + n;
        out.extend_from_slice(buf);
        out.truncate(end);
    }

    /// A role: three ids, the quotes and keys around each written with its neighbours'.
    fn role(
        out: &mut Vec<u8>,
        first: bool,
        plain: bool,
        (person, title, organization): (&str, Option<&str>, Option<&str>),
    ) {
        if first {
            out.extend_from_slice(b"{\"person\":\"");
        } else {
            out.extend_from_slice(b",{\"person\":\"");
        }
        id(out, person, plain);
        // (the person's string is still open)
        let open = match title {
            Some(t) => {
                out.extend_from_slice(b"\",\"title\":\"");
                id(out, t, plain);
                true
            }
            None => {
                out.extend_from_slice(b"\",\"title\":null");
                false
            }
        };
        match (open, organization) {
            (true, Some(o)) => {
                out.extend_from_slice(b"\",\"organization\":\"");
                id(out, o, plain);
                out.extend_from_slice(b"\"}");
            }
            (true, None) => out.extend_from_slice(b"\",\"organization\":null}"),
            (false, Some(o)) => {
                out.extend_from_slice(b",\"organization\":\"");
                id(out, o, plain);
                out.extend_from_slice(b"\"}");
            }
            (false, None) => out.extend_from_slice(b",\"organization\":null}"),
        }
    }

    fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            Some(s) => string(out, s),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// An id's contents: copied as they are when the ids are known to need no escapes
    /// ([`RecordData::plain_ids`]), else as any string's.
    #[inline(always)]
    fn id(out: &mut Vec<u8>, s: &str, plain: bool) {
        if plain {
            unescaped(out, s);
        } else {
            body(out, s);
        }
    }

    /// The longest string [`unescaped`] copies through its fixed-size block (most ids).
    const PLAIN: usize = 48;

    /// A string that needs no escapes, copied: a string of 8 to [`PLAIN`] bytes as
    /// (overlapping) words into a fixed-size block that is then cut to length.
    #[inline(always)]
    fn unescaped(out: &mut Vec<u8>, s: &str) {
        let bytes = s.as_bytes();
        debug_assert!(!bytes.iter().any(|&b| ESCAPE[usize::from(b)] != 0), "{s:?}");
        let len = bytes.len();
        if !(8..=PLAIN).contains(&len) {
            out.extend_from_slice(bytes);
            return;
        }
        let mut buf = [0u8; PLAIN];
        let word = |at: usize| -> [u8; 8] { bytes[at..at + 8].try_into().expect("8") };
        let mut at = 0;
        while at + 8 < len {
            buf[at..at + 8].copy_from_slice(&word(at));
            at += 8;
        }
        buf[len - 8..len].copy_from_slice(&word(len - 8));
        push_cut(out, &buf, len);
    }

    /// For each byte, how serde_json escapes it: 0 not at all, `u` as `\u00XX` (lowercase
    /// hex), anything else as a backslash and that byte. Only `"`, `\` and the control
    /// characters below 0x20 are escaped; DEL and non-ASCII are written as they are.
    static ESCAPE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = b'u';
            b += 1;
        }
        t[0x08] = b'b';
        t[0x09] = b't';
        t[0x0A] = b'n';
        t[0x0C] = b'f';
        t[0x0D] = b'r';
        t[b'"' as usize] = b'"';
        t[b'\\' as usize] = b'\\';
        t
    };

    /// A JSON string, quoted.
    pub(super) fn string(out: &mut Vec<u8>, s: &str) {
        out.push(b'"');
        body(out, s);
        out.push(b'"');
    }

    /// The longest string [`body`] copies through its fixed-size block.
    const SHORT: usize = 32;

    /// A JSON string's contents, escaped, without the quotes. Escapes are rare in article
    /// text, so the common case is one check of the whole string, eight bytes at a time, and
    /// one copy; a string of up to [`SHORT`] bytes is read as (overlapping) words that are
    /// both checked and written into a fixed-size block.
    #[inline(always)]
    pub(super) fn body(out: &mut Vec<u8>, s: &str) {
        let bytes = s.as_bytes();
        let len = bytes.len();
        if len > SHORT {
            if needs_escape(bytes) {
                escaped(out, bytes);
            } else {
                out.extend_from_slice(bytes);
            }
            return;
        }
        let mut buf = [0u8; SHORT];
        let bits = if len >= 8 {
            // words at 0, 8, 16 and the last eight bytes (which may overlap the one before:
            // the same bytes are written twice, and checked twice)
            let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
            let mut bits = 0;
            let mut at = 0;
            while at + 8 < len {
                let w = word(at);
                bits |= escape_bits(w);
                buf[at..at + 8].copy_from_slice(&w.to_le_bytes());
                at += 8;
            }
            let w = word(len - 8);
            buf[len - 8..len].copy_from_slice(&w.to_le_bytes());
            bits | escape_bits(w)
        } else if len >= 4 {
            // the first and the last four bytes
            let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4"));
            let (a, b) = (half(0), half(len - 4));
            buf[..4].copy_from_slice(&a.to_le_bytes());
            buf[len - 4..len].copy_from_slice(&b.to_le_bytes());
            escape_bits(u64::from(a) | u64::from(b) << 32)
        } else if len > 0 {
            // the first, middle and last byte cover up to three; the other five are a
            // letter, which needs no escape
            let (a, b, c) = (bytes[0], bytes[len / 2], bytes[len - 1]);
            buf[0] = a;
            buf[len / 2] = b;
            buf[len - 1] = c;
            escape_bits(
                u64::from_le_bytes([a, b, c, 0, 0, 0, 0, 0]) | u64::from_le_bytes(*b"\0\0\0aaaaa"),
            )
        } else {
            0
        };
        if bits == 0 {
            push_cut(out, &buf, len);
        } else {
            escaped(out, bytes);
        }
    }

    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// Non-zero iff one of the eight bytes of `w` needs an escape (is below 0x20, `"` or
    /// `\`): the classic "has a byte less than n" and "has a zero byte" word tricks. A borrow
    /// may flag more bytes than match, but only above one that does, so the yes/no answer
    /// is exact.
    fn escape_bits(w: u64) -> u64 {
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        (control | quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash)
            & HIGHS
    }

    /// Does a string of more than eight bytes need an escape? Eight bytes at a time.
    fn needs_escape(bytes: &[u8]) -> bool {
        debug_assert!(bytes.len() >= 8);
        let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
        let mut chunks = bytes.chunks_exact(8);
        let mut bits = 0;
        for c in &mut chunks {
            bits |= escape_bits(word(c));
        }
        if !chunks.remainder().is_empty() {
            // the last eight bytes, overlapping the last whole chunk
            bits |= escape_bits(word(&bytes[bytes.len() - 8..]));
        }
        bits != 0
    }

    /// The slow path of [`body`]: byte by byte, copying the runs between escapes.
    fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let esc = ESCAPE[usize::from(b)];
            if esc == 0 {
                continue;
            }
            out.extend_from_slice(&bytes[run..i]);
            if esc == b'u' {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            } else {
                out.extend_from_slice(&[b'\\', esc]);
            }
            run = i + 1;
        }
        out.extend_from_slice(&bytes[run..]);
    }

    /// A date as its `Display` writes it, quoted (digits and '-' only: nothing to escape).
    /// The usual four-digit year and two-digit month and day are written from the digit
    /// table: the formatting machinery cost a thousand instructions a record.
    fn date(out: &mut Vec<u8>, d: crate::calendar::Date) {
        match (u32::try_from(d.year), d.month, d.day) {
            (Ok(y @ 0..=9999), m @ 0..=99, day @ 0..=99) => {
                let two = |n: u32| {
                    let i = 2 * n as usize;
                    [DIGITS[i], DIGITS[i + 1]]
                };
                let [y1, y2] = two(y / 100);
                let [y3, y4] = two(y % 100);
                let [m1, m2] = two(m);
                let [d1, d2] = two(day);
                out.extend_from_slice(&[b'"', y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b'"']);
            }
            _ => write!(out, "\"{d}\"").expect("writing to a Vec"),
        }
    }

    /// "00", "01", ... "99": two digits per division.
    static DIGITS: [u8; 200] = {
        let mut t = [0u8; 200];
        let mut i = 0;
        while i < 100 {
            t[2 * i] = b'0' + (i / 10) as u8;
            t[2 * i + 1] = b'0' + (i % 10) as u8;
            i += 1;
        }
        t
    };

    /// A non-negative integer in decimal, as serde_json (itoa) prints it.
    pub(super) fn uint(out: &mut Vec<u8>, n: usize) {
        let mut buf = [0u8; 20];
        let len = digits(&mut buf, n);
        push_cut(out, &buf, len);
    }

    /// Writes `n` in decimal at the start of `buf` (20 bytes: the digits of `u64::MAX`),
    /// returning how many digits it has. Offsets below 10^8 (all but huge articles) are
    /// made four or eight digits at once in one word (`four_digits`, `eight_digits`), stored
    /// whole, and the leading zeros shifted out first.
    pub(super) fn digits(buf: &mut [u8], mut n: usize) -> usize {
        if n < 10_000 {
            // most offsets: half the work
            let w = four_digits(n as u32);
            let zeros = (w.trailing_zeros() / 8) as usize;
            let len = 4 - zeros.min(3);
            let ascii = (w >> (8 * (4 - len))) + 0x3030_3030;
            buf[..4].copy_from_slice(&ascii.to_le_bytes());
            return len;
        }
        if n < 100_000_000 {
            let w = eight_digits(n as u32);
            // the leading zeros are the low bytes of `w` (the first ones in memory)
            let zeros = (w.trailing_zeros() / 8) as usize;
            let len = 8 - zeros.min(7);
            // (the bytes after the digits are left over: the caller cuts them off)
            let ascii = (w >> (8 * (8 - len))) + ONES * u64::from(b'0');
            buf[..8].copy_from_slice(&ascii.to_le_bytes());
            return len;
        }
        let len = n.ilog10() as usize + 1;
        let mut i = len;
        while n >= 100 {
            let d = 2 * (n % 100);
            n /= 100;
            i -= 2;
            buf[i..i + 2].copy_from_slice(&DIGITS[d..d + 2]);
        }
        if n >= 10 {
            buf[..2].copy_from_slice(&DIGITS[2 * n..2 * n + 2]);
        } else {
            buf[0] = b'0' + n as u8;
        }
        len
    }

    /// The eight decimal digits of `n` (below 10^8) as byte values 0-9, the most
    /// significant in the lowest byte: split in halves of four digits, each half into two
    /// of two and each of those into two digits, all lanes at once (the divisions by 100 and
    /// 10 are multiplications by a reciprocal, exact in these ranges, and no lane spills
    /// into the bits kept of another).
    /// [`eight_digits`] of a number below 10^4: four digits in a `u32`.
    fn four_digits(n: u32) -> u32 {
        debug_assert!(n < 10_000);
        let q = (n * 5_243) >> 19;
        let x = q | (n - q * 100) << 16;
        let q = ((x * 103) >> 10) & 0x000F_000F;
        q | (x - q * 10) << 8
    }

    fn eight_digits(n: u32) -> u64 {
        debug_assert!(n < 100_000_000);
        let x = u64::from(n / 10_000) | u64::from(n % 10_000) << 32;
        let q = ((x * 10_486) >> 20) & 0x0000_007F_0000_007F;
        let x = q | (x - q * 100) << 16;
        let q = ((x * 103) >> 10) & 0x000F_000F_000F_000F;
        q | (x - q * 10) << 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::testutil::XorShift;

    /// The shared deterministic generator, with the record parts these tests draw.
    struct Rng(XorShift);

    impl Rng {
        fn new(seed: u64) -> Rng {
            Rng(XorShift::new(seed))
        }

        fn next(&mut self) -> u64 {
            self.0.next_u64()
        }

        fn below(&mut self, n: usize) -> usize {
            self.0.below(n)
        }

        /// A string mixing what JSON escapes (controls, `"`, `\`) with what it does not
        /// (DEL, letters, multi-byte chars), of 0 to 40 chars so that both the short path
        /// and the eight-byte words with a tail are exercised.
        fn string(&mut self) -> String {
            const CHARS: &[char] = &[
                'a', 'Z', ' ', '-', '"', '\\', '/', '\0', '\u{1}', '\u{8}', '\t', '\n', '\u{b}',
                '\u{c}', '\r', '\u{1f}', '\u{7f}', '\u{80}', 'é', '€', '中', '😀', '\u{2028}',
            ];
            let len = self.below(41);
            let plain = self.below(3) == 0;
            (0..len)
                .map(|_| {
                    if plain {
                        char::from(b'a' + self.below(26) as u8)
                    } else {
                        CHARS[self.below(CHARS.len())]
                    }
                })
                .collect()
        }

        fn opt_string(&mut self) -> Option<String> {
            (self.below(3) > 0).then(|| self.string())
        }

        fn number(&mut self) -> usize {
            match self.below(4) {
                0 => self.below(10),
                1 => self.below(100_000),
                2 => self.next() as usize,
                _ => 10usize.pow(self.below(20) as u32) - self.below(2),
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
        let mut cases: Vec<String> = (0..=0x80u32)
            .filter_map(char::from_u32)
            .flat_map(|c| {
                // every char alone and at each position of a word and of a longer run
                (0..17).map(move |at| {
                    let mut s: String = "x".repeat(at);
                    s.push(c);
                    s.push_str(&"y".repeat(16 - at));
                    s
                })
            })
            .collect();
        cases.extend((0..=0x80u32).filter_map(char::from_u32).map(String::from));
        // an escape at each position of strings of every length around the short path's
        // word sizes (`compact::body`)
        for len in 1..=40 {
            for at in 0..len {
                for c in ['"', '\\', '\n', '\u{1f}', '\u{7f}', 'é'] {
                    let mut s: String = "a".repeat(at);
                    s.push(c);
                    s.push_str(&"b".repeat(len - at - 1));
                    cases.push(s);
                }
            }
        }
        cases.extend((0..20_000).map(|_| rng.string()));
        for s in cases {
            let mut out = Vec::new();
            compact::string(&mut out, &s);
            let want = serde_json::to_string(&s).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "{s:?}");
        }
    }

    #[test]
    fn integers_are_written_as_serde_json_does() {
        let mut rng = Rng::new(42);
        let mut cases = vec![0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, usize::MAX];
        for p in 1..20 {
            let t = 10usize.pow(p);
            cases.extend([t - 1, t, t + 1]);
        }
        cases.extend((0..20_000).map(|_| rng.number()));
        // every number of the four- and eight-digit paths' ranges near their ends
        // (`compact::digits`)
        cases.extend(0..=120_000);
        cases.extend(99_990_000..=100_010_000);
        for n in cases {
            let mut out = b"prefix".to_vec();
            compact::uint(&mut out, n);
            assert_eq!(
                out,
                format!("prefix{}", serde_json::to_string(&n).unwrap()).as_bytes()
            );
        }
    }

    fn analysis(rng: &mut Rng) -> Analysis {
        // every kind the writer has a constant for, and one it has not
        const KINDS: &[&str] = &[
            "person",
            "date",
            "organization",
            "title",
            "place",
            "event",
            "demonym",
        ];
        const RULES: &[&str] = &["gazetteer", "dates.iso", "persons.\"quoted\""];
        let entities = (0..rng.below(6))
            .map(|_| Entity {
                id: rng.string(),
                kind: KINDS[rng.below(KINDS.len())],
                name: rng.string(),
                canonical: rng.opt_string(),
                value: rng.opt_string(),
                mentions: (0..rng.below(4))
                    .map(|_| {
                        let mut m = Mention {
                            text: rng.string(),
                            start: rng.number(),
                            end: rng.number(),
                            char_start: rng.number(),
                            char_end: rng.number(),
                            rule: RULES[rng.below(RULES.len())],
                        };
                        // the char offsets the byte offsets (ASCII text), as the writer
                        // copies their digits then
                        if rng.below(2) == 0 {
                            (m.char_start, m.char_end) = (m.start, m.end);
                        }
                        m
                    })
                    .collect(),
            })
            .collect();
        let roles = (0..rng.below(3))
            .map(|_| Role {
                person: rng.string(),
                title: rng.opt_string(),
                organization: rng.opt_string(),
            })
            .collect();
        let published = match rng.below(4) {
            0 => None,
            1 => Date::new(-44, 3, 15),
            2 => Date::new(12345, 12, 31),
            _ => Date::new(1990 + rng.below(40) as i32, 1 + rng.below(12) as u32, 1),
        };
        Analysis {
            headline: rng.opt_string(),
            published,
            issuer: rng.opt_string(),
            entities,
            roles,
        }
    }

    #[test]
    fn compact_records_are_the_serde_records() {
        let mut rng = Rng::new(7);
        let ids = [
            serde_json::json!(null),
            serde_json::json!(17),
            serde_json::json!(-3.5),
            serde_json::json!("a\"b\\c\n\u{1}é"),
            serde_json::json!({"k": [1, "x", true], "z": {}}),
        ];
        for round in 0..3_000 {
            let a = analysis(&mut rng);
            let src = if rng.below(2) == 0 {
                Source::Path(rng.string())
            } else {
                Source::Id(ids[rng.below(ids.len())].clone())
            };
            let decoding = Decoding {
                encoding: [None, Some("utf-16le"), Some("utf-16be")][rng.below(3)],
                replaced_bytes: (rng.below(2) == 0).then(|| rng.number()),
            };
            let style = Style {
                pretty: false,
                explain: round % 2 == 0,
            };
            let got = record_with(&src, &a, decoding, style);
            assert_eq!(got, serde_record(&src, &a, decoding, style), "{a:?}");
        }
    }

    #[test]
    fn pretty_records_still_go_through_serde() {
        let mut rng = Rng::new(11);
        let a = analysis(&mut rng);
        let src = Source::Path("a.txt".into());
        let style = Style {
            pretty: true,
            explain: true,
        };
        let got = record_with(&src, &a, Decoding::default(), style);
        assert!(got.contains("\n  \"title\": "), "{got}");
        assert_eq!(got, serde_record(&src, &a, Decoding::default(), style));
    }
}
