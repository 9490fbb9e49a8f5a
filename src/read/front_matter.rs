//! The YAML front matter block: finding it, parsing it, and mapping it onto [`Metadata`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_yaml::{Mapping, Value};

use super::ReadError;
use crate::meta::{Metadata, PostDate};

/// A front matter block as found in the text.
#[derive(Debug, PartialEq)]
pub struct Block<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based line of the opening fence in the file.
    pub fence_line: usize,
}

/// Finds a front matter block: an opening `---` (Hexo allows any run of three or more dashes)
/// as the first non-blank line, closed by the same run or by `...`. Returns the block, if any,
/// and the byte offset where the body starts.
pub fn split(text: &str) -> Result<(Option<Block<'_>>, usize), ReadError> {
    let mut lines = lines_with_offsets(text);
    let opening = lines.find(|(_, _, line)| !line.trim().is_empty());
    let Some((fence_line, fence_start, fence)) = opening else {
        return Ok((None, 0));
    };
    let fence = fence.trim_end();
    if fence.len() < 3 || !fence.bytes().all(|b| b == b'-') {
        return Ok((None, 0));
    }
    let yaml_start = fence_start + line_len(text, fence_start);
    for (_, start, line) in lines {
        let closing = line.trim_end();
        if closing == fence || closing == "..." {
            let yaml = text.get(yaml_start..start).unwrap_or_default();
            let body_start = start + line_len(text, start);
            return Ok((Some(Block { yaml, fence_line }), body_start));
        }
    }
    Err(ReadError::UnclosedFrontMatter {
        line: fence_line,
        fence: fence.to_owned(),
    })
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
    let yaml = soften_tabs(block.yaml);
    let parse_as_is = |yaml: &str| {
        serde_yaml::from_str::<Value>(yaml).map_err(|e| yaml_error(&e, yaml, block.fence_line, &[]))
    };
    let value = match Repeats::rename(&yaml) {
        None => parse_as_is(&yaml)?,
        Some(repeats) => {
            let value: Value = serde_yaml::from_str(&repeats.yaml)
                .map_err(|e| yaml_error(&e, &repeats.yaml, block.fence_line, &repeats.shifted))?;
            match repeats.restore(value) {
                Some(value) => {
                    warnings.extend(repeats.warnings(block.fence_line));
                    value
                }
                // The line scan misread the YAML (a key-like line inside a multi-line string):
                // what serde_yaml makes of the text as written stands, as before.
                None => parse_as_is(&yaml)?,
            }
        }
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
        out.push_str(&line[tabs..]);
    }
    Cow::Owned(out)
}

/// What serde_yaml would call `duplicate entry with key`, for top-level keys only: PyYAML and
/// Ruby, and so Jekyll and most blogs, keep the last value, and refusing the post helps no one.
///
/// The repeats are found line by line (a key at column 0, plain or quoted) and every occurrence
/// but the last is renamed to a marker key that serde_yaml then parses as any other, values,
/// anchors and all. Renaming rather than deleting keeps every line where it was, so errors still
/// name the right file line, and needs no guess at where a value ends. [`Repeats::restore`]
/// takes the markers out again, and refuses (so the text is parsed as written) unless each
/// marker and each kept key came back as a top-level key: then the scan read the YAML right.
struct Repeats<'a> {
    /// The block with earlier occurrences renamed.
    yaml: Cow<'a, str>,
    /// Each repeated key (as text) and the 1-based block lines of all its occurrences.
    keys: Vec<(String, Vec<usize>)>,
    /// Marker text → index into `keys`.
    markers: HashMap<String, usize>,
    /// Renamed lines: (1-based block line, key length as written, marker length), both in bytes
    /// from the start of the line.
    shifted: Vec<(usize, usize, usize)>,
}

/// Renamed keys read `"postbind duplicate N"`; a block that already holds the words is left
/// alone, so a marker can never meet a real key.
const MARKER: &str = "postbind duplicate ";

