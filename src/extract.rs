//! The per-article pipeline: header -> tokens -> dates and gazetteer hits -> organizations ->
//! titles -> persons -> links -> flat layer -> entities and roles.
//!
//! [`Extractor`] is built once (dictionaries compiled into one automaton, regexes compiled)
//! and shared by all threads; [`Extractor::extract`] is a pure function of the article text
//! and the options, so output is identical at any thread count.

use std::cell::Cell;

use crate::calendar::Date;
use crate::gazetteer::{DictError, Gazetteer, Hit};
use crate::header::{parse_header, Header};
use crate::output::{EntityView, MentionView, RecordData};
use crate::resolve::{
    char_count, continuation_offsets, flatten_into, group_in, key_hash, overlay_dropping_in,
    FlatBufs, Group, Placed, SpanSet,
};
use crate::rules::dates::{DateContext, DateFinder, NumericOrder};
use crate::rules::{organizations, persons, titles, Cand, Kind, LowerWords, View, WordFilter};
use crate::text::tokenize_with;

/// One mention of an entity: byte and char offsets into the article as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    /// The rule that found it (stable id, for debugging with `--explain`).
    pub rule: &'static str,
}

/// One entity of an article: all its mentions, its fullest name and a stable id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    /// Canonical name from a dictionary or an acronym's expansion, when it differs from `name`.
    pub canonical: Option<String>,
    /// Normalized value (dates only).
    pub value: Option<String>,
    pub mentions: Vec<Mention>,
}

/// A (person, title, organization) triple, by entity id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub person: String,
    pub title: Option<String>,
    pub organization: Option<String>,
}

/// What the extractor found in one article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The headline (first line).
    pub headline: Option<String>,
    /// Publication date from the header (or given by the caller).
    pub published: Option<Date>,
    pub issuer: Option<String>,
    pub entities: Vec<Entity>,
    pub roles: Vec<Role>,
}

/// Options of an extractor.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Reference date for articles whose header has none.
    pub reference_date: Option<Date>,
    /// How to read `05/10/2024`.
    pub numeric_order: NumericOrder,
}

/// Builds an [`Extractor`].
#[derive(Clone, Debug, Default)]
pub struct ExtractorBuilder {
    user_dicts: Vec<(String, String)>,
    options: Options,
}

impl ExtractorBuilder {
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Adds a user dictionary (file name, content); its entries win over built-ins.
    pub fn dictionary(&mut self, name: impl Into<String>, content: impl Into<String>) -> &mut Self {
        self.user_dicts.push((name.into(), content.into()));
        self
    }

    pub fn reference_date(&mut self, d: Option<Date>) -> &mut Self {
        self.options.reference_date = d;
        self
    }

    pub fn numeric_order(&mut self, o: NumericOrder) -> &mut Self {
        self.options.numeric_order = o;
        self
    }

    /// # Errors
    /// Problems in user dictionaries, with file names and line numbers.
    pub fn build(&self) -> Result<Extractor, DictError> {
        // The date and header regexes compile while the dictionary automaton is built.
        let (gaz, dates) = Gazetteer::build_beside(&self.user_dicts, || {
            crate::header::prepare();
            DateFinder::new()
        })?;
        Ok(Extractor {
            gaz,
            dates,
            options: self.options.clone(),
        })
    }
}

/// The extractor: dictionaries, rules and options. `Send + Sync`; build once, share.
pub struct Extractor {
    gaz: Gazetteer,
    dates: DateFinder,
    options: Options,
}

