//! Organization patterns: most bodies named in releases are in no list, so they are built from
//! their shape around a head noun ("Office", "Bureau", "Ministry", "Division", "School", ...):
//!
//! - modifiers + head: "Changchun Municipal Education Bureau", "Chinese Embassy",
//!   "District Attorney's Office", "Changchun No. 1 Middle School"
//! - head + portfolio: "Ministry of Commerce", "Department of Asian Affairs",
//!   "Office of the Spokesperson", "Forum on China-Africa Cooperation"
//! - chains: "<org> of <org>", "<org> of <place>", "<org> in <place>":
//!   "International Cooperation and Exchange Division of Changchun Municipal Education Bureau",
//!   "Foreign Affairs Office of Krasnoyarsk", "Embassy of China in Mexico"
//! - gazetteer organizations take the same tails ("Ministry of Foreign Affairs" + "of the
//!   People's Republic of China").
//! - a parenthesized acronym right after an organization names it: "(CHP)" (linked in
//!   `extract.rs`, for gazetteer and rule organizations alike).
//!
//! Rule ids: `org-head`, `org-gazetteer-chain`, `org-after-title`.

use super::persons::{
    word_flags, word_flags_unfiltered, CALENDAR, FUNCTION, HEAD, HEAD_FIRST as HEAD_FIRST_WORD,
};
use super::{with_lower, Cand, Kind, View};
use crate::gazetteer::Hit;
use crate::text::{is_all_caps, TokKind, Token};

/// Head nouns that end an organization name.
pub const HEADS: &[&str] = &[
    "Academy",
    "Administration",
    "Agency",
    "Alliance",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Bureau",
    "Cabinet",
    "Centre",
    "Center",
    "Chamber",
    "Club",
    "Coalition",
    "College",
    "Command",
    "Commission",
    "Committee",
    "Company",
    "Corps",
    "Consulate",
    "Consulate-General",
    "Corporation",
    "Council",
    "Court",
    "Delegation",
    "Department",
    "Directorate",
    "Division",
    "Embassy",
    "Federation",
    "Forces",
    "Forum",
    "Foundation",
    "Fund",
    "Government",
    "Group",
    "Hospital",
    "Institute",
    "Institution",
    "Lab",
    "Laboratory",
    "League",
    "Legislature",
    "Ministry",
    "Mission",
    "Navy",
    "Office",
    "Organisation",
    "Organization",
    "Parliament",
    "Party",
    "Police",
    "Procuratorate",
    "Program",
    "Programme",
    "School",
    "Secretariat",
    "Senate",
    "Service",
    "Society",
    "Squad",
    "Unit",
    "University",
];

/// Heads that may be followed directly by a portfolio: "Ministry of Commerce".
pub(super) const HEAD_FIRST: &[&str] = &[
    "Academy",
    "Administration",
    "Agency",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Bureau",
    "Centre",
    "Center",
    "Chamber",
    "College",
    "Commission",
    "Committee",
    "Council",
    "Court",
    "Department",
    "Directorate",
    "Division",
    "Federation",
    "Forum",
    "Foundation",
    "Fund",
    "Institute",
    "League",
    "Ministry",
    "Office",
    "Organisation",
    "Organization",
    "Secretariat",
    "Service",
    "Society",
    "University",
];

/// Suffixes of compound heads ("Subcommittee", "Sub-Office"), lower case.
const SUB_HEADS: &[&str] = &[
    "committee",
    "commission",
    "office",
    "bureau",
    "division",
    "department",
];

/// The length of the shortest `SUB_HEADS` entry (at least 1: see the test).
const SUB_HEAD_MIN_LEN: usize = {
    let mut min = usize::MAX;
    let mut i = 0;
    while i < SUB_HEADS.len() {
        if SUB_HEADS[i].len() < min {
            min = SUB_HEADS[i].len();
        }
        i += 1;
    }
    min
};
// (`is_head` slices the first three bytes of a word longer than `SUB_HEAD_MIN_LEN + 2`)
const _: () = assert!(SUB_HEAD_MIN_LEN >= 1);

/// A filter of the shapes of `HEADS` (as `ShapeFilter`'s: per first byte, one of 64 bits for
/// each entry's length and last byte), built at compile time. `is_head` runs for nearly every
/// capitalized token of an article (organization cores, name runs, titles): the filter answers
/// most words without a lookup, and `HEADS` is a bit of the word table of
/// `persons::word_flags` (a linear scan of the list compared the word with dozens of entries
/// each time), so membership answers the same. (A constant rather than a `ShapeFilter` built
/// on first use: no check that it is built at each word, and `pass_over` asks it on bytes.)
const HEAD_SHAPES: [u64; 256] = shape_table(HEADS);

/// The same filter of the shapes of `FUNCTION_WORDS` (lower-case ASCII words: see the test),
/// for `is_stop_mod`.
const FUNCTION_SHAPES: [u64; 256] = shape_table(super::FUNCTION_WORDS);

/// Per first byte, the `head_shape_bit` of each word of `words` (none of them empty).
const fn shape_table(words: &[&str]) -> [u64; 256] {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < words.len() {
        let h = words[i].as_bytes();
        t[h[0] as usize] |= head_shape_bit(h.len(), h[h.len() - 1]);
        i += 1;
    }
    t
}

/// One of 64 bits from a word's length and last byte (equal words, equal bits).
#[inline(always)]
const fn head_shape_bit(len: usize, last: u8) -> u64 {
    let h = (len as u64).wrapping_mul(0x9E37_79B9) ^ (last as u64).wrapping_mul(0x85EB_CA6B);
    1 << (h >> 7 & 63)
}

/// False when no entry of `HEADS` has `w`'s first byte and shape bit (true for an empty word).
#[inline(always)]
fn head_shape_may_hold(w: &[u8]) -> bool {
    match (w.first(), w.last()) {
        (Some(&c), Some(&last)) => HEAD_SHAPES[usize::from(c)] & head_shape_bit(w.len(), last) != 0,
        _ => true,
    }
}

