//! The `postbind` command.

// No `unwrap`/`expect`, indexing or string slicing outside `cargo test`: a post must never
// be able to reach a panic, so fallible steps return errors and lookups use `get`. Test
// modules (`#[cfg(test)]`) may assert with them; the few indexes that cannot fail say why.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

mod bind;
mod cli;
mod convert;
mod interrupt;
mod report;
mod walk;
mod walk_report;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

// A post's writers allocate and free buffers of hundreds of kilobytes (compressor windows, the
// cover's pixels, font subsets); glibc's malloc maps and unmaps them each time, and the page
// faults cost a tenth of an EPUB's CPU. mimalloc keeps them. Built `no_thp`: asking for huge
// pages made the kernel zero 2 MiB at each thread's first allocation, 2.5% of a Markdown run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Convert(args) => convert::run(args),
        cli::Command::Book(args) => bind::run(args),
        cli::Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut cli::Cli::command(),
                "postbind",
                &mut std::io::stdout(),
            );
            Ok(convert::Outcome::AllConverted)
        }
        cli::Command::Man => clap_mangen::Man::new(cli::Cli::command())
            .render(&mut std::io::stdout())
            .map(|()| convert::Outcome::AllConverted)
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(convert::Outcome::AllConverted) => ExitCode::SUCCESS,
        Ok(convert::Outcome::SomeFailed) => ExitCode::from(1),
        Ok(convert::Outcome::Interrupted) => ExitCode::from(130),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
