//! Titles: posts from `dictionaries/titles/`, widened by modifiers ("Deputy", "Vice",
//! "Executive Vice", "Vice-" glued by a hyphen) on the left and by a portfolio on the right
//! when the portfolio is not itself a named organization or place ("Minister of Science and
//! Technology", but "Director" + "of the Foreign Affairs Office of Krasnoyarsk").
//!
//! Whether a title is kept is decided later: only titles attached to a named person survive
//! (see `roles.rs`). Rule ids: `title-gazetteer`, `title-modified`, `title-portfolio`.
//!
//! Also the scans for spaces, eight bytes a step, that the title, organization and role rules
//! read a post's words with (`last_space`, `next_space`).

use super::persons::{word_flags, CALENDAR};
use super::{Cand, Kind, View};
use crate::gazetteer::ListId;
use crate::text::Token;

/// Modifiers when no `titles/modifiers.txt` list is present.
const DEFAULT_MODIFIERS: &[&str] = &[
    "Acting",
    "Assistant",
    "Associate",
    "Chief",
    "Deputy",
    "Executive",
    "First",
    "Former",
    "Honorary",
    "Permanent",
    "Principal",
    "Senior",
    "Special",
    "Vice",
];

fn is_modifier(v: &View, w: &str) -> bool {
    v.gaz.lexicon.contains(ListId::MODIFIERS, w) || DEFAULT_MODIFIERS.contains(&w)
}

/// Titles that take a portfolio: "Minister of Commerce", "Secretary of Homeland Security";
/// asked of the title's last word (`last_word`).
fn takes_portfolio(last: &str) -> bool {
    matches!(
        last,
        "Minister"
            | "Secretary"
            | "Commissioner"
            | "Councilor"
            | "Councillor"
            | "Envoy"
            | "Representative"
            | "Advisor"
            | "Adviser"
            | "Coordinator"
            | "Rapporteur"
    )
}

/// The last of the words of `s.split(' ')` (`s.rsplit(' ').next()`), by a byte scan: the
/// generic split's searcher cost ~180 instructions a call, here and in the organization
/// rules' `after_title` (titles::find 2.22M -> 1.74M instructions on the 330-article sample,
/// with `first_ending_after`). (' ' is ASCII: the cut is a char boundary.)
pub(super) fn last_word(s: &str) -> &str {
    match last_space(s.as_bytes()) {
        Some(k) => &s[k + 1..],
        None => s,
    }
}

/// The bytes of `x` that are spaces, as the high bit of each (exact: no carry crosses
/// bytes, unlike the shorter `(y - 0x01..) & !y & 0x80..` test).
#[inline(always)]
fn space_bits(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let y = x ^ 0x2020_2020_2020_2020;
    !((y & LOW7).wrapping_add(LOW7) | y | LOW7)
}

/// Eight bytes of `b` from `i` as a little-endian number.
#[inline(always)]
fn load8(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(*b[i..].first_chunk::<8>().expect("eight bytes"))
}

/// `b.iter().rposition(|&c| c == b' ')`, eight bytes a step (a byte a step cost about five
/// instructions; titles and the words before them are read this way for every post).
pub(crate) fn last_space(b: &[u8]) -> Option<usize> {
    let mut end = b.len();
    while end >= 8 {
        let m = space_bits(load8(b, end - 8));
        if m != 0 {
            return Some(end - 1 - (m.leading_zeros() / 8) as usize);
        }
        end -= 8;
    }
    if end == 0 {
        return None;
    }
    if b.len() < 8 {
        return b[..end].iter().rposition(|&c| c == b' ');
    }
    // the first `end` (< 8) bytes, from the first eight
    let m = space_bits(load8(b, 0)) & ((1u64 << (8 * end)) - 1);
    (m != 0).then(|| 7 - (m.leading_zeros() / 8) as usize)
}

