// Property tests (proptest) of the extractor and of input decoding on generated articles:
// headline, dateline and body made of a mixture of names, titles, organizations, places,
// dates, plain and capitalized words, unicode, punctuation and line breaks. For every one:
// no panic; every mention's `text` is the article's slice at its byte offsets and at its
// char offsets; an entity's mentions are sorted and no two mentions overlap; the output is
// identical across runs and extractors; and through `document::decode`, a UTF-8 byte-order
// mark or `--lossy` replacements keep the offsets exact against the original bytes.
//
// PROPTEST_CASES=N runs more (or fewer) cases than the default 256.

use std::sync::LazyLock;

use press_ner::document;
use press_ner::output::{self, Source, Style};
use press_ner::{Analysis, Extractor};
use proptest::prelude::*;

static EX: LazyLock<Extractor> = LazyLock::new(Extractor::new);

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "of", "and", "met", "with", "on", "in", "said", "talks", "delegation", "visit",
    "cooperation", "during", "at", "a", "new", "held", "press", "conference", "its",
];
#[rustfmt::skip]
const CAPS: &[&str] = &[
    "The", "Minister", "Mayor", "Vice", "Director", "Deputy", "General", "Office", "Ministry",
    "Foreign", "Affairs", "People's", "Republic", "City", "Government", "No.", "Middle",
    "School", "University", "Committee", "Council", "Bureau", "Department", "Municipal",
];
#[rustfmt::skip]
const NAMES: &[&str] = &[
    "Zhao Ming", "Li Wei", "Wang Hao", "Anna Sokolova", "Vera Kalinovska", "Lu Jie",
    "Geng Shuang", "John Smith", "Maria García", "Tatiana Sergeyevna Gorbunova", "Xi", "Li",
];
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "Vice Mayor", "Director", "Minister of Foreign Affairs", "Consul General", "Principal",
    "Deputy Director", "Ambassador", "Spokesperson", "President", "Secretary-General",
];
const ORGS: &[&str] = &[
    "Ministry of Foreign Affairs",
    "Harbin Municipal Foreign Affairs Office",
    "Foreign Affairs Office of Vladivostok",
    "Shanghai Cooperation Organization",
    "SCO",
    "United Nations",
    "UN",
    "Harbin No. 3 High School",
    "Ministry of Foreign Affairs of the People's Republic of China",
];
#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Beijing", "Harbin", "Russia", "Russian Federation", "Kazakhstan", "US", "Zürich",
    "Hong Kong", "Krasnoyarsk", "China",
];
#[rustfmt::skip]
const DATES: &[&str] = &[
    "May 8", "2024-05-10", "10 May 2024", "March 22, 2013", "May 8-10", "last week", "Tuesday",
    "2022-11-07 23:55", "05/10/2024", "the summer of 2019", "Q2 2024", "1990s",
    "January 7, 2014", "yesterday",
];
#[rustfmt::skip]
const UNICODE: &[&str] = &[
    "é", "中文", "代表团", "😀", "\u{A0}", "\u{200B}", "\u{FEFF}", "—", "«", "»", "Ж", "\u{301}", "ﬁ",
    "İ", "ß",
];
#[rustfmt::skip]
const PUNCT: &[&str] = &[
   
    ",", ".", ";", ":", "(", ")", "\"", "'", "'s", "-", "/", "|", "?", "!", "\n", "\r\n", "\n\n",
    "\t", "  ",
];

/// Invalid UTF-8 to insert: lone bytes, truncated sequences, stray continuations, a
/// surrogate.
const JUNK: &[&[u8]] = &[
    b"\xff",
    b"\xe9",
    b"\xe2\x82",
    b"\xc3",
    b"\xf0\x9f\x98",
    b"\x80\x80",
    b"\xed\xa0\x80",
];

fn pick(list: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(list).prop_map(str::to_string).boxed()
}

/// One piece of text: mostly words and entities, sometimes anything at all.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => pick(WORDS),
        4 => pick(CAPS),
        3 => pick(NAMES),
        2 => pick(TITLES),
        2 => pick(ORGS),
        2 => pick(PLACES),
        3 => pick(DATES),
        1 => pick(UNICODE),
        3 => pick(PUNCT),
        1 => "[A-Z][a-z]{0,10}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            piece(),
            prop::sample::select(&[" ", " ", " ", "", "\n"][..]),
        ),
        0..max,
    )
    .prop_map(|v| v.into_iter().map(|(p, sep)| p + sep).collect())
}

/// An article: headline, dateline/source line, blank line, body.
fn article() -> impl Strategy<Value = String> {
    (
        words(12),
        prop::option::of((pick(DATES), pick(ORGS))),
        words(120),
    )
        .prop_map(|(head, dateline, body)| {
            let dateline = dateline.map_or(String::new(), |(d, o)| format!("{d} | {o}"));
            format!("{head}\n{dateline}\n\n{body}")
        })
}

