//! Article header: the headline span, publication date, issuer, dateline (place and news
//! agency) and page furniture (site chrome that must never be mined for entities).
//!
//! Layout assumed: line 1 is the headline; then, within the first few lines, an optional
//! dateline/source line (`DATE [TIME] | ... | ISSUER`, `Updated : DATESource : ISSUER`,
//! `Date: 10 May 2024`, `Posted on May 3, 2024 by ...`, `FOR IMMEDIATE RELEASE | ...`, or a
//! sentence such as "... issued in New Delhi on Oct 24, 1997 ..."); then the body, whose first
//! line may open with a wire dateline (`BEIJING, May 3 (Xinhua) --`, `NAIROBI, Kenya (AP) _`).
//!
//! Decisions that are not obvious:
//! - All spans are byte offsets into the text exactly as given (a leading BOM and `\r` are
//!   never inside a span). Work is capped: the header is looked for in the first
//!   [`HEAD_BYTES`] bytes / [`HEAD_LINES`] non-empty lines, furniture also in the last
//!   [`TAIL_BYTES`] bytes / [`TAIL_LINES`] non-empty lines, and no regex sees more than
//!   [`LINE_CAP`] bytes of one line.
//! - Issuer: a `Source :` label wins, then the last segment of a `|` line that is neither a
//!   date nor site chrome, then "issued by X in/at/on" in a sentence header, then the wire
//!   agency of the dateline ("Xinhua"). The name is kept as written except that a leading
//!   article ("The White House" -> "White House", as the gold guide leaves out leading
//!   articles) and a trailing site-section suffix (" - Press Releases") are cut off; the
//!   suffix becomes furniture. `Posted on ... by NAME` gives no issuer (NAME is an author).
//! - Dates: ISO `2024-05-10` (also `/` or `.`, a glued `T13:37` or `Source` is fine),
//!   `[Weekday, ]Month D[, YYYY]`, `[Weekday, ]D Month[ YYYY]` (full or abbreviated month,
//!   `Sept.`), `D.M.YYYY`, and `D/M/YYYY` or `M/D/YYYY` only when unambiguous. Months must be
//!   capitalised ("may 3" is not a date). Full dates are validated (no Feb 30) and years must
//!   lie in 1800..=2199. A full date beats a month/day-only one; otherwise the first wins.
//!   The span of a weekday form includes the weekday ("Tuesday, December 31, 2019").
//! - The headline is the first non-empty, non-furniture line, unless that line is plainly a
//!   dateline (a labelled date such as `Date: ...`, or a date alone): then there is none.
//! - A sentence line is a header only if it is the first non-empty line after the headline,
//!   holds a full date, and is short (<= 120 bytes) or says "issued/released/published/...".
//! - Furniture: whole lines made only of chrome tokens (`Fonts: A+ A A- Print`, `Share`,
//!   `【Close】`, `Back to top`, `###`, `-30-`, `Ends`...), chrome fragments inside header lines
//!   (`【Fonts: A+ A A- Print`, labels such as `Updated :` / `Source :` / `Posted on`,
//!   `FOR IMMEDIATE RELEASE`, `Issued at HKT 19:06`, `Briefing Room`, `Ends/`, and issuer
//!   suffixes such as ` - Press Releases`). Header lines themselves are NOT furniture: their
//!   dates and issuer are entities.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A byte span `(start, end)` into the article text.
pub type Span = (usize, usize);

/// Bytes from the start of the text in which header lines are looked for.
pub const HEAD_BYTES: usize = 2048;
/// Non-empty lines after the headline that may still belong to the header.
pub const HEAD_LINES: usize = 6;
/// Most non-empty lines from the start of the text [`parse_header`] looks at: a headline,
/// furniture lines before it, and the [`HEAD_LINES`] after it, with some to spare.
const HEAD_KEPT: usize = HEAD_LINES + 5;
/// Bytes at the end of the text in which trailing furniture lines are looked for.
pub const TAIL_BYTES: usize = 2048;
/// Non-empty lines at the end that may be furniture.
pub const TAIL_LINES: usize = 8;
/// Most bytes of one line any regex is run on.
pub const LINE_CAP: usize = 1024;

/// What the header of one article says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// Byte span of the headline text (trimmed) in `text`.
    pub headline: Option<Span>,
    /// Full publication date (year, month, day), validated.
    pub published: Option<(i32, u32, u32)>,
    /// Byte span of the date expression that gave `published`, or, when only a month and day
    /// are known, of that expression (see `published_partial`).
    pub published_span: Option<Span>,
    /// Issuer as written (trimmed, leading article and section suffix removed).
    pub issuer: Option<String>,
    /// Byte span of `issuer` in `text`.
    pub issuer_span: Option<Span>,
    /// Byte span of the dateline place ("BEIJING" in `BEIJING, May 3 (Xinhua) --`,
    /// "New Delhi" in "issued in New Delhi on ...").
    pub dateline_place: Option<Span>,
    /// Byte spans never to be mined for entities; sorted, no duplicates.
    pub furniture: Vec<Span>,
    /// The most the header says about the publication date: `(Some(year), month, day)`
    /// mirrors `published`; `(None, month, day)` when only a month and day were found (as in
    /// `BEIJING, May 3 (Xinhua) --`); `None` when no date was found.
    pub published_partial: Option<(Option<i32>, u32, u32)>,
    /// Byte span of the wire agency named in the dateline ("Xinhua", "AP"), if any.
    pub dateline_agency: Option<Span>,
    /// Byte offset where the body starts: the first line after the headline, the
    /// dateline/source lines and furniture lines of the header. The wire dateline belongs to
    /// the body. Equals `text.len()` when there is no body.
    pub body_start: usize,
}

const MONTH: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember|t)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const WEEKDAY: &str = r"(?i:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)";

/// The pattern of [`DATE_RE`] (and, narrowed, of [`DATE_NARROW_RE`]).
fn date_pattern() -> String {
    format!(
        concat!(
            r"(?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})",
            r"|(?P<mwd>\b{wd}\b\.?,?\s+)?\b(?P<mm>{m})\b\.?\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:(?:,\s*|\s+)(?P<my>\d{{4}}))?",
            r"|(?P<dwd>\b{wd}\b\.?,?\s+)?(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{m})\b\.?(?:(?:,\s*|\s+)(?P<dy>\d{{4}}))?",
            r"|(?P<n1>\d{{1,2}})(?P<ns>[./])(?P<n2>\d{{1,2}})[./](?P<ny>\d{{4}})",
        ),
        wd = WEEKDAY,
        m = MONTH
    )
}

static DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&date_pattern()).expect("date regex"));

/// [`DATE_RE`] with ASCII `\b`, `\d` and case folding (Unicode `\s` kept), used only on
/// haystacks without a non-ASCII word character (see [`narrow_ok`]), where it finds
/// exactly the same matches and groups. There, each neighbour of a `\b` position is ASCII
/// (same word-ness either way) or a non-ASCII non-word character (non-word either way), so
/// both boundaries agree; Unicode `\d` adds only non-ASCII digits, which are word
/// characters; and the only non-ASCII characters that `(?i)` folds to the ASCII letters of
/// month and weekday names are 'ſ' and the Kelvin sign, both word characters. Unlike the
/// Unicode `\b` of [`DATE_RE`], which makes the lazy DFA give up at the first non-ASCII
/// byte, this regex keeps the DFA engines usable, and its NFA is far smaller.
static DATE_NARROW_RE: LazyLock<Regex> = LazyLock::new(|| {
    let p = date_pattern()
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\d", "[0-9]")
        .replace("(?i:", "(?i-u:");
    Regex::new(&p).expect("narrow date regex")
});

/// True when [`DATE_NARROW_RE`] may stand in for [`DATE_RE`] on `hay`: it holds no
/// non-ASCII word character. Checked against a short list of non-ASCII characters that are
/// certainly not word characters (spaces, dashes, quotes, brackets, CJK punctuation; a unit
/// test checks each against Unicode `\w`), so any other non-ASCII character, word or not,
/// just keeps the Unicode regex. A list is cheaper than compiling a Unicode `\w` class.
fn narrow_ok(hay: &str) -> bool {
    hay.is_ascii() || hay.chars().all(|c| c.is_ascii() || non_word(c))
}

/// Non-ASCII characters, common in header lines, that are no word characters.
fn non_word(c: char) -> bool {
    matches!(
        c,
        '\u{A0}'
            | '\u{AB}'
            | '\u{B7}'
            | '\u{BB}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2010}'..='\u{2027}'
            | '\u{202F}'
            | '\u{20AC}'
            | '\u{3000}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{FF0C}'
            | '\u{FF1A}'
            | '\u{FF5C}'
    )
}

/// Labels that open a dateline/source line ("Updated :", "Posted on", "Date:").
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:last\s+updated|updated(?:\s+on)?|dated?|published(?:\s+on)?|posted(?:\s+on)?|released?(?:\s+on)?|release\s+date|issued(?:\s+on)?|publication\s+date)\b\s*(?P<colon>[:：])?\s*")
        .expect("label regex")
});

/// A `Source :` label anywhere in a line (also glued: `2024-05-10Source : X`).
static SOURCE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)source\s*[:：]\s*").expect("source regex"));

/// Where an issuer after `Source :` stops: another label.
static NEXT_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:updated|date|published|posted|author|editor|views?|clicks?|hits|time)\s*[:：]",
    )
    .expect("next label regex")
});

/// Whole `|` segments that are site chrome.
static SECTION_SEG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:for\s+immediate\s+release|immediate\s+release|issued\s+at\b.*|briefing\s+room|press\s+releases?|news\s+releases?|newsroom|press\s+room)$")
        .expect("section regex")
});

/// A trailing site-section suffix of an issuer (" - Press Releases").
static SECTION_SUFFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+[-–—]\s+(?:press\s+releases?|news\s+releases?|press\s+room|newsroom|news|statements?|announcements?|media\s+cent(?:er|re))\s*$")
        .expect("suffix regex")
});

/// `Ends/` before the date of a Hong Kong release.
static ENDS_PREFIX_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bends?\s*/").expect("ends regex"));

/// A leading article of an issuer.
static ARTICLE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:The|THE|the)\s+\p{Lu}").expect("article regex"));

/// A time or time-zone-only segment ("23:55", "19:06 HKT").
static TIME_SEG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|[a-z]{2,4}))?$").expect("time regex")
});

/// Whole lines made of chrome tokens.
static FURNITURE_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^[\s【】〖〗\[\]|/·•]*",
        r"(?:(?:fonts?|(?:text|font)\s*size|size)\s*[:：]\s*",
        r"|(?:a\+|a-|a|print(?:\s+this\s+page)?|print\s+friendly|share(?:\s+this)?|e-?mail|tweet|back\s+to\s+top|top|close(?:\s+window)?|bookmark|facebook|twitter|linkedin|whatsapp|wechat|weibo|small|medium|large)",
        r"(?:[\s【】〖〗\[\]|/·•]+|$))+$",
    ))
    .expect("furniture line regex")
});

/// Whole lines that mark the end of a release.
static END_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:#{3,}|\*{3,}|-+\s*30\s*-+|[-–—]+\s*ends?\s*[-–—]+|\(?ends?\)?\.?|\(?end\s+text\)?\.?)$")
        .expect("end line regex")
});

/// Chrome fragments inside a header line.
static FURNITURE_FRAG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)【\s*(?:print|close|share|e-?mail|top|back\s+to\s+top)\s*】",
        r"|【?\s*(?:fonts?|(?:text|font)\s*size)\s*[:：]\s*(?:a[+-]?(?:\s+|$|】))+(?:(?:print|share|e-?mail|close)\b\s*)*】?",
    ))
    .expect("furniture fragment regex")
});

/// Wire dateline at the start of the first body line.
static DATELINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        concat!(
            r"^(?P<place>[A-Z][A-Z'.\-]*(?:[ \t]+[A-Z][A-Z'.\-&]*){{0,4}})",
            r"(?:,[ \t]*(?P<region>[A-Z][A-Za-z'.\-]*(?:[ \t]+[A-Z][A-Za-z'.\-]*){{0,3}}))??",
            r"(?:,[ \t]*(?P<date>{m}\.?[ \t]*\d{{1,2}}(?:,[ \t]*\d{{4}})?))?",
            r"[ \t]*(?:\([ \t]*(?P<agency>[A-Z][A-Za-z.&'\- ]{{0,39}}?)[ \t]*\))?",
            r"[ \t]*(?P<sep>--+|[—–_-])(?:\s|$)",
        ),
        m = MONTH
    ))
    .expect("dateline regex")
});

/// Cue words of a sentence header ("Following is the text of a Press Note issued ...").
static SENTENCE_CUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:issued|released|published|posted|dated|press\s+(?:release|note|statement)|text\s+of)\b")
        .expect("cue regex")
});

/// "issued by [the] ORG in|at|on" in a sentence header; ORG is at most [`ISSUED_ORG_CHARS`]
/// characters. The bound is checked in code ([`issued_by`]): as a bounded repetition of a
/// Unicode class (`{0,120}?`) the regex took ~35 ms to compile.
static ISSUED_BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[Ii]ssued|[Rr]eleased)\s+by\s+(?:the\s+)?(?P<org>\p{Lu}[\p{L}\p{N}'&.\- ]*?)\s+(?:in|at|on)\s")
        .expect("issued-by regex")
});
const ISSUED_ORG_CHARS: usize = 121;

/// "issued [by ...] in|at PLACE on" in a sentence header, with at most
/// [`ISSUED_FILL_CHARS`] characters between the verb and "in|at" (checked in [`issued_in`]).
static ISSUED_IN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[Ii]ssued|[Rr]eleased)\b(?P<fill>[^.;:]*?)\s(?:in|at)\s+(?P<place>\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3})\s+on\s")
        .expect("issued-in regex")
});
const ISSUED_FILL_CHARS: usize = 150;

/// The first match of `re` whose group `bounded` has at most `max` characters, and its group
/// `want`: what `re` with `bounded` written as a lazy `{0,max}?` repetition would find. A
/// lazy group takes its shortest possible length at each start, so a start whose shortest
/// length is too long has no bounded match either and the search goes on from the next start.
fn first_bounded<'h>(
    re: &Regex,
    line: &'h str,
    bounded: &str,
    max: usize,
    want: &str,
) -> Option<regex::Match<'h>> {
    let mut at = 0;
    while let Some(c) = re.captures_at(line, at) {
        if c.name(bounded)?.as_str().chars().count() <= max {
            return c.name(want);
        }
        // Every match starts with an ASCII letter, so the next byte is a char boundary.
        at = c.get(0)?.start() + 1;
    }
    None
}

/// [`first_bounded`] for [`ISSUED_BY_RE`]: the range of its org group in `line`. Read by
/// hand ([`issued_by_hand`]) unless a non-ASCII char leaves the hand reading unsure: the
/// regex's reverse lazy-DFA searches over Unicode classes built new DFA states article
/// after article (~77K instructions a state): `parse_header` on 6,210 articles went from
/// 97.2M to 73.5M instructions.
fn issued_by(line: &str) -> Option<Range<usize>> {
    issued_by_hand(line).unwrap_or_else(|Unsure| {
        first_bounded(&ISSUED_BY_RE, line, "org", ISSUED_ORG_CHARS, "org").map(|m| m.range())
    })
}

/// [`first_bounded`] for [`ISSUED_IN_RE`]: the range of its place group in `line`, read by
/// hand ([`issued_in_hand`]) as [`issued_by`].
fn issued_in(line: &str) -> Option<Range<usize>> {
    issued_in_hand(line).unwrap_or_else(|Unsure| {
        first_bounded(&ISSUED_IN_RE, line, "fill", ISSUED_FILL_CHARS, "place").map(|m| m.range())
    })
}

/// A hand reading met a non-ASCII char that it would have to test against a Unicode class
/// other than `\s` (`\p{Lu}`, `\p{Ll}`, `\p{L}`, a word char): the regex settles the line.
struct Unsure;