impl<'a> Repeats<'a> {
    /// `None` when no top-level key repeats: the block then goes to serde_yaml untouched.
    fn rename(yaml: &'a str) -> Option<Self> {
        // Key → (1-based block line, byte offset of the line, key length in bytes) of each.
        let mut seen: HashMap<Cow<'_, str>, Vec<(usize, usize, usize)>> = HashMap::new();
        let mut offset = 0;
        for (i, line) in yaml.split_inclusive('\n').enumerate() {
            if let Some((key, len)) = top_level_key(line) {
                seen.entry(key).or_default().push((i + 1, offset, len));
            }
            offset += line.len();
        }
        let mut repeated: Vec<_> = seen.into_iter().filter(|(_, at)| at.len() > 1).collect();
        if repeated.is_empty() || yaml.contains(MARKER) {
            return None;
        }
        // In order of first appearance, so warnings come in the order of the file.
        repeated.sort_unstable_by_key(|(_, at)| at.first().map(|&(line, _, _)| line));
        let mut renames = Vec::new();
        let mut keys = Vec::with_capacity(repeated.len());
        for (owner, (key, at)) in repeated.into_iter().enumerate() {
            let last = at.len() - 1;
            renames.extend(
                at.iter()
                    .take(last)
                    .map(|&(l, start, len)| (l, start, len, owner)),
            );
            keys.push((key.into_owned(), at.iter().map(|&(l, _, _)| l).collect()));
        }
        renames.sort_unstable();

        let mut out = String::with_capacity(yaml.len() + renames.len() * 24);
        let mut markers = HashMap::with_capacity(renames.len());
        let mut shifted = Vec::with_capacity(renames.len());
        let mut copied = 0;
        for (n, &(line, start, len, owner)) in renames.iter().enumerate() {
            let marker = format!("{MARKER}{n}");
            out.push_str(yaml.get(copied..start)?);
            out.push('"');
            out.push_str(&marker);
            out.push('"');
            shifted.push((line, len, marker.len() + 2));
            copied = start + len;
            markers.insert(marker, owner);
        }
        out.push_str(yaml.get(copied..)?);
        Some(Repeats {
            yaml: Cow::Owned(out),
            keys,
            markers,
            shifted,
        })
    }

    /// The mapping as PyYAML would have it: each repeated key where it first appeared, holding
    /// its last value. `None` when the markers did not all come back as top-level keys.
    fn restore(&self, value: Value) -> Option<Value> {
        let Value::Mapping(mapping) = value else {
            return None;
        };
        let mut entries: Vec<Option<(Value, Value)>> = mapping.into_iter().map(Some).collect();
        let mut first_marker: Vec<Option<usize>> = vec![None; self.keys.len()];
        let mut markers_found = 0;
        let index: HashMap<&str, usize> = self
            .keys
            .iter()
            .enumerate()
            .map(|(k, (key, _))| (key.as_str(), k))
            .collect();
        let mut kept: Vec<Option<usize>> = vec![None; self.keys.len()];
        for (i, entry) in entries.iter().enumerate() {
            let Some((key, _)) = entry else { continue };
            let Some(text) = scalar_string(key) else {
                continue;
            };
            if let Some(&owner) = self.markers.get(&text) {
                markers_found += 1;
                if let Some(first) = first_marker.get_mut(owner) {
                    first.get_or_insert(i);
                }
            } else if let Some(slot) = index.get(text.as_str()).and_then(|&k| kept.get_mut(k)) {
                *slot = Some(i);
            }
        }
        if markers_found != self.markers.len() || kept.iter().any(Option::is_none) {
            return None;
        }
        // Move each kept entry to where its key first appeared, then drop the markers.
        for (first, kept) in first_marker.iter().zip(&kept) {
            if let (Some(first), Some(kept)) = (*first, *kept) {
                let entry = entries.get_mut(kept)?.take();
                *entries.get_mut(first)? = entry;
            }
        }
        let mut out = Mapping::with_capacity(entries.len());
        for (key, value) in entries.into_iter().flatten() {
            let is_marker = scalar_string(&key).is_some_and(|t| self.markers.contains_key(&t));
            if !is_marker {
                out.insert(key, value);
            }
        }
        Some(Value::Mapping(out))
    }

