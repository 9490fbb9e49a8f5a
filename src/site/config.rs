//! A site's configuration file, read for what a post or a book needs from it.

use std::path::Path;

use serde_yaml::Value;

use super::Engine;
use crate::read::{parse_config_text, ConfigFormat};

/// Configuration files are small; a larger one is not read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// What a site's configuration says that postbind uses.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: Option<String>,
    pub author: Option<String>,
    /// As written (`zh-CN`, `zh-cn`, `en`): normalised where it is used.
    pub language: Option<String>,
    /// Whether a soft line break is a hard one, when the configuration says so.
    pub breaks: Option<bool>,
    /// The path the site is served under (`/blog`), without a trailing slash.
    pub base_path: String,
    /// Hexo's `source_dir`, relative to the root.
    pub source_dir: String,
    /// Hexo's `code_dir` for `include_code`, relative to the source folder.
    pub code_dir: String,
    /// Hugo's `contentDir`.
    pub content_dir: String,
    /// Hugo's `staticDir`s.
    pub static_dirs: Vec<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: None,
            author: None,
            language: None,
            breaks: None,
            base_path: String::new(),
            source_dir: "source".into(),
            code_dir: "downloads/code".into(),
            content_dir: "content".into(),
            static_dirs: vec!["static".into()],
        }
    }
}

/// Where a Hugo site keeps its configuration, in the order Hugo reads them.
pub(super) const HUGO_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
];

impl SiteConfig {
    /// The configuration of the site at `root`; what cannot be read keeps its default.
    pub fn read(root: &Path, engine: Engine) -> SiteConfig {
        let files: &[&str] = match engine {
            Engine::Hexo | Engine::Jekyll => &["_config.yml", "_config.yaml"],
            Engine::Hugo => HUGO_CONFIGS,
            Engine::Plain => &[],
        };
        let value = files.iter().find_map(|name| load(&root.join(name)));
        match value {
            Some(v) => SiteConfig::from_value(&v, engine, root),
            None => SiteConfig::default(),
        }
    }

    fn from_value(v: &Value, engine: Engine, root: &Path) -> SiteConfig {
        let mut c = SiteConfig {
            title: text(get(v, &["title"])),
            author: author(get(v, &["author"]))
                .or_else(|| author(get(v, &["params", "author"])))
                .or_else(|| author(get(v, &["authors"]))),
            ..SiteConfig::default()
        };
        match engine {
            Engine::Hexo => {
                c.language = list_first(get(v, &["language"]));
                // hexo-renderer-marked (the default) breaks lines; pandoc and others do not.
                if !renderer_breaks(root) {
                    c.breaks = Some(false);
                }
                c.breaks = flag(get(v, &["marked", "breaks"]))
                    .or_else(|| flag(get(v, &["markdown", "render", "breaks"])))
                    .or_else(|| flag(get(v, &["markdown", "breaks"])))
                    .or(c.breaks);
                c.base_path = path_of(text(get(v, &["root"])).as_deref());
                if let Some(s) = text(get(v, &["source_dir"])) {
                    c.source_dir = s;
                }
                if let Some(s) = text(get(v, &["code_dir"])) {
                    c.code_dir = s;
                }
            }
            Engine::Jekyll => {
                c.language = text(get(v, &["lang"]))
                    .or_else(|| list_first(get(v, &["language"])))
                    .or_else(|| text(get(v, &["locale"])));
                c.breaks = flag(get(v, &["kramdown", "hard_wrap"]));
                c.base_path = path_of(text(get(v, &["baseurl"])).as_deref());
            }
            Engine::Hugo => {
                let default = text(get(v, &["defaultContentLanguage"]));
                c.language = text(get(v, &["languageCode"]))
                    .or_else(|| {
                        // Multilingual sites: the default language's own code.
                        let lang = default.as_deref()?;
                        text(get(v, &["languages", lang, "languageCode"]))
                    })
                    .or(default);
                c.breaks = flag(get(v, &["markup", "goldmark", "renderer", "hardWraps"]));
                let url = text(get(v, &["baseURL"])).or_else(|| text(get(v, &["baseurl"])));
                c.base_path = path_of(url.as_deref().map(url_path));
                if let Some(s) = text(get(v, &["contentDir"])) {
                    c.content_dir = s;
                }
                match get(v, &["staticDir"]) {
                    Some(Value::Sequence(items)) => {
                        c.static_dirs = items.iter().filter_map(|i| text(Some(i))).collect()
                    }
                    other => {
                        if let Some(s) = text(other) {
                            c.static_dirs = vec![s];
                        }
                    }
                }
            }
            Engine::Plain => {}
        }
        c
    }
}

