// The table outputs against the JSON Lines they mirror: `--format sqlite` (queried with
// rusqlite: contents, the person-title-organization join, idempotent re-runs, replaced
// documents, a run killed mid-way), `--format csv` (parsed with the `csv` crate), a real
// PostgreSQL load of the CSV files with the README's `\copy` commands (when PRESS_NER_PG names
// a server; .ci/run starts one), `--format json`, and the flag errors.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_press-ner"));
    c.current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn run_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn tempdir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A table as a sorted list of rows; every cell as text, NULL as None.
type Table = Vec<Vec<Option<String>>>;
type Tables = BTreeMap<&'static str, Table>;

const TABLES: [(&str, &[&str]); 6] = [
    (
        "documents",
        &["document", "source", "title", "published", "issuer"],
    ),
    ("entities", &["id", "type", "name", "canonical", "value"]),
    (
        "document_entities",
        &["document", "entity", "ord", "name", "canonical", "value"],
    ),
    (
        "mentions",
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
    ),
    (
        "roles",
        &["document", "ord", "person", "title", "organization"],
    ),
    ("errors", &["document", "source", "line", "kind", "message"]),
];

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A record's document key, as the README defines it.
fn key(r: &Value, input: &str) -> String {
    match (r.get("path"), r.get("id")) {
        (Some(p), _) => p.as_str().unwrap().to_string(),
        (_, Some(Value::Null)) => format!("{input}:{}", r["line"]),
        (_, Some(id)) => text(id).unwrap(),
        _ => panic!("no key: {r}"),
    }
}

/// The tables the README says the records become (an independent re-statement of
/// src/export: one row per document, entity id per document, mention, role, error).
fn expected(recs: &[(Value, &str)]) -> Tables {
    let mut t: Tables = TABLES.iter().map(|(n, _)| (*n, Vec::new())).collect();
    let mut reps: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for (r, input) in recs {
        let d = key(r, input);
        let source = Some(
            if r.get("path").is_some() {
                "path"
            } else {
                "id"
            }
            .to_string(),
        );
        if let Some(e) = r.get("error") {
            t.get_mut("errors").unwrap().push(vec![
                Some(d),
                source,
                r.get("line").and_then(text),
                text(&e["kind"]),
                text(&e["message"]),
            ]);
            continue;
        }
        t.get_mut("documents").unwrap().push(vec![
            Some(d.clone()),
            source,
            text(&r["title"]),
            text(&r["published"]),
            text(&r["issuer"]),
        ]);
        let mut ord = 0;
        let mut seen = Vec::new();
        for e in r["entities"].as_array().unwrap() {
            let id = e["id"].as_str().unwrap().to_string();
            let opt = |k: &str| e.get(k).and_then(text);
            if !seen.contains(&id) {
                seen.push(id.clone());
                t.get_mut("document_entities").unwrap().push(vec![
                    Some(d.clone()),
                    Some(id.clone()),
                    Some(ord.to_string()),
                    opt("name"),
                    opt("canonical"),
                    opt("value"),
                ]);
                ord += 1;
                let row = vec![
                    Some(id.clone()),
                    opt("type"),
                    opt("name"),
                    opt("canonical"),
                    opt("value"),
                ];
                let rank = |r: &Vec<Option<String>>| {
                    (
                        std::cmp::Reverse(r[2].as_ref().unwrap().chars().count()),
                        r[2].clone(),
                        r[3].clone(),
                        r[4].clone(),
                    )
                };
                match reps.get(&id) {
                    Some(old) if rank(old) <= rank(&row) => {}
                    _ => {
                        reps.insert(id.clone(), row);
                    }
                }
            }
            for m in e["mentions"].as_array().unwrap() {
                t.get_mut("mentions").unwrap().push(vec![
                    Some(d.clone()),
                    text(&m["start"]),
                    text(&m["end"]),
                    text(&m["char_start"]),
                    text(&m["char_end"]),
                    Some(id.clone()),
                    text(&m["text"]),
                    m.get("rule").and_then(text),
                ]);
            }
        }
        for (i, role) in r["roles"].as_array().unwrap().iter().enumerate() {
            t.get_mut("roles").unwrap().push(vec![
                Some(d.clone()),
                Some(i.to_string()),
                text(&role["person"]),
                text(&role["title"]),
                text(&role["organization"]),
            ]);
        }
    }
    t.insert("entities", reps.into_values().collect());
    for rows in t.values_mut() {
        rows.sort();
    }
    t
}