impl Extractor {
    /// An extractor with the built-in dictionaries and default options.
    pub fn new() -> Extractor {
        ExtractorBuilder::new()
            .build()
            .expect("built-in dictionaries are valid")
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Extracts everything from one article. `published` overrides the header's date (used
    /// for JSONL input that carries it).
    pub fn extract(&self, text: &str, published: Option<Date>) -> Analysis {
        self.extract_with(text, published, |x| x.to_analysis())
    }

    /// [`Extractor::extract`], handing the result to `f` as it is before anything is copied
    /// out of the article and the candidates (see [`Extracted`]).
    pub(crate) fn extract_with<R>(
        &self,
        text: &str,
        published: Option<Date>,
        f: impl FnOnce(&mut Extracted<'_>) -> R,
    ) -> R {
        // this thread's buffers (taken, not borrowed: `f` may extract too)
        let mut scratch = SCRATCH.with(Cell::take).unwrap_or_default();
        let sc = &mut *scratch;
        let header = parse_header(text);
        let header_date = header.published.and_then(|(y, m, d)| Date::new(y, m, d));
        let published = published.or(header_date);
        let reference = published.or(self.options.reference_date);
        let mut words = WordFilter::new();
        let toks = tokenize_with(text, &mut words);
        let furniture = &header.furniture;
        let in_furniture = |s: usize, e: usize| furniture.iter().any(|&(fs, fe)| fs < e && s < fe);

        // 1. dates
        let ctx = DateContext {
            reference,
            numeric_order: self.options.numeric_order,
        };
        let mut dates = self.dates.find(text, &ctx);
        dates.retain(|d| !in_furniture(d.start, d.end));
        let mut spans = std::mem::take(&mut sc.date_spans);
        spans.clear();
        spans.extend(dates.iter().map(|d| (d.start, d.end)));
        let date_spans = SpanSet::from_any(spans);
        let in_date = |s: usize, e: usize| date_spans.overlaps(s, e);

        // 2. gazetteer: leftmost-longest among boundary-valid hits, outside furniture and dates
        let hits = flat_hits(
            &self.gaz,
            text,
            furniture
                .iter()
                .copied()
                .chain(dates.iter().map(|d| (d.start, d.end))),
            &mut sc.hit_spans,
        );
        let lower_words = LowerWords::with_filter(text, &toks, words);
        let view = View {
            text,
            toks: &toks,
            gaz: &self.gaz,
            hits,
            lower_words,
        };

        // 3. organizations, 4. titles
        let blocked = |s: usize, e: usize| in_furniture(s, e) || in_date(s, e);
        let orgs = organizations::find(&view, &blocked);
        let issuer = issuer_org(&header, text, &view);
        let mut spans = std::mem::take(&mut sc.org_spans);
        spans.clear();
        spans.extend(
            orgs.iter()
                .chain(&issuer)
                .filter(|c| c.kind == Kind::Organization)
                .map(|c| (c.start, c.end)),
        );
        let org_spans = SpanSet::from_any(spans);
        let blocked_t = |s: usize, e: usize| blocked(s, e) || org_spans.overlaps(s, e);
        let titles = titles::find(&view, &blocked_t);
        // all the candidates, in this order (ties in `flatten` go to the earlier), in one
        // allocation (made once all are known: growing one begun with the dates cost a
        // reallocation an article)
        let mut cands = std::mem::take(&mut sc.cands);
        cands.reserve(dates.len() + orgs.len() + 1 + titles.len() + view.hits.len());
        for d in dates {
            let mut c = Cand::new(d.start, d.end, Kind::Date, d.rule);
            c.value = d.value.map(String::into_boxed_str);
            cands.push(c);
        }
        cands.extend(orgs);
        cands.extend(issuer);
        cands.extend(titles);
        for h in &view.hits {
            // (`view.hit_kind`, with the entry looked up once)
            let e = self.gaz.entry(h.entry);
            let kind = Kind::from_entry(e.kind);
            if kind == Kind::Title {
                continue; // the title rule has them, with modifiers
            }
            let mut c = Cand::new(h.start, h.end, kind, "gazetteer");
            c.canonical = e.canonical.as_deref().map(Box::from);
            cands.push(c);
        }
        let mut layer = std::mem::take(&mut sc.layer);
        flatten_into(&mut cands, &mut layer, &mut sc.flat);
        sc.cands = cands;
        sc.date_spans = date_spans.into_vec();
        sc.org_spans = org_spans.into_vec();

        // 5. persons, over the base layer; a person may cover places inside its name
        let mut people = persons::find(&view, &layer);
        let place = |c: &Cand| matches!(c.kind, Kind::Place | Kind::Demonym);
        overlay_dropping_in(&mut layer, &mut people, place, &mut sc.flat);
        // 6. links: short forms of longer names, repeated names, surnames; acronyms
        // One pass over the layer for what the links need: where the people are, and the
        // spans taken by anything but a place (the layer is flat and sorted, so they are
        // too). A pass for each cost 0.4M instructions on the 330-article sample.
        let mut at_people = std::mem::take(&mut sc.at_people);
        at_people.clear();
        let mut occupied = std::mem::take(&mut sc.occupied);
        occupied.clear();
        occupied.reserve(layer.len());
        for (i, c) in layer.iter().enumerate() {
            if c.kind == Kind::Person {
                at_people.push(i);
            }
            if !matches!(c.kind, Kind::Place | Kind::Demonym) {
                occupied.push((c.start, c.end));
            }
        }
        let n_people = at_people.len();
        // the distinct names (`aliases` does not depend on their order): a scan of the few
        // kept so far for each, where sorting them cost 0.35M instructions on the sample;
        // an article with many people sorts them, never quadratic
        let mut names: Vec<&str> = reuse(std::mem::take(&mut sc.names));
        names.reserve(n_people);
        let people_names = at_people.iter().map(|&i| {
            let c = &layer[i];
            &text[c.start..c.end]
        });
        if n_people <= 64 {
            for name in people_names {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        } else {
            names.extend(people_names);
            names.sort_unstable();
            names.dedup();
        }
        let aliases = persons::aliases(&names);
        sc.names = reuse(names);
        if !aliases.is_empty() {
            for &i in &at_people {
                let c = &mut layer[i];
                if c.canonical.is_some() {
                    continue;
                }
                if let Some((_, long)) = aliases
                    .iter()
                    .find(|(short, _)| *short == text[c.start..c.end])
                {
                    c.canonical = Some(long.as_str().into());
                }
            }
        }
        let occupied = SpanSet::from_sorted(occupied);
        let taken = |s: usize, e: usize| occupied.overlaps(s, e);
        // `link` wants the people as a slice of their own: they are moved out of the layer
        // (a copy without the strings stays in place) and back after, since cloning them
        // cost an allocation for each canonical name.
        let mut all_people = std::mem::take(&mut sc.people);
        all_people.reserve(n_people);
        for &i in &at_people {
            let c = &mut layer[i];
            let stub = Cand::new(c.start, c.end, c.kind, c.rule);
            all_people.push(std::mem::replace(c, stub));
        }
        let mut links = persons::link(&view, &all_people, &taken);
        for (&i, p) in at_people.iter().zip(all_people.drain(..)) {
            layer[i] = p;
        }
        sc.at_people = at_people;
        sc.people = all_people;
        sc.occupied = occupied.into_vec();
        overlay_dropping_in(&mut layer, &mut links, place, &mut sc.flat);
        link_acronyms(text, &mut layer, &mut sc.flat);

        // 7. entities and roles
        let r = self.assemble(text, &header, published, &layer, sc, f);
        layer.clear();
        sc.layer = layer;
        SCRATCH.with(|c| c.set(Some(scratch)));
        r
    }

    fn assemble<R>(
        &self,
        text: &str,
        header: &Header,
        published: Option<Date>,
        layer: &[Cand],
        sc: &mut Scratch,
        f: impl FnOnce(&mut Extracted<'_>) -> R,
    ) -> R {
        let mut placed: Vec<Placed> = reuse(std::mem::take(&mut sc.placed));
        let mut groups: Vec<Group> = reuse(std::mem::take(&mut sc.groups));
        group_in(text, layer, &mut placed, &mut groups, &mut sc.slots);
        let issuer = header.issuer_span.and_then(|(s, e)| {
            placed.iter().position(|p| {
                p.cand.start == s && p.cand.end == e && p.cand.kind == Kind::Organization
            })
        });
        let is_demonym = |w: &str| {
            self.gaz
                .lookup(w)
                .is_some_and(|e| e.kind == crate::gazetteer::EntryType::Demonym)
        };
        let (roles, keep_title) = crate::roles::find(text, &placed, issuer, &is_demonym);
        // unattached titles are dropped; an entity left without mentions is not output
        // (the mentions not kept are marked as of no entity, for the passes below)
        const DROPPED: usize = usize::MAX;
        debug_assert_eq!(keep_title.len(), placed.len());
        let mut kept_mentions = std::mem::take(&mut sc.kept_mentions);
        kept_mentions.clear();
        kept_mentions.resize(groups.len(), 0);
        for (p, &keep) in placed.iter_mut().zip(&keep_title) {
            if p.cand.kind != Kind::Title || keep {
                kept_mentions[p.entity] += 1;
            } else {
                p.entity = DROPPED;
            }
        }
        // The ids of the groups with mentions, one after the other in one buffer (one
        // allocation, not one per id).
        let mut id_bytes = std::mem::take(&mut sc.id_bytes);
        id_bytes.clear();
        id_bytes.reserve(32 * groups.len());
        let mut id_spans = std::mem::take(&mut sc.id_spans);
        id_spans.clear();
        id_spans.reserve(groups.len());
        for (g, &n) in groups.iter().zip(&kept_mentions) {
            let from = id_bytes.len();
            if n > 0 {
                g.push_id(&mut id_bytes);
            }
            id_spans.push((from, id_bytes.len()));
        }
        let ids = String::from_utf8(id_bytes).expect("ids are UTF-8");
        let id_of = |gi: usize| {
            let (s, e) = id_spans[gi];
            (s < e).then(|| &ids[s..e])
        };
        // entities that ended up with the same id (same type and key) merge into the first
        let mut first = std::mem::take(&mut sc.first);
        let id_bytes_of = |gi: usize| {
            let (s, e) = id_spans[gi];
            (s < e).then(|| &ids.as_bytes()[s..e])
        };
        first_with_id_in(
            groups.len(),
            |gi| groups[gi].kind,
            id_bytes_of,
            &mut first,
            &mut sc.seen,
        );
        // group -> its entity in `entities`; the chars of each entity's name
        let mut slot = std::mem::take(&mut sc.slot);
        slot.clear();
        slot.resize(groups.len(), usize::MAX);
        let mut entities: Vec<ExtractedEntity> = reuse(std::mem::take(&mut sc.entities));
        entities.reserve(groups.len());
        let mut out_chars = std::mem::take(&mut sc.out_chars);
        out_chars.clear();
        out_chars.reserve(groups.len());
        // (the record's size as `Extracted::size_hint` tells it, summed on the way rather than
        // in passes over the entities and mentions of their own)
        let opt = |s: Option<&str>| s.map_or(0, str::len);
        let mut size =
            160 + header.headline.map_or(0, |(s, e)| e - s) + opt(header.issuer.as_deref());
        for (gi, g) in groups.iter().enumerate() {
            let Some(id) = id_of(gi) else {
                continue;
            };
            let f = first[gi];
            if f == gi {
                slot[gi] = entities.len();
                let e = ExtractedEntity {
                    id,
                    kind: g.kind.as_str(),
                    name: g.name(text),
                    canonical: g.canonical(text),
                    value: g.value,
                    mentions: (0, kept_mentions[gi]),
                };
                size +=
                    80 + e.kind.len() + id.len() + e.name.len() + opt(e.canonical) + opt(e.value);
                entities.push(e);
                out_chars.push(g.name_chars);
            } else {
                // the merged entity keeps the longer name (the earlier one on a tie)
                let k = slot[f];
                slot[gi] = k;
                if g.name_chars > out_chars[k] {
                    let name = g.name(text);
                    size = size + name.len() - entities[k].name.len();
                    entities[k].name = name;
                    out_chars[k] = g.name_chars;
                }
                entities[k].mentions.1 += kept_mentions[gi];
            }
        }
        // each entity's mentions, one run after the other: (start, count) -> (start, start),
        // the end then moved on as they are filled in
        let mut total = 0;
        for e in &mut entities {
            let n = e.mentions.1;
            e.mentions = (total, total);
            total += n;
        }
        let mut out_roles: Vec<(&str, Option<&str>, Option<&str>)> =
            reuse(std::mem::take(&mut sc.roles));
        out_roles.extend(
            roles
                .into_iter()
                .filter_map(|(p, t, o)| Some((id_of(p)?, id_of(t), o.and_then(id_of)))),
        );
        // Mentions in layer order, which is by start, so a merged entity's mentions are in
        // order too. Char offsets are found along the way: the offsets asked for only grow.
        // A byte offset's char offset is the offset less the continuation bytes before it;
        // most text that is not all ASCII has a few of them, listed in one pass over the text
        // and then passed by a cursor (counting the chars of the text between one offset and
        // the next cost 1.4M instructions on the 330-article sample, 171 of whose articles
        // are not all ASCII, against 0.3M); text with many is counted as before.
        // (only the text up to the last mention's end is looked at)
        let last = placed.iter().rev().find(|p| p.entity != DROPPED);
        let used = &text.as_bytes()[..last.map_or(0, |p| p.cand.end)];
        let mut conts = std::mem::take(&mut sc.conts);
        conts.clear();
        let sparse = used.is_ascii() || continuation_offsets(used, used.len() / 16, &mut conts);
        let mut k = 0; // continuation bytes before the last offset asked
        let mut at = (0, 0); // (byte, char)
        let mut char_of = |b: usize| {
            if sparse {
                while conts.get(k).is_some_and(|&p| p < b) {
                    k += 1;
                }
                return b - k;
            }
            debug_assert!(b >= at.0);
            at = (b, at.1 + char_count(&text[at.0..b]));
            at.1
        };
        let blank = MentionView {
            text: "",
            start: 0,
            end: 0,
            char_start: 0,
            char_end: 0,
            rule: "",
        };
        let mut mentions: Vec<MentionView> = reuse(std::mem::take(&mut sc.mentions));
        mentions.resize(total, blank);
        size += 80 * total;
        for p in &placed {
            if p.entity == DROPPED {
                continue;
            }
            let c = p.cand;
            let char_start = char_of(c.start);
            let char_end = char_of(c.end);
            let run = &mut entities[slot[p.entity]].mentions;
            size += c.end - c.start;
            mentions[run.1] = MentionView {
                text: &text[c.start..c.end],
                start: c.start,
                end: c.end,
                char_start,
                char_end,
                rule: c.rule,
            };
            run.1 += 1;
        }
        for &(p, t, o) in &out_roles {
            size += 48 + p.len() + opt(t) + opt(o);
        }
        let mut x = Extracted {
            headline: header.headline.map(|(s, e)| &text[s..e]),
            published,
            issuer: header.issuer.as_deref(),
            entities,
            mentions,
            roles: out_roles,
            size,
        };
        let r = f(&mut x);
        // the buffers back, for the next article
        sc.entities = reuse(x.entities);
        sc.mentions = reuse(x.mentions);
        sc.roles = reuse(x.roles);
        sc.id_bytes = ids.into_bytes();
        sc.id_spans = id_spans;
        sc.kept_mentions = kept_mentions;
        sc.first = first;
        sc.slot = slot;
        sc.out_chars = out_chars;
        sc.conts = conts;
        sc.placed = reuse(placed);
        sc.groups = reuse(groups);
        r
    }
}

/// One thread's buffers of [`Extractor::extract_with`], kept from one article to the next:
/// a buffer allocated and freed costs about 110 instructions, and an article used some
/// thirty (with the resolution's, the allocator's instructions on the 330-article sample fell
/// from 4.3M to 2.6M). Buffers of borrowed things are kept empty with `'static` in place of
/// the article's lifetime, and handed out again by [`reuse`].
#[derive(Default)]
struct Scratch {
    flat: FlatBufs,
    cands: Vec<Cand>,
    layer: Vec<Cand>,
    people: Vec<Cand>,
    at_people: Vec<usize>,
    date_spans: Vec<(usize, usize)>,
    hit_spans: Vec<(usize, usize)>,
    org_spans: Vec<(usize, usize)>,
    occupied: Vec<(usize, usize)>,
    names: Vec<&'static str>,
    placed: Vec<Placed<'static>>,
    groups: Vec<Group<'static>>,
    slots: Vec<u64>,
    kept_mentions: Vec<usize>,
    id_bytes: Vec<u8>,
    id_spans: Vec<(usize, usize)>,
    first: Vec<usize>,
    seen: Vec<usize>,
    slot: Vec<usize>,
    out_chars: Vec<usize>,
    conts: Vec<usize>,
    entities: Vec<ExtractedEntity<'static>>,
    mentions: Vec<MentionView<'static>>,
    roles: Vec<(&'static str, Option<&'static str>, Option<&'static str>)>,
}

thread_local! {
    static SCRATCH: Cell<Option<Box<Scratch>>> = const { Cell::new(None) };
}

/// `v` emptied, as a vector of another type of the same size and alignment (here: the same
/// type with another lifetime) that keeps its allocation: the standard library collects a
/// mapped `IntoIter` in place.
fn reuse<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("empty")).collect()
}

/// For each of `n` groups, the first group with its id (itself when it is the first, and
/// when it has no id). Equal ids have equal kinds. Open addressing with linear probing over
/// at least twice as many slots as groups, each holding a group's index plus one (0:
/// empty): the general hash map cost about 60 instructions an id more (0.37M on the
/// 330-article sample).
#[cfg(test)]
fn first_with_id<'a>(
    n: usize,
    kind: impl Fn(usize) -> Kind,
    id_of: impl Fn(usize) -> Option<&'a str>,
) -> Vec<usize> {
    let mut first = Vec::new();
    first_with_id_in(
        n,
        kind,
        |gi| id_of(gi).map(str::as_bytes),
        &mut first,
        &mut Vec::new(),
    );
    first
}

/// `first_with_id` into `first`, with `seen` as the table's buffer (the contents of both do
/// not matter); the ids as bytes (slicing them as strings checked char boundaries for each).
#[inline(never)]
fn first_with_id_in<'a>(
    n: usize,
    kind: impl Fn(usize) -> Kind,
    id_of: impl Fn(usize) -> Option<&'a [u8]>,
    first: &mut Vec<usize>,
    seen: &mut Vec<usize>,
) {
    first.clear();
    first.extend(0..n);
    let size = (2 * n).next_power_of_two().max(16);
    let shift = 64 - size.trailing_zeros();
    seen.clear();
    seen.resize(size, 0);
    for (gi, f) in first.iter_mut().enumerate() {
        let Some(id) = id_of(gi) else {
            continue;
        };
        let mut at = (key_hash(kind(gi), id) >> shift) as usize;
        loop {
            match seen[at] {
                0 => {
                    seen[at] = gi + 1;
                    break;
                }
                g if id_of(g - 1) == Some(id) => {
                    *f = g - 1;
                    break;
                }
                _ => at = (at + 1) & (size - 1),
            }
        }
    }
}

/// An article's analysis before anything is copied out of the article and the candidates:
/// names and mention texts are slices of the article, canonical names and values borrow the
/// candidates', ids are slices of one buffer. [`Extracted::to_analysis`] makes the owned
/// [`Analysis`]; the batch runner writes JSON records straight from this (building the
/// Analysis's strings and dropping them cost about 110 allocations an article).
pub(crate) struct Extracted<'a> {
    headline: Option<&'a str>,
    published: Option<Date>,
    issuer: Option<&'a str>,
    entities: Vec<ExtractedEntity<'a>>,
    /// Each entity's mentions, in runs in entity order (see `ExtractedEntity::mentions`).
    pub(crate) mentions: Vec<MentionView<'a>>,
    /// (person, title, organization) ids.
    roles: Vec<(&'a str, Option<&'a str>, Option<&'a str>)>,
    /// [`RecordData::size_hint`] without `explain`, summed as the parts are made.
    size: usize,
}

struct ExtractedEntity<'a> {
    /// (All of an article's ids are slices of one buffer.)
    id: &'a str,
    kind: &'static str,
    name: &'a str,
    canonical: Option<&'a str>,
    value: Option<&'a str>,
    /// The span of its mentions in `Extracted::mentions`.
    mentions: (usize, usize),
}

