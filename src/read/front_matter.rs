//! The YAML front matter block: finding it, parsing it, and mapping it onto [`Metadata`].

use std::borrow::Cow;
use std::collections::HashSet;

use serde_yaml::{Mapping, Value};

use super::ReadError;
use crate::meta::{Metadata, PostDate};

/// A front matter block as found in the text.
#[derive(Debug, PartialEq)]
pub struct Block<'a> {
    /// The text between the fences (for JSON, the object itself).
    pub yaml: &'a str,
    /// 1-based line of the opening fence in the file.
    pub fence_line: usize,
    pub format: ConfigFormat,
}

/// The languages front matter and site configuration are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFormat {
    /// Between `---` fences (Hexo, Jekyll, Hugo).
    Yaml,
    /// Between `+++` fences (Hugo).
    Toml,
    /// An object at the top of the file (Hugo).
    Json,
}

/// Finds a front matter block as the first non-blank line opens it: `---` (Hexo allows any run
/// of three or more dashes) closed by the same run or by `...`; `+++` closed by `+++` (TOML);
/// or a JSON object whose `{` starts the line. Returns the block, if any, and the byte offset
/// where the body starts.
pub fn split(text: &str) -> Result<(Option<Block<'_>>, usize), ReadError> {
    let mut lines = lines_with_offsets(text);
    let opening = lines.find(|(_, _, line)| !line.trim().is_empty());
    let Some((fence_line, fence_start, fence)) = opening else {
        return Ok((None, 0));
    };
    let fence = fence.trim_end();
    let json = fence
        .strip_prefix('{')
        .is_some_and(|rest| matches!(rest.trim_start().bytes().next(), None | Some(b'"' | b'}')));
    if json {
        return Ok(json_block(text, fence_start, fence_line));
    }
    let format = if fence == "+++" {
        ConfigFormat::Toml
    } else if fence.len() >= 3 && fence.bytes().all(|b| b == b'-') {
        ConfigFormat::Yaml
    } else {
        return Ok((None, 0));
    };
    let yaml_start = fence_start + line_len(text, fence_start);
    for (_, start, line) in lines {
        let closing = line.trim_end();
        if closing == fence || (format == ConfigFormat::Yaml && closing == "...") {
            let yaml = text.get(yaml_start..start).unwrap_or_default();
            let body_start = start + line_len(text, start);
            let block = Block {
                yaml,
                fence_line,
                format,
            };
            return Ok((Some(block), body_start));
        }
    }
    Err(ReadError::UnclosedFrontMatter {
        line: fence_line,
        fence: fence.to_owned(),
    })
}

/// Hugo's JSON front matter: an object from `start` to its matching `}` at the end of a line.
/// Anything else (a body that starts with `{`) is no front matter.
fn json_block(text: &str, start: usize, fence_line: usize) -> (Option<Block<'_>>, usize) {
    let Some(rest) = text.get(start..) else {
        return (None, 0);
    };
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in rest.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    let end = start + i + 1;
                    let after = text.get(end..).unwrap_or_default();
                    let line_end = after.find('\n').map_or(after.len(), |n| n + 1);
                    if !after.get(..line_end).unwrap_or_default().trim().is_empty() {
                        return (None, 0);
                    }
                    let yaml = text.get(start..end).unwrap_or_default();
                    let block = Block {
                        yaml,
                        fence_line,
                        format: ConfigFormat::Json,
                    };
                    return (Some(block), end + line_end);
                }
            }
            _ => {}
        }
    }
    (None, 0)
}

/// (1-based line number, byte offset, line without its `\n`).
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    text.split_inclusive('\n')
        .enumerate()
        .scan(0, |offset, (i, line)| {
            let start = *offset;
            *offset += line.len();
            Some((i + 1, start, line.strip_suffix('\n').unwrap_or(line)))
        })
}

/// Length of the line starting at `start`, including its `\n`.
fn line_len(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    rest.find('\n').map_or(rest.len(), |i| i + 1)
}

