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
    // Sort small keys, not the candidates; the index makes ties keep input order.
    let mut order: Vec<(usize, u8, usize, &'static str, u32)> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.start < c.end)
        .map(|(i, c)| {
            (
                c.end - c.start,
                c.kind.priority(),
                c.start,
                c.rule,
                i as u32,
            )
        })
        .collect();
    order.sort_unstable_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(b.3))
            .then(a.4.cmp(&b.4))
    });
    // Bytes already taken, one bit each, over the candidates' extent: a candidate is kept when
    // none of its bytes is taken (the cost is the candidates' total length, never quadratic).
    let base = order.iter().map(|o| o.2).min().unwrap_or(0);
    let top = cands.iter().map(|c| c.end).max().unwrap_or(0);
    let mut taken = Bits::new(top.saturating_sub(base));
    let mut keep = vec![false; cands.len()];
    for &(len, _, start, _, i) in &order {
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
    debug_assert!(layer.windows(2).all(|w| w[0].end <= w[1].start));
    if new.is_empty() {
        return layer;
    }
    let spans = SpanSet::from_any(new.iter().map(|c| (c.start, c.end)).collect());
    let (touched, kept): (Vec<Cand>, Vec<Cand>) = layer
        .into_iter()
        .partition(|c| spans.overlaps(c.start, c.end));
    let mut contested = touched;
    contested.extend(new);
    let won = flatten(contested);
    // merge two lists sorted by start whose spans do not overlap
    let mut out = Vec::with_capacity(kept.len() + won.len());
    let mut a = kept.into_iter().peekable();
    let mut b = won.into_iter().peekable();
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x.start < y.start,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
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

/// Appends the slug of `s` to `out` (a dash is never its first character).
fn push_slug(out: &mut String, s: &str) {
    let from = out.len();
    let mut dash = false;
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
#[derive(Clone, Debug)]
pub struct Placed {
    pub cand: Cand,
    pub entity: usize,
}

/// An entity under construction.
#[derive(Clone, Debug)]
pub struct Group {
    pub kind: Kind,
    pub key: String,
    pub name: String,
    pub canonical: Option<String>,
    pub value: Option<String>,
    pub mentions: Vec<usize>,
}

impl Group {
    pub fn id(&self) -> String {
        let kind = self.kind.as_str();
        let mut id = String::with_capacity(kind.len() + 1 + self.key.len());
        id.push_str(kind);
        id.push(':');
        push_slug(&mut id, &self.key);
        id
    }
}

/// Groups the flat layer into entities, in order of first mention. Demonyms are dropped.
pub fn group(text: &str, layer: Vec<Cand>) -> (Vec<Placed>, Vec<Group>) {
    let mut groups: Vec<Group> = Vec::new();
    // chars in each group's name, to compare lengths without recounting
    let mut name_chars: Vec<usize> = Vec::new();
    // key -> group, one map per kind (keys are looked up without being copied)
    let mut index: [FastMap<String, usize>; 7] = Default::default();
    let mut placed = Vec::with_capacity(layer.len());
    for c in layer {
        if c.kind == Kind::Demonym {
            continue;
        }
        let surface = &text[c.start..c.end];
        // borrowed: the key is copied only for a new entity
        let key: Cow<str> = match c.kind {
            Kind::Date => Cow::Borrowed(c.value.as_deref().unwrap_or(surface)),
            _ => match c.canonical.as_deref() {
                Some(k) => Cow::Borrowed(k),
                None => normalize_space(surface),
            },
        };
        let map = &mut index[c.kind as usize];
        let gi = match map.get(key.as_ref()) {
            Some(&gi) => gi,
            None => {
                let key = key.into_owned();
                groups.push(Group {
                    kind: c.kind,
                    key: key.clone(),
                    name: surface.to_string(),
                    canonical: None,
                    value: c.value.clone(),
                    mentions: Vec::new(),
                });
                name_chars.push(surface.chars().count());
                map.insert(key, groups.len() - 1);
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        if c.kind != Kind::Date && !g.mentions.is_empty() {
            let n = surface.chars().count();
            if n > name_chars[gi] {
                g.name = surface.to_string();
                name_chars[gi] = n;
            }
        }
        g.mentions.push(placed.len());
        placed.push(Placed {
            cand: c,
            entity: gi,
        });
    }
    for g in &mut groups {
        if g.kind != Kind::Date && g.kind != Kind::Person && normalize_space(&g.name) != g.key {
            g.canonical = Some(g.key.clone());
        }
    }
    (placed, groups)
}

fn normalize_space(s: &str) -> Cow<'_, str> {
    // ASCII whose only whitespace is single spaces: the test below without decoding chars
    if s.bytes()
        .all(|c| c.is_ascii() && (c == b' ' || !c.is_ascii_whitespace()))
        && !s.contains("  ")
    {
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