#[inline]
pub fn is_head(w: &str) -> bool {
    // (the word table's own filter is wider: skipped)
    (head_shape_may_hold(w.as_bytes()) && word_flags_unfiltered(w) & HEAD != 0)
        || is_compound_head(w)
}

/// The compound heads of `is_head` ("Subcommittee", "Sub-Office"), for a word not in `HEADS`.
#[inline]
pub(super) fn is_compound_head(w: &str) -> bool {
    // (the compound test apart and not inlined: few words get that far, and the small
    // function above is inlined into its many callers)
    let b = w.as_bytes();
    b.len() > SUB_HEAD_MIN_LEN + 2 && is_sub_head(b)
}

/// `CALENDAR_WORDS.contains(&w)`, from the word table.
fn is_calendar(w: &str) -> bool {
    word_flags(w) & CALENDAR != 0
}

/// The compound-head part of `is_head`, for a word longer than `SUB_HEAD_MIN_LEN + 2`.
#[inline(never)]
fn is_sub_head(b: &[u8]) -> bool {
    // "Subcommittee", "Sub-committee", "Sub-Office". Same test as on `w.to_ascii_lowercase()`
    // without building it: ASCII lower-casing keeps the length and every non-ASCII byte, and
    // the suffixes and "sub" are lower-case ASCII, so comparing ignoring ASCII case is the
    // same as comparing the lower-cased word. A suffix match needs `len > suffix + 2`, so a
    // word no longer than the shortest suffix plus two (at least three bytes, for the `b[..3]`
    // below) never passes: most words are decided on their length. Then the last four bytes
    // (made lower case for letters, a filter only: the suffixes are lower-case letters, and
    // the matching suffix is compared in full below), before looking for "sub" or a hyphen (a
    // call to `memchr`) or at the suffixes: most words end in no suffix's last four letters.
    let tail = b[b.len() - 4..].first_chunk::<4>().expect("four bytes");
    if !SUB_HEAD_TAILS.contains(&(u32::from_le_bytes(*tail) | 0x2020_2020)) {
        return false;
    }
    if !(b[..3].eq_ignore_ascii_case(b"sub") || b.contains(&b'-')) {
        return false;
    }
    SUB_HEADS
        .iter()
        .any(|h| b.len() > h.len() + 2 && b[b.len() - h.len()..].eq_ignore_ascii_case(h.as_bytes()))
}

/// The last four bytes of each `SUB_HEADS` entry, little-endian (all are at least four bytes
/// of lower-case letters: see the test).
const SUB_HEAD_TAILS: [u32; SUB_HEADS.len()] = {
    let mut t = [0; SUB_HEADS.len()];
    let mut i = 0;
    while i < SUB_HEADS.len() {
        let h = SUB_HEADS[i].as_bytes();
        let n = h.len();
        t[i] = u32::from_le_bytes([h[n - 4], h[n - 3], h[n - 2], h[n - 1]]);
        i += 1;
    }
    t
};

/// Finds organization candidates. `blocked(start, end)` tells spans already taken by dates
/// or page furniture.
pub fn find(v: &View, blocked: &dyn Fn(usize, usize) -> bool) -> Vec<Cand> {
    let mut out = Vec::new();
    let n = v.toks.len();
    let mut i = 0;
    // the first gazetteer organization starting at or after token `i` (`i` only grows), and
    // its start (usize::MAX: none left; no token starts there). Only an organization hit makes
    // a core by itself: at any other hit the core is `cap_head`'s, as where no hit starts, so
    // the walk does not stop at the other hits (it stopped at every hit: stops 14,997 ->
    // 5,799, organizations::find 7.01M -> 6.38M instructions on the 330-article sample).
    // (the title hits `after_title` reads, listed as the cursor passes them)
    let mut titles = Vec::new();
    let mut op = next_org(v, 0, 0, &mut titles);
    let mut next_org_start = v.hits.get(op).map_or(usize::MAX, |h| h.start);
    // the hits starting at or before the last core's token (`i` only grows): a bound for
    // `scan_mods`, moved on at each core
    let mut hp = 0;
    let bytes = v.text.as_bytes();
    while i < n {
        // `core_with_hit` finds a core only where a gazetteer organization starts or a
        // capitalized head word stands; the cursor answers "an organization starts here"
        // without a binary search, so most tokens are passed over here with the same outcome
        // (`None`).
        //
        // First a tight loop over the tokens that plainly start no core: tokens before the
        // next organization's start (so none starts there) that are punctuation, words opening
        // with an ASCII byte other than a capital, or words whose shape no head has. It makes
        // the same decision as `cap_head` below (which also passes over them) with less work
        // per token: most tokens of an article are these.
        i = pass_over(v.toks, i, next_org_start, bytes);
        let Some(t) = v.toks.get(i) else {
            break;
        };
        let b = t.start;
        if next_org_start < b {
            op = next_org(v, op, b, &mut titles);
            next_org_start = v.hits.get(op).map_or(usize::MAX, |h| h.start);
        }
        let core = if next_org_start == b {
            // (`v.hits[op]` is the hit `v.hit_at(i)` finds: the first starting at or after
            // token i's start, and it starts there)
            let h = &v.hits[op];
            // the hits are flat, so the next starts after this token: the cursor moves on now
            // (else the walk would stop again at the next token, in the hit)
            op = next_org(v, op + 1, 0, &mut titles);
            next_org_start = v.hits.get(op).map_or(usize::MAX, |h| h.start);
            // (`core_with_hit(v, i, Some(h))`, inlined)
            let e = tok_from_after(v.toks, i, h.end);
            Some((head_run(v, e), true))
        } else {
            // what `core_with_hit` returns without an organization hit here
            cap_head(v, i, t).then(|| (head_run(v, i + 1), false))
        };
        let (core_end, from_gaz) = match core {
            Some(x) => x,
            None => {
                i += 1;
                continue;
            }
        };
        // (the hits are flat: their starts differ)
        while hp < v.hits.len() && v.hits[hp].start <= b {
            hp += 1;
        }
        // modifiers also widen gazetteer bodies: "Chinese Foreign Ministry". (`hp`: every
        // hit from it on starts after token i's start)
        let left = scan_mods(v, i, hp);
        let (end, tails) = tails(v, core_end, (!from_gaz).then_some(i), (left, core_end));
        let has_mods = left < i;
        if !from_gaz && !has_mods && tails == 0 {
            i = core_end;
            continue;
        }
        if from_gaz && !has_mods && tails == 0 {
            // A plain gazetteer organization: the gazetteer layer already has it.
            i = core_end;
            continue;
        }
        let (s, e) = (v.toks[left].start, v.toks[end - 1].end);
        // "West Bank": a gazetteer place with exactly this span is a place
        let is_place = v
            .hit_at(left)
            .is_some_and(|h| h.start == s && h.end == e && v.hit_kind(h) == Kind::Place);
        if !blocked(s, e) && !is_place {
            out.push(Cand::new(
                s,
                e,
                Kind::Organization,
                if from_gaz {
                    "org-gazetteer-chain"
                } else {
                    "org-head"
                },
            ));
        }
        i = end;
    }
    // (the hits the cursor has not passed yet: `op` is an organization or the end)
    next_org(v, op + 1, usize::MAX, &mut titles);
    after_title(v, blocked, &titles, &mut out);
    out
}