/// Byte length of the white-space char at `k`, 0 if there is none. `\s` is the White_Space
/// property, as `char::is_whitespace` (a test checks every char).
fn ws_len(line: &str, k: usize) -> usize {
    match line.as_bytes().get(k) {
        Some(b'\t'..=b'\r' | b' ') => 1,
        Some(&b) if b >= 0x80 => line[k..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// End of the white space from `k` (`k` when there is none). A greedy `\s+` in these regexes
/// always takes all of it: a shorter run would leave white space where a letter must follow.
fn ws_run(line: &str, mut k: usize) -> usize {
    loop {
        match ws_len(line, k) {
            0 => return k,
            n => k += n,
        }
    }
}

/// `\s+(?:w1|w2|...)\s` at `k`.
fn ws_word_ws(line: &str, k: usize, words: &[&[u8]]) -> bool {
    let q = ws_run(line, k);
    q > k
        && words
            .iter()
            .any(|w| line.as_bytes()[q..].starts_with(w) && ws_len(line, q + w.len()) > 0)
}

/// The end of each `[Ii]ssued` / `[Rr]eleased` in `b`, in order: where the matches of
/// both regexes start (the verbs cannot overlap).
fn verb_ends(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..b.len()).filter_map(move |k| match b[k] {
        b'I' | b'i' if b[k + 1..].starts_with(b"ssued") => Some(k + 6),
        b'R' | b'r' if b[k + 1..].starts_with(b"eleased") => Some(k + 8),
        _ => None,
    })
}

/// [`issued_by`] by hand, as the regex and [`first_bounded`] find it: at each verb, leftmost
/// first, `\s+by\s+`, then "the" and white space when they are there (the greedy optional
/// group; without it the org would start with the lower-case 't', which no org does), then
/// the shortest org (`\p{Lu}`, then chars of its class) that `\s+(?:in|at|on)\s` follows.
/// An org of more than [`ISSUED_ORG_CHARS`] chars (all ASCII here, one byte each) sends the
/// search on to the next verb.
fn issued_by_hand(line: &str) -> Result<Option<Range<usize>>, Unsure> {
    let b = line.as_bytes();
    'verb: for v in verb_ends(b) {
        let k = ws_run(line, v);
        if k == v || !b[k..].starts_with(b"by") {
            continue;
        }
        let mut k = {
            let by = k + 2;
            match ws_run(line, by) {
                k if k == by => continue,
                k => k,
            }
        };
        if b[k..].starts_with(b"the") {
            let t = ws_run(line, k + 3);
            if t > k + 3 {
                k = t;
            }
        }
        match b.get(k) {
            Some(c) if c.is_ascii_uppercase() => {}
            Some(&c) if c >= 0x80 => return Err(Unsure),
            _ => continue,
        }
        let org = k;
        let mut p = k + 1;
        loop {
            if ws_word_ws(line, p, &[b"in", b"at", b"on"]) {
                if p - org <= ISSUED_ORG_CHARS {
                    return Ok(Some(org..p));
                }
                continue 'verb;
            }
            match b.get(p) {
                Some(c) if c.is_ascii_alphanumeric() || b"'&.- ".contains(c) => p += 1,
                Some(&c) if c >= 0x80 => return Err(Unsure),
                _ => continue 'verb,
            }
        }
    }
    Ok(None)
}

/// [`issued_in`] by hand, as the regex and [`first_bounded`] find it: at each verb, leftmost
/// first, a word boundary, then the shortest fill (no `.`, `;`, `:`) after which
/// `\s(?:in|at)\s+PLACE\s+on\s` follows; a fill of more than [`ISSUED_FILL_CHARS`] chars sends
/// the search on to the next verb. PLACE is one to four words `\p{Lu}\p{Ll}+` with one `\s`
/// between them, as many as `\s+on\s` can still follow (the greedy `{0,3}`); each `\p{Ll}+`
/// takes all the lower-case letters, as `\s` must follow it.
fn issued_in_hand(line: &str) -> Result<Option<Range<usize>>, Unsure> {
    let b = line.as_bytes();
    'verb: for v in verb_ends(b) {
        match b.get(v) {
            None => continue,
            Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => continue,
            Some(&c) if c >= 0x80 && !line[v..].chars().next().is_some_and(non_word) => {
                return Err(Unsure)
            }
            _ => {}
        }
        let mut p = v;
        let mut fill = 0;
        while p < b.len() {
            if fill > ISSUED_FILL_CHARS {
                continue 'verb;
            }
            let w = ws_len(line, p);
            if w > 0 {
                if let Some(place) = place_after(line, p + w)? {
                    return Ok(Some(place));
                }
            } else if matches!(b[p], b'.' | b';' | b':') {
                continue 'verb;
            }
            p += utf8_len(b[p]);
            fill += 1;
        }
    }
    Ok(None)
}

/// `(?:in|at)\s+(?P<place>...)\s+on\s` at `k` (see [`issued_in_hand`]): the place.
fn place_after(line: &str, k: usize) -> Result<Option<Range<usize>>, Unsure> {
    let b = line.as_bytes();
    if !(b[k..].starts_with(b"in") || b[k..].starts_with(b"at")) {
        return Ok(None);
    }
    let start = ws_run(line, k + 2);
    if start == k + 2 {
        return Ok(None);
    }
    // ends of the place after one to four words
    let mut ends = [0; 4];
    let mut n = 0;
    let mut q = start;
    while n < 4 {
        if n > 0 {
            let w = ws_len(line, q);
            if w == 0 {
                break;
            }
            q += w;
        }
        match b.get(q) {
            Some(c) if c.is_ascii_uppercase() => {}
            Some(&c) if c >= 0x80 => return Err(Unsure),
            _ => break,
        }
        let mut e = q + 1;
        while b.get(e).is_some_and(u8::is_ascii_lowercase) {
            e += 1;
        }
        if e == q + 1 {
            match b.get(e) {
                Some(&c) if c >= 0x80 => return Err(Unsure),
                _ => break,
            }
        }
        // a non-ASCII char after the letters may be lower case too, unless it is white space
        if b.get(e).is_some_and(|&c| c >= 0x80) && ws_len(line, e) == 0 {
            return Err(Unsure);
        }
        ends[n] = e;
        n += 1;
        q = e;
    }
    // Only the last end can be followed by `\s+on\s`: after any other one comes one `\s`
    // and a capital. So the greedy `{0,3}` takes all the words or none.
    Ok((n > 0 && ws_word_ws(line, ends[n - 1], &[b"on"])).then(|| start..ends[n - 1]))
}

/// Length of the UTF-8 char that opens with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Hand readings of the small anchored regexes above, for the ASCII text most header lines
/// are: each answers exactly as its regex does, or says [`Unsure`] where a non-ASCII char
/// would have to be tested against a Unicode class (a letter that folds to an ASCII one,
/// such as 'ſ', or a word char after a `\b`), and the regex then decides. On the sample the
/// regexes cost 1.5M instructions for ~150 searches (lazy-DFA states built on first use,
/// captures), more than a quarter of `parse_header`.
///
/// `words` (lower-case ASCII letters) at `k` of `line`, case-insensitively, with `\s+`
/// between them: the end of the last word, or `None`.
fn words_at(line: &str, mut k: usize, words: &[&[u8]]) -> Result<Option<usize>, Unsure> {
    let b = line.as_bytes();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let q = ws_run(line, k);
            if q == k {
                return Ok(None);
            }
            k = q;
        }
        for &x in *w {
            match b.get(k) {
                // (`x` is a letter: `| 0x20` maps only its upper case to it)
                Some(&c) if c | 0x20 == x => k += 1,
                Some(&c) if c >= 0x80 => return Err(Unsure),
                _ => return Ok(None),
            }
        }
    }
    Ok(Some(k))
}

/// `\b` at `k` of `line` after a word char: no word char follows.
fn word_ends_at(line: &str, k: usize) -> Result<bool, Unsure> {
    match line.as_bytes().get(k) {
        None => Ok(true),
        Some(&c) if c >= 0x80 => Err(Unsure),
        Some(&c) => Ok(!(c.is_ascii_alphanumeric() || c == b'_')),
    }
}

/// [`LABEL_RE`] on `line` by hand: the end of the match and whether the colon group took
/// part. The label alternatives are tried in the regex's order, each optional part first
/// with it (greedy), and the first one that a `\b` follows wins; what follows it (`\s*`,
/// an optional colon, `\s*`) always matches.
fn label_hand(line: &str) -> Result<Option<(usize, bool)>, Unsure> {
    const LABELS: &[&[&[u8]]] = &[
        &[b"last", b"updated"],
        &[b"updated", b"on"],
        &[b"updated"],
        &[b"dated"],
        &[b"date"],
        &[b"published", b"on"],
        &[b"published"],
        &[b"posted", b"on"],
        &[b"posted"],
        &[b"released", b"on"],
        &[b"released"],
        &[b"release", b"on"],
        &[b"release"],
        // (`release\s+date` never wins: `release` before it already matches with a `\b`)
        &[b"issued", b"on"],
        &[b"issued"],
        &[b"publication", b"date"],
    ];
    for words in LABELS {
        let Some(e) = words_at(line, 0, words)? else {
            continue;
        };
        if !word_ends_at(line, e)? {
            continue;
        }
        let mut k = ws_run(line, e);
        let rest = &line.as_bytes()[k..];
        let colon = if rest.starts_with(b":") {
            k += 1;
            true
        } else if rest.starts_with("：".as_bytes()) {
            k += "：".len();
            true
        } else {
            false
        };
        return Ok(Some((ws_run(line, k), colon)));
    }
    Ok(None)
}

/// [`SECTION_SEG_RE`] matches the whole of the ASCII `s`, by hand.
fn section_seg_hand(s: &str) -> Result<bool, Unsure> {
    let whole = |words: &[&[u8]]| Ok::<_, Unsure>(words_at(s, 0, words)? == Some(s.len()));
    let plural =
        |words: &[&[u8]]| {
            Ok::<_, Unsure>(words_at(s, 0, words)?.is_some_and(|e| {
                e == s.len() || e + 1 == s.len() && s.as_bytes()[e] | 0x20 == b's'
            }))
        };
    // `issued\s+at\b.*$`: `.` takes any char but `\n`
    let issued_at = match words_at(s, 0, &[b"issued", b"at"])? {
        Some(e) => word_ends_at(s, e)? && !s.as_bytes()[e..].contains(&b'\n'),
        None => false,
    };
    Ok(whole(&[b"for", b"immediate", b"release"])?
        || whole(&[b"immediate", b"release"])?
        || issued_at
        || whole(&[b"briefing", b"room"])?
        || plural(&[b"press", b"release"])?
        || plural(&[b"news", b"release"])?
        || whole(&[b"newsroom"])?
        || whole(&[b"press", b"room"])?)
}

/// [`SECTION_SEG_RE`] on a segment, by hand when it is ASCII (a non-ASCII char may fold to
/// an 's', as 'ſ' does, even at the end).
fn is_section_seg(s: &str) -> bool {
    match s.is_ascii().then(|| section_seg_hand(s)) {
        Some(Ok(m)) => m,
        _ => SECTION_SEG_RE.is_match(s),
    }
}

/// [`TIME_SEG_RE`] on `s`, by hand when `s` is ASCII (its `\d` and case-insensitive
/// `[a-z]` take non-ASCII chars too).
fn is_time_seg(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.is_ascii() {
        return TIME_SEG_RE.is_match(s);
    }
    let digits = |k: usize| {
        b.get(k..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    // `\d{1,2}:\d{2}(?::\d{2})?`: a third digit in a place can be taken by nothing
    let n = digits(0);
    if !(1..=2).contains(&n) || b.get(n) != Some(&b':') || digits(n + 1) != 2 {
        return false;
    }
    let mut q = n + 3;
    if b.get(q) == Some(&b':') {
        if digits(q + 1) != 2 {
            return false;
        }
        q += 3;
    }
    if q == b.len() {
        return true;
    }
    // `(?:\s*(?:am|pm|[a-z]{2,4}))?$`
    while b.get(q).is_some_and(|&c| matches!(c, b'\t'..=b'\r' | b' ')) {
        q += 1;
    }
    (2..=4).contains(&(b.len() - q)) && b[q..].iter().all(u8::is_ascii_alphabetic)
}

/// [`ENDS_PREFIX_RE`] in the ASCII `b` by hand: the leftmost match.
fn ends_prefix_hand(b: &[u8]) -> Option<(usize, usize)> {
    (0..b.len()).find_map(|k| {
        if !b[k..].get(..3)?.eq_ignore_ascii_case(b"end")
            || k > 0 && (b[k - 1].is_ascii_alphanumeric() || b[k - 1] == b'_')
        {
            return None;
        }
        // `s?` is greedy, and without it `\s*/` cannot match at an 's'
        let mut q = k + 3;
        if b.get(q).is_some_and(|&c| c | 0x20 == b's') {
            q += 1;
        }
        while b.get(q).is_some_and(|&c| matches!(c, b'\t'..=b'\r' | b' ')) {
            q += 1;
        }
        (b.get(q) == Some(&b'/')).then_some((k, q + 1))
    })
}

/// Where [`SECTION_SUFFIX_RE`] matches in the ASCII `s`, by hand: at the white space
/// before the first dash that has white space on both sides and one of the section names,
/// then only white space, after it.
fn section_suffix_hand(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let ws = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
    let mut end = b.len();
    while end > 0 && ws(b[end - 1]) {
        end -= 1;
    }
    let tail = &s[..end];
    memchr::memchr_iter(b'-', b).find_map(|k| {
        let mut r = k;
        while r > 0 && ws(b[r - 1]) {
            r -= 1;
        }
        let q = ws_run(s, k + 1);
        if r == k || q == k + 1 || q >= end {
            return None;
        }
        // (no `Unsure` on ASCII text)
        let at = |words: &[&[u8]]| words_at(tail, q, words).ok().flatten();
        let is = |words: &[&[u8]]| at(words) == Some(end);
        let plural = |words: &[&[u8]]| {
            at(words).is_some_and(|e| e == end || e + 1 == end && b[e] | 0x20 == b's')
        };
        (plural(&[b"press", b"release"])
            || plural(&[b"news", b"release"])
            || is(&[b"press", b"room"])
            || is(&[b"newsroom"])
            || is(&[b"news"])
            || plural(&[b"statement"])
            || plural(&[b"announcement"])
            || is(&[b"media", b"center"])
            || is(&[b"media", b"centre"]))
        .then_some(r)
    })
}
/// A date found in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DateHit {
    span: Span,
    year: Option<i32>,
    month: u32,
    day: u32,
}

/// What has been gathered so far, with priorities.
#[derive(Default)]
struct Acc {
    full: Option<DateHit>,
    partial: Option<DateHit>,
    issuer: Option<(Span, u8)>,
    place: Option<Span>,
    agency: Option<Span>,
    furniture: Vec<Span>,
}

impl Acc {
    fn date(&mut self, d: DateHit) {
        if d.year.is_some() {
            if self.full.is_none() {
                self.full = Some(d);
            }
        } else if self.partial.is_none() {
            self.partial = Some(d);
        }
    }

    fn issuer(&mut self, span: Span, prio: u8) {
        if !matches!(self.issuer, Some((_, p)) if p >= prio) {
            self.issuer = Some((span, prio));
        }
    }
}

/// Compiles every lazily built regex of this module now (call it on a start-up thread so no
/// article pays for the compilation); [`parse_header`] works the same without it.
pub fn prepare() {
    for re in [
        &DATE_RE,
        &DATE_NARROW_RE,
        &LABEL_RE,
        &SOURCE_RE,
        &NEXT_LABEL_RE,
        &SECTION_SEG_RE,
        &SECTION_SUFFIX_RE,
        &ENDS_PREFIX_RE,
        &ARTICLE_RE,
        &TIME_SEG_RE,
        &FURNITURE_LINE_RE,
        &END_LINE_RE,
        &FURNITURE_FRAG_RE,
        &DATELINE_RE,
        &SENTENCE_CUE_RE,
        &ISSUED_BY_RE,
        &ISSUED_IN_RE,
        &MONTH_ONLY_RE,
    ] {
        LazyLock::force(re);
    }
}

/// Parse the header of one article. Never panics; the work is bounded whatever the input.
///
/// # Examples
/// ```ignore
/// let text = "Talks held\n2022-11-07 23:55 | Ministry of Foreign Affairs\n\nBody.";
/// let h = parse_header(text);
/// assert_eq!(h.published, Some((2022, 11, 7)));
/// assert_eq!(h.issuer.as_deref(), Some("Ministry of Foreign Affairs"));
/// ```
#[must_use]
pub fn parse_header(text: &str) -> Header {
    let mut h = Header {
        body_start: text.len(),
        ..Header::default()
    };
    let origin: usize = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let head_end = floor_boundary(text, origin.saturating_add(HEAD_BYTES));
    let mut acc = Acc::default();
    let mut dc = Dates::default();

    // Non-empty head lines: (trimmed span, start of the next line). At most HEAD_KEPT of
    // them, so they fit in an array (no allocation per article).
    let mut head_buf = [((0, 0), 0); HEAD_KEPT];
    let mut n = 0;
    for (s, e, next) in Lines::new(text, origin) {
        if s >= head_end || n == HEAD_KEPT {
            break;
        }
        if s == e {
            continue;
        }
        let t = trim_span(text, s, e);
        if t.0 < t.1 {
            head_buf[n] = (t, next);
            n += 1;
        }
    }
    let head = &head_buf[..n];

    // Full-line furniture anywhere in the head lines.
    let mut is_furn = [false; HEAD_KEPT];
    for (i, &(t, _)) in head.iter().enumerate() {
        if is_furniture_line(text, t) {
            is_furn[i] = true;
            acc.furniture.push(t);
        }
    }

    // Headline: the first non-furniture line, unless it is plainly a dateline/source line.
    let mut i = 0;
    while i < head.len() && is_furn[i] {
        h.body_start = head[i].1;
        i += 1;
    }
    if i < head.len() {
        let (t, next) = head[i];
        if is_strong_meta(text, t, &mut dc) {
            // No headline: handled as a header line below.
        } else {
            h.headline = Some(t);
            h.body_start = next;
            i += 1;
        }
    }

    // Header lines after the headline.
    let mut seen = 0;
    let mut first = true;
    let mut meta_seen = false;
    while i < head.len() && seen < HEAD_LINES {
        let (t, next) = head[i];
        i += 1;
        seen += 1;
        if is_furn[i - 1] {
            h.body_start = next;
            continue;
        }
        if meta_line(text, t, &mut acc, &mut dc) {
            meta_seen = true;
            first = false;
            h.body_start = next;
            continue;
        }
        // First body line: a wire dateline, or (right after the headline) a sentence header.
        h.body_start = t.0;
        if dateline(text, t, &mut acc, &mut dc) {
            break;
        }
        if first && !meta_seen && sentence_header(text, t, &mut acc, &mut dc) {
            first = false;
            h.body_start = next;
            continue;
        }
        break;
    }

    tail_furniture(text, origin, &mut acc);

    if let Some(d) = acc.full {
        h.published = d.year.map(|y| (y, d.month, d.day));
        h.published_span = Some(d.span);
        h.published_partial = Some((d.year, d.month, d.day));
    } else if let Some(d) = acc.partial {
        h.published_span = Some(d.span);
        h.published_partial = Some((None, d.month, d.day));
    }
    if let Some((span, _)) = acc.issuer {
        h.issuer = Some(text[span.0..span.1].to_string());
        h.issuer_span = Some(span);
    }
    h.dateline_place = acc.place;
    h.dateline_agency = acc.agency;
    acc.furniture.sort_unstable();
    acc.furniture.dedup();
    h.furniture = acc.furniture;
    h
}

/// Lines from `from`: `(start, end without "\r", start of next line)`.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, from: usize) -> Self {
        Lines { text, pos: from }
    }
}

