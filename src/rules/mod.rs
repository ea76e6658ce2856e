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
use crate::text::{is_cap, TokKind, Token, WordSink};
use std::cell::{Cell, OnceCell};

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

pub(crate) use crate::gazetteer::ShapeFilter;

/// A candidate mention: byte span, kind, and what the rule knows about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Canonical name from a dictionary, when it differs from the surface. (Boxed strings,
    /// not `String`s: a candidate is 72 bytes instead of 88, and the stages move every one
    /// several times; 0.5M instructions on the 330-article sample.)
    pub canonical: Option<Box<str>>,
    /// Normalized value (dates).
    pub value: Option<Box<str>>,
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
/// word occurs among them. An article asks about a dozen times, mostly about names its
/// words do not hold in lower case, so building an exact table of its words (about 50
/// instructions per token) costs far more than the questions. What is built instead is a
/// filter: one bit per hash of each token's bytes, set for every token without looking at
/// it further (no branch per token), so "no" is answered at once; a "maybe" is checked by
/// searching the text for the word (`memmem`) and looking for a word token there. Only an
/// article that needs more than [`SEARCHES`] searches gets the exact table, built then, so
/// the work stays linear in the article whatever it asks. (On the sample, 4,600 questions,
/// 280 searches: building 10.4M -> 3.5M instructions, asking 0.3M -> 0.8M. Measured and
/// dropped: building the table on the first question, as nearly every article asks; and
/// searches alone, with or without a memo of the answers, 5.3-8.8M for the questions.)
pub struct LowerWords<'a> {
    text: &'a str,
    toks: &'a [Token],
    /// One bit per hash of every token's bytes (see [`word_hash`]), or of every word
    /// token's (from a [`WordFilter`]).
    bits: Box<[u64; FILTER_WORDS]>,
    /// Searches of the text made so far.
    searches: Cell<usize>,
    table: OnceCell<Table>,
}

/// Searches of the text before the exact table is built: a search reads the text at a
/// fraction of an instruction per byte, building the table costs about 50 per token.
const SEARCHES: usize = 32;

/// The filter's size in bits, as a power of two. An article of a few hundred tokens (a few
/// hundred distinct ones) sets about one bit in fifty, so that a word that is not there
/// passes the filter about one time in fifty; a long article just searches more often, up
/// to [`SEARCHES`] times.
const FILTER_BITS_LOG2: u32 = 14;
const FILTER_WORDS: usize = (1 << FILTER_BITS_LOG2) / 64;

/// The bytes of `x` (the first eight bytes of a word of `len` bytes, little-endian, maybe
/// followed by others) that the filter hashes: the word's, up to eight. The mask comes
/// from a table by `len % 16`, a load instead of a clamp and two shifts: so a word of 17 to
/// 23 bytes (rare) keeps only its first one to seven, a filter only, the same when built
/// and when asked.
#[inline(always)]
fn keep_head(x: u64, len: usize) -> u64 {
    const KEEP: [u64; 16] = {
        let mut t = [u64::MAX; 16];
        let mut n = 1;
        while n < 8 {
            t[n] = u64::MAX >> (64 - 8 * n);
            n += 1;
        }
        t
    };
    x & KEEP[len % 16]
}

/// The filter bit of a word from its first eight bytes, zero-padded, and its length.
#[inline(always)]
fn word_hash(head: u64, len: usize) -> usize {
    ((head ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS_LOG2)) as usize
}

/// The filter of [`LowerWords`] with the bits of the word tokens, filled by the tokenizer
/// as it makes them ([`crate::text::tokenize_with`]), for [`LowerWords::with_filter`]: the
/// tokens are not read again. On the sample, `tokenize` and `LowerWords::new` took 9.10M +
/// 3.10M instructions, `tokenize_with` 11.59M. (The 48K D1 read misses of `new` were the
/// tokens read back after the date and gazetteer searches evicted them: they move to the
/// next stage that reads the tokens, `organizations::pass_over`; the total stays the same.)
pub struct WordFilter(Box<[u64; FILTER_WORDS]>);

impl WordFilter {
    pub fn new() -> WordFilter {
        WordFilter(
            vec![0u64; FILTER_WORDS]
                .into_boxed_slice()
                .try_into()
                .expect("FILTER_WORDS words"),
        )
    }
}

impl Default for WordFilter {
    fn default() -> Self {
        WordFilter::new()
    }
}

