//! Gazetteers: dictionary files -> entries -> one Aho-Corasick automaton.
//!
//! Owns the dictionary file format (see `dictionaries/README.md`), its parsing and validation
//! (`press-ner dict check`), the built-in lists embedded at build time, user dictionaries given
//! with `--dict`, and the search itself: every entry surface is a pattern of one automaton, and a
//! hit counts only when both of its ends fall on word boundaries.
//!
//! Format of a gazetteer line: `surface<TAB>type<TAB>canonical<TAB>attributes`, `#` comments.
//! Files under `names/` (and any `.txt`) are plain word lists used by the person rules.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A small multiplicative hasher for the gazetteer's string maps (the default SipHash is built
/// to resist hash flooding, which this trusted, compiled-in data does not need; it was the top
/// start-up cost). Keys are dictionary words, never attacker-chosen table sizes.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn round(h: u64, w: u64) -> u64 {
        (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // A word at a time, the last 1 to 7 bytes as one word too: the keys are mostly words
        // shorter than eight bytes, which a round per byte hashed in as many rounds.
        let mut h = self.0;
        let mut rest = bytes;
        while let Some((c, r)) = rest.split_first_chunk::<8>() {
            h = FastHasher::round(h, u64::from_le_bytes(*c));
            rest = r;
        }
        let n = rest.len();
        if n >= 4 {
            // two 4-byte loads, overlapping for fewer than 8 bytes (equal keys, equal words)
            let lo = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
            let hi = u32::from_le_bytes(rest[n - 4..].try_into().expect("4 bytes"));
            h = FastHasher::round(h, u64::from(lo) | u64::from(hi) << 32);
        } else if n > 0 {
            let w = u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16;
            h = FastHasher::round(h, w | (n as u64) << 24);
        }
        self.0 = h;
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = FastHasher::round(self.0, u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The low bits of a product depend only on the low bits of its factors, and the table
        // takes its bucket from the low bits: bring the well-mixed high half down, since one
        // round per word no longer spreads a short key across them.
        self.0.rotate_left(26)
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;
use std::fmt;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::{contiguous::NFA, noncontiguous};
use aho_corasick::{Anchored, MatchKind};

use crate::text::{is_word_char, non_alnum_bytes};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The kinds an entry can have. `Demonym` ("Chinese", "Mongolian") is never output as an entity;
/// it blocks those words from being read as names and lets rules see a nationality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryType {
    Person,
    Title,
    Organization,
    Place,
    Event,
    Demonym,
}

impl EntryType {
    pub fn parse(s: &str) -> Option<EntryType> {
        Some(match s {
            "person" => EntryType::Person,
            "title" => EntryType::Title,
            "organization" => EntryType::Organization,
            "place" => EntryType::Place,
            "event" => EntryType::Event,
            "demonym" => EntryType::Demonym,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntryType::Person => "person",
            EntryType::Title => "title",
            EntryType::Organization => "organization",
            EntryType::Place => "place",
            EntryType::Event => "event",
            EntryType::Demonym => "demonym",
        }
    }
}

/// Text of an entry: borrowed from the dictionaries compiled into the binary (no copy at
/// start-up), owned for `--dict` files.
pub type Text = Cow<'static, str>;

/// One dictionary line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub surface: Text,
    pub kind: EntryType,
    /// Canonical name; `None` when it is the surface itself.
    pub canonical: Option<Text>,
    /// The raw `key=value;...` attribute column (see [`Entry::attrs`]).
    attrs: Text,
    /// True for entries from `--dict` files.
    pub user: bool,
}

impl Entry {
    pub fn canonical(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.surface)
    }

    /// The `key=value` attributes, trimmed, in file order.
    pub fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        attr_pairs(&self.attrs).filter_map(Result::ok)
    }
}

/// A problem found in a dictionary file, with its line number (1-based; 0 = whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for DictProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// The columns of one data line, borrowed from it. `attrs` is the raw attribute column.
struct Columns<'a> {
    surface: &'a str,
    kind: EntryType,
    canonical: Option<&'a str>,
    attrs: &'a str,
}

/// Splits a data line (not a comment, not blank) into its columns, or says what is wrong.
fn split_line(line: &str) -> Result<Columns<'_>, String> {
    let mut cols = line.split('\t');
    let surface = cols.next().unwrap_or("");
    let kind = cols.next();
    let canonical = cols.next();
    let attrs = cols.next();
    let extra = cols.count();
    let Some(kind) = kind.filter(|_| extra == 0) else {
        let n = line.split('\t').count();
        return Err(format!(
            "expected 2 to 4 tab-separated columns (surface, type, canonical, attributes), found {n}"
        ));
    };
    if surface.is_empty() || surface.trim() != surface {
        return Err(format!(
            "surface {surface:?} is empty or has surrounding spaces"
        ));
    }
    let Some(kind) = EntryType::parse(kind) else {
        return Err(format!(
            "unknown type {kind:?} (expected person, title, organization, place, event or demonym)"
        ));
    };
    let canonical = canonical
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != surface);
    Ok(Columns {
        surface,
        kind,
        canonical,
        attrs: attrs.unwrap_or(""),
    })
}

/// The `key=value` pairs of an attribute column, trimmed; `Err(pair)` for a malformed pair.
fn attr_pairs(col: &str) -> impl Iterator<Item = Result<(&str, &str), &str>> {
    col.split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim(), v.trim())),
            _ => Err(pair),
        })
}

impl Columns<'_> {
    /// The entry of a line (of a user file) whose attributes are known to be well-formed.
    fn to_entry(&self, user: bool) -> Entry {
        Entry {
            surface: Cow::Owned(self.surface.to_string()),
            kind: self.kind,
            canonical: self.canonical.map(|c| Cow::Owned(c.to_string())),
            attrs: Cow::Owned(self.attrs.to_string()),
            user,
        }
    }
}

