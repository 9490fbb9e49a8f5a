//! `postbind book`: every post found becomes a chapter of one EPUB or PDF.

use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use postbind::book::Posts;
use postbind::book::{BookOptions, GroupBy, SortKey};
use postbind::format::write_book;
use postbind::pipeline::load_site_file;
use postbind::Format;

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
    // A post is read here for what the book needs before its first chapter (its head and
    // heading ids), and read again when its chapter is written: only heads stay in memory.
    let read = |f: &crate::convert::Found| -> Result<postbind::pipeline::Post> {
        match &f.source {
            Source::File(path) if path.canonicalize().ok() == target && target.is_some() => {
                Err(anyhow::anyhow!("is the book being written"))
            }
            // Read capped as convert reads: a device or FIFO cannot fill memory.
            Source::File(path) => {
                crate::convert::read_capped(path, opts.max_input_bytes).and_then(|bytes| {
                    postbind::isolate::run(|| {
                        load_site_file(path, &bytes, f.site.as_deref(), &opts)
                    })
                    .map_err(|e| anyhow::anyhow!(e))
                    .and_then(|r| r.map_err(anyhow::Error::from))
                })
            }
            Source::Stdin => crate::convert::load_stdin(&opts),
        }
    };
    type Head = (
        postbind::tree::Document,
        std::collections::HashSet<String>,
        Vec<String>,
    );
    let loaded: Vec<Result<Head>> = pool.install(|| {
        found
            .par_iter()
            .map(|f| {
                let post = read(f)?;
                let ids = postbind::book::links::heading_ids(&post.doc.blocks);
                let doc = match f.source {
                    // Standard input cannot be read twice: that post stays whole.
                    Source::Stdin => post.doc,
                    Source::File(_) => postbind::book::posts::head(post.doc),
                };
                Ok((doc, ids, post.warnings))
            })
            .collect()
    });
    // Chapters are written on this thread: the readers' threads end, and the memory their
    // allocator kept for them goes back (11 MB of a 20,000-post EPUB book's peak).
    drop(pool);
    let mut docs = Vec::with_capacity(loaded.len());
    let mut sources = Vec::with_capacity(loaded.len());
    let mut ids = Vec::with_capacity(loaded.len());
    // Which of `found` each post is.
    let mut origin = Vec::with_capacity(loaded.len());
    for (k, (f, result)) in found.iter().zip(loaded).enumerate() {
        match result {
            Ok((doc, _, _)) if doc.meta.draft && !sites.drafts => reporter.draft(),
            Ok((doc, heading_ids, warnings)) => {
                reporter.converted(&f.source.display(), &warnings, 0);
                docs.push(doc);
                ids.push(heading_ids);
                origin.push(k);
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
    let links = postbind::book::links::Links::new(&docs, &sources, ids);
    drop(sources);
    // The writers read no other front matter keys of a head (its slugs are in `links`).
    for doc in &mut docs {
        doc.meta.extra = Vec::new();
    }
    // The post read from standard input, kept whole: it cannot be read again.
    let stdin = origin
        .iter()
        .zip(&docs)
        .enumerate()
        .find(|(_, (&k, _))| {
            found
                .get(k)
                .is_some_and(|f| matches!(f.source, Source::Stdin))
        })
        .map(|(i, (_, doc))| (i, doc.clone()));
    let load = |i: usize| -> std::result::Result<postbind::tree::Document, String> {
        let mut doc = match stdin.as_ref().filter(|(at, _)| *at == i) {
            Some((_, doc)) => doc.clone(),
            None => {
                let f = origin
                    .get(i)
                    .and_then(|&k| found.get(k))
                    .ok_or("no such post")?;
                read(f)
                    .map_err(|e| format!("{}: cannot be read again: {e:#}", f.source.display()))?
                    .doc
            }
        };
        links.rewrite(i, &mut doc);
        Ok(doc)
    };
    // The book shares one download budget, as large as its posts' budgets together: a blog
    // bound whole is not short of pictures for being one book.
    let budget_posts = u32::try_from(docs.len()).unwrap_or(u32::MAX);
    for assets in [&mut render_opts.epub.assets, &mut render_opts.pdf.assets] {
        let b = &mut assets.budget;
        b.max_count = b.max_count.saturating_mul(u64::from(budget_posts));
        b.max_bytes = b.max_bytes.saturating_mul(u64::from(budget_posts));
        b.max_time = b.max_time.saturating_mul(budget_posts);
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
    let count = docs.len();
    let posts = Posts::loaded(docs, &load);
    // The book is written to a temporary file beside its target as it is made; a failure
    // leaves nothing behind.
    let mut failure = None;
    let mut warnings = Vec::new();
    let written = postbind::output::write_atomic_with(&args.output, |out| {
        let made = postbind::isolate::run(|| write_book(&posts, format, &book, &render_opts, out))
            .map_err(|e| e.to_string())
            .and_then(|r| r.map_err(|e| e.to_string()));
        match made {
            Ok(w) => {
                warnings = w;
                Ok(())
            }
            Err(e) => {
                failure = Some(e);
                Err(std::io::Error::other("the book was not made"))
            }
        }
    });
    if let Some(e) = failure {
        bail!("{name}: cannot write the {format} book: {e}");
    }
    written.with_context(|| format!("cannot write {name}"))?;
    if !args.common.quiet {
        for w in &warnings {
            eprintln!("warning: {name}: {w}");
        }
    }
    if !args.common.quiet {
        eprintln!("bound {count} posts into {name}");
    }
    Ok(if reporter.finish(started.elapsed(), false) {
        Outcome::AllConverted
    } else {
        Outcome::SomeFailed
    })
}
