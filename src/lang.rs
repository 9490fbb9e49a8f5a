//! A post's or book's language: as declared, else guessed from the text (Kindle refuses
//! Chinese books without one).

use crate::tree::{Block, Document, Inline};

/// A declared tag if it is a plausible BCP 47 tag, normalised in case (`zh-cn` → `zh-CN`).
pub(crate) fn normalize(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    let parts: Vec<&str> = tag.split('-').collect();
    let first = parts.first()?;
    let ok = (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .iter()
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        out.push(match (i, p.len()) {
            (0, _) => p.to_ascii_lowercase(),
            (_, 4) => {
                let mut s = p.to_ascii_lowercase();
                if let Some(first) = s.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                s
            }
            (_, 2) => p.to_ascii_uppercase(),
            _ => p.to_ascii_lowercase(),
        });
    }
    Some(out.join("-"))
}

/// A post's language: `--lang`, else what the post declares, else its site's, else what its
/// prose is written in (code and URLs say nothing about that).
pub fn resolve(
    forced: Option<&str>,
    declared: Option<&str>,
    site: Option<&str>,
    blocks: &[Block],
) -> String {
    [forced, declared, site]
        .into_iter()
        .flatten()
        .find_map(normalize)
        .unwrap_or_else(|| prose(blocks).verdict().to_string())
}

/// A document's language, resolved when it was read or worked out now.
pub(crate) fn of(doc: &Document) -> String {
    match &doc.lang {
        Some(l) => l.clone(),
        None => resolve(None, doc.meta.lang.as_deref(), None, &doc.blocks),
    }
}

