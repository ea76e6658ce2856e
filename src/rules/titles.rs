//! Titles: posts from `dictionaries/titles/`, widened by modifiers ("Deputy", "Vice",
//! "Executive Vice", "Vice-" glued by a hyphen) on the left and by a portfolio on the right
//! when the portfolio is not itself a named organization or place ("Minister of Science and
//! Technology", but "Director" + "of the Foreign Affairs Office of Krasnoyarsk").
//!
//! Whether a title is kept is decided later: only titles attached to a named person survive
//! (see `roles.rs`). Rule ids: `title-gazetteer`, `title-modified`, `title-portfolio`.

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

/// Titles that take a portfolio: "Minister of Commerce", "Secretary of Homeland Security".
fn takes_portfolio(w: &str) -> bool {
    matches!(
        last_word(w),
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
    match s.bytes().rposition(|b| b == b' ') {
        Some(k) => &s[k + 1..],
        None => s,
    }
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
        let surface = &v.text[h.start..h.end];
        if takes_portfolio(surface) {
            let envoy = matches!(
                last_word(surface),
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
    use super::{first_ending_after, last_word};

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
