//! Roles: who holds which post where, read from the order of mentions and the exact text
//! between them. Patterns (P = person, T = title, O = organization, L = place):
//!
//! - `T P`, `O T P`, `O's T P`: "Vice Mayor Li Wei", "NSC Spokesperson Emily Horne"
//! - `T of [the] O P`: "Director-General of the Department of X of the Foreign Ministry Bai
//!   Tian"
//! - `T to|of|in L P`: "Ambassador to China Tuvshin Badral", "President of the Italian
//!   Republic X" (organization null)
//! - `P, [the] T [of|at [the] O]`: "Vera Kalinovska, Director of the Foreign Affairs Office of
//!   Krasnoyarsk"; lists of such appositions
//! - `P, O T`: "Emily Horne, NSC Spokesperson"
//! - `P serves as|was appointed [the] T [of O]`
//! - `T P, of the O` and `T P of the O`: "Detective X of the NYPD"
//! - a title naming a head noun ("Bureau Chief") takes the nearest earlier body of that kind
//!   in the sentence; a title naming the issuer's head noun ("Department Spokesperson") takes
//!   the issuer
//! - `T and T P`: "State Councilor and Foreign Minister Wang Yi" gives two roles
//! - a name closing a long title phrase: "Minister of Foreign Affairs of Laos X"
//!
//! Also decides which titles are kept: a title is an entity only when attached to a named
//! person (GOLD.md decision 1). Dedup follows the product rules: one role per (person, title,
//! organization); no null-organization role when the same person and title have one with an
//! organization; a short re-mention ("Secretary Blinken") adds no role when the person already
//! has one from a full mention.

use crate::resolve::Placed;
use crate::rules::Kind;

/// A role by entity index: (person, title, organization).
pub type RoleIdx = (usize, usize, Option<usize>);

/// A role found, from a full-name mention or not, with its person and title mentions.
type Found = (RoleIdx, bool, usize, usize);

