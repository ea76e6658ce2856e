//! Recognizers: one file per entity kind, each turning an article [`View`] into candidate
//! spans ([`Cand`]) with a stable rule id.
//!
//! Order matters and is fixed in `extract.rs`: dates and gazetteer hits first, then
//! organizations (which may swallow places: "Foreign Affairs Office of Krasnoyarsk"), titles,
//! persons (triggered by titles, honorifics, appositions, speech verbs and name lists), and
//! last the within-article links (repeated names, surnames, acronyms).

pub mod dates;
pub mod organizations;
pub mod persons;
pub mod titles;

use crate::gazetteer::{EntryType, Gazetteer, Hit};
use crate::text::{is_cap, TokKind, Token};

/// Entity kinds as output, plus `Demonym`, which is internal only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Person,
    Title,
    Organization,
    Place,
    Date,
    Event,
    Demonym,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Title => "title",
            Kind::Organization => "organization",
            Kind::Place => "place",
            Kind::Date => "date",
            Kind::Event => "event",
            Kind::Demonym => "demonym",
        }
    }

    pub fn from_entry(t: EntryType) -> Kind {
        match t {
            EntryType::Person => Kind::Person,
            EntryType::Title => Kind::Title,
            EntryType::Organization => Kind::Organization,
            EntryType::Place => Kind::Place,
            EntryType::Event => Kind::Event,
            EntryType::Demonym => Kind::Demonym,
        }
    }

    /// Type priority when two candidates cover exactly the same span (lower wins). Documented
    /// in the README: date > organization > person > title > place > event > demonym.
    pub fn priority(self) -> u8 {
        match self {
            Kind::Date => 0,
            Kind::Organization => 1,
            Kind::Person => 2,
            Kind::Title => 3,
            Kind::Place => 4,
            Kind::Event => 5,
            Kind::Demonym => 6,
        }
    }
}

/// A filter in front of a word list on the first byte, the length and the last byte of its
/// words: per first byte, 64 bits, one set for each entry's (length, last byte) pair (pairs
/// share bits). A word whose first byte has no entry with its pair's bit is in no list,
/// which answers most words asked about without hashing them (the last byte tells apart
/// many capitalized words of one first letter and length, which the length alone did not).
pub(crate) struct ShapeFilter([u64; 256]);

impl ShapeFilter {
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> ShapeFilter {
        let mut f = ShapeFilter([0; 256]);
        for w in words {
            if let (Some(&c), Some(&last)) = (w.as_bytes().first(), w.as_bytes().last()) {
                f.0[usize::from(c)] |= Self::shape_bit(w.len(), last);
            }
        }
        f
    }

    /// False when no entry has `w`'s first byte and (length, last byte) bit (an empty word
    /// may be listed).
    #[inline]
    pub(crate) fn may_hold(&self, w: &str) -> bool {
        match (w.as_bytes().first(), w.as_bytes().last()) {
            (Some(&c), Some(&last)) => self.0[usize::from(c)] & Self::shape_bit(w.len(), last) != 0,
            _ => true,
        }
    }

    /// One of 64 bits from a word's length and last byte (equal words, equal bits).
    #[inline]
    fn shape_bit(len: usize, last: u8) -> u64 {
        let h = (len as u64).wrapping_mul(0x9E37_79B9) ^ u64::from(last).wrapping_mul(0x85EB_CA6B);
        1 << (h >> 7 & 63)
    }
}

/// A candidate mention: byte span, kind, and what the rule knows about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Canonical name from a dictionary, when it differs from the surface.
    pub canonical: Option<String>,
    /// Normalized value (dates).
    pub value: Option<String>,
    pub rule: &'static str,
}

impl Cand {
    pub fn new(start: usize, end: usize, kind: Kind, rule: &'static str) -> Cand {
        Cand {
            start,
            end,
            kind,
            canonical: None,
            value: None,
            rule,
        }
    }

    pub fn overlaps(&self, s: usize, e: usize) -> bool {
        self.start < e && s < self.end
    }
}

/// Everything a recognizer may look at for one article.
pub struct View<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub gaz: &'a Gazetteer,
    /// Flat (non-overlapping, leftmost-longest) gazetteer hits outside page furniture.
    pub hits: Vec<Hit>,
    /// Lower-cased forms of words that occur in lower case somewhere in the article: a
    /// capitalized word that also occurs in lower case is an ordinary word, not a name.
    pub lower_words: LowerWords<'a>,
}

