//! Person names. A run of capitalized name-shaped words becomes a person when something in its
//! surroundings says so, because capital letters alone do not (sentence starts, headlines in
//! Title Case, "Peace Road"):
//!
//! - `person-after-title`: right after a title ("Vice Mayor Li Wei", "Ambassador to China X")
//! - `person-honorific`: after Mr./Ms./Dr./H.E./Madam... (the honorific is not in the span)
//! - `person-apposition`: followed by ", <title>" or ", the <title>" or an age ", 47,"
//! - `person-speech`: next to a speech verb ("said Bai Tian", "Ou Shuo mentioned")
//! - `person-lexical`: shaped like a name from the name lists: a Chinese surname plus pinyin
//!   given name ("Ouyang Xiaoming"), a known given name plus a capitalized word, a Slavic
//!   surname ending plus a given name in either order ("Kuksenko Elena")
//!
//! Links come after: every other occurrence of an accepted full name, and a surname alone
//! ("Kalinovska", "Mr. Wang") when it belongs to exactly one person of the article
//! (`person-repeat`, `person-surname`).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use super::{with_lower, Cand, Kind, ShapeFilter, View, CALENDAR_WORDS, FUNCTION_WORDS};
use crate::gazetteer::{word_boundary, FastMap, FastSet, ListId, Text};
use crate::resolve::SpanSet;
use crate::text::{is_all_caps, TokKind, Token};

const SPEECH_VERBS: &[&str] = &[
    "added",
    "announced",
    "asked",
    "briefed",
    "called",
    "commended",
    "congratulated",
    "conveyed",
    "emphasized",
    "emphasised",
    "expressed",
    "extended",
    "highlighted",
    "hoped",
    "introduced",
    "met",
    "mentioned",
    "noted",
    "pointed",
    "praised",
    "remarked",
    "replied",
    "said",
    "served",
    "serves",
    "says",
    "spoke",
    "stated",
    "stressed",
    "thanked",
    "told",
    "underlined",
    "urged",
    "visited",
    "welcomed",
    "wrote",
];

const PARTICLES: &[&str] = &[
    "al", "bin", "binti", "bint", "da", "de", "del", "della", "der", "des", "di", "dos", "du",
    "el", "ibn", "la", "le", "ul", "van", "von",
];

/// Capitalized verbs that end a name in a Title Case headline ("Wang Yi Meets ...").
const HEADLINE_VERBS: &[&str] = &[
    "Addresses",
    "Announce",
    "Announces",
    "Appoints",
    "Attend",
    "Attends",
    "Calls",
    "Chairs",
    "Congratulates",
    "Delivers",
    "Discuss",
    "Discusses",
    "Exchange",
    "Expresses",
    "Has",
    "Hold",
    "Holds",
    "Hosts",
    "Joins",
    "Launch",
    "Launches",
    "Leads",
    "Meet",
    "Meets",
    "Pays",
    "Receives",
    "Say",
    "Says",
    "Sends",
    "Sign",
    "Signs",
    "Speaks",
    "Talks",
    "Visit",
    "Visits",
    "Welcomes",
];

const HONORIFICS: &[&str] = &[
    "Comrade",
    "Dame",
    "Dr",
    "H.E",
    "Madam",
    "Madame",
    "Miss",
    "Mr",
    "Mrs",
    "Ms",
    "Prof",
    "Professor",
    "Samdech",
    "Sheikh",
    "Shri",
    "Sir",
    "Smt",
];

// Which of the constant word lists above a word is in, as bits: one table lookup answers
// every list, where `LIST.contains(&w)` compared the word with each entry of each list.
const SPEECH: u16 = 1;
const PARTICLE: u16 = 2;
const HEADLINE_VERB: u16 = 4;
const HONORIFIC: u16 = 8;
const NOT_LAST_WORD: u16 = 16;
pub(super) const CALENDAR: u16 = 32;
/// In `FUNCTION_WORDS` (looked up lower-cased). The list is sorted (a test in `rules` keeps it
/// so), so this is the same as its binary search.
pub(super) const FUNCTION: u16 = 64;
/// A `FUNCTION_WORDS` entry with its first letter upper-cased ("The", "According"); see
/// `name_word`.
const FUNCTION_CAP: u16 = 128;
/// In `organizations::HEADS` (`is_head` without its compound heads).
pub(super) const HEAD: u16 = 256;
/// In `organizations::HEAD_FIRST`.
pub(super) const HEAD_FIRST: u16 = 512;

/// The lists a word is in (0: none). Built once from the lists themselves, so a bit is set
/// exactly when `LIST.contains(&w)` holds.
#[inline]
pub(super) fn word_flags(w: &str) -> u16 {
    let t = word_table();
    // most words asked about (names, capitalized words) are in no list: the shape filter
    // answers them without the table (about 8 instructions, where a lookup costs ~40)
    if !t.shapes.may_hold(w) {
        return 0;
    }
    t.get(w.as_bytes())
}

/// `word_flags(w)` without its shape filter, for a caller that has just asked a sparser one
/// (`organizations::is_head`).
#[inline]
pub(super) fn word_flags_unfiltered(w: &str) -> u16 {
    word_table().get(w.as_bytes())
}

/// `word_flags`' table: open addressing over the listed words (at most half full), a
/// slot keyed by a word's first eight bytes and its length, read from the word with at most
/// two loads, so that a lookup hashes and compares integers only (~40 instructions where the
/// general hash map it replaced took ~84 a call, shape filter included); it also holds the
/// organization heads, so that `name_word` answers `is_head` from the same lookup.
struct WordTable {
    slots: Vec<Slot>,
    /// A filter of the listed words' shapes, asked first.
    shapes: ShapeFilter,
    /// The listed words, for the bytes past the first eight of a long one.
    words: Vec<Cow<'static, str>>,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    /// The word's first eight bytes, zero-padded (see `head8`).
    head: u64,
    /// The word's length; 0 for an empty slot (no listed word is empty).
    len: u32,
    /// Index into `WordTable::words`.
    word: u16,
    flags: u16,
}

/// The first eight bytes of `w` as a little-endian `u64`, zero-padded: a short word is read
/// with two overlapping loads (the bytes both read are the same, so or-ing them is exact).
#[inline]
fn head8(w: &[u8]) -> u64 {
    let n = w.len();
    if n >= 8 {
        u64::from_le_bytes(w[..8].try_into().expect("8 bytes"))
    } else if n >= 4 {
        let lo = u64::from(u32::from_le_bytes(w[..4].try_into().expect("4 bytes")));
        let hi = u64::from(u32::from_le_bytes(w[n - 4..].try_into().expect("4 bytes")));
        lo | hi << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u64::from(u16::from_le_bytes(w[..2].try_into().expect("2 bytes")));
        let hi = u64::from(u16::from_le_bytes(w[n - 2..].try_into().expect("2 bytes")));
        lo | hi << (8 * (n - 2))
    } else {
        w.first().map_or(0, |&b| u64::from(b))
    }
}

impl WordTable {
    /// log2 of the slot count: 1024 slots for the ~400 listed words.
    const BITS: u32 = 10;

    #[inline]
    fn slot_of(head: u64, len: usize) -> usize {
        (head
            .wrapping_add(len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            >> (64 - Self::BITS)) as usize
    }

    fn new(entries: FastMap<Cow<'static, str>, u16>) -> WordTable {
        let mut t = WordTable {
            slots: vec![Slot::default(); 1 << Self::BITS],
            shapes: ShapeFilter::new(entries.keys().map(|w| &**w)),
            words: Vec::with_capacity(entries.len()),
        };
        assert!(
            2 * entries.len() <= t.slots.len(),
            "word table at most half full"
        );
        let mask = t.slots.len() - 1;
        for (w, flags) in entries {
            let b = w.as_bytes();
            assert!(!b.is_empty(), "no listed word is empty");
            let (head, len) = (head8(b), b.len());
            let mut i = Self::slot_of(head, len) & mask;
            while t.slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            t.slots[i] = Slot {
                head,
                len: u32::try_from(len).expect("a short word"),
                word: u16::try_from(t.words.len()).expect("few words"),
                flags,
            };
            t.words.push(w);
        }
        t
    }

    fn get(&self, w: &[u8]) -> u16 {
        let (head, len) = (head8(w), w.len());
        let mask = self.slots.len() - 1;
        let mut i = Self::slot_of(head, len) & mask;
        loop {
            let s = self.slots[i];
            if s.len == 0 {
                return 0;
            }
            if s.head == head
                && s.len as usize == len
                && (len <= 8 || self.words[usize::from(s.word)].as_bytes()[8..] == w[8..])
            {
                return s.flags;
            }
            i = (i + 1) & mask;
        }
    }
}

/// The closed word lists behind `word_flags`, each with its flag.
const WORD_LISTS: [(&[&str], u16); 9] = [
    (SPEECH_VERBS, SPEECH),
    (PARTICLES, PARTICLE),
    (HEADLINE_VERBS, HEADLINE_VERB),
    (HONORIFICS, HONORIFIC),
    (NOT_LAST, NOT_LAST_WORD),
    (CALENDAR_WORDS, CALENDAR),
    (FUNCTION_WORDS, FUNCTION),
    (super::organizations::HEADS, HEAD),
    (super::organizations::HEAD_FIRST, HEAD_FIRST),
];

fn word_table() -> &'static WordTable {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: FastMap<Cow<'static, str>, u16> = FastMap::default();
        for (list, bit) in WORD_LISTS {
            for &w in list {
                *m.entry(Cow::Borrowed(w)).or_default() |= bit;
            }
        }
        // capitalized function words
        for &w in FUNCTION_WORDS {
            if w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
                let cap = w[..1].to_ascii_uppercase() + &w[1..];
                *m.entry(Cow::Owned(cap)).or_default() |= FUNCTION_CAP;
            }
        }
        WordTable::new(m)
    })
}

/// `w.chars().count() == 1`, without counting past the second character (a name test asks
/// this of every word it looks at).
fn one_char(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some() && c.next().is_none()
}

/// `w.chars().count() > 1`, the same way.
fn many_chars(w: &str) -> bool {
    w.chars().nth(1).is_some()
}

/// `v.gap_is_space(a, b)`, with the usual gaps (none, or one space) decided on their bytes
/// before the general test (which slices the text and decodes it): the rules ask this of
/// nearly every pair of neighbouring words they look at.
pub(super) fn gap_is_space(v: &View, a: usize, b: usize) -> bool {
    if b == a || (b == a + 1 && v.text.as_bytes().get(a) == Some(&b' ')) {
        return true;
    }
    v.gap_is_space(a, b)
}

/// Token `k`'s bytes: a token spans whole characters, so comparing them with a word's bytes
/// compares the strings, without the character-boundary tests of slicing the text
/// (`View::tok`), which the rules' tests of neighbouring tokens against fixed words paid on
/// every call (`find` 17.50M -> 17.11M instructions on the sample).
#[inline]
fn tok_bytes<'a>(v: &View<'a>, k: usize) -> &'a [u8] {
    let t = &v.toks[k];
    &v.text.as_bytes()[t.start..t.end]
}

/// Mr, Ms, Dr, H.E, Madam, Sheikh, ... (without the period).
pub fn is_honorific_word(v: &View, w: &str) -> bool {
    is_honorific(v, w)
}

fn is_honorific(v: &View, w: &str) -> bool {
    word_flags(w) & HONORIFIC != 0 || v.gaz.lexicon.contains(ListId::HONORIFICS, w)
}

/// Splits a lower-case word into pinyin syllables (1 to 3 of them).
fn is_pinyin_given(v: &View, w: &str) -> bool {
    // An ASCII word lower-cases to ASCII of the same bytes minus the dropped '-' and '\'', so
    // it is built on the stack; anything else takes the general path (whose result must be
    // ASCII to pass, as before).
    let mut buf = [0u8; 32];
    let owned: String;
    let w: &str = if w.is_ascii() && w.len() <= buf.len() {
        let mut n = 0;
        for &c in w.as_bytes() {
            if c != b'-' && c != b'\'' {
                buf[n] = c.to_ascii_lowercase();
                n += 1;
            }
        }
        std::str::from_utf8(&buf[..n]).expect("ASCII is UTF-8")
    } else {
        owned = w
            .chars()
            .filter(|c| *c != '-' && *c != '\'')
            .flat_map(char::to_lowercase)
            .collect();
        &owned
    };
    if w.is_empty() || !w.is_ascii() {
        return false;
    }
    // 1 to 3 syllables of at most 6 letters (the lengths tried) cover at most 18 letters
    if w.len() > 18 {
        return false;
    }
    let mut failed = [0u8; 19];
    let syllables = v.gaz.lexicon.set(ListId::PINYIN_SYLLABLES);
    pinyin_split(syllables, w, 0, 3, &mut failed)
}