impl Extracted<'_> {
    /// The owned analysis (the library's [`Extractor::extract`]).
    pub(crate) fn to_analysis(&self) -> Analysis {
        let entities = self
            .entities
            .iter()
            .map(|e| Entity {
                id: e.id.to_string(),
                kind: e.kind,
                name: e.name.to_string(),
                canonical: e.canonical.map(str::to_string),
                value: e.value.map(str::to_string),
                mentions: self.mentions[e.mentions.0..e.mentions.1]
                    .iter()
                    .map(|m| Mention {
                        text: m.text.to_string(),
                        start: m.start,
                        end: m.end,
                        char_start: m.char_start,
                        char_end: m.char_end,
                        rule: m.rule,
                    })
                    .collect(),
            })
            .collect();
        let roles = self
            .roles
            .iter()
            .map(|&(p, t, o)| Role {
                person: p.to_string(),
                title: t.map(str::to_string),
                organization: o.map(str::to_string),
            })
            .collect();
        Analysis {
            headline: self.headline.map(str::to_string),
            published: self.published,
            issuer: self.issuer.map(str::to_string),
            entities,
            roles,
        }
    }
}

impl RecordData for Extracted<'_> {
    fn headline(&self) -> Option<&str> {
        self.headline
    }

    fn published(&self) -> Option<Date> {
        self.published
    }

    fn issuer(&self) -> Option<&str> {
        self.issuer
    }

    fn entity_count(&self) -> usize {
        self.entities.len()
    }

    fn entity(&self, i: usize) -> EntityView<'_> {
        let e = &self.entities[i];
        EntityView {
            id: e.id,
            kind: e.kind,
            name: e.name,
            canonical: e.canonical,
            value: e.value,
        }
    }

    fn mentions(&self, i: usize) -> impl ExactSizeIterator<Item = MentionView<'_>> {
        let (s, e) = self.entities[i].mentions;
        self.mentions[s..e].iter().copied()
    }

    fn role_count(&self) -> usize {
        self.roles.len()
    }

    fn role(&self, i: usize) -> (&str, Option<&str>, Option<&str>) {
        self.roles[i]
    }

    /// Ids are a type, a colon and a slug (`resolve::Group::push_id`): their ASCII bytes are
    /// lower-case letters, digits, dashes and the colon, and no other byte needs an escape.
    fn plain_ids(&self) -> bool {
        true
    }

    /// The same sum as the general one, made as the parts were (passes over the entities
    /// and mentions cost 0.17M instructions on the 330-article sample).
    fn size_hint(&self, explain: bool) -> usize {
        let mut n = self.size;
        if explain {
            n += self
                .mentions
                .iter()
                .map(|m| 10 + m.rule.len())
                .sum::<usize>();
        }
        n
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

/// Boundary-valid gazetteer hits made flat: leftmost, then longest; those overlapping a
/// `blocked` span (page furniture, dates) are left out.
fn flat_hits(
    gaz: &Gazetteer,
    text: &str,
    blocked: impl Iterator<Item = (usize, usize)>,
    buf: &mut Vec<(usize, usize)>,
) -> Vec<Hit> {
    buf.clear();
    buf.extend(blocked);
    let mut blocked = SpanCursor {
        union: SpanSet::from_any(std::mem::take(buf)),
        k: 0,
    };
    // filtered in place: no second vector to grow
    let mut hits = gaz.find_all(text);
    let mut pos = 0;
    hits.retain(|h| {
        // (hits come by start: the cursor is asked in order)
        if h.start < pos || blocked.overlaps(h.start, h.end) {
            return false;
        }
        // find_all sorts longest first at each start
        pos = h.end;
        true
    });
    *buf = blocked.union.into_vec();
    hits
}

/// Overlap queries on a set of spans, asked in order of their starts: a cursor that only
/// moves forward answers each in a step or two, where a binary search in the dates and a scan
/// of the furniture per gazetteer hit cost about twice as much.
struct SpanCursor {
    /// The spans merged into their union, in order (a span overlaps the union exactly when
    /// it overlaps one of the spans).
    union: SpanSet,
    /// The first span of `union` that may overlap the span asked or a later one.
    k: usize,
}

impl SpanCursor {
    #[cfg(test)]
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> SpanCursor {
        SpanCursor {
            union: SpanSet::from_any(spans.collect()),
            k: 0,
        }
    }

    /// Does [s, e) overlap a span? `s` must be no less than at the call before.
    fn overlaps(&mut self, s: usize, e: usize) -> bool {
        // the spans ending before `s` end before every later start too
        let union = self.union.as_slice();
        while union.get(self.k).is_some_and(|&(_, end)| end <= s) {
            self.k += 1;
        }
        union.get(self.k).is_some_and(|&(start, _)| start < e)
    }
}

/// The issuer named in the header is an organization when it looks like one: an acronym
/// ("CCFAO") or a name the organization rule did not already cover.
fn issuer_org(header: &Header, text: &str, view: &View) -> Option<Cand> {
    let (s, e) = header.issuer_span?;
    let name = &text[s..e];
    let acronym = name.len() >= 2
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '&' || c == '.');
    let has_head = name
        .split_whitespace()
        .any(|w| organizations::is_head(w.trim_end_matches("'s")));
    let looks_org = acronym || has_head;
    // a place as issuer ("Embassy of India, Moscow" is cut by the header) is left to the gazetteer
    if !looks_org
        || view
            .gaz
            .lookup(name)
            .is_some_and(|en| en.kind != crate::gazetteer::EntryType::Organization)
    {
        return None;
    }
    let mut c = Cand::new(s, e, Kind::Organization, "org-issuer");
    // "Kings County (Brooklyn) District Attorney's Office" as written
    c.canonical = None;
    Some(c)
}