impl WordSink for WordFilter {
    #[inline(always)]
    fn word(&mut self, head: u64, len: usize) {
        let h = word_hash(keep_head(head, len), len);
        self.0[h / 64] |= 1 << (h % 64);
    }
}

impl<'a> LowerWords<'a> {
    /// The set of the words of `toks`, with `filter` filled from the same tokens.
    pub fn with_filter(text: &'a str, toks: &'a [Token], filter: WordFilter) -> LowerWords<'a> {
        LowerWords {
            text,
            toks,
            bits: filter.0,
            searches: Cell::new(0),
            table: OnceCell::new(),
        }
    }

    pub fn new(text: &'a str, toks: &'a [Token]) -> LowerWords<'a> {
        let bytes = text.as_bytes();
        let mut bits: Box<[u64; FILTER_WORDS]> = vec![0u64; FILTER_WORDS]
            .into_boxed_slice()
            .try_into()
            .expect("FILTER_WORDS words");
        match bytes.len().checked_sub(8) {
            // Each token's first eight bytes from one load of the eight bytes at its start,
            // or, for the last few tokens (found from the end), at the last eight bytes of
            // the text with the bytes before the token shifted out: no bounds check fails,
            // no branch. (`new` on the sample: a clamp and a shift for every token, 3.55M
            // instructions; the split loops, 3.41M; four tokens a step, 3.10M.)
            Some(last) => {
                let split = toks.len() - toks.iter().rev().take_while(|t| t.start > last).count();
                let (most, end) = toks.split_at(split);
                let mut set = |t: &Token| {
                    let c = bytes[t.start..].first_chunk::<8>().expect("eight bytes");
                    let x = u64::from_le_bytes(*c);
                    let h = word_hash(keep_head(x, t.end - t.start), t.end - t.start);
                    bits[h / 64] |= 1 << (h % 64);
                };
                // (four a step: a quarter of the loop's own steps, 2 of ~22 a token)
                let mut quads = most.chunks_exact(4);
                for q in &mut quads {
                    set(&q[0]);
                    set(&q[1]);
                    set(&q[2]);
                    set(&q[3]);
                }
                quads.remainder().iter().for_each(&mut set);
                let c = bytes[last..].first_chunk::<8>().expect("eight bytes");
                for t in end {
                    let x = u64::from_le_bytes(*c) >> (8 * (t.start - last));
                    let h = word_hash(keep_head(x, t.end - t.start), t.end - t.start);
                    bits[h / 64] |= 1 << (h % 64);
                }
            }
            None => {
                for t in toks {
                    let len = t.end - t.start;
                    let h = word_hash(keep_head(head8(&bytes[t.start..t.end]), len), len);
                    bits[h / 64] |= 1 << (h % 64);
                }
            }
        }
        LowerWords {
            text,
            toks,
            bits,
            searches: Cell::new(0),
            table: OnceCell::new(),
        }
    }

    /// `w` occurs in the article as a word that starts with a lower-case letter.
    pub fn contains(&self, w: &str) -> bool {
        let lower = match w.as_bytes().first() {
            None => return false,
            Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
            _ => w.chars().next().is_some_and(char::is_lowercase),
        };
        // (only a word that starts in lower case can equal one that does)
        if !lower {
            return false;
        }
        let w = w.as_bytes();
        let h = word_hash(keep_head(head8(w), w.len()), w.len());
        self.bits[h / 64] & 1 << (h % 64) != 0 && self.look_for(w)
    }

    /// `w` (which starts with a lower-case letter) is a word token of the article.
    #[inline(never)]
    fn look_for(&self, w: &[u8]) -> bool {
        let bytes = self.text.as_bytes();
        let n = self.searches.get();
        if n >= SEARCHES {
            let table = self.table.get_or_init(|| Table::new(self.text, self.toks));
            return table.contains(bytes, self.toks, w);
        }
        self.searches.set(n + 1);
        memchr::memmem::find_iter(bytes, w).any(|p| {
            // A word token neither starts right after an ASCII letter or digit nor ends
            // right before one (the tokenizer takes those into the word): most matches
            // inside longer words are ruled out without looking for their token.
            let end = p + w.len();
            let alnum = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_alphanumeric);
            let inside = (p > 0 && alnum(p - 1)) || alnum(end);
            !inside
                && self
                    .toks
                    .binary_search_by(|t| t.start.cmp(&p))
                    .is_ok_and(|k| self.toks[k].end == end && self.toks[k].kind == TokKind::Word)
        })
    }

    #[cfg(test)]
    fn table(&self) -> &Table {
        self.table.get_or_init(|| Table::new(self.text, self.toks))
    }
}

