//! Hexo's tag plugins, as hexo (and the NexT theme's common tags) render them.

use std::borrow::Cow;
use std::path::Path;

use super::tags::{self, callout, code_block, iframe, img, link, split_args, Expansion, Tag};
use super::Site;

/// `include_code` files are small source files; larger ones are not read.
const MAX_INCLUDE_BYTES: u64 = 1 << 20;

pub(crate) fn expand<'a>(
    body: &'a str,
    site: &Site,
    post: &Path,
    warnings: &mut Vec<String>,
) -> Cow<'a, str> {
    let engine = |t: &Tag| tag(t, site, post);
    tags::expand(body, tags::Syntax::Liquid, Some(&engine), None, warnings)
}

fn tag(t: &Tag, site: &Site, post: &Path) -> Expansion {
    let args = split_args(t.args);
    match t.name {
        "asset_img" | "img" | "image" => image(&args),
        "asset_path" => Expansion::Inline(args.first().cloned().unwrap_or_default()),
        "asset_link" => match args.split_first() {
            Some((slug, rest)) => {
                let text = if rest.is_empty() {
                    slug.clone()
                } else {
                    rest.join(" ")
                };
                Expansion::Inline(link(slug, &text))
            }
            None => Expansion::Nothing,
        },
        "codeblock" | "code" => {
            let (lang, caption) = code_args(&args);
            Expansion::Code { lang, caption }
        }
        "include_code" => include_code(&args, site),
        "raw" => Expansion::Raw,
        "blockquote" | "quote" => {
            let by = t.args.trim();
            // `author, source` then perhaps a link: the attribution goes under the quote.
            let by: Vec<&str> = by
                .split_whitespace()
                .filter(|w| !w.starts_with("http://") && !w.starts_with("https://"))
                .collect();
            let close = if by.is_empty() {
                "\n\n</blockquote>\n\n".to_string()
            } else {
                format!(
                    "\n\n<p>— {}</p>\n\n</blockquote>\n\n",
                    tags::escape(&by.join(" "))
                )
            };
            Expansion::Wrap {
                open: "\n\n<blockquote>\n\n".into(),
                close,
            }
        }
        "pullquote" | "centerquote" | "cq" => Expansion::Wrap {
            open: "\n\n<blockquote>\n\n".into(),
            close: "\n\n</blockquote>\n\n".into(),
        },
        "note" | "alert" | "callout" | "admonition" => {
            let kind = args
                .iter()
                .find(|a| a.as_str() != "no-icon")
                .map_or("note", String::as_str);
            let (open, close) = callout(kind, None);
            Expansion::Wrap { open, close }
        }
        "details" | "fold" | "folding" | "spoiler" => {
            let (open, close) = callout("details", Some(t.args.trim()));
            Expansion::Wrap { open, close }
        }
        "post_link" | "post_path" => post_link(t.name, &args, site, post),
        "link" => match args.as_slice() {
            [text @ .., url] if url.contains("://") || url.starts_with('/') => {
                Expansion::Inline(link(url, &text.join(" ")))
            }
            _ => Expansion::Unknown,
        },
        "iframe" => match args.first() {
            Some(url) => Expansion::Inline(iframe(url)),
            None => Expansion::Nothing,
        },
        "youtube" => match args.first() {
            Some(id) => Expansion::Inline(iframe(&format!(
                "https://www.youtube.com/embed/{}",
                id.trim()
            ))),
            None => Expansion::Nothing,
        },
        "vimeo" => match args.first() {
            Some(id) => Expansion::Inline(iframe(&format!(
                "https://player.vimeo.com/video/{}",
                id.trim()
            ))),
            None => Expansion::Nothing,
        },
        "gist" => match args.first() {
            Some(id) => {
                let url = format!("https://gist.github.com/{id}");
                Expansion::Inline(link(&url, &url))
            }
            None => Expansion::Nothing,
        },
        "jsfiddle" => match args.first() {
            Some(id) => {
                let url = format!("https://jsfiddle.net/{id}");
                Expansion::Inline(link(&url, &url))
            }
            None => Expansion::Nothing,
        },
        // A post's excerpt marker and a theme's layout hints show nothing.
        "more" | "excerpt" => Expansion::Nothing,
        _ => Expansion::Unknown,
    }
}

/// `{% img [class names] /path/to/image [width] [height] [title text [alt text]] %}`:
/// classes come before the first argument that looks like a path or URL.
fn image(args: &[String]) -> Expansion {
    let looks_like_src = |a: &String| a.contains('.') || a.contains('/');
    let Some((src, rest)) = args
        .iter()
        .position(looks_like_src)
        .and_then(|at| args.get(at..))
        .and_then(<[String]>::split_first)
    else {
        return Expansion::Nothing;
    };
    let mut rest = rest.iter().peekable();
    let mut size = [None, None];
    for slot in &mut size {
        if let Some(n) = rest.next_if(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit())) {
            *slot = Some(n.as_str());
        }
    }
    let rest: Vec<&String> = rest.collect();
    // `"title" "alt"` when quoted (split_args has grouped them), else all words are the title.
    let (title, alt) = match rest.as_slice() {
        [] => (String::new(), String::new()),
        [t, a] => ((*t).clone(), (*a).clone()),
        words => {
            let t: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
            (t.join(" "), String::new())
        }
    };
    let alt = if alt.is_empty() { title.clone() } else { alt };
    Expansion::Inline(img(src, &alt, Some(&title), size))
}