/// Returns the roles and, per mention, whether it is a title that must be kept.
/// `issuer`: the mention (index into `ms`) of the issuing body named in the header, if any.
/// `is_demonym` tells nationality words ("Mexican").
pub fn find(
    text: &str,
    ms: &[Placed],
    issuer: Option<usize>,
    is_demonym: &dyn Fn(&str) -> bool,
) -> (Vec<RoleIdx>, Vec<bool>) {
    let mut keep_title = vec![false; ms.len()];
    // (role, from a full-name mention, the person mention, the title mention); room for the
    // few roles of most articles (growing it from empty cost three allocations)
    let mut found: Vec<Found> = Vec::with_capacity(8);
    let gap = |a: usize, b: usize| -> &str { &text[ms[a].cand.end..ms[b].cand.start] };
    let kind = |i: usize| ms[i].cand.kind;
    // the titles of a chain (`title_chain`), in one buffer for all persons
    let mut chain: Vec<(usize, Option<usize>)> = Vec::new();
    for p in 0..ms.len() {
        if kind(p) != Kind::Person {
            continue;
        }
        let full = ms[p].cand.canonical.is_none();
        let mut add = |t: usize, o: Option<usize>, keep: &mut Vec<bool>| {
            keep[t] = true;
            found.push((
                (ms[p].entity, ms[t].entity, o.map(|o| ms[o].entity)),
                full,
                p,
                t,
            ));
        };
        // backward
        if p >= 1 && is_space(gap(p - 1, p)) {
            let j = p - 1;
            match kind(j) {
                Kind::Title => {
                    // "Detective X of the NYPD", "ADA X, of the Homicide Bureau"
                    title_chain(text, ms, j, &mut chain);
                    let org = org_before_title(text, ms, &chain).or_else(|| {
                        (p + 1 < ms.len()
                            && kind(p + 1) == Kind::Organization
                            && matches!(gap(p, p + 1), ", of the " | ", of " | " of the " | " of "))
                        .then_some(p + 1)
                    });
                    for &(t, o) in &chain {
                        add(t, o.or(org), &mut keep_title);
                    }
                }
                Kind::Organization
                    if j >= 1 && kind(j - 1) == Kind::Title && is_of(gap(j - 1, j)) =>
                {
                    title_chain(text, ms, j - 1, &mut chain);
                    for &(t, o) in &chain {
                        add(t, o.or(Some(j)), &mut keep_title);
                    }
                }
                Kind::Place
                    if j >= 1
                        && kind(j - 1) == Kind::Title
                        && matches!(
                            gap(j - 1, j),
                            " to " | " to the " | " of " | " of the " | " in "
                        ) =>
                {
                    title_chain(text, ms, j - 1, &mut chain);
                    for &(t, o) in &chain {
                        add(t, o.or(None), &mut keep_title);
                    }
                }
                _ => {}
            }
        }
        // a name closing a long title phrase: "Minister of Foreign Affairs of Laos X",
        // "Special Coordinator for the Middle East Peace Process (UNSCO) X"
        if ms[p].cand.rule == "person-after-title-phrase" {
            let mut j = p;
            while j >= 1 && matches!(kind(j - 1), Kind::Organization | Kind::Place) && j + 6 > p {
                j -= 1;
            }
            if j >= 1 && kind(j - 1) == Kind::Title {
                let t = j - 1;
                let org = (j < p && kind(j) == Kind::Organization && is_of(gap(t, j))).then_some(j);
                title_chain(text, ms, t, &mut chain);
                for &(t, o) in &chain {
                    add(t, o.or(org), &mut keep_title);
                }
            }
        }
        // forward: apposition
        if p + 1 < ms.len() && is_apposition(gap(p, p + 1)) {
            let t = p + 1;
            match kind(t) {
                Kind::Title => {
                    // "Director and Chief Engineer of X": the titles `t..=last`
                    let mut last = t;
                    while last + 2 < ms.len()
                        && kind(last + 1) == Kind::Title
                        && matches!(gap(last, last + 1), " and " | " & ")
                    {
                        last += 1;
                    }
                    let org = (last + 1 < ms.len()
                        && kind(last + 1) == Kind::Organization
                        && (is_of(gap(last, last + 1))
                            || matches!(gap(last, last + 1), " at " | " at the ")))
                    .then_some(last + 1);
                    for t in t..=last {
                        add(t, org, &mut keep_title);
                    }
                }
                Kind::Organization | Kind::Place
                    if t + 1 < ms.len()
                        && kind(t + 1) == Kind::Title
                        && is_space(gap(t, t + 1)) =>
                {
                    let org = (kind(t) == Kind::Organization).then_some(t);
                    add(t + 1, org, &mut keep_title);
                }
                _ => {}
            }
        }
    }
    // Two tests for a role without an organization, each through a head word of its title:
    // - a post of the issuing body itself: "Department Spokesperson X" in a release issued by
    //   the "U.S. Department of State";
    // - "..., of the District Attorney's Domestic Violence Bureau, under the supervision of X,
    //   Bureau Chief": a title naming a head noun belongs to the nearest earlier body of that
    //   kind in the same sentence.
    // Both in one walk over the roles, so that the title's first head word, which both ask
    // for, is found once when the second reads the same mention (each role's tests read and
    // set only its own organization; all the tests are pure): roles::find 1.86M -> 1.66M
    // instructions on the 330-article sample.
    //
    // The body's head noun (`body_head`), found on first need rather than again for every role.
    let mut body_head_memo: Option<Option<&str>> = None;
    // (per title entity, its first mention: found on first need, for all titles at once.
    // A title entity's first mention is at or before the mention its role was read from, so
    // the table covers the title entities only and is filled from the mentions up to the last
    // of those: cheaper than a table of every entity's first mention, filled from all)
    let mut first_mention: Vec<usize> = Vec::new();
    let (titles_end, last_title) = found.iter().fold((0, 0), |(n, l), &((_, t, _), _, _, tm)| {
        (n.max(t + 1), l.max(tm))
    });
    for ((_, t, o), _, p, tm) in found.iter_mut() {
        // (the tests only for a role without an organization, the only one they can change)
        if o.is_some() {
            continue;
        }
        let tmi = *tm;
        let title = &text[ms[tmi].cand.start..ms[tmi].cand.end];
        let title_head = find_word(title, crate::rules::organizations::is_head);
        // the issuer's post. (The body's head is a head word: a title with no head word
        // cannot name it, and most titles have none, so the tests and the body's head are
        // skipped for them: roles::find 2.31M -> 1.86M instructions on the 330-article sample)
        if let (Some(i), Some(_)) = (issuer, title_head) {
            // a post qualified by another country is not the issuer's: "Mexican Secretary of
            // Foreign Affairs", "Minister of Foreign Affairs of Laos"
            // the word before the title (`rsplit(' ').next()`, by a byte scan that stops at
            // the nearest space: the generic split cost about 300 instructions a call)
            let left = text[..ms[tmi].cand.start].trim_end();
            let before = match crate::rules::titles::last_space(left.as_bytes()) {
                Some(k) => &left[k + 1..],
                None => left,
            };
            let after_place = tmi + 1 < ms.len()
                && ms[tmi + 1].cand.kind == Kind::Place
                && matches!(
                    &text[ms[tmi].cand.end..ms[tmi + 1].cand.start],
                    " of " | " of the " | " to " | " to the "
                );
            if !is_demonym(before) && !after_place {
                let body = &text[ms[i].cand.start..ms[i].cand.end];
                let h = *body_head_memo.get_or_insert_with(|| body_head(body));
                if names_head(title, h) {
                    *o = Some(ms[i].entity);
                    continue;
                }
            }
        }
        // the nearest earlier body named by the title's head noun
        if first_mention.is_empty() {
            first_mention.resize(titles_end, usize::MAX);
            for (i, m) in ms[..=last_title].iter().enumerate() {
                if let Some(f) = first_mention.get_mut(m.entity) {
                    if *f == usize::MAX {
                        *f = i;
                    }
                }
            }
        }
        // (the title entity `t` has a mention: the one its role was read from; its first
        // mention is most often that one, whose head word is known)
        let first = first_mention[*t];
        let head = if first == tmi {
            title_head
        } else {
            let m = &ms[first];
            find_word(
                &text[m.cand.start..m.cand.end],
                crate::rules::organizations::is_head,
            )
        };
        let Some(head) = head else {
            continue;
        };
        let p_start = ms[*p].cand.start;
        for m in ms[..*p].iter().rev() {
            let between = &text[m.cand.end..p_start];
            if between.len() > 400 || between.contains(". ") || between.contains('\n') {
                break;
            }
            if m.cand.kind == Kind::Organization
                && text[m.cand.start..m.cand.end]
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == head)
            {
                *o = Some(m.entity);
                break;
            }
        }
    }
    let roles = if found.len() <= DEDUP_SCAN_MAX {
        dedup_scan(&found)
    } else {
        dedup_sorted(&found)
    };
    (roles, keep_title)
}