    /// One warning per repeat, at the repeat's file line (the place to look for what to
    /// delete), in the order of the file.
    fn warnings(&self, fence_line: usize) -> Vec<String> {
        let mut repeats: Vec<(usize, &str)> = self
            .keys
            .iter()
            .flat_map(|(key, lines)| lines.iter().skip(1).map(move |&l| (l, key.as_str())))
            .collect();
        repeats.sort_unstable();
        repeats
            .into_iter()
            .map(|(line, key)| {
                format!(
                    "front matter, line {}: duplicate key {key:?}: the last value is used",
                    line + fence_line
                )
            })
            .collect()
    }
}

/// The key of a `key: value` line that starts at column 0 (a top-level key) and where it ends:
/// plain, `"double"` without escapes, or `'single'`. Anything less simple is left to
/// serde_yaml, which refuses a repeat of it as it always did.
fn top_level_key(line: &str) -> Option<(Cow<'_, str>, usize)> {
    let line = line.trim_end_matches(['\n', '\r']);
    let (key, end): (Cow<'_, str>, usize) = match line.as_bytes().first()? {
        b'"' => {
            let close = line.get(1..)?.find('"')? + 1;
            let inner = line.get(1..close)?;
            if inner.contains('\\') {
                return None;
            }
            (Cow::Borrowed(inner), close + 1)
        }
        b'\'' => {
            // `''` is a quote inside single quotes.
            let mut from = 1;
            loop {
                let close = line.get(from..)?.find('\'')? + from;
                if line.as_bytes().get(close + 1) == Some(&b'\'') {
                    from = close + 2;
                    continue;
                }
                break (
                    Cow::Owned(line.get(1..close)?.replace("''", "'")),
                    close + 1,
                );
            }
        }
        b' ' | b'\t' | b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'%' | b'@' | b'`' => return None,
        // `- `, `? ` and `: ` are YAML indicators; `-x` is a plain key.
        b'-' | b'?' | b':' if matches!(line.as_bytes().get(1), None | Some(b' ' | b'\t')) => {
            return None
        }
        _ => {
            let colon = line
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| matches!(line.as_bytes().get(i + 1), None | Some(b' ' | b'\t')))?;
            let key = line.get(..colon)?.trim_end_matches([' ', '\t']);
            if key.is_empty() || key.contains(" #") || key.contains("\t#") {
                return None;
            }
            (Cow::Borrowed(key), key.len())
        }
    };
    let after = line.get(end..)?.trim_start_matches([' ', '\t']);
    let value = after.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key, end))
}