/// The first hit from index `from` on that starts at or after byte `b` and is an
/// organization (`v.hits.len()` if none). The title hits passed over that `after_title` may
/// take (`of_may_follow`) are added to `titles`: the cursor passes each hit once, and
/// `after_title` reads only those rather than looking up the kind of every hit again
/// (organizations::find 6.38M -> 6.32M instructions on the 330-article sample; listing every
/// title hit instead cost more than it saved, in the list's growth).
#[inline]
fn next_org(v: &View, mut from: usize, b: usize, titles: &mut Vec<usize>) -> usize {
    while let Some(h) = v.hits.get(from) {
        match v.hit_kind(h) {
            Kind::Organization if h.start >= b => break,
            Kind::Title if of_may_follow(v.text.as_bytes(), h.end) => titles.push(from),
            _ => {}
        }
        from += 1;
    }
    from
}

/// False when "of" certainly does not follow byte `e` after spaces only (`after_title`'s
/// first test, on the byte after the title and one space: a space, tab or no-break space
/// (0xC2 0xA0) may follow). Most titles are passed over on it.
#[inline]
fn of_may_follow(bytes: &[u8], e: usize) -> bool {
    let p = e + usize::from(bytes.get(e) == Some(&b' '));
    matches!(bytes.get(p), Some(b'o' | b' ' | b'\t' | 0xC2))
}

/// The first token from `i` on that starts at or after byte `next_hit` or is a word that may
/// be a head (`toks.len()` if none). The tokens passed over are ones the loop of `find` passes
/// over too (`find` gives the start of the next gazetteer organization as `next_hit`, so none
/// starts there, and `cap_head` says no): punctuation, words opening with an
/// ASCII byte other than a capital (`cap_word` says no), and words `is_head` says no to by its
/// filters alone (`may_be_head`). Most capitalized words of an article are no head: walking
/// over them here, rather than stopping for `cap_head` in `find`'s loop (with the kind test
/// left out and `HEAD_SHAPES` a constant): organizations::find 9.14M -> 8.54M instructions on
/// the 330-article sample, stops 31,089 -> 14,997.
///
/// Not inlined: in `find` the loop kept its values on the stack, ~18 instructions a token
/// for most tokens of an article; on its own, with the byte table, about half as many
/// (organizations::find 11.95M -> 10.72M instructions on the 330-article sample, with the
/// `is_sub_head` filter).
#[inline(never)]
fn pass_over(toks: &[Token], i: usize, next_hit: usize, bytes: &[u8]) -> usize {
    // (one test for "a hit starts here" and "the first byte is in the text": a token at the
    // text's end, which can only be empty, stops the walk, and `find` decides it)
    let limit = next_hit.min(bytes.len());
    let rest = toks.get(i..).unwrap_or_default();
    // (punctuation is not told apart from words: none opens with an ASCII capital, and
    // `may_be_head` says no to nearly all the rest, which open with a non-ASCII byte no head
    // opens with; a stop at one is safe, `find` decides it. A test of the kind cost two
    // instructions and a mispredicted branch for many tokens)
    match rest.iter().position(|t| {
        t.start >= limit
            || bytes
                .get(t.start)
                .is_none_or(|&b| MAY_OPEN[usize::from(b)] && may_be_head(bytes, t))
    }) {
        Some(p) => i + p,
        None => toks.len(),
    }
}

/// False when token `t` is certainly no head (`is_head` would say no): its shape is not in
/// `HEAD_SHAPES` and it is too short or ends in no `SUB_HEADS` suffix's last four letters
/// (`is_sub_head`'s first test). True for an empty token.
#[inline(always)]
fn may_be_head(bytes: &[u8], t: &Token) -> bool {
    let Some(w) = bytes.get(t.start..t.end) else {
        return true;
    };
    if head_shape_may_hold(w) {
        return true;
    }
    match w.last_chunk::<4>() {
        Some(tail) if w.len() > SUB_HEAD_MIN_LEN + 2 => {
            SUB_HEAD_TAILS.contains(&(u32::from_le_bytes(*tail) | 0x2020_2020))
        }
        _ => false,
    }
}

/// The bytes a capitalized word may open with: ASCII capitals and every non-ASCII byte (the
/// rest are ASCII bytes other than a capital: `cap_word` says no to a word opening with one).
const MAY_OPEN: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_uppercase();
        b += 1;
    }
    t
};

