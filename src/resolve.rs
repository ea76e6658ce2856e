//! Resolution: overlapping candidates -> one flat layer, and mentions -> entities.
//!
//! Overlaps: the longest span wins; on equal spans the type priority decides
//! (date > organization > person > title > place > event; see `Kind::priority`). The result
//! is flat and sorted.
//!
//! Entities: mentions are grouped by type and key (dates by normalized value, persons by full
//! name so "Dozortseva" joins "Inna Dozortseva", others by dictionary canonical name or by
//! surface). Each entity's `name` is the fullest surface form seen in the article; its `id` is
//! `type:slug(key)`, which depends on nothing else, so it is the same in every article and run.

use std::borrow::Cow;

use crate::gazetteer::FastMap;
use crate::rules::{Cand, Kind};

/// Keeps the longest candidates, then the higher-priority type, then the earliest; the result
/// is non-overlapping and sorted by start. Empty candidates are dropped.
pub fn flatten(cands: Vec<Cand>) -> Vec<Cand> {
    if cands.len() <= 1 {
        return cands.into_iter().filter(|c| c.start < c.end).collect();
    }
    // Sort small integer keys, not the candidates: longest first, then type priority, then
    // start, then input order. The rule id breaks ties before input order; comparing it as a
    // string in every comparison was most of the sort's cost, and it only matters between
    // candidates with the same span and type, so those runs are put in rule order afterwards.
    let mut order: Vec<(usize, u8, usize, u32)> = Vec::with_capacity(cands.len());
    order.extend(
        cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.start < c.end)
            .map(|(i, c)| {
                (
                    usize::MAX - (c.end - c.start),
                    c.kind.priority(),
                    c.start,
                    i as u32,
                )
            }),
    );
    order.sort_unstable();
    for run in order.chunk_by_mut(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        if run.len() > 1 {
            // still in input order: a stable sort by rule gives (rule, input order)
            run.sort_by_key(|o| cands[o.3 as usize].rule);
        }
    }
    // Bytes already taken, one bit each, over the candidates' extent: a candidate is kept when
    // none of its bytes is taken (the cost is the candidates' total length, never quadratic).
    let base = order.iter().map(|o| o.2).min().unwrap_or(0);
    let top = cands.iter().map(|c| c.end).max().unwrap_or(0);
    let mut taken = Bits::new(top.saturating_sub(base));
    let mut keep = vec![false; cands.len()];
    for &(neg_len, _, start, i) in &order {
        let len = usize::MAX - neg_len;
        let s = start - base;
        if taken.any(s, s + len) {
            continue;
        }
        taken.set(s, s + len);
        keep[i as usize] = true;
    }
    let mut out: Vec<Cand> = cands
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect();
    // kept spans are non-empty and disjoint, so starts are distinct
    out.sort_unstable_by_key(|c| c.start);
    out
}

/// [`flatten`] of a flat, sorted `layer` plus `new` candidates, without re-sorting the whole
/// layer: only the layer candidates that overlap a new one can change, and they, with the new
/// ones, are flattened together. The greedy choice never crosses between candidates that do not
/// overlap, so the result is the same as flattening everything.
pub fn overlay(layer: Vec<Cand>, new: Vec<Cand>) -> Vec<Cand> {
    overlay_dropping(layer, new, |_| false)
}

/// [`overlay`], except that the layer candidates `drop` accepts leave the layer, rather than
/// contest, when a new candidate overlaps them (a person's name may cover a place in it).
pub fn overlay_dropping(
    mut layer: Vec<Cand>,
    new: Vec<Cand>,
    drop: impl Fn(&Cand) -> bool,
) -> Vec<Cand> {
    debug_assert!(layer.windows(2).all(|w| w[0].end <= w[1].start));
    if new.is_empty() {
        return layer;
    }
    let spans = SpanSet::from_any(new.iter().map(|c| (c.start, c.end)).collect());
    // The few layer candidates a new one overlaps are taken out (a cheap placeholder stays in
    // their place); the others are moved only once, into the result.
    let mut touched = vec![false; layer.len()];
    let mut contested = Vec::with_capacity(2 * new.len());
    for (c, t) in layer.iter_mut().zip(touched.iter_mut()) {
        if spans.overlaps(c.start, c.end) {
            *t = true;
            if !drop(c) {
                contested.push(std::mem::replace(c, Cand::new(0, 0, Kind::Place, "")));
            }
        }
    }
    contested.extend(new);
    let won = flatten(contested);
    // merge the untouched layer and the winners, both sorted by start and disjoint
    let mut out = Vec::with_capacity(layer.len() + won.len());
    let mut won = won.into_iter();
    for (c, t) in layer.into_iter().zip(touched) {
        if t {
            continue;
        }
        // looked at in place: a peeked copy of each candidate costs more
        while won.as_slice().first().is_some_and(|w| w.start < c.start) {
            out.extend(won.next());
        }
        out.push(c);
    }
    out.extend(won);
    out
}