/// Up to this many roles are deduplicated by `dedup_scan`, more by `dedup_sorted`.
const DEDUP_SCAN_MAX: usize = 16;

/// The roles of `found` (role, from a full-name mention, ..) kept by the product rules, in order:
/// no null-organization role when the same person and title have one with an organization, no
/// role from a short re-mention of a person who has one from a full mention, each role once.
/// By scans of the few roles of an article: the sorted lists of `dedup_sorted` cost two or
/// three allocations and sorts an article (roles::find 2.66M -> 2.47M instructions on the
/// 330-article sample); past `DEDUP_SCAN_MAX` roles the scans' quadratic cost is avoided.
fn dedup_scan(found: &[Found]) -> Vec<RoleIdx> {
    let mut roles: Vec<RoleIdx> = Vec::with_capacity(found.len());
    for &(r, full, _, _) in found {
        let (p, t, o) = r;
        if o.is_none()
            && found
                .iter()
                .any(|&((p2, t2, o2), _, _, _)| o2.is_some() && p2 == p && t2 == t)
        {
            continue;
        }
        if !full
            && found
                .iter()
                .any(|&((p2, _, _), full2, _, _)| full2 && p2 == p)
        {
            continue;
        }
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    roles
}

/// `dedup_scan` by sorted lists (a handful of roles per article, where the allocations of
/// tree sets cost more than the searches).
fn dedup_sorted(found: &[Found]) -> Vec<RoleIdx> {
    let mut with_org: Vec<(usize, usize)> = found
        .iter()
        .filter(|((_, _, o), _, _, _)| o.is_some())
        .map(|((p, t, _), _, _, _)| (*p, *t))
        .collect();
    with_org.sort_unstable();
    let mut full_people: Vec<usize> = found
        .iter()
        .filter(|(_, full, _, _)| *full)
        .map(|((p, _, _), _, _, _)| *p)
        .collect();
    full_people.sort_unstable();
    let mut seen: Vec<RoleIdx> = Vec::with_capacity(found.len());
    let mut roles = Vec::with_capacity(found.len());
    for &(r, full, _, _) in found {
        let (p, t, o) = r;
        if o.is_none() && with_org.binary_search(&(p, t)).is_ok() {
            continue;
        }
        if !full && full_people.binary_search(&p).is_ok() {
            continue;
        }
        if let Err(k) = seen.binary_search(&r) {
            seen.insert(k, r);
            roles.push(r);
        }
    }
    roles
}

/// Is `title` a post of the body named `body`? Only when the title names the body's head noun
/// ("Department Spokesperson" of the "U.S. Department of State"): a shared portfolio alone
/// ("Minister of External Affairs" in a Ministry of External Affairs release) may be another
/// country's post, and the organization is then left null rather than invented. Asked as
/// `names_head(title, body_head(body))`, so that the body's part is worked out once.
///
/// `body_head`: the last head noun of `body`.
fn body_head(body: &str) -> Option<&str> {
    // The words between non-alphanumeric chars other than '-', from the last, as
    // `body.rsplit(|c: char| !c.is_alphanumeric() && c != '-')` gives them, empty ones too;
    // by hand, since that split's generic searcher cost over a thousand instructions a call.
    let is_head = crate::rules::organizations::is_head;
    let mut end = body.len();
    for (i, c) in body.char_indices().rev() {
        if !c.is_alphanumeric() && c != '-' {
            let w = &body[i + c.len_utf8()..end];
            if is_head(w) {
                return Some(w);
            }
            end = i;
        }
    }
    let w = &body[..end];
    is_head(w).then_some(w)
}

/// `title` has the word `head` (see `body_head`).
fn names_head(title: &str, head: Option<&str>) -> bool {
    head.is_some_and(|h| find_word(title, |w| w == h).is_some())
}

/// The first of the words of `s` for which `f` holds, the words being those of `s.split(' ')`
/// (empty ones too). A byte scan, eight bytes a step: titles are a few short words, for which
/// the generic split's searcher cost several times the comparisons. (' ' is ASCII: every cut
/// is a char boundary.)
fn find_word(s: &str, mut f: impl FnMut(&str) -> bool) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = crate::rules::titles::next_space(s.as_bytes(), from) {
        let w = &s[from..i];
        if f(w) {
            return Some(w);
        }
        from = i + 1;
    }
    let w = &s[from..];
    f(w).then_some(w)
}