/// `w[i..]` (ASCII, i < w.len() <= 18) splits into at most `budget` syllables of 1 to 6
/// letters from the pinyin list. A depth-first search that stops at the first split found
/// (longest syllable first) answers the same as computing the fewest syllables for every
/// prefix, with fewer list lookups. `failed[i]`: the largest budget known to fail from `i`.
fn pinyin_split(
    syllables: &FastSet<Text>,
    w: &str,
    i: usize,
    budget: u8,
    failed: &mut [u8; 19],
) -> bool {
    if failed[i] >= budget {
        return false;
    }
    let rest = w.len() - i;
    for l in (1..=6.min(rest)).rev() {
        let last = l == rest;
        // with one syllable left, only the whole rest can do
        if (last || budget > 1)
            && syllables.contains(&w[i..i + l])
            && (last || pinyin_split(syllables, w, i + l, budget - 1, failed))
        {
            return true;
        }
    }
    failed[i] = budget;
    false
}

fn is_chinese_surname(v: &View, w: &str) -> bool {
    v.gaz.lexicon.contains(ListId::CHINESE_SURNAMES, w)
}

fn is_given_name(v: &View, w: &str) -> bool {
    v.gaz.lexicon.contains(ListId::GIVEN_NAMES_ENGLISH, w)
        || v.gaz.lexicon.contains(ListId::GIVEN_NAMES_SLAVIC, w)
}

fn has_slavic_ending(v: &View, w: &str) -> bool {
    let endings = v.gaz.lexicon.set(ListId::SURNAME_ENDINGS_SLAVIC);
    if w.is_ascii() {
        // `w.to_lowercase()` of ASCII keeps the length; its suffix equals `e` exactly when
        // each byte of `w`'s suffix lower-cases to the byte of `e` (an `e` with capitals or
        // non-ASCII bytes matches neither way)
        let b = w.as_bytes();
        return endings.iter().any(|e| {
            let e = e.trim_start_matches('-').as_bytes();
            b.len() > e.len() + 2
                && b[b.len() - e.len()..]
                    .iter()
                    .zip(e)
                    .all(|(x, y)| x.to_ascii_lowercase() == *y)
        });
    }
    let lw = w.to_lowercase();
    endings.iter().any(|e| {
        let e = e.trim_start_matches('-');
        lw.len() > e.len() + 2 && lw.ends_with(e)
    })
}

/// A Chinese name (surname + pinyin given name) starts at token `k`.
fn chinese_name_at(v: &View, k: usize) -> bool {
    chinese_name_shape(v, k) && is_pinyin_given(v, v.tok(k + 1))
}

/// The tests of `chinese_name_at` before the pinyin split (the costly one, which `Cover`
/// memoizes per word).
fn chinese_name_shape(v: &View, k: usize) -> bool {
    k + 1 < v.toks.len()
        && is_chinese_surname(v, v.tok(k))
        && super::organizations::cap_word(v, k + 1)
        && gap_is_space(v, v.toks[k].end, v.toks[k + 1].start)
        && word_flags(v.tok(k + 1)) & CALENDAR == 0
}

/// Token `k` starts something that looks like a person's name (used by the organization and
/// title rules to stop before "... Ministry of Commerce Wang Wentao").
pub fn looks_like_name_start(v: &View, k: usize) -> bool {
    // (both ways need a capitalized word after one space: told first, before the list
    // lookups, which it spares for most words; `chinese_name_at` asks it again, which is
    // cheap, and all the tests are pure: callers 0.67M -> 0.63M instructions on the sample)
    if !(k + 1 < v.toks.len()
        && super::organizations::cap_word(v, k + 1)
        && gap_is_space(v, v.toks[k].end, v.toks[k + 1].start))
    {
        return false;
    }
    chinese_name_at(v, k)
        || (is_given_name(v, v.tok(k)) && !super::organizations::is_head(v.tok(k + 1)))
}

/// What covers each token (index into `layer`, if anything), and what is known about each
/// token's word so far in this article.
pub struct Cover<'c> {
    pub layer: &'c [Cand],
    /// Per token: 1 + the index into `layer` of the candidate covering it, 0 for none. Four
    /// bytes a token, zero for "none", so the table is a zeroed allocation a quarter the size
    /// of a `Vec<Option<usize>>`.
    by_tok: Vec<u32>,
    /// Per token: facts about its word computed on first use (`FLAGS_KNOWN`, `NAME_WORD`, ...).
    /// Every memoized test is a pure function of the article (its text and tokens), the
    /// gazetteer, all fixed while this `Cover` lives, so the first answer
    /// is the answer of every later call; the search asks the same words again and again
    /// (a run is read from each of its words, trigger and title-phrase tests look back).
    facts: Vec<Cell<u32>>,
    /// `is_pinyin_given` answers so far, per distinct word: (a token with that word, answer).
    /// A Chinese name comes back at new tokens again and again, and splitting its given name
    /// takes several dictionary lookups; an article has only a few such words, so a list.
    pinyin: RefCell<Vec<(usize, bool)>>,
}

// `Cover::facts` bits: `word_flags` of the token's word in the low 16 bits, then pairs of
// (known, value) bits for the memoized tests.
const FLAGS_KNOWN: u32 = 1 << 16;
const NAME_WORD: (u32, u32) = (1 << 17, 1 << 18);
const GIVEN_ENGLISH: (u32, u32) = (1 << 19, 1 << 20);
const GIVEN_SLAVIC: (u32, u32) = (1 << 21, 1 << 22);
const CHINESE_AT: (u32, u32) = (1 << 23, 1 << 24);
const NAME_START: (u32, u32) = (1 << 25, 1 << 26);

impl<'c> Cover<'c> {
    pub fn new(v: &View, layer: &'c [Cand]) -> Cover<'c> {
        Cover::with_starts(v, layer).0
    }

    /// `Cover::new`, and the tokens where `find` may start a run, in order (see
    /// `cover_tables`).
    fn with_starts(v: &View, layer: &'c [Cand]) -> (Cover<'c>, Vec<u32>) {
        let (by_tok, starts) = cover_tables(v.text, v.toks, layer);
        let cover = Cover {
            layer,
            by_tok,
            facts: vec![Cell::new(0); v.toks.len()],
            pinyin: RefCell::new(Vec::new()),
        };
        (cover, starts)
    }

    /// Index into `layer` of the candidate covering token `k` (None past the last token).
    fn cand_at(&self, k: usize) -> Option<usize> {
        match self.by_tok.get(k) {
            Some(&slot) if slot != 0 => Some(slot as usize - 1),
            _ => None,
        }
    }

    /// `word_flags(v.tok(k))`, computed once per token.
    #[inline]
    fn flags(&self, v: &View, k: usize) -> u16 {
        let cell = &self.facts[k];
        let f = cell.get();
        if f & FLAGS_KNOWN != 0 {
            return f as u16;
        }
        let flags = word_flags(v.tok(k));
        cell.set(f | FLAGS_KNOWN | u32::from(flags));
        flags
    }

    /// `flags(v, k)` for a caller that has the word, `w == v.tok(k)`, at hand (`name_word`:
    /// `find` 18.26M -> 17.90M instructions on the sample).
    #[inline]
    fn flags_of(&self, k: usize, w: &str) -> u16 {
        let cell = &self.facts[k];
        let f = cell.get();
        if f & FLAGS_KNOWN != 0 {
            return f as u16;
        }
        let flags = word_flags(w);
        cell.set(f | FLAGS_KNOWN | u32::from(flags));
        flags
    }

    /// `test()` for token `k`, computed once per token; `(known, value)` are its bits.
    /// (Inlined: a known answer is two instructions; out of line, as the compiler left it once
    /// `name_token` took its word lazily, `name_token` cost 4.55M instructions on the sample
    /// against 4.44M.)
    #[inline(always)]
    fn memo(&self, k: usize, (known, value): (u32, u32), test: impl FnOnce() -> bool) -> bool {
        let cell = &self.facts[k];
        let f = cell.get();
        if f & known != 0 {
            return f & value != 0;
        }
        let r = test();
        // (`test` may have memoized other facts of this token meanwhile: read again)
        let f = cell.get();
        cell.set(f | known | if r { value } else { 0 });
        r
    }

    /// `is_given_name(v, v.tok(k))`.
    fn given(&self, v: &View, k: usize) -> bool {
        self.memo(k, GIVEN_ENGLISH, || {
            v.gaz
                .lexicon
                .contains(ListId::GIVEN_NAMES_ENGLISH, v.tok(k))
        }) || self.given_slavic(v, k)
    }

    /// `v.gaz.lexicon.contains(ListId::GIVEN_NAMES_SLAVIC, v.tok(k))`.
    fn given_slavic(&self, v: &View, k: usize) -> bool {
        self.memo(k, GIVEN_SLAVIC, || {
            v.gaz.lexicon.contains(ListId::GIVEN_NAMES_SLAVIC, v.tok(k))
        })
    }

    /// `chinese_name_at(v, k)`.
    fn chinese_at(&self, v: &View, k: usize) -> bool {
        if k + 1 >= v.toks.len() {
            return false;
        }
        self.memo(k, CHINESE_AT, || {
            chinese_name_shape(v, k) && self.pinyin(v, k + 1)
        })
    }

    /// `is_pinyin_given(v, v.tok(k))`, computed once per distinct word.
    fn pinyin(&self, v: &View, k: usize) -> bool {
        let w = v.tok(k);
        let known = self
            .pinyin
            .borrow()
            .iter()
            .find(|(j, _)| v.tok(*j) == w)
            .map(|e| e.1);
        known.unwrap_or_else(|| {
            let r = is_pinyin_given(v, w);
            self.pinyin.borrow_mut().push((k, r));
            r
        })
    }

    /// `looks_like_name_start(v, k)`, from the memoized parts.
    fn name_start(&self, v: &View, k: usize) -> bool {
        if k + 1 >= v.toks.len() {
            // (`chinese_name_at` and the given-name branch both need a next token)
            return false;
        }
        self.memo(k, NAME_START, || {
            // (as in `looks_like_name_start`: the next word's tests first; `find` -0.16M
            // instructions on the sample)
            super::organizations::cap_word(v, k + 1)
                && gap_is_space(v, v.toks[k].end, v.toks[k + 1].start)
                && (self.chinese_at(v, k)
                    || (self.given(v, k) && !super::organizations::is_head(v.tok(k + 1))))
        })
    }

    fn kind(&self, k: usize) -> Option<Kind> {
        self.cand_at(k).map(|ci| self.layer[ci].kind)
    }

    /// The candidate ending right before token `k` (only spaces between).
    fn before<'a>(&'a self, v: &View, k: usize) -> Option<&'a Cand> {
        if k == 0 {
            return None;
        }
        let ci = self.cand_at(k - 1)?;
        let c = &self.layer[ci];
        (c.end == v.toks[k - 1].end && gap_is_space(v, c.end, v.toks[k].start)).then_some(c)
    }

    /// The candidate starting exactly at token `k`.
    fn at(&self, v: &View, k: usize) -> Option<&'c Cand> {
        let ci = self.cand_at(k)?;
        let c = &self.layer[ci];
        (c.start == v.toks[k].start).then_some(c)
    }
}

/// A token `find` may start a run at, as far as a test of its first byte tells: a word whose
/// first byte is an ASCII capital or not ASCII. A word that starts with any other byte (a
/// lower-case letter, a digit) is not capitalized, so `name_token` says no to it (an empty
/// word, whatever byte follows it, likewise).
#[inline]
fn may_start(bytes: &[u8], t: &Token) -> bool {
    // (the byte first: it rules out most tokens, punctuation among them)
    bytes
        .get(t.start)
        .is_some_and(|&b| CAP_OR_HIGH[usize::from(b)])
        && t.kind == TokKind::Word
}

/// Per byte: an ASCII capital or a byte >= 0x80 (`may_start`).
static CAP_OR_HIGH: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_uppercase() || b >= 0x80;
        b += 1;
    }
    t
};

