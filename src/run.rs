//! The batch runner behind `press-ner extract`: expands inputs, extracts articles in parallel
//! (rayon) in bounded chunks, writes records in input order through one writer (JSON Lines,
//! a JSON array, CSV tables or an SQLite database: see [`Output`]), reports failures without
//! stopping, shows progress on a terminal, and decides the exit status.
//!
//! Memory stays bounded: at most one chunk of articles (and their records) is in flight, plus
//! for SQLite the rows of the documents waiting for their transaction.
//! Records are identical whatever the thread count, since each is a pure function of its
//! article and they are written in input order.

use std::fs;
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::cli::{ExtractArgs, InputFormat, OutputFormat};
use crate::document::{self, InputError};
use crate::export::csv::CsvExport;
use crate::export::sqlite::SqliteExport;
use crate::export::{Record, Rows, SeenKeys};
use crate::extract::{Extractor, ExtractorBuilder};
use crate::output::{self, Source, Style};

/// Exit statuses (documented in the README and `--help`).
pub const EXIT_OK: i32 = 0;
pub const EXIT_SOME_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Articles per chunk and thread: large enough to keep threads busy, small enough to bound
/// memory.
const CHUNK_PER_THREAD: usize = 32;

enum Item {
    File(PathBuf),
    Stdin,
    Failed(PathBuf, InputError),
    Json {
        input: std::sync::Arc<str>,
        line: usize,
        text: String,
    },
}

struct Outcome {
    record: Record,
    /// The serialized record, for the JSON formats.
    json: Option<String>,
    ok: bool,
    bytes: u64,
    /// stderr line for a failure
    error: Option<String>,
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

/// The output sink: stdout, or a temporary file renamed into place on success.
struct Sink {
    w: BufWriter<Box<dyn Write>>,
    tmp: Option<(PathBuf, PathBuf)>,
}

impl Sink {
    fn open(path: Option<&Path>) -> Result<Sink, RunError> {
        match path {
            None => Ok(Sink {
                w: BufWriter::with_capacity(1 << 16, Box::new(io::stdout().lock())),
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
                    w: BufWriter::with_capacity(1 << 16, Box::new(f)),
                    tmp: Some((tmp, p.to_path_buf())),
                })
            }
        }
    }

    fn write(&mut self, s: &str) -> Result<(), RunError> {
        self.w
            .write_all(s.as_bytes())
            .map_err(|e| out_err(e, "output"))
    }

