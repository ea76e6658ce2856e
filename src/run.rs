//! The batch runner behind `press-ner extract`: expands inputs, extracts articles in parallel
//! (rayon) in bounded chunks, writes records in input order through one writer (JSON Lines,
//! a JSON array, CSV tables or an SQLite database: see [`Output`]), reports failures without
//! stopping, shows progress on a terminal, and decides the exit status.
//!
//! Memory stays bounded: at most one chunk of articles (and their records) is in flight, plus
//! for SQLite the rows of the documents waiting for their transaction; the directory walk is
//! lazy (one sorted listing per directory level, never the list of all paths); no article
//! (file, stdin, JSONL line) larger than `--max-bytes` is ever held in memory.
//!
//! Robustness: an input that cannot be read or decoded (see `document.rs` for the kinds)
//! becomes an error record plus a line on stderr, and the run goes on; a JSONL input file
//! that cannot be opened is one error record (`"path"`). `-o FILE` is written to a
//! temporary file beside FILE, flushed to disk and renamed over FILE only when the run
//! ends, so an interrupted run never leaves a truncated FILE. A closed stdout (`| head`)
//! ends the run quietly with status 0.
//!
//! Records are identical whatever the thread count, since each is a pure function of its
//! article and they are written in input order. For the JSON formats the workers serialize
//! each record to bytes, straight from the extractor's borrowed result (no owned analysis is
//! built), so the writing thread only copies bytes. With one job there is no pool: the
//! articles are extracted on the writing thread.

use std::fs;
use std::io::{self, BufRead, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::cli::{ExtractArgs, InputFormat, OutputFormat};
use crate::document::{self, Decoded, InputError, ReadOptions};
use crate::export::csv::CsvExport;
use crate::export::sqlite::SqliteExport;
use crate::export::{Record, Rows, SeenKeys};
use crate::extract::{Extracted, Extractor, ExtractorBuilder};
use crate::output::{self, Decoding, Source, Style};

/// Exit statuses (documented in the README and `--help`).
pub const EXIT_OK: i32 = 0;
pub const EXIT_SOME_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Articles per chunk and thread: large enough to keep threads busy, small enough to bound
/// memory. A chunk ends with a wait for its slowest article, and the next chunk's paths are
/// found while the threads wait: two threads on 200 MB took 2.10 s with 32, 1.99 s with 128
/// and 1.92 s with 256 (one thread: 3.59 s), with peak memory 69 -> 70 MB.
const CHUNK_PER_THREAD: usize = 256;

/// Lines per chunk and thread for JSON Lines input, which may be a stream that comes slowly
/// (a pipe): its records come out after this many lines, or at its end.
const STREAM_CHUNK_PER_THREAD: usize = 32;

enum Item {
    File(document::Found),
    Stdin,
    Failed(PathBuf, InputError),
    /// One JSONL input line, undecoded (decoded by the worker).
    Json {
        input: std::sync::Arc<str>,
        line: usize,
        bytes: Vec<u8>,
    },
    /// A JSONL input file (or one of its lines) that could not be read.
    JsonFailed {
        input: String,
        line: Option<usize>,
        error: InputError,
    },
}

/// An item's record as the output format needs it.
enum Rendered {
    /// Serialized by the worker (JSON formats): the analysis is dropped there too, which
    /// keeps that work off the writing thread.
    Json(Vec<u8>),
    /// For the table formats, which build their rows while writing.
    Table(Record),
}

struct Outcome {
    record: Rendered,
    ok: bool,
    bytes: u64,
    /// stderr line for a failure
    error: Option<String>,
    /// stderr line for an article that was processed with a caveat (`--lossy` replacements)
    warning: Option<String>,
}

impl Outcome {
    /// The serialized record (JSON formats).
    fn json(&self) -> &[u8] {
        match &self.record {
            Rendered::Json(j) => j,
            Rendered::Table(_) => unreachable!("JSON formats serialize in the workers"),
        }
    }
}

#[derive(Default)]
struct Stats {
    ok: u64,
    failed: u64,
    bytes: u64,
    /// Records not stored because their document key was already written in this run
    /// (table formats only).
    duplicates: u64,
}

/// Runs `extract`; returns the exit status.
pub fn extract(args: &ExtractArgs) -> i32 {
    match try_extract(args) {
        Ok(code) => code,
        Err(RunError::Usage(msg)) => {
            eprintln!("press-ner: {msg}");
            EXIT_USAGE
        }
        Err(RunError::BrokenPipe) => EXIT_OK,
        Err(RunError::Output(msg)) => {
            eprintln!("press-ner: {msg}");
            EXIT_USAGE
        }
    }
}

enum RunError {
    Usage(String),
    Output(String),
    BrokenPipe,
}

fn out_err(e: io::Error, what: &str) -> RunError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        RunError::BrokenPipe
    } else {
        RunError::Output(format!("writing {what}: {e}"))
    }
}

