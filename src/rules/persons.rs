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
//! ("Dozortseva", "Mr. Wang") when it belongs to exactly one person of the article
//! (`person-repeat`, `person-surname`).

use std::collections::{HashMap, HashSet};

use super::{Cand, Kind, View, CALENDAR_WORDS, FUNCTION_WORDS};
use crate::resolve::SpanSet;
use crate::text::{is_all_caps, TokKind};

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

/// Mr, Ms, Dr, H.E, Madam, Sheikh, ... (without the period).
pub fn is_honorific_word(v: &View, w: &str) -> bool {
    is_honorific(v, w)
}

fn is_honorific(v: &View, w: &str) -> bool {
    HONORIFICS.contains(&w) || v.gaz.lexicon.has("honorifics", w)
}

/// Splits a lower-case word into pinyin syllables (1 to 3 of them).
fn is_pinyin_given(v: &View, w: &str) -> bool {
    let w: String = w
        .chars()
        .filter(|c| *c != '-' && *c != '\'')
        .flat_map(char::to_lowercase)
        .collect();
    if w.is_empty() || !w.is_ascii() {
        return false;
    }
    let b = w.as_bytes();
    // reach[i] = fewest syllables that cover w[..i]
    let mut reach = vec![u8::MAX; b.len() + 1];
    reach[0] = 0;
    for i in 0..b.len() {
        if reach[i] == u8::MAX {
            continue;
        }
        for l in 1..=6.min(b.len() - i) {
            if v.gaz.lexicon.has("pinyin-syllables", &w[i..i + l]) {
                reach[i + l] = reach[i + l].min(reach[i] + 1);
            }
        }
    }
    (1..=3).contains(&reach[b.len()])
}

fn is_chinese_surname(v: &View, w: &str) -> bool {
    v.gaz.lexicon.has("chinese-surnames", w)
}

fn is_given_name(v: &View, w: &str) -> bool {
    v.gaz.lexicon.has("given-names-english", w) || v.gaz.lexicon.has("given-names-slavic", w)
}

fn has_slavic_ending(v: &View, w: &str) -> bool {
    let lw = w.to_lowercase();
    v.gaz.lexicon.list("surname-endings-slavic").any(|e| {
        let e = e.trim_start_matches('-');
        lw.len() > e.len() + 2 && lw.ends_with(e)
    })
}

/// A Chinese name (surname + pinyin given name) starts at token `k`.
fn chinese_name_at(v: &View, k: usize) -> bool {
    k + 1 < v.toks.len()
        && is_chinese_surname(v, v.tok(k))
        && v.is_cap_word(k + 1)
        && v.gap_is_space(v.toks[k].end, v.toks[k + 1].start)
        && is_pinyin_given(v, v.tok(k + 1))
        && !CALENDAR_WORDS.contains(&v.tok(k + 1))
}

/// Token `k` starts something that looks like a person's name (used by the organization and
/// title rules to stop before "... Ministry of Commerce Wang Wentao").
pub fn looks_like_name_start(v: &View, k: usize) -> bool {
    if chinese_name_at(v, k) {
        return true;
    }
    k + 1 < v.toks.len()
        && is_given_name(v, v.tok(k))
        && v.is_cap_word(k + 1)
        && v.gap_is_space(v.toks[k].end, v.toks[k + 1].start)
        && !super::organizations::is_head(v.tok(k + 1))
}

/// What covers each token: index into `layer`, if anything.
pub struct Cover<'c> {
    pub layer: &'c [Cand],
    pub by_tok: Vec<Option<usize>>,
}