fn is_space(g: &str) -> bool {
    !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}')
        || g == "'s "
        || g == "’s "
        || is_honorific_gap(g)
}

/// " Shri ", " Mr. ", " H.E. ": an honorific between a title and a name.
fn is_honorific_gap(g: &str) -> bool {
    let Some(inner) = g.strip_prefix(' ').and_then(|r| r.strip_suffix(' ')) else {
        return false;
    };
    matches!(
        inner,
        "Mr."
            | "Mr"
            | "Ms."
            | "Ms"
            | "Mrs."
            | "Mrs"
            | "Dr."
            | "Dr"
            | "Shri"
            | "Smt."
            | "Smt"
            | "H.E."
            | "Madam"
            | "Madame"
            | "Sir"
            | "Dame"
    )
}

fn is_of(g: &str) -> bool {
    matches!(g, " of " | " of the " | " with the " | " at " | " at the ")
}

fn is_apposition(g: &str) -> bool {
    matches!(
        g,
        ", " | ", the "
            | ", a "
            | ", former "
            | ", then "
            | ", who is "
            | ", who is the "
            | ", as "
            | " serves as "
            | " serves as the "
            | " served as "
            | " served as the "
            | ", who serves as "
            | ", who serves as the "
            | ", who served as "
            | " was appointed "
            | " was appointed as "
            | " has been appointed "
            | " has been appointed as "
    )
}

/// The organization right before the titles of `chain` (see `title_chain`): "NSC
/// Spokesperson", "Foreign Ministry's Spokesperson", and before the first title of a compound
/// chain ("O T and T P").
fn org_before_title(text: &str, ms: &[Placed], chain: &[(usize, Option<usize>)]) -> Option<usize> {
    let first = chain.last()?.0;
    if first == 0 {
        return None;
    }
    let o = first - 1;
    let g = &text[ms[o].cand.end..ms[first].cand.start];
    (ms[o].cand.kind == Kind::Organization && is_space(g)).then_some(o)
}