/// `[title] [lang:language] [url] [link text]` of `codeblock` and `include_code`.
fn code_args(args: &[String]) -> (Option<String>, Option<String>) {
    let mut lang = None;
    let mut title = Vec::new();
    for a in args {
        if let Some(l) = a.strip_prefix("lang:") {
            lang = Some(l.to_string());
        } else if a.contains("://") || a.contains(':') {
            // A source link or an option (`line_number:false`): not shown.
        } else {
            title.push(a.as_str());
        }
    }
    let caption = (!title.is_empty()).then(|| title.join(" "));
    (lang, caption)
}

/// `{% include_code [title] [lang:language] [from:line] [to:line] path/to/file %}`: a file
/// under the site's code folder, which must stay inside the site.
fn include_code(args: &[String], site: &Site) -> Expansion {
    let Some((file, rest)) = args.split_last() else {
        return Expansion::Nothing;
    };
    let dir = site
        .root
        .join(&site.config.source_dir)
        .join(&site.config.code_dir);
    let Some(code) = read_inside(&site.root, &dir.join(file)) else {
        return Expansion::Failed(format!(
            "{file} is not a readable file under the site's code folder; left out"
        ));
    };
    let number = |key: &str| {
        rest.iter()
            .find_map(|a| a.strip_prefix(key))
            .and_then(|n| n.parse::<usize>().ok())
    };
    let (from, to) = (number("from:").unwrap_or(1), number("to:"));
    let lines: Vec<&str> = code.lines().collect();
    let end = to.unwrap_or(lines.len()).min(lines.len());
    let start = from.max(1).min(end.max(1));
    let picked = lines.get(start - 1..end).unwrap_or_default().join("\n");
    let (lang, caption) = code_args(rest);
    let lang = lang.or_else(|| {
        Path::new(file)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_string)
    });
    let caption = caption.or_else(|| Some(file.clone()));
    Expansion::Inline(code_block(lang.as_deref(), caption.as_deref(), &picked))
}

/// A text file's content when its real path lies inside `root`.
pub(super) fn read_inside(root: &Path, path: &Path) -> Option<String> {
    let real = path.canonicalize().ok()?;
    if !real.starts_with(root) {
        return None;
    }
    let meta = std::fs::metadata(&real).ok()?;
    if !meta.is_file() || meta.len() > MAX_INCLUDE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&real).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// `{% post_link slug [title] %}`: a link to the other post, named by its title.
fn post_link(name: &str, args: &[String], site: &Site, post: &Path) -> Expansion {
    let Some((slug, rest)) = args.split_first() else {
        return Expansion::Nothing;
    };
    let slug = slug.trim_end_matches(".md");
    let posts = site.root.join(&site.config.source_dir).join("_posts");
    let target = [
        posts.join(format!("{slug}.md")),
        posts.join(slug).join("index.md"),
    ]
    .into_iter()
    .find(|p| p.is_file());
    // Relative to this post's folder, as the Markdown export mirrors the folders.
    let href = match (&target, post.parent()) {
        (Some(t), Some(dir)) => relative(dir, t),
        _ => format!("{slug}.md"),
    };
    if name == "post_path" {
        return Expansion::Inline(href);
    }
    let text = match rest {
        [] => target
            .as_deref()
            .and_then(|t| read_inside(&site.root, t))
            .and_then(|t| crate::read::front_matter_title(&t))
            .or_else(|| {
                target
                    .as_deref()
                    .filter(|t| super::is_bundle(t))
                    .and_then(|t| super::fallback_title(t, super::Engine::Hexo))
            })
            .unwrap_or_else(|| slug.to_string()),
        words => {
            let words: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| *w != "true" && *w != "false")
                .collect();
            words.join(" ")
        }
    };
    Expansion::Inline(link(&href, &text))
}

/// The Markdown export of the post `to`, relative to the folder `from`, with `/`: the export
/// mirrors the folders, so the link works there.
pub(super) fn relative(from: &Path, to: &Path) -> String {
    let to = to.with_extension("md");
    let to = to.as_path();
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to_parts
            .iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(body: &str) -> String {
        let site = Site::plain(Path::new("/nonexistent"));
        let mut w = Vec::new();
        expand(body, &site, Path::new("/nonexistent/_posts/a.md"), &mut w).into_owned()
    }

    #[test]
    fn images() {
        assert_eq!(
            expand_str("{% asset_img cat.png 一只猫 %}"),
            "<img src=\"cat.png\" alt=\"一只猫\" title=\"一只猫\">"
        );
        assert_eq!(
            expand_str("{% img left /img/a.jpg 200 100 \"标题\" \"替代\" %}"),
            "<img src=\"/img/a.jpg\" alt=\"替代\" title=\"标题\" width=\"200\" height=\"100\">"
        );
    }

    #[test]
    fn code_and_quotes() {
        let out = expand_str(
            "{% codeblock 示例 lang:python https://x.org %}\nprint(1)\n{% endcodeblock %}\n{% blockquote 鲁迅, 呐喊 %}\n引文\n{% endblockquote %}\n",
        );
        assert!(out.contains("<em>示例</em>"), "{out}");
        assert!(out.contains("```python\nprint(1)\n```"), "{out}");
        assert!(out.contains("<p>— 鲁迅, 呐喊</p>"), "{out}");
    }

    #[test]
    fn a_missing_include_is_named() {
        let site = Site::plain(Path::new("/nonexistent"));
        let mut w = Vec::new();
        let out = expand(
            "{% include_code 树 lang:cpp cpp/tree.h %}\n",
            &site,
            Path::new("/nonexistent/_posts/a.md"),
            &mut w,
        );
        assert_eq!(out.trim(), "");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("cpp/tree.h is not a readable file"), "{w:?}");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/s/_posts"), Path::new("/s/_posts/b.md")),
            "b.md"
        );
        assert_eq!(
            relative(Path::new("/s/_posts/x"), Path::new("/s/_posts/b/index.md")),
            "../b/index.md"
        );
    }
}