/// `cap_word(v, i) && is_head(v.tok(i))` for token `t` (`v.toks[i]`), deciding most
/// tokens on their kind and first byte (a word opening with an ASCII capital is a capitalized
/// word, one opening with another ASCII byte is not) before the word is looked at. Inlined,
/// with its rare cases apart: as a call it saved and restored five registers for each of the
/// 28,700 words it is asked about on the 330-article sample (organizations::find about 0.5M
/// instructions more).
#[inline(always)]
fn cap_head(v: &View, i: usize, t: &Token) -> bool {
    if t.kind != TokKind::Word {
        return false;
    }
    match v.text.as_bytes().get(t.start) {
        Some(b) if b.is_ascii_uppercase() && t.start < t.end => is_head(&v.text[t.start..t.end]),
        Some(b) if b.is_ascii() && t.start < t.end => false,
        _ => cap_head_slow(v, i),
    }
}

/// The rest of `cap_head` (a word opening with a non-ASCII byte, or empty), apart so that the
/// common path needs no registers saved.
#[inline(never)]
fn cap_head_slow(v: &View, i: usize) -> bool {
    cap_word(v, i) && is_head(v.tok(i))
}

/// An organization core starting at token `i` (a head word, or a gazetteer organization),
/// given the gazetteer hit starting there (`v.hit_at(i)`). Returns the token index after it
/// and whether it came from the gazetteer.
fn core_with_hit(v: &View, i: usize, hit: Option<&Hit>) -> Option<(usize, bool)> {
    if let Some(h) = hit {
        if v.hit_kind(h) == Kind::Organization {
            let e = tok_from_after(v.toks, i, h.end);
            // "Foreign Ministry Spokesperson": the hit ends the core; a head right after it
            // ("UN Development Programme") continues it.
            return Some((head_run(v, e), true));
        }
    }
    if cap_word(v, i) && is_head(v.tok(i)) {
        return Some((head_run(v, i + 1), false));
    }
    None
}

/// `v.tok_from(b)` (the first token starting at or after byte `b`) when token `i` starts
/// before `b`, as where a gazetteer hit starting at token `i` ends: the tokens between are a
/// hit's few, so a scan on from `i` replaces the binary search over the whole article (the
/// tokens are in text order, so every token before `i` starts before `b` too).
fn tok_from_after(toks: &[Token], i: usize, b: usize) -> usize {
    if toks.get(i).is_none_or(|t| t.start >= b) {
        return toks.partition_point(|t| t.start < b);
    }
    let mut k = i + 1;
    while k < toks.len() && toks[k].start < b {
        k += 1;
    }
    k
}

/// `v.tok_from(s)` when token `k` ends after byte `s` (a hit ending at token `k` starts at
/// `s`): every token after `k` starts at or after the end of `k`, so the answer is at most
/// `k + 1`, found by a scan back over the hit's few tokens.
fn tok_from_before(toks: &[Token], k: usize, s: usize) -> usize {
    if toks.get(k).is_none_or(|t| t.end <= s) {
        return toks.partition_point(|t| t.start < s);
    }
    let mut j = k + 1;
    while j > 0 && toks[j - 1].start >= s {
        j -= 1;
    }
    j
}

/// Goes on from token `k` over capitalized head words, each right after the previous token;
/// returns the token index after them.
fn head_run(v: &View, mut k: usize) -> usize {
    while k < v.toks.len() && cap_word(v, k) && is_head(v.tok(k)) && adjacent(v, k - 1, k) {
        k += 1;
    }
    k
}

/// `v.is_cap_word(i)`, deciding on the first byte when it is ASCII (for an ASCII character,
/// `char::is_uppercase` is `is_ascii_uppercase`); other first characters take the full test.
/// (The person rules use it too: 0.5M instructions fewer than `View::is_cap_word` there.)
#[inline]
pub(super) fn cap_word(v: &View, i: usize) -> bool {
    let Some(t) = v.toks.get(i) else {
        return false;
    };
    if t.kind != TokKind::Word || t.start >= t.end {
        return t.kind == TokKind::Word && v.is_cap_word(i);
    }
    match v.text.as_bytes()[t.start] {
        b if b.is_ascii() => b.is_ascii_uppercase(),
        _ => v.is_cap_word(i),
    }
}

/// Token `k`'s bytes, for tests against fixed words: a token spans whole characters, so
/// comparing its bytes compares the strings, without the character-boundary tests of
/// slicing the text (`View::tok`). (In `tails`, `scan_mods` and `after_title`:
/// organizations::find 6.32M -> 6.17M instructions on the 330-article sample.)
#[inline]
fn tok_b<'a>(v: &View<'a>, k: usize) -> &'a [u8] {
    let t = &v.toks[k];
    &v.text.as_bytes()[t.start..t.end]
}

/// Tokens `a` and `b` are separated by spaces only.
fn adjacent(v: &View, a: usize, b: usize) -> bool {
    super::persons::gap_is_space(v, v.toks[a].end, v.toks[b].start)
}

/// Most tokens scanned left of a head for its modifiers.
const MAX_MODIFIER_TOKENS: usize = 16;

