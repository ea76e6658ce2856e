//! Resolution: overlapping candidates -> one flat layer, and mentions -> entities.
//!
//! Overlaps: the longest span wins; on equal spans the type priority decides
//! (date > organization > person > title > place > event; see `Kind::priority`). The result
//! is flat and sorted.
//!
//! Entities: mentions are grouped by type and key (dates by normalized value, persons by full
//! name so "Kalinovska" joins "Vera Kalinovska", others by dictionary canonical name or by
//! surface). Each entity's `name` is the fullest surface form seen in the article; its `id` is
//! `type:slug(key)`, which depends on nothing else, so it is the same in every article and run.

use std::borrow::Cow;

use crate::rules::{Cand, Kind};

/// Keeps the longest candidates, then the higher-priority type, then the earliest; the result
/// is non-overlapping and sorted by start. Empty candidates are dropped.
///
/// Only candidates that overlap can contest, so the candidates are put in order of start
/// (small integer keys), cut into clusters of overlapping ones, and only the clusters of more
/// than one (a few) go through the full ordering of [`flatten_all`]: the greedy choice in a
/// cluster depends on nothing outside it, so the result is the same. This sorts one short
/// key per candidate, once, where ordering all of them by the full key and then the kept ones
/// by start (`flatten_all`) cost 7.2M instructions on the 330-article sample against 4.0M.
pub fn flatten(mut cands: Vec<Cand>) -> Vec<Cand> {
    let mut out = Vec::new();
    flatten_into(&mut cands, &mut out, &mut FlatBufs::default());
    out
}

/// The buffers of [`flatten_into`] and [`overlay_dropping_in`], kept from one call (and one
/// article) to the next by the extractor: a buffer allocated and freed costs about 110
/// instructions, and resolution used about a dozen an article.
#[derive(Default)]
pub struct FlatBufs {
    order: Vec<u64>,
    keep: Vec<usize>,
    contested: Vec<u128>,
    won: Vec<u64>,
    spans: Vec<(usize, usize)>,
    /// [`overlay_dropping_in`]'s: the new candidates' spans, the candidates that contest,
    /// the winners, the merged layer
    new_spans: Vec<(usize, usize)>,
    fight: Vec<Cand>,
    winners: Vec<Cand>,
    merged: Vec<Cand>,
}

/// [`flatten`] of `cands`, appended to `out` (empty), with the buffers of `bufs`; `cands` is
/// left empty.
pub fn flatten_into(cands: &mut Vec<Cand>, out: &mut Vec<Cand>, bufs: &mut FlatBufs) {
    debug_assert!(out.is_empty());
    if cands.len() <= 1 {
        out.extend(cands.drain(..).filter(|c| c.start < c.end));
        return;
    }
    // (start, index) packed in a u64: 40 bits of start and 24 of index, made in the same
    // pass that finds whether every start fits (one pass over the large candidates, not
    // three: 0.2M instructions on the 330-article sample)
    if cands.len() >= 1 << 24 {
        out.extend(flatten_all(std::mem::take(cands)));
        return;
    }
    const INDEX: u64 = (1 << 24) - 1;
    let FlatBufs {
        order,
        keep,
        contested,
        won,
        spans,
        ..
    } = bufs;
    order.clear();
    order.reserve(cands.len());
    let mut starts = 0;
    order.extend(
        cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.start < c.end)
            .map(|(i, c)| {
                starts |= c.start as u64;
                (c.start as u64) << 24 | i as u64
            }),
    );
    if starts >= 1 << 40 {
        out.extend(flatten_all(std::mem::take(cands)));
        return;
    }
    order.sort_unstable();
    let index = |k: u64| (k & INDEX) as usize;
    // the kept candidates, in order of start
    keep.clear();
    keep.reserve(order.len());
    let mut i = 0;
    while i < order.len() {
        // the cluster: the candidates from `i` on that start before the end of one before
        let mut end = cands[index(order[i])].end;
        let mut j = i + 1;
        while let Some(&k) = order.get(j) {
            let c = &cands[index(k)];
            if c.start >= end {
                break;
            }
            end = end.max(c.end);
            j += 1;
        }
        if j == i + 1 {
            keep.push(index(order[i]));
        } else {
            contested.clear();
            contested.extend(order[i..j].iter().map(|&k| {
                let c = &cands[index(k)];
                Key::pack(c.end - c.start, c.kind.priority(), c.start, index(k))
            }));
            choose(cands, contested, won, spans);
            keep.extend(won.iter().map(|&k| index(k)));
        }
        i = j;
    }
    // moved out in that order (an empty one stays behind) rather than the candidates sorted:
    // they are large, and every move in a sort copies one
    out.reserve(keep.len());
    out.extend(
        keep.iter()
            .map(|&i| std::mem::replace(&mut cands[i], Cand::new(0, 0, Kind::Place, ""))),
    );
    cands.clear();
}