    fn finish(mut self) -> Result<(), RunError> {
        self.w.flush().map_err(|e| out_err(e, "output"))?;
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
                let rows = Rows::of(&o.record, explain);
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
                    sink.write(o.json.as_deref().expect("json formats serialize"))?;
                }
            }
            Output::Array { sink, first } => {
                for o in outs {
                    let rec = o.json.as_deref().expect("json formats serialize");
                    sink.write(if *first { "[\n" } else { ",\n" })?;
                    sink.write(rec.trim_end_matches('\n'))?;
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
                sink.write(if first { "[]\n" } else { "\n]\n" })?;
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
    let extractor = build_extractor(args)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| RunError::Usage(format!("cannot start {jobs} threads: {e}")))?;
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

    let run_chunk =
        |items: Vec<Item>, sink: &mut Output, stats: &mut Stats| -> Result<(), RunError> {
            let outs: Vec<Outcome> = pool.install(|| {
                items
                    .into_par_iter()
                    .map(|it| process(&extractor, it, args.max_bytes, json))
                    .collect()
            });
            for o in &outs {
                if let Some(e) = &o.error {
                    if progress {
                        eprint!("\r\x1b[K");
                    }
                    eprintln!("press-ner: {e}");
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
            let mut items: Vec<Item> = Vec::new();
            let file_paths: Vec<PathBuf> = args
                .paths
                .iter()
                .filter(|p| p.as_os_str() != "-")
                .cloned()
                .collect();
            let stdin_count = args.paths.len() - file_paths.len();
            if stdin_count > 1 {
                return Err(RunError::Usage("`-` (stdin) may be given only once".into()));
            }
            if stdin_count == 1 {
                items.push(Item::Stdin);
            }
            for r in document::collect_paths(&file_paths, &args.ext) {
                items.push(match r {
                    Ok(p) => Item::File(p),
                    Err((p, e)) => Item::Failed(p, e),
                });
            }
            if items.is_empty() {
                sink.finish()?;
                eprintln!(
                    "press-ner: no articles found (looked for .{} files)",
                    args.ext.join(", .")
                );
                return Ok(EXIT_USAGE);
            }
            let mut rest = items.into_iter().peekable();
            while rest.peek().is_some() {
                let batch: Vec<Item> = rest.by_ref().take(chunk).collect();
                run_chunk(batch, &mut sink, &mut stats)?;
            }
        }
        InputFormat::Jsonl => {
            let mut readers: Vec<(String, Box<dyn BufRead>)> = Vec::new();
            for p in &args.paths {
                if p.as_os_str() == "-" {
                    readers.push(("<stdin>".into(), Box::new(io::BufReader::new(io::stdin()))));
                } else {
                    let f = fs::File::open(p)
                        .map_err(|e| RunError::Usage(format!("{}: {e}", p.display())))?;
                    readers.push((p.display().to_string(), Box::new(io::BufReader::new(f))));
                }
            }
            for (name, mut r) in readers {
                let input: std::sync::Arc<str> = name.as_str().into();
                let mut line_no = 0;
                let mut batch = Vec::with_capacity(chunk);
                let mut buf = Vec::new();
                loop {
                    buf.clear();
                    let n = r
                        .read_until(b'\n', &mut buf)
                        .map_err(|e| RunError::Usage(format!("{name}: {e}")))?;
                    if n == 0 {
                        break;
                    }
                    line_no += 1;
                    let text = String::from_utf8_lossy(&buf)
                        .trim_end_matches(['\n', '\r'])
                        .to_string();
                    if text.trim().is_empty() {
                        continue;
                    }
                    batch.push(Item::Json {
                        input: input.clone(),
                        line: line_no,
                        text,
                    });
                    if batch.len() >= chunk {
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

/// Extracts one item. `json`: serialize the record too, in this style.
fn process(ex: &Extractor, item: Item, max_bytes: u64, json: Option<Style>) -> Outcome {
    let fail_in = |src: Source, input: Option<&str>, line: Option<usize>, e: InputError| Outcome {
        json: json.map(|style| output::error(&src, line, e.kind, &e.message, style)),
        error: Some(match line {
            Some(l) => format!("line {l}: {}", e.message),
            None => e.message.clone(),
        }),
        record: Record::Failed {
            src,
            input: input.map(str::to_string),
            line,
            kind: e.kind,
            message: e.message,
        },
        ok: false,
        bytes: 0,
    };
    let fail = |src: &Source, line: Option<usize>, e: &InputError| {
        fail_in(src.clone(), None, line, e.clone())
    };
    let style = json;
    match item {
        Item::File(p) => {
            let src = Source::Path(p.display().to_string());
            match document::read_file(&p, max_bytes) {
                Ok(text) => ok(ex, src, &text, None, style),
                Err(e) => fail(&src, None, &e),
            }
        }
        Item::Failed(p, e) => fail(&Source::Path(p.display().to_string()), None, &e),
        Item::Stdin => {
            let src = Source::Path("-".into());
            let mut bytes = Vec::new();
            if let Err(e) = io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut bytes)
            {
                return fail(&src, None, &InputError::new("io", format!("<stdin>: {e}")));
            }
            if bytes.len() as u64 > max_bytes {
                return fail(
                    &src,
                    None,
                    &InputError::new(
                        "too-large",
                        format!("<stdin>: over the limit of {max_bytes} bytes (--max-bytes)"),
                    ),
                );
            }
            match document::decode(bytes, "<stdin>") {
                Ok(text) => ok(ex, src, &text, None, style),
                Err(e) => fail(&src, None, &e),
            }
        }
        Item::Json { input, line, text } => match document::parse_json_line(&text) {
            Ok(a) => ok(ex, Source::Id(a.id), &a.text, a.published, style),
            Err((id, e)) => fail_in(Source::Id(id), Some(&input), Some(line), e),
        },
    }
}

fn ok(
    ex: &Extractor,
    src: Source,
    text: &str,
    published: Option<crate::calendar::Date>,
    json: Option<Style>,
) -> Outcome {
    let a = ex.extract(text, published);
    Outcome {
        json: json.map(|style| output::record(&src, &a, style)),
        record: Record::Ok { src, analysis: a },
        ok: true,
        bytes: text.len() as u64,
        error: None,
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
