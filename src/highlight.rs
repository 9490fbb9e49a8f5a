//! Syntax highlighting of code blocks with syntect's default syntaxes (built in: nothing is
//! downloaded), reduced to a few token kinds every writer can show: EPUB as classes, PDF as
//! colours.
//!
//! The syntax set is loaded once per process. Very long blocks and lines are left plain, so a
//! hostile post cannot make the regular expressions run away with the time.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::OnceLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

/// What a stretch of code is, as far as the writers show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Plain,
    Comment,
    Keyword,
    String,
    Number,
    Constant,
    Function,
    Type,
    Tag,
    Attribute,
}

impl Token {
    /// The class the EPUB writer gives it (`None`: no span).
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Token::Plain => return None,
            Token::Comment => "hl-c",
            Token::Keyword => "hl-k",
            Token::String => "hl-s",
            Token::Number => "hl-n",
            Token::Constant => "hl-o",
            Token::Function => "hl-f",
            Token::Type => "hl-t",
            Token::Tag => "hl-g",
            Token::Attribute => "hl-a",
        })
    }
}

/// Blocks larger than this are not highlighted.
const MAX_CODE: usize = 128 * 1024;
/// Nor are blocks with a line longer than this (minified code).
const MAX_LINE: usize = 4096;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Scope prefixes and the token each stands for, most specific first.
fn rules() -> &'static [(Scope, Token)] {
    static RULES: OnceLock<Vec<(Scope, Token)>> = OnceLock::new();
    RULES.get_or_init(|| {
        [
            ("comment", Token::Comment),
            ("punctuation.definition.comment", Token::Comment),
            ("string", Token::String),
            ("punctuation.definition.string", Token::String),
            ("constant.numeric", Token::Number),
            ("constant", Token::Constant),
            ("keyword.operator", Token::Plain),
            ("punctuation", Token::Plain),
            ("keyword", Token::Keyword),
            ("storage", Token::Keyword),
            ("entity.name.function", Token::Function),
            ("support.function", Token::Function),
            ("variable.function", Token::Function),
            ("entity.name.type", Token::Type),
            ("entity.name.class", Token::Type),
            ("entity.name.struct", Token::Type),
            ("entity.name.enum", Token::Type),
            ("entity.other.inherited-class", Token::Type),
            ("support.type", Token::Type),
            ("support.class", Token::Type),
            ("entity.name.tag", Token::Tag),
            ("entity.other.attribute-name", Token::Attribute),
            ("variable.language", Token::Constant),
        ]
        .iter()
        .filter_map(|(s, t)| Scope::new(s).ok().map(|s| (s, *t)))
        .collect()
    })
}

/// The syntax for a code block's language name (`rust`, `js`, `c++`, `shell`…).
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let ss = syntaxes();
    let lower = lang.trim().to_ascii_lowercase();
    let name = match lower.as_str() {
        "" | "text" | "plain" | "plaintext" | "txt" | "none" | "nohighlight" => return None,
        "ts" | "typescript" | "tsx" | "jsx" | "javascript" | "node" | "mjs" | "vue-js" => "js",
        "shell" | "bash" | "zsh" | "console" | "shell-session" | "sh" => "sh",
        "c++" | "cxx" | "hpp" => "cpp",
        "c#" | "csharp" => "cs",
        "golang" => "go",
        "py" | "python3" | "py3" => "py",
        "rs" => "rs",
        "yml" => "yaml",
        "vue" | "svelte" | "xhtml" => "html",
        "kotlin" | "kt" => "java",
        "objc" | "objective-c" => "m",
        "docker" | "dockerfile" | "toml" | "ini" | "conf" => return None,
        other => other,
    };
    ss.find_syntax_by_token(name)
}

/// Byte ranges `(start, end, token)` covering a block of code in order.
pub type Spans = Rc<Vec<(usize, usize, Token)>>;

/// Blocks highlighted last on this thread: a post written to EPUB and PDF is parsed once.
const RECENT: usize = 16;

thread_local! {
    static CACHE: RefCell<VecDeque<(String, String, Spans)>> = const { RefCell::new(VecDeque::new()) };
}

/// The tokens of `code`, or `None` when it is not highlighted (no language, an unknown one,
/// or too large).
pub fn highlight(lang: Option<&str>, code: &str) -> Option<Spans> {
    let lang = lang?;
    let hit = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(l, k, _)| l == lang && k == code)
            .map(|(_, _, s)| s.clone())
    });
    if hit.is_some() {
        return hit;
    }
    let spans = Rc::new(highlight_uncached(Some(lang), code)?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= RECENT {
            c.pop_front();
        }
        c.push_back((lang.to_string(), code.to_string(), spans.clone()));
    });
    Some(spans)
}

fn highlight_uncached(lang: Option<&str>, code: &str) -> Option<Vec<(usize, usize, Token)>> {
    let syntax = syntax_for(lang?)?;
    if code.len() > MAX_CODE || code.split('\n').any(|l| l.len() > MAX_LINE) {
        return None;
    }
    let ss = syntaxes();
    let rules = rules();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out: Vec<(usize, usize, Token)> = Vec::new();
    let mut push = |start: usize, end: usize, token: Token| {
        if start >= end {
            return;
        }
        match out.last_mut() {
            Some(last) if last.2 == token && last.1 == start => last.1 = end,
            _ => out.push((start, end, token)),
        }
    };
    let classify = |stack: &ScopeStack| -> Token {
        for scope in stack.as_slice().iter().rev() {
            if let Some((_, t)) = rules.iter().find(|(p, _)| p.is_prefix_of(*scope)) {
                return *t;
            }
        }
        Token::Plain
    };
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let owned;
        // The syntaxes expect each line to end with its line feed.
        let text = if line.ends_with('\n') {
            line
        } else {
            owned = format!("{line}\n");
            &owned
        };
        let ops = state.parse_line(text, ss).ok()?;
        let mut at = 0;
        for (pos, op) in ops {
            let pos = pos.min(line.len());
            push(offset + at, offset + pos, classify(&stack));
            at = at.max(pos);
            stack.apply(&op).ok()?;
        }
        push(offset + at, offset + line.len(), classify(&stack));
        offset += line.len();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_keywords_strings_comments() {
        let code = "fn main() {\n    // hi\n    let s = \"x\";\n}";
        let spans = highlight(Some("rust"), code).expect("rust is known");
        let of = |needle: &str| {
            let at = code.find(needle).expect("in code");
            spans
                .iter()
                .find(|(s, e, _)| *s <= at && at < *e)
                .map(|(_, _, t)| *t)
        };
        assert_eq!(of("fn"), Some(Token::Keyword));
        assert_eq!(of("// hi"), Some(Token::Comment));
        assert_eq!(of("\"x\""), Some(Token::String));
        assert_eq!(spans.last().map(|s| s.1), Some(code.len()));
        assert!(highlight(Some("no-such-language"), code).is_none());
        assert!(highlight(None, code).is_none());
    }
}