/// "Centre for Health Protection (CHP)": the acronym in parentheses is a mention of the
/// organization before it; later uses of the same acronym are too.
fn link_acronyms(text: &str, layer: &mut Vec<Cand>, bufs: &mut FlatBufs) {
    let mut defs: Vec<(String, Box<str>)> = Vec::new(); // (acronym, expansion key)
    let mut added = Vec::new();
    for (i, c) in layer.iter().enumerate() {
        if c.kind != Kind::Organization {
            continue;
        }
        let rest = &text[c.end..];
        let Some(inner) = rest.strip_prefix(" (") else {
            continue;
        };
        let Some(close) = inner.bytes().take(14).position(|b| b == b')') else {
            continue;
        };
        let acr = &inner[..close];
        if acr.len() < 2
            || acr.len() > 12
            || !acr
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch == '&' || ch.is_ascii_digit())
        {
            continue;
        }
        let s = c.end + 2;
        let e = s + acr.len();
        let key = c
            .canonical
            .clone()
            .unwrap_or_else(|| text[c.start..c.end].into());
        defs.push((acr.to_string(), key.clone()));
        if layer.get(i + 1).is_some_and(|n| n.start == s && n.end == e) {
            continue;
        }
        let mut a = Cand::new(s, e, Kind::Organization, "org-acronym");
        a.canonical = Some(key);
        added.push(a);
    }
    if defs.is_empty() {
        return;
    }
    // the first definition of an acronym wins (a list, not a map: an article defines a
    // handful of acronyms, which a scan compares faster than a hash of every organization)
    let mut by_acr: Vec<(&str, &str)> = Vec::with_capacity(defs.len());
    for (a, k) in &defs {
        if !by_acr.iter().any(|&(b, _)| b == a) {
            by_acr.push((a.as_str(), k));
        }
    }
    let key_of = |name: &str| by_acr.iter().find(|&&(a, _)| a == name).map(|&(_, k)| k);
    // re-key existing mentions of defined acronyms, and find undiscovered uses
    for c in layer.iter_mut() {
        if c.kind == Kind::Organization {
            if let Some(key) = key_of(&text[c.start..c.end]) {
                c.canonical = Some(key.into());
            }
        }
    }
    // The layer's spans are in order and disjoint: only the few added ones are sorted, and
    // the two runs merged by start (sorting them all cost 2.5K instructions an article that
    // defines an acronym).
    let mut extra: Vec<(usize, usize)> = added.iter().map(|c| (c.start, c.end)).collect();
    extra.sort_unstable();
    let mut spans = Vec::with_capacity(layer.len() + extra.len());
    let mut k = 0;
    for c in layer.iter() {
        while extra.get(k).is_some_and(|&(s, _)| s < c.start) {
            spans.push(extra[k]);
            k += 1;
        }
        spans.push((c.start, c.end));
    }
    spans.extend_from_slice(&extra[k..]);
    let mut occupied = SpanSet::from_by_start(spans);
    // Uses of the acronyms, leftmost first, the longest of those starting together, then on
    // from its end (the leftmost-longest matches an automaton of the acronyms would give).
    // There are only a handful of acronyms per article: a plain search for each costs far
    // less than building an automaton per article. `memmem` rather than `str::find`: its
    // vectorized prefilter skips most of the text, where the standard two-way search steps
    // through it (link_acronyms cost 1.36M instructions on the sample, about 1M of them in
    // `str::find`).
    let bytes = text.as_bytes();
    let mut uses: Vec<(usize, usize, &str)> = Vec::new(); // (start, end, key)
    for &(acr, key) in &by_acr {
        let finder = memchr::memmem::Finder::new(acr);
        // every occurrence, overlapping ones too ("AAA" holds "AA" twice)
        let mut from = 0;
        while let Some(k) = finder.find(&bytes[from..]) {
            let s = from + k;
            uses.push((s, s + acr.len(), key));
            // the acronym is ASCII: its matches and the byte after a match's start are char
            // boundaries
            from = s + 1;
        }
    }
    uses.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut pos = 0;
    for (s, e, key) in uses {
        if s < pos {
            continue;
        }
        // a match is used up even when it is not taken
        pos = e;
        if !crate::gazetteer::boundary_before(text, s) || !crate::gazetteer::boundary_after(text, e)
        {
            continue;
        }
        if occupied.overlaps(s, e) {
            continue;
        }
        occupied.insert(s, e);
        let mut a = Cand::new(s, e, Kind::Organization, "org-acronym");
        a.canonical = Some(key.into());
        added.push(a);
    }
    overlay_dropping_in(layer, &mut added, |_| false, bufs);
}

