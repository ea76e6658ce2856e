//! `press-ner diff OLD NEW`: a semantic, per-article comparison of two outputs of `extract`
//! (JSON Lines or a JSON array). Articles are matched by `path` (or `id`; the n-th record of
//! a key in OLD with the n-th in NEW). For each article it reports mentions added, removed or
//! moved to another entity (matched by byte span), changed date values, entities added,
//! removed or renamed (by id), roles added or removed, and changed header fields and error
//! status. Text for people by default, one JSON object with `--json`.
//!
//! Exit status: 0 no differences, 1 differences, 2 usage error or unreadable input.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use serde_json::{json, Value};

use crate::cli::DiffArgs;

pub const EXIT_EQUAL: i32 = 0;
pub const EXIT_DIFFERENT: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// One entity of an article, as the diff sees it.
#[derive(Clone, Debug, PartialEq)]
struct Ent {
    kind: String,
    name: Value,
    canonical: Value,
    value: Value,
}

#[derive(Clone, Debug, PartialEq)]
struct Men {
    text: String,
    entity: String,
}

type Role = (Value, Value, Value);

/// One article record, reduced to what is compared.
#[derive(Default)]
struct Article {
    fields: Vec<(&'static str, Value)>,
    /// (kind, message) for an error record.
    error: Option<(String, String)>,
    /// Entities in record order; the first of a repeated id wins.
    entities: Vec<(String, Ent)>,
    /// Mentions by (start, end).
    mentions: BTreeMap<(u64, u64), Men>,
    roles: Vec<Role>,
}

const FIELDS: [&str; 3] = ["title", "published", "issuer"];

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

impl Article {
    fn parse(v: &Value) -> Article {
        let mut a = Article::default();
        if let Some(e) = v.get("error") {
            a.error = Some((s(&e["kind"]), s(&e["message"])));
            return a;
        }
        for f in FIELDS {
            a.fields.push((f, v.get(f).cloned().unwrap_or(Value::Null)));
        }
        let empty = Vec::new();
        for e in v["entities"].as_array().unwrap_or(&empty) {
            let id = s(&e["id"]);
            if !a.entities.iter().any(|(i, _)| *i == id) {
                a.entities.push((
                    id.clone(),
                    Ent {
                        kind: s(&e["type"]),
                        name: e.get("name").cloned().unwrap_or(Value::Null),
                        canonical: e.get("canonical").cloned().unwrap_or(Value::Null),
                        value: e.get("value").cloned().unwrap_or(Value::Null),
                    },
                ));
            }
            for m in e["mentions"].as_array().unwrap_or(&empty) {
                a.mentions.insert(
                    (
                        m["start"].as_u64().unwrap_or(0),
                        m["end"].as_u64().unwrap_or(0),
                    ),
                    Men {
                        text: s(&m["text"]),
                        entity: id.clone(),
                    },
                );
            }
        }
        for r in v["roles"].as_array().unwrap_or(&empty) {
            a.roles.push((
                r["person"].clone(),
                r.get("title").cloned().unwrap_or(Value::Null),
                r.get("organization").cloned().unwrap_or(Value::Null),
            ));
        }
        a
    }

