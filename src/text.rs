//! Text primitives shared by every recognizer: word characters, the tokenizer, and the
//! byte-offset -> char-offset conversion used for the wire format.
//!
//! Tokens are byte spans into the article exactly as read: words (letters, digits, marks, with
//! inner apostrophes, hyphens and periods of initials kept inside) and single punctuation
//! characters. Whitespace is not a token; a token remembers whether a line break precedes it.

/// Letters, digits and combining marks make words.
///
/// The General Punctuation block (U+2000..=U+206F: spaces, dashes, curly quotes, bullets)
/// holds none, and its chars are the commonest non-ASCII ones in prose: they are turned
/// away before the Unicode tables, whose lookup cost ~50 instructions a char (tokenizer on
/// the sample: 0.26M). A test checks the shortcut against the full test on every char.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(c, '\u{2000}'..='\u{206F}') && is_word_char_full(c)
}

/// [`is_word_char`] without its shortcuts.
fn is_word_char_full(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{300}'..='\u{36f}')
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// A newline lies between the previous token and this one.
    pub line_start: bool,
    /// Starts a sentence: first token, after a line break, or after `.`, `!`, `?`, `:` (and
    /// closing quotes after them).
    pub sent_start: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// The char starting at byte `i` and its length (ASCII without decoding).
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (char::from(b), 1)
    } else {
        let c = text[i..].chars().next().expect("a char at a boundary");
        (c, c.len_utf8())
    }
}

/// Tokenizer classes of ASCII bytes (see [`ASCII_CLASS`]).
const SPACE: u8 = 0;
const BREAK: u8 = 1;
const WORD: u8 = 2;
const PUNCT: u8 = 3;

/// The class of each ASCII byte: `char::is_whitespace` is true for exactly `\t`..=`\r`
/// and space among ASCII chars, of which `\n` and `\r` break lines; `is_word_char` is
/// true for exactly the ASCII letters and digits. A table lookup replaces the char tests
/// on the (mostly ASCII) text; non-ASCII chars still take the char tests.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [PUNCT; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\n' | b'\r' => BREAK,
            0x09..=0x0D | b' ' => SPACE,
            x if x.is_ascii_alphanumeric() => WORD,
            _ => PUNCT,
        };
        b += 1;
    }
    t
};

/// What a byte means inside a word (see [`WORD_BYTE`]).
const GOES_ON: u8 = 0;
const ENDS: u8 = 1;
const ASK: u8 = 2;

/// For the byte after a word's text so far: ASCII letters and digits go on with the word;
/// other ASCII bytes end it, except `'` and `-`, which (like any non-ASCII char, a word
/// char or `’`, `‑`) need a closer look. A lookup is cheaper than the char tests.
const WORD_BYTE: [u8; 256] = {
    let mut t = [ASK; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            x if x.is_ascii_alphanumeric() => GOES_ON,
            b'\'' | b'-' => ASK,
            _ => ENDS,
        };
        b += 1;
    }
    t
};

/// Each byte of `x` that is not an ASCII letter or digit, as its high bit (0x80) set.
///
/// Byte-wise range tests without carries between bytes: with the high bits cleared, adding
/// `0x80 - lo` sets a byte's high bit exactly when it is `>= lo`, and adding `0x7f - hi`
/// leaves it clear exactly when it is `<= hi`. Setting bit 0x20 folds upper into lower case
/// (and maps no other byte into `a..=z`). Non-ASCII bytes are reported as their own high bit.
#[inline]
pub fn non_alnum_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    let in_range = |v: u64, lo: u8, hi: u8| {
        v.wrapping_add(u64::from(0x80 - lo) * ONES) & !v.wrapping_add(u64::from(0x7f - hi) * ONES)
    };
    let y = x & !HIGH;
    let alnum = in_range(y, b'0', b'9') | in_range(y | (0x20 * ONES), b'a', b'z');
    (!alnum | x) & HIGH
}