/// Entries of a built-in file, borrowed from the binary. Built-in files are validated by
/// `tests/dictionaries.rs` (columns, types, attributes, duplicates), so start-up skips the
/// checks `parse_tsv` makes for user files; a malformed line is skipped, never fatal.
fn parse_builtin(content: &'static str, out: &mut Vec<Entry>) {
    for (_, line) in data_lines(content) {
        if let Ok(c) = split_line(line) {
            out.push(Entry {
                surface: Cow::Borrowed(c.surface),
                kind: c.kind,
                canonical: c.canonical.map(Cow::Borrowed),
                attrs: Cow::Borrowed(c.attrs),
                user: false,
            });
        }
    }
}

/// Data lines of a file: `(1-based line number, line without "\r")`, comments and blank
/// lines left out.
fn data_lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    content
        .lines()
        .enumerate()
        .map(|(i, raw)| (i + 1, raw.strip_suffix('\r').unwrap_or(raw)))
        .filter(|(_, line)| !(line.trim().is_empty() || line.starts_with('#')))
}

/// Parses one gazetteer file. Lines with problems are skipped and reported; the rest are kept.
pub fn parse_tsv(name: &str, content: &str, user: bool) -> (Vec<Entry>, Vec<DictProblem>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut seen: FastMap<(&str, EntryType), usize> = FastMap::default();
    let mut seen_surface: FastMap<&str, (EntryType, usize)> = FastMap::default();
    for (lineno, line) in data_lines(content) {
        let mut problem = |message: String| {
            problems.push(DictProblem {
                file: name.to_string(),
                line: lineno,
                message,
            });
        };
        let cols = match split_line(line) {
            Ok(c) => c,
            Err(message) => {
                problem(message);
                continue;
            }
        };
        let mut bad_attr = false;
        for pair in attr_pairs(cols.attrs) {
            if let Err(pair) = pair {
                problem(format!("attribute {pair:?} is not key=value"));
                bad_attr = true;
            }
        }
        if bad_attr {
            continue;
        }
        let (surface, kind) = (cols.surface, cols.kind);
        if let Some(prev) = seen.get(&(surface, kind)) {
            problem(format!(
                "duplicate entry {surface:?} ({}) first given on line {prev}",
                kind.as_str()
            ));
            continue;
        }
        if let Some((k, prev)) = seen_surface.get(surface) {
            problem(format!(
                "{surface:?} is listed as {} on line {prev} and as {} here (conflicting types)",
                k.as_str(),
                kind.as_str()
            ));
        }
        seen.insert((surface, kind), lineno);
        seen_surface.entry(surface).or_insert((kind, lineno));
        entries.push(cols.to_entry(user));
    }
    (entries, problems)
}

/// Validates raw bytes of a dictionary file (used by `press-ner dict check`): UTF-8, columns,
/// types, duplicates and conflicts. Plain `.txt` word lists are checked for UTF-8 and duplicates.
pub fn check_file(name: &str, bytes: &[u8]) -> Vec<DictProblem> {
    let content = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            return vec![DictProblem {
                file: name.to_string(),
                line,
                message: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            }];
        }
    };
    if name.ends_with(".txt") {
        let mut problems = Vec::new();
        let mut seen = HashMap::new();
        for (i, line) in content.lines().enumerate() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            if let Some(prev) = seen.insert(w.to_string(), i + 1) {
                problems.push(DictProblem {
                    file: name.to_string(),
                    line: i + 1,
                    message: format!("duplicate word {w:?} first given on line {prev}"),
                });
            }
        }
        return problems;
    }
    parse_tsv(name, content, true).1
}

/// Word lists used by the person and title rules (files under `names/` and `titles/*.txt`).
#[derive(Debug)]
pub struct Lexicon {
    /// The lists, the ones named in [`ListId`] first, in its order (empty when no file gives
    /// them).
    sets: Vec<FastSet<Text>>,
    /// List name (file stem) -> index into `sets`.
    by_name: BTreeMap<String, usize>,
    /// Per list, a [`ShapeFilter`] of its words, made at the first lookup (after the lists
    /// are loaded; a change to a list clears it): it answers most words that are not listed.
    shapes: Vec<std::sync::OnceLock<ShapeFilter>>,
}

/// A filter in front of a word list on the first byte, the length and the last byte of its
/// words: per first byte, 64 bits, one set for each entry's (length, last byte) pair (pairs
/// share bits). A word whose first byte has no entry with its pair's bit is in no list,
/// which answers most words asked about without hashing them (the last byte tells apart
/// many capitalized words of one first letter and length, which the length alone did not).
#[derive(Debug)]
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

/// A word list the rules consult per word, by its fixed place in the lexicon: looking it up
/// is an index, where a name costs a search of the named lists (string comparisons) first.
#[derive(Clone, Copy, Debug)]
pub struct ListId(usize);

impl ListId {
    pub const HONORIFICS: ListId = ListId(0);
    pub const PINYIN_SYLLABLES: ListId = ListId(1);
    pub const CHINESE_SURNAMES: ListId = ListId(2);
    pub const GIVEN_NAMES_ENGLISH: ListId = ListId(3);
    pub const GIVEN_NAMES_SLAVIC: ListId = ListId(4);
    pub const SURNAME_ENDINGS_SLAVIC: ListId = ListId(5);
    pub const MODIFIERS: ListId = ListId(6);
    /// The file stems of the lists above, in order.
    const NAMES: [&'static str; 7] = [
        "honorifics",
        "pinyin-syllables",
        "chinese-surnames",
        "given-names-english",
        "given-names-slavic",
        "surname-endings-slavic",
        "modifiers",
    ];
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon {
            sets: ListId::NAMES.iter().map(|_| FastSet::default()).collect(),
            by_name: ListId::NAMES
                .iter()
                .enumerate()
                .map(|(i, n)| (n.to_string(), i))
                .collect(),
            shapes: ListId::NAMES.iter().map(|_| Default::default()).collect(),
        }
    }
}