fn sqlite_tables(db: &Path) -> Tables {
    let conn = Connection::open(db).unwrap();
    let mut t = Tables::new();
    for (name, cols) in TABLES {
        let sql = format!(
            "SELECT {} FROM {name}",
            cols.iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let mut rows: Table = stmt
            .query_map([], |row| {
                (0..cols.len())
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => None,
                            rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
                            rusqlite::types::ValueRef::Text(s) => {
                                Some(String::from_utf8(s.to_vec()).unwrap())
                            }
                            other => panic!("unexpected {other:?}"),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        t.insert(name, rows);
    }
    t
}

/// Reads CSV with PostgreSQL's convention: an unquoted empty field is NULL, `""` is "".
fn read_csv(path: &Path, cols: &[&str]) -> Table {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, cols, "{}", path.display());
    let raw = std::fs::read_to_string(path).unwrap();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let start = rec.position().unwrap().byte() as usize;
        let end = start + raw[start..].len();
        let line = &raw[start..end];
        // which empty fields were quoted: scan the raw record field by field
        let quoted = quoted_fields(line, rec.len());
        rows.push(
            rec.iter()
                .zip(quoted)
                .map(|(f, q)| (!f.is_empty() || q).then(|| f.to_string()))
                .collect(),
        );
    }
    rows.sort();
    rows
}

/// For the CSV record starting `line`, whether each of its `n` fields was quoted.
fn quoted_fields(line: &str, n: usize) -> Vec<bool> {
    let mut out = Vec::with_capacity(n);
    let mut chars = line.chars().peekable();
    while out.len() < n {
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                    }
                    Some('"') | None => break,
                    Some(_) => {}
                }
            }
        }
        for c in chars.by_ref() {
            if c == ',' || c == '\n' {
                break;
            }
        }
        out.push(quoted);
    }
    out
}

fn csv_tables(dir: &Path) -> Tables {
    TABLES
        .iter()
        .map(|(name, cols)| (*name, read_csv(&dir.join(format!("{name}.csv")), cols)))
        .collect()
}

fn assert_tables_eq(got: &Tables, want: &Tables, what: &str) {
    for (name, _) in TABLES {
        let (g, w) = (&got[name], &want[name]);
        if g != w {
            let missing: Vec<_> = w.iter().filter(|r| !g.contains(r)).take(3).collect();
            let extra: Vec<_> = g.iter().filter(|r| !w.contains(r)).take(3).collect();
            panic!(
                "{what}: table {name}: {} rows, expected {}\nmissing: {missing:#?}\nextra: {extra:#?}",
                g.len(),
                w.len()
            );
        }
    }
}

/// The fixture records: the articles (by path) and the JSONL articles (by id).
fn fixture_records() -> Vec<(Value, &'static str)> {
    let mut recs: Vec<(Value, &str)> = jsonl(&run_ok(&["extract", "fixtures/articles"]))
        .into_iter()
        .map(|r| (r, ""))
        .collect();
    recs.extend(
        jsonl(&run_ok(&[
            "extract",
            "--input",
            "jsonl",
            "fixtures/jsonl/articles.jsonl",
        ]))
        .into_iter()
        .map(|r| (r, "fixtures/jsonl/articles.jsonl")),
    );
    recs
}