/// Each byte of `x` that is not an ASCII letter, as its high bit (0x80) set: as
/// [`non_alnum_bytes`] without the digits, two operations fewer, for [`plain_run`], whose
/// words are nearly all letters (a digit it meets sends the word to the general loop).
/// With it, `tokenize` on the sample went from 11.3M to 10.2M instructions.
#[inline]
fn non_letter_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    let y = (x & !HIGH) | (0x20 * ONES);
    let letter = y.wrapping_add(u64::from(0x80 - b'a') * ONES)
        & !y.wrapping_add(u64::from(0x7f - b'z') * ONES);
    (!letter | x) & HIGH
}

/// End of the word whose first char ends at `end`, and whether an inner apostrophe was
/// taken in (only then can the word end in a possessive `'s`).
#[inline]
fn word_end(text: &str, mut end: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut apostrophe = false;
    loop {
        // Runs of ASCII letters and digits, eight bytes at a time: most words end within
        // the first eight bytes, found with one test instead of one lookup per byte.
        while let Some(chunk) = bytes[end..].first_chunk::<8>() {
            let x = u64::from_le_bytes(*chunk);
            let stop = non_alnum_bytes(x);
            if stop != 0 {
                end += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            end += 8;
        }
        let Some(&b) = bytes.get(end) else { break };
        match WORD_BYTE[usize::from(b)] {
            // only in the last seven bytes of the text, too few for a chunk
            GOES_ON => {
                end += 1;
                continue;
            }
            ENDS => break,
            _ => {}
        }
        let (d, dlen) = char_at(text, end);
        // An ASCII byte here is no word char (those go on above).
        if b >= 0x80 && is_word_char(d) {
            end += dlen;
        } else if matches!(d, '\'' | '’' | '-' | '‑')
            && end + dlen < bytes.len()
            && is_word_char(char_at(text, end + dlen).0)
        {
            // Inner apostrophe or hyphen followed by a word character: O'Brien,
            // Director-General, People's (the 's is split off below).
            apostrophe |= matches!(d, '\'' | '’');
            end += dlen;
        } else {
            break;
        }
    }
    (end, apostrophe)
}

/// Told of each word token as it is made, while its bytes are at hand (see
/// [`tokenize_with`]).
pub trait WordSink {
    /// A word token of `len` bytes whose first eight bytes, little-endian, are the low bytes
    /// of `head`: the bytes after the word's in `head` are the text's that follow it, or 0
    /// past the end of the text.
    fn word(&mut self, head: u64, len: usize);
}

/// No sink: [`tokenize`].
impl WordSink for () {
    #[inline(always)]
    fn word(&mut self, _: u64, _: usize) {}
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with(text, &mut ())
}

/// The eight bytes of `bytes` from `i`, little-endian, zero-padded past the end.
#[inline]
fn head_at(bytes: &[u8], i: usize) -> u64 {
    match bytes[i..].first_chunk::<8>() {
        Some(c) => u64::from_le_bytes(*c),
        None => bytes[i..]
            .iter()
            .rev()
            .fold(0, |h, &b| h << 8 | u64::from(b)),
    }
}

/// Splits `text` into tokens, and tells `words` of each word token, in order, while its
/// bytes are in registers (a pass over the tokens afterwards loads each token again:
/// `LowerWords::new`, 3.10M instructions on the sample).
pub fn tokenize_with<S: WordSink>(text: &str, words: &mut S) -> Vec<Token> {
    let bytes = text.as_bytes();
    // About one token per 4-5 bytes of prose: reserve enough that the vector rarely grows.
    let mut toks: Vec<Token> = Vec::with_capacity(bytes.len() / 4 + 16);
    let mut i = 0;
    let mut newline = true;
    let mut sent = true;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, clen, word) = if b < 0x80 {
            match ASCII_CLASS[usize::from(b)] {
                SPACE => {
                    i += 1;
                    continue;
                }
                BREAK => {
                    newline = true;
                    i += 1;
                    continue;
                }
                class => (char::from(b), 1, class == WORD),
            }
        } else {
            let (c, clen) = char_at(text, i);
            if c.is_whitespace() {
                if c == '\u{2028}' {
                    newline = true;
                }
                i += clen;
                continue;
            }
            (c, clen, is_word_char(c))
        };
        let start = i;
        let line_start = newline;
        let sent_start = sent || newline;
        newline = false;
        // Words and punctuation part here, each with its own push and its own next `sent`
        // (a word never starts the next sentence), rather than carrying a kind through.
        if word {
            // A word whose first sixteen bytes hold its end, made of ASCII letters and digits
            // and ended by a byte that ends every word (most words here: capitalized ones
            // after a sentence end or a line break, numbers), is read from one or two loads,
            // without a call to `word_end` (the sixteen bytes from its start, or the last
            // sixteen of the text: one bounds check).
            let (end, apostrophe, head) = match bytes.get(start..start + 16) {
                Some(c) => {
                    let (lo, hi) = c.split_at(8);
                    let x = u64::from_le_bytes(lo.try_into().expect("eight bytes"));
                    let mut stop = non_alnum_bytes(x);
                    let mut len = (stop.trailing_zeros() / 8) as usize;
                    if stop == 0 {
                        let y = u64::from_le_bytes(hi.try_into().expect("eight bytes"));
                        stop = non_alnum_bytes(y);
                        len = 8 + (stop.trailing_zeros() / 8) as usize;
                    }
                    if stop != 0 && WORD_BYTE[usize::from(c[len])] == ENDS {
                        (start + len, false, x)
                    } else {
                        let (end, apostrophe) = word_end(text, i + clen);
                        (end, apostrophe, x)
                    }
                }
                None => {
                    let (end, apostrophe) = word_end(text, i + clen);
                    (end, apostrophe, head_at(bytes, start))
                }
            };
            i = end;
            sent = false;
            // "Changchun's" -> "Changchun" + "'s"
            let suffix = if apostrophe && end - start > 2 {
                possessive_len(&bytes[start..end])
            } else {
                0
            };
            words.word(head, end - start - suffix);
            if suffix == 0 {
                toks.push(Token {
                    start,
                    end,
                    kind: TokKind::Word,
                    line_start,
                    sent_start,
                });
                // Most words are followed by a space and another plain word: take such runs
                // without the general steps (see `plain_run`), which leave both flags false.
                // (not called when no space follows, to take no token: 14,601 -> 11,361 calls on
                // the sample)
                if bytes.get(i) == Some(&b' ') {
                    i = plain_run(bytes, i, &mut toks, words);
                }
            } else {
                let cut = end - suffix;
                toks.push(Token {
                    start,
                    end: cut,
                    kind: TokKind::Word,
                    line_start,
                    sent_start,
                });
                toks.push(Token {
                    start: cut,
                    end,
                    kind: TokKind::Punct,
                    line_start: false,
                    sent_start: false,
                });
            }
        } else {
            i += clen;
            toks.push(Token {
                start,
                end: i,
                kind: TokKind::Punct,
                line_start,
                sent_start,
            });
            sent = matches!(c, '.' | '!' | '?' | ':' | ';' | '•' | '|' | '—' | '–')
                || (matches!(c, '"' | '”' | '\'' | '’' | ')') && sent_after_quote(&toks));
        }
        // A single space after a token (the commonest gap) changes neither flag: step over
        // it here rather than through the class lookup at the top of the loop.
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    toks
}

