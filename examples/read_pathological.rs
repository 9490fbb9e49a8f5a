//! Time to detect and render hostile Markdown bodies; each should take milliseconds.
//!
//! `cargo run --release --example read_pathological`

use std::time::Instant;

use postbind::read::{is_markdown, render_markdown};

fn main() {
    let n = 50_000;
    let cases = [
        ("nested quotes", ">".repeat(n)),
        ("bullets", "- ".repeat(n)),
        ("emphasis", "*a".repeat(n)),
        ("brackets", "[".repeat(n)),
        ("open links", "[a](".repeat(n)),
        ("backticks", "`a``".repeat(n)),
        ("bare URLs", "https://a.b ".repeat(n)),
        ("www runs", "wwwww.".repeat(n)),
        ("URL closing parens", format!("https://a{}", ")".repeat(n))),
        ("inline anchors", "<a href=x>".repeat(n)),
        ("raw openers", "<pre>\n- x\n".repeat(n)),
        ("comment openers", "<p><!--\n".repeat(n)),
    ];
    for (name, text) in cases {
        let start = Instant::now();
        let markdown = is_markdown(&text);
        let detect = start.elapsed();
        let start = Instant::now();
        let html = render_markdown(&text);
        println!(
            "{name:>20}: detect {detect:>10.1?} ({markdown}), render {:>10.1?} ({} bytes in, {} out)",
            start.elapsed(),
            text.len(),
            html.len()
        );
    }
}