/// The greedy choice among the overlapping candidates of one cluster of [`flatten`], given
/// their [`Key`]s (with the start itself, below 2^40): `won` gets the kept ones as
/// (start, index) keys as in `flatten`, in order of start. (`spans` is a buffer.)
fn choose(cands: &[Cand], keys: &mut [u128], won: &mut Vec<u64>, spans: &mut Vec<(usize, usize)>) {
    keys.sort_unstable();
    for run in keys.chunk_by_mut(|&a, &b| Key::same_span_and_kind(a, b)) {
        if run.len() > 1 {
            // still in input order: a stable sort by rule gives (rule, input order)
            run.sort_by_key(|&k| cands[Key::index(k)].rule);
        }
    }
    won.clear();
    won.reserve(keys.len());
    // kept spans as [start, end): a scan of the few kept in a small cluster, a bit set over
    // the cluster's extent in a large one (never quadratic)
    let lo = keys.iter().map(|&k| Key::start(k)).min().unwrap_or(0);
    let hi = keys
        .iter()
        .map(|&k| Key::start(k) + Key::len(k))
        .max()
        .unwrap_or(0);
    let mut taken = (keys.len() > 16).then(|| Bits::new(hi - lo));
    spans.clear();
    if taken.is_none() {
        spans.reserve(keys.len());
    }
    for &k in keys.iter() {
        let (s, e) = (Key::start(k), Key::start(k) + Key::len(k));
        match &mut taken {
            Some(bits) => {
                if bits.any(s - lo, e - lo) {
                    continue;
                }
                bits.set(s - lo, e - lo);
            }
            None => {
                if spans.iter().any(|&(ts, te)| ts < e && s < te) {
                    continue;
                }
                spans.push((s, e));
            }
        }
        won.push((s as u64) << 24 | Key::index(k) as u64);
    }
    won.sort_unstable();
}

/// [`flatten`] by one ordering of all the candidates (for articles too large for its short
/// keys, and the reference its tests compare with).
fn flatten_all(mut cands: Vec<Cand>) -> Vec<Cand> {
    if cands.len() <= 1 {
        return cands.into_iter().filter(|c| c.start < c.end).collect();
    }
    // Sort integer keys, not the candidates: longest first, then type priority, then start,
    // then input order, packed into one `u128` (see `Key`) so that a comparison is one integer
    // compare. The rule id breaks ties before input order; comparing it as a string in every
    // comparison was most of the sort's cost, and it only matters between candidates with the
    // same span and type, so those runs are put in rule order afterwards.
    let base = cands.iter().map(|c| c.start).min().unwrap_or(0);
    let top = cands.iter().map(|c| c.end).max().unwrap_or(0);
    let extent = top.saturating_sub(base);
    let len = |c: &Cand| c.end.saturating_sub(c.start);
    let mut order: Vec<u128> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| Key::pack(len(c), c.kind.priority(), c.start - base, i))
        .collect();
    // empty candidates are dropped (rare: taken out after the collect, which then knows its
    // length and writes without checks)
    if cands.iter().any(|c| len(c) == 0) {
        order.retain(|&k| Key::len(k) > 0);
    }
    order.sort_unstable();
    for run in order.chunk_by_mut(|&a, &b| Key::same_span_and_kind(a, b)) {
        if run.len() > 1 {
            // still in input order: a stable sort by rule gives (rule, input order)
            run.sort_by_key(|&k| cands[Key::index(k)].rule);
        }
    }
    // Bytes already taken, one bit each, over the candidates' extent: a candidate is kept when
    // none of its bytes is taken (the cost is the candidates' total length, never quadratic).
    let mut taken = Bits::new(extent);
    // the kept ones as (start, index) keys, to be put in order of start
    let mut kept: Vec<u128> = Vec::with_capacity(order.len());
    for &k in &order {
        let (len, s) = (Key::len(k), Key::start(k));
        if taken.any(s, s + len) {
            continue;
        }
        taken.set(s, s + len);
        kept.push((s as u128) << 64 | Key::index(k) as u128);
    }
    // Kept spans are non-empty and disjoint, so starts are distinct. The kept candidates are
    // moved out in that order (an empty one stays behind), rather than the candidates sorted:
    // they are large, and every move in a sort copies one.
    kept.sort_unstable();
    let mut out = Vec::with_capacity(kept.len());
    for k in kept {
        let i = k as u64 as usize;
        out.push(std::mem::replace(
            &mut cands[i],
            Cand::new(0, 0, Kind::Place, ""),
        ));
    }
    out
}

/// A candidate's sort key in [`flatten_all`] and in [`flatten`]'s clusters: from the high bits,
/// 40 bits of length (inverted, longest first), 3 of type priority, 40 of start (from the
/// first candidate's in `flatten_all`, the start itself in `flatten`) and 32 of input index.
/// The bit set of `flatten_all` already takes a bit per byte of the extent, so extents of
/// 2^40 bytes and more could never be flattened anyway.
struct Key;

impl Key {
    const SPAN: u32 = 40;
    const MAX: u128 = (1 << Key::SPAN) - 1;

    fn pack(len: usize, priority: u8, start: usize, index: usize) -> u128 {
        assert!(
            (len as u128) <= Key::MAX && (start as u128) <= Key::MAX && index <= u32::MAX as usize,
            "too large to flatten"
        );
        debug_assert!(priority < 8);
        (Key::MAX - len as u128) << 75
            | u128::from(priority) << 72
            | (start as u128) << 32
            | index as u128
    }

    fn len(k: u128) -> usize {
        (Key::MAX - (k >> 75)) as usize
    }

    fn start(k: u128) -> usize {
        ((k >> 32) & Key::MAX) as usize
    }

    fn index(k: u128) -> usize {
        k as u32 as usize
    }