fn build_extractor(args: &ExtractArgs) -> Result<Extractor, RunError> {
    let mut b = ExtractorBuilder::new();
    for p in &args.dict {
        let bytes =
            fs::read(p).map_err(|e| RunError::Usage(format!("--dict {}: {e}", p.display())))?;
        let content = String::from_utf8(bytes)
            .map_err(|_| RunError::Usage(format!("--dict {}: not valid UTF-8", p.display())))?;
        b.dictionary(p.display().to_string(), content);
    }
    b.reference_date(args.reference_date)
        .numeric_order(args.date_order.numeric_order());
    b.build()
        .map_err(|e| RunError::Usage(format!("dictionary problems:\n{e}")))
}

/// The output sink: stdout, or a temporary file beside the destination, flushed to disk and
/// renamed into place on success (removed when the run fails; left behind, under a
/// `.NAME.press-ner-PID.tmp` name, only when the process is killed).
struct Sink {
    w: SinkWriter,
    tmp: Option<(PathBuf, PathBuf)>,
}

enum SinkWriter {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File(BufWriter<fs::File>),
}

impl Sink {
    fn open(path: Option<&Path>) -> Result<Sink, RunError> {
        match path {
            None => Ok(Sink {
                w: SinkWriter::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
                tmp: None,
            }),
            Some(p) => {
                let dir = p
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let name = p.file_name().ok_or_else(|| {
                    RunError::Usage(format!("-o {}: not a file name", p.display()))
                })?;
                let tmp = dir.join(format!(
                    ".{}.press-ner-{}.tmp",
                    name.to_string_lossy(),
                    std::process::id()
                ));
                let f = fs::File::create(&tmp).map_err(|e| {
                    RunError::Usage(format!(
                        "-o {}: cannot create {}: {e}",
                        p.display(),
                        tmp.display()
                    ))
                })?;
                Ok(Sink {
                    w: SinkWriter::File(BufWriter::with_capacity(1 << 16, f)),
                    tmp: Some((tmp, p.to_path_buf())),
                })
            }
        }
    }

    fn write(&mut self, s: &[u8]) -> Result<(), RunError> {
        match &mut self.w {
            SinkWriter::Stdout(w) => w.write_all(s),
            SinkWriter::File(w) => w.write_all(s),
        }
        .map_err(|e| out_err(e, "output"))
    }