impl Iterator for Lines<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let s = self.pos;
        // An empty line (paragraphs are mostly set apart by one) needs no search.
        if bytes[s] == b'\n' {
            self.pos = s + 1;
            return Some((s, s, s + 1));
        }
        let (mut e, next) = match find_nl(&bytes[s..]) {
            Some(k) => (s + k, s + k + 1),
            None => (bytes.len(), bytes.len()),
        };
        if e > s && bytes[e - 1] == b'\r' {
            e -= 1;
        }
        self.pos = next;
        Some((s, e, next))
    }
}

/// The first `\n` in `b`. `memchr` (SIMD) rather than sixteen bytes at a time by hand: the
/// head lines after the headline are paragraphs of hundreds of bytes (`parse_header` on the
/// sample: 8.9M -> 7.7M instructions). The standard library's `memchr` (behind `str::find`)
/// finds the byte in its last words one byte at a time.
fn find_nl(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', b)
}

/// The last `\n` in `b` (see [`find_nl`]).
fn rfind_nl(b: &[u8]) -> Option<usize> {
    memchr::memrchr(b'\n', b)
}

/// Largest char boundary <= `i` (clamped to the text length).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary >= `i` (clamped to the text length).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn is_trim_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// `(s, e)` without surrounding whitespace (also NBSP, BOM, zero-width space).
fn trim_span(text: &str, s: usize, e: usize) -> Span {
    // Most spans open and close with a printable ASCII byte, which is a whole char and no
    // trim char (the ASCII ones are `\t`..=`\r` and space): nothing to cut, no char decoded.
    let keeps = |b: &u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    if s < e && keeps(&bytes[s]) && keeps(&bytes[e - 1]) {
        return (s, e);
    }
    // Else ASCII whitespace is cut bytewise (empty lines, spaces before a line break), and
    // only a non-ASCII byte at an end is left to the char trim.
    let space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let (mut a, mut z) = (s, e);
    while a < z && space(bytes[a]) {
        a += 1;
    }
    while a < z && space(bytes[z - 1]) {
        z -= 1;
    }
    if a == z {
        // (a span of trim chars only gives its own empty start, as `trim_span_chars`)
        return (s, s);
    }
    if bytes[a].is_ascii() && bytes[z - 1].is_ascii() {
        return (a, z);
    }
    match trim_span_chars(text, a, z) {
        (x, y) if x == y => (s, s),
        t => t,
    }
}

/// [`trim_span`] char by char.
fn trim_span_chars(text: &str, s: usize, e: usize) -> Span {
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start_matches(is_trim_char).len();
    let trail = seg.len() - seg.trim_end_matches(is_trim_char).len();
    if lead == seg.len() {
        (s, s)
    } else {
        (s + lead, e - trail)
    }
}

/// The part of a line any regex may see.
fn capped(text: &str, t: Span) -> Span {
    (
        t.0,
        floor_boundary(text, t.1.min(t.0.saturating_add(LINE_CAP))),
    )
}

fn is_furniture_line(text: &str, t: Span) -> bool {
    if t.1 - t.0 > 200 {
        return false;
    }
    let line = &text[t.0..t.1];
    (may_open_chrome(skip_chrome_separators(line)) && FURNITURE_LINE_RE.is_match(line))
        || (may_open_end_line(line) && END_LINE_RE.is_match(line))
}

/// False when [`END_LINE_RE`] cannot match `line`: [`may_open`] with [`END_LINE_FIRSTS`],
/// and a line that opens with 'e' or '(' must go on with "nd" or "end" (`ends?`, `end text`,
/// with or without a bracket), letters that no non-ASCII char folds to; a line that opens
/// with a non-ASCII char, with a dash (`–`, `—`). With this gate and the non-ASCII one of
/// [`may_open_chrome`], lines such as "Embassy ...", "EU ..." and "※ ..." no longer run the
/// regexes (`parse_header` on the sample: 3.64M -> 3.61M instructions).
fn may_open_end_line(line: &str) -> bool {
    let b = line.as_bytes();
    match b.first() {
        Some(b'e' | b'E') => b.get(1..3).is_some_and(|w| w.eq_ignore_ascii_case(b"nd")),
        Some(b'(') => b.get(1..4).is_some_and(|w| w.eq_ignore_ascii_case(b"end")),
        // of the non-ASCII chars, only the two dashes open an alternative
        Some(&f) if !f.is_ascii() => line.starts_with(['–', '—']),
        _ => may_open(line, END_LINE_FIRSTS),
    }
}

/// False when a case-insensitive regex anchored at the start of `s` cannot match because
/// `s` opens with an ASCII byte that starts none of its alternatives: `firsts` lists the
/// ASCII bytes that can (letters in lower case). Each such regex spells its words in
/// ASCII, and an ASCII byte matches an ASCII letter case-insensitively only as that letter
/// in either case; a non-ASCII first char (the Kelvin sign and 'ſ' fold to ASCII letters)
/// or an empty `s` is left to the regex.
fn may_open(s: &str, firsts: u128) -> bool {
    match s.as_bytes().first() {
        Some(&b) if b.is_ascii() => firsts >> b.to_ascii_lowercase() & 1 != 0,
        _ => true,
    }
}

/// The ASCII bytes of `bytes` as one bit each, for [`may_open`] (a shift instead of a
/// search of the list: `slice::contains` calls `memchr`).
const fn byte_set(bytes: &[u8]) -> u128 {
    let mut set = 0;
    let mut i = 0;
    while i < bytes.len() {
        set |= 1 << bytes[i];
        i += 1;
    }
    set
}

/// `line` without the leading ASCII bytes of the separator class that opens
/// [`FURNITURE_LINE_RE`] (space, tab, brackets, `|`, `/`), so its first chrome token
/// starts at the first byte, or later only after further (non-ASCII or control)
/// separators, which [`may_open`] leaves to the regex.
fn skip_chrome_separators(line: &str) -> &str {
    line.trim_start_matches([' ', '\t', '[', ']', '|', '/'])
}

/// First bytes of the chrome tokens of [`FURNITURE_LINE_RE`]: fonts/font/text/size, a,
/// print, share/small, e-mail, tweet/top/twitter, back/bookmark, close, facebook,
/// linkedin/large, whatsapp/wechat/weibo, medium; and the control-char spaces of `\s`.
const FURNITURE_LINE_FIRSTS: u128 = byte_set(b"abceflmpstw\x09\x0a\x0b\x0c\x0d");
/// False when [`FURNITURE_LINE_RE`] cannot match a line that is `s` after
/// [`skip_chrome_separators`]: [`may_open`] with [`FURNITURE_LINE_FIRSTS`]; when `s` opens
/// with 'a' (the tokens `a`, `a+`, `a-`), the next byte must go on one of them; when with
/// three ASCII bytes and another letter, those three must open a chrome token
/// ([`CHROME_PREFIXES`]). Headlines and paragraphs mostly open with a letter of the first
/// test ("The", "China", "State") or a word of the others ("According", "Assistant"), and
/// the regex is then not run (the two non-ASCII chars that fold to ASCII letters are left
/// to it, as in `may_open`).
fn may_open_chrome(s: &str) -> bool {
    if !may_open(s, FURNITURE_LINE_FIRSTS) {
        return false;
    }
    let b = s.as_bytes();
    match b.first() {
        // a non-ASCII char: white space, a separator of the regex's class, or one that
        // folds to a token's first letter ('ſ', and the Kelvin sign, to be safe); others
        // ("※", quotes) cannot open a chrome line (see `may_open_end_line`)
        Some(&f) if !f.is_ascii() => s.chars().next().is_some_and(|c| {
            c.is_whitespace() || matches!(c, '【' | '】' | '〖' | '〗' | '·' | '•' | 'ſ' | 'K')
        }),
        // `a`, `a+`, `a-`: then `+`, `-`, a separator (ASCII whitespace, `[`, `]`, `|`,
        // `/`, or a non-ASCII one) or the end ("Assistant", "After", "A:" cannot match)
        Some(&f) if f | 0x20 == b'a' => b.get(1).is_none_or(|&n| {
            !n.is_ascii()
                || matches!(
                    n,
                    b'+' | b'-' | b'\t'..=b'\r' | b' ' | b'[' | b']' | b'|' | b'/'
                )
        }),
        Some(&f) if f.is_ascii_alphabetic() => match b.get(..3) {
            Some(p) if p.is_ascii() => CHROME_PREFIXES.contains(&lower3(p)),
            _ => true,
        },
        _ => true,
    }
}

/// The first three bytes of the chrome tokens of [`FURNITURE_LINE_RE`] that start with a
/// letter other than 'a', lower-cased.
const CHROME_PREFIXES: &[[u8; 3]] = &[
    *b"fon", *b"tex", *b"siz", *b"pri", *b"sha", *b"e-m", *b"ema", *b"twe", *b"bac", *b"top",
    *b"clo", *b"boo", *b"fac", *b"twi", *b"lin", *b"wha", *b"wec", *b"wei", *b"sma", *b"med",
    *b"lar",
];

/// First bytes of [`END_LINE_RE`]: `###`, `***`, `-30-`, `-- ends --`, `(ends)`, `end`.
const END_LINE_FIRSTS: u128 = byte_set(b"#*-(e");
/// First bytes of [`LABEL_RE`]: last, updated, date(d), published/posted/publication,
/// release(d), issued.
const LABEL_FIRSTS: u128 = byte_set(b"ludpri");
/// First bytes of [`SECTION_SEG_RE`]: for/immediate/issued, briefing, press, news.
const SECTION_SEG_FIRSTS: u128 = byte_set(b"fibpn");
/// First bytes of [`TIME_SEG_RE`]: ASCII digits.
const TIME_SEG_FIRSTS: u128 = byte_set(b"0123456789");

/// [`LABEL_RE`] on `line`: the end of its match and whether its colon group took part. Not
/// run when no label can open the line, read by hand ([`label_hand`]) unless unsure.
fn label_captures(line: &str) -> Option<(usize, bool)> {
    if !may_open(line, LABEL_FIRSTS) {
        return None;
    }
    label_hand(line).unwrap_or_else(|Unsure| {
        let m = LABEL_RE.captures(line)?;
        Some((m.get(0)?.end(), m.name("colon").is_some()))
    })
}

/// A line that can only be a dateline/source line: a labelled date or a date alone.
fn is_strong_meta(text: &str, t: Span, dc: &mut Dates) -> bool {
    let c = capped(text, t);
    let line = &text[c.0..c.1];
    if let Some((end, colon)) = label_captures(line) {
        if colon {
            return dc.first(text, (c.0 + end, c.1), false).is_some();
        }
        return date_at(text, (c.0 + end, c.1), dc).is_some();
    }
    date_only_line(text, c, dc)
}

/// The line is a date, maybe with a time, and nothing else of substance.
fn date_only_line(text: &str, c: Span, dc: &mut Dates) -> bool {
    // The first date starts at `c.0` only if the scan's first match does.
    if !may_start_date(text.as_bytes().get(c.0..c.1).unwrap_or_default()) {
        return false;
    }
    match dc.first(text, c, false) {
        Some(d) if d.span.0 == c.0 => {
            let rest = &text[d.span.1..c.1];
            rest.chars().all(|ch| {
                ch.is_ascii_digit()
                    || ch.is_whitespace()
                    || matches!(ch, ':' | '.' | ',' | 'T' | '-' | '(' | ')')
            }) || rest.len() <= 12 && is_time_seg(rest.trim())
        }
        _ => false,
    }
}