impl Lexicon {
    /// Whether `word` is in the list named `list` (file stem, e.g. "chinese-surnames").
    pub fn has(&self, list: &str, word: &str) -> bool {
        self.by_name
            .get(list)
            .is_some_and(|&i| self.sets[i].contains(word))
    }

    pub fn list(&self, list: &str) -> impl Iterator<Item = &str> {
        self.by_name
            .get(list)
            .into_iter()
            .flat_map(|&i| self.sets[i].iter().map(|w| w.as_ref()))
    }

    /// The list `id` (empty when no file gives it).
    pub fn set(&self, id: ListId) -> &FastSet<Text> {
        &self.sets[id.0]
    }

    /// [`Lexicon::has`] for a list of [`ListId`]; the list's shape answers most words that
    /// are not in it.
    pub fn contains(&self, id: ListId, word: &str) -> bool {
        let set = &self.sets[id.0];
        self.shapes[id.0]
            .get_or_init(|| ShapeFilter::new(set.iter().map(|w| w.as_ref())))
            .may_hold(word)
            && set.contains(word)
    }

    fn set_mut(&mut self, stem: &str) -> &mut FastSet<Text> {
        let i = match self.by_name.get(stem) {
            Some(&i) => i,
            None => {
                self.sets.push(FastSet::default());
                self.shapes.push(Default::default());
                self.by_name.insert(stem.to_string(), self.sets.len() - 1);
                self.sets.len() - 1
            }
        };
        self.shapes[i] = Default::default();
        &mut self.sets[i]
    }

    fn add_builtin(&mut self, stem: &str, content: &'static str) {
        self.set_mut(stem)
            .extend(list_words(content).map(Cow::Borrowed));
    }

    fn add(&mut self, stem: &str, content: &str) {
        self.set_mut(stem)
            .extend(list_words(content).map(|w| Cow::Owned(w.to_string())));
    }
}

/// The words of a plain word list: trimmed lines, comments and blank lines left out.
fn list_words(content: &str) -> impl Iterator<Item = &str> {
    content
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.starts_with('#'))
}

/// A gazetteer hit: the byte span and the entry index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// What a hit needs of an automaton pattern.
struct PatternInfo {
    len: u32,
    entry: u32,
}

/// All dictionary entries plus the automaton over their surfaces.
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Pattern id -> its length and entry index: pattern i is the surface of entry i, and
    /// maps to the entry that wins that surface (a user entry, else the first built-in one).
    /// Both in one place, so that a hit reads one cache line for them (with the automaton's
    /// own table of lengths, a hit missed the cache about once more).
    patterns: Vec<PatternInfo>,
    automaton: NFA,
    /// The first words of the surfaces, to pass over the words that start none.
    first_words: FirstWords,
    /// Tells this gazetteer's entries in the per-thread [`WordMemo`] from another's.
    id: u64,
    by_surface: FastMap<Text, usize>,
    pub lexicon: Lexicon,
    /// Every word of every title and organization entry ("Affairs", "Peacebuilding",
    /// "Development"): words of posts and bodies, which a person's name rarely contains.
    pub vocab: FastSet<Text>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// An error building the gazetteer from user dictionaries.
#[derive(Debug)]
pub struct DictError {
    pub problems: Vec<DictProblem>,
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DictError {}

impl Gazetteer {
    /// Builds from the built-in lists plus `user` files given as (name, content). Problems in
    /// user files are errors; problems in built-in files are bugs caught by tests.
    pub fn build(user: &[(String, String)]) -> Result<Gazetteer, DictError> {
        Gazetteer::build_beside(user, || ()).map(|(g, ())| g)
    }

    /// [`Gazetteer::build`], running `beside` on this thread while the automaton is built on
    /// another (start-up work that would otherwise wait, such as compiling regexes).
    pub fn build_beside<T>(
        user: &[(String, String)],
        beside: impl FnOnce() -> T,
    ) -> Result<(Gazetteer, T), DictError> {
        // user files first: they are small, and their problems are errors
        let mut user_entries = Vec::new();
        let mut problems = Vec::new();
        for (name, content) in user.iter().filter(|(n, _)| !n.ends_with(".txt")) {
            let (e, p) = parse_tsv(name, content, true);
            user_entries.extend(e);
            problems.extend(p);
        }
        if !problems.is_empty() {
            return Err(DictError { problems });
        }
        // The automaton is the largest start-up cost. Its thread reads the surfaces straight
        // from the embedded files (the same lines `parse_builtin` keeps, in the same order, so
        // pattern i is entry i) while this thread parses the entries and builds the maps.
        Ok(std::thread::scope(|scope| {
            let ac = scope.spawn(|| {
                let builtin = builtin::BUILTIN
                    .iter()
                    .filter(|(name, _)| name.ends_with(".tsv"))
                    .flat_map(|(_, content)| data_lines(content))
                    .filter_map(|(_, line)| split_line(line).ok().map(|c| c.surface));
                let users = user_entries.iter().map(|e| e.surface.as_ref());
                automaton(builtin.chain(users))
            });
            let mut entries = Vec::with_capacity(1 << 16);
            let mut lexicon = Lexicon::default();
            for (name, content) in builtin::BUILTIN {
                if name.ends_with(".tsv") {
                    parse_builtin(content, &mut entries);
                } else {
                    lexicon.add_builtin(stem(name), content);
                }
            }
            for (name, content) in user.iter().filter(|(n, _)| n.ends_with(".txt")) {
                lexicon.add(stem(name), content);
            }
            entries.extend(user_entries.iter().cloned());
            let mut side = None;
            let g = Gazetteer::from_parts(entries, lexicon, || {
                side = Some(beside());
                ac.join().expect("automaton thread")
            });
            (g, side.expect("run before the automaton is taken"))
        }))
    }