    fn entity(&self, id: &str) -> Option<&Ent> {
        self.entities.iter().find(|(i, _)| i == id).map(|(_, e)| e)
    }
}

/// The differences of one article.
#[derive(Default)]
struct ArticleDiff {
    key: String,
    /// "changed", "added" or "removed".
    status: &'static str,
    error: Option<(Value, Value)>,
    fields: Vec<(&'static str, Value, Value)>,
    mentions_added: Vec<((u64, u64), Men)>,
    mentions_removed: Vec<((u64, u64), Men)>,
    /// Same span, another entity (not a date value change).
    mentions_changed: Vec<((u64, u64), Men, Men)>,
    /// Same span, both dates, another value: (span, text, old value, new value).
    dates: Vec<((u64, u64), String, Value, Value)>,
    entities_added: Vec<(String, Ent)>,
    entities_removed: Vec<(String, Ent)>,
    /// (id, field, old, new)
    entities_changed: Vec<(String, &'static str, Value, Value)>,
    roles_added: Vec<Role>,
    roles_removed: Vec<Role>,
}

impl ArticleDiff {
    fn is_empty(&self) -> bool {
        self.error.is_none()
            && self.fields.is_empty()
            && self.mentions_added.is_empty()
            && self.mentions_removed.is_empty()
            && self.mentions_changed.is_empty()
            && self.dates.is_empty()
            && self.entities_added.is_empty()
            && self.entities_removed.is_empty()
            && self.entities_changed.is_empty()
            && self.roles_added.is_empty()
            && self.roles_removed.is_empty()
    }
}

fn error_value(e: &Option<(String, String)>) -> Value {
    match e {
        Some((k, m)) => json!({"kind": k, "message": m}),
        None => Value::Null,
    }
}

fn compare(key: String, old: &Article, new: &Article) -> ArticleDiff {
    let mut d = ArticleDiff {
        key,
        status: "changed",
        ..Default::default()
    };
    if old.error != new.error {
        d.error = Some((error_value(&old.error), error_value(&new.error)));
    }
    if old.error.is_none() && new.error.is_none() {
        for ((f, a), (_, b)) in old.fields.iter().zip(&new.fields) {
            if a != b {
                d.fields.push((f, a.clone(), b.clone()));
            }
        }
    }
    // mentions, by span
    for (span, m) in &old.mentions {
        match new.mentions.get(span) {
            None => d.mentions_removed.push((*span, m.clone())),
            Some(n) if n == m => {}
            Some(n) => {
                let (oe, ne) = (old.entity(&m.entity), new.entity(&n.entity));
                let both_dates = oe.is_some_and(|e| e.kind == "date")
                    && ne.is_some_and(|e| e.kind == "date")
                    && m.text == n.text;
                if both_dates {
                    let v = |e: Option<&Ent>| e.map_or(Value::Null, |e| e.value.clone());
                    d.dates.push((*span, n.text.clone(), v(oe), v(ne)));
                } else {
                    d.mentions_changed.push((*span, m.clone(), n.clone()));
                }
            }
        }
    }
    for (span, n) in &new.mentions {
        if !old.mentions.contains_key(span) {
            d.mentions_added.push((*span, n.clone()));
        }
    }
    // entities, by id
    for (id, e) in &old.entities {
        match new.entity(id) {
            None => d.entities_removed.push((id.clone(), e.clone())),
            Some(n) => {
                for (f, a, b) in [
                    (
                        "type",
                        Value::from(e.kind.clone()),
                        Value::from(n.kind.clone()),
                    ),
                    ("name", e.name.clone(), n.name.clone()),
                    ("canonical", e.canonical.clone(), n.canonical.clone()),
                    ("value", e.value.clone(), n.value.clone()),
                ] {
                    if a != b {
                        d.entities_changed.push((id.clone(), f, a, b));
                    }
                }
            }
        }
    }
    for (id, e) in &new.entities {
        if old.entity(id).is_none() {
            d.entities_added.push((id.clone(), e.clone()));
        }
    }
    // roles, as multisets
    let mut left: Vec<Option<&Role>> = new.roles.iter().map(Some).collect();
    for r in &old.roles {
        match left.iter().position(|x| *x == Some(r)) {
            Some(i) => left[i] = None,
            None => d.roles_removed.push(r.clone()),
        }
    }
    d.roles_added = left.into_iter().flatten().cloned().collect();
    d
}

/// Reads an output file: JSON Lines, or one JSON array. Returns (key, record) in file order.
fn load(path: &Path) -> Result<Vec<(String, Value)>, String> {
    let name = path.display();
    let text = fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let mut recs: Vec<(usize, Value)> = Vec::new();
    if text.trim_start().starts_with('[') {
        let v: Vec<Value> =
            serde_json::from_str(&text).map_err(|e| format!("{name}: invalid JSON: {e}"))?;
        recs.extend(v.into_iter().enumerate().map(|(i, v)| (i + 1, v)));
    } else {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line)
                .map_err(|e| format!("{name}:{}: invalid JSON: {e}", i + 1))?;
            recs.push((i + 1, v));
        }
    }
    let mut out = Vec::with_capacity(recs.len());
    for (n, v) in recs {
        let key = match (v.get("path"), v.get("id")) {
            (Some(Value::String(p)), _) => p.clone(),
            (_, Some(Value::String(id))) => id.clone(),
            (_, Some(Value::Null)) => format!("line {}", v["line"]),
            (_, Some(id)) => id.to_string(),
            _ => {
                return Err(format!(
                "{name}: record {n} has no \"path\" or \"id\": not an output of press-ner extract"
            ))
            }
        };
        out.push((key, v));
    }
    Ok(out)
}

/// Keys made unique by occurrence: the second record of "a" is ("a", 1).
fn numbered(recs: Vec<(String, Value)>) -> Vec<((String, usize), Value)> {
    let mut count: HashMap<String, usize> = HashMap::new();
    recs.into_iter()
        .map(|(k, v)| {
            let c = count.entry(k.clone()).or_default();
            let n = *c;
            *c += 1;
            ((k, n), v)
        })
        .collect()
}

fn display_key((k, n): &(String, usize)) -> String {
    if *n == 0 {
        k.clone()
    } else {
        format!("{k} (#{})", n + 1)
    }
}

/// Runs `press-ner diff`; returns the exit status.
pub fn run(args: &DiffArgs) -> i32 {
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(o), Ok(n)) => (numbered(o), numbered(n)),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("press-ner: {e}");
            return EXIT_USAGE;
        }
    };
    let old_index: HashMap<&(String, usize), &Value> = old.iter().map(|(k, v)| (k, v)).collect();
    let new_keys: HashMap<&(String, usize), ()> = new.iter().map(|(k, _)| (k, ())).collect();
    let empty = Article::default();
    let mut diffs = Vec::new();
    for (k, v) in &new {
        let n = Article::parse(v);
        let d = match old_index.get(k) {
            Some(o) => compare(display_key(k), &Article::parse(o), &n),
            None => ArticleDiff {
                status: "added",
                ..compare(display_key(k), &empty, &n)
            },
        };
        if d.status != "changed" || !d.is_empty() {
            diffs.push(d);
        }
    }
    for (k, v) in &old {
        if !new_keys.contains_key(k) {
            diffs.push(ArticleDiff {
                status: "removed",
                ..compare(display_key(k), &Article::parse(v), &empty)
            });
        }
    }
    let total = new.len()
        + old
            .iter()
            .filter(|(k, _)| !new_keys.contains_key(k))
            .count();
    let summary = Summary::of(&diffs, total);
    let mut out = String::new();
    if args.json {
        let doc = json!({
            "equal": diffs.is_empty(),
            "summary": summary.json(),
            "articles": diffs.iter().map(article_json).collect::<Vec<_>>(),
        });
        out = serde_json::to_string_pretty(&doc).expect("serializes");
        out.push('\n');
    } else {
        for d in &diffs {
            text(&mut out, d);
        }
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("press-ner: writing the diff: {e}");
            return EXIT_USAGE;
        }
    }
    eprintln!("press-ner diff: {}", summary.line());
    if diffs.is_empty() {
        EXIT_EQUAL
    } else {
        EXIT_DIFFERENT
    }
}

