//! The per-article pipeline: header -> tokens -> dates and gazetteer hits -> organizations ->
//! titles -> persons -> links -> flat layer -> entities and roles.
//!
//! [`Extractor`] is built once (dictionaries compiled into one automaton, regexes compiled)
//! and shared by all threads; [`Extractor::extract`] is a pure function of the article text
//! and the options, so output is identical at any thread count.

use std::collections::HashMap;

use crate::calendar::Date;
use crate::gazetteer::{DictError, Gazetteer, Hit};
use crate::header::{parse_header, Header};
use crate::resolve::{flatten, group, overlay, SpanSet};
use crate::rules::dates::{DateContext, DateFinder, NumericOrder};
use crate::rules::{organizations, persons, titles, Cand, Kind, View};
use crate::text::{tokenize, CharIndex, TokKind};

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
        let header = parse_header(text);
        let header_date = header.published.and_then(|(y, m, d)| Date::new(y, m, d));
        let published = published.or(header_date);
        let reference = published.or(self.options.reference_date);
        let toks = tokenize(text);
        let furniture = &header.furniture;
        let in_furniture = |s: usize, e: usize| furniture.iter().any(|&(fs, fe)| fs < e && s < fe);

        // 1. dates
        let ctx = DateContext {
            reference,
            numeric_order: self.options.numeric_order,
        };
        let mut cands: Vec<Cand> = Vec::new();
        for d in self.dates.find(text, &ctx) {
            if in_furniture(d.start, d.end) {
                continue;
            }
            let mut c = Cand::new(d.start, d.end, Kind::Date, d.rule);
            c.value = d.value;
            cands.push(c);
        }
        let date_spans = SpanSet::from_any(cands.iter().map(|c| (c.start, c.end)).collect());
        let in_date = |s: usize, e: usize| date_spans.overlaps(s, e);

        // 2. gazetteer: leftmost-longest among boundary-valid hits, outside furniture and dates
        let hits = flat_hits(&self.gaz, text, &|s, e| in_furniture(s, e) || in_date(s, e));
        let lower_words = lower_words(text, &toks);
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
        cands.extend(orgs);
        cands.extend(issuer_org(&header, text, &view));
        let org_spans = SpanSet::from_any(
            cands
                .iter()
                .filter(|c| c.kind == Kind::Organization)
                .map(|c| (c.start, c.end))
                .collect(),
        );
        let blocked_t = |s: usize, e: usize| blocked(s, e) || org_spans.overlaps(s, e);
        cands.extend(titles::find(&view, &blocked_t));
        for h in &view.hits {
            let kind = view.hit_kind(h);
            if kind == Kind::Title {
                continue; // the title rule has them, with modifiers
            }
            let e = self.gaz.entry(h.entry);
            let mut c = Cand::new(h.start, h.end, kind, "gazetteer");
            c.canonical = e.canonical.as_deref().map(str::to_string);
            cands.push(c);
        }
        let mut layer = flatten(cands);

        // 5. persons, over the base layer; a person may cover places inside its name
        let people = persons::find(&view, &layer);
        if !people.is_empty() {
            let spans = SpanSet::from_any(people.iter().map(|p| (p.start, p.end)).collect());
            layer.retain(|c| {
                !(matches!(c.kind, Kind::Place | Kind::Demonym) && spans.overlaps(c.start, c.end))
            });
            layer = overlay(layer, people);
        }
        // 6. links: short forms of longer names, repeated names, surnames; acronyms
        let mut names: Vec<String> = layer
            .iter()
            .filter(|c| c.kind == Kind::Person)
            .map(|c| text[c.start..c.end].to_string())
            .collect();
        names.sort();
        names.dedup();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let aliases = persons::aliases(&refs);
        for c in layer
            .iter_mut()
            .filter(|c| c.kind == Kind::Person && c.canonical.is_none())
        {
            if let Some((_, long)) = aliases
                .iter()
                .find(|(short, _)| *short == text[c.start..c.end])
            {
                c.canonical = Some(long.clone());
            }
        }
        let all_people: Vec<Cand> = layer
            .iter()
            .filter(|c| c.kind == Kind::Person)
            .cloned()
            .collect();
        let occupied = SpanSet::from_flat(
            layer
                .iter()
                .filter(|c| !matches!(c.kind, Kind::Place | Kind::Demonym))
                .map(|c| (c.start, c.end))
                .collect(),
        );
        let taken = |s: usize, e: usize| occupied.overlaps(s, e);
        let links = persons::link(&view, &all_people, &taken);
        if !links.is_empty() {
            let spans = SpanSet::from_any(links.iter().map(|p| (p.start, p.end)).collect());
            layer.retain(|c| {
                !(matches!(c.kind, Kind::Place | Kind::Demonym) && spans.overlaps(c.start, c.end))
            });
            layer = overlay(layer, links);
        }
        link_acronyms(text, &mut layer);

        // 7. entities and roles
        self.assemble(text, &header, published, layer)
    }

    fn assemble(
        &self,
        text: &str,
        header: &Header,
        published: Option<Date>,
        layer: Vec<Cand>,
    ) -> Analysis {
        let (placed, groups) = group(text, layer);
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
        let ci = CharIndex::new(text);
        // drop unattached titles; rebuild entity mention lists
        let mut entities: Vec<Option<Entity>> = groups
            .iter()
            .map(|g| {
                Some(Entity {
                    id: g.id(),
                    kind: g.kind.as_str(),
                    name: g.name.clone(),
                    canonical: g.canonical.clone(),
                    value: g.value.clone(),
                    mentions: Vec::new(),
                })
            })
            .collect();
        for (i, p) in placed.iter().enumerate() {
            if p.cand.kind == Kind::Title && !keep_title[i] {
                continue;
            }
            let c = &p.cand;
            if let Some(e) = entities[p.entity].as_mut() {
                e.mentions.push(Mention {
                    text: text[c.start..c.end].to_string(),
                    start: c.start,
                    end: c.end,
                    char_start: ci.char_of(c.start),
                    char_end: ci.char_of(c.end),
                    rule: c.rule,
                });
            }
        }
        // the title entity's name is its fullest kept mention
        for e in entities.iter_mut() {
            if e.as_ref().is_some_and(|e| e.mentions.is_empty()) {
                *e = None;
            }
        }
        let roles = roles
            .into_iter()
            .filter_map(|(p, t, o)| {
                let person = entities[p].as_ref()?.id.clone();
                Some(Role {
                    person,
                    title: entities[t].as_ref().map(|e| e.id.clone()),
                    organization: o.and_then(|o| entities[o].as_ref().map(|e| e.id.clone())),
                })
            })
            .collect();
        // merge entities that ended up with the same id (same type and key)
        let mut out: Vec<Entity> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for e in entities.into_iter().flatten() {
            match seen.get(&e.id) {
                Some(&k) => {
                    let t = &mut out[k];
                    if e.name.chars().count() > t.name.chars().count() {
                        t.name = e.name;
                    }
                    t.mentions.extend(e.mentions);
                    t.mentions.sort_by_key(|m| m.start);
                }
                None => {
                    seen.insert(e.id.clone(), out.len());
                    out.push(e);
                }
            }
        }
        Analysis {
            headline: header.headline.map(|(s, e)| text[s..e].to_string()),
            published,
            issuer: header.issuer.clone(),
            entities: out,
            roles,
        }
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

/// Boundary-valid gazetteer hits made flat: leftmost, then longest.
fn flat_hits(gaz: &Gazetteer, text: &str, blocked: &dyn Fn(usize, usize) -> bool) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    let mut pos = 0;
    for h in gaz.find_all(text) {
        if h.start < pos || blocked(h.start, h.end) {
            continue;
        }
        // find_all sorts longest first at each start
        pos = h.end;
        out.push(h);
    }
    out
}