/// Pushes the tokens of the run of plain words that follows a word token ending at `p`, and
/// returns where the general loop goes on. A plain word is preceded by one space (after the
/// previous word or a comma), is made of ASCII letters only, and is ended by an ASCII byte
/// other than a digit, `'` and `-`, so [`word_end`] would end it at the same byte and no
/// possessive can be split off. Between the words of such a run there is no line break and
/// no sentence end (a comma is kept in the run: it is no sentence end), so every token has
/// both flags false, as the general loop would give them after a word. Most tokens of prose
/// are taken here.
///
/// Each step reads the space and the sixteen bytes after it with one bounds check, and finds
/// the word's end and the byte that ends it in those two words, without another load: a
/// word of sixteen letters or more, and the last seventeen bytes of the text, are left to
/// the general loop. Not inlined: inside `tokenize` its loop shared the registers with the
/// general loop and reloaded its constants and the vector's fields. (`tokenize` on the
/// sample: 9.60M -> 9.14M instructions. Taking a period and the word after it in the run
/// too cost more in the run than it saved in the general loop: 9.42M.)
///
/// Returns `p` when the next word is not plain: the general loop then takes it from the
/// space before it.
#[inline(never)]
fn plain_run<S: WordSink>(
    bytes: &[u8],
    mut p: usize,
    toks: &mut Vec<Token>,
    words: &mut S,
) -> usize {
    // (where the last seventeen bytes of the text start)
    let Some(last) = bytes.len().checked_sub(17) else {
        return p;
    };
    while p <= last {
        // The space and the first sixteen bytes of the word.
        let chunk = bytes[p..p + 17]
            .first_chunk::<17>()
            .expect("seventeen bytes");
        let [b' ', ref word @ ..] = *chunk else {
            return p;
        };
        let lo = u64::from_le_bytes(*word.first_chunk::<8>().expect("eight bytes"));
        let mut stop = non_letter_bytes(lo);
        if stop & 0x80 != 0 {
            // no word, or one that starts with another byte (a digit among them)
            return p;
        }
        // The first stop byte's high bit, at bit 8 * len + 7 of the sixteen bytes (len < 16).
        let bit = if stop != 0 {
            stop.trailing_zeros()
        } else {
            let hi = u64::from_le_bytes(*word.last_chunk::<8>().expect("eight bytes"));
            stop = non_letter_bytes(hi);
            if stop == 0 {
                // sixteen letters or more
                return p;
            }
            stop.trailing_zeros() + 64
        };
        let len = (bit / 8) as usize & 15;
        // The byte that ended the run of letters (read again: one load instead of a shift
        // of the word by a variable count).
        let after = word[len];
        if WORD_BYTE[usize::from(after)] != ENDS {
            // a digit, `'`, `-` or a non-ASCII char: the word may go on; the general loop
            // decides.
            return p;
        }
        let end = p + 1 + len;
        words.word(lo, len);
        toks.push(Token {
            start: p + 1,
            end,
            kind: TokKind::Word,
            line_start: false,
            sent_start: false,
        });
        let mut step = 1 + len;
        if after == b',' {
            toks.push(Token {
                start: end,
                end: end + 1,
                kind: TokKind::Punct,
                line_start: false,
                sent_start: false,
            });
            step += 1;
        }
        p += step;
    }
    p
}

