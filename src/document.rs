//! Reading articles: files, directories, stdin and JSONL input -> decoded text or a typed
//! input error, and the map from offsets in the decoded text back to the input's bytes.
//!
//! Decoding (see the README, "Robustness", for the offset contract):
//! - UTF-8 is the default. A leading byte-order mark (EF BB BF) is removed from the text the
//!   extractor sees; [`Decoded::remap`] adds it back to the offsets (3 bytes, 1 char), so byte
//!   offsets stay exact against the file and no headline or mention ever contains it.
//! - Invalid UTF-8 is an `invalid-utf8` error, or with `--lossy` each maximal invalid
//!   sequence becomes one U+FFFD (as `String::from_utf8_lossy` and Python's
//!   `errors="replace"` do); byte offsets are mapped back to the original bytes.
//! - A UTF-16 byte-order mark (FF FE / FE FF) means UTF-16 LE/BE: the text is decoded and
//!   offsets refer to its UTF-8 form (without the mark).
//! - A NUL byte (or U+0000) anywhere means a binary file.
//! - Files are checked with `stat` before they are opened, and opened non-blocking, so a FIFO
//!   or device never blocks the run; directory walks never enter a directory twice (symlink
//!   loops).
//!
//! Error kinds (stable, used in error records): `not-found`, `permission-denied`,
//! `is-directory`, `not-a-file`, `symlink-loop`, `io`, `empty`, `too-large`, `invalid-utf8`,
//! `invalid-utf16`, `binary`, `invalid-json`, `missing-text`, `invalid-published`.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::calendar::Date;
use crate::extract::{Analysis, Extracted};

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

/// `ELOOP` ("too many levels of symbolic links"); `io::ErrorKind::FilesystemLoop` cannot be
/// named on the supported Rust versions.
#[cfg(any(target_os = "linux", target_os = "android"))]
const ELOOP: i32 = 40;
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
))]
const ELOOP: i32 = 62;
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
)))]
const ELOOP: i32 = -1;

/// Maps an I/O error on `what` to an input error kind.
pub fn io_error(e: &io::Error, what: &str) -> InputError {
    if e.raw_os_error() == Some(ELOOP) {
        return InputError::new(
            "symlink-loop",
            format!("{what}: too many levels of symbolic links (a symlink loop)"),
        );
    }
    match e.kind() {
        io::ErrorKind::NotFound => InputError::new("not-found", format!("{what}: no such file")),
        io::ErrorKind::PermissionDenied => {
            InputError::new("permission-denied", format!("{what}: permission denied"))
        }
        _ => InputError::new("io", format!("{what}: {e}")),
    }
}

/// How an article's bytes were decoded.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The name used in records (`"encoding"`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }
}

/// A decoded article: the text the extractor sees, and how to map its offsets back to the
/// input (see [`Decoded::remap`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text without any byte-order mark; invalid sequences (with `--lossy`) as U+FFFD.
    pub text: String,
    pub encoding: Encoding,
    /// Input bytes replaced by U+FFFD (`--lossy`); 0 when the input was valid.
    pub replaced_bytes: usize,
    /// Size of the input in bytes.
    pub input_bytes: usize,
    /// Bytes and chars before `text` in the input (a UTF-8 byte-order mark: 3 and 1).
    byte_origin: usize,
    char_origin: usize,
    /// UTF-8 with replacements: `(decoded offset, delta)`, sorted; from that decoded offset
    /// on, the input offset is `byte_origin + decoded + delta`.
    steps: Vec<(usize, isize)>,
}

impl Decoded {
    /// The input offset of a byte offset into `text` (a char boundary). For UTF-8 input it
    /// indexes the file's bytes; for UTF-16 input, `text`'s UTF-8 bytes (the same number).
    pub fn byte_offset(&self, decoded: usize) -> usize {
        let i = self.steps.partition_point(|&(at, _)| at <= decoded);
        let delta = if i == 0 { 0 } else { self.steps[i - 1].1 };
        (self.byte_origin + decoded).saturating_add_signed(delta)
    }