    /// The same length, priority and start.
    fn same_span_and_kind(a: u128, b: u128) -> bool {
        a >> 32 == b >> 32
    }
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
    mut new: Vec<Cand>,
    drop: impl Fn(&Cand) -> bool,
) -> Vec<Cand> {
    overlay_dropping_in(&mut layer, &mut new, drop, &mut FlatBufs::default());
    layer
}

/// [`overlay_dropping`] in place, with the buffers of `bufs`: `layer` becomes the result and
/// `new` is left empty.
pub fn overlay_dropping_in(
    layer: &mut Vec<Cand>,
    new: &mut Vec<Cand>,
    drop: impl Fn(&Cand) -> bool,
    bufs: &mut FlatBufs,
) {
    debug_assert!(layer.windows(2).all(|w| w[0].end <= w[1].start));
    if new.is_empty() {
        return;
    }
    let mut new_spans = std::mem::take(&mut bufs.new_spans);
    new_spans.clear();
    new_spans.extend(new.iter().map(|c| (c.start, c.end)));
    let spans = SpanSet::from_any(new_spans);
    // The few layer candidates a new one overlaps are taken out, an empty placeholder staying
    // in their place (the layer has no empty candidates); the others are moved only once,
    // into the result. The layer and the spans are both in order, so one walk along both
    // finds the overlaps.
    debug_assert!(layer.iter().all(|c| c.start < c.end));
    let mut contested = std::mem::take(&mut bufs.fight);
    debug_assert!(contested.is_empty());
    contested.reserve(2 * new.len());
    let mut next = spans.spans.iter().peekable();
    let mut holes = 0;
    for c in layer.iter_mut() {
        // spans that end before this candidate end before every later one too
        while next.next_if(|&&(_, e)| e <= c.start).is_some() {}
        if next.peek().is_some_and(|&&(s, _)| s < c.end) {
            let c = std::mem::replace(c, Cand::new(0, 0, Kind::Place, ""));
            holes += 1;
            if !drop(&c) {
                contested.push(c);
            }
        }
    }
    contested.append(new);
    let mut won = std::mem::take(&mut bufs.winners);
    flatten_into(&mut contested, &mut won, bufs);
    bufs.fight = contested;
    bufs.new_spans = spans.spans;
    if holes == 0 && won.len() <= 4 {
        // Nothing in the layer overlaps a new candidate (as for most links): the few
        // winners are put in their places, the rest of the layer moved by `insert` in one
        // block each time, not one candidate at a time into a new vector.
        for w in won.drain(..).rev() {
            let at = layer.partition_point(|c| c.start < w.start);
            layer.insert(at, w);
        }
        bufs.winners = won;
        return;
    }
    // merge the untouched layer and the winners, both sorted by start and disjoint
    let mut out = std::mem::take(&mut bufs.merged);
    debug_assert!(out.is_empty());
    out.reserve(layer.len() + won.len());
    let mut won_iter = won.drain(..);
    for c in layer.drain(..) {
        if c.start == c.end {
            continue; // taken out above
        }
        // looked at in place: a peeked copy of each candidate costs more
        while won_iter
            .as_slice()
            .first()
            .is_some_and(|w| w.start < c.start)
        {
            out.extend(won_iter.next());
        }
        out.push(c);
    }
    out.extend(won_iter);
    std::mem::swap(layer, &mut out);
    bufs.merged = out;
    bufs.winners = won;
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
    prefixed_slug("", s)
}