/// Parses a block into metadata; problems that lose nothing go to `warnings`.
pub fn parse(block: &Block<'_>, warnings: &mut Vec<String>) -> Result<Metadata, ReadError> {
    check_limits(block)?;
    if block.format == ConfigFormat::Toml {
        let value = toml_value(block.yaml).map_err(|(line, message)| ReadError::FrontMatter {
            line: block.fence_line + line,
            message,
        })?;
        let mapping = match value {
            Value::Mapping(m) => m,
            _ => Mapping::new(),
        };
        return Ok(to_metadata(mapping, warnings));
    }
    let yaml = soften_tabs(block.yaml);
    if let Some(mapping) = crate::flat_yaml::parse(&yaml) {
        return Ok(to_metadata(mapping, warnings));
    }
    let value = match serde_yaml::from_str::<Value>(&yaml) {
        Ok(value) => value,
        // PyYAML and Ruby, and so Jekyll and most blogs, keep a repeated top-level key's last
        // value; refusing the post would help no one. A repeat inside a value still fails.
        Err(e) if e.to_string().contains("duplicate entry") => {
            let top: LastWins =
                serde_yaml::from_str(&yaml).map_err(|e| yaml_error(&e, &yaml, block.fence_line))?;
            warnings.extend(repeat_warnings(&yaml, &top.repeats, block.fence_line));
            Value::Mapping(top.mapping)
        }
        Err(e) => return Err(yaml_error(&e, &yaml, block.fence_line)),
    };
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        other => {
            return Err(ReadError::FrontMatter {
                line: block.fence_line + 1,
                message: format!("expected `key: value` lines, found {}", kind(&other)),
            })
        }
    };
    Ok(to_metadata(mapping, warnings))
}

/// A site's configuration file or a front matter block as a YAML value; `None` when it is not
/// valid.
pub fn parse_config_text(text: &str, format: ConfigFormat) -> Option<Value> {
    match format {
        ConfigFormat::Toml => toml_value(text).ok(),
        // JSON is YAML's flow style.
        ConfigFormat::Yaml | ConfigFormat::Json => serde_yaml::from_str(&soften_tabs(text)).ok(),
    }
}

/// TOML as a YAML value, or the 1-based line and message of its error.
fn toml_value(text: &str) -> Result<Value, (usize, String)> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text.get(..s.start.min(text.len()))
                .unwrap_or_default()
                .matches('\n')
                .count()
                + 1
        });
        (line, e.message().trim().to_string())
    })?;
    Ok(from_toml(toml::Value::Table(table), 0))
}

/// The TOML parser bounds nesting itself; the depth check keeps this recursion bounded anyway.
fn from_toml(value: toml::Value, depth: usize) -> Value {
    if depth > 64 {
        return Value::Null;
    }
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => {
            Value::Sequence(items.into_iter().map(|v| from_toml(v, depth + 1)).collect())
        }
        toml::Value::Table(t) => Value::Mapping(
            t.into_iter()
                .map(|(k, v)| (Value::String(k), from_toml(v, depth + 1)))
                .collect(),
        ),
    }
}

/// Front matter is a few lines; these bounds only stop hostile input.
const MAX_YAML_BYTES: usize = 1 << 20;
/// libyaml takes time proportional to tokens × flow nesting depth, so 100,000 `[` take
/// minutes before serde_yaml's own depth limit (128) can refuse them. Counting every
/// bracket, quoted or not, bounds the depth whatever the quoting.
const MAX_FLOW_BRACKETS: usize = 1000;

fn check_limits(block: &Block<'_>) -> Result<(), ReadError> {
    let refuse = |message: String| {
        Err(ReadError::FrontMatter {
            line: block.fence_line,
            message,
        })
    };
    if block.yaml.len() > MAX_YAML_BYTES {
        return refuse(format!(
            "the block is {} bytes; more than {MAX_YAML_BYTES} is refused",
            block.yaml.len()
        ));
    }
    let brackets = block
        .yaml
        .bytes()
        .filter(|b| matches!(b, b'[' | b'{'))
        .count();
    if brackets > MAX_FLOW_BRACKETS {
        return refuse(format!(
            "the block opens {brackets} `[`/`{{`; more than {MAX_FLOW_BRACKETS} is refused (nested too deeply)"
        ));
    }
    Ok(())
}