    /// A gazetteer of these entries only (tests).
    #[cfg(test)]
    fn from_entries(entries: Vec<Entry>, lexicon: Lexicon) -> Gazetteer {
        let ac = automaton(entries.iter().map(|e| e.surface.as_ref()));
        Gazetteer::from_parts(entries, lexicon, || ac)
    }

    /// Assembles the maps around `entries`; `automaton` gives the automaton whose pattern i is
    /// the surface of entry i (called last, so that it can be built meanwhile).
    fn from_parts(
        entries: Vec<Entry>,
        lexicon: Lexicon,
        automaton: impl FnOnce() -> NFA,
    ) -> Gazetteer {
        // One entry per surface. A user entry replaces built-in ones with the same surface;
        // among built-ins the first file in path order wins (tests keep types unambiguous).
        let mut by_surface: FastMap<Text, usize> =
            FastMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (i, e) in entries.iter().enumerate() {
            match by_surface.entry(e.surface.clone()) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    if e.user {
                        *o.get_mut() = i;
                    }
                }
            }
        }
        let patterns: Vec<PatternInfo> = entries
            .iter()
            .map(|e| PatternInfo {
                len: u32::try_from(e.surface.len()).expect("a surface of under 4 GB"),
                entry: u32::try_from(by_surface[e.surface.as_ref()]).expect("under 2^32 entries"),
            })
            .collect();
        let vocab = vocab_of(&entries);
        let first_words = FirstWords::new(entries.iter().map(|e| e.surface.as_ref()));
        Gazetteer {
            entries,
            patterns,
            automaton: automaton(),
            first_words,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            by_surface,
            lexicon,
            vocab,
        }
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// The number of distinct surfaces.
    pub fn len(&self) -> usize {
        self.by_surface.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_surface.is_empty()
    }

    /// All hits whose both ends fall on word boundaries, possibly overlapping, sorted by
    /// (start, longest first).
    pub fn find_all(&self, text: &str) -> Vec<Hit> {
        // An overlapping search driven by hand, so that it can use what the generic one cannot
        // know: a hit only counts when it starts on a word boundary. When the automaton is back
        // in its start state inside a word, no pattern prefix is pending, and every position
        // up to the end of that word is a non-boundary, so no counted hit can start there: the
        // rest of the word is skipped instead of being fed byte by byte (most words of prose
        // start no surface, and surfaces that start with a non-word character such as "'"
        // still stop the skip). Restarting from the start state only drops candidates that
        // begin inside the skipped part, so the hits are exactly the ones the full search keeps.
        let nfa = &self.automaton;
        let bytes = text.as_bytes();
        let start = nfa
            .start_state(Anchored::No)
            .expect("unanchored search is supported");
        // about one hit per 60 bytes of prose: sized so that it seldom grows
        let mut hits = Vec::with_capacity(bytes.len() / 40 + 4);
        MEMO.with_borrow_mut(|memo| {
            memo.serve(self.id);
            let mut sid = start;
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                // At the start of a word, with no prefix pending: a hit can start here only
                // if this whole word is the first word of a surface (both ends of a hit fall
                // on boundaries), so a word that is none is passed over unread by the
                // automaton. This costs about the instructions it saves, but it is faster:
                // each automaton step waits for a load that depends on the step before (the
                // automaton is 4 MB, so the load often misses the cache), while the filter's
                // loads do not queue.
                if sid == start {
                    if is_ascii_word(b) {
                        if i == 0 || !is_ascii_word(bytes[i - 1]) && bytes[i - 1].is_ascii() {
                            let word_start = i;
                            let mut probe = self.first_words.probe(bytes, i);
                            // Most words are followed by a space and another word: while the
                            // words are no first words, the next one is probed at once,
                            // without a round of this loop for the space (which starts no
                            // surface) and the test for a word start.
                            while let Probe::NotFirst(end) = probe {
                                i = end;
                                if bytes.get(end) == Some(&b' ')
                                    && bytes.get(end + 1).is_some_and(|&c| is_ascii_word(c))
                                    && !self.first_words.may_start(b' ')
                                {
                                    i = end + 1;
                                    probe = self.first_words.probe(bytes, i);
                                } else {
                                    break;
                                }
                            }
                            match probe {
                                Probe::NotFirst(_) => continue,
                                Probe::Maybe(word) => {
                                    // a first word: the state it leads to, from the memo
                                    // when it was seen lately (no hit ends inside a word,
                                    // so only its end is checked, as after a step)
                                    let (after, node) = memo.state(&word, || {
                                        let w = &bytes[i..i + word.len];
                                        (walk_word(nfa, start, w), surface_node(nfa, w))
                                    });
                                    i += word.len;
                                    if nfa.is_match(after) {
                                        self.push_hits(text, after, i, &mut hits);
                                    }
                                    if bytes.get(i) == Some(&b' ') {
                                        // (no hit ends after a space: no surface ends with one)
                                        i += 1;
                                        sid = if self.first_words.may_start(b' ') {
                                            nfa.next_state(Anchored::No, after, b' ')
                                        } else {
                                            self.next_word(node, bytes, &mut i, text, &mut hits)
                                        };
                                    } else {
                                        sid = after;
                                    }
                                    continue;
                                }
                                // (read again from the top, where `b` is this word's)
                                Probe::Unread if i != word_start => continue,
                                Probe::Unread => {}
                            }
                        }
                    } else if !self.first_words.may_start(b) {
                        // a space or punctuation no surface starts with leads from the
                        // start state back to it, so it is stepped over (most of the bytes
                        // fed were these: 12% fewer instructions here, though these steps
                        // hit the cache and wall time hardly changes)
                        i += 1;
                        continue;
                    }
                }
                sid = nfa.next_state(Anchored::No, sid, b);
                i += 1;
                if nfa.is_match(sid) {
                    self.push_hits(text, sid, i, &mut hits);
                } else if sid == start && is_ascii_word(b) {
                    // only ASCII letters and digits are skipped: any other byte ends the
                    // skip (conservatively: restarting at a position inside a word is still
                    // exact)
                    i = ascii_word_end(bytes, i);
                }
            }
        });
        // (`push_hits` keeps them sorted; a surface listed twice is two patterns of one entry,
        // and equal spans always have equal entries)
        hits.dedup();
        hits
    }

    /// After a first word and a space, at `*i`, with `node` the trie node of the surfaces
    /// that start with that word and a space (or the dead state): the state to go on from.
    ///
    /// A surface that starts before `*i` and counts starts at the first word (no surface
    /// starts with a space, and no counted one inside a word), so it is one of `node`'s. The
    /// automaton's state here is `node` itself when it is not dead (the longest pending
    /// prefix is the whole first word and space); each step from it follows a real
    /// transition for as long as one of those surfaces goes on, and the same steps without
    /// failure transitions (anchored) end in the dead state once none does. When that
    /// happens within the next word, or there are none, the search restarts from the start
    /// state at `*i` (dropping only candidates that cannot count), where the next word is
    /// probed like any other instead of being stepped byte by byte through the automaton,
    /// a chain of loads that often miss the cache. Otherwise `*i` moves past the word
    /// (with its hits), and the state there is returned.
    #[inline]
    fn next_word(
        &self,
        node: StateID,
        bytes: &[u8],
        i: &mut usize,
        text: &str,
        hits: &mut Vec<Hit>,
    ) -> StateID {
        let nfa = &self.automaton;
        let start = nfa
            .start_state(Anchored::No)
            .expect("unanchored search is supported");
        if nfa.is_dead(node) {
            return start;
        }
        let mut sid = node;
        let mut j = *i;
        while let Some(&b) = bytes.get(j).filter(|&&b| is_ascii_word(b)) {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_dead(sid) {
                return start;
            }
            j += 1;
        }
        *i = j;
        if nfa.is_match(sid) {
            self.push_hits(text, sid, j, hits);
        }
        sid
    }

    /// The hits of match state `sid` reached at `i`: every pattern of the state ends there,
    /// so that end is checked once for all of them.
    fn push_hits(&self, text: &str, sid: StateID, i: usize, hits: &mut Vec<Hit>) {
        let nfa = &self.automaton;
        if !word_boundary(text, i) {
            return;
        }
        for k in 0..nfa.match_len(sid) {
            let p = &self.patterns[nfa.match_pattern(sid, k).as_usize()];
            let s = i - p.len as usize;
            if word_boundary(text, s) {
                // Hits come in order of their ends, and are kept sorted by (start, longest
                // first) by moving each back past the hits it sorts before: seldom any, since
                // hits seldom overlap (sorting them at the end cost 4,600 instructions an
                // article).
                let hit = Hit {
                    start: s,
                    end: i,
                    entry: p.entry as usize,
                };
                let mut k = hits.len();
                while k > 0 && hit_order(&hit, &hits[k - 1]).is_lt() {
                    k -= 1;
                }
                hits.insert(k, hit);
            }
        }
    }

    /// Looks up an exact surface.
    pub fn lookup(&self, surface: &str) -> Option<&Entry> {
        self.by_surface.get(surface).map(|&i| &self.entries[i])
    }
}