/// A fixed-size bit set over byte positions.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n / 64 + 1])
    }

    /// The mask of bits [s, e) within word `w` (bits of other words are cut off).
    fn mask(w: usize, s: usize, e: usize) -> u64 {
        let lo = s.max(w * 64) - w * 64;
        let hi = e.min(w * 64 + 64) - w * 64;
        if hi - lo == 64 {
            u64::MAX
        } else {
            ((1u64 << (hi - lo)) - 1) << lo
        }
    }

    fn any(&self, s: usize, e: usize) -> bool {
        (s / 64..=(e - 1) / 64).any(|w| self.0[w] & Bits::mask(w, s, e) != 0)
    }

    fn set(&mut self, s: usize, e: usize) {
        for w in s / 64..=(e - 1) / 64 {
            self.0[w] |= Bits::mask(w, s, e);
        }
    }
}

/// Lower-case slug of a name: letters and digits kept (any script), runs of anything else
/// become one "-". "People's Republic of China" -> "people-s-republic-of-china".
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_slug(&mut out, s);
    out
}

/// ASCII byte -> itself lower-cased when a letter or digit, else 0 (a separator).
const SLUG_ASCII: [u8; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Appends the slug of `s` to `out` (a dash is never its first character).
fn push_slug(out: &mut String, s: &str) {
    let from = out.len();
    let mut dash = false;
    if s.is_ascii() {
        // the loop below, without decoding chars (most keys)
        for &b in s.as_bytes() {
            match SLUG_ASCII[usize::from(b)] {
                0 => dash = true,
                c => {
                    if dash && out.len() > from {
                        out.push('-');
                    }
                    dash = false;
                    out.push(char::from(c));
                }
            }
        }
        return;
    }
    for c in s.chars() {
        let alnum = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alnum {
            if dash && out.len() > from {
                out.push('-');
            }
            dash = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            dash = true;
        }
    }
}

/// A mention in the final layer with the entity it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Placed<'l> {
    pub cand: &'l Cand,
    pub entity: usize,
}

/// An entity under construction. Borrows from the text and the layer: nothing is copied
/// until the entity is output.
#[derive(Clone, Debug)]
pub struct Group<'l> {
    pub kind: Kind,
    /// Dates: the normalized value; others: the canonical name, or the surface with its
    /// spaces normalized.
    pub key: Cow<'l, str>,
    /// Byte span of the fullest surface form (for dates, the first).
    pub name: (usize, usize),
    /// Chars in `name`, to compare lengths without recounting.
    pub name_chars: usize,
    /// The first mention's value.
    pub value: Option<&'l str>,
}

impl Group<'_> {
    /// `type:slug(key)`.
    pub fn id(&self) -> String {
        let kind = self.kind.as_str();
        let mut id = String::with_capacity(kind.len() + 1 + self.key.len());
        id.push_str(kind);
        id.push(':');
        push_slug(&mut id, &self.key);
        id
    }

    pub fn name<'t>(&self, text: &'t str) -> &'t str {
        &text[self.name.0..self.name.1]
    }

    /// The key when it is not just the name as written (persons and dates never have one).
    pub fn canonical(&self, text: &str) -> Option<&str> {
        (self.kind != Kind::Date
            && self.kind != Kind::Person
            && normalize_space(self.name(text)) != self.key)
            .then_some(self.key.as_ref())
    }
}