#[cfg(test)]
mod tests {
    use super::SpanCursor;

    #[test]
    fn records_written_from_the_borrowed_result_are_those_of_the_analysis() {
        use crate::output::{self, Decoding, RecordData, Source, Style};
        let ex = super::Extractor::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        // non-ASCII text (char offsets differ from byte offsets), merged and empty articles
        texts.push(texts.concat());
        texts.push(texts[0].replace(' ', "\u{a0} "));
        texts.push("Ünïcödé — Minister Wang Yi met Li Wei in Paris on May 3, 2024.\n".into());
        texts.push(String::new());
        let src = Source::Path("a.txt".into());
        let decoding = Decoding {
            encoding: Some("utf-16le"),
            replaced_bytes: Some(3),
        };
        for text in &texts {
            let a = ex.extract(text, None);
            for explain in [false, true] {
                for pretty in [false, true] {
                    let style = Style { pretty, explain };
                    let mut want = Vec::new();
                    output::write_record(&mut want, &src, &a, decoding, style);
                    let mut got = Vec::new();
                    ex.extract_with(text, None, |x| {
                        // the size summed while the result was made is the general sum
                        assert_eq!(x.size_hint(explain), a.size_hint(explain));
                        output::write_extracted(&mut got, &src, x, decoding, style);
                    });
                    assert_eq!(
                        String::from_utf8(got).unwrap(),
                        String::from_utf8(want).unwrap()
                    );
                }
            }
        }
    }