/// Asserts the offset contract on an analysis of `text`; returns all (start, end) spans.
fn check_offsets(text: &str, a: &Analysis) -> Result<Vec<(usize, usize)>, TestCaseError> {
    let mut spans = Vec::new();
    for e in &a.entities {
        prop_assert!(!e.mentions.is_empty());
        for w in e.mentions.windows(2) {
            prop_assert!(w[0].start < w[1].start, "mentions of {} not sorted", e.id);
        }
        for m in &e.mentions {
            prop_assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
            let chars: String = text
                .chars()
                .skip(m.char_start)
                .take(m.char_end - m.char_start)
                .collect();
            prop_assert_eq!(&chars, &m.text);
            prop_assert_eq!(text[..m.start].chars().count(), m.char_start);
            spans.push((m.start, m.end));
        }
    }
    spans.sort_unstable();
    for w in spans.windows(2) {
        prop_assert!(
            w[0].1 <= w[1].0,
            "overlapping mentions {:?} {:?}",
            w[0],
            w[1]
        );
    }
    Ok(spans)
}

fn json(a: &Analysis) -> String {
    output::record(&Source::Path("a.txt".into()), a, Style::default())
}

proptest! {
    #[test]
    fn mentions_are_exact_sorted_flat_and_deterministic(text in article()) {
        let a = EX.extract(&text, None);
        check_offsets(&text, &a)?;
        for r in &a.roles {
            prop_assert!(a.entities.iter().any(|e| e.id == r.person));
        }
        // identical across runs, and for another extractor
        let again = EX.extract(&text, None);
        prop_assert_eq!(&again, &a);
        prop_assert_eq!(json(&again), json(&a));
        static OTHER: LazyLock<Extractor> = LazyLock::new(Extractor::new);
        prop_assert_eq!(&OTHER.extract(&text, None), &a);
    }

    #[test]
    fn a_byte_order_mark_shifts_offsets_exactly(text in article()) {
        prop_assume!(!text.trim().is_empty() && !text.contains('\0'));
        prop_assume!(!text.starts_with('\u{FEFF}'));
        let plain = document::decode(text.clone().into_bytes(), "a", false).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        let bom = document::decode(bytes.clone(), "a", false).unwrap();
        prop_assert_eq!(&bom.text, &text, "the mark is not in the text");
        let mut a = EX.extract(&plain.text, None);
        plain.remap(&mut a);
        let mut b = EX.extract(&bom.text, None);
        bom.remap(&mut b);
        prop_assert_eq!(&a.headline, &b.headline);
        prop_assert_eq!(a.entities.len(), b.entities.len());
        for (ea, eb) in a.entities.iter().zip(&b.entities) {
            prop_assert_eq!(&ea.id, &eb.id);
            for (ma, mb) in ea.mentions.iter().zip(&eb.mentions) {
                prop_assert_eq!(
                    (ma.start + 3, ma.end + 3, ma.char_start + 1, ma.char_end + 1),
                    (mb.start, mb.end, mb.char_start, mb.char_end)
                );
                prop_assert_eq!(&bytes[mb.start..mb.end], mb.text.as_bytes());
            }
        }
    }

    #[test]
    fn lossy_offsets_index_the_original_bytes(
        text in article(),
        junk in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(JUNK)),
            1..6,
        ),
    ) {
        // invalid bytes inserted at char boundaries of a valid article
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut at: Vec<(usize, &[u8])> =
            junk.iter().map(|(i, b)| (bounds[i.index(bounds.len())], *b)).collect();
        at.sort_by_key(|&(i, _)| i);
        let mut bytes = Vec::new();
        let mut last = 0;
        for (i, b) in at {
            bytes.extend_from_slice(&text.as_bytes()[last..i]);
            bytes.extend_from_slice(b);
            last = i;
        }
        bytes.extend_from_slice(&text.as_bytes()[last..]);
        prop_assume!(!bytes.starts_with(b"\xff\xfe") && !bytes.contains(&0));
        let Ok(d) = document::decode(bytes.clone(), "a", true) else {
            // only an article of whitespace may be refused
            prop_assert!(text.trim().is_empty());
            return Ok(());
        };
        prop_assert!(d.replaced_bytes > 0);
        // char offsets index the bytes decoded with replacements, a leading mark included
        let full = String::from_utf8_lossy(&bytes);
        prop_assert_eq!(d.text.as_str(), full.strip_prefix('\u{FEFF}').unwrap_or(&full));
        let mut a = EX.extract(&d.text, None);
        check_offsets(&d.text, &a)?;
        d.remap(&mut a);
        let decoded: Vec<char> = full.chars().collect();
        for e in &a.entities {
            for m in &e.mentions {
                prop_assert_eq!(String::from_utf8_lossy(&bytes[m.start..m.end]), m.text.as_str());
                if !m.text.contains('\u{FFFD}') {
                    prop_assert_eq!(&bytes[m.start..m.end], m.text.as_bytes());
                }
                let chars: String = decoded[m.char_start..m.char_end].iter().collect();
                prop_assert_eq!(&chars, &m.text);
            }
        }
    }
}