/// Hexo turns tabs that indent front matter into spaces before parsing; YAML forbids them.
fn soften_tabs(yaml: &str) -> Cow<'_, str> {
    if !yaml.starts_with('\t') && !yaml.contains("\n\t") {
        return Cow::Borrowed(yaml);
    }
    let mut out = String::with_capacity(yaml.len() + 16);
    for line in yaml.split_inclusive('\n') {
        let tabs = line.len() - line.trim_start_matches('\t').len();
        out.extend(std::iter::repeat_n("  ", tabs));
        out.push_str(line.get(tabs..).unwrap_or_default());
    }
    Cow::Owned(out)
}

/// The top-level mapping read as PyYAML reads it: a repeated key keeps its place and takes
/// its last value. Nested mappings are serde_yaml's own, which refuse repeats.
struct LastWins {
    mapping: Mapping,
    /// The repeated keys, once per repeat.
    repeats: Vec<String>,
}

impl<'de> serde::Deserialize<'de> for LastWins {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Top;
        impl<'de> serde::de::Visitor<'de> for Top {
            type Value = LastWins;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`key: value` lines")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<LastWins, A::Error> {
                let mut top = LastWins {
                    mapping: Mapping::new(),
                    repeats: Vec::new(),
                };
                while let Some(key) = a.next_key::<Value>()? {
                    let value: Value = a.next_value()?;
                    match top.mapping.get_mut(&key) {
                        Some(slot) => {
                            top.repeats
                                .push(scalar_string(&key).unwrap_or_else(|| describe(&key)));
                            *slot = value;
                        }
                        None => {
                            top.mapping.insert(key, value);
                        }
                    }
                }
                Ok(top)
            }
        }
        d.deserialize_map(Top)
    }
}