/// Whether the site's Markdown renderer turns a line break into `<br>`: hexo-renderer-marked
/// and markdown-it do by default; hexo-renderer-pandoc does not.
fn renderer_breaks(root: &Path) -> bool {
    let package = root.join("package.json");
    let small = std::fs::metadata(&package).is_ok_and(|m| m.len() <= MAX_CONFIG_BYTES);
    let text = if small {
        std::fs::read_to_string(&package).unwrap_or_default()
    } else {
        String::new()
    };
    !text.contains("\"hexo-renderer-pandoc\"") || text.contains("\"hexo-renderer-marked\"")
}

fn load(path: &Path) -> Option<Value> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_CONFIG_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => ConfigFormat::Toml,
        Some("json") => ConfigFormat::Json,
        _ => ConfigFormat::Yaml,
    };
    parse_config_text(&text, format)
}

/// The value at `path`, keys matched without regard to case (Hugo's keys are
/// case-insensitive: `params.Author`, `baseurl`, `DefaultContentLanguage`).
fn get<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, key| match v {
        Value::Mapping(m) => m
            .iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v),
        _ => None,
    })
}

fn text(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn list_first(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Sequence(items) => items.iter().find_map(|i| text(Some(i))),
        other => text(Some(other)),
    }
}

fn author(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Mapping(m) => text(m.get("name")),
        Value::Sequence(items) => items.iter().find_map(|i| author(Some(i))),
        other => text(Some(other)),
    }
}

fn flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// `https://example.com/blog/` → `/blog/`.
fn url_path(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or("/", |i| rest.get(i..).unwrap_or_default()),
        None => url,
    }
}

/// `/blog/` or `blog` → `/blog`; `/` → empty.
fn path_of(p: Option<&str>) -> String {
    let p = p.unwrap_or_default().trim().trim_matches('/');
    if p.is_empty() {
        String::new()
    } else {
        format!("/{p}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str, engine: Engine) -> SiteConfig {
        SiteConfig::from_value(
            &serde_yaml::from_str(s).unwrap(),
            engine,
            Path::new("/nonexistent"),
        )
    }

    #[test]
    fn hexo_keys() {
        let c = yaml(
            "title: 我的博客\nauthor: 张三\nlanguage:\n  - zh-CN\n  - en\nroot: /blog/\nmarked:\n  breaks: false\n",
            Engine::Hexo,
        );
        assert_eq!(c.title.as_deref(), Some("我的博客"));
        assert_eq!(c.author.as_deref(), Some("张三"));
        assert_eq!(c.language.as_deref(), Some("zh-CN"));
        assert_eq!(c.breaks, Some(false));
        assert_eq!(c.base_path, "/blog");
    }

    #[test]
    fn hugo_toml_keys() {
        let v = parse_config_text(
            "baseURL = 'https://x.org/b/'\nlanguageCode = 'zh-cn'\ntitle = 'T'\n[params]\nauthor = 'A'\n[markup.goldmark.renderer]\nhardWraps = true\n",
            ConfigFormat::Toml,
        )
        .unwrap();
        let c = SiteConfig::from_value(&v, Engine::Hugo, Path::new("/nonexistent"));
        assert_eq!(c.language.as_deref(), Some("zh-cn"));
        assert_eq!(c.author.as_deref(), Some("A"));
        assert_eq!(c.base_path, "/b");
        assert_eq!(c.breaks, Some(true));
    }

    #[test]
    fn hugo_keys_any_case() {
        let c = yaml(
            "baseurl: https://x.org\nDefaultContentLanguage: zh-tw\nlanguages:\n  zh-tw:\n    languageCode: zh-Hant-TW\nparams:\n  Author: CoderZh\n",
            Engine::Hugo,
        );
        assert_eq!(c.language.as_deref(), Some("zh-Hant-TW"));
        assert_eq!(c.author.as_deref(), Some("CoderZh"));
    }

    #[test]
    fn jekyll_author_mapping() {
        let c = yaml(
            "title: x\nauthor:\n  name: Li\nbaseurl: ''\nlang: zh-Hant\n",
            Engine::Jekyll,
        );
        assert_eq!(c.author.as_deref(), Some("Li"));
        assert_eq!(c.base_path, "");
        assert_eq!(c.language.as_deref(), Some("zh-Hant"));
    }
}