/// The order of [`Gazetteer::find_all`]'s hits: by start, the longest first.
fn hit_order(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    a.start.cmp(&b.start).then(b.end.cmp(&a.end))
}

/// Every word of every title and organization entry, longer than two letters and capitalized.
fn vocab_of(entries: &[Entry]) -> FastSet<Text> {
    let keep = |w: &&str| w.chars().count() > 2 && w.chars().next().is_some_and(char::is_uppercase);
    let mut vocab = FastSet::default();
    for e in entries
        .iter()
        .filter(|e| matches!(e.kind, EntryType::Title | EntryType::Organization))
    {
        match &e.surface {
            Cow::Borrowed(s) => vocab.extend(s.split([' ', '-']).filter(keep).map(Cow::Borrowed)),
            Cow::Owned(s) => vocab.extend(
                s.split([' ', '-'])
                    .filter(keep)
                    .map(|w| Cow::Owned(w.to_string())),
            ),
        }
    }
    vocab
}

/// The automaton over the surfaces, pattern i being the i-th surface. It is a contiguous NFA
/// used directly (what `AhoCorasick` would choose for this many patterns) so that `find_all`
/// can drive it byte by byte.
fn automaton<'a>(surfaces: impl Iterator<Item = &'a str>) -> NFA {
    // Measured on the built-in surfaces: dense rows for the first two bytes only (the default
    // is three) and no byte classes build in 24 ms instead of 32 ms, with 4.4 MB instead of
    // 7.2 MB; `find_all` is faster with them too (three dense levels: about 10% slower, one:
    // about 8% slower; byte classes: no clear difference).
    const DENSE_DEPTH: usize = 2;
    // The contiguous builder does not pass its dense depth on to the intermediate
    // noncontiguous NFA (`AhoCorasickBuilder` does), so that one is built here: with the
    // default depth it costs 3 MB more peak memory at start-up.
    let nfa = noncontiguous::NFA::builder()
        .match_kind(MatchKind::Standard)
        .dense_depth(DENSE_DEPTH)
        // `find_all` never consults a prefilter
        .prefilter(false)
        .build(surfaces)
        .expect("dictionary automaton");
    NFA::builder()
        .dense_depth(DENSE_DEPTH)
        .byte_classes(false)
        .build_from_noncontiguous(&nfa)
        .expect("dictionary automaton")
}

/// A filter of the first words of the surfaces: one bit per hash of each first word (the
/// run of word characters a surface starts with). A hit that starts with a word character
/// has boundaries at both ends, so the text's whole word at its start is the surface's first
/// word: a word whose bit is clear starts no hit. A set bit only means "maybe" (about 3% of
/// other words share a bit with some first word); the automaton then decides.
struct FirstWords {
    bits: Vec<u64>,
    /// Per first byte, the bits a word may take: all for a capital A-Z, else the first few
    /// thousand only. Prose is mostly lower-case words, and nearly every first word is
    /// capitalized (16 of the ~35,000 built-in ones are not), so those words are looked up in
    /// the start of the table, which stays in the L1 cache (512 bytes for the built-in
    /// dictionaries: about 3% of the words there share a bit with a capitalized first word,
    /// as in the whole table).
    masks: [u32; 256],
    /// Per byte, whether a surface starts with it; always true from 0x80 on (a non-ASCII
    /// character is left to the automaton).
    starts: [bool; 256],
}