/// Length of a possessive `'s` or `’s` ending the word `w`, or 0.
fn possessive_len(w: &[u8]) -> usize {
    if w.ends_with(b"'s") {
        2
    } else if w.ends_with("’s".as_bytes()) {
        "’s".len()
    } else {
        0
    }
}

fn sent_after_quote(toks: &[Token]) -> bool {
    toks.len() >= 2
        && toks[toks.len() - 2].sent_start
        && toks[toks.len() - 2].kind == TokKind::Punct
}

/// Maps byte offsets to char offsets for one article. Build once, query in increasing or any
/// order (binary search over the positions of multi-byte characters).
pub struct CharIndex {
    /// Byte offsets just past each multi-byte char, with its extra byte count accumulated.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let bytes = text.as_bytes();
        let mut marks = Vec::new();
        let mut extra = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Skip ASCII 16 bytes at a time: articles are mostly ASCII, and only the
            // multi-byte chars make marks.
            if let Some(chunk) = bytes.get(i..i + 16) {
                let (a, b) = chunk.split_at(8);
                let a = u64::from_le_bytes(a.try_into().expect("8 bytes"));
                let b = u64::from_le_bytes(b.try_into().expect("8 bytes"));
                const HIGH: u64 = 0x8080_8080_8080_8080;
                if (a | b) & HIGH == 0 {
                    i += 16;
                    continue;
                }
                if a & HIGH == 0 {
                    i += 8;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                continue;
            }
            // `i` is a char boundary: `b` is a lead byte, which gives the char's length.
            let l = match b {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            extra += l - 1;
            marks.push((i + l, extra));
            i += l;
        }
        CharIndex { marks }
    }