/// A book's language: the one asked for, else the one most of its posts are in (the first
/// post's on a tie).
pub(crate) fn of_book(docs: &[Document], forced: Option<&str>) -> String {
    if let Some(l) = forced.and_then(normalize) {
        return l;
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for d in docs {
        let l = of(d);
        match counts.iter_mut().find(|(k, _)| *k == l) {
            Some((_, n)) => *n += 1,
            None => counts.push((l, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|(_, n)| *n == most)
        .map_or_else(|| "en".to_string(), |(l, _)| l)
}

/// Enough prose to tell the language by.
const PROSE_SAMPLE: usize = 20_000;

/// What script the prose of `blocks` is written in: headings, paragraphs, lists, quotes,
/// tables and captions, without code, URLs or link targets. Counted as it is walked, so no
/// copy of the text is made.
fn prose(blocks: &[Block]) -> Tally {
    let mut tally = Tally::default();
    prose_blocks(blocks, &mut tally);
    tally
}

fn prose_blocks(blocks: &[Block], out: &mut Tally) {
    for b in blocks {
        if out.bytes > PROSE_SAMPLE {
            return;
        }
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                prose_inlines(content, out)
            }
            Block::List(l) => l.items.iter().for_each(|i| prose_blocks(i, out)),
            Block::BlockQuote(inner) => prose_blocks(inner, out),
            Block::Table(t) => {
                prose_inlines(&t.caption, out);
                for row in t.head.iter().chain(&t.body) {
                    row.cells.iter().for_each(|c| prose_blocks(&c.blocks, out));
                }
            }
            Block::Figure(f) => {
                out.add(&f.image.alt);
                prose_inlines(&f.caption, out);
            }
            Block::Footnote(n) => prose_blocks(&n.blocks, out),
            Block::Callout(c) => {
                prose_inlines(&c.title, out);
                prose_blocks(&c.blocks, out);
            }
            Block::Definitions(defs) => {
                for d in defs {
                    prose_inlines(&d.term, out);
                    d.details.iter().for_each(|x| prose_blocks(x, out));
                }
            }
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Math(_) => {}
        }
        out.bytes += 1;
    }
}

fn prose_inlines(inlines: &[Inline], out: &mut Tally) {
    for i in inlines {
        match i {
            // Without a `/` or `www.` no word of the text can be a URL (memchr's searches are
            // vectorised; `str::contains` took a tenth of the tally's time).
            Inline::Text(t)
                if memchr::memchr(b'/', t.as_bytes()).is_none()
                    && WWW.find(t.as_bytes()).is_none() =>
            {
                out.add(t)
            }
            Inline::Text(t) => {
                for word in t.split_inclusive(char::is_whitespace) {
                    if !looks_like_url(word) {
                        out.add(word);
                    }
                }
            }
            Inline::Code(_) | Inline::Image(_) | Inline::LineBreak => {}
            Inline::Ruby { base, .. } => prose_inlines(base, out),
            other => prose_inlines(other.children().unwrap_or_default(), out),
        }
    }
}

static WWW: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("www."));

/// `://` holds a `/`, so most words (a CJK sentence is one) are answered by one byte search.
fn looks_like_url(word: &str) -> bool {
    let w = word.trim();
    w.starts_with("www.") || (w.contains('/') && (w.contains('.') || w.contains("://")))
}

/// Simplified-only and traditional-only forms of common characters, pairwise.
const SIMPLIFIED: &str = "这个们来时为说国过没对会还发经见现样边动话问开关长门东车书学买卖让认识谁请头钱应该义乐业专两严临习乡乱争亏云产亲亿仅从众优传伤体余侧债倾儿党兰兴养内写军农决况净凉减处凭击创刘则刚删别剑剧劝办务劳势区医华协单卫却厂厅历压县参双变叶号听启员响园围图圆圣场坏块坚报数据网络机电视频线设计统问题读写间热";
const TRADITIONAL: &str = "這個們來時為說國過沒對會還發經見現樣邊動話問開關長門東車書學買賣讓認識誰請頭錢應該義樂業專兩嚴臨習鄉亂爭虧雲產親億僅從眾優傳傷體餘側債傾兒黨蘭興養內寫軍農決況淨涼減處憑擊創劉則剛刪別劍劇勸辦務勞勢區醫華協單衛卻廠廳歷壓縣參雙變葉號聽啟員響園圍圖圓聖場壞塊堅報數據網絡機電視頻線設計統問題讀寫間熱";

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// ASCII letters among eight ASCII bytes: folded to lower case, a byte is a letter when adding
/// `0x80 - 'a'` sets its high bit and adding `0x80 - 'z' - 1` does not (no byte carries into
/// the next, all being below 0x80).
fn ascii_letters(word: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let lower = word | (0x20 * ONES);
    let from_a = lower + (0x80 - u64::from(b'a')) * ONES;
    let past_z = lower + (0x80 - u64::from(b'z') - 1) * ONES;
    (from_a & !past_z & HIGH_BITS).count_ones() as usize
}

/// First and last code points of the block [`telling`] maps (CJK Unified Ideographs).
const HAN: (u32, u32) = (0x4E00, 0x9FFF);

/// What each character of [`HAN`] tells: 1 simplified-only ([`SIMPLIFIED`]), 2
/// traditional-only ([`TRADITIONAL`]), 0 neither. Looked up once for every Han character of
/// every post, where scanning the strings cost a third of Markdown's CPU.
fn telling() -> &'static [u8] {
    static CLASSES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut classes = vec![0u8; (HAN.1 - HAN.0) as usize + 1];
        for (class, s) in [(1, SIMPLIFIED), (2, TRADITIONAL)] {
            for c in s.chars() {
                if let Some(slot) = classes.get_mut((c as u32).wrapping_sub(HAN.0) as usize) {
                    *slot = class;
                }
            }
        }
        classes
    })
}

/// Guess the language of `text`: zh-Hans, zh-Hant, ja, ko or en.
#[cfg(test)]
fn detect(text: &str) -> &'static str {
    let mut tally = Tally::default();
    tally.add(text);
    tally.verdict()
}

/// Characters of each script seen, and the bytes of prose read.
#[derive(Default)]
struct Tally {
    han: usize,
    kana: usize,
    hangul: usize,
    latin: usize,
    simplified: usize,
    traditional: usize,
    bytes: usize,
}

