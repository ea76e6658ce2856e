//! `--format sqlite`: the tables of [`super`] in an SQLite database (rusqlite, SQLite bundled),
//! created on first use and updated in place by later runs.
//!
//! Documents are written [`TX_DOCUMENTS`] at a time, each batch in one transaction: every
//! document's earlier rows (in `documents` or `errors`, and their children) are deleted and
//! its new rows inserted, then the `entities` rows the batch touched are refreshed (their
//! representative name recomputed; ids no document refers to any more deleted). A run that is
//! killed loses at most the open transaction, so the database only ever holds whole
//! documents, and re-running the same input gives the same table contents.
//!
//! The schema version is kept in `PRAGMA user_version`; a database with tables but another
//! version is refused rather than changed.
//!
//! For tests only: with `PRESS_NER_TEST_ABORT_AT=N` in the environment the process aborts in
//! the middle of writing its N-th document (inside the open transaction), like a crash or
//! `kill -9` would, so the recovery can be checked at exactly that point.

use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::Rows;

/// The schema version stored in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// The schema (also printed in the README's "Databases" section).
pub const SCHEMA: &str = "\
CREATE TABLE documents (
  document  TEXT PRIMARY KEY,                -- path, or JSONL id
  source    TEXT NOT NULL CHECK (source IN ('path', 'id')),
  title     TEXT,                            -- headline
  published TEXT,                            -- YYYY-MM-DD
  issuer    TEXT
);
CREATE TABLE entities (
  id        TEXT PRIMARY KEY,                -- type:slug, the same in every document
  type      TEXT NOT NULL CHECK (type IN ('person', 'title', 'organization', 'place', 'date', 'event')),
  name      TEXT NOT NULL,                   -- representative name (see README)
  canonical TEXT,
  value     TEXT                             -- dates: TIMEX3 value
);
CREATE TABLE document_entities (
  document  TEXT NOT NULL REFERENCES documents (document) ON DELETE CASCADE,
  entity    TEXT NOT NULL REFERENCES entities (id),
  ord       INTEGER NOT NULL,                -- position in the record's entities
  name      TEXT NOT NULL,                   -- the name in this document
  canonical TEXT,
  value     TEXT,
  PRIMARY KEY (document, entity)
);
CREATE INDEX document_entities_entity
  ON document_entities (entity, length(name) DESC, name, canonical, value);
CREATE TABLE mentions (
  document   TEXT NOT NULL,
  start      INTEGER NOT NULL,               -- UTF-8 byte offsets
  \"end\"      INTEGER NOT NULL,
  char_start INTEGER NOT NULL,               -- Unicode scalar offsets
  char_end   INTEGER NOT NULL,
  entity     TEXT NOT NULL,
  text       TEXT NOT NULL,
  rule       TEXT,                           -- with --explain
  PRIMARY KEY (document, start),
  FOREIGN KEY (document, entity) REFERENCES document_entities (document, entity) ON DELETE CASCADE
);
CREATE INDEX mentions_entity ON mentions (entity, document);
CREATE TABLE roles (
  document     TEXT NOT NULL REFERENCES documents (document) ON DELETE CASCADE,
  ord          INTEGER NOT NULL,
  person       TEXT NOT NULL,
  title        TEXT,
  organization TEXT,
  PRIMARY KEY (document, ord),
  FOREIGN KEY (document, person) REFERENCES document_entities (document, entity),
  FOREIGN KEY (document, title) REFERENCES document_entities (document, entity),
  FOREIGN KEY (document, organization) REFERENCES document_entities (document, entity)
);
CREATE INDEX roles_person ON roles (person, document);
CREATE INDEX roles_title ON roles (title, document);
CREATE INDEX roles_organization ON roles (organization, document);
CREATE TABLE errors (
  document TEXT PRIMARY KEY,                 -- path, JSONL id, or FILE:LINE
  source   TEXT NOT NULL CHECK (source IN ('path', 'id')),
  line     INTEGER,                          -- JSONL input line
  kind     TEXT NOT NULL,
  message  TEXT NOT NULL
);
";

/// Recomputes an entity's representative row (see [`super::better_representative`]).
const REFRESH_ENTITY: &str = "\
UPDATE entities SET (name, canonical, value) = (
  SELECT name, canonical, value FROM document_entities WHERE entity = ?1
  ORDER BY length(name) DESC, name, canonical, value LIMIT 1)
WHERE id = ?1";

/// An open output database.
pub struct SqliteExport {
    conn: Connection,
    /// Documents written by this process.
    written: u64,
    /// `PRESS_NER_TEST_ABORT_AT` (see the module docs).
    abort_at: Option<u64>,
    /// Rows waiting for the next transaction.
    pending: Vec<Rows>,
}

/// Documents per transaction: one commit per document would spend most of the run in
/// `fsync`; a few hundred keep commits rare and what an interruption loses small.
pub const TX_DOCUMENTS: usize = 500;

/// Errors of [`SqliteExport`], as messages for the user.
pub type Result<T> = std::result::Result<T, String>;

fn msg(e: rusqlite::Error) -> String {
    e.to_string()
}