    fn finish(mut self) -> Result<(), RunError> {
        match &mut self.w {
            SinkWriter::Stdout(w) => w.flush().map_err(|e| out_err(e, "output"))?,
            SinkWriter::File(w) => {
                w.flush().map_err(|e| out_err(e, "output"))?;
                // on disk before the rename, so that FILE is never a truncated file
                w.get_ref().sync_all().map_err(|e| out_err(e, "output"))?;
            }
        }
        if let Some((tmp, dest)) = self.tmp.take() {
            fs::rename(&tmp, &dest)
                .map_err(|e| RunError::Output(format!("renaming to {}: {e}", dest.display())))?;
        }
        Ok(())
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.tmp.take() {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Where records go, by `--format`.
enum Output {
    /// JSON Lines (and `--pretty` records).
    Lines(Sink),
    /// One JSON array; `first` until a record was written.
    Array {
        sink: Sink,
        first: bool,
    },
    Csv {
        csv: CsvExport,
        seen: SeenKeys,
    },
    Sqlite {
        db: SqliteExport,
        seen: SeenKeys,
    },
}

/// Checks the combination of output flags before any work is done.
fn check_output_flags(args: &ExtractArgs) -> Result<(), RunError> {
    let f = args.format;
    let usage = |m: &str| Err(RunError::Usage(m.to_string()));
    if args.out_dir.is_some() && f != OutputFormat::Csv {
        return usage("--out-dir is only for --format csv (other formats write to stdout or -o)");
    }
    if args.pretty && matches!(f, OutputFormat::Csv | OutputFormat::Sqlite) {
        return usage("--pretty is only for --format jsonl or json");
    }
    match f {
        OutputFormat::Sqlite => match &args.output {
            None => usage(
                "--format sqlite needs -o DB, the database file to create or update \
                 (e.g. --format sqlite -o press.db)",
            ),
            Some(p) if p.as_os_str() == "-" => {
                usage("--format sqlite needs a file name for -o, not -")
            }
            Some(_) => Ok(()),
        },
        OutputFormat::Csv => {
            if args.output.is_some() {
                usage("--format csv writes one file per table into --out-dir DIR; -o is not used")
            } else if args.out_dir.is_none() {
                usage(
                    "--format csv needs --out-dir DIR for its tables \
                     (e.g. --format csv --out-dir tables/)",
                )
            } else {
                Ok(())
            }
        }
        OutputFormat::Jsonl | OutputFormat::Json => Ok(()),
    }
}

impl Output {
    fn open(args: &ExtractArgs) -> Result<Output, RunError> {
        Ok(match args.format {
            OutputFormat::Jsonl => Output::Lines(Sink::open(args.output.as_deref())?),
            OutputFormat::Json => Output::Array {
                sink: Sink::open(args.output.as_deref())?,
                first: true,
            },
            OutputFormat::Csv => {
                let dir = args.out_dir.as_deref().expect("checked");
                Output::Csv {
                    csv: CsvExport::create(dir).map_err(|e| {
                        RunError::Usage(format!("--out-dir {}: {e}", dir.display()))
                    })?,
                    seen: SeenKeys::default(),
                }
            }
            OutputFormat::Sqlite => {
                let p = args.output.as_deref().expect("checked");
                Output::Sqlite {
                    db: SqliteExport::open(p)
                        .map_err(|e| RunError::Usage(format!("-o {}: {e}", p.display())))?,
                    seen: SeenKeys::default(),
                }
            }
        })
    }

    /// Writes one chunk of outcomes, in order. For the table formats a document key already
    /// written in this run is reported on stderr and its record skipped.
    fn write_chunk(
        &mut self,
        outs: &[Outcome],
        explain: bool,
        stats: &mut Stats,
        progress: bool,
    ) -> Result<(), RunError> {
        let table_rows = |seen: &mut SeenKeys, stats: &mut Stats| -> Vec<Rows> {
            let mut v = Vec::with_capacity(outs.len());
            for o in outs {
                let Rendered::Table(record) = &o.record else {
                    unreachable!("table formats keep records")
                };
                let rows = Rows::of(record, explain);
                if seen.first(&rows.document) {
                    v.push(rows);
                } else {
                    if progress {
                        eprint!("\r\x1b[K");
                    }
                    eprintln!(
                        "press-ner: duplicate document key {:?}: only its first record is stored",
                        rows.document
                    );
                    stats.duplicates += 1;
                }
            }
            v
        };
        match self {
            Output::Lines(sink) => {
                for o in outs {
                    sink.write(o.json())?;
                }
            }
            Output::Array { sink, first } => {
                for o in outs {
                    let mut rec = o.json();
                    while let [r @ .., b'\n'] = rec {
                        rec = r;
                    }
                    sink.write(if *first { b"[\n" } else { b",\n" })?;
                    sink.write(rec)?;
                    *first = false;
                }
            }
            Output::Csv { csv, seen } => {
                for rows in table_rows(seen, stats) {
                    csv.write(rows)
                        .map_err(|e| RunError::Output(format!("writing CSV tables: {e}")))?;
                }
            }
            Output::Sqlite { db, seen } => {
                let rows = table_rows(seen, stats);
                db.write_chunk(rows)
                    .map_err(|e| RunError::Output(format!("writing the database: {e}")))?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), RunError> {
        match self {
            Output::Lines(sink) => sink.finish(),
            Output::Array { mut sink, first } => {
                sink.write(if first { b"[]\n" } else { b"\n]\n" })?;
                sink.finish()
            }
            Output::Csv { csv, .. } => csv
                .finish()
                .map_err(|e| RunError::Output(format!("writing CSV tables: {e}"))),
            Output::Sqlite { db, .. } => db
                .finish()
                .map_err(|e| RunError::Output(format!("closing the database: {e}"))),
        }
    }
}

fn try_extract(args: &ExtractArgs) -> Result<i32, RunError> {
    check_output_flags(args)?;
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(RunError::Usage("`-` (stdin) may be given only once".into()));
    }
    // Never dropped: the process exits after the run, and freeing tens of thousands of
    // dictionary entries one by one was a tenth of a one-article run.
    let extractor = std::mem::ManuallyDrop::new(build_extractor(args)?);
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // One job runs on this thread: handing every chunk to a pool thread and back waits on a
    // wake-up each time, and each record was then freed by another thread than the one that
    // allocated it, which costs the allocator more (60,000 tiny files: freeing the outcomes
    // fell from 8.7M to 3.6M instructions).
    let pool = if jobs > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .map_err(|e| RunError::Usage(format!("cannot start {jobs} threads: {e}")))?,
        )
    } else {
        None
    };
    let style = Style {
        pretty: args.pretty,
        explain: args.explain,
    };
    let json = matches!(args.format, OutputFormat::Jsonl | OutputFormat::Json).then_some(style);
    let progress = !args.quiet && io::stderr().is_terminal();
    let mut sink = Output::open(args)?;
    let mut stats = Stats::default();
    let started = Instant::now();
    let chunk = CHUNK_PER_THREAD * jobs;
    let read_opts = ReadOptions {
        max_bytes: args.max_bytes,
        lossy: args.lossy,
    };

    let run_chunk =
        |items: Vec<Item>, sink: &mut Output, stats: &mut Stats| -> Result<(), RunError> {
            let outs: Vec<Outcome> = match &pool {
                Some(pool) => pool.install(|| {
                    items
                        .into_par_iter()
                        .map(|it| process(&extractor, it, read_opts, json))
                        .collect()
                }),
                None => items
                    .into_iter()
                    .map(|it| process(&extractor, it, read_opts, json))
                    .collect(),
            };
            for o in &outs {
                if let Some(e) = &o.error {
                    if progress {
                        eprint!("\r\x1b[K");
                    }
                    eprintln!("press-ner: {e}");
                }
                if let Some(w) = &o.warning {
                    if progress {
                        eprint!("\r\x1b[K");
                    }
                    eprintln!("press-ner: warning: {w}");
                }
                if o.ok {
                    stats.ok += 1;
                } else {
                    stats.failed += 1;
                }
                stats.bytes += o.bytes;
            }
            sink.write_chunk(&outs, args.explain, stats, progress)?;
            if progress {
                let secs = started.elapsed().as_secs_f64().max(1e-6);
                eprint!(
                    "\r\x1b[K{} articles, {:.1} MB/s, {} errors",
                    stats.ok + stats.failed,
                    stats.bytes as f64 / 1e6 / secs,
                    stats.failed
                );
            }
            Ok(())
        };

    match args.input {
        InputFormat::Text => {
            let file_paths: Vec<PathBuf> = args
                .paths
                .iter()
                .filter(|p| p.as_os_str() != "-")
                .cloned()
                .collect();
            let stdin = (file_paths.len() < args.paths.len()).then_some(Item::Stdin);
            // streamed: paths are found while earlier chunks are extracted and written
            let mut rest = stdin
                .into_iter()
                .chain(
                    document::collect_paths(file_paths, &args.ext).map(|r| match r {
                        Ok(p) => Item::File(p),
                        Err((p, e)) => Item::Failed(p, e),
                    }),
                )
                .peekable();
            if rest.peek().is_none() {
                sink.finish()?;
                eprintln!(
                    "press-ner: no articles found (looked for .{} files)",
                    args.ext.join(", .")
                );
                return Ok(EXIT_USAGE);
            }
            while rest.peek().is_some() {
                let batch: Vec<Item> = rest.by_ref().take(chunk).collect();
                run_chunk(batch, &mut sink, &mut stats)?;
            }
        }
        InputFormat::Jsonl => {
            for p in &args.paths {
                let (name, reader): (String, Box<dyn BufRead>) = if p.as_os_str() == "-" {
                    ("<stdin>".into(), Box::new(io::BufReader::new(io::stdin())))
                } else {
                    match open_jsonl(p) {
                        Ok(f) => (
                            p.display().to_string(),
                            Box::new(io::BufReader::with_capacity(1 << 16, f)),
                        ),
                        Err(error) => {
                            let item = Item::JsonFailed {
                                input: p.display().to_string(),
                                line: None,
                                error,
                            };
                            run_chunk(vec![item], &mut sink, &mut stats)?;
                            continue;
                        }
                    }
                };
                let input: std::sync::Arc<str> = name.as_str().into();
                let mut r = reader;
                let mut line_no = 0;
                let stream_chunk = STREAM_CHUNK_PER_THREAD * jobs;
                let mut batch = Vec::with_capacity(stream_chunk);
                loop {
                    let mut buf = Vec::new();
                    let line = match read_line_bounded(&mut r, &mut buf, args.max_bytes) {
                        Ok(None) => break,
                        Ok(Some(l)) => l,
                        Err(e) => {
                            // the rest of this input cannot be read: report it, go on
                            batch.push(Item::JsonFailed {
                                input: name.clone(),
                                line: Some(line_no + 1),
                                error: document::io_error(&e, &name),
                            });
                            break;
                        }
                    };
                    line_no += 1;
                    match line {
                        Line::TooLong(n) => batch.push(Item::JsonFailed {
                            input: name.clone(),
                            line: Some(line_no),
                            error: InputError::new(
                                "too-large",
                                format!(
                                    "{name}: a line of {n} bytes is over the limit of {} \
                                     (--max-bytes)",
                                    args.max_bytes
                                ),
                            ),
                        }),
                        Line::Fits => {
                            if line_no == 1 && buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
                                buf.drain(..3);
                            }
                            while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                                buf.pop();
                            }
                            if buf.iter().all(u8::is_ascii_whitespace) {
                                continue;
                            }
                            batch.push(Item::Json {
                                input: input.clone(),
                                line: line_no,
                                bytes: buf,
                            });
                        }
                    }
                    if batch.len() >= stream_chunk {
                        run_chunk(std::mem::take(&mut batch), &mut sink, &mut stats)?;
                    }
                }
                if !batch.is_empty() {
                    run_chunk(batch, &mut sink, &mut stats)?;
                }
            }
        }
    }
    sink.finish()?;
    if progress {
        eprint!("\r\x1b[K");
    }
    if !args.quiet && io::stderr().is_terminal() {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "press-ner: {} articles ({} ok, {} failed), {:.1} MB in {:.2}s",
            stats.ok + stats.failed,
            stats.ok,
            stats.failed,
            stats.bytes as f64 / 1e6,
            secs
        );
    }
    if stats.duplicates > 0 {
        eprintln!(
            "press-ner: {} record(s) not stored: their document key was already written \
             in this run",
            stats.duplicates
        );
    }
    Ok(if stats.failed == 0 && stats.duplicates == 0 {
        EXIT_OK
    } else if stats.ok == 0 {
        EXIT_USAGE
    } else {
        EXIT_SOME_FAILED
    })
}

