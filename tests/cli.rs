// End-to-end tests of the `press-ner` binary: inputs (files, directories, stdin, JSONL),
// output (JSON Lines, -o, --pretty), determinism across --jobs, error records and exit
// statuses, and `dict check`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_press-ner"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).current_dir(root()).output().unwrap()
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {e}: {l}")))
        .collect()
}

/// A fresh temporary directory under the target dir (no extra crate needed).
fn tempdir(name: &str) -> PathBuf {
    let d = root()
        .join("target")
        .join("test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const ARTICLE: &str = "Mayor Meets Delegation\n2024-05-10 | Harbin Municipal Foreign Affairs Office\n\n\
On May 8, Vice Mayor Zhao Ming met with Anna Sokolova, Director of the Foreign Affairs Office of Vladivostok.\n";

#[test]
fn directory_records_are_sorted_by_path_and_offsets_exact() {
    let out = run(&["extract", "fixtures/articles"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    let mut files: Vec<_> = std::fs::read_dir(root().join("fixtures/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(recs.len(), files.len());
    for (r, f) in recs.iter().zip(&files) {
        let path = r["path"].as_str().unwrap();
        assert!(
            f.ends_with(path.trim_start_matches("fixtures/")) || f.ends_with(path),
            "{path} vs {}",
            f.display()
        );
        let text = std::fs::read_to_string(f).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for e in r["entities"].as_array().unwrap() {
            for m in e["mentions"].as_array().unwrap() {
                let (s, en) = (
                    m["start"].as_u64().unwrap() as usize,
                    m["end"].as_u64().unwrap() as usize,
                );
                let (cs, ce) = (
                    m["char_start"].as_u64().unwrap() as usize,
                    m["char_end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&text[s..en], m["text"].as_str().unwrap());
                assert_eq!(
                    chars[cs..ce].iter().collect::<String>(),
                    m["text"].as_str().unwrap()
                );
            }
        }
    }
}

#[test]
fn output_is_identical_for_any_job_count() {
    let one = run(&["extract", "--jobs", "1", "fixtures/articles"]);
    let two = run(&["extract", "--jobs", "2", "fixtures/articles"]);
    let four = run(&["extract", "-j", "4", "fixtures/articles"]);
    assert!(one.status.success());
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn stdin_article() {
    let mut child = bin()
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ARTICLE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["path"], "-");
    assert_eq!(recs[0]["published"], "2024-05-10");
    let names: Vec<&str> = recs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Zhao Ming"), "{names:?}");
    assert!(names.contains(&"Anna Sokolova"), "{names:?}");
}

#[test]
fn jsonl_input_keeps_order_and_ids_and_reports_bad_lines() {
    let dir = tempdir("jsonl");
    let input = dir.join("in.jsonl");
    let lines = [
        serde_json::json!({"id": "b-2", "text": ARTICLE}).to_string(),
        "{not json".to_string(),
        serde_json::json!({"id": 7, "text": "Note\n\nOn May 8 the office met.", "published": "2023-05-20"}).to_string(),
        serde_json::json!({"id": "no-text"}).to_string(),
    ];
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let out = run(&["extract", "--input", "jsonl", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[0]["id"], "b-2");
    assert_eq!(recs[1]["error"]["kind"], "invalid-json");
    assert_eq!(recs[1]["line"], 2);
    assert_eq!(recs[2]["id"], 7);
    assert_eq!(recs[2]["published"], "2023-05-20");
    let date = recs[2]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "date")
        .unwrap();
    assert_eq!(date["value"], "2023-05-08");
    assert_eq!(recs[3]["error"]["kind"], "missing-text");
    // a date whose value cannot be known still carries "value": null
    assert!(recs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| (e["type"] == "date") == e.get("value").is_some()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2: invalid JSON"), "{stderr}");
}

#[test]
fn bad_files_give_error_records_and_the_batch_goes_on() {
    let dir = tempdir("bad");
    std::fs::write(dir.join("a-good.txt"), ARTICLE).unwrap();
    std::fs::write(dir.join("b-latin1.txt"), b"Caf\xe9 news\n\nParis.\n").unwrap();
    std::fs::write(dir.join("c-empty.txt"), b"").unwrap();
    std::fs::write(dir.join("d-binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0IHDR").unwrap();
    std::fs::write(
        dir.join("e-good.txt"),
        ARTICLE.replace("Zhao Ming", "Qian Lei"),
    )
    .unwrap();
    let out = run(&["extract", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "some failed -> 1");
    let recs = records(&out);
    let kinds: Vec<String> = recs
        .iter()
        .map(|r| {
            r.get("error").map_or("ok".to_string(), |e| {
                e["kind"].as_str().unwrap().to_string()
            })
        })
        .collect();
    assert_eq!(kinds, ["ok", "invalid-utf8", "empty", "binary", "ok"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b-latin1.txt: invalid UTF-8 at byte offset 3"),
        "{stderr}"
    );
    assert!(stderr.contains("c-empty.txt: empty article"), "{stderr}");
}

#[test]
fn exit_status_two_when_nothing_could_be_processed() {
    let out = run(&["extract", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let recs = records(&out);
    assert_eq!(recs[0]["error"]["kind"], "not-found");

    let dir = tempdir("emptydir");
    let out = run(&["extract", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no articles found"));

    let out = run(&["extract", "--jobs", "x"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[test]
fn output_file_and_pretty() {
    let dir = tempdir("out");
    let f = dir.join("out.json");
    let art = dir.join("a.txt");
    std::fs::write(&art, ARTICLE).unwrap();
    let out = run(&[
        "extract",
        "--pretty",
        "-o",
        f.to_str().unwrap(),
        art.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "nothing but records on stdout, and here they go to -o"
    );
    let written = std::fs::read_to_string(&f).unwrap();
    assert!(written.starts_with("{\n  \"path\""), "{written}");
    let v: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(v["issuer"], "Harbin Municipal Foreign Affairs Office");
    // no temporary file left behind
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn user_dictionary_adds_entries_and_dict_check_reports_lines() {
    let dir = tempdir("dict");
    let good = dir.join("mine.tsv");
    std::fs::write(
        &good,
        "# my list\nHarbin Polar Bear Club\torganization\t\t\n",
    )
    .unwrap();
    let art = dir.join("a.txt");
    std::fs::write(
        &art,
        "Swim\n2024-01-05 | Club\n\nMembers of the Harbin Polar Bear Club swam.\n",
    )
    .unwrap();
    let out = run(&[
        "extract",
        "--dict",
        good.to_str().unwrap(),
        art.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    assert!(recs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Harbin Polar Bear Club"));

    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "# bad\nA\tplace\nB\tthing\nA\tplace\nC\n").unwrap();
    let out = run(&["dict", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("bad.tsv:3: unknown type \"thing\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("bad.tsv:4: duplicate entry \"A\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("bad.tsv:5: expected 2 to 4 tab-separated columns"),
        "{stdout}"
    );

    let out = run(&[
        "extract",
        "--dict",
        bad.to_str().unwrap(),
        art.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a broken user dictionary is a usage error"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn help_teaches() {
    let out = run(&["extract", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--input",
        "--ext",
        "--jobs",
        "--pretty",
        "--dict",
        "--reference-date",
        "--quiet",
        "Exit status",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}