/// Scans left from the core at `i` over modifier words; returns the new start token.
/// `hits_before`: a hit index such that every hit from it on starts at or after token `i`
/// (`v.hits.len()` will do; the smaller, the fewer hits the scan steps back over).
fn scan_mods(v: &View, i: usize, hits_before: usize) -> usize {
    let mut left = i;
    let mut j = i;
    // `v.hits.partition_point(|h| h.end < e)` for the end `e` of token `j - 1`, kept as `j`
    // goes left: the hits are flat (their ends are in order too), and those from
    // `hits_before` on end after token `i` starts, so after any token before it. A step back
    // over the few hits between replaces a binary search over the article's hits for each
    // token (`hit_at_end`). (With `is_possessive` on bytes, `in_ok` asked only at need and
    // `core_ahead`'s hit cursor: organizations::find 8.54M -> 7.55M instructions on the
    // 330-article sample.)
    let mut hc = hits_before.min(v.hits.len());
    // an organization name has a bounded number of modifiers; the cap keeps a line of
    // repeated capitalized terms linear instead of quadratic
    while j > 0 && i - j < MAX_MODIFIER_TOKENS {
        if v.toks[j].line_start {
            break;
        }
        let k = j - 1;
        if !super::persons::gap_is_space(v, v.toks[k].end, v.toks[j].start)
            && !is_possessive(v, j)
            && !is_possessive(v, k)
            && tok_b(v, k) != b"."
            && tok_b(v, k) != b")"
        {
            break;
        }
        // (the hit ending at token `k`, if any, found once for the two tests below, which
        // each searched the hits for it; `hit_at_end(v, k)`)
        let e = v.toks[k].end;
        hc = step_back_to_end(&v.hits, hc, e);
        let ending = v.hits.get(hc).filter(|h| h.end == e);
        // A gazetteer hit ending here (place, organization, demonym): take it whole.
        // (`hit_ending(v, k)`)
        if let Some(h) = ending.filter(|h| {
            matches!(
                v.hit_kind(h),
                Kind::Place | Kind::Organization | Kind::Demonym
            )
        }) {
            let hs = tok_from_before(v.toks, k, h.start);
            if hs < k + 1 && hs <= k {
                left = hs;
                j = hs;
                continue;
            }
        }
        let w = tok_b(v, k);
        // a title ends here and no possessive follows: stop ("Ambassador Li" stops the scan;
        // "District Attorney's Office" keeps its title words)
        if ending.is_some_and(|h| v.hit_kind(h) == Kind::Title)
            && !(k + 1 < v.toks.len() && is_possessive(v, k + 1))
        {
            break;
        }
        if is_possessive(v, k) {
            // "District Attorney's Office", "ITU's Telecommunication Development Bureau", but
            // not "Burundi's Foreign Ministry" nor "Geng Shuang's Regular Press Conference"
            // (a person's name or a place before the possessive ends the organization)
            let owner_ok = k > 0
                && cap_word(v, k - 1)
                && (title_hit_ending(v, k - 1)
                    || org_ending(v, k - 1)
                    || is_head(v.tok(k - 1))
                    || !(place_or_org_ending(v, k - 1)
                        || (k >= 2
                            && (super::persons::looks_like_name_start(v, k - 2)
                                || title_hit_ending(v, k - 2)))));
            if owner_ok {
                j = k;
                continue;
            }
            break;
        }
        if w == b"." {
            // "No. 1": the number is handled at the digit; "U.S." is a gazetteer hit.
            break;
        }
        // (a word of ASCII digits: a non-ASCII byte is no digit)
        if v.toks[k].kind == TokKind::Word && w.iter().all(u8::is_ascii_digit) {
            // "No. 1 Middle School"
            if k >= 2 && tok_b(v, k - 1) == b"." && tok_b(v, k - 2) == b"No" {
                left = k - 2;
                j = k - 2;
                continue;
            }
            break;
        }
        if w == b")" && k >= 2 && tok_b(v, k - 2) == b"(" && cap_word(v, k - 1) {
            // "Kings County (Brooklyn) District Attorney's Office"
            if k >= 3 && cap_word(v, k - 3) {
                j = k - 2;
                continue;
            }
            break;
        }
        if (w == b"and" || w == b"&")
            && k > 0
            && cap_word(v, k - 1)
            && !is_head(v.tok(k - 1))
            && !place_or_org_ending(v, k - 1)
        {
            // inner conjunction between modifiers: "Cooperation and Exchange Division"
            j = k;
            continue;
        }
        if cap_word(v, k) && !is_stop_mod(v, k) && !super::persons::looks_like_name_start(v, k) {
            left = k;
            j = k;
            continue;
        }
        break;
    }
    // never start on a connector or punctuation
    while left < i && !cap_word(v, left) && v.hit_at(left).is_none() && tok_b(v, left) != b"No" {
        left += 1;
    }
    left
}

/// Token `k` is "'s" or "’s" (compared as bytes: no char-boundary checks of a `str` slice).
#[inline]
fn is_possessive(v: &View, k: usize) -> bool {
    let t = &v.toks[k];
    matches!(
        v.text.as_bytes().get(t.start..t.end),
        Some(b"'s" | b"\xe2\x80\x99s")
    )
}

fn is_stop_mod(v: &View, k: usize) -> bool {
    let w = v.tok(k);
    let sent = v.toks[k].sent_start;
    // (`v.is_common_word(k)`, with `FUNCTION_WORDS` asked through the word table; the
    // lower-cased copy is made only when it may be asked about: at a sentence start, or for
    // a word that is not ASCII or may be a function word)
    is_calendar(w)
        || ((sent || !w.is_ascii() || may_be_function_lower(w.as_bytes()))
            && with_lower(w, |lower| {
                word_flags(lower) & FUNCTION != 0 || (sent && v.lower_words.contains(lower))
            }))
        || (sent && is_all_caps(w) && w.len() > 12)
}

/// False when the ASCII word `w` lower-cased is certainly no function word: its length and
/// its first and last bytes lower-cased have no `FUNCTION_SHAPES` bit (ASCII lower-casing
/// keeps the length and lower-cases each byte). True for an empty word.
fn may_be_function_lower(w: &[u8]) -> bool {
    match (w.first(), w.last()) {
        (Some(&c), Some(&last)) => {
            FUNCTION_SHAPES[usize::from(c.to_ascii_lowercase())]
                & head_shape_bit(w.len(), last.to_ascii_lowercase())
                != 0
        }
        _ => true,
    }
}

/// `hits.partition_point(|h| h.end < e)` when it is at most `hc` (`hits[hc..]` all end at
/// or after `e`): the flat hits' ends are in order, so a step back from `hc` over the hits
/// ending at or after `e` finds it.
#[inline]
fn step_back_to_end(hits: &[Hit], mut hc: usize, e: usize) -> usize {
    while hc > 0 && hits[hc - 1].end >= e {
        hc -= 1;
    }
    hc
}