/// Opens a JSONL input: a directory is refused (`is-directory`); FIFOs and other streams
/// are read as they are (they are what the user named).
fn open_jsonl(p: &Path) -> Result<fs::File, InputError> {
    let what = p.display().to_string();
    let meta = fs::metadata(p).map_err(|e| document::io_error(&e, &what))?;
    if meta.is_dir() {
        return Err(InputError::new(
            "is-directory",
            format!("{what}: is a directory, not a JSONL file"),
        ));
    }
    fs::File::open(p).map_err(|e| document::io_error(&e, &what))
}

/// One line of JSONL input as read by [`read_line_bounded`].
enum Line {
    /// The line (with its newline) is in the buffer.
    Fits,
    /// The line had this many bytes (without its newline), over the limit; it was skipped.
    TooLong(u64),
}

/// Reads one line into `buf` unless it is longer than `max` bytes, in which case the line
/// is skipped without being kept in memory. `None` at the end of the input.
fn read_line_bounded(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: u64) -> io::Result<Option<Line>> {
    let mut len: u64 = 0;
    let mut fits = true;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..=i], true),
            None => (avail, false),
        };
        let content = part.len() - usize::from(done);
        len += content as u64;
        if fits && len > max {
            fits = false;
            buf.clear();
            buf.shrink_to(0);
        }
        if fits {
            buf.extend_from_slice(part);
        }
        let n = part.len();
        r.consume(n);
        if done {
            break;
        }
    }
    Ok(match (any, fits) {
        (false, _) => None,
        (true, true) => Some(Line::Fits),
        (true, false) => Some(Line::TooLong(len)),
    })
}