/// Groups the flat layer into entities, in order of first mention. Demonyms are dropped.
pub fn group<'l>(text: &'l str, layer: &'l [Cand]) -> (Vec<Placed<'l>>, Vec<Group<'l>>) {
    let mut groups: Vec<Group> = Vec::new();
    // (kind, key) -> group. The map borrows its keys from the text and the layer, so none is
    // copied; the rare key that had to be normalized (owned) goes in a short side list.
    let mut index: FastMap<(Kind, &'l str), usize> =
        FastMap::with_capacity_and_hasher(layer.len(), Default::default());
    let mut owned: Vec<(Kind, String, usize)> = Vec::new();
    let mut placed = Vec::with_capacity(layer.len());
    for c in layer {
        if c.kind == Kind::Demonym {
            continue;
        }
        let surface = &text[c.start..c.end];
        let key: Cow<'l, str> = match c.kind {
            Kind::Date => Cow::Borrowed(c.value.as_deref().unwrap_or(surface)),
            _ => match c.canonical.as_deref() {
                Some(k) => Cow::Borrowed(k),
                None => normalize_space(surface),
            },
        };
        // a key may be new in either form: look in both
        let found = index.get(&(c.kind, key.as_ref())).copied().or_else(|| {
            owned
                .iter()
                .find(|(kind, o, _)| *kind == c.kind && *o == key)
                .map(|o| o.2)
        });
        let gi = match found {
            Some(gi) => {
                let g = &mut groups[gi];
                // (a surface of no more bytes than the name has chars is no longer)
                if c.kind != Kind::Date && surface.len() > g.name_chars {
                    let n = surface.chars().count();
                    if n > g.name_chars {
                        g.name = (c.start, c.end);
                        g.name_chars = n;
                    }
                }
                gi
            }
            None => {
                let gi = groups.len();
                match &key {
                    Cow::Borrowed(k) => {
                        index.insert((c.kind, *k), gi);
                    }
                    Cow::Owned(k) => owned.push((c.kind, k.clone(), gi)),
                }
                groups.push(Group {
                    kind: c.kind,
                    key,
                    name: (c.start, c.end),
                    name_chars: surface.chars().count(),
                    value: c.value.as_deref(),
                });
                gi
            }
        };
        placed.push(Placed {
            cand: c,
            entity: gi,
        });
    }
    (placed, groups)
}