fn lower_words<'a>(
    text: &'a str,
    toks: &[crate::text::Token],
) -> crate::gazetteer::FastSet<&'a str> {
    let mut set = crate::gazetteer::FastSet::with_capacity_and_hasher(
        toks.len() / 4,
        std::hash::BuildHasherDefault::default(),
    );
    set.extend(
        toks.iter()
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| t.text(text))
            .filter(|w| match w.as_bytes()[0] {
                b if b.is_ascii() => b.is_ascii_lowercase(),
                _ => w.chars().next().is_some_and(char::is_lowercase),
            }),
    );
    set
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
fn link_acronyms(text: &str, layer: &mut Vec<Cand>) {
    let mut defs: Vec<(String, String)> = Vec::new(); // (acronym, expansion key)
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
            .unwrap_or_else(|| text[c.start..c.end].to_string());
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
    // the first definition of an acronym wins
    let mut by_acr: HashMap<&str, &str> = HashMap::new();
    for (a, k) in &defs {
        by_acr.entry(a.as_str()).or_insert(k.as_str());
    }
    // re-key existing mentions of defined acronyms, and find undiscovered uses
    for c in layer.iter_mut() {
        if c.kind == Kind::Organization {
            if let Some(key) = by_acr.get(&text[c.start..c.end]) {
                c.canonical = Some(key.to_string());
            }
        }
    }
    let mut occupied = SpanSet::from_any(
        layer
            .iter()
            .chain(added.iter())
            .map(|c| (c.start, c.end))
            .collect(),
    );
    let acrs: Vec<&str> = by_acr.keys().copied().collect();
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        // built per article: a cheap NFA, not the default DFA
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(&acrs)
        .expect("acronym automaton");
    {
        for m in ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let key = by_acr[acrs[m.pattern().as_usize()]];
            if !crate::gazetteer::boundary_before(text, s)
                || !crate::gazetteer::boundary_after(text, e)
            {
                continue;
            }
            if occupied.overlaps(s, e) {
                continue;
            }
            occupied.insert(s, e);
            let mut a = Cand::new(s, e, Kind::Organization, "org-acronym");
            a.canonical = Some(key.to_string());
            added.push(a);
        }
    }
    let l = std::mem::take(layer);
    *layer = overlay(l, added);
}