/// One warning per repeat, at the file line of the repeat where a `key:` line at column 0
/// shows it (the place to look for what to delete).
fn repeat_warnings(yaml: &str, repeats: &[String], fence_line: usize) -> Vec<String> {
    let mut keys: Vec<&String> = repeats.iter().collect();
    keys.sort();
    keys.dedup();
    let mut found: Vec<(usize, String)> = Vec::new();
    for key in keys {
        let spellings = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ];
        let lines: Vec<usize> = yaml
            .lines()
            .enumerate()
            .filter(|(_, line)| {
                spellings.iter().any(|k| {
                    line.strip_prefix(k.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
                })
            })
            .map(|(i, _)| i + 1)
            .collect();
        let count = repeats.iter().filter(|r| *r == key).count();
        for n in 0..count {
            let at = lines.get(n + 1).map(|l| l + fence_line);
            found.push((at.unwrap_or(fence_line), key.clone()));
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|(line, key)| {
            format!("front matter, line {line}: duplicate key {key:?}: the last value is used")
        })
        .collect()
}

/// A YAML error as one line that names the line in the file, not in the block.
fn yaml_error(err: &serde_yaml::Error, yaml: &str, fence_line: usize) -> ReadError {
    // serde_yaml numbers lines from the block's first line, which follows the fence.
    let mut message = err.to_string();
    let line = match err.location() {
        Some(loc) => {
            let own = format!(" at line {} column {}", loc.line(), loc.column());
            if let Some(at) = message.find(&own) {
                message.replace_range(at..at + own.len(), "");
            }
            // serde_yaml points a duplicate key at its mapping; the repeat is more useful.
            let duplicate = duplicate_key_line(yaml, &message, loc.line());
            message = shift_lines(&message, fence_line);
            match duplicate {
                Some(line) => line + fence_line,
                None => {
                    message = format!("column {}: {message}", loc.column());
                    loc.line() + fence_line
                }
            }
        }
        None => fence_line,
    };
    if message.contains("repetition limit exceeded") {
        message.push_str(" (aliases expand to too much data)");
    } else if message.contains("recursion limit exceeded") {
        message.push_str(" (nested too deeply)");
    }
    ReadError::FrontMatter { line, message }
}

/// For `duplicate entry with key "k"` (after a path such as `author: ` when the mapping is
/// nested): the block line where `k:` appears the second time at one indentation, searching
/// from `mapping_line`, where serde_yaml says the mapping starts.
fn duplicate_key_line(yaml: &str, message: &str, mapping_line: usize) -> Option<usize> {
    const DUPLICATE: &str = "duplicate entry with key \"";
    let at = message.find(DUPLICATE)?;
    let key = message.get(at + DUPLICATE.len()..)?.split('"').next()?;
    let spellings = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let mut found = yaml
        .lines()
        .enumerate()
        .skip(mapping_line.saturating_sub(1))
        .filter_map(|(i, line)| {
            let key_at = line.trim_start().trim_start_matches("- ");
            let found = spellings.iter().any(|k| key_at.starts_with(k.as_str()));
            found.then_some((i, line.len() - key_at.len()))
        });
    let (_, indent) = found.next()?;
    found
        .find(|&(_, column)| column == indent)
        .map(|(i, _)| i + 1)
}

/// Adds `offset` to every `line N` in a serde_yaml message.
fn shift_lines(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len() + 8);
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (before, after) = rest.split_at(at + "line ".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after.get(..digits).unwrap_or_default().parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(after.get(..digits).unwrap_or_default()),
        }
        rest = after.get(digits..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The text of a scalar; `None` for null, lists and mappings.
fn scalar_string(value: &Value) -> Option<String> {
    match untag(value) {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn untag(mut value: &Value) -> &Value {
    while let Value::Tagged(tagged) = value {
        value = &tagged.value;
    }
    value
}

fn non_empty(s: String) -> Option<String> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == s.len() {
        Some(s)
    } else {
        Some(trimmed.to_owned())
    }
}

fn text_field(value: &Value) -> Option<String> {
    scalar_string(value).and_then(non_empty)
}

/// `title: Text`, or a list of parts (`title: [第一部, 序章]`) joined by spaces: a list is
/// not dropped for the file name.
fn title_field(value: &Value) -> Option<String> {
    match untag(value) {
        Value::Sequence(items) => {
            let parts: Vec<String> = items.iter().filter_map(text_field).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        other => text_field(other),
    }
}

/// `author: Name`, `author: {name: Name, link: …}`, or a list of either.
fn author_field(value: &Value) -> Option<String> {
    let name_of = |v: &Value| match untag(v) {
        Value::Mapping(m) => m.get("name").and_then(text_field),
        other => text_field(other),
    };
    match untag(value) {
        Value::Sequence(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => name_of(other),
    }
}

/// A list, a single string, or Hexo's nested lists (`[[Parent, Child], Other]`), flattened
/// in order without repeats. `None` when the value is not list-like at all.
fn list_field(value: &Value) -> Option<Vec<String>> {
    if matches!(untag(value), Value::Mapping(_)) {
        return None;
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // Depth is bounded by serde_yaml's recursion limit, but a stack costs nothing here.
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match untag(v) {
            Value::Sequence(items) => stack.extend(items.iter().rev()),
            other => {
                if let Some(s) = text_field(other) {
                    if seen.insert(s.clone()) {
                        out.push(s);
                    }
                }
            }
        }
    }
    Some(out)
}

/// Typed fields and the keys they may come from, most preferred first.
const TITLE: &[&str] = &["title"];
const DATE: &[&str] = &["date"];
const UPDATED: &[&str] = &["updated", "lastmod"];
const AUTHOR: &[&str] = &["author", "authors"];
const CATEGORIES: &[&str] = &["categories", "category"];
const TAGS: &[&str] = &["tags"];
const COVER: &[&str] = &["cover", "headimg", "thumbnail", "banner_img"];
const LANG: &[&str] = &["lang", "language"];
const DESCRIPTION: &[&str] = &["description", "excerpt", "summary"];

/// Front matter entries in source order, marked as they are consumed into typed fields.
struct Entries {
    entries: Vec<(String, Value)>,
    consumed: Vec<bool>,
}

impl Entries {
    /// The first of `names` (in preference order) that `read` accepts; that key is consumed.
    /// Null or blank values are consumed too: they say nothing, and writing them back would
    /// only clash with the value a writer fills in.
    fn take<T>(&mut self, names: &[&str], read: impl Fn(&Value) -> Option<T>) -> Option<T> {
        self.take_keyed(names, read).map(|(_, v)| v)
    }

    /// [`Entries::take`], with the key the value came from.
    fn take_keyed<T>(
        &mut self,
        names: &[&str],
        read: impl Fn(&Value) -> Option<T>,
    ) -> Option<(String, T)> {
        for name in names {
            let Some(i) = self.entries.iter().position(|(k, _)| k == name) else {
                continue;
            };
            let Some((_, value)) = self.entries.get(i) else {
                continue;
            };
            let taken = read(value);
            if taken.is_some() || is_blank(value) {
                if let Some(c) = self.consumed.get_mut(i) {
                    *c = true;
                }
            }
            if let Some(v) = taken {
                return Some(((*name).to_string(), v));
            }
        }
        None
    }
}

fn is_blank(value: &Value) -> bool {
    match untag(value) {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn to_metadata(mapping: Mapping, warnings: &mut Vec<String>) -> Metadata {
    let mut entries = Vec::with_capacity(mapping.len());
    for (key, value) in mapping {
        match scalar_string(&key) {
            Some(k) => entries.push((k, value)),
            None => warnings.push(format!(
                "front matter key `{}` is not text; ignored",
                serde_yaml::to_string(&key).unwrap_or_default().trim()
            )),
        }
    }
    let consumed = vec![false; entries.len()];
    let mut e = Entries { entries, consumed };

    // Only text is a cover: themes write `cover: false` to mean none.
    let cover = e.take_keyed(COVER, |v| match untag(v) {
        Value::String(s) => non_empty(s.clone()),
        _ => None,
    });
    let meta = Metadata {
        title: e.take(TITLE, title_field),
        date: e.take(DATE, PostDate::from_yaml),
        updated: e.take(UPDATED, PostDate::from_yaml),
        author: e.take(AUTHOR, author_field),
        categories: e.take(CATEGORIES, list_field).unwrap_or_default(),
        tags: e.take(TAGS, list_field).unwrap_or_default(),
        cover_key: cover.as_ref().map(|(key, _)| key.clone()),
        cover: cover.map(|(_, c)| c),
        lang: e.take(LANG, text_field),
        description: e.take(DESCRIPTION, text_field),
        extra: Vec::new(),
        from_source: true,
        // Read, not taken: the key is the author's and is written back.
        draft: e.entries.iter().any(|(k, v)| {
            matches!(
                (k.as_str(), untag(v)),
                ("draft", Value::Bool(true)) | ("published", Value::Bool(false))
            )
        }),
    };

    let typed = [
        (TITLE, "text"),
        (DATE, "a date"),
        (UPDATED, "a date"),
        (AUTHOR, "a name"),
        (CATEGORIES, "a list"),
        (TAGS, "a list"),
        (LANG, "a language tag"),
        (DESCRIPTION, "text"),
    ];
    let mut extra = Vec::with_capacity(e.entries.len());
    for ((key, value), used) in e.entries.into_iter().zip(e.consumed) {
        if used {
            continue;
        }
        if let Some((_, expected)) = typed
            .iter()
            .find(|(names, _)| names.first() == Some(&key.as_str()))
        {
            warnings.push(format!(
                "front matter `{key}` ({}) is not {expected} postbind can read; kept as is",
                describe(&value)
            ));
        }
        extra.push((key, value));
    }
    Metadata { extra, ..meta }
}

fn describe(value: &Value) -> String {
    match untag(value) {
        Value::String(s) => format!("`{s}`"),
        other => kind(other).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Repeats or not, the mapping is serde_yaml's with each key's last value kept where
        /// the key first appeared, and a warning per repeat.
        #[test]
        fn repeated_keys_keep_their_last_value(
            entries in proptest::collection::vec(("[a-c]", "[a-z0-9]{1,5}"), 0..8)
        ) {
            let yaml: String = entries.iter().map(|(k, v)| format!("{k}: v{v}\n")).collect();
            let block = Block { yaml: &yaml, fence_line: 1, format: ConfigFormat::Yaml };
            let mut warnings = Vec::new();
            let meta = parse(&block, &mut warnings).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut want: Vec<(String, String)> = Vec::new();
            for (k, v) in &entries {
                match want.iter_mut().find(|(key, _)| key == k) {
                    Some(slot) => slot.1 = format!("v{v}"),
                    None => want.push((k.clone(), format!("v{v}"))),
                }
            }
            let got: Vec<(String, String)> = meta
                .extra
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), scalar_string(v)?)))
                .collect();
            prop_assert_eq!(got, want.clone());
            prop_assert_eq!(warnings.len(), entries.len() - want.len());
        }
    }
}