/// Byte -> itself lower-cased when an ASCII letter or digit, else a dash (bytes of non-ASCII
/// text never reach the table).
const SLUG_ASCII: [u8; 256] = {
    let mut t = [b'-'; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// `prefix` (which has no dash) followed by the slug of `s`.
fn prefixed_slug(prefix: &str, s: &str) -> String {
    let mut v = Vec::with_capacity(prefix.len() + s.len());
    push_prefixed_slug(&mut v, prefix, s);
    String::from_utf8(v).expect("UTF-8")
}

/// Appends `prefix` (which has no dash) and the slug of `s` to `v` (the bytes appended are
/// UTF-8).
fn push_prefixed_slug(v: &mut Vec<u8>, prefix: &str, s: &str) {
    debug_assert!(!prefix.contains('-'));
    v.extend_from_slice(prefix.as_bytes());
    let from = v.len();
    // (whether `s` is ASCII is found in the same pass, a byte from 0x80 setting the high
    // bit, rather than by a pass of its own: 1.80M -> 1.73M instructions and 49.5K -> 35.8K
    // mispredicted branches for the 6,795 ids of the sample)
    let mut bytes_or = 0u8;
    v.extend(s.bytes().map(|b| {
        bytes_or |= b;
        SLUG_ASCII[usize::from(b)]
    }));
    if bytes_or >= 0x80 {
        v.truncate(from);
        let mut out = String::with_capacity(s.len());
        push_slug_chars(&mut out, s);
        v.extend_from_slice(out.as_bytes());
        return;
    }
    // Most keys: bytes mapped through a table in one pass with no per-byte branch or
    // capacity check (the slice's length is known); only when that left a dash at either end
    // or two in a row are runs of dashes made one and the ends trimmed. (Pushing char by char
    // cost twice as much: each push re-checks capacity and char width. Measured and dropped:
    // eight bytes at a time by word arithmetic, and a copy mapped in place, both more
    // instructions.)
    let slug = &v[from..];
    if slug.first() == Some(&b'-') || slug.last() == Some(&b'-') || doubled(slug, b'-') {
        // runs of dashes made one, the ends trimmed, in place (only the slug's bytes: `v`
        // may hold other slugs before it)
        let mut w = from;
        for r in from..v.len() {
            let b = v[r];
            if b == b'-' && (w == from || v[w - 1] == b'-') {
                continue;
            }
            v[w] = b;
            w += 1;
        }
        if w > from && v[w - 1] == b'-' {
            w -= 1;
        }
        v.truncate(w);
    }
}

/// Appends the slug of `s` to `out`, char by char (text that is not all ASCII; a dash is
/// never its first character).
fn push_slug_chars(out: &mut String, s: &str) {
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
    /// `key` was made from `name` itself (its spaces normalized), so `name` is no other form
    /// of the key: the comparison in [`Group::canonical`] is known to be equal.
    pub name_is_key: bool,
    /// The first mention's value.
    pub value: Option<&'l str>,
}

impl Group<'_> {
    /// `type:slug(key)`.
    pub fn id(&self) -> String {
        let mut v = Vec::with_capacity(16 + self.key.len());
        self.push_id(&mut v);
        debug_assert!(v.starts_with(format!("{}:", self.kind.as_str()).as_bytes()));
        String::from_utf8(v).expect("UTF-8")
    }

    /// Appends [`Group::id`] to `out` (the batch path keeps all of an article's ids in one
    /// buffer).
    pub fn push_id(&self, out: &mut Vec<u8>) {
        let prefix = match self.kind {
            Kind::Person => "person:",
            Kind::Title => "title:",
            Kind::Organization => "organization:",
            Kind::Place => "place:",
            Kind::Date => "date:",
            Kind::Event => "event:",
            Kind::Demonym => "demonym:",
        };
        push_prefixed_slug(out, prefix, &self.key);
    }

    pub fn name<'t>(&self, text: &'t str) -> &'t str {
        &text[self.name.0..self.name.1]
    }

    /// The key when it is not just the name as written (persons and dates never have one).
    pub fn canonical(&self, text: &str) -> Option<&str> {
        (self.kind != Kind::Date
            && self.kind != Kind::Person
            && !self.name_is_key
            && normalize_space(self.name(text)) != self.key)
            .then_some(self.key.as_ref())
    }
}

/// Groups the flat layer into entities, in order of first mention. Demonyms are dropped.
pub fn group<'l>(text: &'l str, layer: &'l [Cand]) -> (Vec<Placed<'l>>, Vec<Group<'l>>) {
    let (mut placed, mut groups) = (Vec::new(), Vec::new());
    group_in(text, layer, &mut placed, &mut groups, &mut Vec::new());
    (placed, groups)
}

