//! The YAML front matter block: typed fields first, then the post's other keys as they were.

use serde_yaml::{Mapping, Value};

use crate::meta::Metadata;

pub fn write(meta: &Metadata, out: &mut String) {
    let mut map = Mapping::new();
    let mut put = |key: &str, value: Value| {
        map.insert(Value::String(key.to_string()), value);
    };
    let text = |s: &String| Value::String(s.clone());
    let list = |items: &[String]| Value::Sequence(items.iter().map(text).collect());
    if let Some(t) = &meta.title {
        put("title", text(t));
    }
    // Dates are written unquoted as ISO 8601, the form every static site generator reads.
    if let Some(d) = &meta.date {
        put("date", Value::String(d.to_iso8601()));
    }
    if let Some(d) = &meta.updated {
        put("updated", Value::String(d.to_iso8601()));
    }
    if let Some(a) = &meta.author {
        put("author", text(a));
    }
    if !meta.categories.is_empty() {
        put("categories", list(&meta.categories));
    }
    if !meta.tags.is_empty() {
        put("tags", list(&meta.tags));
    }
    if let Some(c) = &meta.cover {
        // Themes read their own key (`headimg`, `thumbnail`): the author's name is kept.
        put(meta.cover_key.as_deref().unwrap_or("cover"), text(c));
    }
    if let Some(l) = &meta.lang {
        put("lang", text(l));
    }
    if let Some(d) = &meta.description {
        put("description", text(d));
    }
    for (k, v) in &meta.extra {
        // A key the reader could not type (`date: yesterday`) stays in `extra`; the typed
        // value written above wins.
        let key = Value::String(k.clone());
        if !map.contains_key(&key) {
            map.insert(key, v.clone());
        }
    }
    out.push_str("---\n");
    let start = out.len();
    if !map.is_empty() && crate::flat_yaml::emit(&map, out).is_none() {
        out.truncate(start);
        // Serializing a mapping of strings and parsed YAML values cannot fail; should it ever,
        // the block is left empty rather than the post lost.
        out.push_str(&serde_yaml::to_string(&Value::Mapping(map)).unwrap_or_default());
    }
    out.push_str("---\n");
}
