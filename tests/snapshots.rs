// Snapshot tests over fixtures/articles/*.txt: one readable summary per article (header,
// entities with their mentions, roles by name), so a change in a rule or a dictionary shows
// up as a readable diff. One article is also pinned in the full wire format.
//
// Review new snapshots with `cargo insta review`; on CI (CI=true) snapshots are never written.

use std::fmt::Write;
use std::sync::LazyLock;

use press_ner::{Analysis, Extractor};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fn summary(text: &str, a: &Analysis) -> String {
    let mut s = String::new();
    writeln!(s, "title:     {}", a.headline.as_deref().unwrap_or("-")).unwrap();
    writeln!(
        s,
        "published: {}",
        a.published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into())
    )
    .unwrap();
    writeln!(s, "issuer:    {}", a.issuer.as_deref().unwrap_or("-")).unwrap();
    for kind in ["person", "title", "organization", "place", "date", "event"] {
        let ents: Vec<_> = a.entities.iter().filter(|e| e.kind == kind).collect();
        if ents.is_empty() {
            continue;
        }
        writeln!(s, "\n{kind}:").unwrap();
        for e in ents {
            let mut texts: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
            texts.dedup();
            let value = e
                .value
                .as_deref()
                .map(|v| format!(" = {v}"))
                .unwrap_or_default();
            let forms = if texts.len() == 1 && texts[0] == e.name {
                String::new()
            } else {
                format!("  as {texts:?}")
            };
            writeln!(s, "  {}{value}  x{}{forms}", e.name, e.mentions.len()).unwrap();
            for m in &e.mentions {
                assert_eq!(&text[m.start..m.end], m.text, "byte offsets of {m:?}");
                assert_eq!(
                    text.chars()
                        .skip(m.char_start)
                        .take(m.char_end - m.char_start)
                        .collect::<String>(),
                    m.text,
                    "char offsets of {m:?}"
                );
            }
        }
    }
    let name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| a.entities.iter().find(|e| &e.id == id))
            .map_or("-".to_string(), |e| e.name.clone())
    };
    if !a.roles.is_empty() {
        writeln!(s, "\nroles:").unwrap();
        for r in &a.roles {
            writeln!(
                s,
                "  {} | {} | {}",
                name(&Some(r.person.clone())),
                name(&r.title),
                name(&r.organization)
            )
            .unwrap();
        }
    }
    s
}

#[test]
fn fixture_articles() {
    insta::glob!("../fixtures", "articles/*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let a = EXTRACTOR.extract(&text, None);
        insta::assert_snapshot!(summary(&text, &a));
    });
}

#[test]
fn wire_format_of_one_article() {
    let root = env!("CARGO_MANIFEST_DIR");
    let path = format!("{root}/fixtures/articles/02-mfa-dg-meets-kazakh-ambassador.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let a = EXTRACTOR.extract(&text, None);
    let src = press_ner::output::Source::Path(
        "fixtures/articles/02-mfa-dg-meets-kazakh-ambassador.txt".into(),
    );
    let rec = press_ner::output::record(
        &src,
        &a,
        press_ner::output::Style {
            pretty: true,
            explain: false,
        },
    );
    insta::assert_snapshot!(rec);
}