#[derive(Default)]
struct Summary {
    articles: usize,
    changed: usize,
    added: usize,
    removed: usize,
    mentions: [usize; 3],
    dates: usize,
    entities: [usize; 3],
    roles: [usize; 2],
}

impl Summary {
    fn of(diffs: &[ArticleDiff], articles: usize) -> Summary {
        let mut s = Summary {
            articles,
            ..Default::default()
        };
        for d in diffs {
            match d.status {
                "added" => s.added += 1,
                "removed" => s.removed += 1,
                _ => s.changed += 1,
            }
            s.mentions[0] += d.mentions_added.len();
            s.mentions[1] += d.mentions_removed.len();
            s.mentions[2] += d.mentions_changed.len();
            s.dates += d.dates.len();
            s.entities[0] += d.entities_added.len();
            s.entities[1] += d.entities_removed.len();
            s.entities[2] += d.entities_changed.len();
            s.roles[0] += d.roles_added.len();
            s.roles[1] += d.roles_removed.len();
        }
        s
    }

    fn line(&self) -> String {
        if self.changed + self.added + self.removed == 0 {
            return format!("no differences ({} articles)", self.articles);
        }
        format!(
            "{} of {} articles differ ({} changed, {} added, {} removed); mentions +{} -{} ~{}, \
             date values ~{}, entities +{} -{} ~{}, roles +{} -{}",
            self.changed + self.added + self.removed,
            self.articles,
            self.changed,
            self.added,
            self.removed,
            self.mentions[0],
            self.mentions[1],
            self.mentions[2],
            self.dates,
            self.entities[0],
            self.entities[1],
            self.entities[2],
            self.roles[0],
            self.roles[1]
        )
    }

    fn json(&self) -> Value {
        json!({
            "articles": self.articles,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "mentions_added": self.mentions[0],
            "mentions_removed": self.mentions[1],
            "mentions_changed": self.mentions[2],
            "date_values_changed": self.dates,
            "entities_added": self.entities[0],
            "entities_removed": self.entities[1],
            "entities_changed": self.entities[2],
            "roles_added": self.roles[0],
            "roles_removed": self.roles[1],
        })
    }
}

fn q(s: &str) -> String {
    serde_json::to_string(s).expect("serializes")
}

fn v(x: &Value) -> String {
    x.to_string()
}

fn role_text((p, t, o): &Role) -> String {
    let part = |x: &Value| x.as_str().unwrap_or("-").to_string();
    format!("{} | {} | {}", part(p), part(t), part(o))
}