    /// The input char offset of a char offset into `text` (a UTF-8 byte-order mark counts
    /// as one char, each U+FFFD as one).
    pub fn char_offset(&self, decoded: usize) -> usize {
        self.char_origin + decoded
    }

    /// Rewrites every mention's offsets of an analysis of `text` into input offsets. Mention
    /// texts stay the decoded slices.
    pub fn remap(&self, a: &mut Analysis) {
        if self.byte_origin == 0 && self.char_origin == 0 && self.steps.is_empty() {
            return;
        }
        for e in &mut a.entities {
            for m in &mut e.mentions {
                m.start = self.byte_offset(m.start);
                m.end = self.byte_offset(m.end);
                m.char_start = self.char_offset(m.char_start);
                m.char_end = self.char_offset(m.char_end);
            }
        }
    }

    /// [`Decoded::remap`] of the extractor's borrowed result (the batch runner's path).
    pub(crate) fn remap_extracted(&self, x: &mut Extracted<'_>) {
        if self.byte_origin == 0 && self.char_origin == 0 && self.steps.is_empty() {
            return;
        }
        for m in &mut x.mentions {
            m.start = self.byte_offset(m.start);
            m.end = self.byte_offset(m.end);
            m.char_start = self.char_offset(m.char_start);
            m.char_end = self.char_offset(m.char_end);
        }
    }

    fn plain(text: String, encoding: Encoding, input_bytes: usize) -> Decoded {
        Decoded {
            text,
            encoding,
            replaced_bytes: 0,
            input_bytes,
            byte_origin: 0,
            char_origin: 0,
            steps: Vec::new(),
        }
    }
}

/// How articles are read.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest article accepted, in bytes (`--max-bytes`).
    pub max_bytes: u64,
    /// Replace invalid UTF-8 / UTF-16 with U+FFFD instead of refusing the article (`--lossy`).
    pub lossy: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            lossy: false,
        }
    }
}

fn too_large(what: &str, size: Option<u64>, max: u64) -> InputError {
    InputError::new(
        "too-large",
        match size {
            Some(n) => format!("{what}: {n} bytes is over the limit of {max} (--max-bytes)"),
            None => format!("{what}: over the limit of {max} bytes (--max-bytes)"),
        },
    )
}

fn empty(what: &str) -> InputError {
    InputError::new("empty", format!("{what}: empty article"))
}

fn binary(what: &str, at: usize) -> InputError {
    InputError::new(
        "binary",
        format!("{what}: binary data (NUL byte at offset {at})"),
    )
}

/// Decodes article bytes (see the module docs): UTF-8 (byte-order mark removed), UTF-16
/// with a byte-order mark, `--lossy` replacement; NUL bytes mean a binary file; a text of
/// only whitespace is empty.
pub fn decode(bytes: Vec<u8>, what: &str, lossy: bool) -> Result<Decoded, InputError> {
    if bytes.is_empty() {
        return Err(empty(what));
    }
    let d = match utf16_bom(&bytes) {
        Some(enc) => decode_utf16(&bytes[2..], enc, bytes.len(), what, lossy)?,
        None => {
            // the `memchr` crate's vectorized search: the standard `contains` goes a word at a
            // time (about one instruction a byte, 926K instructions on the 330-article sample)
            if let Some(p) = memchr::memchr(0, &bytes) {
                return Err(binary(what, p));
            }
            decode_utf8(bytes, what, lossy)?
        }
    };
    if d.text.trim().is_empty() {
        return Err(empty(what));
    }
    Ok(d)
}

