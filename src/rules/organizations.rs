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

use std::sync::OnceLock;

use super::persons::{
    word_flags, word_flags_unfiltered, CALENDAR, FUNCTION, HEAD, HEAD_FIRST as HEAD_FIRST_WORD,
};
use super::{with_lower, Cand, Kind, ShapeFilter, View};
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

/// A filter of the shapes of `HEADS`, built on first use. `is_head` runs for nearly every
/// capitalized token of an article (organization cores, name runs, titles): the filter answers
/// most words without a lookup, and `HEADS` is a bit of the word table of
/// `persons::word_flags` (a linear scan of the list compared the word with dozens of entries
/// each time), so membership answers the same.
fn head_shapes() -> &'static ShapeFilter {
    static SET: OnceLock<ShapeFilter> = OnceLock::new();
    SET.get_or_init(|| ShapeFilter::new(HEADS.iter().copied()))
}

#[inline]
pub fn is_head(w: &str) -> bool {
    // (the word table's own filter is wider: skipped)
    (head_shapes().may_hold(w) && word_flags_unfiltered(w) & HEAD != 0) || is_compound_head(w)
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
    // the first gazetteer hit starting at or after token `i` (`i` only grows), and its start
    // (usize::MAX: none left; no token starts there)
    let mut hp = 0;
    let mut next_hit = v.hits.first().map_or(usize::MAX, |h| h.start);
    let bytes = v.text.as_bytes();
    while i < n {
        // `core_at` finds a core only where a gazetteer hit starts or a capitalized head word
        // stands; the hit cursor answers "a hit starts here" without its binary search, so
        // most tokens are passed over here with the same outcome (`None`).
        //
        // First a tight loop over the tokens that plainly start no core: tokens before the
        // next hit's start (so no hit starts there) that are punctuation or words opening with
        // an ASCII byte other than a capital. It makes the same decision as `cap_head` below
        // (which also passes over them) with less work per token: most tokens of an article
        // are these.
        i = pass_over(v.toks, i, next_hit, bytes);
        let Some(t) = v.toks.get(i) else {
            break;
        };
        let b = t.start;
        if next_hit < b {
            while hp < v.hits.len() && v.hits[hp].start < b {
                hp += 1;
            }
            next_hit = v.hits.get(hp).map_or(usize::MAX, |h| h.start);
        }
        let core = if next_hit == b {
            // (`v.hits[hp]` is the hit `v.hit_at(i)` finds: the first starting at or after
            // token i's start, and it starts there)
            let h = &v.hits[hp];
            // the hits are flat, so the next starts after this token: the cursor moves on now
            // (else the walk would stop again at the next token, in the hit). With the hit's
            // core decided here rather than in a call to `core_with_hit`, and `cap_head`:
            // organizations::find 10.72M -> 9.51M instructions on the 330-article sample.
            hp += 1;
            next_hit = v.hits.get(hp).map_or(usize::MAX, |h| h.start);
            // (`core_with_hit(v, i, Some(h))`, inlined)
            if v.hit_kind(h) == Kind::Organization {
                let e = tok_from_after(v.toks, i, h.end);
                Some((head_run(v, e), true))
            } else {
                cap_head(v, i, t).then(|| (head_run(v, i + 1), false))
            }
        } else {
            // what `core_at` returns without a hit here
            cap_head(v, i, t).then(|| (head_run(v, i + 1), false))
        };
        let (core_end, from_gaz) = match core {
            Some(x) => x,
            None => {
                i += 1;
                continue;
            }
        };
        // modifiers also widen gazetteer bodies: "Chinese Foreign Ministry"
        let left = scan_mods(v, i);
        // "in <place>" belongs to diplomatic bodies only: "Chinese Embassy in Mexico", but
        // not "New South Wales Police Department in Sydney"
        let in_ok = (left..core_end).any(|k| {
            matches!(
                v.tok(k),
                "Embassy" | "Consulate" | "Consulate-General" | "Mission" | "Delegation"
            )
        });
        let (end, tails) = tails(
            v,
            core_end,
            !from_gaz && word_flags(v.tok(i)) & HEAD_FIRST_WORD != 0,
            in_ok,
        );
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
    after_title(v, blocked, &mut out);
    out
}

/// The first token from `i` on that starts at or after byte `next_hit` or opens with a byte
/// of `MAY_OPEN` (`toks.len()` if none). The tokens passed over are ones the loop of `find`
/// passes over too (no hit starts there, and `cap_word` says no to a word opening with an
/// ASCII byte other than a capital): punctuation opening with an ASCII byte (never a capital)
/// and such words, and also an empty word before `next_hit` whose next byte is such a byte.
/// Punctuation opening with a non-ASCII byte stops the walk, and `find` passes over it: the
/// test for a word is left out (fewer instructions a token, for a few more stops).
///
/// Not inlined: in `find` the loop kept its values on the stack, ~18 instructions a token
/// for most tokens of an article; on its own, with the byte table, about half as many
/// (organizations::find 11.95M -> 10.72M instructions on the 330-article sample, with the
/// `is_sub_head` filter).
#[inline(never)]
fn pass_over(toks: &[Token], i: usize, next_hit: usize, bytes: &[u8]) -> usize {
    let mut k = i;
    while let Some(t) = toks.get(k) {
        if t.start >= next_hit || bytes.get(t.start).is_none_or(|&b| MAY_OPEN[usize::from(b)]) {
            break;
        }
        k += 1;
    }
    k
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

/// An organization core starting at token `i`: a head word, or a gazetteer organization.
/// Returns the token index after it and whether it came from the gazetteer.
fn core_at(v: &View, i: usize) -> Option<(usize, bool)> {
    core_with_hit(v, i, v.hit_at(i))
}

/// `core_at` with the gazetteer hit starting at token `i` (`v.hit_at(i)`) already found.
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

/// Tokens `a` and `b` are separated by spaces only.
fn adjacent(v: &View, a: usize, b: usize) -> bool {
    super::persons::gap_is_space(v, v.toks[a].end, v.toks[b].start)
}

/// Most tokens scanned left of a head for its modifiers.
const MAX_MODIFIER_TOKENS: usize = 16;

/// Scans left from the core at `i` over modifier words; returns the new start token.
fn scan_mods(v: &View, i: usize) -> usize {
    let mut left = i;
    let mut j = i;
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
            && v.tok(k) != "."
            && v.tok(k) != ")"
        {
            break;
        }
        // (the hit ending at token `k`, if any, found once for the two tests below, which
        // each searched the hits for it)
        let ending = hit_at_end(v, k);
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
        let w = v.tok(k);
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
                && v.is_cap_word(k - 1)
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
        if w == "." {
            // "No. 1": the number is handled at the digit; "U.S." is a gazetteer hit.
            break;
        }
        if v.toks[k].kind == TokKind::Word && w.chars().all(|c| c.is_ascii_digit()) {
            // "No. 1 Middle School"
            if k >= 2 && v.tok(k - 1) == "." && v.tok(k - 2) == "No" {
                left = k - 2;
                j = k - 2;
                continue;
            }
            break;
        }
        if w == ")" && k >= 2 && v.tok(k - 2) == "(" && v.is_cap_word(k - 1) {
            // "Kings County (Brooklyn) District Attorney's Office"
            if k >= 3 && v.is_cap_word(k - 3) {
                j = k - 2;
                continue;
            }
            break;
        }
        if (w == "and" || w == "&")
            && k > 0
            && v.is_cap_word(k - 1)
            && !is_head(v.tok(k - 1))
            && !place_or_org_ending(v, k - 1)
        {
            // inner conjunction between modifiers: "Cooperation and Exchange Division"
            j = k;
            continue;
        }
        if v.is_cap_word(k) && !is_stop_mod(v, k) && !super::persons::looks_like_name_start(v, k) {
            left = k;
            j = k;
            continue;
        }
        break;
    }
    // never start on a connector or punctuation
    while left < i && !v.is_cap_word(left) && v.hit_at(left).is_none() && v.tok(left) != "No" {
        left += 1;
    }
    left
}

fn is_possessive(v: &View, k: usize) -> bool {
    matches!(v.tok(k), "'s" | "’s")
}

fn is_stop_mod(v: &View, k: usize) -> bool {
    let w = v.tok(k);
    // (`v.is_common_word(k)`, with `FUNCTION_WORDS` asked through the word table)
    is_calendar(w)
        || with_lower(w, |lower| {
            word_flags(lower) & FUNCTION != 0
                || (v.toks[k].sent_start && v.lower_words.contains(lower))
        })
        || (v.toks[k].sent_start && is_all_caps(w) && w.len() > 12)
}

/// The gazetteer hit ending exactly at the end of token `k`, if any (the hits are flat: at
/// most one ends there, and it is the first ending at or after that byte).
fn hit_at_end<'v>(v: &'v View, k: usize) -> Option<&'v Hit> {
    let e = v.toks[k].end;
    let idx = v.hits.partition_point(|h| h.end < e);
    v.hits.get(idx).filter(|h| h.end == e)
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
/// index after the last tail and the number of tails taken.
fn tails(v: &View, mut k: usize, head_first: bool, in_ok: bool) -> (usize, usize) {
    let n = v.toks.len();
    let mut count = 0;
    loop {
        if k >= n {
            break;
        }
        let conn = v.tok(k);
        if !matches!(conn, "of" | "for" | "on" | "in") || !adjacent(v, k - 1, k) {
            break;
        }
        let mut t = k + 1;
        if t < n && v.tok(t) == "the" {
            t += 1;
        }
        if t >= n || !adjacent(v, t - 1, t) {
            break;
        }
        // a) another organization core: "of Changchun Municipal Education Bureau"
        if conn != "in" {
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
                } else if conn != "on" && (conn != "in" || in_ok) {
                    k = e;
                    count += 1;
                    continue;
                }
            }
        }
        // an acronym of an organization: "Centre of Health Protection of the DH"
        if conn == "of" && is_all_caps(v.tok(t)) && v.is_word(t) && v.tok(t).len() <= 6 {
            k = t + 1;
            count += 1;
            continue;
        }
        // c) a portfolio, right after a head: "Ministry of Commerce", "Department of Asian Affairs"
        if head_first && count == 0 && conn != "in" {
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
    while k < n && steps < 12 {
        if let Some((e, _)) = core_at(v, k) {
            if k == t || scan_mods(v, k) <= t {
                return Some(e);
            }
            return None;
        }
        if let Some(h) = v.hit_at(k) {
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
        let ok = (v.is_cap_word(k) && !is_calendar(w))
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
        if v.is_cap_word(k) && !is_calendar(w) {
            if k > t && super::persons::looks_like_name_start(v, k) {
                break;
            }
            if let Some(h) = v.hit_at(k) {
                if v.hit_kind(h) == Kind::Title && h.end < v.text.len() {
                    let e = tok_from_after(v.toks, k, h.end);
                    if e < n && v.is_cap_word(e) && adjacent(v, e - 1, e) {
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
            && v.is_cap_word(k + 1)
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
fn after_title(v: &View, blocked: &dyn Fn(usize, usize) -> bool, out: &mut Vec<Cand>) {
    let n = v.toks.len();
    for h in &v.hits {
        if v.hit_kind(h) != Kind::Title {
            continue;
        }
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
            || v.tok(k) != "of"
            || !super::persons::gap_is_space(v, h.end, v.toks[k].start)
        {
            continue;
        }
        let mut t = k + 1;
        if v.tok(t) == "the" {
            t += 1;
        }
        if t >= n
            || v.hit_at(t).is_some()
            || !v.is_cap_word(t)
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
            if v.is_cap_word(j)
                && !is_calendar(w)
                && v.hit_at(j).is_none_or(|h| v.hit_kind(h) != Kind::Title)
            {
                if j > t && super::persons::looks_like_name_start(v, j) {
                    break;
                }
                words += 1;
                j += 1;
            } else if matches!(w, "&" | "and") && j + 1 < n && v.is_cap_word(j + 1) && words > 0 {
                j += 1;
            } else {
                break;
            }
        }
        // a following capitalized run after a comma-free gap is a name: stop before it is
        // handled above; require a clean end (punctuation or a lower-case word)
        if words < 2 || (j < n && v.is_cap_word(j)) {
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

    /// Token `t` (a word) is not empty and opens with an ASCII byte other than a capital: not a
    /// capitalized word (`cap_word` says no), so no head word.
    fn no_core_byte(bytes: &[u8], t: &Token) -> bool {
        t.start < t.end && bytes[t.start] < 0x80 && !bytes[t.start].is_ascii_uppercase()
    }

    #[test]
    fn pass_over_passes_only_what_find_passes_over() {
        let mut rng = crate::testutil::XorShift::new(0x9a55_0be7);
        let pieces = [
            "Ministry", "of", "the", "Öz", "état", "’", "“", "(", ".", "1", "-", "said", "X",
        ];
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
                    // `cap_word` could say yes to
                    for t in &toks[i..k] {
                        assert!(t.start < next_hit, "{text:?}");
                        assert!(
                            t.kind != TokKind::Word || t.start == t.end || no_core_byte(bytes, t),
                            "{text:?}"
                        );
                    }
                    // and it stops at the first token that is not plainly such
                    if let Some(t) = toks.get(k) {
                        let plain = t.start < next_hit
                            && (t.kind == TokKind::Punct && bytes[t.start] < 0x80
                                || t.kind == TokKind::Word && no_core_byte(bytes, t));
                        assert!(!plain, "{text:?} {i} {next_hit}");
                    }
                }
            }
        }
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
