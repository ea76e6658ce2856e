// Keeps schema/record.schema.json true: every record the binary writes for the fixtures
// (fixtures/articles with and without --explain, fixtures/jsonl, stdin, --format json) and
// for every kind of failed input validates against it (JSON Schema draft 2020-12, checked
// with the `jsonschema` crate), and records that break the contract do not.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/record.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

fn extract(args: &[&str], stdin: Option<&str>) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_press-ner"))
        .arg("extract")
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    if args.contains(&"json") {
        serde_json::from_str::<Vec<Value>>(&text).unwrap()
    } else {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn assert_valid(v: &jsonschema::Validator, recs: &[Value]) -> usize {
    for r in recs {
        let errors: Vec<String> = v
            .iter_errors(r)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\nrecord: {r}");
    }
    recs.len()
}

#[test]
fn every_fixture_record_matches_the_schema() {
    let v = validator();
    let mut n = 0;
    n += assert_valid(&v, &extract(&["fixtures/articles"], None));
    n += assert_valid(&v, &extract(&["--explain", "fixtures/articles"], None));
    n += assert_valid(
        &v,
        &extract(&["--format", "json", "fixtures/articles"], None),
    );
    n += assert_valid(
        &v,
        &extract(&["--input", "jsonl", "fixtures/jsonl/articles.jsonl"], None),
    );
    let article = std::fs::read_to_string(
        root().join("fixtures/articles/02-mfa-dg-meets-kazakh-ambassador.txt"),
    )
    .unwrap();
    n += assert_valid(&v, &extract(&["-"], Some(&article)));
    assert!(n > 60, "{n} records");
}

#[test]
fn error_records_match_the_schema() {
    let v = validator();
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("schema-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub.txt")).unwrap();
    std::fs::write(dir.join("a-latin1.txt"), b"Caf\xe9 news\n").unwrap();
    std::fs::write(dir.join("b-empty.txt"), b"  \n").unwrap();
    std::fs::write(dir.join("c-binary.txt"), b"\x00\x01\x02binary").unwrap();
    let d = dir.to_str().unwrap();
    let missing = format!("{d}/missing.txt");
    let sub = format!("{d}/sub.txt");
    let recs = extract(&[d, &missing, &sub], None);
    let kinds: Vec<&str> = recs
        .iter()
        .filter_map(|r| r["error"]["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"invalid-utf8") && kinds.contains(&"not-found"),
        "{kinds:?}"
    );
    assert_valid(&v, &recs);

    let jsonl = "{\"id\": \"ok\", \"text\": \"Talks\\nMay 8 meeting.\\n\"}\n\
                 not json\n\
                 {\"id\": 7}\n\
                 {\"id\": \"p\", \"text\": \"x\", \"published\": \"May\"}\n\
                 {\"id\": [1], \"text\": \"  \"}\n";
    let recs = extract(&["--input", "jsonl", "-"], Some(jsonl));
    let kinds: Vec<&str> = recs
        .iter()
        .filter_map(|r| r["error"]["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["invalid-json", "missing-text", "invalid-published", "empty"]
    );
    assert_valid(&v, &recs);
}

#[test]
fn the_schema_rejects_records_that_break_the_contract() {
    let v = validator();
    let good = json!({"path": "a.txt", "title": "T", "published": "2024-05-10", "issuer": null,
        "entities": [{"id": "date:2024-05-08", "type": "date", "name": "May 8", "value": "2024-05-08",
                      "mentions": [{"text": "May 8", "start": 3, "end": 8, "char_start": 3, "char_end": 8}]}],
        "roles": []});
    assert!(v.is_valid(&good));
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut r = good.clone();
        f(&mut r);
        r
    };
    let bad = [
        broken(&|r| {
            r["entities"][0]
                .as_object_mut()
                .unwrap()
                .remove("value")
                .map(|_| ())
                .unwrap()
        }),
        broken(&|r| r["entities"][0]["type"] = json!("person")),
        broken(&|r| r["entities"][0]["type"] = json!("thing")),
        broken(&|r| r["published"] = json!("May 2024")),
        broken(&|r| r["extra"] = json!(1)),
        broken(&|r| r["id"] = json!("x")),
        broken(&|r| {
            r["roles"] = json!([{"person": "title:x", "title": null, "organization": null}])
        }),
        json!({"path": "a.txt", "error": {"kind": "oops", "message": "m"}}),
        json!({"error": {"kind": "io", "message": "m"}}),
    ];
    for r in &bad {
        assert!(!v.is_valid(r), "accepted: {r}");
    }
}