/// Start byte of a gazetteer hit ending exactly at the end of token `k`.
fn hit_ending(v: &View, k: usize) -> Option<usize> {
    let e = v.toks[k].end;
    let idx = v.hits.partition_point(|h| h.end < e);
    let h = v.hits.get(idx)?;
    (h.end == e
        && matches!(
            v.hit_kind(h),
            Kind::Place | Kind::Organization | Kind::Demonym
        ))
    .then_some(h.start)
}

/// A place or organization from the gazetteer ends at token `k` (demonyms do not count:
/// "European and African Affairs Division").
fn hit_kind_ending(v: &View, k: usize) -> Option<Kind> {
    let e = v.toks[k].end;
    let idx = v.hits.partition_point(|h| h.end < e);
    v.hits
        .get(idx)
        .filter(|h| h.end == e)
        .map(|h| v.hit_kind(h))
}

fn title_hit_ending(v: &View, k: usize) -> bool {
    hit_kind_ending(v, k) == Some(Kind::Title)
}

fn org_ending(v: &View, k: usize) -> bool {
    hit_kind_ending(v, k) == Some(Kind::Organization)
}

fn place_or_org_ending(v: &View, k: usize) -> bool {
    hit_ending(v, k).is_some_and(|s| {
        let idx = v.hits.partition_point(|h| h.start < s);
        v.hits
            .get(idx)
            .is_some_and(|h| v.hit_kind(h) != Kind::Demonym)
    })
}

/// Parses "of/for/on/in [the] X" tails after a core ending at token `k`. Returns the token
/// index after the last tail and the number of tails taken. `head`: the head word of a core
/// that is not from the gazetteer; `body`: the tokens of the organization so far (modifiers
/// and core).
fn tails(v: &View, mut k: usize, head: Option<usize>, body: (usize, usize)) -> (usize, usize) {
    // the head may take a portfolio (asked only where one could follow: a word lookup)
    let head_first = || head.is_some_and(|i| word_flags(v.tok(i)) & HEAD_FIRST_WORD != 0);
    // "in <place>" belongs to diplomatic bodies only: "Chinese Embassy in Mexico", but not
    // "New South Wales Police Department in Sydney" (asked only at "in" and a place: most
    // bodies have no such tail)
    let in_ok = || {
        (body.0..body.1).any(|k| {
            matches!(
                v.tok(k),
                "Embassy" | "Consulate" | "Consulate-General" | "Mission" | "Delegation"
            )
        })
    };
    let n = v.toks.len();
    let mut count = 0;
    loop {
        if k >= n {
            break;
        }
        let conn = tok_b(v, k);
        if !matches!(conn, b"of" | b"for" | b"on" | b"in") || !adjacent(v, k - 1, k) {
            break;
        }
        let mut t = k + 1;
        if t < n && tok_b(v, t) == b"the" {
            t += 1;
        }
        if t >= n || !adjacent(v, t - 1, t) {
            break;
        }
        // a) another organization core: "of Changchun Municipal Education Bureau"
        if conn != b"in" {
            if let Some(e) = core_ahead(v, t) {
                k = e;
                count += 1;
                continue;
            }
        }
        // b) a place: "of Krasnoyarsk", "in Mexico", "of the People's Republic of China"
        if let Some(h) = v.hit_at(t) {
            if v.hit_kind(h) == Kind::Place {
                let e = tok_from_after(v.toks, t, h.end);
                // "of China-Africa Cooperation": the place is part of a longer word run
                if e < n && v.toks[e].start == h.end && v.toks[e].kind == TokKind::Word {
                    // fall through to the portfolio
                } else if conn != b"on" && (conn != b"in" || in_ok()) {
                    k = e;
                    count += 1;
                    continue;
                }
            }
        }
        // an acronym of an organization: "Centre of Health Protection of the DH"
        if conn == b"of" && is_all_caps(v.tok(t)) && v.is_word(t) && v.tok(t).len() <= 6 {
            k = t + 1;
            count += 1;
            continue;
        }
        // c) a portfolio, right after a head: "Ministry of Commerce", "Department of Asian Affairs"
        if count == 0 && conn != b"in" && head_first() {
            let e = portfolio(v, t);
            if e > t {
                k = e;
                count += 1;
                continue;
            }
        }
        break;
    }
    (k, count)
}

/// An organization core (modifiers + head, or gazetteer organization possibly with
/// modifiers) starting exactly at token `t`; returns the token index after it.
fn core_ahead(v: &View, t: usize) -> Option<usize> {
    let n = v.toks.len();
    let mut k = t;
    let mut steps = 0;
    // the first hit starting at or after token `k` (`k` only grows): `v.hit_at(k)` without a
    // binary search for each step, and a bound for `scan_mods`
    let mut hp = v.toks.get(k).map_or(v.hits.len(), |tk| {
        v.hits.partition_point(|h| h.start < tk.start)
    });
    while k < n && steps < 12 {
        let b = v.toks[k].start;
        while hp < v.hits.len() && v.hits[hp].start < b {
            hp += 1;
        }
        let hit = v.hits.get(hp).filter(|h| h.start == b);
        if let Some((e, _)) = core_with_hit(v, k, hit) {
            if k == t || scan_mods(v, k, hp) <= t {
                return Some(e);
            }
            return None;
        }
        if let Some(h) = hit {
            let e = tok_from_after(v.toks, k, h.end);
            if e > k && matches!(v.hit_kind(h), Kind::Place | Kind::Demonym) {
                if e < n && !adjacent(v, e - 1, e) && !is_possessive(v, e) {
                    return None;
                }
                k = e;
                steps += 1;
                continue;
            }
        }
        let w = v.tok(k);
        let ok = (cap_word(v, k) && !is_calendar(w))
            || ((w == "and" || w == "&") && k > t)
            || is_possessive(v, k);
        if !ok {
            return None;
        }
        if k + 1 < n && !adjacent(v, k, k + 1) && !is_possessive(v, k + 1) {
            return None;
        }
        k += 1;
        steps += 1;
    }
    None
}

