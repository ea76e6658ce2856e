//! Format checks for the built-in gazetteers under `dictionaries/` (see dictionaries/README.md).
//!
//! Uses only std and reads the files relative to CARGO_MANIFEST_DIR, so it does not depend on the
//! loader in src/. Every check collects all offenders and prints them before failing.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

const TYPES: &[&str] = &[
    "place",
    "organization",
    "title",
    "person",
    "event",
    "demonym",
];

fn dict_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries")
}

fn files_with_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_with_ext(&p, ext, out);
        } else if p.extension().and_then(|x| x.to_str()) == Some(ext) {
            out.push(p);
        }
    }
}

fn rel(p: &Path) -> String {
    p.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(p)
        .display()
        .to_string()
}

/// Reads a file as UTF-8 and checks the common framing: header comment block at the top,
/// LF line endings, final newline, no blank lines. Returns the data lines with their 1-based numbers.
fn read_dict_file(path: &Path, errors: &mut Vec<String>) -> Vec<(usize, String)> {
    let name = rel(path);
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            errors.push(format!("{name}: cannot read: {e}"));
            return Vec::new();
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            errors.push(format!("{name}: not valid UTF-8: {e}"));
            return Vec::new();
        }
    };
    if text.starts_with('\u{feff}') {
        errors.push(format!("{name}: starts with a byte-order mark"));
    }
    if text.contains('\r') {
        errors.push(format!(
            "{name}: contains CR characters (use LF line endings)"
        ));
    }
    if !text.is_empty() && !text.ends_with('\n') {
        errors.push(format!("{name}: does not end with a newline"));
    }
    if !text.starts_with("# ") {
        errors.push(format!(
            "{name}: must start with a '# ' header comment block"
        ));
    }
    let mut data = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.starts_with('#') {
            continue; // comment (the header block, or a later comment line)
        }
        if line.trim().is_empty() {
            errors.push(format!("{name}:{n}: blank line"));
            continue;
        }
        data.push((n, line.to_string()));
    }
    if data.is_empty() {
        errors.push(format!("{name}: has no data lines"));
    }
    data
}

fn check_sorted_unique(name: &str, keys: &[(usize, String)], errors: &mut Vec<String>) {
    for w in keys.windows(2) {
        let (ref a_n, ref a) = w[0];
        let (ref b_n, ref b) = w[1];
        if a.as_bytes() > b.as_bytes() {
            errors.push(format!(
                "{name}:{b_n}: not sorted by bytes: {b:?} comes after {a:?} (line {a_n})"
            ));
        } else if a == b {
            errors.push(format!(
                "{name}:{b_n}: duplicate line {b:?} (also line {a_n})"
            ));
        }
    }
}

fn valid_attributes(attrs: &str) -> Result<(), String> {
    if attrs.is_empty() {
        return Ok(());
    }
    let mut seen = HashSet::new();
    for pair in attrs.split(';') {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(format!("attribute {pair:?} is not key=value"));
        };
        if k.is_empty()
            || !k
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(format!("attribute key {k:?} must be [a-z0-9_]+"));
        }
        if v.is_empty() || v.contains('=') || v.chars().any(char::is_whitespace) {
            return Err(format!(
                "attribute value {v:?} for {k:?} must be non-empty, without '=' or spaces"
            ));
        }
        if !seen.insert(k) {
            return Err(format!("attribute key {k:?} repeated"));
        }
    }
    Ok(())
}

