//! Command-line arguments.

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  postbind convert post.txt -o post.epub          one post to EPUB
  postbind convert post.txt -t md,epub,pdf -o out/ one post to every format
  postbind convert blog/ -t md -o export/         a whole folder, mirrored into export/
  cat page.html | postbind convert - -t md -o -   standard input to standard output
  postbind book blog/ -o blog.epub                every post of a folder as one book";

#[derive(Debug, Parser)]
#[command(
    name = "postbind",
    version,
    about = "Convert blog posts (front matter + HTML or Markdown) to Markdown, EPUB 3 and PDF",
    after_help = EXAMPLES,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert posts, each to its own file per format
    #[command(after_help = EXAMPLES)]
    Convert(ConvertArgs),
    /// Bind posts into one EPUB or PDF book with a table of contents
    #[command(after_help = EXAMPLES)]
    Book(BookArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff) to standard output
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum FormatArg {
    #[value(alias = "markdown")]
    Md,
    Epub,
    Pdf,
}

impl From<FormatArg> for postbind::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => postbind::Format::Markdown,
            FormatArg::Epub => postbind::Format::Epub,
            FormatArg::Pdf => postbind::Format::Pdf,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfStandard {
    /// PDF/A-2u (ISO 19005-2, Unicode level)
    #[value(name = "a-2u")]
    A2u,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BodyArg {
    /// Markdown unless the body starts with an HTML tag
    Auto,
    Html,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Post files, directories (searched recursively for .md .markdown .html .htm .txt), or -
    /// for standard input
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Output formats: md, epub, pdf; repeat or comma-separate. Default: from -o's extension,
    /// else md
    #[arg(short = 't', long = "to", value_name = "FORMAT", value_delimiter = ',')]
    pub to: Vec<FormatArg>,

    /// A file when one input becomes one format (- is standard output); otherwise a directory
    /// that mirrors each input's path below its INPUT as <stem>.<ext>. Default: the current
    /// directory
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Skip posts whose outputs were made from the same content, options and postbind
    /// version (recorded in .postbind-manifest in the output folder)
    #[arg(long)]
    pub changed_only: bool,

    /// Convert only the K-th of N stable slices of the inputs (1/4 … 4/4), so one archive
    /// can be split over an array job with no coordination
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(u64, u64)>,

    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub writer: WriterArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Oldest first
    Date,
    Title,
    /// In the order the files were found (paths sorted)
    Path,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupArg {
    /// Chapters under their first category
    Category,
    None,
}

#[derive(Debug, Args)]
pub struct BookArgs {
    /// Post files or directories (searched recursively), as for convert
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The book file: .epub or .pdf
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,

    /// Book format (default: from the output's extension)
    #[arg(short = 't', long = "to", value_name = "FORMAT")]
    pub to: Option<FormatArg>,

    /// Chapter order
    #[arg(long, value_enum, default_value = "date")]
    pub sort: SortArg,

    /// Group chapters in the table of contents
    #[arg(long, value_enum, default_value = "none")]
    pub group_by: GroupArg,

    /// Book title (default: a generic one in the book's language)
    #[arg(long)]
    pub title: Option<String>,

    /// Book author (default: the posts' author when they share one)
    #[arg(long)]
    pub author: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub writer: WriterArgs,
}

/// Options of the EPUB and PDF writers.
#[derive(Debug, Args)]
pub struct WriterArgs {
    /// Download http(s) images into EPUB and PDF (default: a link stands in for them)
    #[arg(long)]
    pub fetch_images: bool,

    /// A font file (TTF/OTF) to use first, before the built-in Noto fonts (a font with no
    /// Latin letters and no Han, such as a symbol font, serves as a fallback instead)
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,

    /// A font file used after the built-in fonts, for characters they lack (repeatable)
    #[arg(long, value_name = "FILE")]
    pub fallback_font: Vec<PathBuf>,

    /// Do not fall back to the fonts installed on this machine (characters no built-in or
    /// given font has are drawn as boxes); `POSTBIND_FONT_DIRS` picks the folders instead
    #[arg(long)]
    pub no_system_fonts: bool,

    /// EPUB: vertical right-to-left text, for Chinese and Japanese
    #[arg(long)]
    pub vertical: bool,

    /// EPUB: no generated cover (title, author and date on a plain page) when the post or book
    /// has none
    #[arg(long)]
    pub no_cover: bool,

    /// PDF page: a4, a5, letter, or ereader (a 6-inch e-ink screen, 90 × 122 mm)
    #[arg(long, value_name = "SIZE", default_value = "a4")]
    pub page_size: postbind::pdf::PageSize,

    /// PDF body text size in points (default: suited to the page size)
    #[arg(long, value_name = "PT", value_parser = parse_font_size)]
    pub font_size: Option<f32>,

    /// PDF page margin in millimetres (default: suited to the page size)
    #[arg(long, value_name = "MM", value_parser = parse_margin)]
    pub margin: Option<f32>,

    /// PDF: indent the first line of each paragraph by two characters, as Chinese print does
    #[arg(long)]
    pub indent: bool,

    /// PDF: also meet an archival standard: a-2u (PDF/A-2u: an sRGB output intent and the
    /// metadata it asks for). Every PDF is tagged for PDF/UA-1.
    #[arg(long, value_name = "STANDARD")]
    pub pdf_standard: Option<PdfStandard>,

    /// PDF: keep images at this resolution for the size they are drawn (larger ones are
    /// downsampled, smaller ones kept as they are)
    #[arg(long, value_name = "DPI", default_value_t = postbind::pdf::DEFAULT_IMAGE_DPI, value_parser = parse_dpi)]
    pub image_dpi: f32,

    /// Refuse images whose header declares more pixels than this (decompression bombs)
    #[arg(long, value_name = "PIXELS", default_value_t = postbind::assets::DEFAULT_MAX_IMAGE_PIXELS)]
    pub max_image_pixels: u64,

    /// Refuse local image files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = postbind::assets::DEFAULT_MAX_IMAGE_BYTES)]
    pub max_image_bytes: u64,

    /// Stop downloading an image (--fetch-images) past this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = postbind::assets::DEFAULT_MAX_FETCH_BYTES)]
    pub max_fetch_bytes: u64,

    /// Let --fetch-images connect to loopback, private, link-local and other non-public
    /// addresses (refused by default: a post could reach this machine or its network)
    #[arg(long)]
    pub allow_private_fetch: bool,

    /// Download at most this many images per post, or per book (--fetch-images)
    #[arg(long, value_name = "N", default_value_t = postbind::assets::DEFAULT_MAX_FETCH_COUNT)]
    pub max_fetch_images: u64,

    /// Download at most this many bytes per post (or book), all images together (--fetch-images)
    #[arg(long, value_name = "BYTES", default_value_t = postbind::assets::DEFAULT_MAX_FETCH_TOTAL)]
    pub max_fetch_total: u64,

    /// Spend at most this many seconds downloading per post, or per book (--fetch-images)
    #[arg(long, value_name = "SECONDS", default_value_t = postbind::assets::DEFAULT_FETCH_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub fetch_time_budget: u64,

    /// Decode at most this many image pixels per post (per book for `book`), every image and
    /// animation frame counted; images past it show their alt text
    #[arg(long, value_name = "PIXELS", default_value_t = postbind::imagecheck::DEFAULT_MAX_TOTAL_PIXELS)]
    pub max_total_pixels: u64,
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/8")?;
    let k: u64 = k.trim().parse().map_err(|_| "K must be a whole number")?;
    let n: u64 = n.trim().parse().map_err(|_| "N must be a whole number")?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("need 1 ≤ K ≤ N, got {k}/{n}"));
    }
    Ok((k, n))
}