/// A YAML error as one line that names the line in the file, not in the block. `shifted` lists
/// the lines whose key [`Repeats`] renamed, so that a column past the key counts as in the file.
fn yaml_error(
    err: &serde_yaml::Error,
    yaml: &str,
    fence_line: usize,
    shifted: &[(usize, usize, usize)],
) -> ReadError {
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
                    let column = shifted
                        .iter()
                        .find(|&&(line, _, marker)| line == loc.line() && loc.column() > marker)
                        .map_or(loc.column(), |&(_, key, marker)| {
                            loc.column() - marker + key
                        });
                    message = format!("column {column}: {message}");
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
        match after[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
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
const UPDATED: &[&str] = &["updated"];
const AUTHOR: &[&str] = &["author"];
const CATEGORIES: &[&str] = &["categories"];
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
        for name in names {
            let Some(i) = self.entries.iter().position(|(k, _)| k == name) else {
                continue;
            };
            let value = &self.entries[i].1;
            if let Some(v) = read(value) {
                self.consumed[i] = true;
                return Some(v);
            }
            if is_blank(value) {
                self.consumed[i] = true;
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

    let meta = Metadata {
        title: e.take(TITLE, text_field),
        date: e.take(DATE, PostDate::from_yaml),
        updated: e.take(UPDATED, PostDate::from_yaml),
        author: e.take(AUTHOR, author_field),
        categories: e.take(CATEGORIES, list_field).unwrap_or_default(),
        tags: e.take(TAGS, list_field).unwrap_or_default(),
        // Only text is a cover: themes write `cover: false` to mean none.
        cover: e.take(COVER, |v| match untag(v) {
            Value::String(s) => non_empty(s.clone()),
            _ => None,
        }),
        lang: e.take(LANG, text_field),
        description: e.take(DESCRIPTION, text_field),
        extra: Vec::new(),
        from_source: true,
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

    /// A front matter whose top-level keys are all different: plain and quoted keys, values on
    /// the line, nested mappings (which may repeat keys), lists at column 0, block scalars,
    /// comments and blank lines.
    fn distinct_keys() -> impl Strategy<Value = String> {
        proptest::collection::btree_set("[a-z_][a-z0-9_-]{0,6}", 0..10)
            .prop_flat_map(|keys| {
                let n = keys.len();
                let value = (0..6u8, 0..3u8, "[^\n\r]{0,16}");
                (Just(keys), proptest::collection::vec(value, n))
            })
            .prop_map(|(keys, values)| {
                let mut yaml = String::new();
                for (key, (shape, quote, text)) in keys.iter().zip(values) {
                    match quote {
                        0 => yaml.push_str(key),
                        1 => yaml.push_str(&format!("\"{key}\"")),
                        _ => yaml.push_str(&format!("'{key}'")),
                    }
                    match shape {
                        0 => yaml.push_str(&format!(": {text}\n")),
                        1 => yaml.push_str(&format!(":\n  {key}: {text}\n  {key}: x\n")),
                        2 => yaml.push_str(&format!(":\n- {text}\n-\n- {key}: y\n")),
                        3 => yaml.push_str(&format!(": |\n  {key}: {text}\n\n  z\n")),
                        4 => yaml.push_str(&format!(":\n# {key}: {text}\n")),
                        _ => yaml.push_str(":\r\n\r\n"),
                    }
                }
                yaml
            })
    }

    proptest! {
        #[test]
        fn distinct_keys_reach_serde_yaml_untouched(yaml in distinct_keys()) {
            prop_assert!(Repeats::rename(&yaml).is_none(), "{yaml:?}");
            // And through `parse`: nothing renamed means no warning about repeats.
            let block = Block { yaml: &yaml, fence_line: 1 };
            let mut warnings = Vec::new();
            let _ = parse(&block, &mut warnings);
            prop_assert!(!warnings.iter().any(|w| w.contains("duplicate key")), "{warnings:?}");
        }

        #[test]
        fn renaming_keeps_every_line_where_it_was(
            lines in proptest::collection::vec("(title|'title'|\"tags\"|tags|a b| x|-)(:| :|)[ a-z:#\"']{0,8}", 0..12)
        ) {
            let yaml = lines.join("\n");
            if let Some(repeats) = Repeats::rename(&yaml) {
                let before: Vec<&str> = yaml.split('\n').collect();
                let after: Vec<&str> = repeats.yaml.split('\n').collect();
                prop_assert_eq!(before.len(), after.len());
                let renamed: Vec<usize> = repeats.shifted.iter().map(|&(l, _, _)| l).collect();
                for (i, (b, a)) in before.iter().zip(&after).enumerate() {
                    if renamed.contains(&(i + 1)) {
                        prop_assert!(a.starts_with("\"postbind duplicate "), "{a:?}");
                    } else {
                        prop_assert_eq!(b, a);
                    }
                }
            }
        }
    }

    #[test]
    fn top_level_keys() {
        let key = |line| top_level_key(line).map(|(k, end)| (k.into_owned(), end));
        assert_eq!(key("title: x"), Some(("title".into(), 5)));
        assert_eq!(key("title :x: y"), Some(("title :x".into(), 8)));
        assert_eq!(key("日期:\r\n"), Some(("日期".into(), 6)));
        assert_eq!(key("'it''s': 1"), Some(("it's".into(), 7)));
        assert_eq!(key("\"a: b\" : 1"), Some(("a: b".into(), 6)));
        assert_eq!(key("-x: 1"), Some(("-x".into(), 2)));
        assert_eq!(key("url: http://x"), Some(("url".into(), 3)));
        for not_a_key in [
            "  title: x",
            "- title: x",
            "# title: x",
            "\"a\\\"b\": 1",
            "http://x",
            "? a",
            "title",
            "a #b: c",
            "[a]: b",
            "'open: x",
            "\"a\"x: 1",
        ] {
            assert_eq!(key(not_a_key), None, "{not_a_key:?}");
        }
    }
}
