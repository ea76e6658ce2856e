// The release the project started from comes out exactly right: people, titles,
// organizations, places, dates with values, and its four roles, as in its gold file. Reads
// ../shared/seed when present (it is not ours to publish) and skips with a message otherwise.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

#[test]
fn seed_release_matches_gold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed");
    let txt = dir.join("changchun-krasnoyarsk.txt");
    let gold = dir.join("changchun-krasnoyarsk.json");
    if !txt.exists() || !gold.exists() {
        println!("skipped: {} not present", txt.display());
        return;
    }
    let text = std::fs::read_to_string(&txt).unwrap();
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(&gold).unwrap()).unwrap();
    let a = press_ner::Extractor::new().extract(&text, None);

    // every mention's text is the article slice at its offsets
    for e in &a.entities {
        for m in &e.mentions {
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }
    let core = ["person", "title", "organization", "place", "date"];
    let want: BTreeSet<(String, String, Option<String>)> = gold["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| core.contains(&e["type"].as_str().unwrap()))
        .map(|e| {
            (
                e["type"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().to_string(),
                e["value"].as_str().map(str::to_string),
            )
        })
        .collect();
    let got: BTreeSet<(String, String, Option<String>)> = a
        .entities
        .iter()
        .filter(|e| core.contains(&e.kind))
        .flat_map(|e| {
            e.mentions
                .iter()
                .map(move |m| (e.kind.to_string(), m.text.clone(), e.value.clone()))
        })
        .collect();
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra:#?}"
    );

    let name_of = |id: &Option<String>| -> Option<String> {
        let id = id.as_ref()?;
        a.entities
            .iter()
            .find(|e| &e.id == id)
            .map(|e| e.name.clone())
    };
    let want_roles: BTreeSet<(String, Option<String>, Option<String>)> = gold["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["person"].as_str().unwrap().to_string(),
                r["title"].as_str().map(str::to_string),
                r["organization"].as_str().map(str::to_string),
            )
        })
        .collect();
    let got_roles: BTreeSet<(String, Option<String>, Option<String>)> = a
        .roles
        .iter()
        .map(|r| {
            (
                name_of(&Some(r.person.clone())).unwrap(),
                name_of(&r.title),
                name_of(&r.organization),
            )
        })
        .collect();
    assert_eq!(got_roles, want_roles);
    assert_eq!(
        a.published.map(|d| d.to_string()).as_deref(),
        Some("2024-05-10")
    );
}