impl SqliteExport {
    /// Opens (creating if needed) the database at `path` and makes sure it has the schema.
    pub fn open(path: &Path) -> Result<SqliteExport> {
        let conn = Connection::open(path).map_err(msg)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(msg)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(msg)?;
        // the indexes are updated in key order, not insertion order: keep their pages cached
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(msg)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| format!("not an SQLite database? {e}"))?;
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .map_err(msg)?;
        match version {
            SCHEMA_VERSION => {}
            0 if tables == 0 => {
                let tx = conn.unchecked_transaction().map_err(msg)?;
                tx.execute_batch(SCHEMA).map_err(msg)?;
                tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                    .map_err(msg)?;
                tx.commit().map_err(msg)?;
            }
            0 => {
                return Err(format!(
                    "has {tables} table(s) but is not a press-ner database; \
                     give a new file name"
                ))
            }
            v => {
                return Err(format!(
                    "is a press-ner database of schema version {v}, this press-ner writes \
                     version {SCHEMA_VERSION}; give a new file name"
                ))
            }
        }
        Ok(SqliteExport {
            conn,
            written: 0,
            pending: Vec::new(),
            abort_at: std::env::var("PRESS_NER_TEST_ABORT_AT")
                .ok()
                .and_then(|v| v.parse().ok()),
        })
    }

    /// Takes the rows of a chunk of documents; they are written, with the chunks before them,
    /// once [`TX_DOCUMENTS`] documents are waiting (and by [`finish`]).
    ///
    /// [`finish`]: SqliteExport::finish
    pub fn write_chunk(&mut self, chunk: Vec<Rows>) -> Result<()> {
        self.pending.extend(chunk);
        if self.pending.len() >= TX_DOCUMENTS {
            self.flush()?;
        }
        Ok(())
    }

    /// Replaces the rows of each pending document in one transaction.
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.pending);
        let tx = self.conn.transaction().map_err(msg)?;
        let mut touched = BTreeSet::new();
        for rows in &chunk {
            self.written += 1;
            let abort = self.abort_at == Some(self.written);
            replace(&tx, rows, &mut touched, abort)
                .map_err(|e| format!("{}: {e}", rows.document))?;
        }
        {
            let mut refresh = tx.prepare_cached(REFRESH_ENTITY).map_err(msg)?;
            let mut used = tx
                .prepare_cached("SELECT 1 FROM document_entities WHERE entity = ?1 LIMIT 1")
                .map_err(msg)?;
            let mut delete = tx
                .prepare_cached("DELETE FROM entities WHERE id = ?1")
                .map_err(msg)?;
            for id in &touched {
                let in_use = used
                    .query_row([id], |_| Ok(()))
                    .optional()
                    .map_err(msg)?
                    .is_some();
                if in_use {
                    refresh.execute([id]).map_err(msg)?;
                } else {
                    delete.execute([id]).map_err(msg)?;
                }
            }
        }
        tx.commit().map_err(msg)
    }

    /// Closes the database, reporting any error.
    pub fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.conn.close().map_err(|(_, e)| msg(e))
    }
}

fn replace(
    tx: &Transaction<'_>,
    rows: &Rows,
    touched: &mut BTreeSet<String>,
    abort: bool,
) -> rusqlite::Result<()> {
    let d = rows.document.as_str();
    {
        let mut old =
            tx.prepare_cached("SELECT entity FROM document_entities WHERE document = ?1")?;
        for id in old.query_map([d], |r| r.get::<_, String>(0))? {
            touched.insert(id?);
        }
    }
    for sql in [
        "DELETE FROM roles WHERE document = ?1",
        "DELETE FROM mentions WHERE document = ?1",
        "DELETE FROM document_entities WHERE document = ?1",
        "DELETE FROM documents WHERE document = ?1",
        "DELETE FROM errors WHERE document = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([d])?;
    }
    if let Some(doc) = &rows.doc {
        tx.prepare_cached(
            "INSERT INTO documents (document, source, title, published, issuer) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![d, doc.source, doc.title, doc.published, doc.issuer])?;
    }
    {
        let mut ent = tx.prepare_cached(
            "INSERT INTO entities (id, type, name, canonical, value) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (id) DO NOTHING",
        )?;
        let mut de = tx.prepare_cached(
            "INSERT INTO document_entities (document, entity, ord, name, canonical, value) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (ord, e) in rows.entities.iter().enumerate() {
            ent.execute(params![e.id, e.kind, e.name, e.canonical, e.value])?;
            de.execute(params![d, e.id, ord as i64, e.name, e.canonical, e.value])?;
            touched.insert(e.id.clone());
        }
    }
    if abort {
        // half a document is in the open transaction: a crash here must leave no trace
        std::process::abort();
    }
    {
        let mut m = tx.prepare_cached(
            "INSERT INTO mentions (document, start, \"end\", char_start, char_end, entity, text, rule) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for x in &rows.mentions {
            m.execute(params![
                d,
                x.start as i64,
                x.end as i64,
                x.char_start as i64,
                x.char_end as i64,
                x.entity,
                x.text,
                x.rule
            ])?;
        }
    }
    {
        let mut r = tx.prepare_cached(
            "INSERT INTO roles (document, ord, person, title, organization) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (ord, x) in rows.roles.iter().enumerate() {
            r.execute(params![d, ord as i64, x.person, x.title, x.organization])?;
        }
    }
    if let Some(e) = &rows.error {
        tx.prepare_cached(
            "INSERT INTO errors (document, source, line, kind, message) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            d,
            e.source,
            e.line.map(|l| l as i64),
            e.kind,
            e.message
        ])?;
    }
    Ok(())
}