/// Try a line as a dateline/source line; gather what it says. False if it is not one.
fn meta_line(text: &str, t: Span, acc: &mut Acc, dc: &mut Dates) -> bool {
    let c = capped(text, t);
    let line = &text[c.0..c.1];
    let label = label_captures(line).and_then(|(end, colon)| {
        let ok = colon || date_at(text, (c.0 + end, c.1), dc).is_some();
        ok.then(|| trim_span(text, c.0, c.0 + end))
    });
    let marks = marks(line.as_bytes());
    // SOURCE_RE ends in a colon: a line without one has no match.
    let source = if marks.colon {
        SOURCE_RE.find_iter(line).find(|m| {
            !line[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        })
    } else {
        None
    };
    let has_pipe = marks.pipe;
    // The `|` segments, split once for both the test and the gathering.
    let segs = if has_pipe {
        segments(text, c)
    } else {
        Vec::new()
    };
    let immediate = line
        .get(..21)
        .is_some_and(|p| p.eq_ignore_ascii_case("for immediate release"));
    let is_meta = label.is_some()
        || source.is_some()
        || immediate
        || (has_pipe && pipe_is_meta(text, &segs, dc))
        || date_only_line(text, c, dc);
    if !is_meta {
        return false;
    }
    // Only a header line needs its chrome fragments: most lines tried here are body lines.
    let frags: Vec<Span> = if may_hold_frag(line) {
        FURNITURE_FRAG_RE
            .find_iter(line)
            .map(|m| (c.0 + m.start(), c.0 + m.end()))
            .collect()
    } else {
        Vec::new()
    };
    acc.furniture.extend(frags.iter().copied());
    if let Some(l) = label {
        acc.furniture.push(l);
    }

    if has_pipe {
        pipe_line(text, &segs, &frags, acc, dc);
    } else {
        if immediate {
            acc.furniture.push((c.0, c.0 + 21));
        }
        if let Some(d) = best_date(text, c, dc) {
            acc.date(d);
            ends_prefix(text, (c.0, d.span.0), acc);
        }
    }

    if let Some(m) = source {
        let label_span = trim_span(text, c.0 + m.start(), c.0 + m.end());
        acc.furniture.push(label_span);
        let s = c.0 + m.end();
        let mut e = c.1;
        let rest = &text[s..e];
        if let Some(k) = rest.find(['|', '｜', '【', '[']) {
            e = s + k;
        }
        // NEXT_LABEL_RE ends in a colon too.
        if has_colon(&text[s..e]) {
            if let Some(m2) = NEXT_LABEL_RE.find(&text[s..e]) {
                e = s + m2.start();
            }
        }
        if let Some(f) = frags.iter().find(|f| f.0 >= s && f.0 < e) {
            e = f.0;
        }
        if let Some(d) = dc.first(text, (s, e), false) {
            e = d.span.0;
        }
        if let Some(span) = clean_issuer(text, (s, e), acc) {
            acc.issuer(span, 3);
        }
    }
    true
}

/// A `|` line is a source line when a segment holds a date or every segment is short.
fn pipe_is_meta(text: &str, segs: &[Span], dc: &mut Dates) -> bool {
    segs.iter().any(|&s| dc.first(text, s, false).is_some())
        || segs.iter().all(|s| s.1 - s.0 <= 120)
}

/// The trimmed `|`/`｜` segments of the line `c`.
fn segments(text: &str, c: Span) -> Vec<Span> {
    // Found bytewise: neither '|' nor the lead byte of '｜' (EF BD 9C) occurs inside
    // another char's encoding, so no char needs decoding.
    const WIDE: &[u8] = "｜".as_bytes();
    let bytes = &text.as_bytes()[..c.1];
    let mut out = Vec::new();
    let mut s = c.0;
    for k in memchr::memchr2_iter(b'|', 0xEF, &bytes[c.0..]).map(|k| c.0 + k) {
        let len = match bytes[k] {
            b'|' => 1,
            _ if bytes[k..].starts_with(WIDE) => WIDE.len(),
            _ => continue,
        };
        out.push(trim_span(text, s, k));
        s = k + len;
    }
    out.push(trim_span(text, s, c.1));
    out
}

fn pipe_line(text: &str, segs: &[Span], frags: &[Span], acc: &mut Acc, dc: &mut Dates) {
    let mut issuer: Option<Span> = None;
    for &seg in segs {
        if seg.0 >= seg.1 {
            continue;
        }
        let s = &text[seg.0..seg.1];
        if may_open(s, SECTION_SEG_FIRSTS) && is_section_seg(s) {
            acc.furniture.push(seg);
            continue;
        }
        if let Some(d) = best_date(text, seg, dc) {
            acc.date(d);
            ends_prefix(text, (seg.0, d.span.0), acc);
            continue;
        }
        if may_open(s, TIME_SEG_FIRSTS) && is_time_seg(s) {
            continue;
        }
        // Cut a trailing chrome fragment off the segment.
        let mut e = seg.1;
        if let Some(f) = frags.iter().find(|f| f.0 >= seg.0 && f.0 < e) {
            e = f.0;
        }
        let t = trim_span(text, seg.0, e);
        if t.0 < t.1 {
            issuer = Some(t);
        }
    }
    if let Some(seg) = issuer {
        if let Some(span) = clean_issuer(text, seg, acc) {
            acc.issuer(span, 2);
        }
    }
}

/// `Ends/` before a date is furniture.
fn ends_prefix(text: &str, before: Span, acc: &mut Acc) {
    // ENDS_PREFIX_RE ends in '/': no slash, no match.
    if before.0 < before.1 && holds(&text.as_bytes()[before.0..before.1], "/") {
        let hay = &text[before.0..before.1];
        let m = if hay.is_ascii() {
            ends_prefix_hand(hay.as_bytes())
        } else {
            ENDS_PREFIX_RE.find(hay).map(|m| (m.start(), m.end()))
        };
        if let Some((ms, me)) = m {
            acc.furniture.push((before.0 + ms, before.0 + me));
        }
    }
}

/// Trim an issuer: section suffix (-> furniture), leading article, trailing punctuation.
fn clean_issuer(text: &str, span: Span, acc: &mut Acc) -> Option<Span> {
    let (mut s, mut e) = trim_span(text, span.0, span.1);
    // SECTION_SUFFIX_RE needs one of its dashes and ARTICLE_RE a leading "The|THE|the":
    // spans without them have no match, so the regexes are not run on them.
    if has_dash(&text.as_bytes()[s..e]) {
        let hay = &text[s..e];
        let m = if hay.is_ascii() {
            section_suffix_hand(hay)
        } else {
            SECTION_SUFFIX_RE.find(hay).map(|m| m.start())
        };
        if let Some(ms) = m {
            let suffix = trim_span(text, s + ms, e);
            acc.furniture.push(suffix);
            e = s + ms;
        }
    }
    let head = text.as_bytes()[s..e].get(..3);
    if matches!(head, Some(b"The" | b"THE" | b"the")) {
        // `^(?:The|THE|the)\s+\p{Lu}` by hand up to the capital (an ASCII one is all that
        // is ever cut to); a non-ASCII char there is left to the regex.
        let hay = &text[s..e];
        let q = ws_run(hay, 3);
        match hay.as_bytes().get(q) {
            Some(c) if q > 3 && c.is_ascii_uppercase() => s += q,
            Some(&c) if q > 3 && c >= 0x80 => {
                if let Some(m) = ARTICLE_RE.find(hay) {
                    let last = m.as_str().chars().next_back().map_or(0, char::len_utf8);
                    s += m.end() - last;
                }
            }
            _ => {}
        }
    }
    let trimmed = text[s..e].trim_end_matches(|ch: char| is_trim_char(ch) || ",;:-–—".contains(ch));
    e = s + trimmed.len();
    let (s, e) = trim_span(text, s, e);
    let name = &text[s..e];
    if s >= e || e - s > 200 || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    Some((s, e))
}

/// A wire dateline at the start of a body line.
fn dateline(text: &str, t: Span, acc: &mut Acc, dc: &mut Dates) -> bool {
    let c = capped(text, t);
    let line = &text[c.0..c.1];
    if !may_open_dateline(line.as_bytes()) {
        return false;
    }
    let Some(m) = DATELINE_RE.captures(line) else {
        return false;
    };
    let Some(place) = m.name("place") else {
        return false;
    };
    let place_str = place.as_str().trim_end_matches(['.', '-', '\'']);
    if place_str.chars().filter(char::is_ascii_uppercase).count() < 2
        || place_str.len() > 40
        || MONTH_ONLY_RE.is_match(place_str)
    {
        return false;
    }
    let agency = m.name("agency");
    if agency.is_none() && m.name("sep").is_none() {
        return false;
    }
    acc.place = Some((c.0 + place.start(), c.0 + place.start() + place_str.len()));
    if let Some(a) = agency {
        let span = trim_span(text, c.0 + a.start(), c.0 + a.end());
        if span.0 < span.1 {
            acc.agency = Some(span);
            acc.issuer(span, 0);
        }
    }
    if let Some(d) = m.name("date") {
        if let Some(hit) = dc.first(text, (c.0 + d.start(), c.0 + d.end()), false) {
            acc.date(hit);
        }
    }
    true
}

/// False when [`DATELINE_RE`] cannot match `line`. It is anchored and opens with `[A-Z]`,
/// after which comes more of the place name (`[A-Z'.\-]`), a space or tab (next word,
/// before the agency or the separator), `,` (region, date), `(` (agency) or the separator
/// (`-`, `_`, `—`, `–`; the last two are non-ASCII, which is let through). Most body
/// lines open with a capitalised word, whose second letter is lower case.
fn may_open_dateline(line: &[u8]) -> bool {
    line.first().is_some_and(u8::is_ascii_uppercase)
        && line.get(1).is_some_and(|&b| {
            b.is_ascii_uppercase()
                || !b.is_ascii()
                || matches!(b, b'\'' | b'.' | b'-' | b' ' | b'\t' | b',' | b'(' | b'_')
        })
}

static MONTH_ONLY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{MONTH}\.?$")).expect("month regex"));

/// "Following is the text of a Press Note issued in New Delhi on Oct 24, 1997 ...".
fn sentence_header(text: &str, t: Span, acc: &mut Acc, dc: &mut Dates) -> bool {
    let c = capped(text, t);
    let line = &text[c.0..c.1];
    let cue = SENTENCE_CUE_RE.is_match(line);
    if !(cue || t.1 - t.0 <= 120) {
        return false;
    }
    let Some(d) = dc.first(text, c, true) else {
        return false;
    };
    acc.date(d);
    if cue {
        if let Some(m) = issued_by(line) {
            if let Some(span) = clean_issuer(text, (c.0 + m.start, c.0 + m.end), acc) {
                acc.issuer(span, 1);
            }
        }
        if let Some(m) = issued_in(line) {
            if acc.place.is_none() {
                acc.place = Some((c.0 + m.start, c.0 + m.end));
            }
        }
    }
    true
}

/// Full-line furniture among the last lines of the text.
fn tail_furniture(text: &str, origin: usize, acc: &mut Acc) {
    let from = ceil_boundary(text, text.len().saturating_sub(TAIL_BYTES).max(origin));
    // Start at a line start so a cut line is not mistaken for a whole one.
    let from = if from == origin || text.as_bytes().get(from.wrapping_sub(1)) == Some(&b'\n') {
        from
    } else {
        match find_nl(&text.as_bytes()[from..]) {
            Some(k) => from + k + 1,
            None => return,
        }
    };
    // The last TAIL_LINES non-empty lines of `text[from..]`, found from the end so the rest
    // of the tail is not split and trimmed. A line's "\r" needs no special case: trimming
    // removes it anyway.
    let mut last = [(0, 0); TAIL_LINES];
    let mut n = 0;
    let mut end = text.len();
    while n < TAIL_LINES && end >= from {
        // An empty line (most paragraphs are set apart by one) needs no search.
        if end > from && text.as_bytes()[end - 1] == b'\n' {
            end -= 1;
            continue;
        }
        let start = match rfind_nl(&text.as_bytes()[from..end]) {
            Some(k) => from + k + 1,
            None => from,
        };
        let t = trim_span(text, start, end);
        if t.0 < t.1 {
            last[n] = t;
            n += 1;
        }
        if start == from {
            break;
        }
        end = start - 1;
    }
    for &t in last[..n].iter().rev() {
        if is_furniture_line(text, t) {
            acc.furniture.push(t);
        }
    }
}

/// First date in `c`: the first full one if any, else the first month/day one.
fn best_date(text: &str, c: Span, dc: &mut Dates) -> Option<DateHit> {
    dc.first(text, c, true).or_else(|| dc.first(text, c, false))
}

/// A date starting exactly at `c.0` (after spaces).
fn date_at(text: &str, c: Span, dc: &mut Dates) -> Option<DateHit> {
    let t = trim_span(text, c.0, c.1);
    dc.first(text, t, false).filter(|d| d.span.0 == t.0)
}

/// First valid date in `c` (only full dates when `full_only`), without a memo.
#[cfg(test)]
fn first_date(text: &str, c: Span, full_only: bool) -> Option<DateHit> {
    Dates::default().first(text, c, full_only)
}

/// Memo of the [`DATE_RE`] scans of one article. The header code asks for the first date
/// of the same span several times (a line is tried as a strong meta line, a date-only line
/// and then for its best date, which asks for a full date and then for any date), and a
/// scan is the costly part of header parsing. A scan is resumable: it stops at the first
/// hit, and a later request for a full date goes on from there. The scan is the loop of
/// the original `first_date` (each attempt starts one character after the previous match
/// start, whether or not that match was a hit), so the first hit it meets is the first
/// date and the first full hit is the first full date, exactly as a fresh scan finds them.
struct Dates {
    scans: Vec<DateScan>,
}

impl Default for Dates {
    fn default() -> Self {
        // An article's header asks about a handful of spans (its lines and their `|`
        // segments): room for them at once rather than growing by doubling.
        Dates {
            scans: Vec::with_capacity(8),
        }
    }
}

struct DateScan {
    /// The capped span scanned.
    c: Span,
    /// Where the next attempt starts (relative to `c.0`).
    pos: usize,
    any: Option<DateHit>,
    full: Option<DateHit>,
    /// [`DATE_NARROW_RE`] may stand in for [`DATE_RE`] on the span (see [`narrow_ok`]).
    narrow: bool,
    /// Nothing more to find: the scan ran out, or a full date was found (any date is then
    /// known too, as it cannot come later than the first full one).
    done: bool,
}

impl Dates {
    /// First valid date in `c` (only full dates when `full_only`).
    fn first(&mut self, text: &str, c: Span, full_only: bool) -> Option<DateHit> {
        let c = capped(text, c);
        if c.0 >= c.1 {
            return None;
        }
        let k = match self.scans.iter().position(|s| s.c == c) {
            Some(k) => k,
            None => {
                let hay = &text.as_bytes()[c.0..c.1];
                let done = !may_hold_date(hay);
                self.scans.push(DateScan {
                    c,
                    pos: 0,
                    any: None,
                    full: None,
                    narrow: !done && narrow_ok(&text[c.0..c.1]),
                    done,
                });
                self.scans.len() - 1
            }
        };
        let scan = &mut self.scans[k];
        loop {
            let found = if full_only { scan.full } else { scan.any };
            if found.is_some() || scan.done {
                return found;
            }
            scan.step(text);
        }
    }
}

impl DateScan {
    /// One attempt of the scan: the next match of [`DATE_RE`] and whether it is a date.
    fn step(&mut self, text: &str) {
        let c = self.c;
        let hay = &text[c.0..c.1];
        let bytes = hay.as_bytes();
        if self.pos >= hay.len() {
            self.done = true;
            return;
        }
        // (start, end, date) of the next match.
        let (start, end, ymd) = match first_fast(hay, self.pos) {
            Some(m) => m,
            None => {
                let re: &Regex = if self.narrow {
                    &DATE_NARROW_RE
                } else {
                    &DATE_RE
                };
                let Some(caps) = re.captures_at(hay, self.pos) else {
                    self.done = true;
                    return;
                };
                let Some(whole) = caps.get(0) else {
                    self.done = true;
                    return;
                };
                (whole.start(), whole.end(), ymd_of(&caps))
            }
        };
        self.pos = ceil_boundary(hay, start + 1);
        let prev_digit = start > 0 && bytes[start - 1].is_ascii_digit();
        let next_digit = bytes.get(end).is_some_and(u8::is_ascii_digit);
        if prev_digit || next_digit {
            return;
        }
        if let Some((year, month, day)) = ymd {
            let hit = DateHit {
                span: (c.0 + start, c.0 + end),
                year,
                month,
                day,
            };
            if self.any.is_none() {
                self.any = Some(hit);
            }
            if year.is_some() {
                self.full = Some(hit);
                self.done = true;
            }
        }
    }
}

/// The match of [`DATE_RE`] (and [`DATE_NARROW_RE`]) searched from `pos` when `hay` holds
/// an ASCII ISO date `YYYY-M[M]-D[D]` (or with `/`, `.`) right there, as `(start, end,
/// date)`; `None` leaves the search to the regex. Dated header lines mostly open with such
/// a date, and the regex's capture search costs far more than reading it. A match at
/// `pos` is the leftmost one, and the first alternative (the ISO one) is preferred there,
/// with its greedy `\d{1,2}` taking two digits when there are two. A one-digit day
/// followed by a non-ASCII char is left to the regex, whose Unicode `\d` might go on.
fn iso_at(hay: &[u8], pos: usize) -> Option<(usize, usize, Option<Ymd>)> {
    let is_sep = |b: u8| matches!(b, b'-' | b'/' | b'.');
    // Up to two ASCII digits at `k`: (value, end).
    let num2 = |k: usize| -> Option<(u32, usize)> {
        let d0 = *hay.get(k).filter(|b| b.is_ascii_digit())?;
        match hay.get(k + 1) {
            Some(&d1) if d1.is_ascii_digit() => {
                Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), k + 2))
            }
            _ => Some((u32::from(d0 - b'0'), k + 1)),
        }
    };
    let y = hay.get(pos..pos + 4)?;
    if !y.iter().all(u8::is_ascii_digit) || !is_sep(*hay.get(pos + 4)?) {
        return None;
    }
    let y = y.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    let (m, k) = num2(pos + 5)?;
    if !is_sep(*hay.get(k)?) {
        return None;
    }
    let (d, end) = num2(k + 1)?;
    if end == k + 2 && hay.get(end).is_some_and(|b| !b.is_ascii()) {
        return None;
    }
    Some((pos, end, full(y, Some(m), Some(d))))
}