/// Extracts one item. `json`: serialize the record too, in this style.
fn process(ex: &Extractor, item: Item, opts: ReadOptions, json: Option<Style>) -> Outcome {
    let fail_in = |src: Source, input: Option<&str>, line: Option<usize>, e: InputError| Outcome {
        error: Some(match (input, line) {
            (Some(i), Some(l)) if !e.message.starts_with(i) => {
                format!("{i} line {l}: {}", e.message)
            }
            (_, Some(l)) => format!("line {l}: {}", e.message),
            _ => e.message.clone(),
        }),
        record: match json {
            Some(style) => {
                Rendered::Json(output::error(&src, line, e.kind, &e.message, style).into_bytes())
            }
            None => Rendered::Table(Record::Failed {
                src,
                input: input.map(str::to_string),
                line,
                kind: e.kind,
                message: e.message,
            }),
        },
        ok: false,
        bytes: 0,
        warning: None,
    };
    let fail = |src: Source, e: InputError| fail_in(src, None, None, e);
    match item {
        Item::File(f) => {
            // (a UTF-8 path as it is: `display` goes through the formatting machinery, about
            // 780 instructions a file)
            let what = match f.path.to_str() {
                Some(p) => p.to_string(),
                None => f.path.display().to_string(),
            };
            match f.read(&what, opts) {
                Ok(d) => ok_decoded(ex, Source::Path(what), d, json),
                Err(e) => fail(Source::Path(what), e),
            }
        }
        Item::Failed(p, e) => fail(Source::Path(p.display().to_string()), e),
        Item::Stdin => {
            let src = Source::Path("-".into());
            match document::read_stream(io::stdin().lock(), "<stdin>", opts) {
                Ok(d) => ok_decoded(ex, src, d, json),
                Err(e) => fail(src, e),
            }
        }
        Item::JsonFailed { input, line, error } => {
            // a whole input: keyed by its path; one of its lines: like a line whose id
            // cannot be read
            let src = match line {
                None => Source::Path(input.clone()),
                Some(_) => Source::Id(serde_json::Value::Null),
            };
            fail_in(src, Some(&input), line, error)
        }
        Item::Json { input, line, bytes } => {
            let (text, replaced) = match String::from_utf8(bytes) {
                Ok(t) => (t, 0),
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let replaced: usize =
                        e.as_bytes().utf8_chunks().map(|c| c.invalid().len()).sum();
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    if !opts.lossy {
                        let id =
                            document::parse_json_line(&text).map_or_else(|(id, _)| id, |a| a.id);
                        let e = InputError::new(
                            "invalid-utf8",
                            format!(
                                "invalid UTF-8 at byte offset {at} of the line (--lossy decodes \
                                 it with U+FFFD replacements)"
                            ),
                        );
                        return fail_in(Source::Id(id), Some(&input), Some(line), e);
                    }
                    (text, replaced)
                }
            };
            match document::parse_json_line(&text) {
                Ok(a) => {
                    let src = Source::Id(a.id);
                    let decoding = Decoding {
                        encoding: None,
                        replaced_bytes: (replaced > 0).then_some(replaced),
                    };
                    let mut o = ok(ex, src, &a.text, a.published, decoding, json, |_| {});
                    if replaced > 0 {
                        o.warning = Some(format!(
                            "{input} line {line}: {replaced} invalid UTF-8 byte(s) replaced by \
                             U+FFFD (--lossy)"
                        ));
                    }
                    o
                }
                Err((id, e)) => fail_in(Source::Id(id), Some(&input), Some(line), e),
            }
        }
    }
}