/// `Cover::by_tok` (per token: 1 + the index into `layer` of the candidate covering it, 0 for
/// none; a later candidate wins a token two cover) and the tokens no candidate covers that
/// pass `may_start`, in order: the only tokens `find` starts a run at. When `layer` is sorted
/// by start (a flattened layer is), one pass over the tokens makes both: the tokens between
/// candidates are stepped over to reach the next candidate anyway, and no later candidate
/// covers them (each candidate's tokens are searched for from where the previous one's begin).
/// `find` used to walk every token again for these (merged: `find` 20.37M -> 18.54M
/// instructions on the sample, with the first-byte test of `may_start`). Any other order
/// takes the general path (`cover_tables_any`) and a second pass.
fn cover_tables(text: &str, toks: &[Token], layer: &[Cand]) -> (Vec<u32>, Vec<u32>) {
    if !layer.is_sorted_by_key(|c| c.start) {
        return cover_tables_any(text, toks, layer);
    }
    let bytes = text.as_bytes();
    let n = toks.len();
    // (allocated, then zeroed: a zeroed allocation, `vec![0; n]`, takes the allocator's slow
    // path: `Cover::with_starts` 3.51M -> 3.39M instructions on the sample. One table for
    // these and `Cover::facts`, eight bytes a token, cost more: the longer zeroing, 3.96M)
    #[allow(clippy::slow_vector_initialization)]
    let mut by_tok = {
        let mut z = Vec::with_capacity(n);
        z.resize(n, 0u32);
        z
    };
    // (about one token in ten is a start in prose: sized so that it rarely grows, which cost
    // 0.3M instructions on the sample)
    let mut starts = Vec::with_capacity(n / 4 + 16);
    // `lo`: the first token ending after the previous candidate's start; `done`: the tokens
    // before it are in `starts` or covered
    let (mut lo, mut done) = (0, 0);
    for (ci, c) in layer.iter().enumerate() {
        // the first token ending after the start (tokens before `done` were looked at already:
        // only those of the previous candidates are walked again, in a loop of their own so
        // that the main one tests no index: `Cover::with_starts` 3.67M -> 3.59M instructions on
        // the sample)
        let mut k = lo;
        // (token ends only grow: when the last token looked at ends before the start, so do
        // all before it, and the walk again over the previous candidate's tokens is passed
        // over, as a candidate seldom overlaps the one before: `Cover::with_starts` 3.60M ->
        // 3.51M instructions on the sample)
        if done > lo && toks[done.min(n) - 1].end <= c.start {
            k = done.min(n);
        }
        while k < done.min(n) && toks[k].end <= c.start {
            k += 1;
        }
        while k < n && toks[k].end <= c.start {
            if may_start(bytes, &toks[k]) {
                starts.push(u32::try_from(k).expect("fewer than 2^32 tokens"));
            }
            k += 1;
        }
        lo = k;
        k = mark_covered(toks, &mut by_tok, k, c.end, ci);
        done = done.max(k);
    }
    for (k, t) in toks.iter().enumerate().skip(done) {
        if may_start(bytes, t) {
            starts.push(u32::try_from(k).expect("fewer than 2^32 tokens"));
        }
    }
    (by_tok, starts)
}

/// Marks the tokens from `k` on that start before `end` as covered by candidate `ci` (its
/// slot is `ci + 1`; 0 is none) and returns the first token after them.
#[inline]
fn mark_covered(toks: &[Token], by_tok: &mut [u32], mut k: usize, end: usize, ci: usize) -> usize {
    if k < toks.len() && toks[k].start < end {
        let slot = u32::try_from(ci + 1).expect("fewer than 2^32 candidates");
        while k < toks.len() && toks[k].start < end {
            by_tok[k] = slot;
            k += 1;
        }
    }
    k
}

/// `cover_tables` for a layer in any order: `by_tok` as the candidates come (a sorted run of
/// them steps on from the previous one, any other takes a binary search), then a pass over
/// the tokens for the starts.
fn cover_tables_any(text: &str, toks: &[Token], layer: &[Cand]) -> (Vec<u32>, Vec<u32>) {
    let n = toks.len();
    let mut by_tok = vec![0u32; n];
    let (mut lo, mut prev_start) = (0, 0);
    for (ci, c) in layer.iter().enumerate() {
        let mut k = if c.start >= prev_start {
            lo + toks[lo..].iter().take_while(|t| t.end <= c.start).count()
        } else {
            toks.partition_point(|t| t.end <= c.start)
        };
        prev_start = c.start;
        lo = k;
        k = mark_covered(toks, &mut by_tok, k, c.end, ci);
    }
    let bytes = text.as_bytes();
    let starts = (0..n)
        .filter(|&k| by_tok[k] == 0 && may_start(bytes, &toks[k]))
        .map(|k| u32::try_from(k).expect("fewer than 2^32 tokens"))
        .collect();
    (by_tok, starts)
}

/// The tests of `name_token` that depend on the word alone: a capitalized word that is no
/// month or weekday, head noun, acronym, number, honorific or function word.
/// `w` is token `k`'s word (its word flags come from the token's memo).
fn name_word(v: &View, cover: &Cover, k: usize, w: &str) -> bool {
    // (`crate::text::is_cap(w)`, with an ASCII first letter told without decoding it)
    let cap = match w.as_bytes().first() {
        Some(&c) if c.is_ascii() => c.is_ascii_uppercase(),
        _ => crate::text::is_cap(w),
    };
    if !cap {
        return false;
    }
    let flags = cover.flags_of(k, w);
    // (`organizations::is_head(w)`: a listed head, or a compound one. A word with
    // `FUNCTION_CAP` is a function word with its first letter upper-cased, which the
    // function-word test below says no to, as a test checks: said here, it spares that word
    // the byte tests)
    if flags & (CALENDAR | HONORIFIC | HEAD | FUNCTION_CAP) != 0
        || super::organizations::is_compound_head(w)
    {
        return false;
    }
    // (an ASCII first letter followed by an ASCII lower-case one: `is_all_caps` would stop
    // at that second letter and say no)
    let b = w.as_bytes();
    let mixed = b.len() >= 2 && b[0].is_ascii() && b[1].is_ascii_lowercase();
    if !mixed && is_all_caps(w) && many_chars(w) {
        return false;
    }
    // the byte tests below in one pass: which classes occur after the first byte, and in the
    // whole word (`w` is not empty: its first character is upper-case)
    let rest = b[1..]
        .iter()
        .fold(0, |acc, &c| acc | BYTE_CLASS[usize::from(c)]);
    let all = rest | BYTE_CLASS[usize::from(b[0])];
    // (`w.bytes().any(|c| c.is_ascii_digit())`)
    if all & DIGIT_BYTE != 0 {
        return false;
    }
    // is the lower-cased word a function word? For an ASCII word whose only capital is its
    // first letter, the lower-cased word is a function word f exactly when the word is f with
    // its first letter upper-cased (f's first letter lower-case, as all of them are; an f
    // starting otherwise never equals a lower-cased capitalized word): that is the flag
    // `FUNCTION_CAP`, ruled out above. (`w.is_ascii()`: no byte >= 0x80; no ASCII capital
    // after the first byte: `!b[1..].iter().any(u8::is_ascii_uppercase)`.)
    let function = !(b[0].is_ascii_uppercase() && all & HIGH_BYTE == 0 && rest & UPPER_BYTE == 0)
        && with_lower(w, |lw| word_flags(lw) & FUNCTION != 0);
    if function {
        return false;
    }
    !v.gaz.lexicon.contains(ListId::HONORIFICS, w)
}

// `BYTE_CLASS` bits.
const DIGIT_BYTE: u8 = 1;
const HIGH_BYTE: u8 = 2;
const UPPER_BYTE: u8 = 4;