/// A UTF-16 byte-order mark, when the rest looks like UTF-16 too: an even number of bytes,
/// or NUL bytes (as in UTF-16 Latin text cut short). Anything else starting with FF FE or
/// FE FF is not text in UTF-16 and is left to the UTF-8 decoder (which refuses it).
fn utf16_bom(bytes: &[u8]) -> Option<Encoding> {
    let enc = match bytes.get(..2)? {
        [0xFF, 0xFE] => Encoding::Utf16Le,
        [0xFE, 0xFF] => Encoding::Utf16Be,
        _ => return None,
    };
    (bytes.len() % 2 == 0 || bytes.contains(&0)).then_some(enc)
}

fn decode_utf8(mut bytes: Vec<u8>, what: &str, lossy: bool) -> Result<Decoded, InputError> {
    let input_bytes = bytes.len();
    let origin = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        3
    } else {
        0
    };
    let mut d = match String::from_utf8(bytes) {
        Ok(s) => Decoded::plain(s, Encoding::Utf8, input_bytes),
        Err(e) if !lossy => {
            let at = origin + e.utf8_error().valid_up_to();
            return Err(InputError::new(
                "invalid-utf8",
                format!(
                    "{what}: invalid UTF-8 at byte offset {at} (--lossy decodes it with \
                     U+FFFD replacements)"
                ),
            ));
        }
        Err(e) => {
            let body = e.into_bytes();
            let mut text = String::with_capacity(body.len() + body.len() / 8);
            let mut steps = Vec::new();
            let mut delta: isize = 0;
            let mut replaced = 0;
            for chunk in body.utf8_chunks() {
                text.push_str(chunk.valid());
                let bad = chunk.invalid();
                if !bad.is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                    replaced += bad.len();
                    delta += bad.len() as isize - char::REPLACEMENT_CHARACTER.len_utf8() as isize;
                    steps.push((text.len(), delta));
                }
            }
            let mut d = Decoded::plain(text, Encoding::Utf8, input_bytes);
            d.replaced_bytes = replaced;
            d.steps = steps;
            d
        }
    };
    d.byte_origin = origin;
    d.char_origin = usize::from(origin > 0);
    Ok(d)
}

fn decode_utf16(
    body: &[u8],
    encoding: Encoding,
    input_bytes: usize,
    what: &str,
    lossy: bool,
) -> Result<Decoded, InputError> {
    let name = match encoding {
        Encoding::Utf16Be => "UTF-16BE",
        _ => "UTF-16LE",
    };
    let pairs = body.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let units = pairs.map(|p| match encoding {
        Encoding::Utf16Be => u16::from_be_bytes([p[0], p[1]]),
        _ => u16::from_le_bytes([p[0], p[1]]),
    });
    let mut text = String::with_capacity(body.len());
    let mut replaced = 0;
    // byte offset (in the input) of the next unit
    let mut at = 2;
    for r in char::decode_utf16(units) {
        match r {
            Ok('\0') => return Err(binary(what, at)),
            Ok(c) => {
                at += 2 * c.len_utf16();
                text.push(c);
            }
            Err(_) if lossy => {
                at += 2;
                replaced += 2;
                text.push(char::REPLACEMENT_CHARACTER);
            }
            Err(_) => {
                return Err(InputError::new(
                    "invalid-utf16",
                    format!(
                        "{what}: invalid {name} (unpaired surrogate) at byte offset {at} \
                         (--lossy decodes it with U+FFFD replacements)"
                    ),
                ))
            }
        }
    }
    if odd {
        if !lossy {
            return Err(InputError::new(
                "invalid-utf16",
                format!(
                    "{what}: invalid {name} (odd number of bytes: a truncated last unit at \
                     byte offset {at}) (--lossy decodes it with U+FFFD replacements)"
                ),
            ));
        }
        replaced += 1;
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let mut d = Decoded::plain(text, encoding, input_bytes);
    d.replaced_bytes = replaced;
    Ok(d)
}

/// `open(2)` flag that keeps opening a FIFO or device from blocking.
#[cfg(all(
    any(target_os = "linux", target_os = "android"),
    not(any(
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "sparc64"
    ))
))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
))]
const O_NONBLOCK: i32 = 0x4;

fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.read(true);
    #[cfg(any(
        all(
            any(target_os = "linux", target_os = "android"),
            not(any(
                target_arch = "mips",
                target_arch = "mips64",
                target_arch = "sparc",
                target_arch = "sparc64"
            ))
        ),
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    ))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(O_NONBLOCK);
    }
    o.open(path)
}

/// Refuses what is not a regular file, or is over the size limit.
fn check_meta(meta: &fs::Metadata, what: &str, max_bytes: u64) -> Result<(), InputError> {
    if meta.is_dir() {
        return Err(InputError::new(
            "is-directory",
            format!("{what}: is a directory, not an article file"),
        ));
    }
    if !meta.is_file() {
        return Err(InputError::new(
            "not-a-file",
            format!(
                "{what}: not a regular file ({}); not opened",
                file_kind(meta)
            ),
        ));
    }
    if meta.len() > max_bytes {
        return Err(too_large(what, Some(meta.len()), max_bytes));
    }
    Ok(())
}

fn file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    let _ = meta;
    "a special file"
}

/// Reads the raw bytes of one article file: only regular files (checked before opening,
/// and again on the open handle, which is opened non-blocking), at most `max_bytes`.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    read_bytes_named(path, &path.display().to_string(), max_bytes)
}

/// [`read_bytes`], with the path as the messages name it (`what`) given by the caller.
fn read_bytes_named(path: &Path, what: &str, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    let meta = fs::metadata(path).map_err(|e| io_error(&e, what))?;
    check_meta(&meta, what, max_bytes)?;
    read_checked_bytes(path, what, max_bytes)
}

/// Opens (non-blocking) and reads a path already seen to be a regular file: the open handle
/// is checked again, since the path may have been replaced in between.
fn read_checked_bytes(path: &Path, what: &str, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    let f = open_nonblocking(path).map_err(|e| io_error(&e, what))?;
    let meta = f.metadata().map_err(|e| io_error(&e, what))?;
    check_meta(&meta, what, max_bytes)?;
    // One read of the size `fstat` gave plus a byte: a regular file returns that much in one
    // call, and getting exactly the size back means the end was reached, so the second read
    // `read_to_end` makes to see the end (a system call per article) is saved. A short read,
    // or a file that grew meanwhile, goes on with `read_to_end`, within the same limit.
    let size = usize::try_from(meta.len().min(max_bytes)).unwrap_or(usize::MAX - 1);
    let mut bytes = vec![0; size + 1];
    let mut f = f.take(max_bytes.saturating_add(1));
    let n = loop {
        match f.read(&mut bytes) {
            Ok(n) => break n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(&e, what)),
        }
    };
    bytes.truncate(n);
    if n != size {
        f.read_to_end(&mut bytes).map_err(|e| io_error(&e, what))?;
    }
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(what, None, max_bytes));
    }
    Ok(bytes)
}

/// Reads and decodes one article file.
pub fn read_file(path: &Path, opts: ReadOptions) -> Result<Decoded, InputError> {
    Found::new(path.to_path_buf()).read(&path.display().to_string(), opts)
}

/// A path from [`collect_paths`], with what the walk learned of it.
#[derive(Clone, Debug)]
pub struct Found {
    pub path: PathBuf,
    /// The walk saw a regular file here (from the directory listing's file type, or from
    /// the `stat` of a path given or a symlink), so reading it needs no `stat` before the
    /// open: a file is then stat-ed once instead of three times.
    regular: bool,
}

impl Found {
    /// A path not seen by a walk: it is checked before it is opened.
    pub fn new(path: PathBuf) -> Found {
        Found {
            path,
            regular: false,
        }
    }