/// The words of an article that start with a lower-case letter, as a set to ask whether a
/// word occurs among them. It is built for every article (a few hundred words) and asked a
/// few dozen times, so building is what must be cheap: an open-addressing table of (hash,
/// token index) packed in a `u64`, at most half full, the text compared only on equal hashes.
/// (A general hash set of the words cost about a tenth of the whole extraction.)
pub struct LowerWords<'a> {
    text: &'a str,
    toks: &'a [Token],
    /// The high 32 bits of a word's hash and the index of its token + 1 (a token is 24
    /// bytes, so no article that fits in memory has 2^32 of them); 0 marks an empty slot.
    slots: Vec<u64>,
}

impl<'a> LowerWords<'a> {
    pub fn new(text: &'a str, toks: &'a [Token]) -> LowerWords<'a> {
        let bytes = text.as_bytes();
        // At most half full: there are fewer distinct words than tokens.
        let n = (2 * toks.len()).max(2).next_power_of_two();
        let mut slots = vec![0u64; n];
        let mask = n - 1;
        // The commonest words are well over a third of all lower-case words: each goes into
        // the table once, remembered in a bit, since a comparison costs less than a probe.
        let mut common_seen = 0u32;
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokKind::Word {
                continue;
            }
            // bytes, not `&str`: slicing a `str` checks both ends for char boundaries
            let w = &bytes[t.start..t.end];
            let lower = match w[0] {
                b if b.is_ascii() => b.is_ascii_lowercase(),
                _ => text[t.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase),
            };
            if !lower {
                continue;
            }
            let common = common_word_bit(w);
            if common & common_seen != 0 {
                continue;
            }
            common_seen |= common;
            let h = word_hash(w);
            let index = u32::try_from(i + 1).expect("fewer than 2^32 tokens");
            let mut k = h as usize & mask;
            loop {
                let slot = slots[k];
                if slot == 0 {
                    slots[k] = (h & !0xFFFF_FFFF) | u64::from(index);
                    break;
                }
                if slot >> 32 == h >> 32 && LowerWords::word(bytes, toks, slot) == w {
                    break; // already in
                }
                k = (k + 1) & mask;
            }
        }
        LowerWords { text, toks, slots }
    }

    /// The bytes of the word a slot holds.
    fn word<'t>(bytes: &'t [u8], toks: &[Token], slot: u64) -> &'t [u8] {
        let t = &toks[(slot as u32 - 1) as usize];
        &bytes[t.start..t.end]
    }

    /// `w` occurs in the article as a word that starts with a lower-case letter.
    pub fn contains(&self, w: &str) -> bool {
        let mask = self.slots.len() - 1;
        let w = w.as_bytes();
        let h = word_hash(w);
        let mut k = h as usize & mask;
        loop {
            let slot = self.slots[k];
            if slot == 0 {
                return false;
            }
            if slot >> 32 == h >> 32 && LowerWords::word(self.text.as_bytes(), self.toks, slot) == w
            {
                return true;
            }
            k = (k + 1) & mask;
        }
    }
}

fn word_hash(w: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::gazetteer::FastHasher::default();
    h.write(w);
    h.finish()
}

/// A bit for each of the twenty commonest lower-case words of English prose, else 0.
fn common_word_bit(w: &[u8]) -> u32 {
    match w {
        b"the" => 1,
        b"of" => 1 << 1,
        b"and" => 1 << 2,
        b"to" => 1 << 3,
        b"in" => 1 << 4,
        b"a" => 1 << 5,
        b"with" => 1 << 6,
        b"on" => 1 << 7,
        b"for" => 1 << 8,
        b"that" => 1 << 9,
        b"is" => 1 << 10,
        b"will" => 1 << 11,
        b"as" => 1 << 12,
        b"at" => 1 << 13,
        b"by" => 1 << 14,
        b"said" => 1 << 15,
        b"has" => 1 << 16,
        b"have" => 1 << 17,
        b"its" => 1 << 18,
        b"an" => 1 << 19,
        _ => 0,
    }
}

impl<'a> View<'a> {
    pub fn tok(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }

    /// Index of the token starting at byte `b`, if any.
    pub fn tok_starting(&self, b: usize) -> Option<usize> {
        self.toks.binary_search_by(|t| t.start.cmp(&b)).ok()
    }

