//! `postbind book`: every post found becomes a chapter of one EPUB or PDF.

use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use postbind::book::{BookOptions, GroupBy, SortKey};
use postbind::pipeline::load_site_file;
use postbind::{render_book, Format};

use crate::cli::{BookArgs, GroupArg, SortArg};
use crate::convert::{find_posts, load_options, render_options, Outcome, SiteRule, Source};
use crate::report::Reporter;

pub fn run(args: BookArgs) -> Result<Outcome> {
    let started = Instant::now();
    let format = match args
        .to
        .map(Format::from)
        .or_else(|| Format::from_path(&args.output))
    {
        Some(Format::Markdown) => {
            bail!("a book is an EPUB or a PDF: give -o book.epub or -o book.pdf")
        }
        Some(f) => f,
        None => bail!(
            "cannot tell the book's format from {}: name it .epub or .pdf, or give -t",
            args.output.display()
        ),
    };
    let opts = load_options(&args.common);
    let mut render_opts = render_options(&args.writer)?;
    // One cache for the book: each image is loaded once, and the download budget is the book's.
    let images = std::sync::Arc::new(postbind::assets::AssetCache::default());
    render_opts.epub.assets.cache = Some(images.clone());
    render_opts.pdf.assets.cache = Some(images);
    let reporter = Reporter::new(args.common.quiet).without_summary();
    let sites = SiteRule::new(&args.common)?;
    let (found, missing) = find_posts(&args.inputs, None, &sites);
    for (input, why) in &missing {
        reporter.problem(&input.display().to_string(), why);
    }
    let target = args.output.canonicalize().ok();
    let (threads, too_many) = crate::cli::jobs(args.common.jobs);
    if let (Some(w), false) = (too_many, args.common.quiet) {
        eprintln!("warning: {w}");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let loaded: Vec<_> = pool.install(|| {
        found
            .par_iter()
            .map(|f| match &f.source {
                Source::File(path) if path.canonicalize().ok() == target && target.is_some() => {
                    Err(anyhow::anyhow!("is the book being written"))
                }
                // Read capped as convert reads: a device or FIFO cannot fill memory.
                Source::File(path) => crate::convert::read_capped(path, opts.max_input_bytes)
                    .and_then(|bytes| {
                        postbind::isolate::run(|| {
                            load_site_file(path, &bytes, f.site.as_deref(), &opts)
                        })
                        .map_err(|e| anyhow::anyhow!(e))
                        .and_then(|r| r.map_err(anyhow::Error::from))
                    }),
                Source::Stdin => crate::convert::load_stdin(&opts),
            })
            .collect()
    });
    let mut docs = Vec::with_capacity(loaded.len());
    let mut sources = Vec::with_capacity(loaded.len());
    for (f, result) in found.iter().zip(loaded) {
        match result {
            Ok(post) if post.doc.meta.draft && !sites.drafts => reporter.draft(),
            Ok(post) => {
                reporter.converted(&f.source.display(), &post.warnings, 0);
                docs.push(post.doc);
                sources.push(match &f.source {
                    Source::File(path) => Some(std::path::absolute(path).unwrap_or(path.clone())),
                    Source::Stdin => None,
                });
            }
            Err(e) => reporter.failed(&f.source.display(), &format!("{e:#}")),
        }
    }
    if docs.is_empty() {
        bail!("no post could be read, so no book was written");
    }
    postbind::book::links::link_posts(&mut docs, &sources);
    // The book shares one download budget, as large as its posts' budgets together: a blog
    // bound whole is not short of pictures for being one book.
    let posts = u32::try_from(docs.len()).unwrap_or(u32::MAX);
    for assets in [&mut render_opts.epub.assets, &mut render_opts.pdf.assets] {
        let b = &mut assets.budget;
        b.max_count = b.max_count.saturating_mul(u64::from(posts));
        b.max_bytes = b.max_bytes.saturating_mul(u64::from(posts));
        b.max_time = b.max_time.saturating_mul(posts);
    }
    // A site's own title and author name a book of its posts (a real engine's before a plain
    // folder's, which has neither).
    let site = found
        .iter()
        .filter_map(|f| f.site.as_deref())
        .find(|s| s.engine != postbind::site::Engine::Plain);
    let config = site.map(|s| &s.config);
    let book = BookOptions {
        title: args.title.or_else(|| config.and_then(|c| c.title.clone())),
        author: args
            .author
            .or_else(|| config.and_then(|c| c.author.clone())),
        lang: args.common.lang.clone(),
        sort: match args.sort {
            SortArg::Date => SortKey::Date,
            SortArg::Title => SortKey::Title,
            SortArg::Path => SortKey::Path,
        },
        group_by: match args.group_by {
            GroupArg::Category => GroupBy::Category,
            GroupArg::None => GroupBy::None,
        },
    };
    let name = args.output.display().to_string();
    let rendered = postbind::isolate::run(|| render_book(&docs, format, &book, &render_opts))
        .map_err(|e| anyhow::anyhow!("{name}: cannot write the {format} book: {e}"))?;
    match rendered {
        Ok(rendered) => {
            for w in &rendered.warnings {
                if !args.common.quiet {
                    eprintln!("warning: {name}: {w}");
                }
            }
            postbind::output::write_atomic(&args.output, &rendered.bytes)
                .with_context(|| format!("cannot write {name}"))?;
        }
        Err(e) => bail!("{name}: cannot write the {format} book: {e}"),
    }
    if !args.common.quiet {
        eprintln!("bound {} posts into {name}", docs.len());
    }
    Ok(if reporter.finish(started.elapsed(), false) {
        Outcome::AllConverted
    } else {
        Outcome::SomeFailed
    })
}