/// Per byte: `DIGIT_BYTE` for an ASCII digit, `HIGH_BYTE` for a byte >= 0x80 (not ASCII),
/// `UPPER_BYTE` for an ASCII capital.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT_BYTE
        } else if c >= 0x80 {
            HIGH_BYTE
        } else if c.is_ascii_uppercase() {
            UPPER_BYTE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Can token `k` be part of a name? `first`: it would be the first word.
fn name_token(v: &View, cover: &Cover, k: usize, first: bool) -> bool {
    let t = &v.toks[k];
    if t.kind != TokKind::Word {
        return false;
    }
    // most words start with an ASCII lower-case letter: not capitalized (`name_word` would
    // say no), decided on the first byte
    if v.text
        .as_bytes()
        .get(t.start)
        .is_some_and(u8::is_ascii_lowercase)
        && t.start < t.end
    {
        return false;
    }
    match cover.kind(k) {
        None | Some(Kind::Person) => {}
        // a place inside a name ("Carlos Miguel Pereira"); `run_at` makes sure a run never
        // ends inside a place
        Some(Kind::Place) if !first => {}
        _ => return false,
    }
    // every test of this function only ever says "no", so their order is free: first the
    // ones on the word alone, then the ones that look around
    if !cover.memo(k, NAME_WORD, || name_word(v, cover, k, v.tok(k))) {
        return false;
    }
    if !first {
        return true;
    }
    // (the word itself only now: most calls that get here have `first` false)
    let w = v.tok(k);
    if one_char(w) {
        // an opening initial ("K. R. Narayanan"), but not the "H" of "H.E."
        let he = w == "H" && k + 2 < v.toks.len() && tok_bytes(v, k + 2) == b"E";
        if !initial_at(v, k) || he {
            return false;
        }
    }
    // sentence-initial adverbs ("Recently, ...")
    if t.sent_start && w.ends_with("ly") && k + 1 < v.toks.len() && tok_bytes(v, k + 1) == b"," {
        return false;
    }
    // sentence-initial ordinary words ("Officials", "Both")
    !(t.sent_start && with_lower(w, |lw| v.lower_words.contains(lw)))
}

/// An initial "J." inside a name: token k is one capital letter and k+1 is ".".
/// (Inlined: `run_at` asks it of every word of a run, and most calls end at the test of the
/// next token: `find` -13K instructions on the sample; `#[inline]` left 16,263 calls on the
/// sample out of line, 25 instructions each.)
#[inline(always)]
fn initial_at(v: &View, k: usize) -> bool {
    if k + 2 >= v.toks.len() {
        return false;
    }
    // the period first, on its bytes (`tok(k + 1) == "."`): most words are followed by a
    // space, and the tests are pure, so their order is free
    let (t, dot) = (&v.toks[k], &v.toks[k + 1]);
    dot.start == t.end
        && dot.end == dot.start + 1
        && v.text.as_bytes()[dot.start] == b'.'
        && one_char(v.tok(k))
        && v.tok(k).chars().all(char::is_uppercase)
}

/// The name run starting at token `a`: returns the token index after it.
fn run_at(v: &View, cover: &Cover, a: usize) -> usize {
    let n = v.toks.len();
    if !name_token(v, cover, a, true) {
        return a;
    }
    let mut k = a + 1;
    let mut end = a + 1;
    // "K. R. Narayanan": a name may open with initials
    let starts_with_initial = initial_at(v, a);
    if starts_with_initial {
        k = a + 2;
    }
    while k < n && end - a < 8 {
        let prev_end = v.toks[k - 1].end;
        if v.toks[k].line_start || !gap_is_space(v, prev_end, v.toks[k].start) {
            break;
        }
        if initial_at(v, k) && k + 2 < n && name_token(v, cover, k + 2, false) {
            k += 2;
            continue;
        }
        // particles, possibly several: "von der Leyen", "bin Abdulaziz bin Saleh"
        let mut q = k;
        // (every particle starts with an ASCII lower-case letter, as a test checks: told on
        // the first byte before the token's flags, which most words after a name word spare)
        while q < n
            && q - k < 3
            && v.text
                .as_bytes()
                .get(v.toks[q].start)
                .is_some_and(u8::is_ascii_lowercase)
            && cover.flags(v, q) & PARTICLE != 0
        {
            q += 1;
        }
        if q > k && q < n && name_token(v, cover, q, false) {
            k = q;
            continue;
        }
        if name_token(v, cover, k, false) {
            k += 1;
            end = k;
            continue;
        }
        break;
    }
    if starts_with_initial && end == a + 1 {
        return a; // "K." alone is no name
    }
    // never end inside a place ("Biden Announces U.S."): cut before it
    while end > a + 1 {
        let Some(ci) = cover.cand_at(end - 1) else {
            break;
        };
        let c = &cover.layer[ci];
        if c.kind != Kind::Place || c.end == v.toks[end - 1].end {
            break;
        }
        // cut before the place's first token; a place that starts inside the last token
        // ("C-Moro-t") cuts that token off
        let cut = v.toks.partition_point(|t| t.start < c.start);
        end = if cut < end { cut.max(a + 1) } else { end - 1 };
    }
    // generational suffixes: "Joseph R. Biden, Jr.", "John P. Howard III", "Kellerman Jr."
    if end < n
        && matches!(tok_bytes(v, end - 1), b"Jr" | b"Sr")
        && tok_bytes(v, end) == b"."
        && v.toks[end].start == v.toks[end - 1].end
    {
        end += 1;
    } else if end < n && end - a >= 2 {
        let gap_ok = |x: usize| gap_is_space(v, v.toks[x - 1].end, v.toks[x].start);
        if matches!(tok_bytes(v, end), b"II" | b"III" | b"IV") && gap_ok(end) {
            end += 1;
        } else if end + 2 < n
            && tok_bytes(v, end) == b","
            && v.toks[end].start == v.toks[end - 1].end
            && matches!(tok_bytes(v, end + 1), b"Jr" | b"Sr")
            && tok_bytes(v, end + 2) == b"."
        {
            end += 3;
        } else if end + 1 < n
            && matches!(tok_bytes(v, end), b"Jr" | b"Sr")
            && tok_bytes(v, end + 1) == b"."
            && gap_ok(end)
        {
            end += 2;
        }
    }
    end
}

/// Finds person candidates over the base layer (dates, organizations, titles, gazetteer hits).
/// Returns the new person mentions; each carries the full name in `canonical` when it is a
/// short form.
pub fn find(v: &View, layer: &[Cand]) -> Vec<Cand> {
    let (cover, starts) = Cover::with_starts(v, layer);
    let first_line_end = v.text.find('\n').unwrap_or(v.text.len());
    // (an article has a few people: room for them at once, where growing from empty took
    // up to three reallocations)
    let mut out: Vec<Cand> = Vec::with_capacity(8);
    let mut i = 0;
    // `run_at` returns `i` at once unless token `i` is a capitalized word (`name_token`), and
    // no run starts in a candidate: a person already in the gazetteer stays as it is, and
    // `name_token` says no to a first word inside any other candidate. So only the tokens of
    // `starts` (uncovered words whose first byte is an ASCII capital or not ASCII, see
    // `may_start`, listed by `Cover::with_starts`) can start a run: the loop visits them in
    // order, passing over those a run already took.
    for &start in &starts {
        let start = start as usize;
        if start < i {
            continue;
        }
        i = start;
        let mut a = i;
        let mut b = run_at(v, &cover, a);
        if b == a {
            i += 1;
            continue;
        }
        // An initial may start a run only when it is followed by a name ("J. Smith").
        let mut rule = trigger(v, &cover, a, b);
        if rule.is_none() && b - a >= 2 {
            // "Officials Wang Hao": try the run without its first word
            let a2 = a + 1;
            if let Some(r) = trigger(v, &cover, a2, b) {
                if r != "person-lexical" || lexical(v, &cover, a2, b) {
                    a = a2;
                    rule = Some(r);
                }
            }
        }
        if rule.is_none() {
            // "Minister of Foreign Affairs of Laos Saleumxay Kommasith": the name ends a
            // title phrase; its first words may be the phrase's own
            if let Some(a2) = after_title_phrase(v, &cover, a, b) {
                a = a2;
                rule = Some("person-after-title-phrase");
            }
        }
        let Some(rule) = rule else {
            i = b;
            continue;
        };
        b = trim_run(v, &cover, a, b, rule);
        let in_headline = v.toks[a].start < first_line_end;
        // count name words, not initials, particles, suffixes or punctuation
        let words = (a..b)
            .filter(|&k| {
                let w = v.tok(k);
                super::organizations::cap_word(v, k)
                    && many_chars(w)
                    && !matches!(w, "Jr" | "Sr" | "II" | "III" | "IV")
            })
            .count();
        let long = words > 4;
        let single = b - a == 1;
        let strong = matches!(
            rule,
            "person-after-title" | "person-honorific" | "person-apposition"
        );
        if long || (single && !strong) || (in_headline && rule == "person-speech") {
            i = b.max(i + 1);
            continue;
        }
        // words that all belong to posts and bodies are no name ("Foreign Affairs")
        if rule != "person-honorific"
            && (a..b)
                .filter(|&k| v.is_word(k))
                .all(|k| v.gaz.vocab.contains(v.tok(k)))
        {
            i = b.max(i + 1);
            continue;
        }
        let (s, e) = (v.toks[a].start, v.toks[b - 1].end);
        out.push(Cand::new(s, e, Kind::Person, rule));
        i = b;
    }
    out
}

/// The run [a, b) ends a title phrase ("Special Coordinator for the Middle East Peace
/// Process (UNSCO) Tor Wennesland"): walking back from `a` over capitalized words, connectors,
/// parentheses, organizations and places reaches a title, and the run is not followed by
/// more capitalized words. Returns where the name starts: the run without its leading words
/// that belong to posts and bodies (the dictionaries' vocabulary).
fn after_title_phrase(v: &View, cover: &Cover, a: usize, b: usize) -> Option<usize> {
    // the name returned, [s, b) with s >= a, has two words or more: a single word has not,
    // told before the walk back (most runs asked about are single words: `find` 19.44M ->
    // 18.85M instructions on the sample)
    if b - a < 2 {
        return None;
    }
    let n = v.toks.len();
    if b < n
        && super::organizations::cap_word(v, b)
        && gap_is_space(v, v.toks[b - 1].end, v.toks[b].start)
    {
        return None;
    }
    let mut k = a;
    let mut found = false;
    for _ in 0..24 {
        if k == 0 || v.toks[k].line_start {
            break;
        }
        let p = k - 1;
        match cover.kind(p) {
            Some(Kind::Title) => {
                found = true;
                break;
            }
            Some(Kind::Organization | Kind::Place | Kind::Demonym) => {
                k = p;
                continue;
            }
            Some(_) => break,
            None => {}
        }
        let ok = (super::organizations::cap_word(v, p) && !cover.name_start(v, p))
            || matches!(
                tok_bytes(v, p),
                b"of" | b"for" | b"the" | b"and" | b"on" | b"to" | b"in" | b"&" | b"(" | b")"
            );
        if !ok {
            break;
        }
        k = p;
    }
    if !found {
        return None;
    }
    // the name starts after the last word that belongs to posts and bodies
    let phrase_word = |k: usize| {
        let w = v.tok(k);
        cover.flags(v, k) & PARTICLE == 0
            && (v.gaz.vocab.contains(w) || with_lower(w, |lw| v.lower_words.contains(lw)))
    };
    let s = (a..b).rev().find(|&k| phrase_word(k)).map_or(a, |k| k + 1);
    if s >= b {
        return None;
    }
    let words = (s..b)
        .filter(|&k| v.is_word(k) && many_chars(v.tok(k)))
        .count();
    // four words only with a known given name first ("Gabriel Lim Meng Liang")
    let max = if cover.given(v, s) { 4 } else { 3 };
    ((2..=max).contains(&words) && super::organizations::cap_word(v, s) && many_chars(v.tok(s)))
        .then_some(s)
}

/// Words that never end a person's name: streets, sites, projects and programmes ("Peace
/// Road", "Hope Project").
const NOT_LAST: &[&str] = &[
    "Avenue",
    "Boulevard",
    "Bridge",
    "Building",
    "Campaign",
    "Center",
    "Centre",
    "Day",
    "Expo",
    "Festival",
    "Forum",
    "Games",
    "Olympics",
    "Garden",
    "Gardens",
    "Hall",
    "Highway",
    "Initiative",
    "Lane",
    "Park",
    "Plan",
    "Plaza",
    "Port",
    "Prize",
    "Program",
    "Programme",
    "Project",
    "Road",
    "Square",
    "Station",
    "Street",
    "Temple",
    "Tower",
    "Week",
    "Year",
    "Zone",
];

/// Which rule accepts the run [a, b), if any.
fn trigger(v: &View, cover: &Cover, a: usize, b: usize) -> Option<&'static str> {
    let n = v.toks.len();
    if (a..b).any(|k| cover.flags(v, k) & NOT_LAST_WORD != 0) {
        return None;
    }
    // after a title: "Vice Mayor Li Wei"; "Ambassador to China Tuvshin Badral"
    if let Some(c) = cover.before(v, a) {
        if c.kind == Kind::Title {
            return Some("person-after-title");
        }
        if c.kind == Kind::Place {
            let k = v.tok_from(c.start);
            if k >= 2 && tok_bytes(v, k - 1) == b"to" {
                if let Some(t) = cover.before(v, k - 1) {
                    if t.kind == Kind::Title {
                        return Some("person-after-title");
                    }
                }
            }
        }
    }
    // after an honorific: "Mr. Wang", "Ms Kalinovska", "H.E. Ahmed", "Madam Li"
    if a >= 1 {
        let p = v.tok(a - 1);
        // (`is_honorific(v, p)`: every word of `HONORIFICS` starts with an ASCII capital, as a
        // test checks, so only such a word is looked up, through the token's memo; most words
        // before a run are function words or punctuation, which the table holds)
        let honorific = (p.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && cover.flags(v, a - 1) & HONORIFIC != 0)
            || v.gaz.lexicon.contains(ListId::HONORIFICS, p);
        if honorific && gap_is_space(v, v.toks[a - 1].end, v.toks[a].start) {
            return Some("person-honorific");
        }
        if p == "." && a >= 2 {
            let h = v.tok(a - 2);
            if is_honorific(v, h) || (h == "E" && a >= 4 && tok_bytes(v, a - 4) == b"H") {
                return Some("person-honorific");
            }
        }
    }
    // apposition: "Vera Kalinovska, Director of ...", "Walter Barnes, 47,"
    if b + 1 < n && tok_bytes(v, b) == b"," {
        let mut k = b + 1;
        if k < n && matches!(tok_bytes(v, k), b"the" | b"a" | b"an" | b"then" | b"former") {
            k += 1;
        }
        if k < n {
            if let Some(c) = cover.at(v, k) {
                if c.kind == Kind::Title {
                    // a title followed by a name premodifies that name instead
                    let after = v.tok_from(c.end);
                    let premodifies = after < n
                        && gap_is_space(v, c.end, v.toks[after].start)
                        && name_token(v, cover, after, true);
                    if !premodifies {
                        return Some("person-apposition");
                    }
                }
                // "Name, NSC Spokesperson" / "Name, Foreign Ministry Spokesperson"
                if c.kind == Kind::Organization || c.kind == Kind::Place || c.kind == Kind::Demonym
                {
                    let e = v.tok_from(c.end);
                    if let Some(t) = cover.at(v, e) {
                        if t.kind == Kind::Title {
                            return Some("person-apposition");
                        }
                    }
                }
            }
            if k + 1 < n
                && tok_bytes(v, k).iter().all(u8::is_ascii_digit)
                && tok_bytes(v, k).len() <= 3
                && tok_bytes(v, k + 1) == b","
                && b - a >= 2
            {
                return Some("person-apposition");
            }
        }
    }
    // speech verbs: "Ou Shuo mentioned", "said Bai Tian"
    if b - a >= 2 {
        if b < n
            && cover.flags(v, b) & SPEECH != 0
            && gap_is_space(v, v.toks[b - 1].end, v.toks[b].start)
        {
            return Some("person-speech");
        }
        if a >= 1
            && matches!(
                tok_bytes(v, a - 1),
                b"said" | b"says" | b"added" | b"noted" | b"stated"
            )
        {
            return Some("person-speech");
        }
        if a >= 2 && tok_bytes(v, a - 2) == b"according" && tok_bytes(v, a - 1) == b"to" {
            return Some("person-speech");
        }
    }
    // (`lexical` says no to a run of one word or of more than four, told here without the
    // call: most runs asked about are single words)
    if (2..=4).contains(&(b - a)) && lexical(v, cover, a, b) {
        return Some("person-lexical");
    }
    None
}