    #[test]
    fn first_with_id_finds_the_first_group_of_each_id_as_a_hash_map() {
        use super::{first_with_id, Kind};
        use std::collections::HashMap;
        let mut rng = crate::testutil::XorShift::new(0x9d3a_41c7_0b2e_5f11);
        let kinds = [Kind::Person, Kind::Place, Kind::Date];
        for round in 0..2_000 {
            // few distinct ids (many repeats) to many, some groups without one
            let n = rng.below(if round % 10 == 0 { 300 } else { 40 });
            let distinct = 1 + rng.below(n.max(1));
            let ids: Vec<Option<String>> = (0..n)
                .map(|_| {
                    (rng.below(8) > 0).then(|| {
                        let k = rng.below(distinct);
                        format!("{}:{k}", kinds[k % 3].as_str())
                    })
                })
                .collect();
            let kind = |gi: usize| {
                let id = ids[gi].as_deref().unwrap_or("place:");
                *kinds.iter().find(|k| id.starts_with(k.as_str())).unwrap()
            };
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let want: Vec<usize> = (0..n)
                .map(|gi| match ids[gi].as_deref() {
                    Some(id) => *seen.entry(id).or_insert(gi),
                    None => gi,
                })
                .collect();
            assert_eq!(first_with_id(n, kind, |gi| ids[gi].as_deref()), want);
        }
    }

    #[test]
    fn span_cursor_answers_as_a_scan_of_the_spans() {
        // pseudo-random spans (empty, nested, touching, overlapping) and queries by start
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n) as usize
        };
        for _ in 0..300 {
            let spans: Vec<(usize, usize)> = (0..next(8))
                .map(|_| {
                    let s = next(40);
                    (s, s + next(6))
                })
                .collect();
            let mut queries: Vec<(usize, usize)> = (0..next(30))
                .map(|_| {
                    let s = next(45);
                    (s, s + 1 + next(5))
                })
                .collect();
            queries.sort_by_key(|q| q.0);
            let mut cursor = SpanCursor::new(spans.iter().copied());
            for (s, e) in queries {
                let scan = spans.iter().any(|&(fs, fe)| fs < e && s < fe);
                assert_eq!(cursor.overlaps(s, e), scan, "{spans:?} {s}..{e}");
            }
        }
    }
}
