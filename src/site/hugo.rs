//! Hugo's built-in shortcodes.

use std::borrow::Cow;
use std::path::Path;

use super::tags::{self, escape, iframe, link, named_args, Expansion, Tag};
use super::Site;

pub(crate) fn expand<'a>(
    body: &'a str,
    _site: &Site,
    _post: &Path,
    warnings: &mut Vec<String>,
) -> Cow<'a, str> {
    tags::expand(body, tags::Syntax::Shortcode, Some(&tag), None, warnings)
}

fn tag(t: &Tag) -> Expansion {
    let (named, pos) = named_args(t.args);
    let get = |key: &str| {
        named
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let first = || get("id").or(pos.first().map(String::as_str));
    match t.name {
        "figure" | "img" | "image" => {
            let Some(src) = get("src").or(pos.first().map(String::as_str)) else {
                return Expansion::Nothing;
            };
            let title = get("title");
            let caption = get("caption").or(title);
            let alt = get("alt").or(caption).unwrap_or_default();
            let mut html = String::from("\n\n<figure>");
            html.push_str(&tags::img(src, alt, title, [get("width"), get("height")]));
            if let Some(c) = caption {
                html.push_str(&format!("<figcaption>{}</figcaption>", escape(c)));
            }
            html.push_str("</figure>\n\n");
            Expansion::Inline(html)
        }
        "highlight" | "code" => Expansion::Code {
            lang: pos.first().cloned(),
            caption: None,
        },
        "ref" | "relref" => match get("path").or(pos.first().map(String::as_str)) {
            Some(path) => Expansion::Inline(path.trim_start_matches('/').to_string()),
            None => Expansion::Nothing,
        },
        "youtube" => match first() {
            Some(id) => Expansion::Inline(iframe(&format!("https://www.youtube.com/embed/{id}"))),
            None => Expansion::Nothing,
        },
        "vimeo" => match first() {
            Some(id) => Expansion::Inline(iframe(&format!("https://player.vimeo.com/video/{id}"))),
            None => Expansion::Nothing,
        },
        "bilibili" => match first() {
            Some(id) => Expansion::Inline(iframe(&format!(
                "https://player.bilibili.com/player.html?bvid={id}"
            ))),
            None => Expansion::Nothing,
        },
        "gist" => match pos.as_slice() {
            [user, id, ..] => {
                let url = format!("https://gist.github.com/{user}/{id}");
                Expansion::Inline(link(&url, &url))
            }
            _ => Expansion::Nothing,
        },
        "tweet" | "x" => match (get("user"), get("id").or(pos.last().map(String::as_str))) {
            (Some(user), Some(id)) => {
                let url = format!("https://twitter.com/{user}/status/{id}");
                Expansion::Inline(link(&url, &url))
            }
            _ => Expansion::Nothing,
        },
        "instagram" => match first() {
            Some(id) => {
                let url = format!("https://www.instagram.com/p/{id}/");
                Expansion::Inline(link(&url, &url))
            }
            None => Expansion::Nothing,
        },
        "details" => {
            let summary = get("summary").or(pos.first().map(String::as_str));
            let (open, close) = tags::callout("details", summary);
            Expansion::Wrap { open, close }
        }
        "notice" | "hint" | "alert" | "admonition" | "callout" | "note" | "tip" | "warning" => {
            let kind = if matches!(t.name, "note" | "tip" | "warning") {
                t.name
            } else {
                pos.first().map_or("note", String::as_str)
            };
            let (open, close) = tags::callout(kind, get("title"));
            Expansion::Wrap { open, close }
        }
        "raw" | "rawhtml" => Expansion::Raw,
        _ => Expansion::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes() {
        let site = Site::plain(Path::new("/nonexistent"));
        let mut w = Vec::new();
        let out = expand(
            "{{< figure src=\"/img/a.png\" caption=\"图一\" >}}\n{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n[x]({{< relref \"post.md\" >}})\n{{% notice tip %}}\n提示\n{{% /notice %}}\n{{< mystery a >}}内容{{< /mystery >}}\n",
            &site,
            Path::new("/nonexistent/content/a.md"),
            &mut w,
        );
        assert!(
            out.contains("<figure><img src=\"/img/a.png\" alt=\"图一\"><figcaption>图一</figcaption></figure>"),
            "{out}"
        );
        assert!(out.contains("```go\nfunc main() {}\n```"), "{out}");
        assert!(out.contains("[x](post.md)"), "{out}");
        assert!(out.contains("<blockquote class=\"callout tip\">"), "{out}");
        assert!(out.contains("内容") && !out.contains("mystery"), "{out}");
        assert_eq!(w.len(), 1);
    }
}