#[test]
fn tsv_gazetteers_are_well_formed() {
    let root = dict_root();
    let mut files = Vec::new();
    files_with_ext(&root, "tsv", &mut files);
    assert!(!files.is_empty(), "no .tsv files under {}", root.display());

    let mut errors = Vec::new();
    // surface -> type -> files (for the cross-file check)
    let mut by_surface: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let mut total = 0usize;

    for path in &files {
        let name = rel(path);
        let data = read_dict_file(path, &mut errors);
        total += data.len();
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (n, line) in &data {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 4 {
                errors.push(format!(
                    "{name}:{n}: expected 4 tab-separated columns, found {}: {line:?}",
                    cols.len()
                ));
                continue;
            }
            let (surface, typ, canonical, attrs) = (cols[0], cols[1], cols[2], cols[3]);
            if surface.is_empty() {
                errors.push(format!("{name}:{n}: empty surface"));
            }
            if surface != surface.trim() {
                errors.push(format!(
                    "{name}:{n}: surface {surface:?} has leading/trailing whitespace"
                ));
            }
            if surface.contains("  ") {
                errors.push(format!(
                    "{name}:{n}: surface {surface:?} has a double space"
                ));
            }
            if surface.starts_with("the ") || surface.starts_with("The ") {
                errors.push(format!(
                    "{name}:{n}: surface {surface:?} must not start with \"the\""
                ));
            }
            if surface.chars().any(char::is_control) {
                errors.push(format!(
                    "{name}:{n}: surface {surface:?} has a control character"
                ));
            }
            if !TYPES.contains(&typ) {
                errors.push(format!(
                    "{name}:{n}: unknown type {typ:?} (expected one of {TYPES:?})"
                ));
            }
            if canonical != canonical.trim() || canonical.chars().any(char::is_control) {
                errors.push(format!(
                    "{name}:{n}: canonical {canonical:?} has stray whitespace/control chars"
                ));
            }
            if canonical == surface {
                errors.push(format!(
                    "{name}:{n}: canonical equals surface {surface:?}; leave the column empty"
                ));
            }
            if let Err(e) = valid_attributes(attrs) {
                errors.push(format!("{name}:{n}: {e}: {attrs:?}"));
            }
            if let Some(prev) = seen.insert((surface.to_string(), typ.to_string()), *n) {
                errors.push(format!(
                    "{name}:{n}: duplicate (surface, type) ({surface:?}, {typ}) (also line {prev})"
                ));
            }
            by_surface
                .entry(surface.to_string())
                .or_default()
                .entry(typ.to_string())
                .or_default()
                .insert(name.clone());
        }
        check_sorted_unique(&name, &data, &mut errors);
    }

    // The same surface with different types in different files is a conflict.
    for (surface, types) in &by_surface {
        if types.len() < 2 {
            continue;
        }
        let files_by_type: BTreeSet<&String> = types.values().flatten().collect();
        if files_by_type.len() < 2 {
            continue; // several types within one file: deliberate, allowed
        }
        let detail: Vec<String> = types
            .iter()
            .map(|(t, fs)| {
                format!(
                    "{t} in {}",
                    fs.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        errors.push(format!(
            "surface {surface:?} has conflicting types across files: {}",
            detail.join("; ")
        ));
    }

    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        panic!(
            "{} problem(s) in dictionaries/**/*.tsv ({} files, {} entries)",
            errors.len(),
            files.len(),
            total
        );
    }
}

#[test]
fn name_lists_are_sorted_and_unique() {
    let dir = dict_root().join("names");
    let mut files = Vec::new();
    files_with_ext(&dir, "txt", &mut files);
    // modifiers.txt lives under titles/ but has the same plain-list format
    files_with_ext(&dict_root().join("titles"), "txt", &mut files);
    assert!(
        !files.is_empty(),
        "no .txt name lists under {}",
        dir.display()
    );

    let mut errors = Vec::new();
    for path in &files {
        let name = rel(path);
        let data = read_dict_file(path, &mut errors);
        for (n, line) in &data {
            if line != line.trim() {
                errors.push(format!(
                    "{name}:{n}: item {line:?} has leading/trailing whitespace"
                ));
            }
            if line.contains('\t') {
                errors.push(format!("{name}:{n}: item {line:?} contains a tab"));
            }
        }
        check_sorted_unique(&name, &data, &mut errors);
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        panic!("{} problem(s) in plain word lists", errors.len());
    }
}

#[test]
fn expected_files_exist() {
    let root = dict_root();
    let expected = [
        "README.md",
        "places/countries.tsv",
        "places/subdivisions.tsv",
        "places/cities.tsv",
        "places/regions.tsv",
        "organizations/international.tsv",
        "organizations/china.tsv",
        "organizations/russia.tsv",
        "organizations/india.tsv",
        "organizations/us.tsv",
        "organizations/hong-kong.tsv",
        "organizations/media.tsv",
        "titles/posts.tsv",
        "titles/modifiers.txt",
        "names/chinese-surnames.txt",
        "names/pinyin-syllables.txt",
        "names/given-names-english.txt",
        "names/given-names-slavic.txt",
        "names/surname-endings-slavic.txt",
        "names/honorifics.txt",
        "names/name-particles.txt",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|f| !root.join(f).is_file())
        .collect();
    assert!(missing.is_empty(), "missing dictionary files: {missing:?}");
}