/// The run looks like a personal name from the name lists.
fn lexical(v: &View, cover: &Cover, a: usize, b: usize) -> bool {
    // "Rosemary A. DiCarlo"
    if b - a == 4
        && initial_at(v, a + 1)
        && !v.gaz.vocab.contains(v.tok(a))
        && !v.gaz.vocab.contains(v.tok(b - 1))
    {
        return true;
    }
    match b - a {
        2 | 3 => {
            let (f, l) = (v.tok(a), v.tok(b - 1));
            if b - a == 2 && cover.chinese_at(v, a) {
                return true;
            }
            if cover.given(v, a) && !with_lower(l, |ll| v.lower_words.contains(ll)) {
                return true;
            }
            // "Kuksenko Elena", "Elena Kuksenko" (the given-name lookup first: it is cheaper
            // than trying every ending and rules out most runs; both tests are pure)
            b - a == 2
                && ((cover.given_slavic(v, b - 1) && has_slavic_ending(v, f))
                    || (cover.given_slavic(v, a) && has_slavic_ending(v, l)))
        }
        _ => false,
    }
}

/// Shortens a run that swallowed following capitalized words ("Li Wei Attends Event").
fn trim_run(v: &View, cover: &Cover, a: usize, b: usize, _rule: &str) -> usize {
    if b - a >= 3 && cover.chinese_at(v, a) {
        // Chinese names are two tokens ("Wang Hao"), surname first; written given name first
        // in three syllables ("Sheng Mao Chen") the surname comes last
        let given_first = is_chinese_surname(v, v.tok(a + 2))
            && cover.pinyin(v, a + 1)
            && gap_is_space(v, v.toks[a + 1].end, v.toks[a + 2].start)
            && v.tok(a + 1).len() <= 6
            && v.tok(a).len() <= 6;
        return if given_first { a + 3 } else { a + 2 };
    }
    let mut e = a + 1;
    while e < b {
        let w = v.tok(e);
        if one_char(w) {
            // an initial ("A." in "Naomi A. Okafor")
            e += 1;
            continue;
        }
        let stop = cover.flags(v, e) & HEADLINE_VERB != 0
            || with_lower(w, |lw| {
                (v.lower_words.contains(lw) && word_flags(lw) & PARTICLE == 0)
                    || is_verb_form(v, lw)
            });
        if stop {
            break;
        }
        e += 1;
    }
    e
}

/// "announces" when "announced" or "announce" occurs in lower case in the article.
fn is_verb_form(v: &View, lw: &str) -> bool {
    let Some(stem) = lw.strip_suffix('s') else {
        return false;
    };
    if stem.len() < 3 {
        return false;
    }
    let stem2 = stem.strip_suffix('e').unwrap_or(stem);
    if v.lower_words.contains(stem) {
        return true;
    }
    // the other forms, one after the other in one buffer
    let mut form = String::with_capacity(stem.len() + 3);
    [(stem, "d"), (stem2, "ed"), (stem2, "ing")]
        .iter()
        .any(|(base, suffix)| {
            form.clear();
            form.push_str(base);
            form.push_str(suffix);
            v.lower_words.contains(form.as_str())
        })
}

/// The surname of a full name: the first word of a Chinese name or of a Slavic
/// surname-first name, otherwise the last word.
pub fn surname(v: &View, name: &str) -> Option<String> {
    surname_of(v, name).map(str::to_string)
}

/// `surname` as a slice of `name`.
fn surname_of<'n>(v: &View, name: &'n str) -> Option<&'n str> {
    let (len, f, l) = name_ends(name)?;
    if len < 2 {
        return None;
    }
    if len == 2 && is_chinese_surname(v, f) && is_pinyin_given(v, l) {
        return Some(f);
    }
    // (the given-name lookup first: cheaper than trying every ending; both tests are pure)
    if len == 2 && v.gaz.lexicon.contains(ListId::GIVEN_NAMES_SLAVIC, l) && has_slavic_ending(v, f)
    {
        return Some(f);
    }
    Some(l.trim_end_matches('.'))
}

/// `name_words(name)`'s length, first and last word (None when it is empty), in one pass and
/// without building the list. A suffix word is dropped while more than two words remain, so
/// of `n` words ending in a run of `t` suffix words, `min(t, n - 2)` go when `n > 2`: all of
/// them when `t <= n - 2` (the last word kept is then the last one before the run), else all
/// but the first two.
fn name_ends(name: &str) -> Option<(usize, &str, &str)> {
    let (mut n, mut t) = (0, 0);
    let (mut first, mut second, mut last, mut last_plain) = ("", "", "", "");
    for_each_word(name, |w| {
        let w = trim_commas(w);
        n += 1;
        if n == 1 {
            (first, last, last_plain) = (w, w, w);
            t = usize::from(is_name_suffix(w));
            return;
        }
        if n == 2 {
            second = w;
        }
        last = w;
        if is_name_suffix(w) {
            t += 1;
        } else {
            t = 0;
            last_plain = w;
        }
    });
    if n == 0 {
        return None;
    }
    Some(if n <= 2 || t == 0 {
        (n, first, last)
    } else if t <= n - 2 {
        (n - t, first, last_plain)
    } else {
        (2, first, second)
    })
}

/// `name.split_whitespace().for_each(f)`, with an ASCII name (nearly all) split on its bytes:
/// the general splitter decodes each character and costs more than the rest of `surname_of`
/// without a pinyin test (`link` 7.95M -> 7.77M, `aliases` 0.96M -> 0.85M instructions on
/// the sample).
fn for_each_word<'n>(name: &'n str, mut f: impl FnMut(&'n str)) {
    if !name.is_ascii() {
        name.split_whitespace().for_each(f);
        return;
    }
    // the ASCII characters `char::is_whitespace` holds (U+000B too, which
    // `u8::is_ascii_whitespace` leaves out)
    let space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        let s = i;
        while i < b.len() && !space(b[i]) {
            i += 1;
        }
        if i > s {
            f(&name[s..i]);
        }
    }
}

/// `w.trim_end_matches(',')` on its bytes (a comma is one byte, never inside a character),
/// without the general pattern search.
#[inline]
fn trim_commas(w: &str) -> &str {
    let b = w.as_bytes();
    let mut e = b.len();
    while e > 0 && b[e - 1] == b',' {
        e -= 1;
    }
    &w[..e]
}

/// The generational suffixes `name_words` drops.
fn is_name_suffix(w: &str) -> bool {
    matches!(w, "Jr." | "Sr." | "II" | "III" | "IV")
}

/// The words of a name without generational suffixes and trailing commas: "Joseph R. Biden,
/// Jr." -> ["Joseph", "R.", "Biden"].
fn name_words(name: &str) -> Vec<&str> {
    let mut w: Vec<&str> = Vec::new();
    for_each_word(name, |x| w.push(trim_commas(x)));
    while w.len() > 2 && is_name_suffix(w.last().unwrap()) {
        w.pop();
    }
    w
}

/// The non-overlapping leftmost-longest occurrences of `names` (distinct, non-empty) in `text`,
/// left to right: the matches an Aho-Corasick automaton built with
/// `MatchKind::LeftmostLongest` reports, without building one per article. At each step the
/// earliest position where some name occurs wins, and there the longest name; the search
/// goes on after its end. A name can only start at a byte that is the first byte of some
/// name, so one forward scan looks for those bytes only (see `Starts`), where searching each
/// first character separately went over the text once per distinct first character.
fn leftmost_longest(text: &str, names: &[&str]) -> Vec<(usize, usize)> {
    let set = NameSet::new(names);
    let starts = Starts::new(set.sorted.iter().map(|n| n.as_bytes()[0]));
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    // (`pos` may stop inside a character after a failed position; that is harmless: a name's
    // first byte is never a UTF-8 continuation byte, so no name is found to start there)
    while let Some(p) = starts.next(bytes, pos) {
        match set.longest_at(bytes, p) {
            Some(e) => {
                out.push((p, e));
                pos = e;
            }
            None => pos = p + 1,
        }
    }
    out
}

/// The names of `leftmost_longest`, grouped by first byte.
struct NameSet<'n> {
    /// The names ordered by first byte, longest first within one first byte: two different
    /// names of one length cannot both start at one position, so the first of a byte's names
    /// found at a position is the longest match there.
    sorted: Vec<&'n str>,
    /// `groups[g]`: the range of `sorted` whose names start with one byte.
    groups: Vec<(usize, usize)>,
    /// Per byte: 1 + the index of its group (0: no name starts with it).
    group: [u8; 256],
}

impl<'n> NameSet<'n> {
    /// The non-empty ones of `names` (distinct).
    fn new(names: &[&'n str]) -> NameSet<'n> {
        let mut sorted: Vec<&str> = names.iter().copied().filter(|n| !n.is_empty()).collect();
        sorted.sort_unstable_by_key(|n| (n.as_bytes()[0], std::cmp::Reverse(n.len())));
        let mut groups: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
        let mut group = [0u8; 256];
        for (i, n) in sorted.iter().enumerate() {
            let slot = &mut group[usize::from(n.as_bytes()[0])];
            if *slot == 0 {
                groups.push((i, i + 1));
                *slot = u8::try_from(groups.len()).expect("at most 256 first bytes");
            } else {
                groups[usize::from(*slot) - 1].1 = i + 1;
            }
        }
        NameSet {
            sorted,
            groups,
            group,
        }
    }

    /// The end of the longest name that occurs at `p`, whose byte starts some name.
    #[inline]
    fn longest_at(&self, bytes: &[u8], p: usize) -> Option<usize> {
        let (lo, hi) = self.groups[usize::from(self.group[usize::from(bytes[p])]) - 1];
        let rest = &bytes[p..];
        // (the name's last byte first: it rules out most names without a call to `memcmp`,
        // `link` 6.96M -> 6.90M instructions on the sample)
        self.sorted[lo..hi]
            .iter()
            .find(|n| {
                let n = n.as_bytes();
                rest.get(n.len().wrapping_sub(1)) == n.last() && rest.starts_with(n)
            })
            .map(|n| p + n.len())
    }
}

/// Finds the next byte that starts some name. Names nearly always start with an ASCII capital
/// or a non-ASCII letter: then eight bytes at a time are ruled out at once when none of them
/// is an ASCII capital or a byte >= 0x80 (most text is lower case and spaces).
struct Starts {
    /// Per byte: whether a name starts with it.
    group: [bool; 256],
    /// Every first byte is 'A'..='Z' or >= 0x80, so the eight-byte test is a sound filter.
    wide: bool,
}

impl Starts {
    /// The bytes `starts` (repeats allowed).
    fn new(starts: impl IntoIterator<Item = u8>) -> Starts {
        let mut s = Starts {
            group: [false; 256],
            wide: true,
        };
        for b in starts {
            s.group[usize::from(b)] = true;
            s.wide &= b.is_ascii_uppercase() || b >= 0x80;
        }
        s
    }

    /// The first position at or after `pos` whose byte starts a name.
    fn next(&self, bytes: &[u8], mut pos: usize) -> Option<usize> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        if self.wide {
            let mut chunks = bytes[pos.min(bytes.len())..].chunks_exact(8);
            for c in &mut chunks {
                let x = u64::from_le_bytes(c.try_into().expect("8 bytes"));
                // per byte (high bit cleared, so no sum carries into the next byte): the high
                // bit of y + (0x80 - c) is set exactly when the byte is >= c
                let y = x & !HIGH;
                let ge_a = y.wrapping_add(ONES * (0x80 - u64::from(b'A')));
                let gt_z = y.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
                // the high bit of each byte that is an ASCII capital or >= 0x80
                let mut m = (ge_a & !gt_z & !x & HIGH) | (x & HIGH);
                while m != 0 {
                    let p = pos + (m.trailing_zeros() / 8) as usize;
                    if self.group[usize::from(bytes[p])] {
                        return Some(p);
                    }
                    m &= m - 1;
                }
                pos += 8;
            }
        }
        (pos..bytes.len()).find(|&p| self.group[usize::from(bytes[p])])
    }
}

/// The positions of the bytes of a set in a text, asked for in increasing order. An article
/// has few people, so the set (the first bytes of their names and surnames) is small: up to
/// `FEW_GROUPS` groups of three bytes are each looked for with `memchr3`, which steps over
/// 32 bytes at a time and stops only at a byte of the set, where `Starts` stops at every
/// capital letter to look it up (`link` 7.38M -> 7.08M instructions on the sample, and fewer
/// mispredicted branches: its share of a perf run's time fell from 4.2% to 3.5%). A larger set
/// takes `Starts`.
enum ByteScan {
    Few(FewBytes),
    /// (boxed: it is the rare case, and four times the size of the other)
    Wide(Box<Starts>),
}

/// Groups of `ByteScan::Few` (`link` on the sample with two: 7.04M instructions, four:
/// 6.89M, six: 6.90M).
const FEW_GROUPS: usize = 4;

/// `ByteScan::Few`: per group, its bytes and the first position of one of them at or after
/// the position its last search started from (`usize::MAX`: none there).
struct FewBytes {
    groups: [([u8; 3], u8); FEW_GROUPS],
    next: [usize; FEW_GROUPS],
    len: usize,
}

impl ByteScan {
    /// A search of `bytes` for the bytes of `set` (repeats allowed).
    fn new(bytes: &[u8], set: impl IntoIterator<Item = u8>) -> ByteScan {
        // the distinct bytes, in a 256-bit set and a short list
        let mut member = [0u64; 4];
        let (mut few, mut n) = ([0u8; 3 * FEW_GROUPS], 0);
        for b in set {
            let (w, bit) = (usize::from(b >> 6), 1u64 << (b & 63));
            if member[w] & bit == 0 {
                member[w] |= bit;
                if n < few.len() {
                    few[n] = b;
                }
                n += 1;
            }
        }
        if n > few.len() {
            return ByteScan::Wide(Box::new(Starts::new(
                (0..=255u8).filter(|&b| member[usize::from(b >> 6)] >> (b & 63) & 1 != 0),
            )));
        }
        let distinct = &few[..n];
        let mut f = FewBytes {
            groups: [([0; 3], 0); FEW_GROUPS],
            next: [usize::MAX; FEW_GROUPS],
            len: 0,
        };
        for chunk in distinct.chunks(3) {
            let mut g = [chunk[0]; 3];
            g[..chunk.len()].copy_from_slice(chunk);
            f.groups[f.len] = (g, u8::try_from(chunk.len()).expect("at most three"));
            f.next[f.len] = FewBytes::search(g, chunk.len(), bytes, 0);
            f.len += 1;
        }
        ByteScan::Few(f)
    }