/// A run of capitalized words naming a portfolio, starting at `t`; returns the token index
/// after it (== t when there is none). Stops before a title word that precedes a name and
/// before anything that looks like a person's name.
fn portfolio(v: &View, t: usize) -> usize {
    let n = v.toks.len();
    let mut k = t;
    let mut last_good = t;
    while k < n && k - t < 8 {
        if k > t && !adjacent(v, k - 1, k) {
            break;
        }
        let w = v.tok(k);
        if cap_word(v, k) && !is_calendar(w) {
            if k > t && super::persons::looks_like_name_start(v, k) {
                break;
            }
            if let Some(h) = v.hit_at(k) {
                if v.hit_kind(h) == Kind::Title && h.end < v.text.len() {
                    let e = tok_from_after(v.toks, k, h.end);
                    if e < n && cap_word(v, e) && adjacent(v, e - 1, e) {
                        break;
                    }
                }
            }
            k += 1;
            last_good = k;
            continue;
        }
        if matches!(w, "and" | "&")
            && k > t
            && k + 1 < n
            && cap_word(v, k + 1)
            && !super::persons::is_honorific_word(v, v.tok(k + 1))
            && !super::persons::looks_like_name_start(v, k + 1)
        {
            k += 1;
            continue;
        }
        break;
    }
    last_good
}