impl<'c> Cover<'c> {
    pub fn new(v: &View, layer: &'c [Cand]) -> Cover<'c> {
        let mut by_tok = vec![None; v.toks.len()];
        for (ci, c) in layer.iter().enumerate() {
            let mut k = v.toks.partition_point(|t| t.end <= c.start);
            while k < v.toks.len() && v.toks[k].start < c.end {
                by_tok[k] = Some(ci);
                k += 1;
            }
        }
        Cover { layer, by_tok }
    }

    fn kind(&self, k: usize) -> Option<Kind> {
        self.by_tok
            .get(k)
            .copied()
            .flatten()
            .map(|ci| self.layer[ci].kind)
    }

    /// The candidate ending right before token `k` (only spaces between).
    fn before<'a>(&'a self, v: &View, k: usize) -> Option<&'a Cand> {
        if k == 0 {
            return None;
        }
        let ci = self.by_tok[k - 1]?;
        let c = &self.layer[ci];
        (c.end == v.toks[k - 1].end && v.gap_is_space(c.end, v.toks[k].start)).then_some(c)
    }

    /// The candidate starting exactly at token `k`.
    fn at(&self, v: &View, k: usize) -> Option<&'c Cand> {
        let ci = self.by_tok.get(k).copied().flatten()?;
        let c = &self.layer[ci];
        (c.start == v.toks[k].start).then_some(c)
    }
}

/// Can token `k` be part of a name? `first`: it would be the first word.
fn name_token(v: &View, cover: &Cover, k: usize, first: bool) -> bool {
    let t = &v.toks[k];
    if t.kind != TokKind::Word {
        return false;
    }
    match cover.kind(k) {
        None | Some(Kind::Person) => {}
        // a place inside a name ("Carlos Miguel Pereira"); `run_at` makes sure a run never
        // ends inside a place
        Some(Kind::Place) if !first => {}
        _ => return false,
    }
    let w = v.tok(k);
    if !crate::text::is_cap(w) || CALENDAR_WORDS.contains(&w) || super::organizations::is_head(w) {
        return false;
    }
    if is_all_caps(w) && w.chars().count() > 1 {
        return false;
    }
    if first && w.chars().count() == 1 {
        // an opening initial ("K. R. Narayanan"), but not the "H" of "H.E."
        let he = w == "H" && k + 2 < v.toks.len() && v.tok(k + 2) == "E";
        if !initial_at(v, k) || he {
            return false;
        }
    }
    // sentence-initial adverbs ("Recently, ...")
    if first && t.sent_start && w.ends_with("ly") && k + 1 < v.toks.len() && v.tok(k + 1) == "," {
        return false;
    }
    if w.chars().any(|c| c.is_ascii_digit()) || is_honorific(v, w) {
        return false;
    }
    let lw = w.to_lowercase();
    if FUNCTION_WORDS.binary_search(&lw.as_str()).is_ok() {
        return false;
    }
    // sentence-initial ordinary words ("Officials", "Both")
    !(first && t.sent_start && v.lower_words.contains(lw.as_str()))
}