impl Tally {
    /// Read as bytes: every character counted is ASCII or three bytes long, so no character
    /// is decoded whole and the bytes after a lead byte of three are skipped. Runs of ASCII
    /// are read eight bytes at a time.
    fn add(&mut self, text: &str) {
        self.bytes += text.len();
        let tell = telling();
        let bytes = text.as_bytes();
        // Letters, Han, kana, Hangul; and Han characters by what they tell (see `telling`).
        let mut t = [0usize; 4];
        let mut told = [0usize; 3];
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                let word = bytes
                    .get(i..i + 8)
                    .and_then(|w| <[u8; 8]>::try_from(w).ok());
                if let Some(word) = word.map(u64::from_le_bytes) {
                    if word & HIGH_BITS == 0 {
                        t[0] += ascii_letters(word);
                        i += 8;
                        continue;
                    }
                }
            }
            if b & 0xF0 != 0xE0 {
                t[0] += usize::from(b.is_ascii_alphabetic());
                i += 1;
                continue;
            }
            let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                break;
            };
            i += 3;
            let cp = u32::from(b & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
            // The common case first: most characters of most posts are in this block.
            if let Some(&class) = tell.get(cp.wrapping_sub(HAN.0) as usize) {
                t[1] += 1;
                if let Some(n) = told.get_mut(usize::from(class)) {
                    *n += 1;
                }
                continue;
            }
            match cp {
                0x3400..=0x4DBF | 0xF900..=0xFAFF => t[1] += 1,
                0x3040..=0x30FF | 0x31F0..=0x31FF => t[2] += 1,
                0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => t[3] += 1,
                _ => {}
            }
        }
        let [latin, han, kana, hangul] = t;
        let [_, simp, trad] = told;
        self.latin += latin;
        self.han += han;
        self.kana += kana;
        self.hangul += hangul;
        self.simplified += simp;
        self.traditional += trad;
    }

    fn verdict(&self) -> &'static str {
        let (han, kana, hangul) = (self.han, self.kana, self.hangul);
        let cjk = han + kana + hangul;
        // English words run five letters to a CJK character's one; a few hundred CJK
        // characters of prose make a CJK post whatever English terms it quotes.
        if cjk == 0 || (self.latin > cjk * 4 && cjk < 300) {
            "en"
        } else if hangul >= han.max(kana) {
            "ko"
        } else if kana * 10 >= han && kana > 0 {
            // Japanese text mixes kana into every sentence; Chinese has almost none.
            "ja"
        } else if self.traditional > self.simplified {
            "zh-Hant"
        } else {
            "zh-Hans"
        }
    }
}

/// Localised labels for the pages the writer generates.
pub(crate) struct Labels {
    pub contents: &'static str,
    pub cover: &'static str,
    pub title_page: &'static str,
    pub untitled: &'static str,
    pub collection: &'static str,
    pub uncategorized: &'static str,
    pub landmarks: &'static str,
}

pub(crate) fn labels(lang: &str) -> Labels {
    let l = lang.to_ascii_lowercase();
    if l.starts_with("zh-hant") || l == "zh-tw" || l == "zh-hk" || l == "zh-mo" {
        Labels {
            contents: "目錄",
            cover: "封面",
            title_page: "書名頁",
            untitled: "無標題",
            collection: "文集",
            uncategorized: "未分類",
            landmarks: "導覽地標",
        }
    } else if l.starts_with("zh") {
        Labels {
            contents: "目录",
            cover: "封面",
            title_page: "书名页",
            untitled: "无标题",
            collection: "文集",
            uncategorized: "未分类",
            landmarks: "导航地标",
        }
    } else if l.starts_with("ja") {
        Labels {
            contents: "目次",
            cover: "表紙",
            title_page: "扉",
            untitled: "無題",
            collection: "作品集",
            uncategorized: "未分類",
            landmarks: "ランドマーク",
        }
    } else if l.starts_with("ko") {
        Labels {
            contents: "목차",
            cover: "표지",
            title_page: "표제지",
            untitled: "제목 없음",
            collection: "모음집",
            uncategorized: "미분류",
            landmarks: "랜드마크",
        }
    } else {
        Labels {
            contents: "Contents",
            cover: "Cover",
            title_page: "Title page",
            untitled: "Untitled",
            collection: "Collection",
            uncategorized: "Uncategorized",
            landmarks: "Landmarks",
        }
    }
}