/// [`group`] into `placed` and `groups` (both empty), with `slots` as the buffer of its
/// table (the extractor keeps the three from one article to the next).
pub fn group_in<'l>(
    text: &'l str,
    layer: &'l [Cand],
    placed: &mut Vec<Placed<'l>>,
    groups: &mut Vec<Group<'l>>,
    slots: &mut Vec<u64>,
) {
    debug_assert!(placed.is_empty() && groups.is_empty());
    // (room for one group per mention: growing the vector cost more than the spare room)
    groups.reserve(layer.len());
    placed.reserve(layer.len());
    // (kind, key) -> group, in a table of its own: a mention is one hash of its key and
    // (mostly) one probe, where the general hash map's entry cost about 114 instructions a
    // mention on the 330-article sample. The keys are the groups' own, borrowed or owned,
    // so nothing is copied.
    let mut index = KeyIndex::new(layer.len(), std::mem::take(slots));
    for c in layer {
        if c.kind == Kind::Demonym {
            continue;
        }
        let surface = &text[c.start..c.end];
        // (a surface that is its own key was found printable ASCII on the way: its chars are
        // its bytes, uncounted)
        let (key, ascii): (Cow<'l, str>, bool) = match c.kind {
            Kind::Date => (Cow::Borrowed(c.value.as_deref().unwrap_or(surface)), false),
            _ => match c.canonical.as_deref() {
                Some(k) => (Cow::Borrowed(k), false),
                None if plain_spaced(surface.as_bytes()) => (Cow::Borrowed(surface), true),
                None => (normalize_space_slow(surface), false),
            },
        };
        let chars = |s: &str| if ascii { s.len() } else { char_count(s) };
        let gi = match index.find_or_add(groups, c.kind, &key) {
            Ok(gi) => {
                let g = &mut groups[gi];
                // (a surface of no more bytes than the name has chars is no longer)
                if c.kind != Kind::Date && surface.len() > g.name_chars {
                    let n = chars(surface);
                    if n > g.name_chars {
                        g.name = (c.start, c.end);
                        g.name_chars = n;
                        g.name_is_key = c.canonical.is_none();
                    }
                }
                gi
            }
            Err(gi) => {
                groups.push(Group {
                    kind: c.kind,
                    key,
                    name: (c.start, c.end),
                    name_chars: chars(surface),
                    name_is_key: c.kind != Kind::Date && c.canonical.is_none(),
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
    *slots = index.slots;
}

/// The groups of [`group`] by (kind, key): open addressing with linear probing over a table of
/// at least twice as many slots as there can be groups, each slot holding the high half of its
/// key's hash and the group's index plus one (0: empty), so that a probe that meets another
/// key is mostly told apart without looking at the group.
struct KeyIndex {
    slots: Vec<u64>,
    shift: u32,
}

impl KeyIndex {
    /// A table for `n` keys in `slots` (a buffer: its contents do not matter).
    fn new(n: usize, mut slots: Vec<u64>) -> KeyIndex {
        let size = (2 * n).next_power_of_two().max(16);
        slots.clear();
        slots.resize(size, 0);
        KeyIndex {
            slots,
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// The group of (kind, key) among `groups` (`Ok`), or, when it has none, `Err` of the
    /// index the new group must get (`groups.len()`, which is then taken).
    #[inline]
    fn find_or_add(&mut self, groups: &[Group], kind: Kind, key: &str) -> Result<usize, usize> {
        let h = key_hash(kind, key.as_bytes());
        let tag = h & !u64::from(u32::MAX);
        let mask = self.slots.len() - 1;
        let mut at = (h >> self.shift) as usize;
        loop {
            let e = self.slots[at];
            if e == 0 {
                let gi = groups.len();
                let one = u32::try_from(gi + 1).expect("fewer groups than 2^32");
                self.slots[at] = tag | u64::from(one);
                return Err(gi);
            }
            if e & !u64::from(u32::MAX) == tag {
                let gi = (e as u32 - 1) as usize;
                let g = &groups[gi];
                if g.kind == kind && *g.key == *key {
                    return Ok(gi);
                }
            }
            at = (at + 1) & mask;
        }
    }
}

/// A hash of a kind and a key, its high bits well mixed (they pick the slot and the tag of
/// [`KeyIndex`], and the slot of an id in `extract::first_with_id`): a word of the key at a
/// time, the last 1 to 7 bytes as one word too.
#[inline]
pub(crate) fn key_hash(kind: Kind, b: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let n = b.len();
    let mut h = (n as u64) << 8 | kind as u64;
    if n >= 8 {
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            h = (h ^ word(c)).wrapping_mul(K).rotate_left(29);
        }
        if !chunks.remainder().is_empty() {
            // the last eight bytes, overlapping the last whole chunk
            h = (h ^ word(&b[n - 8..])).wrapping_mul(K).rotate_left(29);
        }
    } else if n >= 4 {
        let lo = u32::from_le_bytes(b[..4].try_into().expect("4 bytes"));
        let hi = u32::from_le_bytes(b[n - 4..].try_into().expect("4 bytes"));
        h = (h ^ (u64::from(lo) | u64::from(hi) << 32))
            .wrapping_mul(K)
            .rotate_left(29);
    } else if n > 0 {
        let w = u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16;
        h = (h ^ w << 24).wrapping_mul(K).rotate_left(29);
    }
    (h ^ h >> 31).wrapping_mul(K)
}

/// `s` with its runs of whitespace made one space and its ends trimmed. The common case, a
/// plain name, is tested where it is asked (inlined: the call and its `Cow` were a quarter
/// of the cost), the rest in [`normalize_space_slow`].
#[inline]
fn normalize_space(s: &str) -> Cow<'_, str> {
    if plain_spaced(s.as_bytes()) {
        Cow::Borrowed(s)
    } else {
        normalize_space_slow(s)
    }
}

#[inline(never)]
fn normalize_space_slow(s: &str) -> Cow<'_, str> {
    if !s.contains(char::is_whitespace)
        || !s.contains(|c: char| c.is_whitespace() && c != ' ') && !s.contains("  ")
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Printable ASCII with no double space (most names): `normalize_space` leaves such a string
/// as it is. Eight bytes at a time, both tests in one pass.
#[inline]
fn plain_spaced(b: &[u8]) -> bool {
    if b.len() < 8 {
        // one word, padded with a printable byte that is no space
        let mut pad = [b'a'; 8];
        pad[..b.len()].copy_from_slice(b);
        let (w, m) = (word(&pad), equal_bytes(word(&pad), b' '));
        return printable_word(w) && m & (m << 8) == 0;
    }
    let mut chunks = b.chunks_exact(8);
    let mut prev = 0;
    for c in &mut chunks {
        let w = word(c);
        let m = equal_bytes(w, b' ');
        if !printable_word(w) || m & (m << 8 | prev >> 56) != 0 {
            return false;
        }
        prev = m;
    }
    // the last eight bytes, overlapping the last whole chunk (see `doubled`)
    let w = word(&b[b.len() - 8..]);
    let m = equal_bytes(w, b' ');
    printable_word(w) && m & (m << 8) == 0
}

/// Chars in `s` (as `s.chars().count()`): its bytes less its UTF-8 continuation bytes
/// (`0b10xxxxxx`), counted eight bytes at a time. The standard count goes byte by byte in
/// strings of under 32 bytes, which most names and the gaps between mentions are.
pub fn char_count(s: &str) -> usize {
    let b = s.as_bytes();
    // one per continuation byte: bit 7 set and bit 6 clear (`w << 1` moves each byte's bit 6
    // to its own bit 7); the lanes' sum, at most 8, lands in the top byte of the product
    let continuations = |w: u64| ((w & !(w << 1) & HIGHS) >> 7).wrapping_mul(ONES) >> 56;
    if b.len() < 8 {
        return b.iter().filter(|&&x| x & 0xC0 != 0x80).count();
    }
    let mut chunks = b.chunks_exact(8);
    let mut cont = 0;
    for c in &mut chunks {
        cont += continuations(word(c));
    }
    let rest = chunks.remainder().len();
    if rest > 0 {
        // the last eight bytes, less the ones of the last whole chunk they overlap
        let last = word(&b[b.len() - 8..]) & u64::MAX << (8 * (8 - rest));
        cont += continuations(last);
    }
    b.len() - cont as usize
}

/// Appends the offsets of the UTF-8 continuation bytes of `b` (`0b10xxxxxx`) to `out`, in
/// order, and tells whether there were at most `max` (it stops soon after there are more).
/// In a string, the chars before byte offset `i` are `i` less the continuation bytes before
/// it. 32 bytes at a time: a block of ASCII is passed over with one test (eight bytes at a
/// time cost twice as much on the sample's text).
pub fn continuation_offsets(b: &[u8], max: usize, out: &mut Vec<usize>) -> bool {
    let from = out.len();
    let mut blocks = b.chunks_exact(32);
    let mut base = 0;
    for block in &mut blocks {
        let w = [
            word(&block[..8]),
            word(&block[8..16]),
            word(&block[16..24]),
            word(&block[24..]),
        ];
        if (w[0] | w[1] | w[2] | w[3]) & HIGHS != 0 {
            for (k, w) in w.into_iter().enumerate() {
                // bit 7 of each continuation byte (as in `char_count`)
                let mut m = w & !(w << 1) & HIGHS;
                while m != 0 {
                    out.push(base + 8 * k + (m.trailing_zeros() / 8) as usize);
                    m &= m - 1;
                }
            }
            if out.len() - from > max {
                return false;
            }
        }
        base += 32;
    }
    for (i, &x) in blocks.remainder().iter().enumerate() {
        if x & 0xC0 == 0x80 {
            out.push(base + i);
        }
    }
    out.len() - from <= max
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGHS: u64 = 0x8080_8080_8080_8080;

fn word(c: &[u8]) -> u64 {
    u64::from_le_bytes(c.try_into().expect("8 bytes"))
}

/// The high bit of each byte of `w` that equals `byte` (exact: the additions never carry
/// from one byte into the next).
fn equal_bytes(w: u64, byte: u8) -> u64 {
    let x = w ^ (ONES * u64::from(byte));
    !(((x & LOWS) + LOWS) | x | LOWS)
}

/// Does `b` hold `byte` twice in a row? Eight bytes at a time (names and keys are short, and
/// these tests run on every one).
fn doubled(b: &[u8], byte: u8) -> bool {
    if b.len() < 8 {
        return b.windows(2).any(|w| w[0] == byte && w[1] == byte);
    }
    let mut chunks = b.chunks_exact(8);
    let mut prev = 0;
    for c in &mut chunks {
        let m = equal_bytes(word(c), byte);
        // within the word, or its first byte after the last byte of the word before
        if m & (m << 8 | prev >> 56) != 0 {
            return true;
        }
        prev = m;
    }
    // the last eight bytes, overlapping the last whole chunk: they hold every pair not looked
    // at yet
    !chunks.remainder().is_empty() && {
        let m = equal_bytes(word(&b[b.len() - 8..]), byte);
        m & (m << 8) != 0
    }
}

/// Are the eight bytes of `w` printable ASCII? A byte below 0x20 borrows in the subtraction
/// (which may mark more bytes above it, but only then, so the answer is exact); a byte from
/// 0x80 has its own high bit set.
fn printable_word(w: u64) -> bool {
    (w.wrapping_sub(ONES * 0x20) | w) & HIGHS == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::XorShift;

    /// The kinds random candidates are drawn from.
    const KINDS: [Kind; 5] = [
        Kind::Place,
        Kind::Person,
        Kind::Organization,
        Kind::Title,
        Kind::Date,
    ];

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
        let kinds = KINDS;
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
                        c.canonical = Some(format!("{}", next(1000)).into());
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
    fn flattening_by_clusters_equals_flattening_all() {
        let kinds = KINDS;
        let rules = ["a", "b", "c"];
        let mut seed = 13u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for round in 0..4000 {
            // sparse to dense, empty ones, same spans with other rules, clusters of more
            // than 16 (the bit set)
            let count = 1 + next(if round % 10 == 0 { 60 } else { 14 });
            let width = 1 + next(200);
            let cands: Vec<Cand> = (0..count)
                .map(|_| {
                    let s = 1000 + next(width) as usize;
                    let mut c = Cand::new(
                        s,
                        s + next(15) as usize,
                        kinds[next(5) as usize],
                        rules[next(3) as usize],
                    );
                    c.canonical = Some(format!("{}", next(1000)).into());
                    c
                })
                .collect();
            assert_eq!(flatten(cands.clone()), flatten_all(cands));
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

    /// A group's kind, key, name, name chars and `name_is_key`.
    type GroupFields = (Kind, String, (usize, usize), usize, bool);

    /// [`group`] as a general hash map keyed by owned (kind, key) strings does it: each
    /// mention's group index and the group's fields.
    fn group_by_map(text: &str, layer: &[Cand]) -> Vec<(usize, GroupFields)> {
        let mut index: std::collections::HashMap<(Kind, String), usize> = Default::default();
        let mut groups: Vec<GroupFields> = Vec::new();
        let mut placed = Vec::new();
        for c in layer {
            if c.kind == Kind::Demonym {
                continue;
            }
            let surface = &text[c.start..c.end];
            let key = match c.kind {
                Kind::Date => c.value.as_deref().unwrap_or(surface).to_string(),
                _ => match &c.canonical {
                    Some(k) => k.to_string(),
                    None => normalize_space(surface).into_owned(),
                },
            };
            let chars = surface.chars().count();
            let gi = match index.get(&(c.kind, key.clone())) {
                Some(&gi) => {
                    let g = &mut groups[gi];
                    if c.kind != Kind::Date && chars > g.3 {
                        g.2 = (c.start, c.end);
                        g.3 = chars;
                        g.4 = c.canonical.is_none();
                    }
                    gi
                }
                None => {
                    index.insert((c.kind, key.clone()), groups.len());
                    let is_key = c.kind != Kind::Date && c.canonical.is_none();
                    groups.push((c.kind, key, (c.start, c.end), chars, is_key));
                    groups.len() - 1
                }
            };
            placed.push(gi);
        }
        placed
            .into_iter()
            .map(|gi| (gi, groups[gi].clone()))
            .collect()
    }

    #[test]
    fn grouping_equals_grouping_by_a_hash_map() {
        // keys of every length around the hash's word sizes, sharing first and last bytes,
        // with runs of spaces, tabs and non-ASCII text; the same key under other kinds;
        // canonical names and date values that equal other mentions' surfaces
        let pieces = [
            "Wang",
            "Li",
            "Wang Li",
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "é",
            "中国",
            "  ",
            "\t",
        ];
        let kinds = [
            Kind::Person,
            Kind::Place,
            Kind::Organization,
            Kind::Date,
            Kind::Demonym,
        ];
        let mut rng = XorShift::new(17);
        for round in 0..3000 {
            let mut text = String::new();
            let mut bounds = vec![0];
            for _ in 0..1 + rng.below(60) {
                text.push_str(pieces[rng.below(pieces.len())]);
                bounds.push(text.len());
                if rng.below(3) == 0 {
                    text.push(' ');
                    bounds.push(text.len());
                }
            }
            let count = 1 + rng.below(if round % 10 == 0 { 200 } else { 30 });
            let layer: Vec<Cand> = (0..count)
                .map(|_| {
                    let s = bounds[rng.below(bounds.len() - 1)];
                    let later: Vec<usize> = bounds.iter().copied().filter(|&b| b > s).collect();
                    let e = later[rng.below(later.len().min(4))];
                    let mut c = Cand::new(s, e, kinds[rng.below(kinds.len())], "test");
                    match rng.below(4) {
                        0 => c.canonical = Some(pieces[rng.below(pieces.len())].into()),
                        1 => c.value = Some(pieces[rng.below(3)].into()),
                        _ => {}
                    }
                    c
                })
                .collect();
            let (placed, groups) = group(&text, &layer);
            let got: Vec<_> = placed
                .iter()
                .map(|p| {
                    let g = &groups[p.entity];
                    let fields = (
                        g.kind,
                        g.key.to_string(),
                        g.name,
                        g.name_chars,
                        g.name_is_key,
                    );
                    (p.entity, fields)
                })
                .collect();
            assert_eq!(got, group_by_map(&text, &layer), "{text:?}");
            // every mention is placed, in layer order
            let kept: Vec<&Cand> = layer.iter().filter(|c| c.kind != Kind::Demonym).collect();
            assert!(placed
                .iter()
                .zip(&kept)
                .all(|(p, c)| std::ptr::eq(p.cand, *c)));
            assert_eq!(placed.len(), kept.len());
        }
    }

    #[test]
    fn chars_are_counted_as_the_standard_count() {
        let pieces = ["a", " ", "é", "€", "😀", "\u{7f}", "\u{80}", "中", "\n"];
        let mut seed = 3u64;
        for n in 0..5000 {
            let s: String = (0..n % 70)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    pieces[(seed >> 33) as usize % pieces.len()]
                })
                .collect();
            assert_eq!(char_count(&s), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn chars_before_an_offset_are_the_offset_less_the_continuation_bytes() {
        let pieces = [
            "a", " ", "é", "€", "😀", "\u{7f}", "\u{80}", "中", "\n", "abcdefgh",
        ];
        let mut rng = XorShift::new(31);
        for n in 0..3000 {
            let s = rng.glue(&pieces, &[""], n % 90);
            let mut conts = vec![7]; // appended after what is there
            let all = continuation_offsets(s.as_bytes(), usize::MAX, &mut conts);
            assert!(all);
            assert_eq!(conts[0], 7);
            let conts = &conts[1..];
            let want: Vec<usize> = s
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b & 0xC0 == 0x80)
                .map(|(i, _)| i)
                .collect();
            assert_eq!(conts, want, "{s:?}");
            for (b, _) in s.char_indices() {
                let before = conts.partition_point(|&p| p < b);
                assert_eq!(b - before, s[..b].chars().count());
            }
            // a bound below the count is told
            if !want.is_empty() {
                let mut some = Vec::new();
                assert!(!continuation_offsets(
                    s.as_bytes(),
                    want.len() - 1,
                    &mut some
                ));
                assert!(continuation_offsets(s.as_bytes(), want.len(), &mut some));
            }
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

    #[test]
    fn ascii_slugs_match_the_char_by_char_slug() {
        let alphabet = b"aZ09 .-'_(&\t";
        let mut seed = 5u64;
        for n in 0..3000 {
            let len = n % 150;
            let s: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    char::from(alphabet[(seed >> 33) as usize % alphabet.len()])
                })
                .collect();
            let mut by_chars = "kind:".to_string();
            push_slug_chars(&mut by_chars, &s);
            assert_eq!(prefixed_slug("kind:", &s), by_chars, "{s:?}");
        }
    }

    #[test]
    fn slugs_appended_to_a_buffer_are_the_slugs() {
        // after other slugs (ending with a dash-free slug or an empty one) and with
        // non-ASCII text, every slug is as alone, and as the char-by-char slug
        let alphabet = ["a", "Z", "0", " ", "-", ".", "é", "中", "\t", "'"];
        let mut rng = XorShift::new(9);
        let mut buf = Vec::new();
        let mut want = String::new();
        for n in 0..3000 {
            let s = rng.glue(&alphabet, &[""], n % 40);
            push_prefixed_slug(&mut buf, "kind:", &s);
            let alone = prefixed_slug("kind:", &s);
            want.push_str("kind:");
            push_slug_chars(&mut want, &s);
            assert!(want.ends_with(&alone), "{s:?}");
            assert_eq!(std::str::from_utf8(&buf).unwrap(), want, "{s:?}");
        }
    }

    #[test]
    fn ids_need_no_json_escapes() {
        // the JSON writer copies ids without looking for escapes (`RecordData::plain_ids`):
        // an id's ASCII bytes are only ever lower-case letters, digits, '-' and ':'
        let alphabet = [
            "a", "Z", "0", " ", "-", "\"", "\\", "\u{0}", "\u{1f}", "\n", "\t", "\u{7f}", "é", "İ",
            "ǅ", "中", "\u{2028}", "😀", ":", "'",
        ];
        let kinds = [
            Kind::Person,
            Kind::Title,
            Kind::Organization,
            Kind::Place,
            Kind::Date,
            Kind::Event,
            Kind::Demonym,
        ];
        let mut rng = XorShift::new(23);
        for n in 0..20_000 {
            let key = rng.glue(&alphabet, &[""], n % 30);
            let g = Group {
                kind: kinds[n % kinds.len()],
                key: Cow::Owned(key.clone()),
                name: (0, 0),
                name_chars: 0,
                name_is_key: false,
                value: None,
            };
            let id = g.id();
            assert!(
                id.bytes().all(|b| b >= 0x80
                    || b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b':'),
                "{key:?} -> {id:?}"
            );
            assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{id}\""));
        }
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

    /// From spans that are already sorted and do not overlap.
    pub fn from_sorted(spans: Vec<(usize, usize)>) -> SpanSet {
        debug_assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
        SpanSet { spans }
    }

    /// The spans, sorted and disjoint.
    pub fn as_slice(&self) -> &[(usize, usize)] {
        &self.spans
    }

    /// The spans' vector (to be used again).
    pub fn into_vec(self) -> Vec<(usize, usize)> {
        self.spans
    }

    /// From any spans: overlapping ones are merged into their union.
    pub fn from_any(mut spans: Vec<(usize, usize)>) -> SpanSet {
        spans.sort_unstable();
        SpanSet::from_by_start(spans)
    }

    /// From non-empty spans in order of their starts (in any order among equal starts):
    /// overlapping ones are merged into their union.
    pub fn from_by_start(mut spans: Vec<(usize, usize)>) -> SpanSet {
        debug_assert!(spans.windows(2).all(|w| w[0].0 <= w[1].0));
        // merged in place: `w` spans kept so far (a second vector cost an allocation a call)
        let mut w = 0;
        for r in 0..spans.len() {
            let (s, e) = spans[r];
            if w > 0 && s < spans[w - 1].1 {
                spans[w - 1].1 = spans[w - 1].1.max(e);
            } else {
                spans[w] = (s, e);
                w += 1;
            }
        }
        spans.truncate(w);
        SpanSet { spans }
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

    /// The union as a second vector built it (the merge is now made in place).
    fn union_by_copy(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        spans.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (s, e) in spans {
            match out.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        out
    }

    #[test]
    fn unions_are_merged_in_place_as_by_a_copy() {
        // nested, touching, overlapping and repeated spans; in order of start with equal
        // starts in any order for `from_by_start`
        let mut rng = crate::testutil::XorShift::new(0x5eed_0f5a_4e00);
        for round in 0..5_000 {
            let n = rng.below(if round % 10 == 0 { 200 } else { 12 });
            let mut spans: Vec<(usize, usize)> = (0..n)
                .map(|_| {
                    let s = rng.below(80);
                    (s, s + 1 + rng.below(10))
                })
                .collect();
            let want = union_by_copy(spans.clone());
            assert_eq!(SpanSet::from_any(spans.clone()).as_slice(), want);
            spans.sort_by_key(|&(s, _)| s);
            for i in 1..spans.len() {
                if spans[i - 1].0 == spans[i].0 && rng.below(2) == 0 {
                    spans.swap(i - 1, i);
                }
            }
            assert_eq!(SpanSet::from_by_start(spans).into_vec(), want);
        }
    }
}