/// Options shared by every command that reads posts.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Only errors on standard error: no progress, warnings or summary
    #[arg(short, long)]
    pub quiet: bool,

    /// How to read a post's body
    #[arg(long, value_enum, default_value = "auto")]
    pub body: BodyArg,

    /// Parallel conversions (default: one per core)
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,

    /// Containers nested deeper than this are flattened, their text kept
    #[arg(long, value_name = "N", default_value_t = postbind::html::DEFAULT_MAX_DEPTH,
          value_parser = clap::value_parser!(u16).range(2..=postbind::html::MAX_DEPTH_LIMIT as i64).map(usize::from))]
    pub max_depth: usize,

    /// Refuse posts larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = postbind::pipeline::DEFAULT_MAX_INPUT_BYTES)]
    pub max_input_size: u64,

    /// The root of the blog the inputs belong to (default: found from each input upwards)
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,

    /// The blog engine whose rules the posts follow (default: from the site's files); none
    /// reads every file as a lone post
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub engine: Option<EngineArg>,

    /// Also convert drafts (`_drafts/`, `draft: true`, `published: false`)
    #[arg(long)]
    pub drafts: bool,

    /// Language of every post (and of a book), BCP 47, whatever the posts declare (default:
    /// the post's, else the site's, else detected from its prose)
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Hexo,
    Jekyll,
    Hugo,
    None,
}