    /// Index of the first token starting at or after byte `b`.
    pub fn tok_from(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.start < b)
    }

    /// Index of the token ending at byte `b`, if any.
    pub fn tok_ending(&self, b: usize) -> Option<usize> {
        let k = self.toks.partition_point(|t| t.end < b);
        (k < self.toks.len() && self.toks[k].end == b).then_some(k)
    }

    /// The gazetteer hit starting at token `i`, if any.
    pub fn hit_at(&self, i: usize) -> Option<&Hit> {
        let b = self.toks.get(i)?.start;
        let k = self.hits.partition_point(|h| h.start < b);
        self.hits.get(k).filter(|h| h.start == b)
    }

    pub fn hit_kind(&self, h: &Hit) -> Kind {
        Kind::from_entry(self.gaz.entry(h.entry).kind)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Word)
    }

    pub fn is_cap_word(&self, i: usize) -> bool {
        self.is_word(i) && is_cap(self.tok(i))
    }

    /// Text between two byte offsets is only spaces/tabs (no line break).
    pub fn gap_is_space(&self, a: usize, b: usize) -> bool {
        a <= b
            && self.text[a..b]
                .chars()
                .all(|c| c == ' ' || c == '\t' || c == '\u{a0}')
    }

    /// A capitalized word at a sentence start that is also used in lower case in the article,
    /// or is a function word: an ordinary word, not part of a name.
    pub fn is_common_word(&self, i: usize) -> bool {
        with_lower(self.tok(i), |lower| {
            FUNCTION_WORDS.binary_search(&lower).is_ok()
                || (self.toks[i].sent_start && self.lower_words.contains(lower))
        })
    }
}

/// Calls `f` with `w.to_lowercase()`, without allocating for the usual short ASCII word
/// (for ASCII text, Unicode lower-casing is ASCII lower-casing).
#[inline]
pub(crate) fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 48];
    if w.len() <= buf.len() && w.is_ascii() {
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        f(std::str::from_utf8(b).expect("ASCII is UTF-8"))
    } else {
        f(&w.to_lowercase())
    }
}

/// Capitalized forms of these (function words and sentence adverbs) never start or end a name
/// or an organization.
pub const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "additionally",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "among",
    "an",
    "and",
    "any",
    "as",
    "at",
    "because",
    "before",
    "besides",
    "between",
    "both",
    "but",
    "by",
    "currently",
    "during",
    "each",
    "earlier",
    "either",
    "every",
    "finally",
    "following",
    "for",
    "from",
    "furthermore",
    "he",
    "her",
    "here",
    "his",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "into",
    "it",
    "its",
    "lastly",
    "later",
    "likewise",
    "meanwhile",
    "moreover",
    "my",
    "neither",
    "nevertheless",
    "next",
    "no",
    "nonetheless",
    "not",
    "now",
    "of",
    "on",
    "or",
    "otherwise",
    "our",
    "over",
    "overall",
    "previously",
    "recently",
    "secondly",
    "she",
    "similarly",
    "since",
    "so",
    "some",
    "still",
    "subsequently",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "thereafter",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "today",
    "together",
    "tomorrow",
    "under",
    "upon",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "with",
    "within",
    "without",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Month and weekday names: never part of a name.
pub const CALENDAR_WORDS: &[&str] = &[
    "April",
    "August",
    "December",
    "February",
    "Friday",
    "January",
    "July",
    "June",
    "March",
    "May",
    "Monday",
    "November",
    "October",
    "Saturday",
    "September",
    "Sunday",
    "Thursday",
    "Tuesday",
    "Wednesday",
];

#[cfg(test)]
mod tests {
    use super::LowerWords;
    use crate::testutil::XorShift;
    use crate::text::{tokenize, TokKind};
    use std::collections::HashSet;

    #[test]
    fn lower_words_answer_as_a_set_of_the_words() {
        // words that repeat, differ in case or by one letter, the commonest words (which go in
        // once), non-ASCII lower- and upper-case letters, and punctuation between them
        let pieces = [
            "the",
            "The",
            "of",
            "said",
            "Said",
            "minister",
            "Minister",
            "ministers",
            "état",
            "État",
            "łódź",
            "Ørsted",
            "and",
            "an",
            "a",
            "I",
            "x",
            "xy",
            "acting",
            "deputy",
            "Deputy",
            "director-general",
            "O'Brien",
            "people's",
            "2024",
            "e-mail",
            ",",
            ".",
        ];
        let mut rng = XorShift::new(0x5eed);
        for _ in 0..2_000 {
            let n = rng.below(40);
            let text: Vec<&str> = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
            let text = text.join(" ");
            let toks = tokenize(&text);
            let set = LowerWords::new(&text, &toks);
            let expected: HashSet<&str> = toks
                .iter()
                .filter(|t| t.kind == TokKind::Word)
                .map(|t| t.text(&text))
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                .collect();
            for w in pieces.iter().copied().chain(expected.iter().copied()) {
                assert_eq!(set.contains(w), expected.contains(w), "{w:?} in {text:?}");
            }
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        let mut f = super::FUNCTION_WORDS.to_vec();
        f.sort_unstable();
        assert_eq!(f, super::FUNCTION_WORDS);
        let mut c = super::CALENDAR_WORDS.to_vec();
        c.sort_unstable();
        assert_eq!(c, super::CALENDAR_WORDS);
    }
}
