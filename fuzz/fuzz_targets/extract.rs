//! Fuzz target: any bytes that decode as UTF-8 go through the whole extractor; the
//! invariants of the output are checked (no panic, exact offsets on char boundaries, flat
//! mentions, roles pointing at existing entities).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use press_ner::Extractor;

static EX: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let a = EX.extract(text, None);
    let mut spans = Vec::new();
    for e in &a.entities {
        assert!(!e.mentions.is_empty());
        for m in &e.mentions {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            assert_eq!(&text[m.start..m.end], m.text);
            assert_eq!(text[..m.start].chars().count(), m.char_start);
            assert_eq!(text[..m.end].chars().count(), m.char_end);
            spans.push((m.start, m.end));
        }
    }
    spans.sort_unstable();
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlapping mentions");
    }
    for r in &a.roles {
        assert!(a.entities.iter().any(|e| e.id == r.person));
    }
});
