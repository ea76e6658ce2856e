//! Command-line options (clap derive) and their resolution into a [`Config`] the runner uses.
//! Everything the user can type is defined here; `--help` text is the first documentation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::calendar::Date;
use crate::rules::dates::NumericOrder;

const AFTER_HELP: &str = "\
Examples:
  press-ner extract fixtures/articles > out.jsonl       every .txt under a directory
  press-ner extract --pretty article.txt                one article, indented
  cat article.txt | press-ner extract -                 one article on stdin
  press-ner extract --input jsonl articles.jsonl        {\"id\",\"text\",\"published\"} per line
  press-ner extract --dict my-officials.tsv corpus/     with a user dictionary
  press-ner dict check my-officials.tsv                 validate dictionary files
  press-ner extract --format json corpus/ > out.json    one JSON array
  press-ner extract --format sqlite -o press.db corpus/ tables in SQLite (re-runs replace)
  press-ner extract --format csv --out-dir t corpus/    CSV tables in t/ for \\copy, DuckDB
  press-ner diff baseline.jsonl new.jsonl               what changed, article by article
  press-ner extract --lossy --max-bytes 10000000 dump/  bad UTF-8 as U+FFFD; skip files > 10 MB

Input faults never stop a run: each bad article gets an error record {\"path\", \"error\":
{\"kind\", \"message\"}} and a line on stderr. Kinds: not-found, permission-denied,
is-directory, not-a-file (FIFOs, devices: never opened), symlink-loop, io, empty, too-large
(--max-bytes), invalid-utf8 (or --lossy), invalid-utf16, binary (NUL bytes), invalid-json,
missing-text, invalid-published. A UTF-8 byte-order mark is skipped (offsets still count
it); UTF-16 files with a byte-order mark are decoded (\"encoding\": \"utf-16le\").

Exit status: 0 all articles processed; 1 some articles failed (error records were written,
all other records too); 2 usage error, or nothing could be processed. With -o FILE, FILE
appears only when the run ends (written to a temporary file, then renamed); writing into a
closed pipe (| head) ends quietly with status 0.";

#[derive(Parser, Debug)]
#[command(
    name = "press-ner",
    version,
    about = "Extract people, titles, organizations, places, dates and roles from press releases",
    long_about = "press-ner reads official press releases (plain text: headline, dateline/source line, \
body) and writes one JSON record per article with the people, titles, organizations, places and \
dates it names, and who holds which post where (roles). Output is deterministic: the same input \
gives byte-identical output at any thread count.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract entities and roles from articles into JSON Lines.
    #[command(after_help = AFTER_HELP)]
    Extract(ExtractArgs),
    /// Compare two outputs of `extract` article by article: entities and mentions added or
    /// removed, changed date values, roles, headers. Exit 0 when equal, 1 when different, 2 on
    /// usage errors (bad flags, unreadable or malformed files).
    #[command(after_help = DIFF_AFTER_HELP)]
    Diff(DiffArgs),
    /// Work with dictionary files.
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Validate dictionary files (UTF-8, columns, types, duplicates, conflicts); exits 1 on
    /// problems, printing each as FILE:LINE: MESSAGE.
    Check {
        /// Dictionary files (.tsv gazetteers or .txt word lists).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Plain-text articles, one per file (or stdin with `-`).
    Text,
    /// JSON Lines: one {"id": ..., "text": ..., "published": "YYYY-MM-DD"?} object per line.
    Jsonl,
}

/// What `extract` writes.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// JSON Lines: one record per line (to stdout, or -o FILE).
    Jsonl,
    /// One JSON array of the same records (to stdout, or -o FILE).
    Json,
    /// CSV tables (documents, entities, document_entities, mentions, roles, errors) in --out-dir.
    Csv,
    /// The same tables in an SQLite database (-o DB); each document's rows are replaced.
    Sqlite,
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Json => "json",
            OutputFormat::Csv => "csv",
            OutputFormat::Sqlite => "sqlite",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DateOrder {
    /// 05/10/2024 is ambiguous: its value is null.
    Unknown,
    /// 05/10/2024 is May 10 (US usage).
    Mdy,
    /// 05/10/2024 is 5 October (most of the world).
    Dmy,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files and directories (searched recursively); `-` reads one article from stdin.
    #[arg(default_value = "-")]
    pub paths: Vec<PathBuf>,
    /// File extensions taken from directories (repeatable or comma-separated).
    #[arg(long = "ext", value_delimiter = ',', default_value = "txt")]
    pub ext: Vec<String>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    pub input: InputFormat,
    /// Output format: jsonl (default), json (one array), csv (tables in --out-dir), sqlite
    /// (tables in the database -o DB). Example: --format sqlite -o press.db
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl, value_name = "FORMAT")]
    pub format: OutputFormat,
    /// Write records to FILE instead of stdout (written to a temporary file, then renamed).
    /// With --format sqlite: the database to create or update (required).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --format csv (required): directory for documents.csv, entities.csv,
    /// document_entities.csv, mentions.csv, roles.csv and errors.csv (created if missing;
    /// files replaced). Example: --format csv --out-dir tables/
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Indented JSON instead of one record per line (jsonl and json formats).
    #[arg(long)]
    pub pretty: bool,
    /// Add each mention's rule id ("rule") to the output.
    #[arg(long)]
    pub explain: bool,
    /// Extra dictionary files (same format as dictionaries/); entries win over built-ins.
    #[arg(long = "dict", value_name = "PATH")]
    pub dict: Vec<PathBuf>,
    /// Date to resolve relative dates against when an article's header has none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub reference_date: Option<Date>,
    /// How to read all-numeric dates like 05/10/2024.
    #[arg(long, value_enum, default_value_t = DateOrder::Unknown)]
    pub date_order: DateOrder,
    /// Worker threads (default: number of CPUs). Output is identical for every value.
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
    /// Articles (files, stdin, JSONL lines) larger than this many bytes are refused with a
    /// `too-large` error record; they are never read into memory.
    #[arg(long, value_name = "BYTES", default_value_t = crate::document::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Decode invalid UTF-8 (and UTF-16) with U+FFFD replacement characters instead of
    /// refusing the article with an `invalid-utf8` (`invalid-utf16`) error record. The record
    /// then carries "replaced_bytes": N and a warning goes to stderr; byte offsets still
    /// index the original bytes, char offsets the decoded text.
    #[arg(long)]
    pub lossy: bool,
    /// No progress bar and no summary on stderr (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

const DIFF_AFTER_HELP: &str = "\
Examples:
  press-ner diff baseline.jsonl new.jsonl               readable, one block per changed article
  press-ner diff --json baseline.jsonl new.jsonl        the same as one JSON object, for tools
  press-ner extract corpus/ > new.jsonl && press-ner diff tests/baseline.jsonl new.jsonl
                                                        a CI check of your own archive

Articles are matched by \"path\" (or \"id\"). Both files are JSON Lines (or a JSON array) as
written by `extract`. Exit status: 0 no differences; 1 differences (printed on stdout, a
summary on stderr); 2 usage error or a file that cannot be read.";

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier output (the baseline).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later output.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Print the differences as one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("{s:?} is not a date in YYYY-MM-DD form"))
}

impl DateOrder {
    pub fn numeric_order(self) -> NumericOrder {
        match self {
            DateOrder::Unknown => NumericOrder::Unknown,
            DateOrder::Mdy => NumericOrder::MonthFirst,
            DateOrder::Dmy => NumericOrder::DayFirst,
        }
    }
}