/// The set itself: an open-addressing table, at most half full, of one integer per slot (see
/// [`key`]): a word of up to seven bytes (most) is its own key, read straight from the text,
/// and compared as one integer. (A general hash set of the words cost about a tenth of the
/// whole extraction.)
struct Table {
    /// Per slot, the key of a word, or 0 for an empty slot.
    slots: Vec<u64>,
    /// Slots in use.
    filled: usize,
}

/// Top bit of the key of a word of eight bytes or more.
const LONG: u64 = 1 << 63;

/// The key of word `w` (of token `index`), whose first eight bytes, zero-padded, are `head`.
/// Up to seven bytes, the word's bytes with its length in the top byte: equal keys, equal
/// words. From eight bytes, [`LONG`], the length (capped at 2^31 - 1: a filter only) and
/// the index of the token + 1, which leads to the word itself to compare. A token is 24
/// bytes, so no article that fits in memory has 2^32 of them. Either way, never 0.
#[inline(always)]
fn key(head: u64, len: usize, index: u32) -> u64 {
    if len < 8 {
        head | (len as u64) << 56
    } else {
        LONG | (len.min(0x7fff_ffff) as u64) << 32 | u64::from(index)
    }
}

/// Slot `s` (not empty) holds `w`, whose key is `key` (up to the token index): the keys are
/// equal, or both long with equal lengths and the word of `s` is `w`.
#[inline(always)]
fn same_word(bytes: &[u8], toks: &[Token], s: u64, key: u64, w: &[u8]) -> bool {
    s == key || key & LONG != 0 && s >> 32 == key >> 32 && slot_word(bytes, toks, s) == w
}

impl Table {
    fn new(text: &str, toks: &[Token]) -> Table {
        let bytes = text.as_bytes();
        // As many slots as tokens: distinct lower-case words are about a third of the tokens
        // of prose, so the table seldom has to grow to stay at most half full, and it is half
        // the size (and the zeroing) of one sized for every token to be a distinct word.
        let mut set = Table {
            slots: vec![0; toks.len().max(2).next_power_of_two()],
            filled: 0,
        };
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokKind::Word {
                continue;
            }
            let lower = match bytes[t.start] {
                b if b.is_ascii() => b.is_ascii_lowercase(),
                _ => text[t.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase),
            };
            if !lower {
                continue;
            }
            let len = t.end - t.start;
            // the first eight bytes, from one load when eight bytes of text are there
            let head = match bytes.get(t.start..t.start + 8) {
                Some(c) if len < 8 => {
                    u64::from_le_bytes(c.try_into().expect("8 bytes"))
                        & (u64::MAX >> (64 - 8 * len))
                }
                Some(c) => u64::from_le_bytes(c.try_into().expect("8 bytes")),
                None => head8(&bytes[t.start..t.end]),
            };
            let w = &bytes[t.start..t.end];
            let index = u32::try_from(i + 1).expect("fewer than 2^32 tokens");
            let key = key(head, len, index);
            // (`find`, with the insertion in its loop: one test of the slot fewer)
            let mask = set.slots.len() - 1;
            let mut k = slot_of(head, w) & mask;
            loop {
                let s = set.slots[k];
                if s == 0 {
                    set.slots[k] = key;
                    set.filled += 1;
                    if 2 * set.filled > set.slots.len() {
                        set.grow(bytes, toks);
                    }
                    break;
                }
                if same_word(bytes, toks, s, key, w) {
                    break;
                }
                k = (k + 1) & mask;
            }
        }
        set
    }

    /// `w` is in the set (`bytes` and `toks` are those it was built from).
    fn contains(&self, bytes: &[u8], toks: &[Token], w: &[u8]) -> bool {
        let head = head8(w);
        // (the index is only ever compared through the word it leads to)
        self.slots[self.find(bytes, toks, head, key(head, w.len(), 0), w)] != 0
    }

    /// The slot that holds `w`, whose first eight bytes are `head` and key `key` (up to the
    /// token index), or else the empty slot where it would go.
    #[inline(always)]
    fn find(&self, bytes: &[u8], toks: &[Token], head: u64, key: u64, w: &[u8]) -> usize {
        let mask = self.slots.len() - 1;
        let mut k = slot_of(head, w) & mask;
        loop {
            let s = self.slots[k];
            if s == 0 || same_word(bytes, toks, s, key, w) {
                return k;
            }
            k = (k + 1) & mask;
        }
    }

    /// Doubles the table, to keep it at most half full.
    #[cold]
    fn grow(&mut self, bytes: &[u8], toks: &[Token]) {
        let bigger = vec![0; 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|&s| s != 0) {
            let short;
            let (head, w) = if s & LONG == 0 {
                let head = s & (u64::MAX >> 8);
                short = head.to_le_bytes();
                (head, &short[..(s >> 56) as usize])
            } else {
                let w = slot_word(bytes, toks, s);
                (head8(w), w)
            };
            let mut k = slot_of(head, w) & mask;
            while self.slots[k] != 0 {
                k = (k + 1) & mask;
            }
            self.slots[k] = s;
        }
    }
}