/// An initial "J." inside a name: token k is one capital letter and k+1 is ".".
fn initial_at(v: &View, k: usize) -> bool {
    k + 2 < v.toks.len()
        && v.tok(k).chars().count() == 1
        && v.tok(k).chars().all(char::is_uppercase)
        && v.tok(k + 1) == "."
        && v.toks[k + 1].start == v.toks[k].end
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
        if v.toks[k].line_start || !v.gap_is_space(prev_end, v.toks[k].start) {
            break;
        }
        if initial_at(v, k) && k + 2 < n && name_token(v, cover, k + 2, false) {
            k += 2;
            continue;
        }
        // particles, possibly several: "von der Leyen", "bin Abdulaziz bin Saleh"
        let mut q = k;
        while q < n && q - k < 3 && PARTICLES.contains(&v.tok(q)) {
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
        let Some(ci) = cover.by_tok[end - 1] else {
            break;
        };
        let c = &cover.layer[ci];
        if c.kind != Kind::Place || c.end == v.toks[end - 1].end {
            break;
        }
        end = v.toks.partition_point(|t| t.start < c.start).max(a + 1);
    }
    // generational suffixes: "Joseph R. Biden, Jr.", "John P. Howard III", "Kellerman Jr."
    if end < n
        && matches!(v.tok(end - 1), "Jr" | "Sr")
        && v.tok(end) == "."
        && v.toks[end].start == v.toks[end - 1].end
    {
        end += 1;
    } else if end < n && end - a >= 2 {
        let gap_ok = |x: usize| v.gap_is_space(v.toks[x - 1].end, v.toks[x].start);
        if matches!(v.tok(end), "II" | "III" | "IV") && gap_ok(end) {
            end += 1;
        } else if end + 2 < n
            && v.tok(end) == ","
            && v.toks[end].start == v.toks[end - 1].end
            && matches!(v.tok(end + 1), "Jr" | "Sr")
            && v.tok(end + 2) == "."
        {
            end += 3;
        } else if end + 1 < n
            && matches!(v.tok(end), "Jr" | "Sr")
            && v.tok(end + 1) == "."
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
    let cover = Cover::new(v, layer);
    let n = v.toks.len();
    let first_line_end = v.text.find('\n').unwrap_or(v.text.len());
    let mut out: Vec<Cand> = Vec::new();
    let mut i = 0;
    while i < n {
        // A person already in the gazetteer stays as it is.
        if cover.kind(i) == Some(Kind::Person) {
            i += 1;
            continue;
        }
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
                if r != "person-lexical" || lexical(v, a2, b) {
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
        b = trim_run(v, a, b, rule);
        let in_headline = v.toks[a].start < first_line_end;
        // count name words, not initials, particles, suffixes or punctuation
        let words = (a..b)
            .filter(|&k| {
                let w = v.tok(k);
                v.is_cap_word(k)
                    && w.chars().count() > 1
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
    let n = v.toks.len();
    if b < n && v.is_cap_word(b) && v.gap_is_space(v.toks[b - 1].end, v.toks[b].start) {
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
        let w = v.tok(p);
        let ok = (v.is_cap_word(p) && !looks_like_name_start(v, p))
            || matches!(
                w,
                "of" | "for" | "the" | "and" | "on" | "to" | "in" | "&" | "(" | ")"
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
        !PARTICLES.contains(&w)
            && (v.gaz.vocab.contains(w) || v.lower_words.contains(w.to_lowercase().as_str()))
    };
    let s = (a..b).rev().find(|&k| phrase_word(k)).map_or(a, |k| k + 1);
    if s >= b {
        return None;
    }
    let words = (s..b)
        .filter(|&k| v.is_word(k) && v.tok(k).chars().count() > 1)
        .count();
    // four words only with a known given name first ("Gabriel Lim Meng Liang")
    let max = if is_given_name(v, v.tok(s)) { 4 } else { 3 };
    ((2..=max).contains(&words) && v.is_cap_word(s) && v.tok(s).chars().count() > 1).then_some(s)
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
    if (a..b).any(|k| NOT_LAST.contains(&v.tok(k))) {
        return None;
    }
    // after a title: "Vice Mayor Li Wei"; "Ambassador to China Tuvshin Badral"
    if let Some(c) = cover.before(v, a) {
        if c.kind == Kind::Title {
            return Some("person-after-title");
        }
        if c.kind == Kind::Place {
            let k = v.tok_from(c.start);
            if k >= 2 && v.tok(k - 1) == "to" {
                if let Some(t) = cover.before(v, k - 1) {
                    if t.kind == Kind::Title {
                        return Some("person-after-title");
                    }
                }
            }
        }
    }
    // after an honorific: "Mr. Wang", "Ms Dozortseva", "H.E. Ahmed", "Madam Li"
    if a >= 1 {
        let p = v.tok(a - 1);
        if is_honorific(v, p) && v.gap_is_space(v.toks[a - 1].end, v.toks[a].start) {
            return Some("person-honorific");
        }
        if p == "." && a >= 2 {
            let h = v.tok(a - 2);
            if is_honorific(v, h) || (h == "E" && a >= 4 && v.tok(a - 4) == "H") {
                return Some("person-honorific");
            }
        }
    }
    // apposition: "Inna Dozortseva, Director of ...", "Walter Barnes, 47,"
    if b + 1 < n && v.tok(b) == "," {
        let mut k = b + 1;
        if k < n && matches!(v.tok(k), "the" | "a" | "an" | "then" | "former") {
            k += 1;
        }
        if k < n {
            if let Some(c) = cover.at(v, k) {
                if c.kind == Kind::Title {
                    // a title followed by a name premodifies that name instead
                    let after = v.tok_from(c.end);
                    let premodifies = after < n
                        && v.gap_is_space(c.end, v.toks[after].start)
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
                && v.tok(k).chars().all(|c| c.is_ascii_digit())
                && v.tok(k).len() <= 3
                && v.tok(k + 1) == ","
                && b - a >= 2
            {
                return Some("person-apposition");
            }
        }
    }
    // speech verbs: "Ou Shuo mentioned", "said Bai Tian"
    if b - a >= 2 {
        if b < n
            && SPEECH_VERBS.contains(&v.tok(b))
            && v.gap_is_space(v.toks[b - 1].end, v.toks[b].start)
        {
            return Some("person-speech");
        }
        if a >= 1 && matches!(v.tok(a - 1), "said" | "says" | "added" | "noted" | "stated") {
            return Some("person-speech");
        }
        if a >= 2 && v.tok(a - 2) == "according" && v.tok(a - 1) == "to" {
            return Some("person-speech");
        }
    }
    if lexical(v, a, b) {
        return Some("person-lexical");
    }
    None
}

/// The run looks like a personal name from the name lists.
fn lexical(v: &View, a: usize, b: usize) -> bool {
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
            if b - a == 2 && chinese_name_at(v, a) {
                return true;
            }
            if is_given_name(v, f) && !v.lower_words.contains(l.to_lowercase().as_str()) {
                return true;
            }
            // "Kuksenko Elena", "Elena Kuksenko"
            b - a == 2
                && ((has_slavic_ending(v, f) && v.gaz.lexicon.has("given-names-slavic", l))
                    || (has_slavic_ending(v, l) && v.gaz.lexicon.has("given-names-slavic", f)))
        }
        _ => false,
    }
}

/// Shortens a run that swallowed following capitalized words ("Li Wei Attends Event").
fn trim_run(v: &View, a: usize, b: usize, _rule: &str) -> usize {
    if b - a >= 3 && chinese_name_at(v, a) {
        // Chinese names are two tokens ("Wang Hao"), surname first; written given name first
        // in three syllables ("Sheng Mao Chen") the surname comes last
        let given_first = is_chinese_surname(v, v.tok(a + 2))
            && is_pinyin_given(v, v.tok(a + 1))
            && v.gap_is_space(v.toks[a + 1].end, v.toks[a + 2].start)
            && v.tok(a + 1).len() <= 6
            && v.tok(a).len() <= 6;
        return if given_first { a + 3 } else { a + 2 };
    }
    let mut e = a + 1;
    while e < b {
        let w = v.tok(e);
        if w.chars().count() == 1 {
            // an initial ("A." in "Naomi A. Okafor")
            e += 1;
            continue;
        }
        let lw = w.to_lowercase();
        if HEADLINE_VERBS.contains(&w)
            || (v.lower_words.contains(lw.as_str()) && !PARTICLES.contains(&lw.as_str()))
            || is_verb_form(v, &lw)
        {
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
    [
        stem.to_string(),
        format!("{stem}d"),
        format!("{stem2}ed"),
        format!("{stem2}ing"),
    ]
    .iter()
    .any(|f| v.lower_words.contains(f.as_str()))
}

/// The surname of a full name: the first word of a Chinese name or of a Slavic
/// surname-first name, otherwise the last word.
pub fn surname(v: &View, name: &str) -> Option<String> {
    let words = name_words(name);
    if words.len() < 2 {
        return None;
    }
    let (f, l) = (words[0], words[words.len() - 1]);
    if words.len() == 2 && is_chinese_surname(v, f) && is_pinyin_given(v, l) {
        return Some(f.to_string());
    }
    if words.len() == 2 && has_slavic_ending(v, f) && v.gaz.lexicon.has("given-names-slavic", l) {
        return Some(f.to_string());
    }
    Some(l.trim_end_matches('.').to_string())
}

/// The words of a name without generational suffixes and trailing commas: "Joseph R. Biden,
/// Jr." -> ["Joseph", "R.", "Biden"].
fn name_words(name: &str) -> Vec<&str> {
    let mut w: Vec<&str> = name
        .split_whitespace()
        .map(|x| x.trim_end_matches(','))
        .collect();
    while w.len() > 2 && matches!(*w.last().unwrap(), "Jr." | "Sr." | "II" | "III" | "IV") {
        w.pop();
    }
    w
}

/// Adds mentions for repeats of accepted full names and for unambiguous surnames. `taken`
/// tells whether a byte span is already covered by another mention.
pub fn link(v: &View, persons: &[Cand], taken: &dyn Fn(usize, usize) -> bool) -> Vec<Cand> {
    let mut full: Vec<String> = persons
        .iter()
        .filter(|c| c.canonical.is_none())
        .map(|c| v.text[c.start..c.end].to_string())
        .collect();
    full.sort();
    full.dedup();
    // surname -> the full names it could mean
    let mut by_surname: HashMap<String, HashSet<&str>> = HashMap::new();
    for f in &full {
        if let Some(s) = surname(v, f) {
            by_surname.entry(s).or_default().insert(f.as_str());
        }
    }
    let existing: HashSet<(usize, usize)> = persons.iter().map(|c| (c.start, c.end)).collect();
    let existing_set = SpanSet::from_flat(existing.iter().copied().collect());
    let mut out = Vec::new();
    // full-name repeats: one leftmost-longest pass over all names, so "Wang Hao" is never
    // cut into "Wang"
    let mut claimed = SpanSet::default();
    if !full.is_empty() {
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            // built per article: a cheap NFA, not the default DFA
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&full)
            .expect("names automaton");
        for m in ac.find_iter(v.text) {
            let (s, e) = (m.start(), m.end());
            if !crate::gazetteer::boundary_before(v.text, s)
                || !crate::gazetteer::boundary_after(v.text, e)
                || existing.contains(&(s, e))
                || taken(s, e)
            {
                continue;
            }
            claimed.insert(s, e);
            out.push(Cand::new(s, e, Kind::Person, "person-repeat"));
        }
    }
    // surnames alone
    for (k, t) in v.toks.iter().enumerate() {
        if t.kind != TokKind::Word {
            continue;
        }
        let w = v.tok(k);
        let Some(fulls) = by_surname.get(w) else {
            continue;
        };
        if fulls.len() != 1 {
            continue;
        }
        let (s, e) = (t.start, t.end);
        if existing_set.overlaps(s, e) || claimed.overlaps(s, e) || taken(s, e) {
            continue;
        }
        // not glued to another capitalized word ("Wang Yi" vs "Wang Hao" handled above)
        let next_cap = k + 1 < v.toks.len()
            && v.is_cap_word(k + 1)
            && v.gap_is_space(t.end, v.toks[k + 1].start);
        let prev_cap = k > 0 && v.is_cap_word(k - 1) && v.gap_is_space(v.toks[k - 1].end, t.start);
        if next_cap || (prev_cap && !is_honorific(v, v.tok(k - 1))) {
            continue;
        }
        let full_name = fulls.iter().next().unwrap().to_string();
        let mut c = Cand::new(s, e, Kind::Person, "person-surname");
        c.canonical = Some(full_name);
        out.push(c);
    }
    out
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
}