/// The label a callout of `kind` shows when its author gave it no title, in `lang`.
pub fn callout_label(kind: crate::tree::CalloutKind, lang: &str) -> &'static str {
    use crate::tree::CalloutKind as K;
    let l = lang.to_ascii_lowercase();
    let hant = l.starts_with("zh-hant") || l == "zh-tw" || l == "zh-hk" || l == "zh-mo";
    let table: [&'static str; 6] = if hant {
        ["注意", "資訊", "提示", "重要", "警告", "當心"]
    } else if l.starts_with("zh") {
        ["注意", "信息", "提示", "重要", "警告", "当心"]
    } else if l.starts_with("ja") {
        ["メモ", "情報", "ヒント", "重要", "警告", "注意"]
    } else if l.starts_with("ko") {
        ["참고", "정보", "팁", "중요", "경고", "주의"]
    } else {
        ["Note", "Info", "Tip", "Important", "Warning", "Caution"]
    };
    let [note, info, tip, important, warning, caution] = table;
    match kind {
        K::Note => note,
        K::Info => info,
        K::Tip => tip,
        K::Important => important,
        K::Warning => warning,
        K::Caution => caution,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte-wise tally counts what a character-by-character one does.
        #[test]
        fn tally_counts_characters(text in "[a-zA-Z0-9 @\\[`{~\\x00-\\x7f这們のハ한㐀ｚé😀]{0,40}") {
            let mut tally = Tally::default();
            tally.add(&text);
            let count = |f: fn(&char) -> bool| text.chars().filter(f).count();
            prop_assert_eq!(tally.latin, count(char::is_ascii_alphabetic));
            prop_assert_eq!(tally.han, count(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')));
            prop_assert_eq!(tally.kana, count(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')));
            prop_assert_eq!(tally.hangul, count(|c| matches!(c, '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')));
            prop_assert_eq!(tally.simplified, count(|c| SIMPLIFIED.contains(*c)));
            prop_assert_eq!(tally.traditional, count(|c| TRADITIONAL.contains(*c)));
        }
    }

    #[test]
    fn detects_scripts() {
        assert_eq!(detect("这是一个关于中国的新闻报道。"), "zh-Hans");
        assert_eq!(detect("這是一個關於國家的新聞報導。"), "zh-Hant");
        assert_eq!(detect("これは日本語の文章です。"), "ja");
        assert_eq!(detect("이것은 한국어 문장입니다."), "ko");
        assert_eq!(detect("Plain English text with one 字."), "en");
        assert_eq!(detect(""), "en");
    }

    #[test]
    fn counting_bytes_counts_characters() {
        let text = "Aé这這か한ㄱ\u{1100}㐀\u{F900}😀ü\u{FAFF}\u{9FFF}zÅ\u{3040}\u{AC00}ᄀ。";
        let mut t = Tally::default();
        t.add(text);
        let count = |f: fn(char) -> bool| text.chars().filter(|&c| f(c)).count();
        assert_eq!(t.latin, count(|c| c.is_ascii_alphabetic()));
        assert_eq!(
            t.han,
            count(
                |c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
            )
        );
        assert_eq!(
            t.kana,
            count(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}'))
        );
        assert_eq!(
            t.hangul,
            count(
                |c| matches!(c, '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
            )
        );
        assert_eq!((t.simplified, t.traditional), (1, 1));
    }

    #[test]
    fn every_telling_character_is_in_the_mapped_block() {
        for c in SIMPLIFIED.chars().chain(TRADITIONAL.chars()) {
            assert!((HAN.0..=HAN.1).contains(&(c as u32)), "{c}");
        }
        let class = |c: char| {
            telling()
                .get((c as u32).wrapping_sub(HAN.0) as usize)
                .copied()
        };
        assert_eq!(class('这'), Some(1));
        assert_eq!(class('這'), Some(2));
        assert_eq!(class('的'), Some(0));
        assert_eq!(class('A'), None);
    }

    #[test]
    fn code_and_urls_are_not_prose() {
        let p = |s: &str| Block::Paragraph(vec![Inline::Text(s.into())]);
        let code = Block::CodeBlock {
            lang: None,
            code: "fn main() { println!(\"hello world\"); }\n".repeat(50),
        };
        let blocks = vec![
            p("用 Rust 写一个命令行工具。"),
            code,
            p("见 https://doc.rust-lang.org/book/ch01-01-installation.html 和 github.com/rust-lang/rust"),
        ];
        assert_eq!(resolve(None, None, None, &blocks), "zh-Hans");
        assert_eq!(resolve(None, None, Some("zh-TW"), &blocks), "zh-TW");
        assert_eq!(resolve(None, Some("ja"), Some("zh-TW"), &blocks), "ja");
        assert_eq!(resolve(Some("en"), Some("ja"), None, &blocks), "en");
    }

    #[test]
    fn normalizes_tags() {
        assert_eq!(normalize("zh_cn").as_deref(), Some("zh-CN"));
        assert_eq!(normalize("ZH-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(normalize("en").as_deref(), Some("en"));
        assert_eq!(normalize("chinese simplified"), None);
        assert_eq!(normalize("\"><x"), None);
    }
}
