//! Criterion benchmarks of press-ner (issue 6): building the extractor and the gazetteer with all
//! built-in dictionaries, one short and one long article, and whole-corpus runs over
//! `fixtures/articles` and, when it sits beside the project, `../shared/corpus` (skipped with a
//! message otherwise). Run with `cargo bench --bench extract`; the end-to-end CLI figures
//! (MB/s, peak RSS, 1 vs 2 threads) come from `scripts/bench.sh`.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use press_ner::gazetteer::Gazetteer;
use press_ner::Extractor;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.txt` under `dir`, sorted by path.
fn txt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

fn corpus(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    txt_files(dir, &mut files);
    files
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect()
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    // Dropping is part of a process's cost too, but keep it out of the measured time.
    g.bench_function("gazetteer", |b| {
        b.iter_batched(
            || (),
            |()| Gazetteer::build(&[]).expect("built-in dictionaries"),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("extractor", |b| {
        b.iter_batched(|| (), |()| Extractor::new(), BatchSize::PerIteration)
    });
    g.finish();
}

fn articles(c: &mut Criterion) {
    let ex = Extractor::new();
    let fixtures = corpus(&root().join("fixtures/articles"));
    assert!(!fixtures.is_empty(), "fixtures/articles has no .txt files");
    // Short: the smallest fixture. Long: a spokesperson transcript-sized release, the longest
    // fixture followed by the bodies of all the others (~40 KB).
    let short = fixtures
        .iter()
        .min_by_key(|t| t.len())
        .cloned()
        .unwrap_or_default();
    let mut long = fixtures
        .iter()
        .max_by_key(|t| t.len())
        .cloned()
        .unwrap_or_default();
    for t in &fixtures {
        long.push_str("\n\n");
        long.push_str(t.split_once("\n\n").map_or(t.as_str(), |(_, body)| body));
    }
    let mut g = c.benchmark_group("article");
    for (name, text) in [("short", &short), ("long", &long)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{name} ({} bytes)", text.len()), |b| {
            b.iter(|| ex.extract(black_box(text), None))
        });
    }
    g.finish();
    let gaz = ex.gazetteer();
    let mut g = c.benchmark_group("gazetteer");
    g.throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function("find_all (long)", |b| {
        b.iter(|| gaz.find_all(black_box(&long)))
    });
    g.finish();
}

fn corpora(c: &mut Criterion) {
    let ex = Extractor::new();
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let shared = root().join("../shared/corpus");
    for (name, dir) in [
        ("fixtures", root().join("fixtures/articles")),
        ("shared", shared),
    ] {
        let texts = corpus(&dir);
        if texts.is_empty() {
            eprintln!(
                "corpus/{name}: no .txt files under {} - skipped",
                dir.display()
            );
            continue;
        }
        let bytes: usize = texts.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(format!("{name} ({} articles)", texts.len()), |b| {
            b.iter(|| {
                for t in &texts {
                    black_box(ex.extract(t, None));
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, build, articles, corpora);
criterion_main!(benches);