/// The match of [`DATE_RE`] (and [`DATE_NARROW_RE`]) searched from `pos` when the first
/// place from `pos` where a match can start opens an ISO date ([`iso_at`]), a month-first
/// date ([`month_at`]) or a day-first one ([`day_at`]); `None` leaves the search to the
/// regex. A match starts with a digit (`\d`), or with a month or weekday name after a
/// `\b`, and every such name opens with its three-letter abbreviation; the text up to that
/// place is ASCII (at a non-ASCII char, which may be a Unicode digit or fold to a name's
/// letter, the regex decides). Header
/// lines mostly hold their date after a label ("Posted on May 3, 2024", "Published:
/// 2021-11-23", "Date: 22 February 2023"), where the regex's capture search cost far more
/// than this scan (on the sample: capture searches 57 -> 9, `parse_header` 6.37M -> 5.26M
/// instructions).
fn first_fast(hay: &str, pos: usize) -> Option<(usize, usize, Option<Ymd>)> {
    let b = hay.as_bytes();
    let mut q = pos;
    while let Some(&c) = b.get(q) {
        if c.is_ascii_digit() {
            return iso_at(b, q).or_else(|| day_at(hay, q));
        }
        if !c.is_ascii() {
            return None;
        }
        if c.is_ascii_alphabetic() {
            let word_start = q == pos || !(b[q - 1].is_ascii_alphanumeric() || b[q - 1] == b'_');
            let named = b
                .get(q..q + 3)
                .is_some_and(|w| is_month_abbrev(w) || is_weekday_abbrev(w));
            if word_start && named {
                return month_at(hay, q);
            }
            // The letters after this one start no word: step over them in a tight loop
            // (header sentence lines are long; a digit after them is looked at as above).
            // `parse_header` on 6,210 articles: `Dates::first` 19.4M -> 15.9M.
            q += 1;
            while b.get(q).is_some_and(u8::is_ascii_alphabetic) {
                q += 1;
            }
            continue;
        }
        q += 1;
    }
    None
}

#[rustfmt::skip]
const MONTH_NAMES: &[&str] = &[
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun",
    "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october",
    "nov", "november", "dec", "december",
];
#[rustfmt::skip]
const WEEKDAY_NAMES: &[&str] = &[
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
];

/// Whether `b[k]` is an ASCII word char (`\w`); `None` for a non-ASCII byte (left to the
/// regex), `Some(false)` at the end.
fn ascii_word(b: &[u8], k: usize) -> Option<bool> {
    match b.get(k) {
        Some(&c) if c.is_ascii() => Some(c.is_ascii_alphanumeric() || c == b'_'),
        Some(_) => None,
        None => Some(false),
    }
}