/// `b[from..].iter().position(|&c| c == b' ')` (as an index into `b`), eight bytes a step.
/// (Inlined: roles' `find_word` calls it for each word of a title, roles::find 1.66M ->
/// 1.63M instructions on the 330-article sample.)
#[inline]
pub(crate) fn next_space(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 8 <= b.len() {
        let m = space_bits(load8(b, i));
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    if i >= b.len() {
        return None;
    }
    if b.len() < 8 {
        return b[i..].iter().position(|&c| c == b' ').map(|p| i + p);
    }
    // the last `len - i` (< 8) bytes, from the last eight
    let s = b.len() - 8;
    let m = space_bits(load8(b, s)) & (!0u64 << (8 * (i - s)));
    (m != 0).then(|| s + (m.trailing_zeros() / 8) as usize)
}

/// `toks.partition_point(|t| t.end <= b)`, the first token ending after byte `b`, found by a
/// scan from token `first`, which is next to it when it starts at `b` (token ends are in
/// order), rather than by a binary search over the article.
fn first_ending_after(toks: &[Token], first: usize, b: usize) -> usize {
    let mut k = first.min(toks.len());
    while k > 0 && toks[k - 1].end > b {
        k -= 1;
    }
    while k < toks.len() && toks[k].end <= b {
        k += 1;
    }
    k
}

/// Finds title candidates among the gazetteer hits. `blocked` tells spans already taken.
pub fn find(v: &View, blocked: &dyn Fn(usize, usize) -> bool) -> Vec<Cand> {
    // (room for the few titles of most articles: growing from empty cost two allocations)
    let mut out = Vec::with_capacity(8);
    let n = v.toks.len();
    for h in &v.hits {
        if v.hit_kind(h) != Kind::Title {
            continue;
        }
        let Some(first) = v.tok_starting(h.start) else {
            continue;
        };
        let mut start_tok = first;
        let mut rule = "title-gazetteer";
        // left: modifiers, spaced or hyphenated ("Vice Mayor", "Vice-Mayor" is one token)
        while start_tok > 0 {
            let k = start_tok - 1;
            if v.toks[start_tok].line_start
                || !super::persons::gap_is_space(v, v.toks[k].end, v.toks[start_tok].start)
            {
                break;
            }
            if v.is_word(k) && is_modifier(v, v.tok(k)) {
                start_tok = k;
                rule = "title-modified";
            } else {
                break;
            }
        }
        let mut start = v.toks[start_tok].start;
        // "Vice-Mayor": the hit starts inside a hyphenated token
        if start_tok == first {
            let tk = first_ending_after(v.toks, first, h.start);
            if tk < n && v.toks[tk].start < h.start {
                let word = &v.text[v.toks[tk].start..h.start];
                if let Some(m) = word.strip_suffix('-') {
                    if is_modifier(v, m) {
                        start = v.toks[tk].start;
                        rule = "title-modified";
                    }
                }
            }
        }
        let mut end = h.end;
        // (the last word found once for both tests)
        let last = last_word(&v.text[h.start..h.end]);
        if takes_portfolio(last) {
            let envoy = matches!(
                last,
                "Envoy" | "Representative" | "Coordinator" | "Rapporteur" | "Adviser" | "Advisor"
            );
            if let Some(e) = portfolio_after(v, h.end, envoy) {
                end = e;
                rule = "title-portfolio";
            }
        }
        if !blocked(start, end) {
            out.push(Cand::new(start, end, Kind::Title, rule));
        }
    }
    out
}

/// "of Science and Technology" after a title ending at byte `e`: the end of the portfolio,
/// when the words after "of"/"for" are capitalized, hold no organization head, do not start
/// with a gazetteer place or organization, and are not a person's name. Envoy-like posts
/// (`envoy`) also take "on [the]" and places: "Special Envoy on Afghan Affairs", "Special
/// Representative for Afghanistan", "Special Envoy on the Middle East Issue".
fn portfolio_after(v: &View, e: usize, envoy: bool) -> Option<usize> {
    let n = v.toks.len();
    // "of", "for" or "on" must follow, after spaces only (tested below): most posts are
    // passed over on the byte after them and one space, before the token there is looked
    // for. (A space, tab or no-break space (0xC2 0xA0) may follow.)
    let bytes = v.text.as_bytes();
    let p = e + usize::from(bytes.get(e) == Some(&b' '));
    if !matches!(bytes.get(p), Some(b'o' | b'f' | b' ' | b'\t' | 0xC2)) {
        return None;
    }
    let k = v.tok_from(e);
    if k + 1 >= n || !super::persons::gap_is_space(v, e, v.toks[k].start) {
        return None;
    }
    let conn = v.tok(k);
    if !(matches!(conn, "of" | "for") || (envoy && conn == "on")) {
        return None;
    }
    let mut t = k + 1;
    if envoy && conn != "of" && v.tok(t) == "the" && t + 1 < n {
        t += 1;
    }
    if !envoy
        && v.hit_at(t)
            .is_some_and(|h| matches!(v.hit_kind(h), Kind::Place | Kind::Organization))
    {
        return None;
    }
    let mut j = t;
    let mut last = None;
    while j < n && j - t < 7 {
        if !super::persons::gap_is_space(v, v.toks[j - 1].end, v.toks[j].start) {
            break;
        }
        let w = v.tok(j);
        // (`CALENDAR_WORDS.contains(&w)`, from the word table)
        if super::organizations::cap_word(v, j) && word_flags(w) & CALENDAR == 0 {
            if super::organizations::is_head(w) {
                return None;
            }
            if j > t && super::persons::looks_like_name_start(v, j) {
                break;
            }
            // two unknown capitalized words in a row: a name follows the post
            let unknown = |x: usize| !v.gaz.vocab.contains(v.tok(x)) && v.hit_at(x).is_none();
            if j > t
                && unknown(j)
                && j + 1 < n
                && super::organizations::cap_word(v, j + 1)
                && unknown(j + 1)
                && super::persons::gap_is_space(v, v.toks[j].end, v.toks[j + 1].start)
            {
                break;
            }
            if let Some(h) = v.hit_at(j) {
                match v.hit_kind(h) {
                    Kind::Organization | Kind::Title => break,
                    Kind::Place | Kind::Demonym if envoy => {
                        let after = v.tok_from(h.end);
                        last = Some(h.end);
                        j = after.max(j + 1);
                        continue;
                    }
                    _ => {}
                }
            }
            last = Some(v.toks[j].end);
            j += 1;
            continue;
        }
        if matches!(w, "and" | "&")
            && j > t
            && j + 1 < n
            && super::organizations::cap_word(v, j + 1)
        {
            j += 1;
            continue;
        }
        break;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::{first_ending_after, last_space, last_word, next_space};

    #[test]
    fn space_scans_are_the_byte_scans() {
        let mut rng = crate::testutil::XorShift::new(0x0005_ace5);
        // spaces next to the bytes a wrong per-byte test would take for one ('!' is a space
        // plus one, 0xA0 a space with the high bit)
        let pieces = [
            " ", "  ", "!", "a", "Minister", "\u{a0}", "é", "\0", "\u{7f}", "xyzw",
        ];
        for n in 0..3_000 {
            let s = rng.glue(&pieces, &[""], n % 14);
            let b = s.as_bytes();
            assert_eq!(last_space(b), b.iter().rposition(|&c| c == b' '), "{s:?}");
            for from in 0..=b.len() + 1 {
                let plain = b
                    .get(from..)
                    .and_then(|r| r.iter().position(|&c| c == b' '))
                    .map(|p| from + p);
                assert_eq!(next_space(b, from), plain, "{s:?} {from}");
            }
        }
    }

    #[test]
    fn first_ending_after_is_the_binary_search() {
        let mut rng = crate::testutil::XorShift::new(0xe7d);
        let pieces = ["Vice", "-", "Mayor", "Öz", ".", "of", "’"];
        for _ in 0..500 {
            let n = rng.below(12);
            let text = rng.glue(&pieces, &[" ", "", "\n"], n);
            let toks = crate::text::tokenize(&text);
            for first in 0..=toks.len() {
                for b in 0..=text.len() + 1 {
                    assert_eq!(
                        first_ending_after(&toks, first, b),
                        toks.partition_point(|t| t.end <= b),
                        "{text:?} {first} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn last_word_is_the_last_of_the_split() {
        let mut rng = crate::testutil::XorShift::new(0x7171e);
        let pieces = ["Minister", "Vice", "é", " ", "  ", "-", "Envoy", ""];
        for n in 0..2_000 {
            let s = rng.glue(&pieces, &[""], n % 9);
            assert_eq!(Some(last_word(&s)), s.rsplit(' ').next(), "{s:?}");
        }
    }
}