/// "Executive Director of OutRight Action International": after a post that takes no
/// portfolio, "of [the]" and two or more capitalized words name the body the post is at, even
/// without a head noun. Not when the words start with a place or a known body (other rules
/// have those) or look like a person's name. Rule id `org-after-title`.
/// `titles`: the indices of the title hits that `of_may_follow`, in order.
fn after_title(
    v: &View,
    blocked: &dyn Fn(usize, usize) -> bool,
    titles: &[usize],
    out: &mut Vec<Cand>,
) {
    let n = v.toks.len();
    for h in titles.iter().map(|&k| &v.hits[k]) {
        // ("of" must follow, after spaces only, tested below: most titles were passed over
        // on the byte after them, `of_may_follow`, before their last word and the token after
        // them are looked for)
        // (`rsplit(' ').next()`, without the generic split)
        let last = super::titles::last_word(&v.text[h.start..h.end]);
        if matches!(
            last,
            "Minister"
                | "Secretary"
                | "Commissioner"
                | "Envoy"
                | "Representative"
                | "Adviser"
                | "Advisor"
                | "Coordinator"
        ) {
            continue;
        }
        let k = v.tok_from(h.end);
        if k + 2 >= n
            || tok_b(v, k) != b"of"
            || !super::persons::gap_is_space(v, h.end, v.toks[k].start)
        {
            continue;
        }
        let mut t = k + 1;
        if tok_b(v, t) == b"the" {
            t += 1;
        }
        if t >= n
            || v.hit_at(t).is_some()
            || !cap_word(v, t)
            || super::persons::looks_like_name_start(v, t)
        {
            continue;
        }
        let mut j = t;
        let mut words = 0;
        while j < n
            && j - t < 6
            && super::persons::gap_is_space(v, v.toks[j - 1].end, v.toks[j].start)
        {
            let w = v.tok(j);
            if cap_word(v, j)
                && !is_calendar(w)
                && v.hit_at(j).is_none_or(|h| v.hit_kind(h) != Kind::Title)
            {
                if j > t && super::persons::looks_like_name_start(v, j) {
                    break;
                }
                words += 1;
                j += 1;
            } else if matches!(w, "&" | "and") && j + 1 < n && cap_word(v, j + 1) && words > 0 {
                j += 1;
            } else {
                break;
            }
        }
        // a following capitalized run after a comma-free gap is a name: stop before it is
        // handled above; require a clean end (punctuation or a lower-case word)
        if words < 2 || (j < n && cap_word(v, j)) {
            continue;
        }
        let (s, e) = (v.toks[t].start, v.toks[j - 1].end);
        if !blocked(s, e) {
            out.push(Cand::new(s, e, Kind::Organization, "org-after-title"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_scans_answer_as_the_binary_search() {
        let mut rng = crate::testutil::XorShift::new(0x1234_5678_9ABC_DEF1);
        let pieces = [
            "Wang", "Hao", "of", "Ministry", "(", ")", ".", "’s", "Öz", "1", "-",
        ];
        for _ in 0..200 {
            let n = 1 + rng.below(12);
            let text = rng.glue(&pieces, &[" ", "", "  ", "\n", ", "], n);
            let toks = crate::text::tokenize(&text);
            let plain = |b: usize| toks.partition_point(|t| t.start < b);
            for b in 0..=text.len() + 1 {
                for i in 0..toks.len() {
                    if toks[i].start < b {
                        assert_eq!(tok_from_after(&toks, i, b), plain(b), "{text:?} {i} {b}");
                    }
                    if toks[i].end > b {
                        assert_eq!(tok_from_before(&toks, i, b), plain(b), "{text:?} {i} {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn pass_over_passes_only_what_find_passes_over() {
        let mut rng = crate::testutil::XorShift::new(0x9a55_0be7);
        let pieces = [
            "Ministry",
            "of",
            "the",
            "Öz",
            "état",
            "’",
            "“",
            "(",
            ".",
            "1",
            "-",
            "said",
            "X",
            "Office",
            "Subcommittee",
            "Sub-Office",
            "Ü-Office",
            "Wang",
            "Offices",
            "Senate",
            "division",
            "Units",
        ];
        let mut stops = 0;
        for _ in 0..2_000 {
            let n = 1 + rng.below(16);
            let text = rng.glue(&pieces, &[" ", "", "\n", ", "], n);
            let toks = crate::text::tokenize(&text);
            let bytes = text.as_bytes();
            for i in 0..=toks.len() {
                for next_hit in (0..=text.len() + 1).chain([usize::MAX]) {
                    let k = pass_over(&toks, i, next_hit, bytes);
                    assert!(k >= i && k <= toks.len());
                    // every token passed over: no hit starts there, and no word that
                    // `cap_head` could say yes to (a head not opening with an ASCII byte other
                    // than a capital)
                    for t in &toks[i..k] {
                        assert!(t.start < next_hit, "{text:?}");
                        let w = &text[t.start..t.end];
                        let lower_open = bytes
                            .get(t.start)
                            .is_some_and(|b| b.is_ascii() && !b.is_ascii_uppercase());
                        assert!(
                            t.kind != TokKind::Word || lower_open || !is_head(w),
                            "{text:?} {w:?}"
                        );
                    }
                    // and it stops at the first token that is not plainly such
                    if let Some(t) = toks.get(k) {
                        let plain = t.start < next_hit
                            && bytes.get(t.start).is_some_and(|&b| {
                                b.is_ascii() && !b.is_ascii_uppercase() || !may_be_head(bytes, t)
                            });
                        assert!(!plain, "{text:?} {i} {next_hit}");
                        stops += usize::from(t.start < next_hit);
                    }
                }
            }
        }
        // (the stops at words are many: heads are among the pieces)
        assert!(stops > 10_000, "{stops}");
    }

    #[test]
    fn step_back_to_end_is_the_binary_search() {
        let mut rng = crate::testutil::XorShift::new(0x57e9_bac4);
        for _ in 0..2_000 {
            // flat hits: in order, not overlapping, not empty
            let mut hits = Vec::new();
            let mut at = 0;
            for _ in 0..rng.below(10) {
                let start = at + rng.below(4);
                let end = start + 1 + rng.below(6);
                hits.push(Hit {
                    start,
                    end,
                    entry: 0,
                });
                at = end;
            }
            // a bound for a token starting at `b`, as `find` and `core_ahead` give it (the
            // hits starting at or after `b`), and ends `e <= b` going down, as token ends
            // left of that token do
            let b = rng.below(at + 3);
            let mut hc = hits.partition_point(|h| h.start < b) + usize::from(rng.below(3) == 0);
            hc = hc.min(hits.len());
            let mut e = b;
            loop {
                hc = step_back_to_end(&hits, hc, e);
                assert_eq!(hc, hits.partition_point(|h| h.end < e), "{hits:?} {b} {e}");
                if e == 0 {
                    break;
                }
                e -= 1 + rng.below(3).min(e - 1);
            }
        }
    }

    #[test]
    fn function_shapes_hold_every_function_word() {
        assert!(super::super::FUNCTION_WORDS
            .iter()
            .all(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_lowercase())));
        let mut words: Vec<String> = Vec::new();
        for f in super::super::FUNCTION_WORDS {
            words.push(f.to_string());
            words.push(f.to_uppercase());
            words.push(f[..1].to_uppercase() + &f[1..]);
            words.push(format!("{f}s"));
            words.push(format!("X{f}"));
        }
        let mut rng = crate::testutil::XorShift::new(0xf0c7);
        for n in 0..20_000 {
            let len = 1 + n % 12;
            words.push(
                (0..len)
                    .map(|_| char::from(b'A' + rng.below(58) as u8))
                    .collect(),
            );
        }
        let mut passed = 0;
        for w in &words {
            let lower = w.to_ascii_lowercase();
            if super::super::FUNCTION_WORDS.contains(&lower.as_str()) {
                assert!(may_be_function_lower(w.as_bytes()), "{w:?}");
            }
            passed += usize::from(!may_be_function_lower(w.as_bytes()));
        }
        // (a filter that lets most other words through would save nothing)
        assert!(passed > words.len() / 2, "{passed}");
    }

    /// `is_head` as first written: a scan of the list and a lower-cased copy.
    fn is_head_plain(w: &str) -> bool {
        let lw = w.to_ascii_lowercase();
        HEADS.contains(&w)
            || SUB_HEADS.iter().any(|h| {
                lw.len() > h.len() + 2
                    && lw.ends_with(h)
                    && (lw.starts_with("sub") || w.contains('-'))
            })
    }

    #[test]
    fn is_head_answers_as_the_plain_scan() {
        assert_eq!(
            Some(SUB_HEAD_MIN_LEN),
            SUB_HEADS.iter().map(|h| h.len()).min()
        );
        // (`SUB_HEAD_TAILS` lower-cases by setting bit 5: right for lower-case letters only)
        assert!(SUB_HEADS
            .iter()
            .all(|h| h.len() >= 4 && h.bytes().all(|b| b.is_ascii_lowercase())));
        let mut words: Vec<String> = HEADS.iter().map(|h| h.to_string()).collect();
        for h in HEADS {
            words.push(h.to_lowercase());
            words.push(h.to_uppercase());
            words.push(format!("Sub{}", h.to_lowercase()));
            words.push(format!("Sub-{h}"));
            words.push(format!("{h}s"));
        }
        for w in [
            "",
            "S",
            "Sub",
            "Subx",
            "SUBCOMMITTEE",
            "Sub-Office",
            "Post-Office",
            "Office-",
            "Ünit",
            "Subdepartment",
            "Subbureau",
            "Wang",
            "Ministry",
            "Ministries",
            "Offices",
            "süboffice",
        ] {
            words.push(w.to_string());
        }
        // compound heads and near misses: each suffix in mixed case, cut or with another last
        // letter, after "sub", a hyphen or neither
        let mut rng = crate::testutil::XorShift::new(0x5ab_4ead);
        for h in SUB_HEADS {
            for _ in 0..200 {
                let mut tail: Vec<u8> = h.bytes().skip(rng.below(3)).collect();
                for b in tail.iter_mut() {
                    if rng.below(3) == 0 {
                        *b = b.to_ascii_uppercase();
                    }
                }
                if rng.below(4) == 0 {
                    let last = tail.len() - 1;
                    tail[last] = [b'a', b'e', b'n', b'@', b'`', b'E'][rng.below(6)];
                }
                let head = ["Sub", "sub", "SUB-", "Inter-", "Post", "", "Ü-", "x"][rng.below(8)];
                words.push(format!("{head}{}", String::from_utf8(tail).expect("ASCII")));
            }
        }
        for w in &words {
            assert_eq!(is_head(w), is_head_plain(w), "{w:?}");
        }
    }
}