    /// The first position at or after `pos` whose byte is in the set; `pos` never decreases
    /// from one call to the next, and `bytes` is the text given to `new`.
    #[inline]
    fn next(&mut self, bytes: &[u8], pos: usize) -> Option<usize> {
        match self {
            ByteScan::Wide(s) => s.next(bytes, pos),
            ByteScan::Few(f) => {
                let mut best = usize::MAX;
                for g in 0..f.len {
                    // (a group's hit before `pos` is stale: search again from `pos`; one at or
                    // after it is the first there, as the last search started at or before `pos`)
                    if f.next[g] < pos {
                        let (set, n) = f.groups[g];
                        f.next[g] = FewBytes::search(set, usize::from(n), bytes, pos);
                    }
                    best = best.min(f.next[g]);
                }
                (best != usize::MAX).then_some(best)
            }
        }
    }
}

impl FewBytes {
    /// The first position at or after `pos` of one of the first `n` bytes of `set`.
    fn search(set: [u8; 3], n: usize, bytes: &[u8], pos: usize) -> usize {
        let Some(hay) = bytes.get(pos..) else {
            return usize::MAX;
        };
        let found = match n {
            1 => memchr::memchr(set[0], hay),
            2 => memchr::memchr2(set[0], set[1], hay),
            _ => memchr::memchr3(set[0], set[1], set[2], hay),
        };
        found.map_or(usize::MAX, |i| pos + i)
    }
}

/// Adds mentions for repeats of accepted full names and for unambiguous surnames. `taken`
/// tells whether a byte span is already covered by another mention.
pub fn link(v: &View, persons: &[Cand], taken: &dyn Fn(usize, usize) -> bool) -> Vec<Cand> {
    // (sized once: a collected filter grows from empty; with the sizes in
    // `names_and_surname_tokens`, `link` 7.77M -> 7.38M instructions on the sample)
    let full = distinct_names(
        persons.len(),
        persons
            .iter()
            .filter(|c| c.canonical.is_none())
            .map(|c| &v.text[c.start..c.end]),
    );
    let mut out = Vec::new();
    // (no full name: no repeat, and no surname either)
    if full.is_empty() {
        return out;
    }
    // surname -> the one full name it means (None: several full names share it)
    let by_surname = Surnames::new(
        full.len(),
        full.iter()
            .filter_map(|&f| surname_of(v, f).map(|s| (s, f))),
    );
    let mut existing: Vec<(usize, usize)> = persons.iter().map(|c| (c.start, c.end)).collect();
    existing.sort_unstable();
    existing.dedup();
    // (the sorted spans serve the exact-span search of the repeats too: no second list)
    let existing_set = SpanSet::from_flat(existing);
    // surnames alone; a word whose first byte starts no surname is passed over before the
    // lookup (it cannot equal one)
    let mut first_bytes = [false; 256];
    let mut empty_surname = false;
    for s in by_surname.keys() {
        match s.as_bytes().first() {
            Some(&b) => first_bytes[usize::from(b)] = true,
            None => empty_surname = true,
        }
    }
    let shapes = FirstAndLength::new(by_surname.keys());
    let bytes = v.text.as_bytes();
    let toks = v.toks;
    // Full-name repeats, from one leftmost-longest pass over all names (so "Wang Hao" is never
    // cut into "Wang"), and the word tokens whose first byte starts a surname, in order.
    let (matches, maybe_surnames) = if full.iter().any(|f| f.is_empty()) || empty_surname {
        let matches: Vec<(usize, usize)> = if full.iter().any(|f| f.is_empty()) {
            // an empty name matches everywhere; keep the automaton's own answer for it
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
                .build(&full)
                .expect("names automaton")
                .find_iter(v.text)
                .map(|m| (m.start(), m.end()))
                .collect()
        } else {
            leftmost_longest(v.text, &full)
        };
        // (the first-byte test first: it rules out nearly every token; a tight search steps
        // over the tokens it rules out, non-empty ones whose first byte starts no surname)
        let toks = if by_surname.is_empty() { &[][..] } else { toks };
        let mut maybe_surnames = Vec::new();
        let mut from = 0;
        while let Some(k) = maybe_surname_from(toks, from, bytes, &first_bytes, empty_surname) {
            from = k + 1;
            let t = &toks[k];
            let first_ok = if t.start < t.end {
                first_bytes[usize::from(bytes[t.start])]
            } else {
                empty_surname
            };
            if first_ok && t.kind == TokKind::Word {
                maybe_surnames.push(k);
            }
        }
        (matches, maybe_surnames)
    } else {
        // No name and no surname is empty: one scan of the text finds both (see
        // `names_and_surname_tokens`)
        let names = NameSet::new(&full);
        let surname_starts = by_surname.keys().map(|n| n.as_bytes()[0]);
        names_and_surname_tokens(bytes, toks, &names, &first_bytes, surname_starts)
    };
    let mut claimed = SpanSet::default();
    for (s, e) in matches {
        if !word_boundary(v.text, s)
            || !word_boundary(v.text, e)
            || existing_set.as_slice().binary_search(&(s, e)).is_ok()
            || taken(s, e)
        {
            continue;
        }
        claimed.insert(s, e);
        out.push(Cand::new(s, e, Kind::Person, "person-repeat"));
    }
    for k in maybe_surnames {
        let t = &toks[k];
        if !shapes.may_hold(&bytes[t.start..t.end]) {
            continue;
        }
        let w = v.tok(k);
        let Some(one) = by_surname.get(w) else {
            continue;
        };
        let Some(full_name) = one else {
            continue;
        };
        let (s, e) = (t.start, t.end);
        if existing_set.overlaps(s, e) || claimed.overlaps(s, e) || taken(s, e) {
            continue;
        }
        // not glued to another capitalized word ("Wang Yi" vs "Wang Hao" handled above)
        let next_cap = k + 1 < v.toks.len()
            && super::organizations::cap_word(v, k + 1)
            && gap_is_space(v, t.end, v.toks[k + 1].start);
        let prev_cap = k > 0
            && super::organizations::cap_word(v, k - 1)
            && gap_is_space(v, v.toks[k - 1].end, t.start);
        if next_cap || (prev_cap && !is_honorific(v, v.tok(k - 1))) {
            continue;
        }
        let mut c = Cand::new(s, e, Kind::Person, "person-surname");
        c.canonical = Some(full_name.into());
        out.push(c);
    }
    out
}

/// The distinct ones of `names` (at most `n` of them), in any order: nothing in `link` depends
/// on their order (`NameSet` sorts them, the surname list is a set). A few are each compared
/// with those kept, lengths first, where sorting them compared strings more often (`link`
/// 6.44M -> 6.26M instructions on the sample); many are sorted.
fn distinct_names<'n>(n: usize, names: impl Iterator<Item = &'n str>) -> Vec<&'n str> {
    let mut full: Vec<&str> = Vec::with_capacity(n);
    if n <= Surnames::LINEAR {
        for name in names {
            if !full.iter().any(|f| f.len() == name.len() && *f == name) {
                full.push(name);
            }
        }
    } else {
        full.extend(names);
        full.sort_unstable();
        full.dedup();
    }
    full
}

/// `link`'s surnames, each with the one full name it means (None: several full names share
/// it), in a list: an article has a few full names, for which comparing strings (their
/// lengths first) costs less than hashing them (a hash map's entries and lookups: `link`
/// 6.79M -> 6.44M instructions on the sample). A longer list is sorted, for a binary search.
struct Surnames<'n> {
    list: Vec<(&'n str, Option<&'n str>)>,
    sorted: bool,
}

impl<'n> Surnames<'n> {
    /// Above this many names the list is sorted.
    const LINEAR: usize = 32;

    /// From (surname, full name) pairs, at most `n` of them, full names distinct.
    fn new(n: usize, pairs: impl Iterator<Item = (&'n str, &'n str)>) -> Surnames<'n> {
        let sorted = n > Self::LINEAR;
        let mut list: Vec<(&str, Option<&str>)> = Vec::with_capacity(n);
        if sorted {
            list.extend(pairs.map(|(s, f)| (s, Some(f))));
            list.sort_unstable_by(|x, y| x.0.cmp(y.0));
            list.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 = None;
                }
                same
            });
        } else {
            for (s, f) in pairs {
                match list.iter_mut().find(|e| e.0.len() == s.len() && e.0 == s) {
                    Some(e) => e.1 = None,
                    None => list.push((s, Some(f))),
                }
            }
        }
        Surnames { list, sorted }
    }

    fn keys(&self) -> impl Iterator<Item = &'n str> + '_ {
        self.list.iter().map(|e| e.0)
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The entry of surname `w`, if it is one.
    fn get(&self, w: &str) -> Option<Option<&'n str>> {
        if self.sorted {
            let i = self.list.binary_search_by(|e| e.0.cmp(w)).ok()?;
            Some(self.list[i].1)
        } else {
            self.list
                .iter()
                .find(|e| e.0.len() == w.len() && e.0 == w)
                .map(|e| e.1)
        }
    }
}

/// Per first byte, the lengths of the words starting with it, as bits (63: 63 bytes or
/// more): a word whose pair is not marked is none of them. `link` asks it before the
/// lookup of a token that may be a surname, as most tokens sharing a surname's first byte
/// differ in length (`link` 8.27M -> 7.95M instructions on the sample).
struct FirstAndLength([u64; 256]);

impl FirstAndLength {
    fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> FirstAndLength {
        let mut f = FirstAndLength([0; 256]);
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                f.0[usize::from(b)] |= 1 << w.len().min(63);
            }
        }
        f
    }

    /// False when `w` is surely none of the words (an empty word may be one).
    #[inline]
    fn may_hold(&self, w: &[u8]) -> bool {
        w.first()
            .is_none_or(|&b| self.0[usize::from(b)] >> w.len().min(63) & 1 != 0)
    }
}

