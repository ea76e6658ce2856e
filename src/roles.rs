//! Roles: who holds which post where, read from the order of mentions and the exact text
//! between them. Patterns (P = person, T = title, O = organization, L = place):
//!
//! - `T P`, `O T P`, `O's T P`: "Vice Mayor Li Wei", "NSC Spokesperson Emily Horne"
//! - `T of [the] O P`: "Director-General of the Department of X of the Foreign Ministry Bai
//!   Tian"
//! - `T to|of|in L P`: "Ambassador to China Tuvshin Badral", "President of the Italian
//!   Republic X" (organization null)
//! - `P, [the] T [of|at [the] O]`: "Inna Dozortseva, Director of the Foreign Affairs Office of
//!   Krasnoyarsk"; lists of such appositions
//! - `P, O T`: "Emily Horne, NSC Spokesperson"
//! - `T and T P`: "State Councilor and Foreign Minister Wang Yi" gives two roles
//! - a name closing a long title phrase: "Minister of Foreign Affairs of Laos X"
//!
//! Also decides which titles are kept: a title is an entity only when attached to a named
//! person (GOLD.md decision 1). Dedup follows the product rules: one role per (person, title,
//! organization); no null-organization role when the same person and title have one with an
//! organization; a short re-mention ("Secretary Blinken") adds no role when the person already
//! has one from a full mention.

use std::collections::BTreeSet;

use crate::resolve::Placed;
use crate::rules::Kind;

/// A role by entity index: (person, title, organization).
pub type RoleIdx = (usize, usize, Option<usize>);

/// Returns the roles and, per mention, whether it is a title that must be kept.
pub fn find(text: &str, ms: &[Placed]) -> (Vec<RoleIdx>, Vec<bool>) {
    let mut keep_title = vec![false; ms.len()];
    // (role, from a full-name mention)
    let mut found: Vec<(RoleIdx, bool)> = Vec::new();
    let gap = |a: usize, b: usize| -> &str { &text[ms[a].cand.end..ms[b].cand.start] };
    let kind = |i: usize| ms[i].cand.kind;
    for p in 0..ms.len() {
        if kind(p) != Kind::Person {
            continue;
        }
        let full = ms[p].cand.canonical.is_none();
        let mut add = |t: usize, o: Option<usize>, keep: &mut Vec<bool>| {
            keep[t] = true;
            found.push(((ms[p].entity, ms[t].entity, o.map(|o| ms[o].entity)), full));
        };
        // backward
        if p >= 1 && is_space(gap(p - 1, p)) {
            let j = p - 1;
            match kind(j) {
                Kind::Title => {
                    // "Detective X of the NYPD", "ADA X, of the Homicide Bureau"
                    let org = org_before_title(text, ms, j).or_else(|| {
                        (p + 1 < ms.len()
                            && kind(p + 1) == Kind::Organization
                            && matches!(gap(p, p + 1), ", of the " | ", of " | " of the " | " of "))
                        .then_some(p + 1)
                    });
                    for t in title_chain(text, ms, j) {
                        add(t, org, &mut keep_title);
                    }
                }
                Kind::Organization
                    if j >= 1 && kind(j - 1) == Kind::Title && is_of(gap(j - 1, j)) =>
                {
                    for t in title_chain(text, ms, j - 1) {
                        add(t, Some(j), &mut keep_title);
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
                    for t in title_chain(text, ms, j - 1) {
                        add(t, None, &mut keep_title);
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
                for t in title_chain(text, ms, t) {
                    add(t, org, &mut keep_title);
                }
            }
        }
        // forward: apposition
        if p + 1 < ms.len() && is_apposition(gap(p, p + 1)) {
            let t = p + 1;
            match kind(t) {
                Kind::Title => {
                    let mut last = t;
                    let mut titles = vec![t];
                    // "Director and Chief Engineer of X"
                    while last + 2 < ms.len()
                        && kind(last + 1) == Kind::Title
                        && matches!(gap(last, last + 1), " and " | " & ")
                    {
                        last += 1;
                        titles.push(last);
                    }
                    let org = (last + 1 < ms.len()
                        && kind(last + 1) == Kind::Organization
                        && (is_of(gap(last, last + 1))
                            || matches!(gap(last, last + 1), " at " | " at the ")))
                    .then_some(last + 1);
                    for t in titles {
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
    // dedup per the product rules
    let with_org: BTreeSet<(usize, usize)> = found
        .iter()
        .filter(|((_, _, o), _)| o.is_some())
        .map(|((p, t, _), _)| (*p, *t))
        .collect();
    let full_people: BTreeSet<usize> = found
        .iter()
        .filter(|(_, full)| *full)
        .map(|((p, _, _), _)| *p)
        .collect();
    let mut seen = BTreeSet::new();
    let mut roles = Vec::new();
    for (r, full) in found {
        let (p, t, o) = r;
        if o.is_none() && with_org.contains(&(p, t)) {
            continue;
        }
        if !full && full_people.contains(&p) {
            continue;
        }
        if seen.insert(r) {
            roles.push(r);
        }
    }
    (roles, keep_title)
}

fn is_space(g: &str) -> bool {
    !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}') || g == "'s " || g == "’s "
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
    )
}

/// The organization right before title `t`: "NSC Spokesperson", "Foreign Ministry's
/// Spokesperson". Walks over a compound chain first ("O T and T P").
fn org_before_title(text: &str, ms: &[Placed], t: usize) -> Option<usize> {
    let first = *title_chain(text, ms, t).last()?;
    if first == 0 {
        return None;
    }
    let o = first - 1;
    let g = &text[ms[o].cand.end..ms[first].cand.start];
    (ms[o].cand.kind == Kind::Organization && is_space(g)).then_some(o)
}

/// `t` and the titles joined to it on the left by "and": "State Councilor and Foreign
/// Minister". Returned from `t` leftwards.
fn title_chain(text: &str, ms: &[Placed], t: usize) -> Vec<usize> {
    let mut out = vec![t];
    let mut k = t;
    while k >= 1
        && ms[k - 1].cand.kind == Kind::Title
        && matches!(
            &text[ms[k - 1].cand.end..ms[k].cand.start],
            " and " | ", " | " & "
        )
    {
        k -= 1;
        out.push(k);
    }
    out
}