/// Extracts a decoded article; offsets are mapped back to the input's bytes.
fn ok_decoded(ex: &Extractor, src: Source, d: Decoded, json: Option<Style>) -> Outcome {
    let decoding = Decoding {
        encoding: (d.encoding != document::Encoding::Utf8).then(|| d.encoding.name()),
        replaced_bytes: (d.replaced_bytes > 0).then_some(d.replaced_bytes),
    };
    let warning = (d.replaced_bytes > 0).then(|| {
        let what = match &src {
            Source::Path(p) if p == "-" => "<stdin>".to_string(),
            Source::Path(p) => p.clone(),
            Source::Id(v) => v.to_string(),
        };
        format!(
            "{what}: {} invalid {} byte(s) replaced by U+FFFD (--lossy)",
            d.replaced_bytes,
            if d.encoding == document::Encoding::Utf8 {
                "UTF-8"
            } else {
                "UTF-16"
            }
        )
    });
    let mut o = ok(ex, src, &d.text, None, decoding, json, |x| {
        d.remap_extracted(x)
    });
    o.bytes = d.input_bytes as u64;
    o.warning = warning;
    o
}

fn ok(
    ex: &Extractor,
    src: Source,
    text: &str,
    published: Option<crate::calendar::Date>,
    decoding: Decoding<'_>,
    json: Option<Style>,
    remap: impl FnOnce(&mut Extracted<'_>),
) -> Outcome {
    let record = ex.extract_with(text, published, |x| {
        remap(x);
        match json {
            // written from the borrowed result: no strings of an `Analysis` to build and drop
            Some(style) => {
                let mut buf = Vec::new();
                output::write_extracted(&mut buf, &src, x, decoding, style);
                Rendered::Json(buf)
            }
            None => Rendered::Table(Record::Ok {
                src,
                analysis: x.to_analysis(),
            }),
        }
    });
    Outcome {
        record,
        ok: true,
        bytes: text.len() as u64,
        error: None,
        warning: None,
    }
}

/// `press-ner dict check`: prints problems as FILE:LINE: MESSAGE; returns the exit status.
pub fn dict_check(paths: &[PathBuf]) -> i32 {
    let mut problems = 0;
    for p in paths {
        let name = p.display().to_string();
        match fs::read(p) {
            Ok(bytes) => {
                for pr in crate::gazetteer::check_file(&name, &bytes) {
                    println!("{pr}");
                    problems += 1;
                }
            }
            Err(e) => {
                println!("{name}: cannot read: {e}");
                problems += 1;
            }
        }
    }
    if problems == 0 {
        eprintln!("press-ner: {} file(s) OK", paths.len());
        EXIT_OK
    } else {
        eprintln!("press-ner: {problems} problem(s)");
        EXIT_SOME_FAILED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_over_the_limit_are_skipped_without_being_kept() {
        let input = b"short\n0123456789abcdef\n\nlast-no-newline".to_vec();
        // a tiny buffer, so that long lines come in several pieces
        let mut r = io::BufReader::with_capacity(4, &input[..]);
        let mut got = Vec::new();
        loop {
            let mut buf = Vec::new();
            match read_line_bounded(&mut r, &mut buf, 10).unwrap() {
                None => break,
                Some(Line::Fits) => got.push(String::from_utf8(buf).unwrap()),
                Some(Line::TooLong(n)) => {
                    assert!(buf.is_empty());
                    got.push(format!("<{n} bytes>"));
                }
            }
        }
        assert_eq!(got, ["short\n", "<16 bytes>", "\n", "<15 bytes>"]);
    }
}