/// `leftmost_longest` of `names` in `bytes`, and the word tokens whose first byte is marked in
/// `first_bytes` (which `surname_starts` lists), found in one scan of the text at the bytes
/// that start a name or a surname, where each had gone over the whole text or every token
/// (`link`: 8.50M -> 8.27M instructions on the sample). A non-empty token whose first byte is
/// marked starts at
/// such a byte; an empty token is never one (no surname is empty).
fn names_and_surname_tokens(
    bytes: &[u8],
    toks: &[Token],
    names: &NameSet,
    first_bytes: &[bool; 256],
    surname_starts: impl Iterator<Item = u8>,
) -> (Vec<(usize, usize)>, Vec<usize>) {
    let mut starts = ByteScan::new(
        bytes,
        names
            .sorted
            .iter()
            .map(|n| n.as_bytes()[0])
            .chain(surname_starts),
    );
    // (sized so that they rarely grow; see `link`)
    let mut matches = Vec::with_capacity(16);
    let mut surnames = Vec::with_capacity(toks.len() / 8 + 8);
    let (mut pos, mut name_pos, mut k) = (0, 0, 0);
    while let Some(p) = starts.next(bytes, pos) {
        pos = p + 1;
        let b = usize::from(bytes[p]);
        // (`leftmost_longest`: the search goes on after the end of a match)
        if names.group[b] != 0 && p >= name_pos {
            if let Some(e) = names.longest_at(bytes, p) {
                matches.push((p, e));
                name_pos = e;
            }
        }
        if first_bytes[b] {
            // the non-empty token starting at `p`, if any (tokens before `k` start before `p`)
            k = first_token_from(toks, k, p);
            while k < toks.len() && toks[k].start == p && toks[k].end == p {
                k += 1;
            }
            if k < toks.len() && toks[k].start == p && toks[k].kind == TokKind::Word {
                surnames.push(k);
            }
        }
    }
    (matches, surnames)
}

