//! `--format csv`: the tables of [`super`] as CSV files in `--out-dir`, one per table
//! (`documents.csv`, `entities.csv`, ...), with a header row, ready for PostgreSQL `\copy ...
//! (FORMAT csv, HEADER true)` and DuckDB `read_csv`.
//!
//! Quoting follows RFC 4180 (fields holding `,` `"` CR or LF are quoted, `"` doubled); lines
//! end with LF. NULL is an empty unquoted field and an empty string is `""`, as PostgreSQL's
//! CSV format reads them; a field that is exactly `\.` is quoted too. Each file is written to
//! a temporary name in the directory and renamed into place when the run ends, so a failed
//! run leaves any earlier files as they were. `entities.csv` is written last, from the
//! representatives of all entities seen (sorted by id).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{better_representative, EntityRow, Rows, TABLES};

/// The header row of each table, in [`TABLES`] order.
pub const COLUMNS: [&[&str]; 6] = [
    &["document", "source", "title", "published", "issuer"],
    &["id", "type", "name", "canonical", "value"],
    &["document", "entity", "ord", "name", "canonical", "value"],
    &[
        "document",
        "start",
        "end",
        "char_start",
        "char_end",
        "entity",
        "text",
        "rule",
    ],
    &["document", "ord", "person", "title", "organization"],
    &["document", "source", "line", "kind", "message"],
];

const DOCUMENTS: usize = 0;
const ENTITIES: usize = 1;
const DOCUMENT_ENTITIES: usize = 2;
const MENTIONS: usize = 3;
const ROLES: usize = 4;
const ERRORS: usize = 5;

/// One CSV field.
pub enum Field<'a> {
    Text(&'a str),
    Int(usize),
    Null,
}

impl<'a> From<&'a str> for Field<'a> {
    fn from(s: &'a str) -> Field<'a> {
        Field::Text(s)
    }
}

impl<'a> From<&'a String> for Field<'a> {
    fn from(s: &'a String) -> Field<'a> {
        Field::Text(s)
    }
}

impl<'a> From<Option<&'a str>> for Field<'a> {
    fn from(s: Option<&'a str>) -> Field<'a> {
        s.map_or(Field::Null, Field::Text)
    }
}

impl From<usize> for Field<'_> {
    fn from(n: usize) -> Self {
        Field::Int(n)
    }
}

impl From<Option<usize>> for Field<'_> {
    fn from(n: Option<usize>) -> Self {
        n.map_or(Field::Null, Field::Int)
    }
}

/// Appends one CSV line (fields, LF) to `out`.
pub fn line(out: &mut String, fields: &[Field<'_>]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match f {
            Field::Null => {}
            Field::Int(n) => out.push_str(&n.to_string()),
            Field::Text(s) => {
                let quote = s.is_empty() || *s == "\\." || s.contains([',', '"', '\r', '\n']);
                if quote {
                    out.push('"');
                    out.push_str(&s.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(s);
                }
            }
        }
    }
    out.push('\n');
}

struct TableFile {
    tmp: PathBuf,
    dest: PathBuf,
    w: BufWriter<fs::File>,
}

/// The CSV tables of one run.
pub struct CsvExport {
    files: Vec<TableFile>,
    entities: BTreeMap<String, EntityRow>,
    buf: String,
    done: bool,
}

impl CsvExport {
    /// Creates `dir` if needed and opens a temporary file for each table.
    pub fn create(dir: &Path) -> io::Result<CsvExport> {
        fs::create_dir_all(dir)?;
        let mut ex = CsvExport {
            files: Vec::new(),
            entities: BTreeMap::new(),
            buf: String::new(),
            done: false,
        };
        for (name, cols) in TABLES.iter().zip(COLUMNS) {
            let dest = dir.join(format!("{name}.csv"));
            let tmp = dir.join(format!(".{name}.csv.press-ner-{}.tmp", std::process::id()));
            let f = fs::File::create(&tmp)?;
            ex.files.push(TableFile {
                tmp,
                dest,
                w: BufWriter::with_capacity(1 << 16, f),
            });
            let fields: Vec<Field> = cols.iter().map(|c| Field::Text(c)).collect();
            ex.put(ex.files.len() - 1, &fields)?;
        }
        Ok(ex)
    }

    fn put(&mut self, table: usize, fields: &[Field<'_>]) -> io::Result<()> {
        self.buf.clear();
        line(&mut self.buf, fields);
        self.files[table].w.write_all(self.buf.as_bytes())
    }

    /// Writes one document's rows (entities are collected and written by [`finish`]).
    ///
    /// [`finish`]: CsvExport::finish
    pub fn write(&mut self, rows: Rows) -> io::Result<()> {
        let d = rows.document.as_str();
        if let Some(doc) = &rows.doc {
            self.put(
                DOCUMENTS,
                &[
                    d.into(),
                    doc.source.into(),
                    doc.title.as_deref().into(),
                    doc.published.as_deref().into(),
                    doc.issuer.as_deref().into(),
                ],
            )?;
        }
        for (ord, e) in rows.entities.iter().enumerate() {
            self.put(
                DOCUMENT_ENTITIES,
                &[
                    d.into(),
                    (&e.id).into(),
                    ord.into(),
                    (&e.name).into(),
                    e.canonical.as_deref().into(),
                    e.value.as_deref().into(),
                ],
            )?;
        }
        for m in &rows.mentions {
            self.put(
                MENTIONS,
                &[
                    d.into(),
                    m.start.into(),
                    m.end.into(),
                    m.char_start.into(),
                    m.char_end.into(),
                    (&m.entity).into(),
                    (&m.text).into(),
                    m.rule.into(),
                ],
            )?;
        }
        for (ord, r) in rows.roles.iter().enumerate() {
            self.put(
                ROLES,
                &[
                    d.into(),
                    ord.into(),
                    (&r.person).into(),
                    r.title.as_deref().into(),
                    r.organization.as_deref().into(),
                ],
            )?;
        }
        if let Some(e) = &rows.error {
            self.put(
                ERRORS,
                &[
                    d.into(),
                    e.source.into(),
                    e.line.into(),
                    e.kind.into(),
                    (&e.message).into(),
                ],
            )?;
        }
        for e in rows.entities {
            match self.entities.get(&e.id) {
                Some(old) if !better_representative(&e, old) => {}
                _ => {
                    self.entities.insert(e.id.clone(), e);
                }
            }
        }
        Ok(())
    }

    /// Writes `entities.csv`, flushes every file and renames them into place.
    pub fn finish(mut self) -> io::Result<()> {
        let entities = std::mem::take(&mut self.entities);
        for e in entities.values() {
            self.put(
                ENTITIES,
                &[
                    (&e.id).into(),
                    e.kind.into(),
                    (&e.name).into(),
                    e.canonical.as_deref().into(),
                    e.value.as_deref().into(),
                ],
            )?;
        }
        for f in &mut self.files {
            f.w.flush()?;
        }
        for f in &self.files {
            fs::rename(&f.tmp, &f.dest)?;
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for CsvExport {
    fn drop(&mut self) {
        if !self.done {
            for f in &self.files {
                let _ = fs::remove_file(&f.tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4180_quoting_and_nulls() {
        let mut s = String::new();
        line(
            &mut s,
            &[
                "plain".into(),
                "a,b".into(),
                "say \"hi\"".into(),
                "two\nlines".into(),
                "".into(),
                Field::Null,
                7usize.into(),
                "\\.".into(),
            ],
        );
        assert_eq!(
            s,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\",,7,\"\\.\"\n"
        );
    }
}