/// `t` and the titles joined to it on the left, from `t` leftwards: "State Councilor and
/// Foreign Minister", and "General Secretary of the CPC Central Committee and (Chinese)
/// President", where the earlier title keeps its own organization. Written into `out` (a
/// buffer reused for every person: most chains are one title, not worth an allocation).
fn title_chain(text: &str, ms: &[Placed], t: usize, out: &mut Vec<(usize, Option<usize>)>) {
    out.clear();
    out.push((t, None));
    let mut k = t;
    loop {
        if k >= 1
            && ms[k - 1].cand.kind == Kind::Title
            && is_joiner(&text[ms[k - 1].cand.end..ms[k].cand.start])
        {
            k -= 1;
            out.push((k, None));
            continue;
        }
        if k >= 2
            && ms[k - 1].cand.kind == Kind::Organization
            && ms[k - 2].cand.kind == Kind::Title
            && text[ms[k - 1].cand.end..ms[k].cand.start].starts_with(" and ")
            && is_joiner(&text[ms[k - 1].cand.end..ms[k].cand.start])
            && is_of(&text[ms[k - 2].cand.end..ms[k - 1].cand.start])
        {
            k -= 2;
            out.push((k, Some(k + 1)));
            continue;
        }
        break;
    }
}

/// " and ", ", ", " & ", and " and Chinese " (a nationality word before the next title).
fn is_joiner(g: &str) -> bool {
    if matches!(g, " and " | ", " | " & ") {
        return true;
    }
    g.strip_prefix(" and ")
        .and_then(|r| r.strip_suffix(' '))
        .is_some_and(|w| {
            !w.is_empty() && w.chars().all(char::is_alphabetic) && w.starts_with(char::is_uppercase)
        })
}

#[cfg(test)]
mod tests {
    use super::{body_head, dedup_scan, dedup_sorted, find_word, names_head};

    #[test]
    fn dedup_scan_keeps_what_dedup_sorted_keeps() {
        let mut rng = crate::testutil::XorShift::new(0xdedb);
        for n in 0..20_000 {
            // few persons, titles and bodies, so that roles repeat and collide
            let found: Vec<_> = (0..n % 24)
                .map(|_| {
                    let o = [None, Some(0), Some(1)][rng.below(3)];
                    ((rng.below(3), rng.below(3), o), rng.below(2) == 0, 0, 0)
                })
                .collect();
            assert_eq!(dedup_scan(&found), dedup_sorted(&found), "{found:?}");
        }
    }

    #[test]
    fn find_word_is_split_find() {
        let words = [
            "",
            " ",
            "  ",
            "Bureau",
            "Bureau Chief",
            " Chief ",
            "a  b",
            "Chief",
            "é Chef",
        ];
        for s in words {
            for w in ["", "Chief", "Bureau", "b", "Chef"] {
                assert_eq!(find_word(s, |x| x == w), s.split(' ').find(|x| *x == w));
            }
            let mut got = Vec::new();
            find_word(s, |x| {
                got.push(x.to_string());
                false
            });
            assert_eq!(got, s.split(' ').collect::<Vec<_>>());
        }
    }

    /// `find` asks a title for a head word before the issuer's body: a title naming the
    /// body's head must have one.
    #[test]
    fn a_title_naming_the_body_head_has_a_head_word() {
        let is_head = crate::rules::organizations::is_head;
        let mut rng = crate::testutil::XorShift::new(0xb0d7);
        let pieces = [
            "Department",
            "Bureau",
            "Chief",
            "Spokesperson",
            "Sub-Office",
            "Subcommittee",
            "of",
            "State",
            "U.S.",
            "Ministry's",
            "(Office)",
            "Office-",
            "é",
        ];
        let mut named = 0;
        for n in 0..20_000 {
            let body = rng.glue(&pieces, &[" ", "-", ", ", "'s "], 1 + n % 6);
            let title = rng.glue(&pieces, &[" ", "  ", "-"], 1 + n % 4);
            if names_head(&title, body_head(&body)) {
                named += 1;
                assert!(find_word(&title, is_head).is_some(), "{title:?} {body:?}");
            }
        }
        // (the case must come up often for the test to test anything)
        assert!(named > 500, "{named}");
    }

    #[test]
    fn body_head_is_the_split_search() {
        fn split(body: &str) -> Option<&str> {
            body.rsplit(|c: char| !c.is_alphanumeric() && c != '-')
                .find(|w| crate::rules::organizations::is_head(w))
        }
        for body in [
            "",
            "U.S. Department of State",
            "Ministry of Foreign Affairs",
            "Kings County (Brooklyn) District Attorney's Office",
            "Ministère de l'Économie, Bureau",
            "Sub-Committee on X",
            "Office-",
            "State Department's",
            "  Embassy  ",
        ] {
            assert_eq!(body_head(body), split(body), "{body}");
        }
    }
}