/// The end of the ASCII letters at `k` when they are a whole word of `names` (any case)
/// followed by a `\b`.
fn name_end(b: &[u8], k: usize, names: &[&str]) -> Option<usize> {
    let len = b[k..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let w = &b[k..k + len];
    let known = names.iter().any(|n| n.as_bytes().eq_ignore_ascii_case(w));
    (known && !ascii_word(b, k + len)?).then_some(k + len)
}

/// The end of the ASCII whitespace from `k` (`None` at a non-ASCII byte, which may be
/// `\s`).
fn ascii_spaces(b: &[u8], mut k: usize) -> Option<usize> {
    while let Some(&c) = b.get(k) {
        if !c.is_ascii() {
            return None;
        }
        if !matches!(c, b'\t'..=b'\r' | b' ') {
            break;
        }
        k += 1;
    }
    Some(k)
}

/// The value of `n` ASCII digits at `k` (`Some(None)`: not there; `None`: a non-ASCII
/// byte, which may be a Unicode `\d`, among them).
fn ascii_digits(b: &[u8], k: usize, n: usize) -> Option<Option<u32>> {
    let mut v = 0;
    for i in k..k + n {
        match b.get(i) {
            Some(c) if c.is_ascii_digit() => v = v * 10 + u32::from(c - b'0'),
            Some(c) if !c.is_ascii() => return None,
            _ => return Some(None),
        }
    }
    Some(Some(v))
}

/// After a date's day or month ending at `end`: the optional `(?:,\s*|\s+)YYYY`, taken
/// when it is there, as `(year, end)`.
fn year_after(b: &[u8], end: usize) -> Option<(Option<u32>, usize)> {
    let sep_end = if b.get(end) == Some(&b',') {
        Some(ascii_spaces(b, end + 1)?)
    } else {
        let k = ascii_spaces(b, end)?;
        (k > end).then_some(k)
    };
    if let Some(y_at) = sep_end {
        if let Some(y) = ascii_digits(b, y_at, 4)? {
            return Some((Some(y), y_at + 4));
        }
    }
    Some((None, end))
}

/// The match of [`DATE_RE`] (and [`DATE_NARROW_RE`]) searched from `pos` when `hay` holds a
/// month-first date (`[Weekday[.][,] ]Month[.] D[st|nd|rd|th][, YYYY| YYYY]`, the second
/// alternative) right there, as `(start, end, date)`; `None` leaves the search to the
/// regex. Such a match is the leftmost one, and no other alternative can match at a letter
/// that opens a month or weekday name (the others open with a digit, or with a weekday and
/// then a day). Each optional part is taken when it is there, as the regex's greedy parts
/// are, since nothing after them can fail. Wherever a non-ASCII char would decide a `\b`,
/// `\s` or `\d` (on which the two regexes differ, or which need decoding) the regex is
/// left to decide; the day and year are ASCII digits.
fn month_at(hay: &str, pos: usize) -> Option<(usize, usize, Option<Ymd>)> {
    let b = hay.as_bytes();
    if pos > 0 && ascii_word(b, pos - 1)? {
        // no `\b` before the name
        return None;
    }
    if !b.get(pos)?.is_ascii_alphabetic() {
        return None;
    }
    // `[Weekday[.][,] ]`: then the month must follow, or the regex decides (the day-first
    // alternative may match).
    let mut k = pos;
    if let Some(e) = name_end(b, pos, WEEKDAY_NAMES) {
        k = e + usize::from(b.get(e) == Some(&b'.'));
        k += usize::from(b.get(k) == Some(&b','));
        let after = ascii_spaces(b, k)?;
        if after == k {
            return None;
        }
        k = after;
    }
    let m_start = k;
    let m_end = name_end(b, k, MONTH_NAMES)?;
    k = m_end + usize::from(b.get(m_end) == Some(&b'.'));
    k = ascii_spaces(b, k)?;
    // the day: one or two digits
    let d1 = ascii_digits(b, k, 1)??;
    let (day, mut end) = match ascii_digits(b, k + 1, 1)? {
        Some(d2) => (d1 * 10 + d2, k + 2),
        None => (d1, k + 1),
    };
    if matches!(b.get(end..end + 2), Some(b"st" | b"nd" | b"rd" | b"th")) {
        end += 2;
    }
    let (year, end) = year_after(b, end)?;
    let ymd = month_date(&hay[m_start..m_end], Some(day), year);
    Some((pos, end, ymd))
}

/// As [`month_at`] for a day-first date (`D[st|nd|rd|th] [of ]Month[.][, YYYY| YYYY]`, the
/// third alternative, without a weekday) at `pos`. The day is one or two ASCII digits
/// followed by an ASCII non-digit, so the first alternative (four digits first) cannot
/// match there; when the third fails, the fourth (`D/M/YYYY`) may, and the regex decides.
fn day_at(hay: &str, pos: usize) -> Option<(usize, usize, Option<Ymd>)> {
    let b = hay.as_bytes();
    let d1 = ascii_digits(b, pos, 1)??;
    let (day, mut k) = match ascii_digits(b, pos + 1, 1)? {
        Some(d2) => (d1 * 10 + d2, pos + 2),
        None => (d1, pos + 1),
    };
    if !b
        .get(k)
        .is_some_and(|c| c.is_ascii() && !c.is_ascii_digit())
    {
        return None;
    }
    if matches!(b.get(k..k + 2), Some(b"st" | b"nd" | b"rd" | b"th")) {
        k += 2;
    }
    let after = ascii_spaces(b, k)?;
    if after == k {
        return None;
    }
    k = after;
    if b.get(k..k + 2) == Some(b"of") {
        let after = ascii_spaces(b, k + 2)?;
        if after > k + 2 {
            k = after;
        }
    }
    let m_start = k;
    let m_end = name_end(b, k, MONTH_NAMES)?;
    let end = m_end + usize::from(b.get(m_end) == Some(&b'.'));
    let (year, end) = year_after(b, end)?;
    let ymd = month_date(&hay[m_start..m_end], Some(day), year);
    Some((pos, end, ymd))
}

/// False when no match of [`DATE_RE`] in `hay` can be a date, so the regex need not run.
/// A date needs its numbers to parse as `u32`, which takes ASCII digits only, so it holds
/// either "digits [-/.] digits [-/.] digit" in ASCII (the two all-numeric forms) or an
/// ASCII digit and a month name. Month names match case-insensitively; the only non-ASCII
/// characters that fold to ASCII letters are 'ſ' (s) and the Kelvin sign (k, in no month
/// name), so a month name is an ASCII one in any case, or holds 'ſ' (U+017F, bytes C5 BF).
fn may_hold_date(hay: &[u8]) -> bool {
    let is_sep = |b: u8| matches!(b, b'-' | b'/' | b'.');
    let n = hay.len();
    let mut digit = false;
    let mut i = 0;
    while i < n {
        if !hay[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        digit = true;
        // A run of digits, then "sep digits sep digit"?
        while i < n && hay[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < n && is_sep(hay[i]) && hay[i + 1].is_ascii_digit() {
            let mut j = i + 1;
            while j < n && hay[j].is_ascii_digit() {
                j += 1;
            }
            if j + 1 < n && is_sep(hay[j]) && hay[j + 1].is_ascii_digit() {
                return true;
            }
        }
    }
    if !digit {
        return false;
    }
    hay.windows(2).any(|w| w == [0xC5, 0xBF]) || hay.windows(3).any(is_month_abbrev)
}

/// The first three bytes of `w`, ASCII lower-cased.
fn lower3(w: &[u8]) -> [u8; 3] {
    [
        w[0].to_ascii_lowercase(),
        w[1].to_ascii_lowercase(),
        w[2].to_ascii_lowercase(),
    ]
}

/// The first three letters of a month name, in any case (`w` has three bytes).
fn is_month_abbrev(w: &[u8]) -> bool {
    matches!(
        lower3(w),
        [b'j', b'a', b'n']
            | [b'f', b'e', b'b']
            | [b'm', b'a', b'r']
            | [b'a', b'p', b'r']
            | [b'm', b'a', b'y']
            | [b'j', b'u', b'n']
            | [b'j', b'u', b'l']
            | [b'a', b'u', b'g']
            | [b's', b'e', b'p']
            | [b'o', b'c', b't']
            | [b'n', b'o', b'v']
            | [b'd', b'e', b'c']
    )
}

/// The first three letters of a weekday name, in any case (`w` has three bytes).
fn is_weekday_abbrev(w: &[u8]) -> bool {
    matches!(
        lower3(w),
        [b'm', b'o', b'n']
            | [b't', b'u', b'e']
            | [b'w', b'e', b'd']
            | [b't', b'h', b'u']
            | [b'f', b'r', b'i']
            | [b's', b'a', b't']
            | [b's', b'u', b'n']
    )
}

/// False when no match of [`DATE_RE`] (or [`DATE_NARROW_RE`]) can start at the beginning
/// of `hay`. Every match starts with `\d` (an ASCII digit or a non-ASCII one) or with a
/// weekday or month name, and every such name starts with its three-letter abbreviation,
/// matched case-insensitively; the only non-ASCII characters that fold to ASCII letters
/// are 'ſ' (s) and the Kelvin sign (k, in no name). So a start that is all ASCII, not a
/// digit, and no such abbreviation rules a match out.
fn may_start_date(hay: &[u8]) -> bool {
    let Some(&first) = hay.first() else {
        return false;
    };
    if !first.is_ascii() || first.is_ascii_digit() {
        return true;
    }
    let Some(w) = hay.get(..3) else {
        return false;
    };
    if !w.is_ascii() {
        return true;
    }
    is_month_abbrev(w) || is_weekday_abbrev(w)
}

/// True when `b` holds '-', '–' or '—' (E2 80 93, E2 80 94), found bytewise in one pass.
fn has_dash(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'-', 0xE2, b)
        .any(|k| b[k] == b'-' || matches!(b.get(k + 1..k + 3), Some([0x80, 0x93 | 0x94])))
}

/// What [`marks`] finds in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marks {
    /// `|` or `｜` (EF BD 9C)
    pipe: bool,
    /// `:` or `：` (EF BC 9A)
    colon: bool,
}

/// Whether `b` holds a pipe and a colon, ASCII or fullwidth: one `memchr3` pass for `|`,
/// `:` and the fullwidth chars' lead byte, instead of four searches of the line (most
/// lines tried as header lines hold neither).
fn marks(b: &[u8]) -> Marks {
    let mut m = Marks {
        pipe: false,
        colon: false,
    };
    for k in memchr::memchr3_iter(b'|', b':', 0xEF, b) {
        match (b[k], b.get(k + 1..k + 3)) {
            (b'|', _) | (_, Some([0xBD, 0x9C])) => m.pipe = true,
            (b':', _) | (_, Some([0xBC, 0x9A])) => m.colon = true,
            _ => {}
        }
        if m.pipe && m.colon {
            break;
        }
    }
    m
}

/// True when `b` holds the bytes of `pat` (a whole char: its first byte starts no char
/// inside another's encoding). Found with the `memchr` crate (SIMD), which costs less on
/// a line of some length than the standard library's byte search and its char searches.
fn holds(b: &[u8], pat: &str) -> bool {
    let pat = pat.as_bytes();
    match pat {
        [] => true,
        [one] => memchr::memchr(*one, b).is_some(),
        [first, ..] => memchr::memchr_iter(*first, b).any(|k| b[k..].starts_with(pat)),
    }
}

/// True when `line` holds a colon (ASCII or fullwidth).
fn has_colon(line: &str) -> bool {
    // Two single-char searches; a search for either char decodes every char.
    holds(line.as_bytes(), ":") || holds(line.as_bytes(), "：")
}

/// False when [`FURNITURE_FRAG_RE`] has no match in `line`: its first branch needs '【', its
/// second a colon (`[:：]`) followed by whitespace (`\s*`, which is `char::is_whitespace`)
/// and an 'a' (`(?i)a` matches 'a' and 'A' only): "Fonts: A+ A A-". Looking after each
/// colon (found by `memchr`) costs less than looking for "font" or "size" byte by byte, and
/// most header lines have no colon or only that of a time ("18:46").
fn may_hold_frag(line: &str) -> bool {
    // One pass for ':', and the lead bytes of '：' (EF BC 9A) and '【' (E3 80 90).
    let b = line.as_bytes();
    memchr::memchr3_iter(b':', 0xEF, 0xE3, b).any(|k| {
        let colon = match (b[k], b.get(k + 1..k + 3)) {
            (b':', _) => 1,
            (0xEF, Some([0xBC, 0x9A])) => 3,
            (0xE3, Some([0x80, 0x90])) => return true,
            _ => return false,
        };
        let rest = line[k + colon..].trim_start_matches(char::is_whitespace);
        // `| 0x20` maps exactly 'a' and 'A' to 'a'
        rest.as_bytes().first().is_some_and(|&c| c | 0x20 == b'a')
    })
}

type Ymd = (Option<i32>, u32, u32);

/// The date a match of `DATE_RE` denotes, by which of its alternatives matched.
fn ymd_of(caps: &regex::Captures) -> Option<Ymd> {
    // Groups by index (see [`DATE_GROUPS`]): a lookup by name hashes the name every time.
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(y) = num(G_IY) {
        full(y, num(G_IM), num(G_ID))
    } else if let Some(m) = caps.get(G_MM) {
        month_date(m.as_str(), num(G_MD), num(G_MY))
    } else if let Some(m) = caps.get(G_DM) {
        month_date(m.as_str(), num(G_DD), num(G_DY))
    } else if let Some(y) = num(G_NY) {
        numeric(num(G_N1), num(G_N2), y, caps.get(G_NS).map(|m| m.as_str()))
    } else {
        None
    }
}

/// The named groups of [`DATE_RE`] and [`DATE_NARROW_RE`] in the order of their indices
/// (1, 2, ...), checked by a unit test.
#[cfg(test)]
const DATE_GROUPS: [&str; 15] = [
    "iy", "im", "id", "mwd", "mm", "md", "my", "dwd", "dd", "dm", "dy", "n1", "ns", "n2", "ny",
];
const G_IY: usize = 1;
const G_IM: usize = 2;
const G_ID: usize = 3;
const G_MM: usize = 5;
const G_MD: usize = 6;
const G_MY: usize = 7;
const G_DD: usize = 9;
const G_DM: usize = 10;
const G_DY: usize = 11;
const G_N1: usize = 12;
const G_NS: usize = 13;
const G_N2: usize = 14;
const G_NY: usize = 15;

fn full(y: u32, m: Option<u32>, d: Option<u32>) -> Option<Ymd> {
    let (m, d) = (m?, d?);
    let y = i32::try_from(y).ok()?;
    ((1800..=2199).contains(&y) && valid(Some(y), m, d)).then_some((Some(y), m, d))
}

fn month_date(name: &str, d: Option<u32>, y: Option<u32>) -> Option<Ymd> {
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let m = month_number(name)?;
    match y {
        Some(y) => full(y, Some(m), d),
        None => {
            let d = d?;
            valid(None, m, d).then_some((None, m, d))
        }
    }
}

fn numeric(a: Option<u32>, b: Option<u32>, y: u32, sep: Option<&str>) -> Option<Ymd> {
    let (a, b) = (a?, b?);
    let (m, d) = if sep == Some(".") || a > 12 {
        (b, a)
    } else if b > 12 {
        (a, b)
    } else {
        return None;
    };
    full(y, Some(m), Some(d))
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let key = lower.get(..3)?;
    let n = match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// Month and day are a real calendar day (Feb 29 needs a leap year, or no year).
fn valid(y: Option<i32>, m: u32, d: u32) -> bool {
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match y {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => return false,
    };
    (1..=max).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, span: Option<Span>) -> Option<&str> {
        span.map(|(s, e)| &text[s..e])
    }

    /// (text, published, issuer, published span text, dateline place)
    type Case = (
        &'static str,
        Option<(i32, u32, u32)>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );

    const CASES: &[Case] = &[
        // 1. ISO date with time, pipe, issuer.
        (
            "Minister Meets Envoy\n2021-03-04 10:15 | Ministry of Trade of Ruritania\n\nOn March 3 ...",
            Some((2021, 3, 4)),
            Some("Ministry of Trade of Ruritania"),
            Some("2021-03-04"),
            None,
        ),
        // 2. ISO date only.
        (
            "Briefing\n2017-09-30 | Office of Example Affairs\n\nQ: ...",
            Some((2017, 9, 30)),
            Some("Office of Example Affairs"),
            Some("2017-09-30"),
            None,
        ),
        // 3. Short issuer.
        (
            "Title\n2003-02-01 | XYZ\n\nText.",
            Some((2003, 2, 1)),
            Some("XYZ"),
            Some("2003-02-01"),
            None,
        ),
        // 4. Glued Source label after an empty line.
        (
            "A Visit to the Lakes\n\nUpdated : 2023-08-21Source : NLFAO\nBody text.",
            Some((2023, 8, 21)),
            Some("NLFAO"),
            Some("2023-08-21"),
            None,
        ),
        // 5. Month D, YYYY with three segments.
        (
            "Statement\nApril 2, 2020 | Office of the Press Secretary | Department of Examples\n\nText.",
            Some((2020, 4, 2)),
            Some("Department of Examples"),
            Some("April 2, 2020"),
            None,
        ),
        // 6. FOR IMMEDIATE RELEASE with weekday.
        (
            "Man Charged\nFOR IMMEDIATE RELEASE | Friday, March 6, 2015 | Queens County Prosecutor's Office\n\nText.",
            Some((2015, 3, 6)),
            Some("Queens County Prosecutor's Office"),
            Some("Friday, March 6, 2015"),
            None,
        ),
        // 7. Ends/ prefix, section suffix, leading article.
        (
            "Health Notice\nEnds/Monday, March 2, 2020 | Issued at HKT 18:40 | The Government of Example Region - Press Releases\n\nText.",
            Some((2020, 3, 2)),
            Some("Government of Example Region"),
            Some("Monday, March 2, 2020"),
            None,
        ),
        // 8. Wire dateline without year.
        (
            "Leaders Meet\n\nSHANGHAI, June 9 (Xinhua) -- Two leaders met on Sunday.",
            None,
            Some("Xinhua"),
            Some("June 9"),
            Some("SHANGHAI"),
        ),
        // 9. Date: D Month YYYY.
        (
            "Notice\nDate: 14 February 2022\n\nText.",
            Some((2022, 2, 14)),
            None,
            Some("14 February 2022"),
            None,
        ),
        // 10. Dated:
        (
            "Circular\nDated: 3rd January, 2019\n\nText.",
            Some((2019, 1, 3)),
            None,
            Some("3rd January, 2019"),
            None,
        ),
        // 11. Published:
        (
            "Report\nPublished: Sept. 9, 2011\n\nText.",
            Some((2011, 9, 9)),
            None,
            Some("Sept. 9, 2011"),
            None,
        ),
        // 12. Posted on ... by an author: no issuer.
        (
            "Blog Entry\nPosted on Nov 15, 2016 by Jo Example\n\nText.",
            Some((2016, 11, 15)),
            None,
            Some("Nov 15, 2016"),
            None,
        ),
        // 13. Agency after a date.
        (
            "Storm Hits Coast\nAugust 30, 2005 | AP\n\nText.",
            Some((2005, 8, 30)),
            Some("AP"),
            Some("August 30, 2005"),
            None,
        ),
        // 14. Sentence header with abbreviated month.
        (
            "Accord Signed\nFollowing is the text of a Press Note issued in Mumbai on Dec 02, 1996 regarding an accord:\n\nText.",
            Some((1996, 12, 2)),
            None,
            Some("Dec 02, 1996"),
            Some("Mumbai"),
        ),
        // 15. Sentence header naming the issuer.
        (
            "Visit\nFollowing is a Press Release issued by the Ministry of Examples in Port Town on Feb 11, 1999 regarding a visit:\n\nText.",
            Some((1999, 2, 11)),
            Some("Ministry of Examples"),
            Some("Feb 11, 1999"),
            Some("Port Town"),
        ),
        // 16. No date at all.
        ("Just a Headline\n\nSome body text without dates.", None, None, None, None),
        // 17. Empty input.
        ("", None, None, None, None),
        // 18. Invalid date (Feb 30) is not a date.
        ("Oddity\n2021-02-30 | Somebody\n\nText.", None, Some("Somebody"), None, None),
        // 19. CRLF line endings.
        (
            "Crlf Title\r\n2019-07-04 | Example Bureau\r\n\r\nText.\r\n",
            Some((2019, 7, 4)),
            Some("Example Bureau"),
            Some("2019-07-04"),
            None,
        ),
        // 20. Leading BOM.
        (
            "\u{FEFF}Bom Title\n2020-01-02 | Example Office\n\nText.",
            Some((2020, 1, 2)),
            Some("Example Office"),
            Some("2020-01-02"),
            None,
        ),
        // 21. ISO with a glued time (T).
        (
            "wire_0001\n1997-05-06T11:22 | APW\n\nTOWNVILLE, Ohio (AP) _\n\nText.",
            Some((1997, 5, 6)),
            Some("APW"),
            Some("1997-05-06"),
            Some("TOWNVILLE"),
        ),
        // 22. Dateline with a year fills a missing date.
        (
            "Summit Ends\n\nCAIRO, Oct. 5, 2009 (Reuters) - Talks ended.",
            Some((2009, 10, 5)),
            Some("Reuters"),
            Some("Oct. 5, 2009"),
            Some("CAIRO"),
        ),
        // 23. Dateline without agency.
        (
            "Vote Count\n2000-11-08 | NYT\n\nSPRINGFIELD _ The count went on.",
            Some((2000, 11, 8)),
            Some("NYT"),
            Some("2000-11-08"),
            Some("SPRINGFIELD"),
        ),
        // 24. A lower-case "may" is not a month.
        ("Outlook\nPrices may 3 times rise\n\nText.", None, None, None, None),
        // 25. Leap day.
        (
            "Leap\n2024-02-29 | Calendar Office\n\nText.",
            Some((2024, 2, 29)),
            Some("Calendar Office"),
            Some("2024-02-29"),
            None,
        ),
        // 26. One line only.
        ("Only a headline", None, None, None, None),
        // 27. The White House style leading article.
        (
            "Readout\nMay 5, 2022 | Briefing Room | The Example House\n\nText.",
            Some((2022, 5, 5)),
            Some("Example House"),
            Some("May 5, 2022"),
            None,
        ),
        // 28. Issuer before the date.
        (
            "Note\nPress Office of Example | 12 March 2018\n\nText.",
            Some((2018, 3, 12)),
            Some("Press Office of Example"),
            Some("12 March 2018"),
            None,
        ),
        // 29. Date alone on line 2.
        (
            "Speech\nThursday, 7 June 2018\n\nText.",
            Some((2018, 6, 7)),
            None,
            Some("Thursday, 7 June 2018"),
            None,
        ),
        // 30. Body sentence with a date but no cue, long: not a header.
        (
            "Talks\nIn a long opening paragraph that goes on and on about many things, officials said on May 3, 2020 that the talks had gone well and would continue.\n",
            None,
            None,
            None,
            None,
        ),
    ];

    #[test]
    fn table() {
        for (i, &(text, published, issuer, span, place)) in CASES.iter().enumerate() {
            let h = parse_header(text);
            let n = i + 1;
            assert_eq!(h.published, published, "case {n}: published");
            assert_eq!(h.issuer.as_deref(), issuer, "case {n}: issuer");
            assert_eq!(at(text, h.published_span), span, "case {n}: published span");
            assert_eq!(at(text, h.dateline_place), place, "case {n}: place");
            assert_eq!(at(text, h.issuer_span), issuer, "case {n}: issuer span");
            for &(s, e) in &h.furniture {
                assert!(s < e && text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }

    #[test]
    fn partial_date_from_dateline() {
        let text = "Leaders Meet\n\nSHANGHAI, June 9 (Xinhua) -- Two leaders met.";
        let h = parse_header(text);
        assert_eq!(h.published_partial, Some((None, 6, 9)));
        assert_eq!(at(text, h.dateline_agency), Some("Xinhua"));
        assert_eq!(h.body_start, text.find("SHANGHAI").unwrap());
    }

    #[test]
    fn headline_span() {
        let text = "\u{FEFF}  Spaced Title \r\n2020-01-02 | X Office\r\n";
        let h = parse_header(text);
        assert_eq!(at(text, h.headline), Some("Spaced Title"));
        assert_eq!(parse_header("").headline, None);
        assert_eq!(parse_header("").body_start, 0);
    }

    fn furniture_texts(text: &str) -> Vec<&str> {
        parse_header(text)
            .furniture
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn furniture_lines() {
        let text = "Trade Fair Opens\n\nUpdated : 2023-08-21Source : NLFAO\n【Fonts: A+ A A- Print\nBody text here.\nShare\n\nMore body.\nPrint Share\nBack to top\n【Close】\n###\n";
        let f = furniture_texts(text);
        for want in [
            "【Fonts: A+ A A- Print",
            "Updated :",
            "Source :",
            "Print Share",
            "Back to top",
            "【Close】",
            "###",
        ] {
            assert!(f.contains(&want), "missing {want:?} in {f:?}");
        }
        assert!(!f.iter().any(|s| s.contains("NLFAO") || s.contains("Body")));
    }

    #[test]
    fn furniture_fragments() {
        let text = "Health Notice\nEnds/Monday, March 2, 2020 | Issued at HKT 18:40 | The Government of Example Region - Press Releases\n\nText.";
        let f = furniture_texts(text);
        assert!(f.contains(&"Ends/"), "{f:?}");
        assert!(f.contains(&"Issued at HKT 18:40"), "{f:?}");
        assert!(f.contains(&"- Press Releases"), "{f:?}");
        let text =
            "Man Charged\nFOR IMMEDIATE RELEASE | Friday, March 6, 2015 | Some Office\n\nText.";
        assert_eq!(furniture_texts(text), vec!["FOR IMMEDIATE RELEASE"]);
        let text = "Readout\nMay 5, 2022 | Briefing Room | The Example House\n\nText.";
        assert_eq!(furniture_texts(text), vec!["Briefing Room"]);
        let text = "Title\nText size: A A A\nTweet\nEmail\nTop\n2020-05-05 | Office\nBody.";
        let h = parse_header(text);
        assert_eq!(h.furniture.len(), 4);
        assert_eq!(h.published, Some((2020, 5, 5)));
    }

    #[test]
    fn furniture_not_in_prose() {
        let text = "Title\n2020-05-05 | Office\n\nThey will print the share certificates.\nA top official spoke.\n";
        assert!(parse_header(text).furniture.is_empty());
    }

    #[test]
    fn never_panics() {
        let long = "x".repeat(100_000);
        let multibyte = "é".repeat(3000) + "\n" + &"日本".repeat(2000);
        let inputs = [
            "\u{FEFF}",
            "\n\n\n",
            "\r\n",
            "\u{FEFF}\r\n",
            "|",
            "a\n|||\n",
            "a\n2024-13-45 | x",
            "\u{0}\u{1}\u{7f}\u{fffd}\n\u{fffd}",
            long.as_str(),
            multibyte.as_str(),
            "Title\nSource :",
            "Title\nSource : 【",
            "T\nMAY 3 -",
            "T\n\nA - b",
            "T\nUpdated :\n",
            "T\nabcdefghijklmnopqrs\u{2002}xyz | 2020-01-01",
            "T\n\u{3010}\u{3011}|\u{ff5c}Source\u{ff1a}\u{3010}",
        ];
        for text in inputs {
            let h = parse_header(text);
            for (s, e) in h
                .furniture
                .iter()
                .copied()
                .chain(h.headline)
                .chain(h.published_span)
                .chain(h.issuer_span)
                .chain(h.dateline_place)
            {
                assert!(s <= e && e <= text.len());
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
        let mut junk = String::new();
        for i in 0..5000u32 {
            junk.push(char::from_u32(i * 37 % 0x2FFF).unwrap_or('?'));
        }
        let _ = parse_header(&junk);
        let huge = format!("T\n{}Source : X\n", "y".repeat(50_000));
        let _ = parse_header(&huge);
    }

    #[test]
    fn trim_span_equals_the_char_trim() {
        let ascii_trim: Vec<u8> = (0..128u8)
            .filter(|&b| is_trim_char(char::from(b)))
            .collect();
        assert_eq!(ascii_trim, b"\t\n\x0b\x0c\r ");
        let (mut checked, mut fast) = (0, 0);
        for line in header_lines().iter().step_by(4) {
            let text = format!(" \u{feff}{line}\u{a0}\r");
            // every span between char boundaries up to 24 bytes apart
            let ends: Vec<usize> = (0..=text.len())
                .filter(|&k| text.is_char_boundary(k))
                .collect();
            for (i, &s) in ends.iter().enumerate() {
                for &e in ends[i..].iter().take_while(|&&e| e <= s + 24) {
                    let want = trim_span_chars(&text, s, e);
                    assert_eq!(trim_span(&text, s, e), want, "{text:?} {s} {e}");
                    checked += 1;
                    fast += usize::from(want == (s, e) && s < e);
                }
            }
        }
        assert!(checked > 100_000 && fast > 20_000, "{checked} {fast}");
    }

    #[test]
    fn byte_searches_equal_the_std_searches() {
        let mut rng = crate::testutil::XorShift::new(0x5DEE_CE66_D1CE_4E5B);
        let mut next = |n: usize| rng.below(n);
        // the chars searched for, then chars that share all but their last byte with them
        // ('；' EF BC 9B, '｝' EF BD 9D, '‒' E2 80 92, '〖' E3 80 96) and other chars
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "\n", ":", "：", "|", "｜", "-", "–", "—", "/", "【",
            "；", "｝", "‒", "〖", "a", " ", "\r", "日", "ü",
        ];
        const OTHER: usize = 10;
        const SOUGHT: &[&str] = &[":", "：", "|", "｜", "-", "–", "—", "/", "【"];
        for _ in 0..20_000 {
            // the searched chars from dense to rare
            let one_in = 1 + next(30);
            let v: String = (0..next(60))
                .map(|_| {
                    if next(one_in) == 0 {
                        PIECES[next(PIECES.len())]
                    } else {
                        PIECES[OTHER + next(PIECES.len() - OTHER)]
                    }
                })
                .collect();
            let b = v.as_bytes();
            assert_eq!(find_nl(b), b.iter().position(|&b| b == b'\n'), "{v:?}");
            assert_eq!(rfind_nl(b), b.iter().rposition(|&b| b == b'\n'), "{v:?}");
            for pat in SOUGHT {
                assert_eq!(holds(b, pat), v.contains(pat), "{pat:?} in {v:?}");
            }
            let dash = v.contains('-') || v.contains('–') || v.contains('—');
            assert_eq!(has_dash(b), dash, "{v:?}");
        }
    }

    #[test]
    fn dates() {
        let d = |s: &str| first_date(s, (0, s.len()), false).map(|d| (d.year, d.month, d.day));
        assert_eq!(d("2023-02-29"), None);
        assert_eq!(d("1900-02-29"), None);
        assert_eq!(d("2000-02-29"), Some((Some(2000), 2, 29)));
        assert_eq!(d("31.12.2019"), Some((Some(2019), 12, 31)));
        assert_eq!(d("05/06/2019"), None);
        assert_eq!(d("25/06/2019"), Some((Some(2019), 6, 25)));
        assert_eq!(d("June 25th, 2019"), Some((Some(2019), 6, 25)));
        assert_eq!(d("MAY 3"), Some((None, 5, 3)));
        assert_eq!(d("May 2024"), None);
        assert_eq!(d("12024-01-01"), None);
        assert_eq!(d("Mayor 3"), None);
    }

    /// The scan of the original `first_date`, without prefilter or memo.
    fn first_date_reference(text: &str, c: Span, full_only: bool) -> Option<DateHit> {
        let c = capped(text, c);
        if c.0 >= c.1 {
            return None;
        }
        let hay = &text[c.0..c.1];
        let bytes = hay.as_bytes();
        let mut pos = 0;
        while pos < hay.len() {
            let caps = DATE_RE.captures_at(hay, pos)?;
            let whole = caps.get(0)?;
            pos = ceil_boundary(hay, whole.start() + 1);
            let prev_digit = whole.start() > 0 && bytes[whole.start() - 1].is_ascii_digit();
            let next_digit = bytes.get(whole.end()).is_some_and(u8::is_ascii_digit);
            if prev_digit || next_digit {
                continue;
            }
            let hit = ymd_of(&caps);
            if let Some((year, month, day)) = hit {
                if full_only && year.is_none() {
                    continue;
                }
                return Some(DateHit {
                    span: (c.0 + whole.start(), c.0 + whole.end()),
                    year,
                    month,
                    day,
                });
            }
        }
        None
    }

    /// Lines for comparing the memoized, prefiltered date scan (and the fragment prefilter)
    /// with the plain regexes: fixed cases and random strings of date-like tokens.
    fn date_lines() -> Vec<String> {
        let mut lines: Vec<String> = [
            "2022-11-07 23:55 | Ministry of Foreign Affairs",
            "Updated : 2024-05-10Source : X",
            "May 3 and May 2024, then 3 May 2024",
            "Tuesday, December 31, 2019",
            "MAY 3 -",
            "\u{17f}ep 5, 2020 and Sep 5",
            "12024-01-01 then 2024-01-01",
            "05/06/2019 25/06/2019 31.12.2019",
            "Mayor 3, may 4, June 25th, 2019",
            "\u{663}\u{660} May 2, \u{662}\u{660}\u{662}\u{664}",
            "【Fonts: A+ A A- Print】 Share",
            "Text size: A A A",
            "FONT SIZE：A+ A-】",
            "\u{17f}ize: a+",
            "nothing here: at all",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        #[rustfmt::skip]
        const TOKENS: &[&str] = &[
            "May", "MAY", "may", "mAy", "3", "03", "2024", "1799", "2200", "12024", "Sept.",
            "sept", "Jan", "jan.", "December", "Tue", "Tuesday,", "of", "the", "1st", "22nd",
            "-", "/", ".", ",", ":", "：", "|", "【", "】", "Fonts", "size", "font", "A+", "a-",
            "Print", "\u{17f}ep", "\u{212a}", "\u{663}", "é", "T", "10:30", "Source", "29",
            "02", "Feb", "2000", "1900", "31", "12", "13", "Mon", "Sunday", "June", "Thurs",
            "4th", "AUG", "17", "Wed.", "–", "’", "\u{3000}", "·",
        ];
        const SEPS: &[&str] = &[" ", " ", "", ", ", "\t", "\u{a0}", "-", "/", "."];
        let mut rng = crate::testutil::XorShift::new(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let n = 1 + rng.below(12);
            lines.push(rng.glue(TOKENS, SEPS, n));
        }
        lines
    }

    #[test]
    fn narrow_date_regex_equals_the_unicode_one_where_used() {
        let names: Vec<Option<&str>> = DATE_RE.capture_names().collect();
        assert_eq!(names, DATE_NARROW_RE.capture_names().collect::<Vec<_>>());
        let expected: Vec<Option<&str>> =
            std::iter::once(None).chain(DATE_GROUPS.map(Some)).collect();
        assert_eq!(names, expected);
        for (i, n) in [
            (G_IY, "iy"),
            (G_IM, "im"),
            (G_ID, "id"),
            (G_MM, "mm"),
            (G_MD, "md"),
            (G_MY, "my"),
            (G_DD, "dd"),
            (G_DM, "dm"),
            (G_DY, "dy"),
            (G_N1, "n1"),
            (G_NS, "ns"),
            (G_N2, "n2"),
            (G_NY, "ny"),
        ] {
            assert_eq!(names[i], Some(n));
        }
        let groups = |c: Option<regex::Captures>| {
            c.map(|c| {
                (0..names.len())
                    .map(|i| c.get(i).map(|m| m.range()))
                    .collect::<Vec<_>>()
            })
        };
        let (mut ascii, mut other, mut skipped) = (0, 0, 0);
        for line in date_lines() {
            if !narrow_ok(&line) {
                assert!(line.chars().any(|c| !c.is_ascii() && c.is_alphanumeric()));
                skipped += 1;
                continue;
            }
            if line.is_ascii() {
                ascii += 1;
            } else {
                other += 1;
            }
            for pos in (0..=line.len()).filter(|&p| line.is_char_boundary(p)) {
                let a = DATE_RE.captures_at(&line, pos);
                let b = DATE_NARROW_RE.captures_at(&line, pos);
                assert_eq!(groups(a), groups(b), "{line:?} at {pos}");
            }
        }
        assert!(
            ascii > 300 && other > 300 && skipped > 300,
            "{ascii} {other} {skipped}"
        );
        let word = Regex::new(r"^\w$").unwrap();
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if non_word(c) {
                assert!(!word.is_match(c.encode_utf8(&mut [0; 4])), "{c:?}");
            }
        }
        for (line, ok) in [
            ("May 3", true),
            ("【May 3】\u{a0}– ’", true),
            ("éMay 3", false),
            ("\u{17f}ep 5", false),
            ("\u{212a}", false),
            ("\u{663}", false),
            ("a\u{301}", false),
        ] {
            assert_eq!(narrow_ok(line), ok, "{line:?}");
        }
    }

    #[test]
    fn date_start_prefilter_never_hides_a_match() {
        let mut ruled_out = 0;
        for line in date_lines() {
            // Every suffix too, so that lines start with every kind of token.
            for (k, _) in line.char_indices() {
                let hay = &line[k..];
                if may_start_date(hay.as_bytes()) {
                    continue;
                }
                ruled_out += 1;
                for re in [&*DATE_RE, &*DATE_NARROW_RE] {
                    let m = re.find(hay);
                    assert!(m.is_none_or(|m| m.start() > 0), "{hay:?}");
                }
            }
        }
        assert!(ruled_out > 10_000, "{ruled_out}");
    }

    #[test]
    fn memoized_date_scan_equals_the_plain_scan() {
        for line in date_lines() {
            let c = (0, line.len());
            let any = first_date_reference(&line, c, false);
            let full = first_date_reference(&line, c, true);
            // Both query orders, and repeated queries, on one memo.
            let mut dc = Dates::default();
            assert_eq!(dc.first(&line, c, false), any, "{line:?}");
            assert_eq!(dc.first(&line, c, true), full, "{line:?}");
            assert_eq!(dc.first(&line, c, false), any, "{line:?}");
            let mut dc = Dates::default();
            assert_eq!(dc.first(&line, c, true), full, "{line:?}");
            assert_eq!(dc.first(&line, c, false), any, "{line:?}");
            if !may_hold_date(line.as_bytes()) {
                assert_eq!((any, full), (None, None), "{line:?}");
            }
        }
    }

    #[test]
    fn fragment_prefilter_never_hides_a_match() {
        // Lines of font-size chrome ("【Fonts: A+ A A- Print】"), with pieces swapped for
        // random ones, so that the fragment regex matches often and only just fails often.
        #[rustfmt::skip]
        const TOKENS: &[&str] = &[
            "【", "】", "Fonts", "fonts", "font", "FONT", "Text", "text", "size", "Size",
            "\u{17f}ize", ":", "：", "A+", "a-", "A", "a", "A-", "Print", "share", "E-mail",
            "Close", "18:46", "Time", "at", "",
        ];
        const SEPS: &[&str] = &[
            " ", " ", "", "\u{a0}", "\t", "\u{3000}", "\u{b}", "\u{200b}",
        ];
        let mut rng = crate::testutil::XorShift::new(0x2F69_3A5D_77E0_1C43);
        let mut next = |n: usize| rng.below(n);
        let chrome: Vec<String> = (0..4000)
            .map(|_| {
                let mut pieces = vec!["【", ["Fonts", "font size", "Text size", "size"][next(4)]];
                pieces.push([":", "："][next(2)]);
                pieces.extend((0..1 + next(4)).map(|_| ["A+", "A", "a-", "A-"][next(4)]));
                pieces.push(["Print", "】", ""][next(3)]);
                // swap up to two pieces for random ones
                for _ in 0..next(3) {
                    let k = next(pieces.len());
                    pieces[k] = TOKENS[next(TOKENS.len())];
                }
                pieces
                    .iter()
                    .map(|p| [*p, SEPS[next(SEPS.len())]].concat())
                    .collect()
            })
            .collect();
        let (mut frags, mut ruled_out) = (0, 0);
        for line in header_lines().into_iter().chain(chrome) {
            if FURNITURE_FRAG_RE.is_match(&line) {
                frags += 1;
            }
            if !may_hold_frag(&line) {
                assert!(!FURNITURE_FRAG_RE.is_match(&line), "{line:?}");
                ruled_out += usize::from(has_colon(&line));
            }
            if !has_colon(&line) {
                assert!(!SOURCE_RE.is_match(&line), "{line:?}");
                assert!(!NEXT_LABEL_RE.is_match(&line), "{line:?}");
            }
        }
        // fragments found, and lines with a colon ruled out
        assert!(frags > 1000 && ruled_out > 1000, "{frags} {ruled_out}");
    }

    #[test]
    fn issued_by_and_in_equal_the_bounded_regexes() {
        let by = Regex::new(r"(?:[Ii]ssued|[Rr]eleased)\s+by\s+(?:the\s+)?(?P<org>\p{Lu}[\p{L}\p{N}'&.\- ]{0,120}?)\s+(?:in|at|on)\s").unwrap();
        let inn = Regex::new(r"(?:[Ii]ssued|[Rr]eleased)\b[^.;:]{0,150}?\s(?:in|at)\s+(?P<place>\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3})\s+on\s").unwrap();
        let long = "Ministry Of Ünïcode Affairs ".repeat(5);
        let filler = "and also, with many words, ".repeat(7);
        let lines = [
            "Press release issued by the Ministry of External Affairs in New Delhi on 5 May 2024"
                .to_string(),
            "Released by The White House at Washington on May 3, 2024".to_string(),
            "issued by the Embassy of India, Moscow on 21 June".to_string(),
            format!("Issued by {long}in X; then issued by Short Body in Delhi on 1 May"),
            format!("Issued by {long} on 2 May and issued by Short Body at Rome on 1 May"),
            format!("Issued {filler} in Paris on 1 May, released in Rome on 2 May"),
            format!("Issued {filler}{filler} in Paris on 1 May. Issued in New Delhi on 2 May"),
            "Statement issued in Beijing on 2 May; released by Xinhua in Beijing on 3 May"
                .to_string(),
            "nothing here".to_string(),
        ];
        for line in &lines {
            let old = by
                .captures(line)
                .and_then(|c| c.name("org"))
                .map(|m| m.range());
            assert_eq!(issued_by(line), old, "{line}");
            let old = inn
                .captures(line)
                .and_then(|c| c.name("place"))
                .map(|m| m.range());
            assert_eq!(issued_in(line), old, "{line}");
        }
    }

    /// The hand readings of "issued by ORG" and "issued in PLACE" give the bounded regexes'
    /// groups on generated lines (verbs, "by", "the", in/at/on, capitalised and lower-case
    /// words, stops, white space of several kinds, non-ASCII letters, orgs and fills around
    /// their bounds), and they settle most lines without the regexes.
    #[test]
    fn hand_issued_by_and_in_equal_the_bounded_regexes() {
        let by = Regex::new(r"(?:[Ii]ssued|[Rr]eleased)\s+by\s+(?:the\s+)?(?P<org>\p{Lu}[\p{L}\p{N}'&.\- ]{0,120}?)\s+(?:in|at|on)\s").unwrap();
        let inn = Regex::new(r"(?:[Ii]ssued|[Rr]eleased)\b[^.;:]{0,150}?\s(?:in|at)\s+(?P<place>\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3})\s+on\s").unwrap();
        let long_org = "Ab ".repeat(40);
        let long_fill = "words ".repeat(24);
        #[rustfmt::skip]
        let pieces: Vec<&str> = vec![
            "issued", "Issued", "released", "Released", "reissued", "issuedly", "issued_", "by",
            "the", "The", "in", "at", "on", "In", "On", "New", "Delhi", "York", "Ministry",
            "of", "Foreign", "Affairs", "X", "x", "A1", "1", "O'Neil", "R&D", "U.S.", "Co-op",
            ".", ";", ":", ",", "-", "'", "&", "_", "São", "Zürich", "Élysée", "é", "Ünïcode",
            "\u{2019}", "\u{2014}", &long_org, &long_fill, "Mr", "Paris",
        ];
        const SEPS: &[&str] = &[
            " ", " ", " ", " ", "", "  ", "\t", "\u{a0}", "\u{3000}", ", ",
        ];
        let mut rng = crate::testutil::XorShift::new(0x1550_ED1B_7E5E_ED01);
        let (mut found_by, mut found_in, mut unsure) = (0, 0, 0);
        let n = 40_000;
        for i in 0..n {
            let k = 2 + rng.below(14);
            let mut line = rng.glue(&pieces, SEPS, k);
            if i % 2 == 0 {
                // most lines hold the shapes the regexes look for, slot by slot, each slot
                // sometimes replaced by another piece
                // (an org and a fill of lengths around their bounds)
                let org = format!(" A{}", "b".repeat(116 + rng.below(8)));
                let fill = format!(" {}", "w".repeat(145 + rng.below(8)));
                let slots: [&[&str]; 8] = [
                    &["issued", "Released", "reissued", "issued,", "released_"],
                    &[
                        " by",
                        " by the",
                        "  by  the ",
                        "\u{a0}by",
                        " by The",
                        "",
                        &fill,
                    ],
                    &[
                        " Ministry",
                        " Embassy of India,",
                        " R&D Co-op",
                        " the",
                        " Ab",
                        &org,
                    ],
                    &[" in", " at", " on", " In", "\u{a0}in", "  at"],
                    &[" New", " São", " Delhi", " Paris", " X", " A1"],
                    &[
                        " York",
                        " Delhi New York",
                        "\tYork",
                        "  Delhi",
                        " Zürich",
                        "",
                    ],
                    &[" on", "  on", " On", "\u{a0}on", ""],
                    &[" 1 May", "\t", " ", ""],
                ];
                let mut t = String::new();
                for slot in slots {
                    if rng.below(6) == 0 {
                        t.push_str(SEPS[rng.below(SEPS.len())]);
                        t.push_str(pieces[rng.below(pieces.len())]);
                    } else {
                        t.push_str(slot[rng.below(slot.len())]);
                    }
                }
                line = format!("{line}{t}");
            }
            let want_by = by
                .captures(&line)
                .and_then(|c| c.name("org"))
                .map(|m| m.range());
            let want_in = inn
                .captures(&line)
                .and_then(|c| c.name("place"))
                .map(|m| m.range());
            assert_eq!(issued_by(&line), want_by, "{line:?}");
            assert_eq!(issued_in(&line), want_in, "{line:?}");
            match (issued_by_hand(&line), issued_in_hand(&line)) {
                (Ok(_), Ok(_)) => {}
                _ => unsure += 1,
            }
            found_by += usize::from(want_by.is_some());
            found_in += usize::from(want_in.is_some());
        }
        assert!(found_by > 1000 && found_in > 1000, "{found_by} {found_in}");
        assert!(unsure < n / 2, "{unsure}");
    }

    /// `ws_len` takes exactly the chars of `\s`.
    #[test]
    fn ws_len_is_the_regex_white_space() {
        let ws = Regex::new(r"^\s$").unwrap();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            let want = if ws.is_match(s) { s.len() } else { 0 };
            assert_eq!(ws_len(s, 0), want, "{c:?}");
        }
    }

    /// Lines with chrome, labels, datelines, times and ISO dates, whole and in pieces.
    /// Both date regexes (the narrow one where it applies) match `line` at `pos` with span
    /// `span` and date `ymd`: what a hand reader of header dates must agree with.
    fn assert_date_regexes_give(line: &str, pos: usize, span: (usize, usize), ymd: Option<Ymd>) {
        let mut res = vec![&*DATE_RE];
        if narrow_ok(line) {
            res.push(&*DATE_NARROW_RE);
        }
        for re in res {
            let caps = re.captures_at(line, pos).expect("a match");
            let whole = caps.get(0).expect("group 0");
            assert_eq!((whole.start(), whole.end()), span, "{line:?} at {pos}");
            assert_eq!(ymd_of(&caps), ymd, "{line:?} at {pos}");
        }
    }

    fn header_lines() -> Vec<String> {
        let mut lines = date_lines();
        #[rustfmt::skip]
        const TOKENS: &[&str] = &[
            "Fonts", "font", "Text", "size", ":", "：", "A+", "a-", "A", "Print", "print",
            "Share", "e-mail", "Email", "Tweet", "Back", "to", "top", "Close", "window",
            "Bookmark", "Facebook", "Twitter", "LinkedIn", "WhatsApp", "WeChat", "Weibo",
            "Small", "Medium", "Large", "【", "】", "〖", "〗", "[", "]", "|", "｜", "/", "·",
            "•", "###", "***", "-30-", "-", "–", "—", "(", ")", "Ends", "end", "text", ".",
            "Last", "updated", "Updated", "on", "Date", "dated", "Published", "Posted",
            "Released", "Release", "date", "Issued", "Publication", "FOR", "IMMEDIATE",
            "RELEASE", "immediate", "release", "issued", "at", "Briefing", "Room", "Press",
            "Releases", "News", "Newsroom", "10:30", "9:05:01", "am", "PM", "HKT", "BEIJING",
            "NEW", "YORK", "Kenya", ",", "May", "3", "2024", "(Xinhua)", "(AP)", "--", "_",
            "O'NEILL", "St.", "Ōno", "\u{212a}", "\u{17f}", "2022-07-12", "2022-7-1",
            "2022/07/12", "2022.13.40", "2022-07-1", "\u{663}", "12", "07", "1", "The",
            "Topics", "Shares", "Smaller", "Linked", "Medal", "Wei", "Sizes", "Facts", "Printer",
            "Clock", "Texts", "Em", "E", "Sha", "As", "After", "Aa", "a1", "A:", "a=",
        ];
        const SEPS: &[&str] = &[" ", " ", "", "\t", "\u{a0}", "\u{b}", "-", "/", "."];
        let mut rng = crate::testutil::XorShift::new(0x1234_5678_9ABC_DEF1);
        for _ in 0..4000 {
            let n = 1 + rng.below(8);
            lines.push(rng.glue(TOKENS, SEPS, n));
        }
        // end lines that open with a bracket or a letter
        #[rustfmt::skip]
        let explicit = [
            "(end)", "(Ends).", "(END TEXT)", "(end\t text)", "Ends", "END.", "end text",
            "※ Share", "\u{3000}Print", "\u{17f}hare", "\u{2002}Close", "–– ends ––", "— end —",
        ];
        for l in explicit {
            lines.push(l.to_string());
        }
        lines
    }

    #[test]
    fn anchored_prefilters_never_hide_a_match() {
        let mut ruled_out = 0;
        for line in header_lines() {
            for (k, _) in line.char_indices() {
                let h = &line[k..];
                let checks: [(bool, &Regex); 6] = [
                    (
                        may_open_chrome(skip_chrome_separators(h)),
                        &FURNITURE_LINE_RE,
                    ),
                    (may_open_end_line(h), &END_LINE_RE),
                    (may_open(h, LABEL_FIRSTS), &LABEL_RE),
                    (may_open(h, SECTION_SEG_FIRSTS), &SECTION_SEG_RE),
                    (may_open(h, TIME_SEG_FIRSTS), &TIME_SEG_RE),
                    (may_open_dateline(h.as_bytes()), &DATELINE_RE),
                ];
                for (may, re) in checks {
                    if !may {
                        ruled_out += 1;
                        assert!(!re.is_match(h), "{re:?} on {h:?}");
                    }
                }
                assert_eq!(has_dash(h.as_bytes()), h.contains(['-', '–', '—']), "{h:?}");
                assert_eq!(has_colon(h), h.contains([':', '：']), "{h:?}");
                let want = Marks {
                    pipe: h.contains(['|', '｜']),
                    colon: h.contains([':', '：']),
                };
                assert_eq!(marks(h.as_bytes()), want, "{h:?}");
            }
        }
        assert!(ruled_out > 100_000, "{ruled_out}");
    }

    #[test]
    fn bytewise_segments_equal_the_char_split() {
        for line in header_lines() {
            let text = format!("x\n{line}\n");
            let c = (2, 2 + line.len());
            let mut old = Vec::new();
            let mut s = c.0;
            for (k, ch) in line.char_indices() {
                if ch == '|' || ch == '｜' {
                    old.push(trim_span(&text, s, c.0 + k));
                    s = c.0 + k + ch.len_utf8();
                }
            }
            old.push(trim_span(&text, s, c.1));
            assert_eq!(segments(&text, c), old, "{line:?}");
        }
    }

    #[test]
    fn iso_fast_path_equals_the_regexes() {
        let mut used = 0;
        for line in header_lines() {
            for (pos, _) in line.char_indices() {
                let Some((s, e, ymd)) = iso_at(line.as_bytes(), pos) else {
                    continue;
                };
                used += 1;
                assert_date_regexes_give(&line, pos, (s, e), ymd);
            }
        }
        assert!(used > 500, "{used}");
    }

    #[test]
    fn first_fast_equals_the_regexes() {
        let (mut used, mut full, mut day_first) = (0, 0, 0);
        let mut lines = header_lines();
        // `[weekday] month day[suffix] [year]` with each part's near misses, and the
        // separators and neighbours of each part (ASCII and not, spaces, digits, word bytes)
        #[rustfmt::skip]
        const PARTS: [&[&str]; 9] = [
            &["", "", "x", "_", "é", "(", "1", "\u{a0}", "Posted "],
            &["", "", "Tuesday", "Tues", "TUE", "thurs", "Mon", "Monday", "Sun", "Sat", "Satur"],
            &["", ".", ",", ".,", " ", ", ", ".\u{a0}", "\u{3000}", "\t"],
            &["May", "MAY", "may", "Sept", "Sep", "sept", "September", "Septem", "June", "Jun",
              "Julyx", "March", "Mar", "\u{17f}ep", "Ma"],
            &["", " ", ".", ". ", "  ", "\u{a0}", "\n", "_", "é"],
            &["3", "03", "31", "123", "0", "x", "\u{663}", "3\u{663}"],
            &["", "", "st", "nd", "th", "rd", "ST", "s"],
            &["", ", ", ",", " ", "  ", ",\u{a0}", ", \t", "\u{a0}", ";", ",x"],
            &["2019", "1799", "20191", "201", "201\u{663}", "2x19", "", "1", "2024"],
        ];
        // `day[suffix] [of] month [year]`, the same way
        #[rustfmt::skip]
        const DAY_FIRST: [&[&str]; 9] = [
            &["", "", "x", "_", "é", "(", "1", "12", "\u{663}", "Date: ", "Posted On: "],
            &["3", "03", "31", "123", "0", "\u{663}", "2024"],
            &["", "", "st", "nd", "th", "rd", "ST", "s", "-", "/"],
            &[" ", "  ", "", "\t", "\n", "\u{a0}", ", ", "."],
            &["", "", "of ", "of", "Of ", "of\u{a0}", "of  "],
            &["May", "MAY", "may", "Sept", "Sep", "sept", "September", "Septem", "June", "NOV",
              "Julyx", "Mar", "\u{17f}ep", "Ma", "06"],
            &["", ".", "_", "é", "1"],
            &["", ", ", ",", " ", "  ", ",\u{a0}", "\u{a0}", ";", "/"],
            &["2019", "1799", "20191", "201", "201\u{663}", "2x19", "", "2024"],
        ];
        let mut rng = crate::testutil::XorShift::new(0x0DA7_E5EE_D5EE_D5EE);
        for k in 0..200_000 {
            let mut line = String::new();
            for part in if k % 2 == 0 { PARTS } else { DAY_FIRST } {
                line.push_str(part[rng.below(part.len())]);
            }
            line.push_str(["", " x", "1", "é", ".", "_"][rng.below(6)]);
            lines.push(line);
        }
        for line in lines {
            for (pos, _) in line.char_indices() {
                let Some((s, e, ymd)) = first_fast(&line, pos) else {
                    continue;
                };
                used += 1;
                full += usize::from(ymd.is_some_and(|d| d.0.is_some()));
                let text = &line[s..e];
                day_first += usize::from(
                    text.starts_with(|c: char| c.is_ascii_digit())
                        && text.contains(|c: char| c.is_ascii_alphabetic()),
                );
                assert_date_regexes_give(&line, pos, (s, e), ymd);
            }
        }
        assert!(
            used > 10_000 && full > 800 && day_first > 1_000,
            "{used} {full} {day_first}"
        );
    }

    /// The hand readings of the small header regexes give the regexes' answers (through
    /// the functions that call them, so the regex fallbacks are covered too) on generated
    /// lines made of their words, near misses, case variants, ASCII and non-ASCII white
    /// space and letters ('ſ' folds to 's'), word chars after a `\b`, colons and dashes.
    #[test]
    fn hand_small_regexes_equal_the_regexes() {
        #[rustfmt::skip]
        let pieces: &[&str] = &[
            "last", "Last", "updated", "UPDATED", "update", "on", "On", "online", "date",
            "Dated", "dates", "published", "Published", "posted", "Posted", "released",
            "Release", "release", "releases", "issued", "Issued", "publication", "for",
            "FOR", "immediate", "Immediate", "briefing", "room", "Room", "press", "Press",
            "news", "News", "newsroom", "Newsroom", "at", "At", "atx", "statement",
            "Statements", "announcement", "announcements", "media", "Media", "center",
            "centre", "centers", "end", "End", "ends", "ENDS", "endſ", "ſ", "relea\u{17f}e",
            "The", "THE", "the", "Then", "White", "House", "É", "é", "x", "_", "1", "12",
            "23", "7", "123", ":", "：", "/", "-", "–", "—", "|", ".", "'", "am", "PM",
            "HKT", "GMT", "hkt", "abcde", "2024-05-10", "\u{663}", "\n", "\r",
        ];
        const SEPS: &[&str] = &[
            " ", " ", " ", "", "", "  ", "\t", "\u{a0}", "\u{3000}", ":", "/", " - ", "_",
        ];
        let label = Regex::new(LABEL_RE.as_str()).unwrap();
        let mut rng = crate::testutil::XorShift::new(0x7A11_5EED_0F1A_BE15);
        let mut hits = [0; 6];
        // times: digits, colons, zones
        #[rustfmt::skip]
        const TIME: &[&str] = &[
            "1", "12", "05", "123", ":", ":", ":", "am", "PM", "HKT", "gmt", "abcde", "x",
            "ſt", "\u{663}", "K",
        ];
        const TIME_SEPS: &[&str] = &["", "", "", " ", "\t", "\u{a0}"];
        for i in 0..60_000 {
            let mut s = if i % 3 == 0 {
                // a time slot by slot, a slot sometimes replaced by glued pieces
                let slots: [&[&str]; 5] = [
                    &["1", "12", "123", "", "\u{663}"],
                    &[":", ":", ""],
                    &["05", "5", "055", "\u{663}\u{663}"],
                    &["", ":30", ":3", ":305", ":"],
                    &[
                        "", "", " am", "PM", "\tHKT", "  gmt", " abcde", " x", " ſt", " ",
                    ],
                ];
                let mut t = String::new();
                for slot in slots {
                    if rng.below(8) == 0 {
                        let n = 1 + rng.below(2);
                        t.push_str(&rng.glue(TIME, TIME_SEPS, n));
                    } else {
                        t.push_str(slot[rng.below(slot.len())]);
                    }
                }
                t
            } else {
                let n = 1 + rng.below(6);
                rng.glue(pieces, SEPS, n)
            };
            // half the time without the last separator, to end on a word
            if rng.below(2) == 0 {
                let cut = s.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
                s.truncate(cut);
            }
            // label
            let want = label
                .captures(&s)
                .and_then(|m| Some((m.get(0)?.end(), m.name("colon").is_some())));
            let got = match may_open(&s, LABEL_FIRSTS) {
                true => label_captures(&s),
                false => None,
            };
            assert_eq!(got, want, "{s:?}");
            hits[0] += usize::from(want.is_some());
            // whole segments
            assert_eq!(is_section_seg(&s), SECTION_SEG_RE.is_match(&s), "{s:?}");
            assert_eq!(is_time_seg(&s), TIME_SEG_RE.is_match(&s), "{s:?}");
            hits[1] += usize::from(SECTION_SEG_RE.is_match(&s));
            hits[2] += usize::from(TIME_SEG_RE.is_match(&s));
            // `Ends/`
            if s.is_ascii() {
                let want = ENDS_PREFIX_RE.find(&s).map(|m| (m.start(), m.end()));
                assert_eq!(ends_prefix_hand(s.as_bytes()), want, "{s:?}");
                hits[3] += usize::from(want.is_some());
            }
            // issuer: suffix and leading article, through clean_issuer
            let mut acc = Acc::default();
            let got = clean_issuer(&s, (0, s.len()), &mut acc);
            let want = clean_issuer_by_regex(&s);
            assert_eq!((got, acc.furniture), want, "{s:?}");
            hits[4] += usize::from(!want.1.is_empty());
            hits[5] += usize::from(got.is_some_and(|g| g.0 > 0));
        }
        assert!(hits.iter().all(|&h| h > 100), "{hits:?}");
    }

    /// `clean_issuer` as it was with the regexes alone: the span and the furniture.
    fn clean_issuer_by_regex(text: &str) -> (Option<Span>, Vec<Span>) {
        let mut furniture = Vec::new();
        let (mut s, mut e) = trim_span(text, 0, text.len());
        if has_dash(&text.as_bytes()[s..e]) {
            if let Some(m) = SECTION_SUFFIX_RE.find(&text[s..e]) {
                furniture.push(trim_span(text, s + m.start(), e));
                e = s + m.start();
            }
        }
        if let Some(m) = ARTICLE_RE.find(&text[s..e]) {
            let last = m.as_str().chars().next_back().map_or(0, char::len_utf8);
            s += m.end() - last;
        }
        let trimmed =
            text[s..e].trim_end_matches(|ch: char| is_trim_char(ch) || ",;:-–—".contains(ch));
        e = s + trimmed.len();
        let (s, e) = trim_span(text, s, e);
        let name = &text[s..e];
        if s >= e || e - s > 200 || !name.chars().any(char::is_alphabetic) {
            return (None, furniture);
        }
        (Some((s, e)), furniture)
    }
}
