//! Front matter as most posts write it, read and written without libyaml: `key: value` lines
//! whose values are scalars on one line, bracketed lists, or `- item` lists under an empty
//! key. libyaml spends more on a post's ten lines of front matter than the rest of reading or
//! writing the post does.
//!
//! Anything outside that shape (nesting, multi-line or escaped scalars, anchors, tags,
//! comments after a value, repeated keys, characters libyaml refuses or quotes with escapes)
//! returns `None` and is left to serde_yaml, so what comes out is always what serde_yaml
//! would give; property tests hold the two together.

use serde_yaml::{Mapping, Value};

/// The top-level mapping, or `None` when serde_yaml should read the text.
pub(crate) fn parse(yaml: &str) -> Option<Mapping> {
    if !readable(yaml) {
        return None;
    }
    let mut map = Mapping::new();
    // A key with nothing after its colon: the block list that may follow it, and the
    // indent of that list's items once one is seen.
    let mut open: Option<(&str, Vec<Value>, Option<usize>)> = None;
    for line in yaml.split('\n') {
        let line = line.trim_end_matches(' ');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        if let Some((_, items, item_indent)) = open.as_mut() {
            if let Some(item) = rest.strip_prefix('-') {
                if item_indent.is_some_and(|i| i != indent) {
                    return None;
                }
                *item_indent = Some(indent);
                items.push(item_value(item)?);
                continue;
            }
        }
        if indent > 0 {
            return None;
        }
        close(&mut map, open.take())?;
        let (key, value) = line.split_once(':')?;
        if !plain_key(key) {
            return None;
        }
        let value = match value {
            "" => "",
            _ => value.strip_prefix(' ')?.trim_start_matches(' '),
        };
        if value.is_empty() {
            open = Some((key, Vec::new(), None));
        } else {
            insert(&mut map, key, scalar_or_list(value)?)?;
        }
    }
    close(&mut map, open)?;
    Some(map)
}

/// Ends an empty key: its list if items followed it, else null.
fn close(map: &mut Mapping, open: Option<(&str, Vec<Value>, Option<usize>)>) -> Option<()> {
    match open {
        None => Some(()),
        Some((key, _, None)) => insert(map, key, Value::Null),
        Some((key, items, Some(_))) => insert(map, key, Value::Sequence(items)),
    }
}

/// A repeated key is refused: serde_yaml's path reports it.
fn insert(map: &mut Mapping, key: &str, value: Value) -> Option<()> {
    match map.insert(Value::String(key.to_owned()), value) {
        // The map is dropped with the fast path, so the overwritten value does not matter.
        Some(_) => None,
        None => Some(()),
    }
}

/// No character libyaml refuses or reads as a line break other than `\n`: controls (tabs and
/// carriage returns included; they are left to it), C1 controls and NEL (`C2 80`–`C2 9F`),
/// U+2028 and U+2029 (`E2 80 A8`, `E2 80 A9`), the byte order mark and U+FFFE, U+FFFF
/// (`EF BB BF`, `EF BF BE`, `EF BF BF`). Checked on bytes: the text is valid UTF-8.
fn readable(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    // Joined with `|`, not stopped early, so the compiler checks sixteen bytes a step.
    let controls = bytes.iter().fold(false, |any, &b| {
        any | ((b < 0x20) & (b != b'\n')) | (b == 0x7F)
    });
    !controls
        && memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).all(|i| {
            match bytes.get(i..).unwrap_or_default() {
                [0xC2, next, ..] => *next >= 0xA0,
                [0xE2, 0x80, 0xA8 | 0xA9, ..] => false,
                [0xEF, 0xBB, 0xBF, ..] | [0xEF, 0xBF, 0xBE | 0xBF, ..] => false,
                _ => true,
            }
        })
}