impl FirstWords {
    /// 2^20 bits (128 KB) for the ~34,000 first words of the built-in surfaces.
    const BITS: u32 = 20;
    const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

    fn new<'a>(surfaces: impl Iterator<Item = &'a str> + Clone) -> FirstWords {
        let first_word = |s: &'a str| {
            let n = s
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(s.len(), |(k, _)| k);
            &s.as_bytes()[..n]
        };
        // 64 bits for each such first word (at least 2^12, at most 2^20): about as sparse as
        // the whole table (2^20 bits for ~35,000 words)
        let others = surfaces
            .clone()
            .map(first_word)
            .filter(|w| w.first().is_some_and(|b| !b.is_ascii_uppercase()))
            .count();
        let other_bits = (others * 64).next_power_of_two().clamp(1 << 12, 1 << 20);
        let mut f = FirstWords {
            bits: vec![0; 1 << (FirstWords::BITS - 6)],
            masks: std::array::from_fn(|b| {
                if (b as u8).is_ascii_uppercase() {
                    (1 << FirstWords::BITS) - 1
                } else {
                    other_bits as u32 - 1
                }
            }),
            starts: std::array::from_fn(|b| b >= 0x80),
        };
        for s in surfaces {
            if let Some(&b) = s.as_bytes().first() {
                f.starts[usize::from(b)] = true;
            }
            let w = first_word(s);
            if !w.is_empty() {
                let bit = f.bit_of(w);
                f.bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        f
    }

    /// Byte `b` may start a surface (if not, the automaton's start state leads to itself on
    /// it).
    #[inline]
    fn may_start(&self, b: u8) -> bool {
        self.starts[usize::from(b)]
    }

    #[inline]
    fn mix(h: u64, v: u64) -> u64 {
        (h ^ v).wrapping_mul(FirstWords::MUL).rotate_left(29)
    }

    /// The bit of a word from the hash of its bytes, among those its first byte allows.
    #[inline]
    fn finish(&self, h: u64, len: usize, first: u8) -> usize {
        let h = FirstWords::mix(h, len as u64).wrapping_mul(FirstWords::MUL);
        (h >> (64 - FirstWords::BITS)) as usize & self.masks[usize::from(first)] as usize
    }

    /// The bit of a word: its full 8-byte chunks and then its last 0 to 7 bytes (zero-padded)
    /// mixed in, and its length. [`FirstWords::probe`] computes the same from the text.
    fn bit_of(&self, word: &[u8]) -> usize {
        let mut h = 0;
        let mut chunks = word.chunks_exact(8);
        for c in &mut chunks {
            h = FirstWords::mix(h, u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.finish(
            FirstWords::mix(h, u64::from_le_bytes(last)),
            word.len(),
            word[0],
        )
    }

    /// Reads the ASCII word starting at `i`: whether it may be a first word. A word that
    /// runs into a non-ASCII byte (which may continue it) or into the last seven bytes of
    /// the text is not read here.
    #[inline]
    fn probe(&self, bytes: &[u8], i: usize) -> Probe {
        let mut h = 0;
        let mut j = i;
        // the word's first eight bytes, for the memo's key
        let mut first = 0;
        loop {
            let Some(&x) = bytes.get(j..).and_then(|r| r.first_chunk::<8>()) else {
                return Probe::Unread;
            };
            let x = u64::from_le_bytes(x);
            let stop = non_alnum_bytes(x);
            if stop == 0 {
                h = FirstWords::mix(h, x);
                if j == i {
                    first = x;
                }
                j += 8;
                continue;
            }
            let n = (stop.trailing_zeros() / 8) as usize;
            if bytes[j + n] >= 0x80 {
                return Probe::Unread;
            }
            let last = x & (1u64 << (8 * n)).wrapping_sub(1);
            let len = j + n - i;
            let bit = self.finish(FirstWords::mix(h, last), len, bytes[i]);
            if self.bits[bit / 64] & (1 << (bit % 64)) == 0 {
                return Probe::NotFirst(j + n);
            }
            let (lo, hi) = if j == i { (last, 0) } else { (first, last) };
            return Probe::Maybe(FirstWord { len, lo, hi, bit });
        }
    }
}

/// What [`FirstWords::probe`] learned of a word.
enum Probe {
    /// No first word: its end.
    NotFirst(usize),
    /// Maybe a first word.
    Maybe(FirstWord),
    /// Not read (see [`FirstWords::probe`]).
    Unread,
}

/// A word that may be a surface's first word: its length, its first sixteen bytes
/// (zero-padded; a key only when it has no more) and its filter bit.
struct FirstWord {
    len: usize,
    lo: u64,
    hi: u64,
    bit: usize,
}

/// The state the automaton reaches from `start` on the bytes of a first word, as
/// [`Gazetteer::find_all`] steps them: back in the start state inside the word, it stays
/// there to the word's end (no hit can start in the rest of it).
fn walk_word(nfa: &NFA, start: StateID, word: &[u8]) -> StateID {
    let mut sid = start;
    for &b in word {
        sid = nfa.next_state(Anchored::No, sid, b);
        if sid == start {
            break;
        }
    }
    sid
}

/// The trie node of the surfaces that start with `word` and a space (reached from the
/// anchored start state, so without failure transitions), or the dead state when none does.
fn surface_node(nfa: &NFA, word: &[u8]) -> StateID {
    let mut sid = nfa
        .start_state(Anchored::Yes)
        .expect("anchored search is supported");
    for &b in word.iter().chain(b" ") {
        sid = nfa.next_state(Anchored::Yes, sid, b);
        if nfa.is_dead(sid) {
            break;
        }
    }
    sid
}

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

thread_local! {
    static MEMO: std::cell::RefCell<WordMemo> = std::cell::RefCell::new(WordMemo::new());
}

/// A per-thread memo of the state each first word seen lately leads the automaton to, from
/// its start state. Prose repeats its names ("China", "Ministry", "President"), and
/// stepping a word's bytes through the automaton is a chain of dependent loads in a 4 MB
/// structure; a memo hit is one load from this table (2,048 slots of 32 bytes: 64 KB; on
/// the sample it answers 91% of first words, 93% over 20 MB). Direct-mapped by the word's
/// filter bit, keyed by the word's bytes themselves (words of up to sixteen bytes), so a
/// hit is exact; a longer word is always stepped.
struct WordMemo {
    /// The gazetteer whose states the slots hold.
    owner: Option<u64>,
    slots: Box<[MemoSlot]>,
}

#[derive(Clone, Copy)]
struct MemoSlot {
    lo: u64,
    hi: u64,
    /// 0 for an empty slot (no first word is empty)
    len: u32,
    /// The state after the word, and [`surface_node`] of the word.
    after: StateID,
    node: StateID,
}

impl WordMemo {
    const SLOTS: usize = 2048;
    const EMPTY: MemoSlot = MemoSlot {
        lo: 0,
        hi: 0,
        len: 0,
        after: StateID::ZERO,
        node: StateID::ZERO,
    };

    fn new() -> WordMemo {
        WordMemo {
            owner: None,
            slots: vec![WordMemo::EMPTY; WordMemo::SLOTS].into_boxed_slice(),
        }
    }

    /// Readies the memo for the gazetteer `id` (emptied when it held another's states).
    #[inline]
    fn serve(&mut self, id: u64) {
        if self.owner != Some(id) {
            self.slots.fill(WordMemo::EMPTY);
            self.owner = Some(id);
        }
    }

    /// The state `word` leads to and its [`surface_node`]: from the memo, or from `walk`
    /// (then remembered).
    #[inline]
    fn state(
        &mut self,
        word: &FirstWord,
        walk: impl FnOnce() -> (StateID, StateID),
    ) -> (StateID, StateID) {
        if word.len > 16 {
            return walk();
        }
        let slot = &mut self.slots[word.bit % WordMemo::SLOTS];
        if slot.len as usize == word.len && slot.lo == word.lo && slot.hi == word.hi {
            return (slot.after, slot.node);
        }
        let (after, node) = walk();
        *slot = MemoSlot {
            lo: word.lo,
            hi: word.hi,
            len: word.len as u32,
            after,
            node,
        };
        (after, node)
    }
}

fn stem(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('.').map_or(file, |(s, _)| s)
}

/// A word boundary before byte `i`: no word character on both sides.
pub fn boundary_before(text: &str, i: usize) -> bool {
    let prev = text[..i].chars().next_back();
    let next = text[i..].chars().next();
    !(prev.is_some_and(is_word_char) && next.is_some_and(is_word_char))
}

/// A word boundary after byte `i` (the end of a hit). A letter touching a letter or a digit
/// touching a digit breaks it.
pub fn boundary_after(text: &str, i: usize) -> bool {
    boundary_before(text, i)
}

/// ASCII letters and digits: the ASCII bytes `is_word_char` accepts.
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

fn is_ascii_word(b: u8) -> bool {
    ASCII_WORD[usize::from(b)]
}

/// The end of the run of ASCII letters and digits from `i` on.
fn ascii_word_end(bytes: &[u8], i: usize) -> usize {
    i + bytes[i..].iter().take_while(|&&b| is_ascii_word(b)).count()
}

/// [`boundary_before`] for a position that may fall inside a character (never a boundary
/// then), deciding from the bytes alone when both neighbours are ASCII (each is then a whole
/// character, and an ASCII word character is a letter or a digit), where the general test
/// decodes a character on each side. The person rules' `link` asks it too.
#[inline]
pub(crate) fn word_boundary(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    match (i.checked_sub(1).map(|j| bytes[j]), bytes.get(i)) {
        (None, _) | (_, None) => true,
        (Some(p), Some(&n)) if p.is_ascii() && n.is_ascii() => {
            !(is_ascii_word(p) && is_ascii_word(n))
        }
        _ => text.is_char_boundary(i) && boundary_before(text, i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every occurrence of every surface with word boundaries at both ends, by brute force.
    fn brute_force(g: &Gazetteer, text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for s in (0..=text.len()).filter(|&s| text.is_char_boundary(s)) {
            let mut here: Vec<(usize, usize, String)> = g
                .entries
                .iter()
                .filter(|e| text[s..].starts_with(e.surface.as_ref()))
                .map(|e| (s, s + e.surface.len(), e.surface.to_string()))
                .filter(|&(s, e, _)| boundary_before(text, s) && boundary_after(text, e))
                .collect();
            here.sort_by_key(|h| std::cmp::Reverse(h.1));
            out.extend(here);
        }
        out
    }

    #[test]
    fn word_boundary_answers_as_boundary_before() {
        let mut rng = crate::testutil::XorShift::new(0x0DDB_A110_FF00_D123);
        let pieces = [
            "Wang", "9", "Öz", "e\u{301}", "ß", " ", ",", "-", "“", "x", "中国", "\n",
        ];
        for _ in 0..2000 {
            let n = rng.below(8);
            let text = rng.glue(&pieces, &["", " ", ""], n);
            for i in 0..=text.len() {
                let want = text.is_char_boundary(i) && boundary_before(&text, i);
                assert_eq!(word_boundary(&text, i), want, "{text:?} {i}");
            }
        }
    }

    #[test]
    fn list_ids_name_built_in_lists() {
        // a renamed or missing list file would leave its slot silently empty
        let g = Gazetteer::build(&[]).expect("built-in dictionaries");
        for (i, name) in ListId::NAMES.iter().enumerate() {
            let set = g.lexicon.set(ListId(i));
            assert!(!set.is_empty(), "{name}");
            assert_eq!(set.len(), g.lexicon.list(name).count(), "{name}");
            assert!(set.iter().all(|w| g.lexicon.has(name, w)), "{name}");
            // the shape in front of `contains` never turns a listed word away
            assert!(
                set.iter().all(|w| g.lexicon.contains(ListId(i), w)),
                "{name}"
            );
        }
    }

    #[test]
    fn gazetteers_on_one_thread_keep_their_own_memo() {
        // the per-thread memo of first-word states holds one gazetteer's states at a time:
        // two gazetteers searched in turn on one thread, with the same first words leading
        // to different states in each, must each find their own hits
        let build = |dict: &str| {
            let (entries, problems) = parse_tsv("t.tsv", dict, true);
            assert!(problems.is_empty());
            Gazetteer::from_entries(entries, Lexicon::default())
        };
        let a = build("Geneva\tplace\nNew Delhi\tplace\nBank\torganization\n");
        let b = build("Zug\tplace\nNew York\tplace\nGeneva Bank\torganization\nGeneva\tplace\n");
        let text = "New Delhi and New York; the Geneva Bank in Geneva. New Delhi, Zug, Geneva Bank";
        for _ in 0..3 {
            for g in [&a, &b] {
                let got: Vec<(usize, usize, String)> = g
                    .find_all(text)
                    .into_iter()
                    .map(|h| (h.start, h.end, g.entry(h.entry).surface.to_string()))
                    .collect();
                assert_eq!(got, brute_force(g, text));
            }
        }
    }

    #[test]
    fn many_lower_case_first_words_are_all_found() {
        // lower-case first words are looked up in the start of the filter, sized by how many
        // there are: with thousands of them (a user dictionary of lower-case terms), every
        // one must still be found, and capitalized ones beside them
        let word = |mut n: usize, first: u8| {
            let mut w = vec![first];
            while n > 0 {
                w.push(b'a' + (n % 26) as u8);
                n /= 26;
            }
            String::from_utf8(w).unwrap()
        };
        let mut dict = String::new();
        for n in 0..3000 {
            dict += &format!("{} term\tevent\n{}\tplace\n", word(n, b'q'), word(n, b'Q'));
        }
        let (entries, problems) = parse_tsv("t.tsv", &dict, true);
        assert!(problems.is_empty());
        let g = Gazetteer::from_entries(entries, Lexicon::default());
        let mut text = String::new();
        for n in (0..3200).rev() {
            text += &format!(
                "{} term, {} and {} ",
                word(n, b'q'),
                word(n, b'Q'),
                word(n, b'z')
            );
        }
        let got: Vec<(usize, usize, String)> = g
            .find_all(&text)
            .into_iter()
            .map(|h| (h.start, h.end, text[h.start..h.end].to_string()))
            .collect();
        assert_eq!(got.len(), 6000);
        assert_eq!(got, brute_force(&g, &text));
    }

    #[test]
    fn find_all_gives_exactly_the_boundary_hits() {
        // surfaces that start with a non-word character ("'Afak", "’Ain") or a lower-case
        // letter can begin inside a word or right after one, and some of them overlap,
        // contain or end others ("Isla Nova", "la Nova", "Nova"; "Hotel", "el Clot"; "6th
        // Day", "th Day"); first words of eight letters and more, and words that go on
        // past one or end in a non-ASCII letter, test the first-word filter at its edges
        let dict = "York\tplace\nNew York\tplace\nNew York City\tplace\nZürich\tplace\n\
                    Ōno\tplace\nel Clot\tplace\nG20\torganization\nUN\torganization\n\
                    Bank\torganization\nWorld Bank\torganization\nA\tplace\n\
                    'Afak\tplace\n’Ain\tplace\nla Nova\tplace\nIsla Nova\tplace\n\
                    Nova\tplace\nla\tplace\nHotel\tplace\ndpa\torganization\n\
                    al-Qaeda\torganization\n6th Day\tevent\nth Day\tevent\n20\tplace\nelé\tplace\n\
                    Ministry\torganization\nPeacebuilding Commission\torganization\n\
                    Commission\torganization\n";
        let (entries, problems) = parse_tsv("t.tsv", dict, true);
        assert!(problems.is_empty());
        let g = Gazetteer::from_entries(entries, Lexicon::default());
        // fragments glued in pseudo-random order: words, word parts, punctuation, non-ASCII
        let parts = [
            "New",
            " ",
            "York",
            "City",
            "Zürich",
            "Ōno",
            "el",
            "Clot",
            "G20",
            "G2",
            "UN",
            "UNO",
            "-",
            "'s",
            ",",
            "World",
            "Bank",
            "Banks",
            "A",
            "a",
            "é",
            "\n",
            "0",
            "x",
            "'",
            "’",
            "Afak",
            "Ain",
            "Hot",
            "la",
            "Nova",
            "Isla",
            "dpa",
            "Udpa",
            "6th",
            "Day",
            "6",
            "al",
            "-Qaeda",
            "Hotel",
            "20",
            "elé",
            "th",
            "6th Day",
            "la Nova",
            "el Clot",
            "Ministry",
            "Ministryé",
            "Ministr",
            "Peacebuilding",
            "Peacebuildings",
            "Commission",
            "Commissioner",
        ];
        let mut seed = 7u64;
        for _ in 0..1000 {
            let mut text = String::new();
            for _ in 0..30 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            let got: Vec<(usize, usize, String)> = g
                .find_all(&text)
                .into_iter()
                .map(|h| (h.start, h.end, g.entry(h.entry).surface.to_string()))
                .collect();
            assert_eq!(got, brute_force(&g, &text), "{text:?}");
        }
    }
}
