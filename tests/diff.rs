// `press-ner diff`: two extractions of fixtures/articles that differ by one dictionary entry
// differ by exactly the mentions that entry changes (text and --json); equal files exit 0;
// added/removed articles, changed date values and usage errors (exit 2).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_press-ner"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn tempdir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn extract_to(args: &[&str], dest: &Path) -> Vec<Value> {
    let out = run(&[&["extract"], args].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dest, &out.stdout).unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every mention of a run as (path, start, end, text, entity id).
fn mentions(recs: &[Value]) -> BTreeSet<(String, u64, u64, String, String)> {
    let mut out = BTreeSet::new();
    for r in recs {
        for e in r["entities"].as_array().unwrap() {
            for m in e["mentions"].as_array().unwrap() {
                out.insert((
                    r["path"].as_str().unwrap().to_string(),
                    m["start"].as_u64().unwrap(),
                    m["end"].as_u64().unwrap(),
                    m["text"].as_str().unwrap().to_string(),
                    e["id"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

#[test]
fn one_dictionary_entry_shows_as_exactly_its_mentions() {
    let dir = tempdir("dict");
    let dict = dir.join("extra.tsv");
    std::fs::write(&dict, "Tai Kok Tsui Community Hall\torganization\n").unwrap();
    let (old, new) = (dir.join("old.jsonl"), dir.join("new.jsonl"));
    let a = extract_to(&["fixtures/articles"], &old);
    let b = extract_to(&["--dict", s(&dict), "fixtures/articles"], &new);

    // what changed, computed from the two outputs directly
    let (ma, mb) = (mentions(&a), mentions(&b));
    let removed: Vec<_> = ma.difference(&mb).collect();
    let added: Vec<_> = mb.difference(&ma).collect();
    let art = "fixtures/articles/08-hk-chp-dengue-case.txt";
    assert!(
        added
            .iter()
            .any(|m| m.0 == art && m.3 == "Tai Kok Tsui Community Hall"),
        "{added:?}"
    );
    assert!(removed.iter().any(|m| m.3 == "Tai Kok Tsui"), "{removed:?}");

    let out = run(&["diff", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // the mention lines are exactly the changed mentions (none moved to another entity here)
    let mut want: Vec<String> = removed
        .iter()
        .map(|m| format!("- mention {}..{} {:?} {}", m.1, m.2, m.3, m.4))
        .chain(
            added
                .iter()
                .map(|m| format!("+ mention {}..{} {:?} {}", m.1, m.2, m.3, m.4)),
        )
        .collect();
    want.sort();
    let mut got: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.contains(" mention "))
        .map(String::from)
        .collect();
    got.sort();
    assert_eq!(got, want, "{text}");
    // and only the articles that changed are named
    let changed: BTreeSet<&str> = removed.iter().chain(&added).map(|m| m.0.as_str()).collect();
    let named: BTreeSet<&str> = text.lines().filter_map(|l| l.strip_prefix("~ ")).collect();
    assert_eq!(named, changed, "{text}");
    assert!(text.contains(&format!(
        "~ {art}\n    - mention 1607..1619 \"Tai Kok Tsui\" place:tai-kok-tsui\n    \
         + mention 1607..1634 \"Tai Kok Tsui Community Hall\" organization:tai-kok-tsui-community-hall\n    \
         + entity organization:tai-kok-tsui-community-hall \"Tai Kok Tsui Community Hall\"\n"
    )), "{text}");
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains(&format!("mentions +{} -{} ~0", added.len(), removed.len())));

    // --json: the same changes for tools
    let out = run(&["diff", "--json", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["equal"], false);
    assert_eq!(doc["summary"]["mentions_added"], added.len());
    assert_eq!(doc["summary"]["mentions_removed"], removed.len());
    let hall = doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["article"] == art)
        .unwrap();
    assert_eq!(
        hall["mentions"]["added"][0],
        serde_json::json!({"start": 1607, "end": 1634, "text": "Tai Kok Tsui Community Hall",
                           "entity": "organization:tai-kok-tsui-community-hall"})
    );

    // the same run twice: no differences
    let out = run(&["diff", s(&old), s(&old)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no differences (20 articles)"));
    let out = run(&["diff", "--json", s(&new), s(&new)]);
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["equal"], true);
}

#[test]
fn articles_added_removed_and_date_values() {
    let dir = tempdir("dates");
    let one = |name: &str, body: &str| {
        format!(
            "{{\"path\": \"{name}\", \"title\": \"T\", \"published\": \"2024-05-10\", \"issuer\": null, \
             \"entities\": [{body}], \"roles\": []}}\n"
        )
    };
    let date = |v: &str| {
        format!(
            "{{\"id\": \"date:{v}\", \"type\": \"date\", \"name\": \"May 8\", \"value\": \"{v}\", \
             \"mentions\": [{{\"text\": \"May 8\", \"start\": 10, \"end\": 15, \"char_start\": 10, \"char_end\": 15}}]}}"
        )
    };
    let old = dir.join("old.jsonl");
    let new = dir.join("new.jsonl");
    std::fs::write(
        &old,
        one("a.txt", &date("2024-05-08")) + &one("gone.txt", ""),
    )
    .unwrap();
    std::fs::write(
        &new,
        one("a.txt", &date("2025-05-08")) + &one("new.txt", &date("2024-05-08")),
    )
    .unwrap();
    let out = run(&["diff", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "~ a.txt\n    \
         ~ date 10..15 \"May 8\" value \"2024-05-08\" -> \"2025-05-08\"\n    \
         - entity date:2024-05-08 \"May 8\"\n    \
         + entity date:2025-05-08 \"May 8\"\n\
         + new.txt (new article: 1 entities, 1 mentions, 0 roles)\n\
         - gone.txt (article gone: had 0 entities, 0 mentions, 0 roles)\n"
    );
    let out = run(&["diff", "--json", s(&old), s(&new)]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["articles"][0]["dates"][0],
        serde_json::json!({"start": 10, "end": 15, "text": "May 8",
                           "old_value": "2024-05-08", "new_value": "2025-05-08"})
    );
    assert_eq!(doc["summary"]["added"], 1);
    assert_eq!(doc["summary"]["removed"], 1);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempdir("usage");
    let good = dir.join("good.jsonl");
    std::fs::write(
        &good,
        "{\"path\": \"a.txt\", \"entities\": [], \"roles\": []}\n",
    )
    .unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"path\": \"a.txt\"}\nnot json\n").unwrap();
    let foreign = dir.join("foreign.jsonl");
    std::fs::write(&foreign, "{\"name\": \"x\"}\n").unwrap();
    for (args, msg) in [
        (vec!["diff", s(&good)], "required"),
        (vec!["diff", s(&good), "/nonexistent/x.jsonl"], "x.jsonl"),
        (vec!["diff", s(&good), s(&bad)], "bad.jsonl:2: invalid JSON"),
        (vec!["diff", s(&foreign), s(&good)], "no \"path\" or \"id\""),
        (vec!["diff", "--bogus", s(&good), s(&good)], "--bogus"),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{args:?}: {err}");
    }
}