    /// Reads and decodes the article; `what` names the path in messages.
    pub fn read(&self, what: &str, opts: ReadOptions) -> Result<Decoded, InputError> {
        let bytes = if self.regular {
            read_checked_bytes(&self.path, what, opts.max_bytes)?
        } else {
            read_bytes_named(&self.path, what, opts.max_bytes)?
        };
        decode(bytes, what, opts.lossy)
    }
}

/// Reads and decodes one article from a reader (stdin), at most `max_bytes`.
pub fn read_stream(r: impl Read, what: &str, opts: ReadOptions) -> Result<Decoded, InputError> {
    let mut bytes = Vec::new();
    r.take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new("io", format!("{what}: {e}")))?;
    if bytes.len() as u64 > opts.max_bytes {
        return Err(too_large(what, None, opts.max_bytes));
    }
    decode(bytes, what, opts.lossy)
}

/// Expands the command-line paths into article files: files as given, directories walked
/// recursively for files whose extension is in `exts`, in sorted path order. Paths that
/// cannot be read come back as errors in place: a path given that does not exist (or is a
/// symlink loop), and in a walk an unreadable directory or an entry with a chosen extension
/// that is a broken symlink or a symlink loop. A walk enters each real directory once, so
/// symlinks to a parent never loop.
///
/// The walk is lazy: it holds one sorted listing per directory level, never the whole list of
/// paths, so memory does not grow with the number of articles.
pub fn collect_paths(inputs: Vec<PathBuf>, exts: &[String]) -> Paths {
    Paths {
        inputs: inputs.into_iter(),
        exts: exts.to_vec(),
        stack: Vec::new(),
        visited: HashSet::new(),
    }
}

/// The iterator of [`collect_paths`]: a depth-first walk with each directory's entries sorted,
/// which yields paths in the same order as sorting them all.
pub struct Paths {
    inputs: std::vec::IntoIter<PathBuf>,
    exts: Vec<String>,
    /// The entries still to visit in each directory being walked, innermost last, with
    /// their file types as listed.
    stack: Vec<std::vec::IntoIter<(PathBuf, Option<fs::FileType>)>>,
    /// Directories entered in the walk of the current input.
    visited: HashSet<DirId>,
}

impl Paths {
    fn has_ext(&self, p: &Path) -> bool {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    /// Lists `dir` onto the stack, unless it was entered before (symlink loops); a directory
    /// that cannot be read is an error in place.
    fn enter(&mut self, dir: &Path) -> Option<(PathBuf, InputError)> {
        match fs::metadata(dir) {
            Ok(meta) => {
                if let Some(id) = dir_id(dir, &meta) {
                    if !self.visited.insert(id) {
                        return None;
                    }
                }
            }
            Err(e) => return Some((dir.to_path_buf(), missing(dir, &e))),
        }
        match fs::read_dir(dir) {
            Ok(rd) => {
                // The listing gives each entry's type (without a `stat` on most file systems):
                // only symlinks, and entries whose type is not listed, are stat-ed below.
                let mut entries: Vec<(PathBuf, Option<fs::FileType>)> = rd
                    .flatten()
                    .map(|e| (e.path(), e.file_type().ok()))
                    .collect();
                // All share the directory's path, so the order of the paths (`Path::cmp`) is
                // that of the names, which their bytes give: `Path::cmp` parses the paths
                // into components at every comparison (5,500 instructions an entry in a
                // directory of 1,000 files).
                entries.sort_unstable_by(|a, b| {
                    a.0.as_os_str()
                        .as_encoded_bytes()
                        .cmp(b.0.as_os_str().as_encoded_bytes())
                });
                self.stack.push(entries.into_iter());
                None
            }
            Err(e) => Some((dir.to_path_buf(), io_error(&e, &dir.display().to_string()))),
        }
    }
}

impl Iterator for Paths {
    type Item = Result<Found, (PathBuf, InputError)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(top) = self.stack.last_mut() {
                let Some((p, listed)) = top.next() else {
                    self.stack.pop();
                    continue;
                };
                let (is_dir, is_file) = match listed.filter(|t| !t.is_symlink()) {
                    Some(t) => (t.is_dir(), t.is_file()),
                    None => match fs::metadata(&p) {
                        Ok(meta) => (meta.is_dir(), meta.is_file()),
                        Err(e) if self.has_ext(&p) => {
                            let err = missing(&p, &e);
                            return Some(Err((p, err)));
                        }
                        Err(_) => continue,
                    },
                };
                if is_dir {
                    if let Some(err) = self.enter(&p) {
                        return Some(Err(err));
                    }
                } else if self.has_ext(&p) {
                    return Some(Ok(Found {
                        path: p,
                        regular: is_file,
                    }));
                }
                continue;
            }
            let p = self.inputs.next()?;
            match fs::metadata(&p) {
                Ok(m) if m.is_dir() => {
                    self.visited.clear();
                    if let Some(err) = self.enter(&p) {
                        return Some(Err(err));
                    }
                }
                Ok(m) => {
                    return Some(Ok(Found {
                        path: p,
                        regular: m.is_file(),
                    }))
                }
                Err(e) => {
                    let err = missing(&p, &e);
                    return Some(Err((p, err)));
                }
            }
        }
    }
}