fn normalize_space(s: &str) -> Cow<'_, str> {
    // Printable ASCII with no double space: the test below in one pass over the bytes, without
    // branches (control bytes take the long way, which gives the same answer)
    let mut odd = false;
    let mut prev_space = false;
    for &b in s.as_bytes() {
        let space = b == b' ';
        odd |= (space & prev_space) | !(0x20..0x80).contains(&b);
        prev_space = space;
    }
    if !odd {
        return Cow::Borrowed(s);
    }
    if !s.contains(char::is_whitespace)
        || !s.contains(|c: char| c.is_whitespace() && c != ' ') && !s.contains("  ")
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: usize, e: usize, k: Kind) -> Cand {
        Cand::new(s, e, k, "test")
    }

    #[test]
    fn longest_wins_then_priority() {
        let out = flatten(vec![
            c(0, 5, Kind::Place),
            c(0, 12, Kind::Organization),
            c(13, 20, Kind::Title),
            c(13, 20, Kind::Place),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(
            (out[0].start, out[0].end, out[0].kind),
            (0, 12, Kind::Organization)
        );
        assert_eq!(out[1].kind, Kind::Title);
    }

    #[test]
    fn ties_keep_input_order_and_spans_never_overlap() {
        let mut a = c(3, 9, Kind::Place);
        a.canonical = Some("first".into());
        let mut b = c(3, 9, Kind::Place);
        b.canonical = Some("second".into());
        let out = flatten(vec![
            c(60, 140, Kind::Organization),
            a,
            b,
            c(0, 4, Kind::Place),
            c(130, 200, Kind::Organization),
            c(139, 141, Kind::Person),
            c(5, 5, Kind::Title),
        ]);
        let spans: Vec<(usize, usize)> = out.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(spans, [(3, 9), (60, 140)]);
        assert_eq!(out[0].canonical.as_deref(), Some("first"));
    }

    #[test]
    fn overlay_equals_flattening_everything() {
        let kinds = [
            Kind::Place,
            Kind::Person,
            Kind::Organization,
            Kind::Title,
            Kind::Date,
        ];
        let mut seed = 11u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for _ in 0..2000 {
            let mut random = |count: u64| -> Vec<Cand> {
                (0..count)
                    .map(|_| {
                        let s = next(60) as usize;
                        let mut c = c(s, s + 1 + next(12) as usize, kinds[next(5) as usize]);
                        c.canonical = Some(format!("{}", next(1000)));
                        c
                    })
                    .collect()
            };
            let base = random(12);
            let new = random(4);
            let layer = flatten(base);
            let mut all = layer.clone();
            all.extend(new.clone());
            assert_eq!(overlay(layer, new), flatten(all));
        }
    }

    #[test]
    fn same_span_and_type_ties_go_to_the_first_rule() {
        let out = flatten(vec![
            Cand::new(0, 5, Kind::Place, "b"),
            Cand::new(0, 5, Kind::Place, "a"),
            Cand::new(0, 5, Kind::Place, "c"),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "a");
    }

    #[test]
    fn overlay_dropping_equals_removing_then_overlaying() {
        let kinds = [Kind::Place, Kind::Person, Kind::Organization, Kind::Demonym];
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        let place = |c: &Cand| matches!(c.kind, Kind::Place | Kind::Demonym);
        for _ in 0..2000 {
            let mut random = |count: u64| -> Vec<Cand> {
                (0..count)
                    .map(|_| {
                        let s = next(60) as usize;
                        c(s, s + 1 + next(12) as usize, kinds[next(4) as usize])
                    })
                    .collect()
            };
            let layer = flatten(random(12));
            let new = random(4);
            let spans = SpanSet::from_any(new.iter().map(|c| (c.start, c.end)).collect());
            let mut kept = layer.clone();
            kept.retain(|c| !(place(c) && spans.overlaps(c.start, c.end)));
            assert_eq!(
                overlay_dropping(layer, new.clone(), place),
                overlay(kept, new)
            );
        }
    }

    #[test]
    fn slugs_are_stable() {
        assert_eq!(
            slug("People's Republic of China"),
            "people-s-republic-of-china"
        );
        assert_eq!(slug("Mame Baba Cissé"), "mame-baba-cissé");
        assert_eq!(slug("  U.S. "), "u-s");
    }
}

/// A set of non-overlapping byte spans with fast overlap queries (binary search), used where
/// rules must skip text already taken.
#[derive(Clone, Debug, Default)]
pub struct SpanSet {
    spans: Vec<(usize, usize)>,
}

impl SpanSet {
    /// From spans that do not overlap each other (any order).
    pub fn from_flat(mut spans: Vec<(usize, usize)>) -> SpanSet {
        spans.sort_unstable();
        SpanSet { spans }
    }

    /// From any spans: overlapping ones are merged into their union.
    pub fn from_any(mut spans: Vec<(usize, usize)>) -> SpanSet {
        spans.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match out.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        SpanSet { spans: out }
    }

    /// Does [s, e) overlap any span of the set?
    pub fn overlaps(&self, s: usize, e: usize) -> bool {
        let k = self.spans.partition_point(|&(_, end)| end <= s);
        self.spans.get(k).is_some_and(|&(start, _)| start < e)
    }

    /// Adds [s, e), which must not overlap the set.
    pub fn insert(&mut self, s: usize, e: usize) {
        let k = self.spans.partition_point(|&(start, _)| start < s);
        self.spans.insert(k, (s, e));
    }
}

#[cfg(test)]
mod span_set_tests {
    use super::SpanSet;

    #[test]
    fn overlap_queries() {
        let mut s = SpanSet::from_flat(vec![(10, 20), (0, 5)]);
        assert!(s.overlaps(4, 6));
        assert!(!s.overlaps(5, 10));
        assert!(s.overlaps(19, 30));
        assert!(!s.overlaps(20, 30));
        s.insert(25, 27);
        assert!(s.overlaps(26, 40));
        assert!(!s.overlaps(27, 40));
    }
}