/// The first token at or after `k` that starts at or after byte `p`, given that the tokens
/// before `k` start before it: a galloping search from `k` (the positions asked only grow, a
/// few tokens apart).
fn first_token_from(toks: &[Token], k: usize, p: usize) -> usize {
    let (mut lo, mut hi, mut step) = (k, k, 1);
    while hi < toks.len() && toks[hi].start < p {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    let hi = hi.min(toks.len());
    lo + toks[lo..hi].partition_point(|t| t.start < p)
}

/// The first token from `from` on that may be a surname as far as `link`'s first-byte test
/// can tell: one whose first byte is marked in `first_bytes`, or an empty one when a surname
/// is empty (`empty_surname`). A token passed over here is one that test rules out. A
/// function of its own, so that its loop keeps everything in registers.
#[inline(never)]
fn maybe_surname_from(
    toks: &[Token],
    from: usize,
    bytes: &[u8],
    first_bytes: &[bool; 256],
    empty_surname: bool,
) -> Option<usize> {
    let marked = |t: &Token| {
        bytes
            .get(t.start)
            .is_some_and(|&b| first_bytes[usize::from(b)])
    };
    let p = if empty_surname {
        toks[from..]
            .iter()
            .position(|t| t.start >= t.end || marked(t))
    } else {
        // (an empty token is ruled out by the test, whatever byte follows it: stopping at
        // one only hands it to the test)
        toks[from..].iter().position(marked)
    };
    p.map(|p| from + p)
}

/// Shorter full names that are the same person as a longer one in the article: "Yerzhan
/// Kuanyshev" for "Yerzhan Bolatovich Kuanyshev", "Gabriel Lim" for "Gabriel Lim Meng Liang"
/// (same first word, words in order). Returns (short, long) pairs; a short name that fits two
/// different long names is left alone.
pub fn aliases(names: &[&str]) -> Vec<(String, String)> {
    let split: Vec<Vec<&str>> = names.iter().map(|n| name_words(n)).collect();
    let mut out = Vec::new();
    for (i, a) in split.iter().enumerate() {
        if a.len() < 2 {
            // a surname found on its own ("Mr. Gallagher"): the one longer name it ends or
            // (Chinese, surname-first) starts
            let mut fits = split.iter().enumerate().filter(|(j, b)| {
                *j != i && b.len() >= 2 && (b[b.len() - 1] == a[0] || b[0] == a[0])
            });
            if let (Some((j, _)), None) = (fits.next(), fits.next()) {
                out.push((names[i].to_string(), names[j].to_string()));
            }
            continue;
        }
        let mut fits = split
            .iter()
            .enumerate()
            .filter(|(j, b)| *j != i && b.len() > a.len() && b[0] == a[0] && is_subsequence(a, b));
        if let (Some((j, _)), None) = (fits.next(), fits.next()) {
            out.push((names[i].to_string(), names[j].to_string()));
        }
    }
    out
}

fn is_subsequence(a: &[&str], b: &[&str]) -> bool {
    let mut it = b.iter();
    a.iter().all(|x| it.any(|y| y == x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_join_short_forms_to_full_names() {
        let names = [
            "Yerzhan Kuanyshev",
            "Yerzhan Bolatovich Kuanyshev",
            "Gabriel Lim",
            "Gabriel Lim Meng Liang",
            "Wang Yi",
        ];
        let got = aliases(&names);
        assert_eq!(
            got,
            [
                (
                    "Yerzhan Kuanyshev".to_string(),
                    "Yerzhan Bolatovich Kuanyshev".to_string()
                ),
                (
                    "Gabriel Lim".to_string(),
                    "Gabriel Lim Meng Liang".to_string()
                )
            ]
        );
        // ambiguous: fits two longer names
        assert!(aliases(&[
            "Anna Petrova",
            "Anna Ivanovna Petrova",
            "Anna Sergeyevna Petrova"
        ])
        .is_empty());
    }

    #[test]
    fn byte_classes_answer_as_the_byte_tests() {
        for w in [
            "Wang",
            "WANG",
            "WaNg",
            "W",
            "Wang2",
            "2",
            "Ölzii",
            "ÖLZII",
            "Straße",
            "A1B",
            "Mc-Do",
            "O'Brien",
            "Łukasz",
            "X\u{301}y",
            "AbcdefghijklmnopqrstuvwxyZ",
            "Zz9",
        ] {
            let b = w.as_bytes();
            let rest = b[1..]
                .iter()
                .fold(0, |acc, &c| acc | BYTE_CLASS[usize::from(c)]);
            let all = rest | BYTE_CLASS[usize::from(b[0])];
            assert_eq!(
                all & DIGIT_BYTE != 0,
                w.bytes().any(|c| c.is_ascii_digit()),
                "{w:?}"
            );
            assert_eq!(all & HIGH_BYTE == 0, w.is_ascii(), "{w:?}");
            assert_eq!(
                rest & UPPER_BYTE == 0,
                !b[1..].iter().any(u8::is_ascii_uppercase),
                "{w:?}"
            );
        }
    }

    #[test]
    fn a_capitalized_function_word_is_one_for_name_word() {
        // `name_word` says no to a word with `FUNCTION_CAP` before its function-word test,
        // which holds for it: an ASCII word whose only capital is its first letter, so that
        // test reads that flag
        let capped: Vec<String> = FUNCTION_WORDS
            .iter()
            .filter(|w| w.as_bytes().first().is_some_and(u8::is_ascii_lowercase))
            .map(|w| w[..1].to_ascii_uppercase() + &w[1..])
            .collect();
        assert!(!capped.is_empty());
        for w in &capped {
            let b = w.as_bytes();
            assert!(word_flags(w) & FUNCTION_CAP != 0, "{w:?}");
            assert!(w.is_ascii() && b[0].is_ascii_uppercase(), "{w:?}");
            assert!(!b[1..].iter().any(u8::is_ascii_uppercase), "{w:?}");
        }
    }

    #[test]
    fn word_flags_answer_as_the_lists() {
        let lists = WORD_LISTS;
        let mut words: Vec<String> = Vec::new();
        for (list, _) in lists {
            for w in list {
                words.push(w.to_string());
                words.push(w.to_uppercase());
                words.push(w[..1].to_uppercase() + &w[1..]);
                words.push(format!("{w}s"));
                words.push(w[..w.len() - 1].to_string());
                words.push(format!("X{}", &w[1..]));
            }
        }
        words.extend(["", "Wang", "Ministry", "Mr.", "Öz"].map(String::from));
        for w in &words {
            let mut want = 0;
            for (list, bit) in lists {
                if list.contains(&w.as_str()) {
                    want |= bit;
                }
            }
            // a function word with its first letter upper-cased
            if FUNCTION_WORDS.iter().any(|f| {
                f.as_bytes()[0].is_ascii_lowercase() && f[..1].to_ascii_uppercase() + &f[1..] == *w
            }) {
                want |= FUNCTION_CAP;
            }
            assert_eq!(word_flags(w), want, "{w:?}");
        }
    }

    /// `word_flags` as a general hash map of the listed words would answer it.
    fn word_flags_plain(w: &str) -> u16 {
        let mut want = 0;
        for (list, bit) in WORD_LISTS {
            if list.contains(&w) {
                want |= bit;
            }
        }
        if FUNCTION_WORDS.iter().any(|f| {
            f.as_bytes()[0].is_ascii_lowercase() && f[..1].to_ascii_uppercase() + &f[1..] == *w
        }) {
            want |= FUNCTION_CAP;
        }
        want
    }

    #[test]
    fn word_table_answers_as_the_lists_on_generated_words() {
        // (`head8` first: every length up to 12 against the zero-padded copy)
        for n in 0..=12 {
            let w: Vec<u8> = (0..n).map(|i| b'a' + i as u8).collect();
            let mut pad = [0u8; 8];
            pad[..n.min(8)].copy_from_slice(&w[..n.min(8)]);
            assert_eq!(head8(&w), u64::from_le_bytes(pad), "{n}");
        }
        // listed words cut, grown, with a letter changed at every place (the first eight
        // bytes and the rest), and random words over their letters
        let mut rng = crate::testutil::XorShift::new(0x5DEE_CE66_D1CE_4E5B);
        let listed: Vec<&str> = WORD_LISTS
            .iter()
            .flat_map(|(l, _)| l.iter().copied())
            .collect();
        let mut words: Vec<String> = Vec::new();
        for w in &listed {
            for i in 0..=w.len() {
                words.push(w[..i].to_string());
                words.push(format!("{}x{}", &w[..i], &w[i..]));
                if i < w.len() {
                    let mut b = w.as_bytes().to_vec();
                    b[i] ^= 0x20;
                    words.push(String::from_utf8_lossy(&b).into_owned());
                }
            }
        }
        let letters = [
            "a", "e", "i", "n", "o", "r", "s", "t", "u", "A", "E", "M", "P", "S", "T", "d", "l",
            "c", "g", "y", "é",
        ];
        for _ in 0..20_000 {
            let n = 1 + rng.below(13);
            let w: String = (0..n).map(|_| letters[rng.below(letters.len())]).collect();
            words.push(w);
        }
        for w in &words {
            assert_eq!(word_flags(w), word_flags_plain(w), "{w:?}");
        }
    }

    #[test]
    fn every_particle_starts_with_an_ascii_lower_case_letter() {
        // (`run_at` asks a word's flags for a particle only when it starts with one)
        for w in PARTICLES {
            assert!(w.as_bytes()[0].is_ascii_lowercase(), "{w}");
        }
    }

    /// Random words of ASCII letters, digits, hyphens and a few non-ASCII letters.
    fn random_word(rng: &mut crate::testutil::XorShift, max: usize) -> String {
        const PIECES: &[&str] = &[
            "a", "b", "s", "S", "A", "Z", "z", "q", "-", "'", "1", "Ö", "ß", "İ", "Σ", "ς", "K",
        ];
        let len = rng.below(max + 1);
        (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
    }

    /// `link`'s surname table as it was: a hash map from each surname to its one full name
    /// (None when several share it).
    fn surnames_by_map<'n>(pairs: &[(&'n str, &'n str)]) -> FastMap<&'n str, Option<&'n str>> {
        let mut m: FastMap<&str, Option<&str>> = FastMap::default();
        for &(s, f) in pairs {
            m.entry(s).and_modify(|one| *one = None).or_insert(Some(f));
        }
        m
    }

    #[test]
    fn surnames_and_distinct_names_answer_as_a_map_and_a_sort() {
        let mut rng = crate::testutil::XorShift::new(0x0DDB_A11C_AFE5_7A7E);
        for round in 0..3_000 {
            // few names (the list) and many (the sorted list), surnames often shared
            let n = if round % 4 == 0 {
                rng.below(3 * Surnames::LINEAR)
            } else {
                rng.below(8)
            };
            let words: Vec<String> = (0..n + 2).map(|_| random_word(&mut rng, 4)).collect();
            let names: Vec<String> = (0..n)
                .map(|_| {
                    format!(
                        "{} {}",
                        words[rng.below(words.len())],
                        words[rng.below(words.len())]
                    )
                })
                .collect();
            let got = distinct_names(names.len(), names.iter().map(String::as_str));
            let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
            want.sort_unstable();
            want.dedup();
            let mut sorted = got.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, want, "{names:?}");
            // each full name's surname: one of the words, often shared
            let pairs: Vec<(&str, &str)> = got
                .iter()
                .map(|&f| (words[rng.below(words.len())].as_str(), f))
                .collect();
            let map = surnames_by_map(&pairs);
            let table = Surnames::new(got.len(), pairs.iter().copied());
            let mut keys: Vec<&str> = table.keys().collect();
            keys.sort_unstable();
            let mut map_keys: Vec<&str> = map.keys().copied().collect();
            map_keys.sort_unstable();
            assert_eq!(keys, map_keys, "{pairs:?}");
            assert_eq!(table.is_empty(), map.is_empty());
            for w in words.iter().map(String::as_str).chain(["", "x y"]) {
                assert_eq!(table.get(w), map.get(w).copied(), "{w:?} in {pairs:?}");
            }
        }
    }

    #[test]
    fn every_honorific_starts_with_an_ascii_capital() {
        // (`trigger` looks up the word before a run only when it starts with one)
        for w in HONORIFICS {
            assert!(w.as_bytes()[0].is_ascii_uppercase(), "{w}");
        }
    }

    #[test]
    fn trim_commas_answers_as_trim_end_matches() {
        let mut rng = crate::testutil::XorShift::new(7);
        let alphabet = [",", "a", "B", " ", "é", ",,", "\u{2019}"];
        for _ in 0..5_000 {
            let n = rng.below(8);
            let w: String = (0..n)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            assert_eq!(trim_commas(&w), w.trim_end_matches(','), "{w:?}");
        }
    }

    #[test]
    fn name_ends_match_name_words() {
        for name in [
            "",
            " ",
            "Wang",
            "Wang Hao",
            "Joseph R. Biden, Jr.",
            "John P. Howard III",
            "Kellerman Jr.",
            "Jr. Sr.",
            "Jr. Sr. II",
            "A Jr. Sr. II IV",
            "A B Jr. C III",
            "Li,  Wei,, ",
            "A, B, III,",
        ] {
            let w = name_words(name);
            let want = w.first().map(|f| (w.len(), *f, *w.last().unwrap()));
            assert_eq!(name_ends(name), want, "{name:?}");
        }
    }

    #[test]
    fn one_scan_finds_the_names_and_surname_tokens() {
        let mut rng = crate::testutil::XorShift::new(0x0BAD_5EED_1234_9876);
        let pieces = [
            "Wang", "Hao", "Wang Hao", "Li", "Öz", "Öztürk", "de", "Gaulle", "met", "said", ",",
            ".", "(", "WangHao", "xWang",
        ];
        let name_sets: [&[&str]; 4] = [
            &["Wang Hao", "Wang", "Li"],
            &["Öztürk", "Li Hao"],
            &["de Gaulle", "Hao"],
            &["Gaulle", "Wang Hao Li"],
        ];
        let surname_sets: [&[&str]; 3] = [&["Wang", "Li"], &["Öz", "Hao", "de"], &["x"]];
        for _ in 0..300 {
            let n = 1 + rng.below(20);
            let text = rng.glue(&pieces, &[" ", "", "  ", "\n", ", "], n);
            let toks = crate::text::tokenize(&text);
            let bytes = text.as_bytes();
            for ns in name_sets {
                for ss in surname_sets {
                    let mut first_bytes = [false; 256];
                    for s in ss {
                        first_bytes[usize::from(s.as_bytes()[0])] = true;
                    }
                    let names = NameSet::new(ns);
                    let got = names_and_surname_tokens(
                        bytes,
                        &toks,
                        &names,
                        &first_bytes,
                        ss.iter().map(|s| s.as_bytes()[0]),
                    );
                    // the two passes it replaces
                    let want_surnames: Vec<usize> = (0..toks.len())
                        .filter(|&k| {
                            let t = &toks[k];
                            t.start < t.end
                                && first_bytes[usize::from(bytes[t.start])]
                                && t.kind == TokKind::Word
                        })
                        .collect();
                    assert_eq!(got.0, leftmost_longest(&text, ns), "{text:?} {ns:?}");
                    assert_eq!(got.1, want_surnames, "{text:?} {ss:?}");
                }
            }
        }
        // `first_token_from` against the binary search
        let toks = crate::text::tokenize("Wang Hao, Li  (Öz) met de Gaulle.");
        for k in 0..=toks.len() {
            for p in 0..40 {
                if toks[..k].iter().all(|t| t.start < p) {
                    let want = toks.partition_point(|t| t.start < p);
                    assert_eq!(first_token_from(&toks, k, p), want, "{k} {p}");
                }
            }
        }
    }

    #[test]
    fn one_pass_cover_tables_match_the_general_path_and_the_main_loop() {
        // sorted layers (the one-pass path) against the general path, and the starts against
        // the token-by-token walk `find` made before: every uncovered token passing
        // `may_start`
        let mut rng = crate::testutil::XorShift::new(0x5EED_C0DE_2468_1357);
        let pieces = [
            "Wang", "Hao", "said", "de", "Öz", "ölçü", "3rd", "K.", "'s", ",", ".", "(", "“", "",
        ];
        for _ in 0..3000 {
            let n = 1 + rng.below(24);
            let text = rng.glue(&pieces, &[" ", "", "  ", "\n", ", "], n);
            let toks = crate::text::tokenize(&text);
            let len = text.len();
            // spans that start and end anywhere (inside tokens, in gaps, empty, overlapping)
            let mut layer: Vec<Cand> = (0..rng.below(8))
                .map(|_| {
                    let s = rng.below(len + 1);
                    let e = (s + rng.below(12)).min(len);
                    Cand::new(s, e, Kind::Place, "test")
                })
                .collect();
            layer.sort_by_key(|c| c.start);
            let (by_tok, starts) = cover_tables(&text, &toks, &layer);
            let (want_by_tok, want_starts) = cover_tables_any(&text, &toks, &layer);
            assert_eq!(by_tok, want_by_tok, "{text:?} {layer:?}");
            assert_eq!(starts, want_starts, "{text:?} {layer:?}");
            // the walk of the old loop: from each start, the next token passing its test,
            // stepping over covered ones; of these, the starts leave out only words that are
            // not capitalized (which `name_word` rejects)
            let bytes = text.as_bytes();
            let mut walked = Vec::new();
            let mut i = 0;
            while i < toks.len() {
                i += toks[i..]
                    .iter()
                    .position(|t| {
                        t.kind == TokKind::Word
                            && !bytes.get(t.start).is_some_and(u8::is_ascii_lowercase)
                    })
                    .unwrap_or(toks.len() - i);
                if i < toks.len() && by_tok[i] == 0 {
                    walked.push(u32::try_from(i).expect("few tokens"));
                }
                i += 1;
            }
            let (kept, left): (Vec<u32>, Vec<u32>) =
                walked.iter().partition(|&&k| starts.contains(&k));
            assert_eq!(starts, kept, "{text:?} {layer:?}");
            for k in left {
                let w = toks[k as usize].text(&text);
                assert!(!crate::text::is_cap(w), "{w:?} in {text:?}");
            }
            // an unsorted layer takes the general path
            layer.reverse();
            assert_eq!(
                cover_tables(&text, &toks, &layer),
                cover_tables_any(&text, &toks, &layer)
            );
        }
    }

    #[test]
    fn byte_scan_finds_every_byte_of_its_set() {
        // sets of 1 to 14 bytes (the memchr groups, and past 12 the eight-byte scan) against a
        // plain scan, from every position in turn and with positions skipped
        let mut rng = crate::testutil::XorShift::new(0x00C0_FFEE_5CA1_AB1E);
        let pool: Vec<u8> = b"WLHSaz ,.\n\x00\xC3\x96\xE2\x80\x9C9ZXQ".to_vec();
        for round in 0..2000 {
            let len = rng.below(200);
            let bytes: Vec<u8> = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            let n_set = 1 + round % 14;
            let set: Vec<u8> = (0..n_set).map(|_| pool[rng.below(pool.len())]).collect();
            let want = |pos: usize| (pos..bytes.len()).find(|&p| set.contains(&bytes[p]));
            let mut scan = ByteScan::new(&bytes, set.iter().copied());
            let mut pos = 0;
            while pos <= bytes.len() + 1 {
                assert_eq!(scan.next(&bytes, pos), want(pos), "{bytes:?} {set:?} {pos}");
                pos += 1 + rng.below(3) * rng.below(4);
            }
        }
    }

    #[test]
    fn first_and_length_never_rules_out_a_listed_word() {
        let mut rng = crate::testutil::XorShift::new(0x00FE_ED00_1357_2468);
        let pieces = ["W", "ang", "Li", "Ö", "z", "a", "", "-", "x"];
        let mut ruled_out = 0;
        for _ in 0..2000 {
            let words: Vec<String> = (0..1 + rng.below(5))
                .map(|_| {
                    let n = rng.below(30);
                    rng.glue(&pieces, &[""], n)
                })
                .collect();
            let f = FirstAndLength::new(words.iter().map(String::as_str));
            for _ in 0..20 {
                let n = rng.below(30);
                let w = rng.glue(&pieces, &[""], n);
                let listed = words.contains(&w);
                let may = f.may_hold(w.as_bytes());
                assert!(may || !listed, "{w:?} in {words:?}");
                ruled_out += usize::from(!may);
            }
            for w in &words {
                assert!(f.may_hold(w.as_bytes()), "{w:?}");
            }
        }
        assert!(ruled_out > 1000, "the filter rules out words ({ruled_out})");
    }

    #[test]
    fn for_each_word_splits_as_split_whitespace() {
        let mut rng = crate::testutil::XorShift::new(0x0DD_BA11_5EED_0042);
        let pieces = [
            "Wang", "Jr.", ",", "", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{1c}", "\u{1f}",
            "\u{85}", "\u{a0}", "\u{2003}", "\u{3000}", "Ö", "x",
        ];
        for _ in 0..20_000 {
            let n = rng.below(12);
            let name = rng.glue(&pieces, &[""], n);
            let mut got = Vec::new();
            for_each_word(&name, |w| got.push(w));
            let want: Vec<&str> = name.split_whitespace().collect();
            assert_eq!(got, want, "{name:?}");
            let w = name_words(&name);
            let want = w.first().map(|f| (w.len(), *f, *w.last().unwrap()));
            assert_eq!(name_ends(&name), want, "{name:?}");
        }
    }

    #[test]
    fn leftmost_longest_matches_the_automaton() {
        let texts = [
            "Wang Hao met Wang Hao Jr and Wang; xWang Hao, Li Wei Li Wei Li.",
            "Ana Ana Ana X Ana Li Wei and Ana Li, Öz Öztürk Öz.",
            "",
            "WangWang Hao",
        ];
        let names: [&[&str]; 4] = [
            &["Wang Hao", "Wang", "Li Wei", "Li"],
            &["Ana Ana", "X Ana", "Ana Li Wei", "Öz", "Öztürk"],
            &["Wang"],
            &["Wang Hao", "WangWang", "Hao"],
        ];
        let long = "In 2024 de Gaulle met Wang Hao; WANG HAO, Wang Haoran and \
                    9Lives Öz met Öztürk at the Wang Hao Wang Hao wang hao Wang Hao";
        let long_names: [&[&str]; 3] = [
            &["Wang Hao", "Wang", "Öztürk", "Öz"],
            &["de Gaulle", "Wang Hao", "9Lives"],
            &["Hao", "WANG HAO", "Wang Haoran", "t"],
        ];
        let all = texts
            .iter()
            .flat_map(|t| names.iter().map(move |ns| (*t, *ns)))
            .chain(long_names.iter().map(|ns| (long, *ns)));
        for (text, ns) in all {
            // every start position: matches across the eight-byte steps of the scan
            for from in 0..=text.len() {
                if !text.is_char_boundary(from) {
                    continue;
                }
                let text = &text[from..];
                let ac = aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(ns)
                    .unwrap();
                let want: Vec<(usize, usize)> =
                    ac.find_iter(text).map(|m| (m.start(), m.end())).collect();
                assert_eq!(leftmost_longest(text, ns), want, "{text:?} {ns:?}");
            }
        }
    }
}
