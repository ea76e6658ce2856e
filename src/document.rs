//! Reading articles: files, directories, stdin and JSONL input -> decoded text or a typed
//! input error. Nothing here rewrites text: offsets downstream are into the bytes as read
//! (a UTF-8 byte-order mark stays in the text as U+FEFF and is counted).
//!
//! Error kinds (stable, used in error records): `not-found`, `permission-denied`,
//! `is-directory`, `not-a-file`, `io`, `empty`, `too-large`, `invalid-utf8`, `binary`,
//! `invalid-json`, `missing-text`, `invalid-published`.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::calendar::Date;

/// Default largest article accepted (`--max-bytes`).
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why an article could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub kind: &'static str,
    pub message: String,
}

impl InputError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> InputError {
        InputError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.kind)
    }
}

fn io_error(e: &io::Error, what: &str) -> InputError {
    match e.kind() {
        io::ErrorKind::NotFound => InputError::new("not-found", format!("{what}: no such file")),
        io::ErrorKind::PermissionDenied => {
            InputError::new("permission-denied", format!("{what}: permission denied"))
        }
        _ => InputError::new("io", format!("{what}: {e}")),
    }
}

/// Decodes article bytes: UTF-8 required; NUL bytes mean a binary file; empty is an error.
pub fn decode(bytes: Vec<u8>, what: &str) -> Result<String, InputError> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::new("empty", format!("{what}: empty article")));
    }
    if let Some(p) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(InputError::new(
            "binary",
            format!("{what}: binary data (NUL byte at offset {p})"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        InputError::new(
            "invalid-utf8",
            format!("{what}: invalid UTF-8 at byte offset {at}"),
        )
    })
}

/// Reads and decodes one article file, refusing anything larger than `max_bytes`.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<String, InputError> {
    let what = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| io_error(&e, &what))?;
    if meta.is_dir() {
        return Err(InputError::new(
            "is-directory",
            format!("{what}: is a directory"),
        ));
    }
    if !meta.is_file() {
        return Err(InputError::new(
            "not-a-file",
            format!("{what}: not a regular file"),
        ));
    }
    if meta.len() > max_bytes {
        return Err(InputError::new(
            "too-large",
            format!(
                "{what}: {} bytes is over the limit of {max_bytes} (--max-bytes)",
                meta.len()
            ),
        ));
    }
    let f = fs::File::open(path).map_err(|e| io_error(&e, &what))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e, &what))?;
    if bytes.len() as u64 > max_bytes {
        return Err(InputError::new(
            "too-large",
            format!("{what}: over the limit of {max_bytes} bytes (--max-bytes)"),
        ));
    }
    decode(bytes, &what)
}

/// Expands the command-line paths into article files: files as given, directories walked
/// recursively for files whose extension is in `exts`, in sorted path order. Paths that do
/// not exist come back as errors in place.
pub fn collect_paths(
    inputs: &[PathBuf],
    exts: &[String],
) -> Vec<Result<PathBuf, (PathBuf, InputError)>> {
    let mut out = Vec::new();
    for p in inputs {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                let mut visited = Vec::new();
                walk(p, exts, &mut files, &mut visited, &mut out);
                files.sort();
                out.extend(files.into_iter().map(Ok));
            }
            Ok(_) => out.push(Ok(p.clone())),
            Err(e) => {
                let err = io_error(&e, &p.display().to_string());
                out.push(Err((p.clone(), err)));
            }
        }
    }
    out
}

fn walk(
    dir: &Path,
    exts: &[String],
    files: &mut Vec<PathBuf>,
    visited: &mut Vec<PathBuf>,
    errors: &mut Vec<Result<PathBuf, (PathBuf, InputError)>>,
) {
    // symlink loops: never enter the same real directory twice
    if let Ok(real) = fs::canonicalize(dir) {
        if visited.contains(&real) {
            return;
        }
        visited.push(real);
    }
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(Err((
                dir.to_path_buf(),
                io_error(&e, &dir.display().to_string()),
            )));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let Ok(meta) = fs::metadata(&p) else { continue };
        if meta.is_dir() {
            walk(&p, exts, files, visited, errors);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
        {
            files.push(p);
        }
    }
}

/// One article of JSONL input.
#[derive(Clone, Debug)]
pub struct JsonArticle {
    pub id: serde_json::Value,
    pub text: String,
    pub published: Option<Date>,
}

/// Parses one JSONL input line: `{"id": ..., "text": ..., "published": "YYYY-MM-DD"?}`.
pub fn parse_json_line(line: &str) -> Result<JsonArticle, (serde_json::Value, InputError)> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        (
            serde_json::Value::Null,
            InputError::new("invalid-json", format!("invalid JSON: {e}")),
        )
    })?;
    let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
    let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
        return Err((
            id,
            InputError::new("missing-text", "no \"text\" string field"),
        ));
    };
    let published = match v.get("published") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => match Date::parse_iso(s) {
            Some(d) => Some(d),
            None => {
                return Err((
                    id,
                    InputError::new(
                        "invalid-published",
                        format!("\"published\" is not YYYY-MM-DD: {s:?}"),
                    ),
                ))
            }
        },
        Some(other) => {
            return Err((
                id,
                InputError::new(
                    "invalid-published",
                    format!("\"published\" is not a string: {other}"),
                ),
            ))
        }
    };
    if text.trim().is_empty() {
        return Err((id, InputError::new("empty", "empty article")));
    }
    Ok(JsonArticle {
        id,
        text: text.to_string(),
        published,
    })
}