/// (document, person name, title name, organization name) of every role, from the records.
fn roles_by_name(recs: &[(Value, &str)]) -> Vec<Vec<Option<String>>> {
    let mut out = Vec::new();
    for (r, input) in recs {
        let Some(ents) = r["entities"].as_array() else {
            continue;
        };
        let name = |id: &Value| {
            id.as_str().map(|id| {
                ents.iter().find(|e| e["id"] == id).unwrap()["name"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
        };
        for role in r["roles"].as_array().unwrap() {
            out.push(vec![
                Some(key(r, input)),
                name(&role["person"]),
                name(&role["title"]),
                name(&role["organization"]),
            ]);
        }
    }
    out.sort();
    out
}

/// The person-title-organization join, the same SQL for SQLite and PostgreSQL.
const ROLE_JOIN: &str = "\
SELECT r.document, p.name AS person, t.name AS title, o.name AS organization
FROM roles r
JOIN document_entities p ON p.document = r.document AND p.entity = r.person
LEFT JOIN document_entities t ON t.document = r.document AND t.entity = r.title
LEFT JOIN document_entities o ON o.document = r.document AND o.entity = r.organization
ORDER BY r.document, r.ord";

#[test]
fn sqlite_tables_hold_exactly_the_records() {
    let dir = tempdir("sqlite");
    let db = dir.join("press.db");
    run_ok(&[
        "extract",
        "--format",
        "sqlite",
        "-o",
        s(&db),
        "fixtures/articles",
    ]);
    run_ok(&[
        "extract",
        "--format",
        "sqlite",
        "-o",
        s(&db),
        "--input",
        "jsonl",
        "fixtures/jsonl/articles.jsonl",
    ]);
    let recs = fixture_records();
    let want = expected(&recs);
    assert_tables_eq(&sqlite_tables(&db), &want, "sqlite");
    assert!(want["mentions"].len() > 500 && want["roles"].len() > 50);

    let conn = Connection::open(&db).unwrap();
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    let mut stmt = conn.prepare(ROLE_JOIN).unwrap();
    let mut joined: Vec<Vec<Option<String>>> = stmt
        .query_map([], |r| (0..4).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    joined.sort();
    assert_eq!(joined, roles_by_name(&recs));
    // a sample the README shows
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM mentions m JOIN entities e ON e.id = m.entity \
             WHERE e.type = 'person'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n > 50);
}

#[test]
fn sqlite_reruns_are_idempotent_and_replace_changed_documents() {
    let dir = tempdir("rerun");
    let db = dir.join("press.db");
    let args = [
        "extract",
        "--format",
        "sqlite",
        "-o",
        s(&db),
        "fixtures/articles",
    ];
    run_ok(&args);
    let once = sqlite_tables(&db);
    run_ok(&args);
    assert_eq!(sqlite_tables(&db), once, "second run changed the tables");

    // a changed article replaces its rows; entities only it named disappear
    let arts = dir.join("articles");
    std::fs::create_dir_all(&arts).unwrap();
    let a = arts.join("a.txt");
    let b = arts.join("b.txt");
    std::fs::write(
        &a,
        "Talks\n2024-05-10 | City Office\n\nVice Mayor Zhao Ming met Anna Sokolova on May 8.\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "Visit\n2024-05-11 | City Office\n\nMayor Li Wei visited Harbin on May 9.\n",
    )
    .unwrap();
    let db2 = dir.join("two.db");
    let args2 = ["extract", "--format", "sqlite", "-o", s(&db2), s(&arts)];
    run_ok(&args2);
    std::fs::write(
        &a,
        "Talks\n2024-05-10 | City Office\n\nVice Mayor Zhao Ming met guests in Harbin on May 8.\n",
    )
    .unwrap();
    run_ok(&args2);
    let fresh = dir.join("fresh.db");
    run_ok(&["extract", "--format", "sqlite", "-o", s(&fresh), s(&arts)]);
    let t = sqlite_tables(&db2);
    assert_eq!(t, sqlite_tables(&fresh), "update differs from a fresh run");
    assert!(!t["entities"]
        .iter()
        .any(|r| r[0].as_deref() == Some("person:anna-sokolova")));
    // an article that now fails moves to errors
    std::fs::write(&b, b"\xff\xfe broken").unwrap();
    let out = run(&args2);
    assert_eq!(out.status.code(), Some(1));
    let t = sqlite_tables(&db2);
    assert_eq!(t["documents"].len(), 1);
    assert_eq!(t["errors"].len(), 1);
    assert_eq!(t["errors"][0][3].as_deref(), Some("invalid-utf8"));
    assert!(!t["entities"]
        .iter()
        .any(|r| r[0].as_deref() == Some("person:li-wei")));
}

#[test]
fn sqlite_killed_mid_run_holds_only_whole_documents() {
    let dir = tempdir("kill");
    let arts: Vec<String> = {
        let mut v: Vec<_> = std::fs::read_dir(root().join("fixtures/articles"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v.iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    };
    let n = 1200;
    let input = dir.join("big.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    for i in 0..n {
        let rec = serde_json::json!({"id": format!("gen-{i:05}"), "text": arts[i % arts.len()]});
        writeln!(f, "{rec}").unwrap();
    }
    f.flush().unwrap();
    drop(f);
    // the reference: the same input as JSON Lines
    let reference = run_ok(&["extract", "--input", "jsonl", s(&input)]);
    let recs: Vec<(Value, &str)> = jsonl(&reference).into_iter().map(|r| (r, "")).collect();
    let want = expected(&recs);

    let args = |db: &Path| {
        let mut c = bin();
        c.args([
            "extract",
            "--format",
            "sqlite",
            "-o",
            s(db),
            "--input",
            "jsonl",
            "--jobs",
            "1",
        ])
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        c
    };

    // 1. a crash in the middle of a document's rows (inside the open transaction)
    let db = dir.join("aborted.db");
    let status = args(&db)
        .env("PRESS_NER_TEST_ABORT_AT", "700")
        .status()
        .unwrap();
    assert!(!status.success());
    assert!(
        dir.join("aborted.db-journal").exists(),
        "the crash left no open transaction"
    );
    let docs = assert_whole_documents(&db, &want);
    assert!(docs > 0 && docs < 700, "{docs} documents");
    // finishing the run afterwards gives the same database as an uninterrupted one
    run_ok(&[
        "extract",
        "--format",
        "sqlite",
        "-o",
        s(&db),
        "--input",
        "jsonl",
        s(&input),
    ]);
    assert_tables_eq(&sqlite_tables(&db), &want, "resumed");

    // 2. kill -9 at whatever point the run has reached
    let db = dir.join("killed.db");
    let mut child = args(&db).spawn().unwrap();
    let started = Instant::now();
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before it could be killed"
        );
        assert!(started.elapsed() < Duration::from_secs(120));
        let done = Connection::open(&db)
            .and_then(|c| {
                c.busy_timeout(Duration::from_secs(5))?;
                c.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
            })
            .unwrap_or(0);
        if done >= 100 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let docs = assert_whole_documents(&db, &want);
    assert!(docs >= 100 && docs < n, "{docs} of {n} documents");
}

/// Opens a database left by an interrupted run and checks that it is sound and that every
/// document in it is whole: its rows in every table are exactly those of the uninterrupted
/// reference, and `entities` holds exactly the ids the stored documents name. Returns the
/// number of documents.
fn assert_whole_documents(db: &Path, want: &Tables) -> usize {
    let conn = Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    drop(conn);
    let got = sqlite_tables(db);
    let docs: Vec<&str> = got["documents"]
        .iter()
        .map(|r| r[0].as_deref().unwrap())
        .collect();
    let keep = |t: &Table, col: usize| -> Table {
        t.iter()
            .filter(|r| docs.binary_search(&r[col].as_deref().unwrap()).is_ok())
            .cloned()
            .collect()
    };
    for name in ["documents", "document_entities", "mentions", "roles"] {
        assert_eq!(got[name], keep(&want[name], 0), "table {name}");
    }
    let mut ids: Vec<&str> = got["document_entities"]
        .iter()
        .map(|r| r[1].as_deref().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    let got_ids: Vec<&str> = got["entities"]
        .iter()
        .map(|r| r[0].as_deref().unwrap())
        .collect();
    assert_eq!(got_ids, ids);
    docs.len()
}

#[test]
fn csv_tables_hold_exactly_the_records() {
    let dir = tempdir("csv");
    let arts = dir.join("in");
    std::fs::create_dir_all(&arts).unwrap();
    for f in std::fs::read_dir(root().join("fixtures/articles")).unwrap() {
        let p = f.unwrap().path();
        std::fs::copy(&p, arts.join(p.file_name().unwrap())).unwrap();
    }
    // quoting: a headline with a comma, quotes; a failed article with a message
    std::fs::write(
        arts.join("21-quotes.txt"),
        "Mayor Says \"Yes, Now\", Again\n2024-05-10 | City Office\n\nVice Mayor Zhao Ming met guests on May 8.\n",
    )
    .unwrap();
    std::fs::write(arts.join("22-latin1.txt"), b"Caf\xe9\n").unwrap();
    let out_dir = dir.join("tables");
    let out = run(&[
        "extract",
        "--format",
        "csv",
        "--out-dir",
        s(&out_dir),
        s(&arts),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let recs: Vec<(Value, &str)> = jsonl(&run(&["extract", s(&arts)]))
        .into_iter()
        .map(|r| (r, ""))
        .collect();
    let want = expected(&recs);
    let got = csv_tables(&out_dir);
    assert_tables_eq(&got, &want, "csv");
    assert!(got["documents"]
        .iter()
        .any(|r| r[2].as_deref() == Some("Mayor Says \"Yes, Now\", Again")));
    assert_eq!(got["errors"].len(), 1);
    let raw = std::fs::read_to_string(out_dir.join("documents.csv")).unwrap();
    assert!(
        raw.contains(",\"Mayor Says \"\"Yes, Now\"\", Again\","),
        "{raw}"
    );
    // no temporary files left behind
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");

    // JSONL input: keys are ids (numbers as JSON text; unreadable ids as INPUT:LINE)
    let out_dir = dir.join("jsonl");
    let input =
        "{\"id\": 7, \"text\": \"Talks\\nMay 8 meeting with Mayor Li Wei.\\n\"}\nnot json\n";
    let out = run_stdin(
        &[
            "extract",
            "--format",
            "csv",
            "--out-dir",
            s(&out_dir),
            "--input",
            "jsonl",
            "-",
        ],
        input,
    );
    assert_eq!(out.status.code(), Some(1));
    let got = csv_tables(&out_dir);
    assert_eq!(got["documents"][0][0].as_deref(), Some("7"));
    assert_eq!(got["documents"][0][1].as_deref(), Some("id"));
    assert_eq!(got["errors"][0][0].as_deref(), Some("<stdin>:2"));
    assert_eq!(got["errors"][0][2].as_deref(), Some("2"));
}

/// Says why a test is skipped, on the real stderr (the test harness captures `eprintln!`,
/// which would hide the reason in a passing run).
fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "{why}");
}

#[test]
fn postgres_loads_the_csv_tables() {
    let Ok(conn) = std::env::var("PRESS_NER_PG") else {
        skip(
            "postgres_loads_the_csv_tables: SKIPPED: PRESS_NER_PG is not set (a libpq connection \
             string; .ci/run starts a server and sets it)",
        );
        return;
    };
    let required = std::env::var("PRESS_NER_PG_REQUIRED").is_ok_and(|v| v == "1");
    let psql = |args: &[&str], stdin: &str, cwd: &Path| -> Output {
        let mut child = Command::new("psql")
            .arg(&conn)
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("psql runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let dir = tempdir("pg");
    match Command::new("psql")
        .arg(&conn)
        .args(["-X", "-c", "SELECT 1"])
        .output()
    {
        Ok(o) if o.status.success() => {}
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => format!("psql: {e}"),
            };
            assert!(!required, "PRESS_NER_PG_REQUIRED=1 but no server: {why}");
            skip(&format!(
                "postgres_loads_the_csv_tables: SKIPPED: no server at PRESS_NER_PG: {why}"
            ));
            return;
        }
    }
    // the README's commands: extract to CSV, create the tables, \copy each file
    let tables = dir.join("tables");
    run_ok(&[
        "extract",
        "--format",
        "csv",
        "--out-dir",
        s(&tables),
        "fixtures/articles",
    ]);
    let schema = format!("press_ner_test_{}", std::process::id());
    let mut script = format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE;\nCREATE SCHEMA {schema};\nSET search_path TO {schema};\n\\i {}\n",
        root().join("schema/postgres.sql").display()
    );
    for (name, _) in TABLES {
        script.push_str(&format!(
            "\\copy {name} FROM '{name}.csv' WITH (FORMAT csv, HEADER true)\n"
        ));
    }
    // read everything back in the same CSV convention
    for (name, cols) in TABLES {
        let cols: Vec<String> = cols
            .iter()
            .map(|c| match *c {
                "published" => "to_char(published, 'YYYY-MM-DD') AS published".to_string(),
                c => format!("\"{c}\""),
            })
            .collect();
        script.push_str(&format!(
            "\\copy (SELECT {} FROM {name}) TO 'back-{name}.csv' WITH (FORMAT csv, HEADER true)\n",
            cols.join(", ")
        ));
    }
    script.push_str(&format!(
        "\\copy ({}) TO 'back-join.csv' WITH (FORMAT csv, HEADER true)\n",
        ROLE_JOIN.replace('\n', " ")
    ));
    script.push_str(&format!("DROP SCHEMA {schema} CASCADE;\n"));
    let out = psql(&[], &script, &tables);
    assert!(
        out.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs: Vec<(Value, &str)> = jsonl(&run_ok(&["extract", "fixtures/articles"]))
        .into_iter()
        .map(|r| (r, ""))
        .collect();
    let want = expected(&recs);
    let got: Tables = TABLES
        .iter()
        .map(|(name, cols)| {
            (
                *name,
                read_csv(&tables.join(format!("back-{name}.csv")), cols),
            )
        })
        .collect();
    assert_tables_eq(&got, &want, "postgres");
    let joined = read_csv(
        &tables.join("back-join.csv"),
        &["document", "person", "title", "organization"],
    );
    assert_eq!(joined, roles_by_name(&recs));
    let _ = writeln!(
        std::io::stderr(),
        "postgres_loads_the_csv_tables: {} documents, {} entities, {} mentions, {} roles checked",
        got["documents"].len(),
        got["entities"].len(),
        got["mentions"].len(),
        got["roles"].len()
    );
}

#[test]
fn json_array_holds_the_same_records() {
    let lines = jsonl(&run_ok(&["extract", "fixtures/articles"]));
    let out = run_ok(&["extract", "--format", "json", "fixtures/articles"]);
    let arr: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(arr, lines);
    let out = run_ok(&[
        "extract",
        "--format",
        "json",
        "--pretty",
        "fixtures/articles",
    ]);
    let arr: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(arr, lines);
    let dir = tempdir("json");
    let out = run(&["extract", "--format", "json", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[]\n");
}

#[test]
fn output_flag_mistakes_are_clear_usage_errors() {
    let dir = tempdir("flags");
    let not_db = dir.join("notes.txt");
    std::fs::write(&not_db, "just some text, not a database\n".repeat(100)).unwrap();
    let other_db = dir.join("other.db");
    Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let cases: [(&[&str], &str); 7] = [
        (&["--format", "sqlite"], "--format sqlite needs -o DB"),
        (&["--format", "csv"], "--format csv needs --out-dir DIR"),
        (
            &["--format", "csv", "--out-dir", s(&dir), "-o", "x.csv"],
            "-o is not used",
        ),
        (
            &["--out-dir", s(&dir)],
            "--out-dir is only for --format csv",
        ),
        (
            &["--format", "sqlite", "-o", "x.db", "--pretty"],
            "--pretty is only for",
        ),
        (&["--format", "sqlite", "-o", s(&not_db)], "notes.txt"),
        (
            &["--format", "sqlite", "-o", s(&other_db)],
            "not a press-ner database",
        ),
    ];
    for (args, msg) in cases {
        let mut all = vec!["extract"];
        all.extend_from_slice(args);
        all.push("fixtures/articles");
        let out = run(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
    assert!(!root().join("x.db").exists() && !root().join("x.csv").exists());
    let out = run(&["extract", "--format", "xml", "fixtures/articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("jsonl, json, csv, sqlite"));
}

#[test]
fn duplicate_keys_in_one_run_keep_the_first_and_say_so() {
    let dir = tempdir("dup");
    let db = dir.join("d.db");
    let input = "{\"id\": \"a\", \"text\": \"One\\nMayor Li Wei spoke.\\n\"}\n\
                 {\"id\": \"a\", \"text\": \"Two\\nMayor Zhao Ming spoke.\\n\"}\n";
    let out = run_stdin(
        &[
            "extract",
            "--format",
            "sqlite",
            "-o",
            s(&db),
            "--input",
            "jsonl",
            "-",
        ],
        input,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("duplicate document key \"a\""));
    let t = sqlite_tables(&db);
    assert_eq!(t["documents"].len(), 1);
    assert_eq!(t["documents"][0][2].as_deref(), Some("One"));
}
