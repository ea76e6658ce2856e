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

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut it = text.char_indices().peekable();
    let mut newline = true;
    let mut sent = true;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            if c == '\n' || c == '\r' || c == '\u{2028}' {
                newline = true;
            }
            continue;
        }
        let kind;
        let mut end = i + c.len_utf8();
        if is_word_char(c) {
            kind = TokKind::Word;
            loop {
                match it.peek() {
                    Some(&(_, d)) if is_word_char(d) => {
                        end += d.len_utf8();
                        it.next();
                    }
                    // Inner apostrophe or hyphen followed by a word character: O'Brien,
                    // Director-General, People's (the 's is split off below).
                    Some(&(j, d)) if matches!(d, '\'' | '’' | '-' | '‑') => {
                        let after = text[j + d.len_utf8()..].chars().next();
                        if after.is_some_and(is_word_char) {
                            end = j + d.len_utf8();
                            it.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
        } else {
            kind = TokKind::Punct;
        }
        let _ = &mut end;
        toks.push(Token {
            start: i,
            end,
            kind,
            line_start: newline,
            sent_start: sent || newline,
        });
        newline = false;
        sent = match kind {
            TokKind::Punct => {
                matches!(c, '.' | '!' | '?' | ':' | ';' | '•' | '|' | '—' | '–')
                    || (matches!(c, '"' | '”' | '\'' | '’' | ')') && sent_after_quote(&toks))
            }
            TokKind::Word => false,
        };
    }
    split_possessives(text, &mut toks);
    toks
}

fn sent_after_quote(toks: &[Token]) -> bool {
    toks.len() >= 2
        && toks[toks.len() - 2].sent_start
        && toks[toks.len() - 2].kind == TokKind::Punct
}

/// "Changchun's" -> "Changchun" + "'s".
fn split_possessives(text: &str, toks: &mut Vec<Token>) {
    let mut out = Vec::with_capacity(toks.len() + 8);
    for t in toks.drain(..) {
        let s = &text[t.start..t.end];
        if t.kind == TokKind::Word && s.len() > 2 {
            for suf in ["'s", "’s"] {
                if let Some(stem) = s.strip_suffix(suf) {
                    let cut = t.start + stem.len();
                    out.push(Token { end: cut, ..t });
                    out.push(Token {
                        start: cut,
                        end: t.end,
                        kind: TokKind::Punct,
                        line_start: false,
                        sent_start: false,
                    });
                    break;
                }
            }
            if out.last().is_some_and(|l: &Token| l.end == t.end) {
                continue;
            }
        }
        out.push(t);
    }
    *toks = out;
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