/// The error for a path whose `stat` failed; says when it is a broken symlink.
fn missing(p: &Path, e: &io::Error) -> InputError {
    let what = p.display().to_string();
    let mut err = io_error(e, &what);
    if err.kind == "not-found" && fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
    {
        err.message = format!("{what}: no such file (a broken symbolic link)");
    }
    err
}

/// The identity of a directory, to enter each one once: device and inode.
#[cfg(unix)]
type DirId = (u64, u64);
#[cfg(not(unix))]
type DirId = PathBuf;

#[cfg(unix)]
fn dir_id(_dir: &Path, meta: &fs::Metadata) -> Option<DirId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_id(dir: &Path, _meta: &fs::Metadata) -> Option<DirId> {
    fs::canonicalize(dir).ok()
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
    let mut v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        (
            serde_json::Value::Null,
            InputError::new("invalid-json", format!("invalid JSON: {e}")),
        )
    })?;
    let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
    // moved out of the parsed line rather than copied: it is the whole article
    let text = match v.get_mut("text") {
        Some(serde_json::Value::String(t)) => std::mem::take(t),
        _ => {
            return Err((
                id,
                InputError::new("missing-text", "no \"text\" string field"),
            ))
        }
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
        text,
        published,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walked_paths_come_in_path_order() {
        // names whose byte order could differ from a component-wise order if it were taken
        // over whole paths: separators' neighbours, prefixes, case, non-ASCII, nesting
        let root = std::env::temp_dir().join(format!("press-ner-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let names = [
            "a.txt",
            "a-b.txt",
            "a b.txt",
            "a.b.txt",
            "B.txt",
            "é.txt",
            "a0.txt",
            "ab.txt",
            "a/x.txt",
            "a-/x.txt",
            "a.b/x.txt",
            "a/b/c.txt",
            "a/b.txt",
            "z.txt",
            "~.txt",
        ];
        for n in names {
            let p = root.join(n);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, "x").unwrap();
        }
        let walked: Vec<PathBuf> = collect_paths(vec![root.clone()], &["txt".to_string()])
            .map(|r| r.unwrap().path)
            .collect();
        let mut sorted: Vec<PathBuf> = names.iter().map(|n| root.join(n)).collect();
        sorted.sort();
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(walked, sorted);
    }

    #[test]
    fn lossy_offsets_map_back_to_the_original_bytes() {
        let bytes = b"\xef\xbb\xbfA\xe9B\xe2\x82C\xff\xfe".to_vec();
        assert_eq!(
            decode(bytes.clone(), "x", false).unwrap_err().kind,
            "invalid-utf8"
        );
        let d = decode(bytes.clone(), "x", true).unwrap();
        assert_eq!(d.text, "A\u{FFFD}B\u{FFFD}C\u{FFFD}\u{FFFD}");
        assert_eq!(d.replaced_bytes, 5);
        assert_eq!(d.input_bytes, bytes.len());
        // every char boundary of the text maps to the input offset where that char starts
        let expect = [3, 4, 5, 6, 8, 9, 10, 11];
        let bounds: Vec<usize> = d
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([d.text.len()])
            .collect();
        let mapped: Vec<usize> = bounds.iter().map(|&b| d.byte_offset(b)).collect();
        assert_eq!(mapped, expect);
        for (k, (&b, &o)) in bounds.iter().zip(&expect).enumerate() {
            // the same slice of the input, decoded the same way, is the same text
            let slice = String::from_utf8_lossy(&bytes[o..*expect.last().unwrap()]);
            assert_eq!(slice, d.text[b..], "from boundary {k}");
            assert_eq!(
                d.char_offset(k),
                k + 1,
                "the byte-order mark counts as a char"
            );
        }
    }

    #[test]
    fn byte_order_marks() {
        let d = decode(b"\xef\xbb\xbfHi".to_vec(), "x", false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Hi", Encoding::Utf8));
        assert_eq!((d.byte_offset(0), d.char_offset(0)), (3, 1));

        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hé 😀".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(le, "x", false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Hé 😀", Encoding::Utf16Le));
        assert_eq!(
            (d.byte_offset(3), d.char_offset(2)),
            (3, 2),
            "UTF-8 offsets"
        );

        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Hi".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(be, "x", false).unwrap().encoding, Encoding::Utf16Be);

        // an unpaired surrogate, an odd length, a NUL
        let bad = vec![0xFF, 0xFE, b'H', 0, 0x00, 0xD8, b'i', 0];
        let e = decode(bad.clone(), "x", false).unwrap_err();
        assert_eq!(e.kind, "invalid-utf16");
        assert!(e.message.contains("byte offset 4"), "{}", e.message);
        let d = decode(bad, "x", true).unwrap();
        assert_eq!((d.text.as_str(), d.replaced_bytes), ("H\u{FFFD}i", 2));
        let odd = vec![0xFF, 0xFE, b'H', 0, b'i'];
        // odd and without NULs: not UTF-16, and not UTF-8 either
        let junk = b"\xff\xfe broken".to_vec();
        assert_eq!(decode(junk, "x", false).unwrap_err().kind, "invalid-utf8");
        assert_eq!(
            decode(odd.clone(), "x", false).unwrap_err().kind,
            "invalid-utf16"
        );
        assert_eq!(decode(odd, "x", true).unwrap().replaced_bytes, 1);
        let nul = vec![0xFF, 0xFE, b'H', 0, 0, 0];
        assert_eq!(decode(nul, "x", false).unwrap_err().kind, "binary");
    }

    #[test]
    fn empty_and_binary() {
        for b in [&b""[..], b" \n\t", b"\xef\xbb\xbf \n", b"\xff\xfe \0"] {
            assert_eq!(decode(b.to_vec(), "x", false).unwrap_err().kind, "empty");
        }
        let mut late_nul = vec![b'a'; 100_000];
        late_nul[99_000] = 0;
        let e = decode(late_nul, "x", false).unwrap_err();
        assert_eq!(e.kind, "binary");
        assert!(e.message.contains("offset 99000"));
    }

    #[test]
    fn io_errors_have_kinds() {
        use io::ErrorKind as K;
        let kind = |e: io::Error| io_error(&e, "f").kind;
        assert_eq!(kind(K::NotFound.into()), "not-found");
        assert_eq!(kind(K::PermissionDenied.into()), "permission-denied");
        assert_eq!(kind(K::Other.into()), "io");
        if ELOOP > 0 {
            assert_eq!(kind(io::Error::from_raw_os_error(ELOOP)), "symlink-loop");
        }
    }
}