/// The readable form: a header line per article, then one indented line per difference.
fn text(out: &mut String, d: &ArticleDiff) {
    match d.status {
        "added" => {
            let _ = writeln!(
                out,
                "+ {} (new article: {} entities, {} mentions, {} roles)",
                d.key,
                d.entities_added.len(),
                d.mentions_added.len(),
                d.roles_added.len()
            );
            return;
        }
        "removed" => {
            let _ = writeln!(
                out,
                "- {} (article gone: had {} entities, {} mentions, {} roles)",
                d.key,
                d.entities_removed.len(),
                d.mentions_removed.len(),
                d.roles_removed.len()
            );
            return;
        }
        _ => {}
    }
    let _ = writeln!(out, "~ {}", d.key);
    if let Some((o, n)) = &d.error {
        let _ = writeln!(out, "    ~ error {} -> {}", v(o), v(n));
    }
    for (f, o, n) in &d.fields {
        let _ = writeln!(out, "    ~ {f} {} -> {}", v(o), v(n));
    }
    // mention lines in span order
    let mut lines: Vec<((u64, u64), u8, String)> = Vec::new();
    for ((s, e), m) in &d.mentions_removed {
        lines.push((
            (*s, *e),
            0,
            format!("- mention {s}..{e} {} {}", q(&m.text), m.entity),
        ));
    }
    for ((s, e), m) in &d.mentions_added {
        lines.push((
            (*s, *e),
            1,
            format!("+ mention {s}..{e} {} {}", q(&m.text), m.entity),
        ));
    }
    for ((s, e), o, n) in &d.mentions_changed {
        lines.push((
            (*s, *e),
            2,
            format!(
                "~ mention {s}..{e} {} {} -> {}",
                q(&n.text),
                o.entity,
                n.entity
            ),
        ));
    }
    for ((s, e), t, o, n) in &d.dates {
        lines.push((
            (*s, *e),
            2,
            format!("~ date {s}..{e} {} value {} -> {}", q(t), v(o), v(n)),
        ));
    }
    lines.sort();
    for (_, _, l) in lines {
        let _ = writeln!(out, "    {l}");
    }
    for (id, e) in &d.entities_removed {
        let _ = writeln!(out, "    - entity {id} {}", v(&e.name));
    }
    for (id, e) in &d.entities_added {
        let _ = writeln!(out, "    + entity {id} {}", v(&e.name));
    }
    for (id, f, o, n) in &d.entities_changed {
        let _ = writeln!(out, "    ~ entity {id} {f} {} -> {}", v(o), v(n));
    }
    for r in &d.roles_removed {
        let _ = writeln!(out, "    - role {}", role_text(r));
    }
    for r in &d.roles_added {
        let _ = writeln!(out, "    + role {}", role_text(r));
    }
}

fn mention_json((s, e): &(u64, u64), m: &Men) -> Value {
    json!({"start": s, "end": e, "text": m.text, "entity": m.entity})
}

fn entity_json(id: &str, e: &Ent) -> Value {
    json!({"id": id, "type": e.kind, "name": e.name, "canonical": e.canonical, "value": e.value})
}

fn role_json((p, t, o): &Role) -> Value {
    json!({"person": p, "title": t, "organization": o})
}

fn article_json(d: &ArticleDiff) -> Value {
    let mut a = json!({
        "article": d.key,
        "status": d.status,
        "fields": d.fields.iter().map(|(f, o, n)| json!({"field": f, "old": o, "new": n})).collect::<Vec<_>>(),
        "mentions": {
            "added": d.mentions_added.iter().map(|(s, m)| mention_json(s, m)).collect::<Vec<_>>(),
            "removed": d.mentions_removed.iter().map(|(s, m)| mention_json(s, m)).collect::<Vec<_>>(),
            "changed": d.mentions_changed.iter().map(|((s, e), o, n)| json!({
                "start": s, "end": e, "text": n.text, "old_entity": o.entity, "new_entity": n.entity
            })).collect::<Vec<_>>(),
        },
        "dates": d.dates.iter().map(|((s, e), t, o, n)| json!({
            "start": s, "end": e, "text": t, "old_value": o, "new_value": n
        })).collect::<Vec<_>>(),
        "entities": {
            "added": d.entities_added.iter().map(|(id, e)| entity_json(id, e)).collect::<Vec<_>>(),
            "removed": d.entities_removed.iter().map(|(id, e)| entity_json(id, e)).collect::<Vec<_>>(),
            "changed": d.entities_changed.iter().map(|(id, f, o, n)| json!({
                "id": id, "field": f, "old": o, "new": n
            })).collect::<Vec<_>>(),
        },
        "roles": {
            "added": d.roles_added.iter().map(role_json).collect::<Vec<_>>(),
            "removed": d.roles_removed.iter().map(role_json).collect::<Vec<_>>(),
        },
    });
    if let Some((o, n)) = &d.error {
        a["error"] = json!({"old": o, "new": n});
    }
    a
}