    /// Char offset of byte offset `b` (which must be a char boundary).
    pub fn char_of(&self, b: usize) -> usize {
        let k = self.marks.partition_point(|&(pos, _)| pos <= b);
        if k == 0 {
            b
        } else {
            b - self.marks[k - 1].1
        }
    }
}

/// Is the word capitalized (first char uppercase)?
pub fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// All letters uppercase and at least two of them ("CPC", "U.S" is not a single token).
pub fn is_all_caps(w: &str) -> bool {
    let mut n = 0;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            n += 1;
        }
    }
    n >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn splits_words_and_punctuation() {
        assert_eq!(
            words("Director-General Liu's visit, O'Brien said."),
            [
                "Director-General",
                "Liu",
                "'s",
                "visit",
                ",",
                "O'Brien",
                "said",
                "."
            ]
        );
        assert_eq!(words("the U.S. side"), ["the", "U", ".", "S", ".", "side"]);
    }

    #[test]
    fn sentence_starts() {
        let s = "One. Two\nThree \"Four";
        let t = tokenize(s);
        let starts: Vec<bool> = t.iter().map(|t| t.sent_start).collect();
        assert_eq!(starts, [true, false, true, true, false, false]);
    }

    #[test]
    fn non_alnum_and_non_letter_bytes_mark_each_byte() {
        // every byte value in every lane, among neighbours of both kinds
        for b in 0..=255u8 {
            for lane in 0..8 {
                for fill in [b'a', b'-', 0xC3, b'5'] {
                    let mut x = [fill; 8];
                    x[lane] = b;
                    let got = non_alnum_bytes(u64::from_le_bytes(x));
                    let got_letters = non_letter_bytes(u64::from_le_bytes(x));
                    for (k, &y) in x.iter().enumerate() {
                        let stop = (got >> (8 * k)) & 0xFF;
                        assert_eq!(stop, if y.is_ascii_alphanumeric() { 0 } else { 0x80 });
                        let stop = (got_letters >> (8 * k)) & 0xFF;
                        assert_eq!(stop, if y.is_ascii_alphabetic() { 0 } else { 0x80 });
                    }
                }
            }
        }
    }

    #[test]
    fn is_word_char_equals_the_full_test() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_full(c), "{c:?}");
        }
    }

    #[test]
    fn char_index_maps_multibyte() {
        let s = "Cissé met Ōno — in Zürich";
        let ci = CharIndex::new(s);
        for (ci_expected, (b, _)) in s.char_indices().enumerate() {
            assert_eq!(ci.char_of(b), ci_expected);
        }
        assert_eq!(ci.char_of(s.len()), s.chars().count());
    }
    /// The tokenizer before its ASCII fast paths, to compare with.
    fn tokenize_reference(text: &str) -> Vec<Token> {
        let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 5);
        let mut i = 0;
        let mut newline = true;
        let mut sent = true;
        while i < text.len() {
            let (c, clen) = char_at(text, i);
            if c.is_whitespace() {
                if c == '\n' || c == '\r' || c == '\u{2028}' {
                    newline = true;
                }
                i += clen;
                continue;
            }
            let start = i;
            let mut end = i + clen;
            let kind = if is_word_char(c) {
                while end < text.len() {
                    if text.as_bytes()[end].is_ascii_alphanumeric() {
                        end += 1;
                        continue;
                    }
                    let (d, dlen) = char_at(text, end);
                    if is_word_char(d) {
                        end += dlen;
                    } else if matches!(d, '\'' | '’' | '-' | '‑')
                        && end + dlen < text.len()
                        && is_word_char(char_at(text, end + dlen).0)
                    {
                        // Inner apostrophe or hyphen followed by a word character: O'Brien,
                        // Director-General, People's (the 's is split off below).
                        end += dlen;
                    } else {
                        break;
                    }
                }
                TokKind::Word
            } else {
                TokKind::Punct
            };
            i = end;
            let line_start = newline;
            let sent_start = sent || newline;
            newline = false;
            // "Changchun's" -> "Changchun" + "'s"
            let possessive = (kind == TokKind::Word && end - start > 2)
                .then(|| {
                    let w = &text[start..end];
                    ["'s", "’s"].into_iter().find(|suf| w.ends_with(suf))
                })
                .flatten();
            match possessive {
                Some(suf) => {
                    let cut = end - suf.len();
                    toks.push(Token {
                        start,
                        end: cut,
                        kind,
                        line_start,
                        sent_start,
                    });
                    toks.push(Token {
                        start: cut,
                        end,
                        kind: TokKind::Punct,
                        line_start: false,
                        sent_start: false,
                    });
                }
                None => toks.push(Token {
                    start,
                    end,
                    kind,
                    line_start,
                    sent_start,
                }),
            }
            sent = match kind {
                TokKind::Punct => {
                    matches!(c, '.' | '!' | '?' | ':' | ';' | '•' | '|' | '—' | '–')
                        || (matches!(c, '"' | '”' | '\'' | '’' | ')') && sent_after_quote(&toks))
                }
                TokKind::Word => false,
            };
        }
        toks
    }

    /// Random strings of word pieces, apostrophes, hyphens, quotes, spaces, line breaks
    /// and non-ASCII letters, marks, digits and spaces.
    fn random_texts() -> Vec<String> {
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "Liu", "'s", "’s", "s", "'", "’", "-", "‑", "O", "Brien", "Zürich", "Ōno", "é",
            "e\u{301}", "\u{663}", "日本", "12", ".", ",", "\"", "”", ")", "(", "!", "?", ":",
            ";", "•", "|", "—", "–", " ", " ", "  ", "\n", "\r\n", "\t", "\u{a0}", "\u{2028}",
            "\u{2029}", "\u{85}", "\u{3000}", "\u{b}", "\u{1f}", "\u{feff}", "😀", "ſ", "A",
        ];
        let mut rng = crate::testutil::XorShift::new(0x2545_F491_4F6C_DD1D);
        let mut next = |n: usize| rng.below(n);
        (0..3000)
            .map(|_| (0..next(40)).map(|_| PIECES[next(PIECES.len())]).collect())
            .collect()
    }

    /// `tokenize` gives the reference tokenizer's tokens on every text of `texts`.
    fn assert_tokenize_is_the_reference(texts: Vec<String>) {
        let key = |t: &Token| (t.start, t.end, t.kind, t.line_start, t.sent_start);
        for s in texts {
            let a: Vec<_> = tokenize(&s).iter().map(key).collect();
            let b: Vec<_> = tokenize_reference(&s).iter().map(key).collect();
            assert_eq!(a, b, "{s:?}");
        }
    }

    #[test]
    fn tokenize_equals_the_reference() {
        assert_tokenize_is_the_reference(random_texts());
    }

    /// Prose-like random texts: runs of ASCII words of every length (up to past two chunks),
    /// mostly of letters,
    /// between single spaces, commas and the bytes that stop a plain run (apostrophes,
    /// hyphens, non-ASCII letters and spaces, sentence ends, line breaks, double spaces),
    /// some ending within eight bytes of the end of the text.
    fn prose_texts() -> Vec<String> {
        #[rustfmt::skip]
        const GAPS: &[&str] = &[
            " ", ", ", ", ", ". ", "'s ", "’s ", "'", "-", "‑", "’", "é",
            " é", " ü", "\u{a0}", "\n", "  ", " (", ") ", "!", ":", ",", " ,", " \"", "\u{301}",
        ];
        const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let mut rng = crate::testutil::XorShift::new(0x0DDB_1A5E_5BAD_5EED);
        let mut next = |n: usize| rng.below(n);
        (0..3000)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..next(30) {
                    // mostly short words, some of 8 to 20 letters and digits
                    let len = if next(4) == 0 {
                        8 + next(13)
                    } else {
                        1 + next(7)
                    };
                    // letters, and in one word in six also digits ("G20", "2024")
                    let from = if next(6) == 0 { ALNUM.len() } else { 52 };
                    s.extend((0..len).map(|_| char::from(ALNUM[next(from)])));
                    // single spaces most of the time, as in prose
                    s.push_str(if next(3) > 0 {
                        " "
                    } else {
                        GAPS[next(GAPS.len())]
                    });
                }
                // sometimes end on a word, sometimes on a gap
                if next(2) == 0 {
                    s.push_str(&"x".repeat(next(10)));
                }
                s
            })
            .collect()
    }

    #[test]
    fn tokenize_equals_the_reference_on_prose() {
        assert_tokenize_is_the_reference(prose_texts());
    }

    /// The fast path alone: after each word token of the reference, `plain_run` pushes
    /// exactly the reference's next tokens (flags included) and stops where they end.
    #[test]
    fn plain_run_equals_the_reference() {
        let key = |t: &Token| (t.start, t.end, t.kind, t.line_start, t.sent_start);
        let mut taken = 0;
        for s in prose_texts().iter().chain(&random_texts()) {
            let want: Vec<_> = tokenize_reference(s).iter().map(key).collect();
            for (j, w) in want.iter().enumerate() {
                if w.2 != TokKind::Word {
                    continue;
                }
                let mut got = Vec::new();
                let p = plain_run(s.as_bytes(), w.1, &mut got, &mut ());
                let got: Vec<_> = got.iter().map(key).collect();
                assert_eq!(got[..], want[j + 1..j + 1 + got.len()], "{s:?} after {j}");
                assert_eq!(p, got.last().map_or(w.1, |t| t.1), "{s:?} after {j}");
                taken += got.len();
            }
        }
        assert!(taken > 20_000, "{taken}");
    }

    /// `tokenize_with` tells its sink of exactly the word tokens, in order, each with its
    /// length and its own first bytes (up to eight; the bytes after a word's are not
    /// compared), and makes the tokens `tokenize` makes.
    #[test]
    fn tokenize_with_tells_each_word() {
        struct Told(Vec<(u64, usize)>);
        impl WordSink for Told {
            fn word(&mut self, head: u64, len: usize) {
                self.0.push((head, len));
            }
        }
        let key = |t: &Token| (t.start, t.end, t.kind, t.line_start, t.sent_start);
        let mut words = 0;
        for s in prose_texts().iter().chain(&random_texts()) {
            let mut told = Told(Vec::new());
            let toks = tokenize_with(s, &mut told);
            let want = tokenize(s);
            assert!(toks.iter().map(key).eq(want.iter().map(key)), "{s:?}");
            let want: Vec<_> = toks
                .iter()
                .filter(|t| t.kind == TokKind::Word)
                .map(|t| &s.as_bytes()[t.start..t.end])
                .collect();
            assert_eq!(told.0.len(), want.len(), "{s:?}");
            for (&(head, len), w) in told.0.iter().zip(&want) {
                assert_eq!(len, w.len(), "{s:?}");
                let n = len.min(8);
                assert_eq!(head.to_le_bytes()[..n], w[..n], "{s:?}");
            }
            words += want.len();
        }
        assert!(words > 50_000, "{words}");
    }

    #[test]
    fn char_index_equals_char_count() {
        for s in random_texts() {
            let ci = CharIndex::new(&s);
            for (n, (b, _)) in s.char_indices().enumerate() {
                assert_eq!(ci.char_of(b), n, "{s:?}");
            }
            assert_eq!(ci.char_of(s.len()), s.chars().count(), "{s:?}");
        }
    }
}
