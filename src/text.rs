//! Text primitives shared by every recognizer: word characters, the tokenizer, and the
//! byte-offset -> char-offset conversion used for the wire format.
//!
//! Tokens are byte spans into the article exactly as read: words (letters, digits, marks, with
//! inner apostrophes, hyphens and periods of initials kept inside) and single punctuation
//! characters. Whitespace is not a token; a token remembers whether a line break precedes it.

/// Letters, digits and combining marks make words.
pub fn is_word_char(c: char) -> bool {
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

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
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

fn sent_after_quote(toks: &[Token]) -> bool {
    toks.len() >= 2
        && toks[toks.len() - 2].sent_start
        && toks[toks.len() - 2].kind == TokKind::Punct
}

/// Maps byte offsets to char offsets for one article. Build once, query in increasing or any
/// order (binary search over the positions of multi-byte characters).
pub struct CharIndex {
    /// Byte offsets where a multi-byte char starts, with its extra byte count accumulated.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (i, c) in text.char_indices() {
                let l = c.len_utf8();
                if l > 1 {
                    extra += l - 1;
                    marks.push((i + l, extra));
                }
            }
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
    fn char_index_maps_multibyte() {
        let s = "Cissé met Ōno — in Zürich";
        let ci = CharIndex::new(s);
        for (ci_expected, (b, _)) in s.char_indices().enumerate() {
            assert_eq!(ci.char_of(b), ci_expected);
        }
        assert_eq!(ci.char_of(s.len()), s.chars().count());
    }
}