/// A key that YAML reads as this string: a word of ASCII letters, digits, `_` and `-` that
/// does not start like a number or an indicator and is not a null or a boolean.
fn plain_key(key: &str) -> bool {
    key.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && null_or_bool(key).is_none()
}

/// What follows `-` in a block list item.
fn item_value(item: &str) -> Option<Value> {
    if item.is_empty() {
        return Some(Value::Null);
    }
    let item = item.strip_prefix(' ')?.trim_start_matches(' ');
    if item.is_empty() {
        return Some(Value::Null);
    }
    scalar(item, false)
}

/// A value after `key: `: a bracketed list of scalars or one scalar.
fn scalar_or_list(value: &str) -> Option<Value> {
    let Some(inner) = value.strip_prefix('[') else {
        return scalar(value, false);
    };
    let inner = inner.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Sequence(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true))
        .collect::<Option<Vec<_>>>()
        .map(Value::Sequence)
}

/// One scalar filling `text`, which has no surrounding spaces; `in_list` for an item between
/// brackets, where a plain scalar may not hold flow indicators.
fn scalar(text: &str, in_list: bool) -> Option<Value> {
    let first = text.bytes().next()?;
    match first {
        b'\'' => single_quoted(text).map(Value::String),
        b'"' => {
            let inner = text.strip_prefix('"')?.strip_suffix('"')?;
            (!inner.contains(['"', '\\'])).then(|| Value::String(inner.to_owned()))
        }
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' => None,
        _ => {
            let refused = if in_list {
                text.contains([':', '#', '[', ']', '{', '}', '\'', '"'])
            } else {
                comment_or_key(text)
            };
            if refused {
                return None;
            }
            plain(text)
        }
    }
}

/// A `: ` or a final `:` (the scalar would be a key) or a ` #` (a comment follows).
fn comment_or_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b':', b'#', bytes).any(|i| match bytes.get(i) {
        Some(b':') => matches!(bytes.get(i + 1), None | Some(b' ')),
        _ => i > 0 && bytes.get(i - 1) == Some(&b' '),
    })
}

/// `'…'` with `''` for a quote, closed at the end of `text`.
fn single_quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::with_capacity(inner.len());
    let mut parts = inner.split('\'');
    out.push_str(parts.next()?);
    // Between quote pairs each split leaves an empty part; anything else is a lone quote.
    while let Some(empty) = parts.next() {
        let after = parts.next()?;
        if !empty.is_empty() {
            return None;
        }
        out.push('\'');
        out.push_str(after);
    }
    Some(out)
}

/// A plain scalar as YAML types it. Words that may be numbers are handed to serde_yaml alone,
/// so its rules (hex, octal, leading zeros, `.inf`) stay its own: every number starts with a
/// digit, a sign or a dot and holds only letters, digits, signs and dots. `...` alone would
/// end the document there, so it is left to the caller's fallback.
fn plain(text: &str) -> Option<Value> {
    if let Some(word) = null_or_bool(text) {
        Some(word)
    } else if !may_be_number(text) {
        Some(Value::String(text.to_owned()))
    } else if text.starts_with("...") {
        None
    } else {
        serde_yaml::from_str(text).ok()
    }
}