impl From<EngineArg> for postbind::site::Engine {
    fn from(e: EngineArg) -> Self {
        match e {
            EngineArg::Hexo => postbind::site::Engine::Hexo,
            EngineArg::Jekyll => postbind::site::Engine::Jekyll,
            EngineArg::Hugo => postbind::site::Engine::Hugo,
            EngineArg::None => postbind::site::Engine::Plain,
        }
    }
}

/// `-j`: more threads than cores only add memory (each post under way holds its document and
/// images), so the count is capped at four per core, with a warning saying so.
pub fn jobs(requested: Option<usize>) -> (usize, Option<String>) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let cap = cores.saturating_mul(4).max(1);
    match requested {
        None | Some(0) => (0, None),
        Some(n) if n > cap => (
            cap,
            Some(format!(
                "-j {n} is more than four per core; using -j {cap} ({cores} cores)"
            )),
        ),
        Some(n) => (n, None),
    }
}

/// `--font-size`: what the PDF writer can lay out, 5 to 40 points; anything else is refused,
/// not silently clamped.
fn parse_font_size(s: &str) -> Result<f32, String> {
    let v: f32 = s
        .trim()
        .parse()
        .map_err(|_| "expected a number of points, e.g. 10.5")?;
    if !(5.0..=40.0).contains(&v) {
        return Err(format!("{v} pt is outside 5 to 40 pt"));
    }
    Ok(v)
}

/// `--margin`: a finite, non-negative length; [`check_margin`] checks it against the page.
fn parse_margin(s: &str) -> Result<f32, String> {
    let v: f32 = s
        .trim()
        .parse()
        .map_err(|_| "expected millimetres, e.g. 20")?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("{v} mm is not a margin"));
    }
    Ok(v)
}

fn parse_dpi(s: &str) -> Result<f32, String> {
    let v: f32 = s
        .trim()
        .parse()
        .map_err(|_| "expected dots per inch, e.g. 200")?;
    if !(36.0..=2400.0).contains(&v) {
        return Err(format!("{v} dpi is outside 36 to 2400"));
    }
    Ok(v)
}

/// A margin may take at most a quarter of the page's shorter side.
pub fn check_margin(w: &WriterArgs) -> Result<(), String> {
    let Some(m) = w.margin else { return Ok(()) };
    let (pw, ph) = w.page_size.mm();
    let most = pw.min(ph) / 4.0;
    if m > most {
        return Err(format!(
            "--margin {m} is more than a quarter of the page ({most} mm at most for this --page-size)"
        ));
    }
    Ok(())
}