/// The first eight bytes of `w` as a little-endian `u64`, zero-padded. (Byte by byte: a
/// copy of a variable length is a call to `memcpy`, which costs more for a short word and
/// makes a loop around it keep its values on the stack.)
#[inline]
fn head8(w: &[u8]) -> u64 {
    w.iter()
        .take(8)
        .rev()
        .fold(0, |h, &b| h << 8 | u64::from(b))
}

/// The table position of a word from its first eight bytes (and, past eight bytes, the rest).
#[inline]
fn slot_of(head: u64, w: &[u8]) -> usize {
    let mut h = (head ^ w.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    if w.len() > 8 {
        use std::hash::Hasher;
        let mut rest = crate::gazetteer::FastHasher::default();
        rest.write(&w[8..]);
        h = (h ^ rest.finish()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    (h >> 32) as usize
}

/// The bytes of the word of eight bytes or more whose key a slot holds.
fn slot_word<'t>(bytes: &'t [u8], toks: &[Token], meta: u64) -> &'t [u8] {
    let t = &toks[(meta as u32 - 1) as usize];
    &bytes[t.start..t.end]
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
    if !w.is_ascii() {
        return f(&w.to_lowercase());
    }
    // An ASCII word is lower-cased in a buffer kept by the thread: a copy on the stack had to
    // be checked to be UTF-8 again (about 60 instructions a call; the person rules, which ask
    // most, 16.26M -> 15.96M instructions on the sample with their list sized at once).
    LOWER.with(|buf| {
        // (taken out while `f` runs: `f` may lower-case another word meanwhile)
        let mut b = buf.take();
        b.clear();
        b.push_str(w);
        b.make_ascii_lowercase();
        let r = f(&b);
        buf.set(b);
        r
    })
}

thread_local! {
    static LOWER: Cell<String> = const { Cell::new(String::new()) };
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
    use super::{with_lower, LowerWords, WordFilter};
    use crate::testutil::XorShift;
    use crate::text::{tokenize, tokenize_with, TokKind};
    use std::collections::HashSet;

    #[test]
    fn with_lower_answers_as_to_lowercase() {
        const PIECES: &[&str] = &[
            "a", "b", "s", "S", "A", "Z", "z", "q", "-", "'", "1", "Ö", "ß", "İ", "Σ", "ς", "K",
        ];
        let mut rng = XorShift::new(0x1234_5678_9ABC_DEF1);
        for i in 0..20_000 {
            let len = rng.below(if i % 10 == 0 { 70 } else { 12 } + 1);
            let w: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            let got = with_lower(&w, |lw| {
                // a nested call, as `f` may make one
                let inner = with_lower("AbC", str::to_string);
                assert_eq!(inner, "abc");
                lw.to_string()
            });
            assert_eq!(got, w.to_lowercase(), "{w:?}");
        }
    }

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
        // words in no text, some of them inside or around words of the texts
        let absent = [
            "zebra",
            "minis",
            "ministerial",
            "inister",
            "étatique",
            "mail",
            "brien",
        ];
        // glued by spaces, or by nothing and other bytes (words inside longer words)
        let glue = [" ", " ", " ", "", ",", "\n", "'", "-", "é"];
        let mut rng = XorShift::new(0x5eed);
        let (mut searched, mut tabled) = (0, 0);
        for _ in 0..4_000 {
            let n = rng.below(40);
            let mut text = String::new();
            for _ in 0..n {
                text.push_str(pieces[rng.below(pieces.len())]);
                text.push_str(glue[rng.below(glue.len())]);
            }
            let toks = tokenize(&text);
            let expected: HashSet<&str> = toks
                .iter()
                .filter(|t| t.kind == TokKind::Word)
                .map(|t| t.text(&text))
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                .collect();
            // built from the tokens, or with the filter the tokenizer fills
            let mut filter = WordFilter::new();
            let told = tokenize_with(&text, &mut filter);
            for set in [
                LowerWords::new(&text, &toks),
                LowerWords::with_filter(&text, &told, filter),
            ] {
                // (asked twice over: an article asks again about the same words, and a text
                // that holds many of them needs more than `SEARCHES` searches)
                for _ in 0..2 {
                    let asked = pieces.iter().chain(&absent).copied();
                    for w in asked.chain(expected.iter().copied()) {
                        assert_eq!(set.contains(w), expected.contains(w), "{w:?} in {text:?}");
                    }
                }
                searched += usize::from(set.searches.get() > 0);
                tabled += usize::from(set.table.get().is_some());
            }
        }
        // (so both the searches and the table answered)
        assert!(searched > 2_000 && tabled > 200, "{searched} {tabled}");
    }

    #[test]
    fn filter_has_the_bit_of_every_token() {
        // texts of 0 to ~150 bytes, so that tokens fall in the loop of four, its remainder
        // and the last eight bytes (and in the tokenizer's plain runs and its general loop,
        // possessives split off), compared with each token's bit made from its own bytes
        let pieces = [
            "ab",
            "c",
            " ",
            "é",
            ",",
            "Dd",
            "xyz12",
            "abcdefghijklmnopq",
            "'s",
            "defghijkl",
            "\n",
        ];
        let mut rng = XorShift::new(0xb175);
        for _ in 0..3_000 {
            let n = rng.below(40);
            let text: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
            let toks = tokenize(&text);
            let set = LowerWords::new(&text, &toks);
            let mut want = [0u64; super::FILTER_WORDS];
            let mut want_words = [0u64; super::FILTER_WORDS];
            for t in &toks {
                let w = &text.as_bytes()[t.start..t.end];
                let h = super::word_hash(super::keep_head(super::head8(w), w.len()), w.len());
                want[h / 64] |= 1 << (h % 64);
                if t.kind == TokKind::Word {
                    want_words[h / 64] |= 1 << (h % 64);
                }
            }
            assert_eq!(set.bits[..], want[..], "{text:?}");
            // the filter the tokenizer fills has the bits of the word tokens
            let mut filter = WordFilter::new();
            tokenize_with(&text, &mut filter);
            assert_eq!(filter.0[..], want_words[..], "{text:?}");
        }
    }

    #[test]
    fn lower_words_grow_past_half_the_tokens() {
        // all-distinct lower-case words, short and long, with hardly any repeats or
        // punctuation: more distinct words than half the tokens, so the table has to grow
        let mut rng = XorShift::new(0xfeed);
        for n in [1, 2, 3, 7, 40, 300, 2_000] {
            let words: Vec<String> = (0..n)
                .map(|_| {
                    let len = 1 + rng.below(20);
                    (0..len)
                        .map(|_| (b'a' + rng.below(3) as u8) as char)
                        .collect()
                })
                .collect();
            let text = words.join(" ");
            let toks = tokenize(&text);
            let set = LowerWords::new(&text, &toks);
            let expected: HashSet<&str> = toks.iter().map(|t| t.text(&text)).collect();
            let table = set.table();
            assert!(2 * table.filled <= table.slots.len(), "at most half full");
            if n == 2_000 {
                // (so the growing is tested)
                assert!(table.slots.len() > toks.len().next_power_of_two(), "grew");
            }
            for w in &expected {
                assert!(set.contains(w), "{w:?}");
                // one letter more or less, or another last letter, is another word
                for other in [
                    format!("{w}a"),
                    w[1..].to_string(),
                    format!("{}c", &w[..w.len() - 1]),
                ] {
                    assert_eq!(
                        set.contains(&other),
                        expected.contains(other.as_str()),
                        "{other:?}"
                    );
                }
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
