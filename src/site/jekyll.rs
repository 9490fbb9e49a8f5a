//! Jekyll: dates and slugs in post file names, Liquid tags and `{{ site.* }}` outputs.

use std::borrow::Cow;
use std::path::Path;

use chrono::NaiveDate;

use super::hexo::{read_inside, relative};
use super::tags::{self, split_args, Expansion, Tag};
use super::Site;

/// `2020-01-02-hello-world` → (2020-01-02, `hello-world`).
pub(crate) fn date_and_slug(stem: &str) -> Option<(NaiveDate, &str)> {
    let date = stem.get(..10)?;
    let slug = stem.get(10..)?.strip_prefix('-')?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    (!slug.is_empty()).then_some((date, slug))
}

pub(crate) fn expand<'a>(
    body: &'a str,
    site: &Site,
    post: &Path,
    warnings: &mut Vec<String>,
) -> Cow<'a, str> {
    let engine = |t: &Tag| tag(t, site, post);
    let mut unknown_outputs = std::collections::BTreeSet::new();
    let out = {
        let output = |expr: &str| {
            let (value, known) = output(expr, site);
            if !known {
                unknown_outputs.insert(expr.split('|').next().unwrap_or(expr).trim().to_string());
            }
            value
        };
        // The closure records unknown names; a RefCell lets the scanner call it by shared ref.
        let output = std::cell::RefCell::new(output);
        let call = |e: &str| (output.borrow_mut())(e);
        tags::expand(
            body,
            tags::Syntax::Liquid,
            Some(&engine),
            Some(&call),
            warnings,
        )
        .into_owned()
    };
    for name in unknown_outputs {
        warnings.push(format!(
            "Liquid output `{{{{ {name} }}}}` has no value outside Jekyll: left out"
        ));
    }
    if out == body {
        Cow::Borrowed(body)
    } else {
        Cow::Owned(out)
    }
}

fn tag(t: &Tag, site: &Site, post: &Path) -> Expansion {
    let args = split_args(t.args);
    match t.name {
        "highlight" => Expansion::Code {
            lang: args.first().cloned(),
            caption: None,
        },
        "raw" => Expansion::Raw,
        "comment" => Expansion::Hidden,
        "post_url" => match args.first() {
            Some(name) => Expansion::Inline(post_url(name, site, post)),
            None => Expansion::Nothing,
        },
        "link" => match args.first() {
            Some(path) => {
                let target = site.root.join(path);
                Expansion::Inline(match post.parent() {
                    Some(dir) if target.is_file() => relative(dir, &target),
                    _ => path.clone(),
                })
            }
            None => Expansion::Nothing,
        },
        "include_relative" => {
            let Some(file) = args.first() else {
                return Expansion::Nothing;
            };
            match post
                .parent()
                .and_then(|dir| read_inside(&site.root, &dir.join(file)))
            {
                // Included Markdown is shown as text where it stands; its tags are not run.
                Some(text) => Expansion::Inline(text),
                None => Expansion::Failed(format!(
                    "{file} is not a readable file inside the site; left out"
                )),
            }
        }
        "assign" | "capture" | "increment" | "decrement" | "seo" | "feed_meta" => {
            Expansion::Nothing
        }
        "youtube" => match args.first() {
            Some(id) => {
                Expansion::Inline(tags::iframe(&format!("https://www.youtube.com/embed/{id}")))
            }
            None => Expansion::Nothing,
        },
        _ => Expansion::Unknown,
    }
}

/// `{% post_url 2010-07-21-name %}`: the other post's file, relative to this one, as the
/// Markdown export mirrors the folders.
fn post_url(name: &str, site: &Site, post: &Path) -> String {
    let posts = site.root.join("_posts");
    let found = ["md", "markdown", "html"]
        .iter()
        .map(|ext| posts.join(format!("{name}.{ext}")))
        .find(|p| p.is_file());
    match (found, post.parent()) {
        (Some(target), Some(dir)) => relative(dir, &target),
        _ => format!("{name}.md"),
    }
}

/// What `{{ expr }}` prints, and whether postbind knows it. Site URLs print nothing, so
/// `{{ site.baseurl }}/img/a.png` becomes the site-absolute `/img/a.png`, found on disk.
fn output(expr: &str, site: &Site) -> (String, bool) {
    let mut parts = expr.split('|');
    let value = parts.next().unwrap_or_default().trim();
    if let Some(s) = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
    {
        return (s.to_string(), true);
    }
    match value {
        "site.baseurl" | "site.url" | "site.github.url" | "base" | "base_path" => {
            (String::new(), true)
        }
        "site.title" => (site.config.title.clone().unwrap_or_default(), true),
        "site.author" | "site.author.name" => {
            (site.config.author.clone().unwrap_or_default(), true)
        }
        _ => (String::new(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_dates() {
        let (d, slug) = date_and_slug("2021-03-04-读书-笔记").unwrap();
        assert_eq!(d.to_string(), "2021-03-04");
        assert_eq!(slug, "读书-笔记");
        assert!(date_and_slug("2021-13-04-x").is_none());
        assert!(date_and_slug("2021-03-04").is_none());
        assert!(date_and_slug("notes").is_none());
    }

    #[test]
    fn liquid() {
        let site = Site::plain(Path::new("/nonexistent"));
        let mut w = Vec::new();
        let out = expand(
            "![a]({{ site.baseurl }}/img/a.png) {{ \"/x\" | relative_url }} {{ page.foo }}\n{% highlight ruby linenos %}\ndef x; end\n{% endhighlight %}\n",
            &site,
            Path::new("/nonexistent/_posts/a.md"),
            &mut w,
        );
        assert!(out.contains("![a](/img/a.png) /x "), "{out}");
        assert!(out.contains("```ruby\ndef x; end\n```"), "{out}");
        assert_eq!(w.len(), 1, "{w:?}");
    }
}