fn may_be_number(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

fn null_or_bool(text: &str) -> Option<Value> {
    match text {
        "~" | "null" | "Null" | "NULL" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// The mapping as `serde_yaml::to_string` writes it, or `None` when serde_yaml should: values
/// are strings, booleans, nulls, integers and lists of those; keys are strings.
pub(crate) fn emit(map: &Mapping, out: &mut String) -> Option<()> {
    if map.is_empty() {
        out.push_str("{}\n");
    }
    for (key, value) in map {
        let Value::String(key) = key else {
            return None;
        };
        // libyaml writes a longer key as `? key`.
        if key.len() > 128 {
            return None;
        }
        emit_scalar(key, out)?;
        out.push(':');
        match value {
            Value::Sequence(items) if items.is_empty() => out.push_str(" []\n"),
            Value::Sequence(items) => {
                out.push('\n');
                for item in items {
                    out.push_str("- ");
                    emit_item(item, out)?;
                    out.push('\n');
                }
            }
            _ => {
                out.push(' ');
                emit_item(value, out)?;
                out.push('\n');
            }
        }
    }
    Some(())
}

fn emit_item(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::String(s) => emit_scalar(s, out)?,
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        Value::Number(n) if !n.is_f64() => out.push_str(&n.to_string()),
        _ => return None,
    }
    Some(())
}

/// A string plain where libyaml would write it plain, else single-quoted; strings that would
/// need double quotes or a block (line breaks, characters it escapes) are left to it.
fn emit_scalar(s: &str, out: &mut String) -> Option<()> {
    if s.contains('\n') || !readable(s) {
        return None;
    }
    if plain_allowed(s) && !reads_as_other(s)? {
        out.push_str(s);
    } else {
        out.push('\'');
        for (n, part) in s.split('\'').enumerate() {
            if n > 0 {
                out.push_str("''");
            }
            out.push_str(part);
        }
        out.push('\'');
    }
    Some(())
}

/// libyaml's `block_plain_allowed` for one line of printable characters: no leading or
/// trailing space, no `---`/`...` start, no indicator first, no `: ` or final `:`, no ` #`.
fn plain_allowed(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let blank_after = |i: usize| matches!(bytes.get(i + 1), None | Some(b' '));
    let indicator_first = match first {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => true,
        b'?' | b':' | b'-' => blank_after(0),
        _ => false,
    };
    !(first == b' '
        || last == b' '
        || indicator_first
        || s.starts_with("---")
        || s.starts_with("...")
        || comment_or_key(s))
}

/// Whether serde_yaml would read the plain scalar back as something other than this string
/// (it then asks for quotes), or as a string of digits with a leading zero (which it quotes
/// too). `None` when serde_yaml cannot read it alone.
fn reads_as_other(s: &str) -> Option<bool> {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(true);
    }
    if null_or_bool(s).is_some() {
        return Some(true);
    }
    if !may_be_number(s) {
        return Some(false);
    }
    match plain(s)? {
        Value::String(read) => Some(read != s),
        _ => Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn serde(yaml: &str) -> Option<Mapping> {
        match serde_yaml::from_str::<Value>(yaml) {
            Ok(Value::Mapping(m)) => Some(m),
            Ok(Value::Null) => Some(Mapping::new()),
            _ => None,
        }
    }

    #[test]
    fn reads_the_common_shapes() {
        let yaml = "title: '习近平主席中亚之旅成果务实丰硕'\ncategories: \n - 新媒体\n - ZAKER\n\
                    tags: [互联网, 观察, Rust]\nauthor: ZAKER\ncomments: false\n\
                    date: Sun, 18 Sep 2022 23:33:47 GMT\nupdated: 2019-05-03 10:00:00\n\
                    weight: 12\nlist:\n- a\n-\n- \"b\"\ndraft:\n# note\nurl: https://x.y/z?a=1#top\n";
        let flat = parse(yaml).expect("the common shapes are read");
        assert_eq!(Some(flat), serde(yaml));
    }

    #[test]
    fn leaves_the_rest_to_serde_yaml() {
        for yaml in [
            "a: b # c",
            "a: |\n  x",
            "a:\n  b: c",
            "a: b\na: c",
            "a: x\n  y",
            "a: \"x\\ny\"",
            "a: 'x",
            "a: [a, [b]]",
            "a: &x 1",
            "a:\n - b\n  - c",
            "a: b\r",
            "a:\tb",
            "true: x",
            "- a",
            "---\na: b",
            "a: -1",
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }

    const KEYS: &[&str] = &[
        "title", "tags", "a", "x-y", "_k", "true", "null", "2019", "é",
    ];
    const SEPARATORS: &[&str] = &[":", ": ", ":  ", " :", ":\t"];
    /// Values read here.
    const VALUES: &[&str] = &[
        "",
        "hello",
        "hello  world",
        "'q'",
        "'it''s'",
        "''",
        "''''",
        "\"dq\"",
        "\"\"",
        "[a, b]",
        "[]",
        "[ ]",
        "['x', \"y\"]",
        "[1, 2.5, ~, true]",
        "[ 'a b' ,c ]",
        "2019-05-03 10:00:00",
        "2019-05-03",
        "12",
        "012",
        "0x1F",
        "0o17",
        "0b11",
        "1_000",
        "1.5",
        ".5",
        "1e3",
        "+5",
        ".inf",
        ".nan",
        "nan",
        "inf",
        "~",
        "null",
        "True",
        "yes",
        "a#b",
        "C#",
        "..x",
        "http://x.y/z?a=1",
        "中文标题",
        "：全角",
        "it's",
        "a ' b",
        "a\"b",
        "12:30",
        "1:2:3",
        "+",
        ".",
        "0",
        "00",
        "1.",
        "+.5",
        "1e",
        "0x",
        "9999999999999999999999",
        "x\u{A0}",
    ];
    /// Values left to serde_yaml.
    const ODD: &[&str] = &[
        "\"a\\nb\"",
        "[a, [b]]",
        "[a, b,]",
        "[a,,b]",
        "[a: b]",
        "[a#b]",
        "-012",
        "-5",
        "-.inf",
        "- a",
        "a: b",
        "a #c",
        "|",
        ">",
        "&a x",
        "*a",
        "!t x",
        "{a: 1}",
        "@x",
        "`x`",
        "%x",
        "a:",
        "? x",
        ": x",
        "...",
        "'''",
        "\u{85}",
        "\u{2028}x",
        "\u{FEFF}x",
        "x\u{7F}",
    ];
    const LINES: &[&str] = &[
        "",
        "# comment",
        "  # indented",
        "  continued",
        "- item",
        "  - item",
        "-",
        "  -",
        "    - 3",
        "-x",
        "---",
        "...",
        "\ttab",
        " - [a]",
        "- 'q'",
        "- a: b",
        "- - a",
    ];
    const ITEMS: &[&str] = &["- ", "  - ", " - ", "-", "-  "];

    fn value() -> impl Strategy<Value = &'static str> {
        prop_oneof![9 => prop::sample::select(VALUES), 1 => prop::sample::select(ODD)]
    }

    /// What follows a key: mostly of the accepted shape, so that most documents are read by
    /// both; the values and the odd line carry the edge cases.
    fn entry() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => value().prop_map(|v| format!(": {v}")),
            3 => (prop::sample::select(ITEMS), prop::collection::vec(value(), 0..4)).prop_map(
                |(i, vs)| vs.iter().fold(":".to_string(), |acc, v| format!("{acc}\n{i}{v}"))
            ),
            1 => (prop::sample::select(SEPARATORS), value()).prop_map(|(s, v)| format!("{s}{v}")),
            1 => (value(), prop::sample::select(LINES)).prop_map(|(v, l)| format!(": {v}\n{l}")),
        ]
    }

    /// Entries under keys of their own (`k0`, `k1`, …) or, now and then, a shared or odd key.
    fn document() -> impl Strategy<Value = String> {
        let entry = (prop::sample::select(KEYS), entry(), 0..4usize);
        prop::collection::vec(entry, 1..6).prop_map(|entries| {
            let lines: Vec<String> = entries
                .iter()
                .enumerate()
                .map(|(n, (key, entry, pick))| match pick {
                    0 => format!("{key}{entry}"),
                    _ => format!("k{n}{entry}"),
                })
                .collect();
            lines.join("\n")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_serde_yaml(mut yaml in document(), end in any::<bool>()) {
            if end {
                yaml.push('\n');
            }
            if let Some(flat) = parse(&yaml) {
                prop_assert_eq!(Some(flat), serde(&yaml), "{:?}", yaml);
            }
        }
    }

    /// Strings for the writer: what libyaml writes plain, quotes, or escapes.
    const STRINGS: &[&str] = &[
        "",
        " a",
        "a ",
        "a  b",
        "-",
        "- a",
        "-a",
        "?",
        "?x",
        "? x",
        ":",
        ":x",
        ": x",
        "a:",
        "a:b",
        "a: b",
        "#a",
        "a#b",
        "a #b",
        "---",
        "---x",
        "...x",
        "..x",
        "'a'",
        "it's",
        "\"q\"",
        "a\"",
        "\t",
        "a\tb",
        "\r",
        "x\ny",
        "0123",
        "-0123",
        "+0123",
        "0",
        "00",
        "-0",
        "0x1F",
        "0o7",
        "0b1",
        "1_0",
        "12",
        "-12",
        "1.5",
        ".5",
        "1e3",
        "1e400",
        "99999999999999999999999",
        "true",
        "True",
        "yes",
        "null",
        "~",
        "nan",
        ".nan",
        ".inf",
        "-.inf",
        "inf",
        "中文",
        "😀 emoji",
        "\u{2028}",
        "\u{85}",
        "\u{A0}",
        "\u{FEFF}",
        "[a]",
        "a[b]",
        "{a}",
        "a,b",
        "&a",
        "*a",
        "!a",
        "|",
        ">",
        "%a",
        "@a",
        "`a`",
        "https://x.y/z?a=1&b=2#c",
        "Wed, 24 Jun 2017 12:08:27 GMT",
        "2019-05-03",
        "2019-05-03T10:00:00+08:00",
    ];

    fn yaml_value() -> impl Strategy<Value = Value> {
        let scalar = prop_oneof![
            6 => prop::sample::select(STRINGS).prop_map(|s| Value::String(s.to_owned())),
            1 => any::<bool>().prop_map(Value::Bool),
            1 => Just(Value::Null),
            1 => any::<i64>().prop_map(|n| Value::Number(n.into())),
            1 => any::<u64>().prop_map(|n| Value::Number(n.into())),
            1 => Just(Value::Number(1.5.into())),
        ];
        let scalars = prop::collection::vec(scalar.clone(), 0..4);
        prop_oneof![
            6 => scalar,
            3 => scalars.clone().prop_map(Value::Sequence),
            1 => scalars.prop_map(|v| Value::Sequence(vec![Value::Sequence(v)])),
            1 => Just(Value::Mapping(Mapping::new())),
        ]
    }

    fn mapping() -> impl Strategy<Value = Mapping> {
        let key = prop_oneof![
            8 => prop::sample::select(STRINGS).prop_map(|s| Value::String(s.to_owned())),
            1 => Just(Value::String("k".repeat(129))),
            1 => Just(Value::Bool(true)),
        ];
        prop::collection::vec((key, yaml_value()), 0..6)
            .prop_map(|entries| entries.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn writes_as_serde_yaml_does(map in mapping()) {
            let mut out = String::new();
            if emit(&map, &mut out).is_some() {
                let serde = serde_yaml::to_string(&Value::Mapping(map)).unwrap_or_default();
                prop_assert_eq!(out, serde);
            }
        }
    }

    #[test]
    fn writes_front_matter_without_libyaml() {
        let yaml = "title: 图书馆\nauthor: '0123'\ntags:\n- a\n- ''\n- it's\n- '- a'\nempty: []\n\
                    comments: false\ndate: Wed, 24 Jun 2017 12:08:27 GMT\nurl: https://x.y/z?a=1\n";
        let map = parse(yaml).expect("read");
        let mut out = String::new();
        assert_eq!(emit(&map, &mut out), Some(()));
        assert_eq!(out, yaml);
    }
}
